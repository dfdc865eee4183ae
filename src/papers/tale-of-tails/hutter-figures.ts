/**
 * *A Tale of Tails* §§2–3 (Hutter memoriser on Zipf data): figure builders for the teaser (Fig. 1 as data),
 * tail cutting / narrowing / finite-sample cut, collapse over generations, mixing ("grokking") and
 * acquiring the missing tail. Theory = exact sums (src/theory/zipf); simulation = Monte-Carlo memorisers
 * with standard errors over independent seeds.
 */
import type { Rng } from "../../maths/random";
import { logLogSlope, logspace } from "../../maths/stats";
import {
  applyTemperature, createAliasSampler, generationChainError, generationRatio, hutterConstant, hutterErrorCurve,
  hutterExponent, linearGenerationLaw, lostMass, mixLaws, sampleCounts, simulateGenerationLabels, simulateMemorizer,
  tailCut, topPRank, twoSourceError, zipfProbabilities, zipfTailMass, type IndexSampler, type RankDistribution,
} from "../../theory/zipf/index";
import { markersAsSeries, seededSeries, type Series, type TaleFigure } from "./figure-data";
import { meanSe } from "./analysis";
import { zipfExponentMle } from "./zipf-fit";

/** Sizes shared by the Hutter figures. */
export interface HutterSizes {
  /** support size N of the Zipf laws (tail beyond N handled analytically) */
  N: number;
  /** Monte-Carlo repetitions per curve */
  seeds: number;
  /**
   * Repetitions of the finite-sample cut (Fig. 2, last panel): its Monte-Carlo teacher adds a second source of noise,
   * so at the full sizes 20 seeds resolve only a 6% bias; 50 bring it under 5% (δ ∝ 1/√seeds).
   */
  finiteSeeds: number;
  /** largest sample size simulated (theory goes further) */
  tMaxSim: number;
  /** largest sample size of theory curves */
  tMaxTheory: number;
}

export function hutterSizes(mode: "quick" | "full"): HutterSizes {
  return mode === "full"
    ? { N: 10_000_000, seeds: 20, finiteSeeds: 50, tMaxSim: 1_000_000, tMaxTheory: 1e8 }
    : { N: 1_000_000, seeds: 20, finiteSeeds: 20, tMaxSim: 100_000, tMaxTheory: 1e8 };
}

// Parameters of the panels. The paper's own figure parameters were not available: every value below is a choice made
// here [U], on grids that span the regimes of the paper's §§2–3.
/** Zipf exponents of the clean-law panel. paper value unverified [U] */
export const CLEAN_BETAS = [1.5, 2, 3];
/** Zipf exponent of all single-β panels. paper value unverified [U] */
export const BETA = 2;
/** tail-cut ranks. paper value unverified [U] */
export const CUT_KS = [10, 100, 1000];
/** narrowed exponents β' (temperature τ = β/β'). paper value unverified [U] */
export const NARROW_BETAS = [2.5, 3, 4];
/** generator sample sizes T₀ of the finite-sample cut. paper value unverified [U] */
export const T0S = [1000, 10000];
/** T₀ of the generations figure. paper value unverified [U] */
export const GEN_T0 = 10000;
/** generations drawn. paper value unverified [U] */
export const GENERATIONS = [0, 1, 2, 3, 5, 10];
/** mixing: cut rank and clean fractions π. paper value unverified [U] */
export const MIX_K = 100;
export const MIX_PIS = [0.001, 0.01, 0.1];
/** teaser: top-p, temperature and finite sample size. paper value unverified [U] */
/**
 * AI samples (cut at MIX_K) behind the tail-acquisition panel: enough that a top-k item is missed with probability
 * ≤ e^{−13}, so the Monte-Carlo is not dominated by rare misses its 20 seeds cannot resolve. paper value unverified [U]
 */
export const TAIL_ACQUISITION_AI_SAMPLES = 200000;
export const TEASER = { beta: 2, N: 10000, topP: 0.99, tau: 0.75, T0: 2000 };

