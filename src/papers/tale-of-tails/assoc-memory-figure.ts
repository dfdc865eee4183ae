/**
 * Figure builder for the capacity-limited associative memory (*A Tale of Tails* §5, "triplet scaling law").
 * The exponents are measured here by fitting, not taken from the paper (its exponent c_q was not available here [U]).
 */
import type { Rng } from "../../maths/random";
import { linearFit, logIntegers } from "../../maths/stats";
import { createAliasSampler, hutterErrorCurve, sampleCounts, tailCut, zipfProbabilities } from "../../theory/zipf/index";
import { cappedRuleError, createMemoryInstance, simulateMemoryCurve, type StorageRule } from "./assoc-memory";
import { seededSeries, type Series, type TaleFigure } from "./figure-data";

/** Items, classes, Zipf exponent, storage rule, memory dimensions, cut rank. paper value unverified [U] */
export const MEMORY = { N: 1000, m: 20, beta: 2, rule: "capped" as StorageRule, dims: [16, 32, 64, 128, 256], cutK: 100 };

export interface MemorySizes { seeds: number; tMax: number }
export function memorySizes(mode: "quick" | "full"): MemorySizes {
  return mode === "full" ? { seeds: 40, tMax: 1000000 } : { seeds: 40, tMax: 100000 };
}

