/**
 * Linear-regression figures of Gerstgrasser et al. (2024): Fig. 1's lower sketch, the main-text figure (§3),
 * the appendix sweep (d = 32, T ∈ {100, 316, 1000}, σ² ∈ {0.01 … 100}, 50 iterations), the authors' plotting
 * offset beside Theorem 1, and the growing-data replace variant (footnote 1, App. E).
 * Theory lines are the exact OLS errors of src/theory/chain; markers are the Monte-Carlo means ± SE.
 */
import type { Rng } from "../../../maths/random";
import { olsChainError, olsNoiseFactor, accumulateBound, type ChainData, type ChainDesign } from "../../../theory/chain/index";
import { scheduleKey, simulateLinearCell, type LinearRun } from "../linear-sweep";
import { iterationAxis, simulationSeries } from "../series";
import { MAIN_LINEAR_READ } from "../paper-values";
import type { FigureSpec, Series } from "../figure-spec";
import type { LinearParams } from "../params";

const FIXED_REPLACE = { data: "replace" as ChainData, design: "fixed" as ChainDesign };
const FIXED_ACCUMULATE = { data: "accumulate" as ChainData, design: "fixed" as ChainDesign };

function theoryCurve(d: number, T: number, sigma2: number, ns: number[], data: ChainData, design: ChainDesign): number[] {
  return ns.map((n) => olsChainError({ d, T, sigma2, n, data, design }));
}

/** Replace and accumulate, one panel each, one group per σ². Returns the figure and the runs behind it. */
function replaceAccumulatePanels(d: number, T: number, sigma2s: number[], iterations: number, seeds: number, rng: Rng, panelOffset = 0): { series: Series[]; runs: LinearRun[] } {
  const ns = iterationAxis(iterations);
  const series: Series[] = [];
  const runs: LinearRun[] = [];
  for (const sigma2 of sigma2s) {
    const run = simulateLinearCell({ d, T, sigma2, iterations, seeds }, rng.split());
    runs.push(run);
    const group = `σ² = ${sigma2}`;
    [FIXED_REPLACE, FIXED_ACCUMULATE].forEach((s, k) => {
      const panel = panelOffset + k;
      series.push({ name: `theory ${s.data}, ${group}`, kind: "theory", x: ns, y: theoryCurve(d, T, sigma2, ns, s.data, s.design), panel, group, style: "lines" });
      series.push(simulationSeries(`simulation ${s.data}, ${group}`, ns, run.errors[scheduleKey(s)], { panel, group }));
    });
  }
  return { series, runs };
}

/** Fig. 1 (lower sketch): test error vs iteration under replace (rising) and accumulate (flat), σ² = 1. */
export function buildFig1(p: LinearParams["main"], rng: Rng): FigureSpec {
  const { series } = replaceAccumulatePanels(p.d, p.T, [1], p.iterations, p.seeds, rng);
  return {
    figure: "fig1",
    title: "Fig. 1 — replace vs accumulate: test error over model-fitting iterations (linear model, σ² = 1)",
    params: { d: p.d, T: p.T, sigma2: 1, iterations: p.iterations, seeds: p.seeds },
    series,
    axes: { x: { title: "model-fitting iteration n" }, y: { title: "squared test error ‖ŵₙ − w*‖²" } },
    panels: [{ title: "Replace data" }, { title: "Accumulate data" }],
    notes: ["The schematic's lower sketch, drawn with the linear model of §3 (d, T are this reproduction's choice [U])."],
  };
}

/** Main-text linear figure: σ² ∈ {0.1, 1, 10}, iterations 1 … 10, replace and accumulate; the paper's read values in panel 2. */
export function buildLinearMain(p: LinearParams["main"], rng: Rng): FigureSpec {
  const { series, runs } = replaceAccumulatePanels(p.d, p.T, p.sigma2s, p.iterations, p.seeds, rng);
  for (const r of MAIN_LINEAR_READ) {
    series.push({ name: `paper's reported values: ${r.label}`, kind: "measured", x: r.x, y: r.y, panel: 2, group: r.label, style: "lines+markers" });
  }
  const ratios: Record<string, number> = {};
  runs.forEach((r) => {
    const n = r.iterations;
    const rep = mean(r.errors.replace.map((row) => row[n - 1])), acc = mean(r.errors.accumulate.map((row) => row[n - 1]));
    ratios[`σ²=${r.sigma2}`] = rep / acc;
  });
  return {
    figure: "linear-main",
    title: "Linear regression (§3): replace grows linearly, accumulate stays bounded",
    params: { ...p, noiseFactor: olsNoiseFactor(p.d, p.T), simulatedRatioAtLastIteration: ratios },
    series,
    axes: { x: { title: "model-fitting iteration n" }, y: { title: "squared test error" } },
    panels: [
      { title: `Replace (d = ${p.d}, T = ${p.T})` },
      { title: `Accumulate (d = ${p.d}, T = ${p.T})` },
      { title: "paper's reported values (read off the main-text figure, σ² = 10; d, T unstated)" },
    ],
    notes: [
      "Lines: Theorems 1–2 (n·σ²d/(T−d−1) and σ²d/(T−d−1)·Σ1/i²); markers: mean ± SE over seeds (one fixed design per seed, OLS).",
      "d = 32, T = 100 are this reproduction's choice [U]; the paper's main-text figure does not state them, so its values (panel 3) are on another scale.",
    ],
  };
}