/** Monte-Carlo error curves, one row per seed (rows[s][j] = error of seed s at checkpoint j). */
export function simulateErrorCurve(
  law: RankDistribution,
  sampler: IndexSampler,
  checkpoints: number[],
  seeds: number,
  rng: Rng,
  teacher?: (r: Rng) => Uint8Array,
  extra?: { sampler: IndexSampler; count: number },
): Float64Array[] {
  const rows: Float64Array[] = [];
  let supportMass = 0;
  for (let i = 0; i < law.p.length; i++) supportMass += law.p[i];
  for (let s = 0; s < seeds; s++) {
    const r = rng.split();
    const teacherCorrect = teacher ? teacher(r) : undefined;
    rows.push(simulateMemorizer({ p: law.p, pTail: law.tailMass, sampler, checkpoints, teacherCorrect, supportMass,
      extraSampler: extra?.sampler, extraCount: extra?.count }, r));
  }
  return rows;
}

function grid(tMax: number, perDecade = 4, tMin = 10): number[] {
  const n = Math.round(Math.log10(tMax / tMin) * perDecade) + 1;
  return logspace(Math.log10(tMin), Math.log10(tMax), n).map((t) => Math.round(t));
}

const LOG_AXES = (x: string, y: string) => ({ x: { title: x, log: true }, y: { title: y, log: true } });

function theorySeries(name: string, x: number[], y: ArrayLike<number>, panel: number, group: string): Series {
  return { name, kind: "theory", x, y: Array.from(y), panel, group, style: "lines" };
}
function simSeries(name: string, x: number[], rows: ArrayLike<number>[], panel: number, group: string): Series {
  return seededSeries(name, "simulation", x, rows, panel, group);
}

/** Sorted union of two grids (theory lines are evaluated on the simulation's x values too). */
function union(a: number[], b: number[]): number[] {
  return [...new Set([...a, ...b])].sort((u, v) => u - v);
}

/**
 * Fig. 1 as data (teaser): what top-p cutting, temperature narrowing and finite sampling do to a Zipf tail
 * (rank–frequency, log–log), the expected number of distinct ranks a finite sample shows, and the Zipf exponent
 * fitted (maximum likelihood, per seed) to samples of T₀ draws from the clean and from the tempered law.
 */