export function buildMemoryFigure(sizes: MemorySizes, rng: Rng): TaleFigure {
  const { N, m, beta, rule, dims, cutK } = MEMORY;
  const p = zipfProbabilities(beta, N, "support").p;
  const Ts = logIntegers(10, sizes.tMax, 7);
  const series: Series[] = [];
  const metrics: Record<string, number> = {};
  const clean = createAliasSampler(p);
  const cut = createAliasSampler(tailCut(p, cutK));
  // d = ∞ limit: every seen item is recalled; an unseen item gets an arbitrary label (right with chance 1/m).
  const inf = Array.from(hutterErrorCurve(p, p, Ts)).map((e) => (1 - 1 / m) * e);
  const infCut = Array.from(hutterErrorCurve(p, tailCut(p, cutK), Ts)).map((e) => (1 - 1 / m) * e);
  series.push({ name: "d = ∞ (Hutter memoriser, ×(1−1/m)) exact", kind: "theory", x: Ts, y: inf, panel: 0, group: "inf", style: "lines" });
  const atTmax: { d: number; mean: number; se: number }[] = [];
  const atTmaxCut: { d: number; mean: number; se: number }[] = [];
  const last = Ts.length - 1;
  const endRows: number[][] = Array.from({ length: sizes.seeds }, () => []);
  const endRowsCut: number[][] = Array.from({ length: sizes.seeds }, () => []);
  const endRowsRule: number[][] = Array.from({ length: sizes.seeds }, () => []);
  for (const d of dims) {
    const rows: Float64Array[] = [], rowsCut: Float64Array[] = [];
    for (let s = 0; s < sizes.seeds; s++) {
      const r = rng.split();
      const inst = createMemoryInstance(N, d, m, r);
      rows.push(simulateMemoryCurve(inst, p, clean, Ts, rule, r));
      rowsCut.push(simulateMemoryCurve(inst, p, cut, Ts, rule, r));
    }
    const a = seededSeries(`d=${d}`, "simulation", Ts, rows, 0, `d${d}`, "lines+markers");
    const b = seededSeries(`d=${d}, data cut at k=${cutK}`, "simulation", Ts, rowsCut, 0, `d${d}`, "lines+markers");
    series.push(a);
    atTmax.push({ d, mean: a.y[last], se: a.yErr![last] });
    atTmaxCut.push({ d, mean: b.y[last], se: b.yErr![last] });
    rows.forEach((r, s) => endRows[s].push(r[last]));
    rowsCut.forEach((r, s) => endRowsCut[s].push(r[last]));
    if (rule === "capped") for (let s = 0; s < sizes.seeds; s++) endRowsRule[s].push(cappedRuleError(sampleCounts(clean, Ts[last], rng.split()), p, d, m));
  }
  const ds = dims;
  series.push(seededSeries(`clean data, T=${Ts[last]}`, "simulation", ds, endRows, 1, "clean", "lines+markers"));
  series.push(seededSeries(`data cut at k=${cutK}, T=${Ts[last]}`, "simulation", ds, endRowsCut, 1, "cut", "lines+markers"));
  if (rule === "capped") series.push(seededSeries(`storage rule alone, no interference, T=${Ts[last]}`, "simulation", ds, endRowsRule, 1, "rule", "lines+markers"));
  series.push({ name: "d = ∞ limit, clean (exact)", kind: "theory", x: ds, y: ds.map(() => inf[inf.length - 1]), panel: 1, group: "clean", style: "lines" });
  series.push({ name: `d = ∞ limit, cut at k=${cutK} (exact)`, kind: "theory", x: ds, y: ds.map(() => infCut[infCut.length - 1]), panel: 1, group: "cut", style: "lines" });
  // Fitted exponents: excess error over the d = ∞ limit vs d, and error vs T at the largest d.
  const dExponent = (ys: number[]) => {
    const lx: number[] = [], ly: number[] = [];
    ds.forEach((d, j) => {
      if (d < 32) return; // the smallest memory is in a different (overloaded) regime
      const ex = ys[j] - inf[inf.length - 1];
      if (ex > 0) { lx.push(Math.log(d)); ly.push(Math.log(ex)); }
    });
    return lx.length >= 2 ? -linearFit(lx, ly).slope : NaN;
  };
  metrics.fittedDExponent = dExponent(atTmax.map((r) => r.mean));
  if (rule === "capped") metrics.fittedDExponentRule = dExponent(ds.map((_, j) => endRowsRule.reduce((a, r) => a + r[j], 0) / sizes.seeds));
  const big = series.find((s) => s.name === `d=${dims[dims.length - 1]}`)!;
  metrics.fittedTExponentLargestD = -linearFit(Ts.slice(2).map(Math.log), big.y.slice(2).map(Math.log)).slope;
  metrics.cutErrorLargestD = atTmaxCut[atTmaxCut.length - 1].mean;
  metrics.cutFloorInf = infCut[infCut.length - 1];
  metrics.cleanErrorLargestD = atTmax[atTmax.length - 1].mean;
  metrics.cleanInf = inf[inf.length - 1];
  return {
    figure: "fig6",
    title: "Capacity-limited associative memory: error vs data T and memory dimension d (exponents measured)",
    params: { ...sizes, ...MEMORY },
    axes: { x: { title: "training samples T", log: true }, y: { title: "test error", log: true } },
    groupLabels: { inf: "d = ∞ (Hutter memoriser)", ...Object.fromEntries(dims.map((d) => [`d${d}`, `d=${d}`])), clean: "clean data", cut: `data cut at k=${cutK}`, rule: "storage rule alone" },
    panels: [
      { title: `error vs T (N=${N} items, m=${m} classes, β=${beta}, storage: ${rule})`, axes: { x: { title: "training samples T", log: true }, y: { title: "test error", log: true } } },
      { title: `error vs memory dimension d at T=${Ts[Ts.length - 1]}`, axes: { x: { title: "memory dimension d", log: true }, y: { title: "test error", log: true } } },
    ],
    series,
    notes: [
      "Simulation only (random embeddings, argmax readout); the d = ∞ line is the exact Hutter error times (1 − 1/m).",
      "Storage rule: the ⌊d/2⌋ most frequent seen items get weight 1 (a threshold that keeps the memory within capacity; pure thresholding overloads small memories, frequency weighting buries the tail). This is a rank cut at d/2: the 'storage rule alone' series is an ideal memory that stores exactly those items without interference. The d-exponents are fitted on d ≥ 32.",
      "The triplet law E ≍ T⁻ᶜ + d^(−c_q) + k⁻⁽ᵝ⁻¹⁾ (§5) is stated in the paper with an exponent c_q set by the storage rule; c_q is fitted here and reported as measured, not as the paper's.",
      `[U] parameters: N=${N}, m=${m}, β=${beta}, storage rule ${rule}, d ∈ {${dims.join(", ")}}, k=${cutK}.`,
    ],
    metrics,
  };
}
