/**
 * Fig. 1b (power-law Σ = diag(j^−β), source r): test error vs T (log–log) with adaptive λ = T^(−ℓ_crit),
 * for several generations n — shifted scaling laws. Theory at the simulation's d (docs/derivations/demystified.md §3, §5).
 */
import type { Rng } from "../../../maths/random";
import { fromSeeds } from "../../../lab/figure";
import { logLogSlope } from "../../../maths/stats";
import { powerLawSpectrum, powerLawTeacherW2 } from "../../../theory/ridge/index";
import { adaptiveLambda, criticalExponent } from "../power-law";
import { chainRidgeTestError } from "../rho";
import { downstreamRidge, runFakeDataChain } from "../simulate";
import type { Fig1bParams } from "../params";
import type { FigureSpec, Series } from "../figure-spec";

export function buildFig1b(p: Fig1bParams, rng: Rng): FigureSpec {
  const { d, T0, Ts, beta, r, sigma, sigma0, generations, seeds } = p;
  const eigs = powerLawSpectrum(d, beta);
  const w2 = powerLawTeacherW2(d, beta, r);
  const w0 = w2.map(Math.sqrt); // signs are irrelevant for a Gaussian design
  const ell = criticalExponent(beta, r);
  const nMax = Math.max(...generations);
  const rows: number[][][] = generations.map(() => []); // rows[ni][seed][tIdx]
  for (let s = 0; s < seeds; s++) {
    const rs = rng.split();
    const chain = runFakeDataChain(eigs, w0, { T0, sigma0, generations: nMax, learner: { kind: "ols" } }, rs);
    const teachers = generations.map((n) => chain[n]);
    const perT = Ts.map((T) => downstreamRidge(eigs, w0, teachers, T, sigma, adaptiveLambda(T, ell), rs));
    generations.forEach((_, ni) => rows[ni].push(perT.map((e) => e[ni])));
  }
  const series: Series[] = [];
  const slopes: Record<string, number> = {};
  generations.forEach((n, ni) => {
    const group = `n=${n}`;
    const th = Ts.map((T) => chainRidgeTestError(eigs, w2, T, adaptiveLambda(T, ell), sigma * sigma, { generations: n, T0, sigma02: sigma0 * sigma0 }));
    series.push({ name: `theory n=${n}`, kind: "theory", x: [...Ts], y: th, group });
    series.push({ name: `simulation n=${n}`, kind: "simulation", x: [...Ts], ...fromSeeds(rows[ni]), group });
    slopes[group] = logLogSlope(Ts, th);
  });
  return {
    figure: "fig1b",
    title: "Fig. 1b — power-law Σ: test error vs T with λ = T⁻ˡ at the critical ℓ = ℓ_crit, shifted scaling laws",
    params: { ...p, ellCrit: ell, teacher: "w_j² = j^(β−1−2βr)", theorySlopes: slopes },
    series,
    axes: { x: { title: "downstream sample size T", log: true }, y: { title: "test error E‖ŵ − w₀‖²_Σ", log: true } },
    notes: [
      "[U] parameters: d, T₀, T grid, σ, σ₀, n are this reproduction's choices; β = 2, r = ½ [U]; ℓ_crit = β/(1+2βr̄) (paper §5).",
      "Theory (lines) at the simulation's d; simulation: mean ± standard error over seeds.",
    ],
  };
}