export function buildTeaserFigure(rng: Rng, seeds = 20): TaleFigure {
  const { beta, N, topP, tau, T0 } = TEASER;
  const law = zipfProbabilities(beta, N, "support");
  const p = law.p;
  const k = topPRank(p, topP);
  const cut = tailCut(p, k);
  const hot = applyTemperature(p, tau);
  const ranks = Array.from({ length: N }, (_, i) => i + 1);
  const thin = (xs: number[]) => xs.filter((r) => r <= 20 || r % Math.max(1, Math.floor(r / 20)) === 0);
  const shown = thin(ranks);
  const series: Series[] = [
    theorySeries(`true Zipf law, β=${beta}`, shown, shown.map((r) => p[r - 1]), 0, "true"),
    theorySeries(`top-p=${topP} cut (k=${k})`, shown.filter((r) => r <= k), shown.filter((r) => r <= k).map((r) => cut[r - 1]), 0, "cut"),
    theorySeries(`temperature τ=${tau} (β'=${(beta / tau).toFixed(2)})`, shown, shown.map((r) => hot[r - 1]), 0, "hot"),
  ];
  // One finite sample: empirical frequencies by true rank (zero counts are invisible on a log axis).
  const sampler = createAliasSampler(p);
  const counts = sampleCounts(sampler, T0, rng.split());
  const seenRanks = shown.filter((r) => counts[r - 1] > 0);
  series.push({ name: `one sample of T₀=${T0} (empirical frequency)`, kind: "simulation", x: seenRanks,
    y: seenRanks.map((r) => counts[r - 1] / T0), panel: 0, group: "sample", style: "markers" });
  // Distinct ranks seen vs sample size: theory Σ(1 − (1−p_i)^T) vs Monte-Carlo.
  const Ts = grid(1e6, 3, 10);
  const distinctTheory = Ts.map((T) => {
    let s = 0;
    for (let i = 0; i < N; i++) s += -Math.expm1(T * Math.log1p(-p[i]));
    return s;
  });
  const rows: number[][] = [];
  for (let s = 0; s < seeds; s++) {
    const r = rng.split();
    const seen = new Uint8Array(N);
    let d = 0, t = 0;
    const row: number[] = [];
    for (const T of Ts) {
      for (; t < T; t++) {
        const i = sampler.sample(r);
        if (!seen[i]) { seen[i] = 1; d++; }
      }
      row.push(d);
    }
    rows.push(row);
  }
  series.push(theorySeries("distinct ranks seen, exact Σᵢ(1 − (1 − pᵢ)ᵀ)", Ts, distinctTheory, 1, "distinct"));
  series.push(simSeries("distinct ranks seen, Monte-Carlo", Ts, rows, 1, "distinct"));
  series.push(theorySeries("T¹ᐟᵝ (effective cut rank)", Ts, Ts.map((T) => Math.pow(T, 1 / beta)), 1, "scale"));
  // Exponent of the tail measured on samples: MLE per seed on T₀ draws from p and from the tempered law.
  const hotSampler = createAliasSampler(hot);
  const fitClean: number[] = [], fitHot: number[] = [];
  for (let s = 0; s < seeds; s++) {
    const r = rng.split();
    fitClean.push(zipfExponentMle(sampleCounts(sampler, T0, r)));
    fitHot.push(zipfExponentMle(sampleCounts(hotSampler, T0, r)));
  }
  const fc = meanSe(fitClean), fh = meanSe(fitHot);
  const j0 = Ts.indexOf(Ts.reduce((a, b) => (Math.abs(Math.log(b / T0)) < Math.abs(Math.log(a / T0)) ? b : a)));
  return markersAsSeries({
    figure: "fig1",
    title: "Fig. 1 (teaser, as data): cutting, narrowing and discretising a Zipf tail",
    params: { beta, N, topP, tau, T0, seeds, normalisation: "support" },
    axes: LOG_AXES("rank i", "probability"),
    groupLabels: { true: `true Zipf law, β=${beta}`, cut: `top-p=${topP} cut (k=${k})`, hot: `temperature τ=${tau} (β'=${(beta / tau).toFixed(2)})`,
      sample: `one sample of T₀=${T0}`, distinct: "distinct ranks seen", scale: "T¹ᐟᵝ (effective cut rank)" },
    panels: [
      { title: "rank–frequency: top-p cuts, temperature narrows, a finite sample discretises", axes: LOG_AXES("rank i", "probability") },
      { title: "ranks a finite sample can show ≈ T¹ᐟᵝ", axes: LOG_AXES("sample size T", "distinct ranks seen") },
    ],
    series,
    markers: [{ name: `top-p cut rank k=${k}`, x: k, panel: 0 }, { name: `T₀¹ᐟᵝ=${Math.round(Math.pow(T0, 1 / beta))}`, x: Math.pow(T0, 1 / beta), panel: 0 }],
    notes: [
      `[U] parameters: β=${beta}, N=${N}, top-p=${topP}, τ=${tau}, T₀=${T0} (the paper's teaser is a schematic).`,
      `Zipf exponent fitted by maximum likelihood on {1..${N}} to ${seeds} samples of T₀=${T0} draws: clean ${fc.value.toFixed(3)} ± ${fc.se.toFixed(3)}, tempered ${fh.value.toFixed(3)} ± ${fh.se.toFixed(3)}.`,
    ],
    metrics: {
      topPRank: k,
      narrowedBeta: beta / tau,
      fitBetaClean: fc.value,
      fitBetaCleanSe: fc.se,
      fitBetaTempered: fh.value,
      fitBetaTemperedSe: fh.se,
      distinctAtT0Theory: distinctTheory[j0],
      distinctAtT0Sim: rows.reduce((a, r) => a + r[j0], 0) / seeds,
    },
  });
}

