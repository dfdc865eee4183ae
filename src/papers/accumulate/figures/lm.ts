/**
 * Language-model stand-in figures: Fig. 2 (replace vs accumulate, temperature 1) with the paper's read values,
 * App. Fig. 13 (temperature 0.3), and the rows of the Table 2 comparison.
 */
import type { Rng } from "../../../maths/random";
import { meanAndStderr } from "../../../maths/stats";
import { zipfMarkovLanguage } from "../../../theory/zipf/markov-language";
import { simulateLmStandin, type LmKind, type LmStandinParams, type LmStandinRun } from "../lm-standin";
import { FIG2_READ, TABLE2 } from "../paper-values";
import { iterationAxis, seededSeries } from "../series";
import type { FigureSpec, Series } from "../figure-spec";

const MODEL_LABEL: Record<LmKind, string> = { count: "count bigram (exact baseline)", neural: "neural LM (1-token context)" };
/** Legend text of the group keys of the language-model figures. */
const LM_GROUP_LABELS: Record<string, string> = {
  ...MODEL_LABEL, "count growing": `${MODEL_LABEL.count}, replace with growing data`, "neural growing": `${MODEL_LABEL.neural}, replace with growing data`,
};

/** The true language of the stand-in and every chain on it. */
export function runLmStandin(p: LmStandinParams, rng: Rng): LmStandinRun {
  const truth = zipfMarkovLanguage(p.V, p.beta, 1, rng.split());
  return simulateLmStandin(truth, p, rng.split());
}

function standIn(name: string, rows: number[][], panel: number, group: string): Series {
  return seededSeries(name, "stand-in", iterationAxis(rows[0].length), rows, { panel, group, style: "lines+markers" });
}

function lmPanels(run: LmStandinRun, temperature: number, paperPanels: boolean): Series[] {
  const series: Series[] = [];
  for (const kind of ["count", "neural"] as LmKind[]) {
    const ce = run.ce[kind];
    series.push(standIn(`stand-in ${MODEL_LABEL[kind]}, replace`, ce[`replace@${temperature}`], 0, kind));
    series.push(standIn(`stand-in ${MODEL_LABEL[kind]}, accumulate`, ce[`accumulate@${temperature}`], 1, kind));
    if (temperature === 1) series.push(standIn(`stand-in ${MODEL_LABEL[kind]}, replace with growing data`, ce["growing@1"], 0, `${kind} growing`));
  }
  const H = run.entropyRate;
  for (const panel of [0, 1]) {
    series.push({ name: "entropy rate of the true language (lowest possible loss)", kind: "theory", x: [1, Math.max(...series.map((s) => s.x.length))], y: [H, H], panel, group: "entropy", style: "lines", reference: true });
  }
  if (paperPanels) {
    for (const r of FIG2_READ) {
      series.push({ name: `paper's reported values: ${r.model}, replace`, kind: "measured", x: iterationAxis(5), y: r.replace, panel: 2, group: r.model, style: "lines+markers" });
      series.push({ name: `paper's reported values: ${r.model}, accumulate`, kind: "measured", x: iterationAxis(5), y: r.accumulate, panel: 3, group: r.model, style: "lines+markers" });
    }
  }
  return series;
}

/** Fig. 2 stand-in (temperature 1), with the paper's TinyStories values in panels 3–4. */
export function buildFig2(p: LmStandinParams, run: LmStandinRun): FigureSpec {
  return {
    figure: "fig2",
    title: "Fig. 2 — language models: test cross-entropy over model-fitting iterations (temperature 1)",
    params: { ...p, entropyRate: run.entropyRate },
    series: lmPanels(run, 1, true),
    groupLabels: LM_GROUP_LABELS,
    axes: { x: { title: "model-fitting iteration" }, y: { title: "test cross-entropy (nats)" } },
    panels: [
      { title: "stand-in: Replace" }, { title: "stand-in: Accumulate" },
      { title: "paper's reported values (TinyStories): Replace" }, { title: "paper's reported values (TinyStories): Accumulate" },
    ],
    notes: [
      `Stand-in: a Zipf–Markov language (V = ${p.V}, rows Zipf(${p.beta}) over random permutations) with known truth, so the test cross-entropy is exact; corpora of ${p.tokens} tokens; every model is trained from scratch at every iteration. [U] sizes.`,
      "Panels 3–4: the paper's Fig. 2 values read off the authors' image (GPT-2 9M, Llama-2 12M/42M/126M on TinyStories) — not computed here.",
    ],
  };
}

/** App. Fig. 13 stand-in: sampling at temperature 0.3 (replace collapses much faster). */
export function buildFig13(p: LmStandinParams, run: LmStandinRun): FigureSpec {
  const t = p.temperatures.find((x) => x !== 1);
  if (t === undefined) throw new RangeError("buildFig13: the run has no temperature other than 1");
  return {
    figure: "fig13",
    title: `App. Fig. 13 — sampling at temperature ${t}: replace degrades faster, accumulate still bounded`,
    params: { ...p, temperature: t },
    series: lmPanels(run, t, false),
    groupLabels: LM_GROUP_LABELS,
    axes: { x: { title: "model-fitting iteration" }, y: { title: "test cross-entropy (nats)" } },
    panels: [{ title: `stand-in: Replace, τ = ${t}` }, { title: `stand-in: Accumulate, τ = ${t}` }],
    notes: ["Same stand-in as Fig. 2; the synthetic corpora are sampled from Q^(1/τ) (renormalised)."],
  };
}

/** mean ± SE of a stand-in chain at iteration t (or "—" when it was not run that far). */
function at(rows: number[][] | undefined, t: number): string {
  if (!rows || rows[0].length < t) return "— (not run in this mode)";
  const m = meanAndStderr(rows.map((r) => [r[t - 1]]));
  return `${m.mean[0].toFixed(3)} ± ${m.se[0].toFixed(3)}`;
}

/** Table 2 beside the stand-in: one row per entry of the paper's table. */
export function table2Rows(run: LmStandinRun): Record<string, string | number>[] {
  const key = (setting: string): string | undefined => {
    if (setting.startsWith("real data")) return "replace@1";
    if (setting === "accumulate") return "accumulate@1";
    if (setting === "replace") return "replace@1";
    if (setting.startsWith("replace, data grown")) return "growing@1";
    if (setting.startsWith("replace, temperature")) return "replace@0.3";
    return undefined;
  };
  return TABLE2.map((r) => {
    const k = key(r.setting);
    return {
      model: r.model, setting: r.setting, t: r.t, "paper's reported value": r.value,
      "stand-in neural LM": k ? at(run.ce.neural[k], r.t) : "—",
      "stand-in count bigram": k ? at(run.ce.count[k], r.t) : "—",
    };
  });
}
