/**
 * Fig. 1a (isotropic Σ = I): test error of downstream ridge vs λ, for several downstream sizes T (panels)
 * and generations n (curves). Theory: B + V + n·σ₀²·ρ/(T₀ − d − 1) (docs/derivations/demystified.md §3); simulation: OLS generator
 * chain on fresh designs, one eigendecomposition of Σ̂ per (seed, T) for every (n, λ).
 */
import type { Rng } from "../../../maths/random";
import { fromSeeds } from "../../../lab/figure";
import { isotropicSpectrum } from "../../../theory/ridge/index";
import { chainRidgeTestError } from "../rho";
import { downstreamRidgePath, randomUnitVector, runFakeDataChain } from "../simulate";
import type { Fig1aParams } from "../params";
import type { FigureSpec, Series } from "../figure-spec";

export function buildFig1a(p: Fig1aParams, rng: Rng): FigureSpec {
  const { d, T0, Ts, sigma, sigma0, generations, lambdas, seeds } = p;
  const eigs = isotropicSpectrum(d);
  const w2 = new Float64Array(d).fill(1 / d); // ‖w₀‖ = 1 (only the norm matters for Σ = I)
  const nMax = Math.max(...generations);
  // rows[tIdx][nIdx] = per-seed curves over λ
  const rows: number[][][][] = Ts.map(() => generations.map(() => []));
  for (let s = 0; s < seeds; s++) {
    const r = rng.split();
    const w0 = randomUnitVector(d, r);
    const chain = runFakeDataChain(eigs, w0, { T0, sigma0, generations: nMax, learner: { kind: "ols" } }, r);
    const teachers = generations.map((n) => chain[n]);
    Ts.forEach((T, ti) => {
      const errs = downstreamRidgePath(eigs, w0, teachers, T, sigma, lambdas, r);
      errs.forEach((curve, ni) => rows[ti][ni].push(curve));
    });
  }
  const series: Series[] = [];
  Ts.forEach((T, ti) => {
    generations.forEach((n, ni) => {
      const group = `n=${n}`;
      const th = lambdas.map((l) => chainRidgeTestError(eigs, w2, T, l, sigma * sigma, { generations: n, T0, sigma02: sigma0 * sigma0 }));
      series.push({ name: `theory n=${n}`, kind: "theory", x: [...lambdas], y: th, panel: ti, group });
      series.push({ name: `simulation n=${n}`, kind: "simulation", x: [...lambdas], ...fromSeeds(rows[ti][ni]), panel: ti, group });
    });
  });
  return {
    figure: "fig1a",
    title: "Fig. 1a — isotropic Σ: downstream ridge test error vs λ after n synthetic generations",
    params: { ...p, sigma2: sigma * sigma, sigma02: sigma0 * sigma0, w0Norm: 1, generator: "OLS, fresh designs" },
    series,
    axes: { x: { title: "ridge λ", log: true }, y: { title: "test error E‖ŵ − w₀‖²", log: true } },
    panels: Ts.map((T) => ({ title: `T = ${T} (d = ${d}, T₀ = ${T0})` })),
    notes: [
      "[U] parameters: d, T₀, T, σ, σ₀, n, λ grid are this reproduction's choices (the paper's values were not available).",
      "Theory (lines): deterministic equivalent B + V + n·σ₀²·ρ/(T₀−d−1); simulation (markers): mean ± standard error over seeds.",
    ],
  };
}