/**
 * Hutter memoriser, test error vs T: clean laws for several β, tail cut at k, tail narrowing β' > β,
 * and the finite-sample cut (a model trained on a T₀-sample memoriser's output).
 */
export function buildScalingFigure(sizes: HutterSizes, rng: Rng): TaleFigure {
  const { N, seeds, finiteSeeds, tMaxSim, tMaxTheory } = sizes;
  const Tsim = grid(tMaxSim, 2, 100);
  const Tth = union(grid(tMaxTheory, 4), Tsim);
  const series: Series[] = [];
  const metrics: Record<string, number> = {};
  const markers: TaleFigure["markers"] = [];
  const addPair = (panel: number, group: string, label: string, law: RankDistribution, q: Float64Array, r: Rng, Ts = Tsim) => {
    const Tx = union(Tth, Ts);
    const th = hutterErrorCurve(law.p, q, Tx, law.tailMass);
    series.push(theorySeries(`${label} exact`, Tx, th, panel, group));
    series.push(simSeries(`${label} Monte-Carlo`, Ts, simulateErrorCurve(law, createAliasSampler(q), Ts, seeds, r), panel, group));
    return { th: Tx === Tth ? th : Float64Array.from(Tth, (T) => th[Tx.indexOf(T)]) };
  };
  // (a) clean laws
  for (const b of CLEAN_BETAS) {
    const law = zipfProbabilities(b, N);
    const { th } = addPair(0, `β=${b}`, `β=${b}`, law, law.p, rng.split());
    const C = hutterConstant(b), c = hutterExponent(b);
    series.push({ name: `β=${b}: Cᵦ T⁻ᶜ`, kind: "theory", x: Tth, y: Tth.map((T) => C * Math.pow(T, -c)), panel: 0, group: `β=${b}`, style: "lines", variant: "asymptote Cᵦ T⁻ᶜ" });
    metrics[`cleanSlope_b${b}`] = logLogSlope(Tth, th, 1e3, 1e6);
    metrics[`cleanSlopeSimRange_b${b}`] = logLogSlope(Tth, th, 1e3, tMaxSim);
    if (b === 2) metrics.cleanE1e4_b2 = hutterErrorCurve(law.p, law.p, [1e4], law.tailMass)[0];
  }
  // (b) tail cut
  const law = zipfProbabilities(BETA, N);
  const cleanB = hutterErrorCurve(law.p, law.p, Tth, law.tailMass);
  for (const k of CUT_KS) {
    // simulated past the crossover T* = k^β where that is within ten times the usual range
    const { th } = addPair(1, `k=${k}`, `cut k=${k}`, law, tailCut(law.p, k), rng.split(), grid(regimeSimMax(sizes, k ** BETA), 2, 100));
    const floor = zipfTailMass(BETA, k);
    metrics[`cutFloor_k${k}`] = floor;
    metrics[`cutE1e8_k${k}`] = th[th.length - 1];
    markers.push({ name: `floor k=${k}`, x: floor, panel: 1, axis: "y" }, { name: `T* = kᵝ (k=${k})`, x: Math.pow(k, BETA), panel: 1 });
  }
  series.push(theorySeries("clean β=2 exact", Tth, cleanB, 1, "clean"));
  const cut100 = hutterErrorCurve(law.p, tailCut(law.p, 100), [1e4, 1e6], law.tailMass);
  metrics.cutE1e4_k100 = cut100[0];
  metrics.cutE1e6_k100 = cut100[1];
  // (c) narrowing
  for (const bp of NARROW_BETAS) {
    const { th } = addPair(2, `β'=${bp}`, `β'=${bp}`, law, applyTemperature(law.p, BETA / bp), rng.split());
    metrics[`narrowSlope_bp${bp}`] = logLogSlope(Tth, th, 1e3, 1e7);
    metrics[`narrowSlopeSimRange_bp${bp}`] = logLogSlope(Tth, th, 1e3, tMaxSim);
  }
  series.push(theorySeries("clean β=2 exact", Tth, cleanB, 2, "clean"));
  // (d) finite-sample cut: generation-1 chain
  const sampler = createAliasSampler(law.p);
  for (const T0 of T0S) {
    const th = generationChainError(law.p, law.p, T0, 1, Tth, law.tailMass);
    series.push(theorySeries(`AI teacher trained on T₀=${T0}: exact`, Tth, th, 3, `T0=${T0}`));
    const sim = simulateErrorCurve(law, sampler, Tsim, finiteSeeds, rng.split(), (r) => simulateGenerationLabels(sampler, T0, 1, r));
    series.push(simSeries(`AI teacher trained on T₀=${T0}: Monte-Carlo`, Tsim, sim, 3, `T0=${T0}`));
    metrics[`studentAtSimMax_T0${T0}`] = th[Tth.indexOf(Tsim[Tsim.length - 1])];
    const teacherErr = hutterErrorCurve(law.p, law.p, [T0], law.tailMass)[0];
    metrics[`finiteFloor_T0${T0}`] = th[th.length - 1];
    metrics[`teacherError_T0${T0}`] = teacherErr;
    metrics[`finiteFloorApprox_T0${T0}`] = hutterConstant(BETA) * Math.pow(T0, -hutterExponent(BETA));
    let minGap = Infinity;
    for (let j = 0; j < th.length; j++) minGap = Math.min(minGap, th[j] - teacherErr);
    metrics[`finiteMinGap_T0${T0}`] = minGap; // ≥ 0 by construction: the student never beats its teacher
    markers.push({ name: `Cᵦ T₀⁻ᶜ (T₀=${T0})`, x: metrics[`finiteFloorApprox_T0${T0}`], panel: 3, axis: "y" });
  }
  series.push(theorySeries("clean β=2 exact", Tth, cleanB, 3, "clean"));
  const ax = LOG_AXES("training samples T", "test error E(T)");
  return markersAsSeries({
    figure: "fig2",
    title: "Hutter memoriser on Zipf data: clean law, tail cut, tail narrowing, finite-sample cut",
    params: { ...sizes, cleanBetas: CLEAN_BETAS, beta: BETA, cutKs: CUT_KS, narrowBetas: NARROW_BETAS, T0s: T0S, normalisation: "zeta + analytic tail" },
    axes: ax,
    groupLabels: { clean: `clean β=${BETA}`, ...Object.fromEntries(T0S.map((T0) => [`T0=${T0}`, `AI teacher, T₀=${T0}`])) },
    panels: [
      { title: "(a) clean: E ≍ T⁻ᶜ, c = 1 − 1/β", axes: ax },
      { title: "(b) tail cut at k: floor Σᵢ₌ₖ₊₁ pᵢ ≈ k⁻⁽ᵝ⁻¹⁾, crossover T* ≈ kᵝ", axes: ax },
      { title: "(c) tail narrowing β' > β: slope −(β−1)/β', no plateau", axes: ax },
      { title: "(d) finite-sample cut: floor ≈ Cᵦ T₀⁻ᶜ, never below the teacher", axes: ax },
    ],
    series,
    markers,
    notes: [
      "Theory: exact sums E(T) = Σᵢ pᵢ(1 − qᵢ)ᵀ (eq. 9) over N ranks plus the analytic tail beyond N.",
      "Simulation: memorisers trained on Monte-Carlo samples; error bars = standard errors over seeds.",
      `[U] parameters: β grid ${CLEAN_BETAS.join(", ")}; k ∈ {${CUT_KS.join(", ")}}; β' ∈ {${NARROW_BETAS.join(", ")}}; T₀ ∈ {${T0S.join(", ")}}.`,
    ],
    metrics,
  });
}

