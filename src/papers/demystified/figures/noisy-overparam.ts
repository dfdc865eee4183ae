/**
 * Noisy over-parameterised chain (docs/derivations/demystified.md §6): Σ = I, T₀ < d, σ₀ > 0, min-norm generators on
 * fresh designs; error of the n-th generator E‖ŵₙ − w₀‖² = (1 − aⁿ)(‖w₀‖² + σ₀²T₀/((d − T₀ − 1)(1 − a))), a = T₀/d.
 * Panel 0: the error over n (it saturates); panel 1: its increments Eₙ − Eₙ₋₁ = aⁿ⁻¹((1 − a)‖w₀‖² + σ₀²T₀/(d − T₀ − 1))
 * on a log axis (geometric decay at the rate a).
 */
import type { Rng } from "../../../maths/random";
import { fromSeeds } from "../../../lab/figure";
import { isotropicSpectrum } from "../../../theory/ridge/index";
import { noisyOverparamError, noisyOverparamSaturation } from "../noisy-overparam";
import { randomUnitVector, runFakeDataChain } from "../simulate";
import type { FigureSpec, Series } from "../figure-spec";

/** Parameters of {@link buildNoisyOverparam} (all [U]). */
export interface NoisyOverparamParams { cases: { d: number; T0: number; sigma0: number }[]; maxGenerations: number; seeds: number }

/** Group key of a case, shared by its theory and simulation series. */
export function noisyCaseKey(c: { d: number; T0: number; sigma0: number }): string {
  return `d = ${c.d}, T₀ = ${c.T0}, σ₀ = ${c.sigma0}`;
}

export function buildNoisyOverparam(p: NoisyOverparamParams, rng: Rng): FigureSpec {
  const { cases, maxGenerations, seeds } = p;
  if (!Number.isInteger(maxGenerations) || maxGenerations < 2) throw new RangeError(`buildNoisyOverparam: maxGenerations must be an integer ≥ 2, got ${maxGenerations}`);
  const ns = Array.from({ length: maxGenerations + 1 }, (_, i) => i);
  const steps = ns.slice(1);
  const series: Series[] = [];
  const saturation: Record<string, number> = {};
  for (const c of cases) {
    const eigs = isotropicSpectrum(c.d);
    const errs: number[][] = [];
    for (let s = 0; s < seeds; s++) {
      const r = rng.split();
      const w0 = randomUnitVector(c.d, r); // ‖w₀‖ = 1
      const chain = runFakeDataChain(eigs, w0, { T0: c.T0, sigma0: c.sigma0, generations: maxGenerations, learner: { kind: "minnorm" } }, r);
      errs.push(chain.map((w) => {
        let e = 0;
        for (let j = 0; j < c.d; j++) e += (w[j] - w0[j]) ** 2;
        return e;
      }));
    }
    const group = noisyCaseKey(c);
    const s02 = c.sigma0 * c.sigma0;
    const th = ns.map((n) => noisyOverparamError(c.d, c.T0, s02, n));
    saturation[group] = noisyOverparamSaturation(c.d, c.T0, s02);
    series.push({ name: `theory ${group}`, kind: "theory", x: ns, y: th, panel: 0, group });
    series.push({ name: `simulation ${group}`, kind: "simulation", x: ns, ...fromSeeds(errs), panel: 0, group });
    series.push({ name: `theory increment ${group}`, kind: "theory", x: steps, y: steps.map((n) => th[n] - th[n - 1]), panel: 1, group });
    series.push({ name: `simulation increment ${group}`, kind: "simulation", x: steps, ...fromSeeds(errs.map((e) => steps.map((n) => e[n] - e[n - 1]))), panel: 1, group });
  }
  return {
    figure: "noisy-overparam",
    title: "Noisy over-parameterised chain (T₀ < d, σ₀ > 0, min-norm): the error saturates",
    params: { ...p, w0Norm: 1, generator: "min-norm, fresh designs", saturation },
    series,
    axes: { x: { title: "generation n" }, y: { title: "E‖ŵₙ − w₀‖²" } },
    panels: [
      { title: "error of the n-th generator → ‖w₀‖² + σ₀²T₀/((d − T₀ − 1)(1 − T₀/d))" },
      { title: "increments Eₙ − Eₙ₋₁ shrink by T₀/d per generation", axes: { x: { title: "generation n" }, y: { title: "Eₙ − Eₙ₋₁", log: true } } },
    ],
    notes: [
      "[U] cases and sizes; Σ = I, ‖w₀‖ = 1. Theory (lines): the closed form derived here; simulation (markers): mean ± standard error over seeds (increments paired per seed).",
    ],
  };
}