/** Appendix sweep: rows Replace / Accumulate × columns T, log-scale error, five σ². */
export function buildLinearSweep(p: LinearParams["sweep"], rng: Rng): FigureSpec {
  const series: Series[] = [];
  const panels: { title: string }[] = [];
  p.Ts.forEach((T, ti) => {
    panels.push({ title: `Replace, T = ${T}` }, { title: `Accumulate, T = ${T}` });
    series.push(...replaceAccumulatePanels(p.d, T, p.sigma2s, p.iterations, p.seeds, rng.split(), 2 * ti).series);
  });
  return {
    figure: "linear-sweep",
    title: `Appendix sweep: ridge 0 (OLS), d = ${p.d} — replace (linear in n) vs accumulate (≤ π²/6 × first iteration)`,
    params: { ...p },
    series,
    axes: { x: { title: "model-fitting iteration n" }, y: { title: "squared test error", log: true } },
    panels,
    notes: ["d = 32, T ∈ {100, 316, 1000}, σ² ∈ {0.01, 0.1, 1, 10, 100}, 50 iterations, 100 seeds: the paper's appendix sweep [V]. Lines: theory; markers: mean ± SE."],
  };
}

/**
 * Theorem 1 (n·base, iteration 1 = the fit on real data) beside the (n+1)·base line that the authors' dashed
 * "theoretical" replace curves follow in their plots, against the simulation, for the first iterations.
 */
export function buildErratum(p: { d: number; T: number; sigma2: number; iterations: number; seeds: number }, rng: Rng): FigureSpec {
  const run = simulateLinearCell({ ...p, schedules: [FIXED_REPLACE] }, rng);
  const ns = iterationAxis(p.iterations);
  const base = p.sigma2 * olsNoiseFactor(p.d, p.T);
  return {
    figure: "erratum",
    title: "Replace: Theorem 1's n·σ²d/(T−d−1) vs the (n+1)·σ²d/(T−d−1) drawn in the authors' plots",
    params: { ...p, base },
    groupLabels: { "n·base": "n·σ²d/(T−d−1), Theorem 1", "(n+1)·base": "(n+1)·σ²d/(T−d−1), authors' plots" },
    series: [
      { name: "Theorem 1: n·base", kind: "theory", x: ns, y: ns.map((n) => n * base), group: "n·base", style: "lines" },
      { name: "offset line (n+1)·base, as in the authors' dashed curves", kind: "theory", x: ns, y: ns.map((n) => (n + 1) * base), group: "(n+1)·base", style: "lines" },
      simulationSeries("simulation (replace)", ns, run.errors.replace, { group: "n·base" }),
    ],
    axes: { x: { title: "model-fitting iteration n" }, y: { title: "squared test error" } },
    notes: [
      "In the authors' linear-regression plots the dashed replace line starts at about twice the numerics at iteration 1 and the two converge at large n, as (n+1)·base would; Theorem 1 and the simulation give n·base.",
    ],
  };
}

/** Growing-data replace (iteration n trains on n·T synthetic rows), fixed and fresh designs, beside replace and accumulate. */
export function buildGrowing(p: LinearParams["growing"], rng: Rng): FigureSpec {
  const fixed = [FIXED_REPLACE, FIXED_ACCUMULATE, { data: "growing-replace" as ChainData, design: "fixed" as ChainDesign }];
  const fresh = { data: "growing-replace" as ChainData, design: "fresh" as ChainDesign };
  const { d, T, sigma2, seeds } = p;
  const runFixed = simulateLinearCell({ d, T, sigma2, seeds, iterations: p.iterations, schedules: fixed }, rng.split());
  const runFresh = simulateLinearCell({ d, T, sigma2, seeds, iterations: Math.min(p.freshIterations, p.iterations), schedules: [fresh] }, rng.split());
  const series: Series[] = [];
  const label: Record<string, string> = {
    replace: "replace", accumulate: "accumulate", "growing-replace": "growing replace (n copies of X₀)", "growing-replace/fresh": "growing replace (fresh n·T rows)",
  };
  for (const s of [...fixed, fresh]) {
    const key = scheduleKey(s);
    const run = s === fresh ? runFresh : runFixed;
    const ns = iterationAxis(run.iterations);
    series.push({ name: `theory ${label[key]}`, kind: "theory", x: ns, y: theoryCurve(p.d, p.T, p.sigma2, ns, s.data, s.design), group: key, style: "lines" });
    series.push(simulationSeries(`simulation ${label[key]}`, ns, run.errors[key], { group: key }));
  }
  return {
    figure: "growing",
    title: "Replace with growing data: the error grows like log n (between replace and accumulate)",
    params: { ...p, accumulateBound: accumulateBound(p.d, p.T, p.sigma2) },
    groupLabels: label,
    series,
    axes: { x: { title: "model-fitting iteration n", log: true }, y: { title: "squared test error", log: true } },
    notes: [
      "Theory (derived here): copies of X₀ give σ²d/(T−d−1)·Hₙ (Hₙ = Σ1/i); fresh designs of n·T rows give σ²d·Σ1/(iT−d−1). Both O(log n).",
      "[U] sizes d = 32, T = 100, σ² = 1.",
    ],
  };
}

function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