/**
 * Collapse over generations: exact chain vs the linear-in-n law, Monte-Carlo chains, and the lost mass vs n.
 */
export function buildGenerationsFigure(sizes: HutterSizes, rng: Rng): TaleFigure {
  const { N, seeds, tMaxSim, tMaxTheory } = sizes;
  const law = zipfProbabilities(BETA, N);
  const T0 = GEN_T0;
  const c = hutterExponent(BETA);
  const Tsim = grid(tMaxSim, 2, 100);
  const Tth = union(grid(tMaxTheory, 4), Tsim);
  const series: Series[] = [];
  const metrics: Record<string, number> = {};
  const sampler = createAliasSampler(law.p);
  const simGens = new Set([0, 1, 2, 5, 10]);
  for (const n of GENERATIONS) {
    const th = generationChainError(law.p, law.p, T0, n, Tth, law.tailMass);
    series.push(theorySeries(`n=${n}: exact chain`, Tth, th, 0, `n=${n}`));
    if (n > 0) series.push({ name: `n=${n}: paper law Cᵦ(T⁻ᶜ + n·T₀⁻ᶜ) [S]`, kind: "theory", x: Tth,
      y: linearGenerationLaw(BETA, T0, n, Tth), panel: 0, group: "paper law (linear in n) [S]", style: "lines", colorGroup: `n=${n}`, variant: "paper law Cᵦ(T⁻ᶜ + n·T₀⁻ᶜ) [S]" });
    if (simGens.has(n)) {
      const sim = simulateErrorCurve(law, sampler, Tsim, seeds, rng.split(), (r) => simulateGenerationLabels(sampler, T0, n, r));
      series.push(simSeries(`n=${n}: Monte-Carlo`, Tsim, sim, 0, `n=${n}`));
    }
  }
  // Lost mass vs n
  const ns = Array.from({ length: 11 }, (_, i) => i);
  const L1 = lostMass(law.p, law.p, T0, 1);
  const exact = ns.map((n) => lostMass(law.p, law.p, T0, n));
  const asym = ns.map((n) => (n === 0 ? 0 : generationRatio(n, c) * L1));
  const linear = ns.map((n) => n * L1);
  const nsSim = ns.slice(1); // n = 0 loses nothing (exactly 0)
  const rows: number[][] = [];
  for (let s = 0; s < seeds; s++) {
    const r = rng.split();
    const row: number[] = [];
    for (const n of nsSim) {
      // lost mass of an n-generation chain (independent chains per n keep the points independent)
      const labels = simulateGenerationLabels(sampler, T0, n, r);
      let kept = 0;
      for (let i = 0; i < N; i++) if (labels[i]) kept += law.p[i];
      row.push(1 - law.tailMass - kept);
    }
    rows.push(row);
  }
  series.push(theorySeries("Lₙ exact Σᵢ pᵢ[1 − (1 − (1 − pᵢ)ᵀ⁰)ⁿ]", ns, exact, 1, "exact"));
  series.push(theorySeries("Rₙ(c)·L₁ (asymptotic, sublinear)", ns, asym, 1, "asym"));
  series.push(theorySeries("n·L₁ (linear law)", ns, linear, 1, "linear"));
  series.push(simSeries("Lₙ Monte-Carlo", nsSim, rows, 1, "exact"));
  for (const n of [1, 2, 3, 4, 5, 10]) metrics[`ratio_n${n}`] = exact[n] / L1;
  metrics.L1 = L1;
  metrics.ratio10_over_linear = exact[10] / linear[10];
  const ax = LOG_AXES("training samples T", "test error E(T)");
  return {
    figure: "fig3",
    title: `Collapse over generations (β=${BETA}, T₀=${T0}): exact chain vs the linear-in-n law`,
    params: { ...sizes, beta: BETA, T0, generations: GENERATIONS },
    axes: ax,
    groupLabels: { exact: "Lₙ exact", asym: "Rₙ(c)·L₁ (asymptotic)", linear: "n·L₁ (linear law)", ...Object.fromEntries(GENERATIONS.map((n) => [`n=${n}`, `n=${n}`])) },
    panels: [
      { title: "error vs T after n generations", axes: ax },
      { title: "lost mass (floor) vs generations n", axes: { x: { title: "generations n" }, y: { title: "lost mass Lₙ" } } },
    ],
    series,
    notes: [
      "Paper law (linear shift in n) as quoted by a secondary source [S]; the exact chain (every generation must see an item to keep it) is derived here [D].",
      "The exact lost mass grows like Rₙ(c)·L₁, sublinearly (~(log n)ᶜ), so n·T₀⁻ᶜ is an upper bound that is tight only for the first generations.",
      `[U] parameters: β=${BETA}, T₀=${T0}.`,
    ],
    metrics,
  };
}

