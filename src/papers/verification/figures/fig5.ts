/** Fig. 5 (summarization stand-in): student score per selector and selection rate, and p* per selector. */
import { meanAndStderr } from "../../../maths/stats";
import { SELECTORS, type SummarizationParams, type SummarizationRun } from "../summarization-standin";
import type { FigureSpec, Series } from "../figure-spec";

/** Mean and SE over seeds of every number of the runs. */
export function summarizeRuns(runs: SummarizationRun[]) {
  const ms = (f: (r: SummarizationRun) => number[]) => meanAndStderr(runs.map(f));
  return {
    generator: ms((r) => [r.generator]), allTrue: ms((r) => [r.allTrue]), external: ms((r) => [r.external]),
    student: Object.fromEntries(SELECTORS.map((s) => [s, ms((r) => r.student[s])])) as Record<(typeof SELECTORS)[number], { mean: number[]; se: number[] }>,
    pStar: Object.fromEntries(SELECTORS.map((s) => [s, ms((r) => r.pStar[s])])) as Record<(typeof SELECTORS)[number], { mean: number[]; se: number[] }>,
    /** per-seed paired differences student − generator (the generator and the students share each seed's data) */
    vsGenerator: Object.fromEntries(SELECTORS.map((s) => [s, ms((r) => r.student[s].map((v) => v - r.generator))])) as Record<(typeof SELECTORS)[number], { mean: number[]; se: number[] }>,
    /** per-seed paired differences student − (random-selection student at the same rate) */
    vsRandom: Object.fromEntries(SELECTORS.map((s) => [s, ms((r) => r.student[s].map((v, i) => v - r.student.random[i]))])) as Record<(typeof SELECTORS)[number], { mean: number[]; se: number[] }>,
    allTrueVsGenerator: ms((r) => [r.allTrue - r.generator]),
    studentSeeds: Object.fromEntries(SELECTORS.map((s) => [s, runs.map((r) => r.student[s])])) as Record<(typeof SELECTORS)[number], number[][]>,
  };
}

export function buildFig5(q: SummarizationParams, runs: SummarizationRun[]): FigureSpec {
  const S = summarizeRuns(runs);
  const rates = q.rates.map((r) => 100 * r);
  const series: Series[] = [];
  for (const s of SELECTORS) {
    series.push({ name: `student, ${s} selection`, kind: "stand-in", x: rates, y: S.student[s].mean, yErr: S.student[s].se, style: "lines+markers", group: s, panel: 0 });
    series.push({ name: `p*, ${s} selection`, kind: "stand-in", x: rates, y: S.pStar[s].mean, yErr: S.pStar[s].se, style: "lines+markers", group: s, panel: 1 });
  }
  const flat = (name: string, v: number, group: string): Series => ({ name, kind: "stand-in", x: [rates[0], rates[rates.length - 1]], y: [v, v], style: "lines", group, panel: 0 });
  series.push(flat("generator", S.generator.mean[0], "generator"), flat("trained on 100 % of the true labels", S.allTrue.mean[0], "all-true"));
  return {
    figure: "fig5",
    title: "Fig. 5 — summarization stand-in: selection by four verifiers",
    params: { ...q },
    series,
    axes: { x: { title: "selection rate (% of the pool)", log: true }, y: { title: "score (cosine with the reference)" } },
    panels: [{ title: "student score" }, { title: "breakdown point p* of the selector", axes: { x: { title: "selection rate (% of the pool)", log: true }, y: { title: "p* = ϕ/(ϕ+ψ)" } } }],
    notes: [
      "Stand-in for Llama-2 on XLSUM: linear 'articles' and noisy 'reference summaries'; score = cosine with the reference (the stand-in's ROUGE-1); ridge generator trained on 12.5 % of the pool; every setting is a choice of this reproduction [U].",
      `Mean ± SE over ${runs.length} seeds. p*: 'correct' = a synthesized summary scoring at least the median score of the pool.`,
    ],
  };
}
