/**
 * Linear growth of the test error in the number of generations n (Thm 4.1; docs/derivations/demystified.md §2):
 * OLS downstream, exact E = σ²d/(T−d−1) + n·σ₀²d/(T₀−d−1); ridge downstream, B + V + n·σ₀²ρ/(T₀−d−1).
 */
import type { Rng } from "../../../maths/random";
import { fromSeeds } from "../../../lab/figure";
import { isotropicSpectrum } from "../../../theory/ridge/index";
import { olsChainTestError } from "../ols-chain";
import { chainRidgeTestError } from "../rho";
import { downstreamRidgePath, randomUnitVector, runFakeDataChain } from "../simulate";
import type { OlsLinearParams } from "../params";
import type { FigureSpec, Series } from "../figure-spec";

export function buildOlsLinear(p: OlsLinearParams, rng: Rng): FigureSpec {
  const { d, T, T0, sigma, sigma0, maxGenerations, ridgeLambdas, seeds } = p;
  const eigs = isotropicSpectrum(d);
  const w2 = new Float64Array(d).fill(1 / d);
  const ns = Array.from({ length: maxGenerations + 1 }, (_, i) => i);
  const lambdas = [0, ...ridgeLambdas];
  const rows: number[][][] = lambdas.map(() => []); // rows[λ][seed][n]
  for (let s = 0; s < seeds; s++) {
    const r = rng.split();
    const w0 = randomUnitVector(d, r);
    const chain = runFakeDataChain(eigs, w0, { T0, sigma0, generations: maxGenerations, learner: { kind: "ols" } }, r);
    const errs = downstreamRidgePath(eigs, w0, chain, T, sigma, lambdas, r); // errs[n][λ]
    lambdas.forEach((_, li) => rows[li].push(ns.map((n) => errs[n][li])));
  }
  const series: Series[] = [];
  lambdas.forEach((lambda, li) => {
    const group = lambda === 0 ? "OLS (λ = 0)" : `ridge λ = ${lambda}`;
    const th = ns.map((n) =>
      lambda === 0
        ? olsChainTestError({ d, T, T0, sigma2: sigma * sigma, sigma02: sigma0 * sigma0, generations: n })
        : chainRidgeTestError(eigs, w2, T, lambda, sigma * sigma, { generations: n, T0, sigma02: sigma0 * sigma0 }));
    series.push({ name: `theory ${group}`, kind: "theory", x: ns, y: th, group });
    series.push({ name: `simulation ${group}`, kind: "simulation", x: ns, ...fromSeeds(rows[li]), group });
  });
  return {
    figure: "ols-linear",
    title: "Test error grows linearly with the number of synthetic generations n",
    params: { ...p, lambdas, generator: "OLS, fresh designs", w0Norm: 1 },
    series,
    axes: { x: { title: "generation n" }, y: { title: "test error E‖ŵ − w₀‖²" } },
    notes: [
      "OLS theory is exact (Thm 4.1): σ²d/(T−d−1) + n·σ₀²d/(T₀−d−1); ridge theory is the deterministic equivalent derived in docs/derivations/demystified.md §3.",
      "d = 50, T = T₀ = 200, σ = σ₀ = 1 and the ridge λ values are [U].",
    ],
  };
}