/**
 * Largest T simulated for clean fraction π in the mixing figure: past the start of the renewed decay, k^β/π, when that
 * is within ten times the usual range (see regimeSimMax), so the "grokking" regime is simulated, not only computed.
 */
export function mixingSimMax(sizes: HutterSizes, k: number, pi: number): number {
  return pi > 0 && pi < 1 ? regimeSimMax(sizes, k ** BETA / pi) : sizes.tMaxSim;
}

/**
 * Largest T simulated for a curve whose regime changes at T = tChange: the usual range, extended to
 * min(10·tChange, 10·tMaxSim) when the change lies beyond the usual range but within ten times it.
 */
export function regimeSimMax(sizes: HutterSizes, tChange: number): number {
  if (tChange < sizes.tMaxSim || tChange > 10 * sizes.tMaxSim) return sizes.tMaxSim;
  return Math.min(10 * tChange, 10 * sizes.tMaxSim);
}

/**
 * Mixing clean data (Thm 3.2, "grokking"): error vs T for clean fractions π, and acquiring the missing tail.
 */
export function buildMixingFigure(sizes: HutterSizes, rng: Rng): TaleFigure {
  const { N, seeds, tMaxSim, tMaxTheory } = sizes;
  const law = zipfProbabilities(BETA, N);
  const k = MIX_K;
  const ai = tailCut(law.p, k);
  const Tsim = grid(tMaxSim, 2, 100);
  const Tth = union(grid(tMaxTheory, 4), Tsim);
  const series: Series[] = [];
  const metrics: Record<string, number> = {};
  const markers: TaleFigure["markers"] = [{ name: `kᵝ=${k ** BETA}`, x: k ** BETA, panel: 0 }];
  for (const pi of [0, ...MIX_PIS, 1]) {
    const q = pi === 0 ? ai : pi === 1 ? law.p : mixLaws(law.p, ai, pi);
    const label = pi === 0 ? "AI only (π=0)" : pi === 1 ? "clean only (π=1)" : `π=${pi}`;
    const Tpi = grid(mixingSimMax(sizes, k, pi), 2, 100);
    series.push(theorySeries(`${label} exact`, union(Tth, Tpi), hutterErrorCurve(law.p, q, union(Tth, Tpi), law.tailMass), 0, label));
    series.push(simSeries(`${label} Monte-Carlo`, Tpi, simulateErrorCurve(law, createAliasSampler(q), Tpi, seeds, rng.split()), 0, label));
    if (pi > 0 && pi < 1) markers.push({ name: `kᵝ/π (π=${pi})`, x: k ** BETA / pi, panel: 0 });
  }
  const q01 = mixLaws(law.p, ai, 0.01);
  const E = hutterErrorCurve(law.p, q01, [1e4, 1e5, 1e7, 1e8], law.tailMass);
  metrics.mixE1e4 = E[0];
  metrics.mixE1e5 = E[1];
  metrics.mixE1e7 = E[2];
  metrics.mixE1e8 = E[3];
  metrics.mixSlope7to8 = logLogSlope([1e7, 1e8], [E[2], E[3]]);
  metrics.mixFloor = zipfTailMass(BETA, k);
  metrics.mixRenewedRatio1e7 = E[2] / (hutterConstant(BETA) * Math.pow(0.01 * 1e7, -hutterExponent(BETA)));
  metrics.mixRenewedRatio1e8 = E[3] / (hutterConstant(BETA) * Math.pow(0.01 * 1e8, -hutterExponent(BETA)));
  // Acquiring the missing tail: AI data (T_AI draws cut at k) plus T' draws from p restricted to a band of ranks.
  const TAI = TAIL_ACQUISITION_AI_SAMPLES;
  const Tp = grid(Math.min(tMaxSim, 1e6), 2, 100);
  const Tpth = union(grid(1e8, 4, 100), Tp);
  const bands: [string, number, number][] = [["band (k, 10k]", k, 10 * k], ["band (10k, 100k]", 10 * k, 100 * k], ["all ranks (clean p)", 0, N]];
  const aiSampler = createAliasSampler(ai);
  for (const [name, k1, k2] of bands) {
    const r = new Float64Array(N);
    let s = 0;
    for (let i = k1; i < k2; i++) s += law.p[i];
    for (let i = k1; i < k2; i++) r[i] = law.p[i] / s;
    const th = twoSourceError(law.p, ai, TAI, r, Tpth, law.tailMass);
    series.push(theorySeries(`${name}: exact`, Tpth, th, 1, name));
    const sim = simulateErrorCurve(law, createAliasSampler(r), Tp, seeds, rng.split(), undefined, { sampler: aiSampler, count: TAI });
    series.push(simSeries(`${name}: Monte-Carlo`, Tp, sim, 1, name));
    metrics[`tailFloor_${k1}_${k2}`] = th[th.length - 1];
    let bandMass = 0;
    for (let i = k1; i < k2; i++) bandMass += law.p[i];
    metrics[`bandMass_${k1}_${k2}`] = bandMass;
  }
  metrics.tailFloorNear = metrics[`tailFloor_${k}_${10 * k}`];
  metrics.tailFloorFar = metrics[`tailFloor_${10 * k}_${100 * k}`];
  metrics.aiFloorAtTAI = hutterErrorCurve(law.p, ai, [TAI], law.tailMass)[0];
  const ax = LOG_AXES("training samples T", "test error E(T)");
  return markersAsSeries({
    figure: "fig4",
    title: `Mixing clean data with AI data cut at k=${k} (β=${BETA}): plateau, then renewed decay ("grokking")`,
    params: { ...sizes, beta: BETA, k, pis: MIX_PIS, tailAcquisition: { TAI, bands: bands.map((b) => b.slice(1)) } },
    axes: ax,
    panels: [
      { title: "fraction π of clean data: T⁻ᶜ, plateau Σᵢ₌ₖ₊₁ pᵢ, then Cᵦ(πT)⁻ᶜ", axes: ax },
      { title: `acquiring the missing tail: ${TAI} AI samples + T' samples from a band of ranks`, axes: LOG_AXES("extra tail samples T'", "test error") },
    ],
    series,
    markers: [...markers, { name: "floor Σᵢ₌ₖ₊₁ pᵢ", x: zipfTailMass(BETA, k), panel: 0, axis: "y" }],
    notes: [
      "Exact sums with the mixed training law q = πp + (1−π)p·1{i≤k}/Pₖ; Monte-Carlo memorisers trained on the same mixture.",
      `[U] parameters: β=${BETA}, k=${k}, π ∈ {${MIX_PIS.join(", ")}}, AI samples ${TAI}, bands of ranks as labelled.`,
    ],
    metrics,
  });
}
