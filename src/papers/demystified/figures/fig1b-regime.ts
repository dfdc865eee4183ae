/**
 * Fig. 1b in its regime T ≪ d (docs/derivations/demystified.md §8): the downstream mean depends on the OLS generator
 * chain only through Cov(ŵₙ − w₀) = nσ₀²Σ⁻¹/(T₀ − d − 1), so the n-th teacher is drawn directly as
 * w₀ + √n·(σ₀²/(T₀ − d − 1))^½·Σ^(−½)z (one z per seed for every n: common random numbers), and the downstream ridge
 * is fitted in its dual T×T form at d in the thousands. Theory at the simulation's d and, dotted, at d = 2·10⁴.
 */
import type { Rng } from "../../../maths/random";
import { fillGaussian } from "../../../maths/gaussian-fill";
import { fromSeeds } from "../../../lab/figure";
import { logLogSlope } from "../../../maths/stats";
import { powerLawSpectrum, powerLawTeacherW2 } from "../../../theory/ridge/index";
import { adaptiveLambda, criticalExponent } from "../power-law";
import { chainRidgeTestError } from "../rho";
import { downstreamRidgeDual } from "../simulate";
import type { FigureSpec, Series } from "../figure-spec";

/** Parameters of {@link buildFig1bRegime} (all [U]); the generators have T₀ = t0OverD·d samples. */
export interface Fig1bRegimeParams {
  d: number; t0OverD: number; Ts: number[]; beta: number; r: number; sigma: number; sigma0: number; generations: number[]; seeds: number;
  /** dimension of the reference theory curves (the paper's scale) */
  referenceD: number;
}

/** Teachers w₀ + √n·c·Σ^(−½)z for each n, c² = σ₀²/(T₀ − d − 1): the OLS chain's error covariance, Gaussian. */
export function gaussianChainTeachers(eigs: ArrayLike<number>, w0: ArrayLike<number>, generations: number[], T0: number, sigma0: number, rng: Rng): Float64Array[] {
  const d = eigs.length;
  if (!(T0 > d + 1)) throw new RangeError(`gaussianChainTeachers: the OLS chain needs T₀ > d + 1 (T₀ = ${T0}, d = ${d})`);
  const z = fillGaussian(rng, new Float64Array(d));
  const c = sigma0 / Math.sqrt(T0 - d - 1);
  return generations.map((n) => {
    const w = new Float64Array(d);
    const f = c * Math.sqrt(n);
    for (let j = 0; j < d; j++) w[j] = w0[j] + (f * z[j]) / Math.sqrt(eigs[j]);
    return w;
  });
}

export function buildFig1bRegime(p: Fig1bRegimeParams, rng: Rng): FigureSpec {
  const { d, t0OverD, Ts, beta, r, sigma, sigma0, generations, seeds, referenceD } = p;
  if (Ts.some((T) => T > d / 4)) throw new RangeError(`buildFig1bRegime: the regime of Fig. 1b needs T ≪ d; every T must be ≤ d/4 = ${d / 4}, got ${Ts.join(", ")}`);
  const T0 = Math.round(t0OverD * d);
  const eigs = powerLawSpectrum(d, beta);
  const w2 = powerLawTeacherW2(d, beta, r);
  const w0 = w2.map(Math.sqrt);
  const ell = criticalExponent(beta, r);
  const rows: number[][][] = generations.map(() => []);
  for (let s = 0; s < seeds; s++) {
    const rs = rng.split();
    const teachers = gaussianChainTeachers(eigs, w0, generations, T0, sigma0, rs);
    const perT = Ts.map((T) => downstreamRidgeDual(eigs, w0, teachers, T, sigma, adaptiveLambda(T, ell), rs));
    generations.forEach((_, ni) => rows[ni].push(perT.map((e) => e[ni])));
  }
  const reference = { eigs: powerLawSpectrum(referenceD, beta), w2: powerLawTeacherW2(referenceD, beta, r), T0: Math.round(t0OverD * referenceD) };
  const theory = (t: { eigs: Float64Array; w2: Float64Array; T0: number }, n: number) =>
    Ts.map((T) => chainRidgeTestError(t.eigs, t.w2, T, adaptiveLambda(T, ell), sigma * sigma, { generations: n, T0: t.T0, sigma02: sigma0 * sigma0 }));
  const series: Series[] = [];
  const slopes: Record<string, { theory: number; reference: number }> = {};
  generations.forEach((n, ni) => {
    const group = `n=${n}`;
    const th = theory({ eigs, w2, T0 }, n), ref = theory(reference, n);
    series.push({ name: `theory n=${n}`, kind: "theory", x: [...Ts], y: th, group });
    series.push({ name: `theory n=${n}, d = ${referenceD}`, kind: "theory", x: [...Ts], y: ref, group: `${group} (d = ${referenceD})`, colorGroup: group, variant: `theory at d = ${referenceD}` });
    series.push({ name: `simulation n=${n}`, kind: "simulation", x: [...Ts], ...fromSeeds(rows[ni]), group });
    slopes[group] = { theory: logLogSlope(Ts, th), reference: logLogSlope(Ts, ref) };
  });
  return {
    figure: "fig1b-regime",
    title: `Fig. 1b where T ≪ d: test error vs T with λ = T^(−ℓ_crit), d = ${d}, generators' error drawn from its covariance`,
    params: { ...p, T0, ellCrit: ell, teacher: "w_j² = j^(β−1−2βr)", slopes },
    series,
    axes: { x: { title: "downstream sample size T", log: true }, y: { title: "test error E‖ŵ − w₀‖²_Σ", log: true } },
    notes: [
      `[U] parameters; β = ${beta}, r = ${r}, ℓ_crit = β/(1 + 2βr̄) (paper §5); T₀ = ${t0OverD}·d.`,
      "The n-th teacher is w₀ plus a Gaussian draw with the OLS chain's error covariance nσ₀²Σ⁻¹/(T₀ − d − 1) (the downstream mean depends on the chain only through it); downstream ridge in dual form.",
      `Theory (lines) at the simulation's d; dotted: at d = ${referenceD}; simulation: mean ± standard error over seeds.`,
    ],
  };
}
