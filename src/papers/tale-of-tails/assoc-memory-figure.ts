/**
 * Figure builder for the capacity-limited associative memory (*A Tale of Tails* §5, "triplet scaling law").
 * The exponents are measured here by fitting, not taken from the paper (its exponent c_q was not available here [U]).
 */
import type { Rng } from "../../maths/random";
import { linearFit, logIntegers } from "../../maths/stats";
import { createAliasSampler, hutterErrorCurve, sampleCounts, tailCut, zipfProbabilities } from "../../theory/zipf/index";
import { CAPPED_RATIO, cappedRuleError, createMemoryInstance, interferenceFreeError, memoryError, simulateMemoryCurve, storageWeights, type StorageRule, type StorageSpec } from "./assoc-memory";
import { excessSlopeEstimate } from "./analysis";
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

/**
 * Predicted d-exponent of the power storage rule q(i) = n_i^ρ at T → ∞ (derived here, docs/derivations/tale-of-tails.md
 * §"storage rules"): item i is recalled iff its signal q(i) beats the interference √(Σ_j q(j)²/d), i.e. iff
 * p_i^ρ ≳ d^{-1/2} when Σ_j p_j^{2ρ} converges (2ρβ > 1), so the rank cut sits at d^{1/(2ρβ)} and the excess error is
 * Σ_{i > d^{1/(2ρβ)}} p_i ≍ d^{−(β−1)/(2ρβ)}. ρ = 1 (frequency weighting): (1 − 1/β)/2.
 */
export function powerRuleExponent(beta: number, rho: number): number {
  if (!(beta > 1) || !(rho > 0) || !(2 * rho * beta > 1)) throw new RangeError(`powerRuleExponent: needs β > 1, ρ > 0, 2ρβ > 1 (got β=${beta}, ρ=${rho})`);
  return (beta - 1) / (2 * rho * beta);
}

/** Storage-rule comparison: items, classes, Zipf exponent, training size, powers ρ, memory dimensions. [U] */
export const RULES = { N: 1000, m: 20, beta: 2, T: 1000000, rhos: [1, 0.5], topRatio: CAPPED_RATIO, fitFrom: 128 };
export interface RuleSizes { seeds: number; dims: number[] }
export function ruleSizes(mode: "quick" | "full"): RuleSizes {
  return mode === "full" ? { seeds: 60, dims: [32, 64, 128, 256, 512, 1024, 2048] } : { seeds: 16, dims: [32, 64, 128, 256, 512, 1024] };
}

/**
 * Error of the memory under each storage rule against memory dimension d, on one training set of T draws per seed
 * (shared by every d and rule: paired), minus the same rule's interference-free error on that training set — what the
 * memory loses to interference alone. Metrics: the fitted d-exponent of that excess per rule (d ≥ fitFrom), with its
 * jackknife SE over seeds, next to the predicted (β−1)/(2ρβ).
 */
