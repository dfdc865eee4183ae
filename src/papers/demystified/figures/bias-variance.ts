/**
 * "Model collapse affects both bias and variance" (abstract; docs/derivations/demystified.md §3): the downstream
 * ridge error of Fig. 1a split into its clean bias B, clean variance V and the chain term n·σ₀²ρ/(T₀ − d − 1),
 * each simulated on its own (per-draw squared norms of the three parts of ŵ − w₀, see ../decomposition) against its
 * deterministic equivalent. Σ = I, OLS generators on fresh designs.
 */
import type { Rng } from "../../../maths/random";
import { fromSeeds } from "../../../lab/figure";
import { isotropicSpectrum } from "../../../theory/ridge/index";
import { chainRidgeTerms } from "../rho";
import { downstreamRidgeTerms } from "../decomposition";
import { randomUnitVector, runFakeDataChain } from "../simulate";
import type { FigureSpec, Series } from "../figure-spec";

/** Parameters of {@link buildBiasVariance} (all [U]). */
export interface BiasVarianceParams {
  d: number; T0: number; T: number; sigma: number; sigma0: number; generations: number[]; lambdas: number[]; seeds: number;
}

export function buildBiasVariance(p: BiasVarianceParams, rng: Rng): FigureSpec {
  const { d, T0, T, sigma, sigma0, generations, lambdas, seeds } = p;
  if (generations.some((n) => !Number.isInteger(n) || n < 1)) throw new RangeError(`buildBiasVariance: generations must be integers ≥ 1 (the chain term of n = 0 is zero), got ${generations.join(", ")}`);
  const eigs = isotropicSpectrum(d);
  const w2 = new Float64Array(d).fill(1 / d); // ‖w₀‖ = 1
  const nMax = Math.max(...generations);
  const bias: number[][] = [], variance: number[][] = [];
  const chain: number[][][] = generations.map(() => []);
  for (let s = 0; s < seeds; s++) {
    const r = rng.split();
    const w0 = randomUnitVector(d, r);
    const ws = runFakeDataChain(eigs, w0, { T0, sigma0, generations: nMax, learner: { kind: "ols" } }, r);
    const draw = downstreamRidgeTerms(eigs, w0, generations.map((n) => ws[n]), T, sigma, lambdas, r);
    bias.push(draw.bias);
    variance.push(draw.variance);
    draw.chain.forEach((c, ni) => chain[ni].push(c));
  }
  const terms = (n: number) => lambdas.map((l) => chainRidgeTerms(eigs, w2, T, l, sigma * sigma, { generations: n, T0, sigma02: sigma0 * sigma0 }));
  const base = terms(0);
  const series: Series[] = [
    { name: "theory B", kind: "theory", x: [...lambdas], y: base.map((t) => t.bias), panel: 0, group: "clean bias B" },
    { name: "simulation B", kind: "simulation", x: [...lambdas], ...fromSeeds(bias), panel: 0, group: "clean bias B" },
    { name: "theory V", kind: "theory", x: [...lambdas], y: base.map((t) => t.variance), panel: 1, group: "clean variance V" },
    { name: "simulation V", kind: "simulation", x: [...lambdas], ...fromSeeds(variance), panel: 1, group: "clean variance V" },
  ];
  generations.forEach((n, ni) => {
    const group = `n=${n}`;
    series.push({ name: `theory chain n=${n}`, kind: "theory", x: [...lambdas], y: terms(n).map((t) => t.chain), panel: 2, group });
    series.push({ name: `simulation chain n=${n}`, kind: "simulation", x: [...lambdas], ...fromSeeds(chain[ni]), panel: 2, group });
  });
  return {
    figure: "bias-variance",
    title: "The parts of the downstream ridge error: clean bias, clean variance and the synthetic chain's term (Σ = I)",
    params: { ...p, sigma2: sigma * sigma, sigma02: sigma0 * sigma0, w0Norm: 1, generator: "OLS, fresh designs" },
    series,
    axes: { x: { title: "ridge λ", log: true }, y: { title: "term of E‖ŵ − w₀‖²", log: true } },
    panels: [
      { title: `clean bias B = E‖(RΣ̂ − I)w₀‖² (d = ${d}, T = ${T})` },
      { title: `clean variance V = E‖RXᵀε/T‖² (σ = ${sigma})` },
      { title: `chain term E‖RΣ̂(ŵₙ − w₀)‖² = nσ₀²ρ/(T₀ − d − 1) (T₀ = ${T0}, σ₀ = ${sigma0})` },
    ],
    notes: [
      "[U] parameters (those of Fig. 1a's middle panel in this reproduction). Each term is simulated on its own: per draw, the squared norms of the three parts of ŵ − w₀; their cross terms vanish in expectation.",
      "Theory (lines): deterministic equivalents B, V and nσ₀²ρ/(T₀ − d − 1) (derived here); simulation (markers): mean ± standard error over seeds.",
    ],
  };
}