export function buildStorageRuleFigure(sizes: RuleSizes, rng: Rng): TaleFigure {
  const { N, m, beta, T, rhos, topRatio, fitFrom } = RULES;
  const p = zipfProbabilities(beta, N, "support").p;
  const sampler = createAliasSampler(p);
  const specs: { key: string; label: string; spec: StorageSpec }[] = [
    ...rhos.map((rho) => ({ key: `power${rho}`, label: `q = n^${rho}`, spec: { kind: "power", rho } as StorageSpec })),
    { key: "top", label: `q = 1 on the ⌊${topRatio}d⌋ most frequent`, spec: { kind: "top", ratio: topRatio } },
    { key: "seen", label: "q = 1{seen}", spec: { kind: "seen" } },
  ];
  const dims = sizes.dims;
  const excess: Record<string, number[][]> = {}, raw: Record<string, number[][]> = {}, base: Record<string, number[][]> = {};
  for (const s of specs) { excess[s.key] = []; raw[s.key] = []; base[s.key] = []; }
  for (let seed = 0; seed < sizes.seeds; seed++) {
    const r = rng.split();
    const counts = sampleCounts(sampler, T, r);
    const rows: Record<string, { e: number[]; b: number[] }> = Object.fromEntries(specs.map((s) => [s.key, { e: [], b: [] }]));
    for (const d of dims) {
      const inst = createMemoryInstance(N, d, m, r);
      for (const s of specs) {
        rows[s.key].e.push(memoryError(inst, storageWeights(counts, s.spec, d), p));
        rows[s.key].b.push(interferenceFreeError(counts, p, s.spec, d, m));
      }
    }
    for (const s of specs) {
      raw[s.key].push(rows[s.key].e);
      base[s.key].push(rows[s.key].b);
      excess[s.key].push(rows[s.key].e.map((v, j) => v - rows[s.key].b[j]));
    }
  }
  const series: Series[] = [];
  const metrics: Record<string, number> = {};
  const fitDims = dims.filter((d) => d >= fitFrom);
  for (const s of specs) {
    series.push(seededSeries(`${s.label}: memory`, "simulation", dims, raw[s.key], 0, s.key, "lines+markers"));
    series.push(seededSeries(`${s.label}: same rule, no interference`, "simulation", dims, base[s.key], 0, s.key, "lines"));
    if (s.key === "seen") continue;
    const ex = seededSeries(`${s.label}: memory − no-interference`, "simulation", dims, excess[s.key], 1, s.key, "lines+markers");
    series.push(ex);
    const fit = excessSlopeEstimate(ex, 0, fitDims[0], fitDims[fitDims.length - 1]);
    metrics[`exponent_${s.key}`] = -fit.value;
    metrics[`exponentSe_${s.key}`] = fit.se;
    const baseSeries = seededSeries("b", "simulation", dims, base[s.key], 0, s.key);
    const bfit = s.key === "top" ? excessSlopeEstimate(baseSeries, 0, fitDims[0], fitDims[fitDims.length - 1]) : { value: NaN, se: NaN };
    metrics[`baseExponent_${s.key}`] = -bfit.value;
    metrics[`baseExponentSe_${s.key}`] = bfit.se;
  }
  for (const rho of rhos) {
    const c = powerRuleExponent(beta, rho);
    metrics[`predicted_power${rho}`] = c;
    const ex = series.find((x) => x.name === `q = n^${rho}: memory − no-interference`)!;
    const j = dims.indexOf(fitDims[0]);
    series.push({ name: `d^(−${c.toFixed(3)}) (predicted slope, q = n^${rho}; level set at d = ${fitDims[0]})`, kind: "theory", x: fitDims, y: fitDims.map((d) => ex.y[j] * Math.pow(d / fitDims[0], -c)), panel: 1, group: `power${rho}`, style: "lines" });
  }
  metrics.seenErrorSmallestD = series.find((x) => x.name === "q = 1{seen}: memory")!.y[0];
  metrics.seenErrorLargestD = series.find((x) => x.name === "q = 1{seen}: memory")!.y[dims.length - 1];
  metrics.seenBaseline = series.find((x) => x.name === "q = 1{seen}: same rule, no interference")!.y[0];
  metrics.topExcessLargestD = series.find((x) => x.name === specs[2].label + ": memory − no-interference")!.y[dims.length - 1];
  return {
    figure: "fig6-rules",
    title: "Associative memory under the storage rules of §5: error vs memory dimension d, and the part due to interference",
    params: { ...sizes, ...RULES },
    axes: { x: { title: "memory dimension d", log: true }, y: { title: "test error", log: true } },
    groupLabels: Object.fromEntries(specs.map((s) => [s.key, s.label])),
    panels: [
      { title: `error vs d (T = ${T}, N = ${N}, m = ${m}, β = ${beta}); thin lines: the same rule without interference`, axes: { x: { title: "memory dimension d", log: true }, y: { title: "test error", log: true } } },
      { title: "memory − same rule without interference (the interference term), with the predicted slopes", axes: { x: { title: "memory dimension d", log: true }, y: { title: "excess test error", log: true } } },
    ],
    series,
    notes: [
      "Storage rules q(i) of Cabannes, Dohmatob & Bietti (2023, §3), the memories of §5: n_i^ρ (ρ = 1 frequency, ρ = ½), 1 on the ⌊d/2⌋ most frequent seen items, and 1{seen}.",
      "The 'no interference' baseline of a rule is an ideal memory that recalls exactly the items the rule stores (q > 0); for n^ρ and 1{seen} that is every seen item (the Hutter memoriser on the same counts), for the top-⌊d/2⌋ rule a rank cut at d/2.",
      `Predicted d-exponents of the interference term for q = n^ρ: (β − 1)/(2ρβ) (derived here); fitted on d ≥ ${fitFrom}, jackknife SE over ${sizes.seeds} seeds.`,
      `[U] parameters: N=${N}, m=${m}, β=${beta}, T=${T}, d ∈ {${dims.join(", ")}}.`,
    ],
    metrics,
  };
}
