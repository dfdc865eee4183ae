/**
 * Exponential collapse (abstract; docs/derivations/demystified.md §4): Σ = I, T₀ < d, σ₀ = 0, min-norm generators on fresh designs.
 * E‖ŵ_n − w₀‖² = ‖w₀‖²(1 − (T₀/d)ⁿ); panel 2 shows the signal kept, ‖ŵ_n‖², on a log axis: its mean is (T₀/d)ⁿ‖w₀‖² =
 * ‖w₀‖² − E‖ŵ_n − w₀‖² (§4), and per seed it stays precise where (T₀/d)ⁿ is small, unlike 1 − ‖ŵ_n − w₀‖² (slope log(T₀/d)).
 */
import type { Rng } from "../../../maths/random";
import { fromSeeds } from "../../../lab/figure";
import { isotropicSpectrum } from "../../../theory/ridge/index";
import { exponentialCollapseError } from "../exponential-collapse";
import { randomUnitVector, runFakeDataChain } from "../simulate";
import type { ExponentialParams } from "../params";
import type { FigureSpec, Series } from "../figure-spec";

export function buildExponential(p: ExponentialParams, rng: Rng): FigureSpec {
  const { d, T0s, maxGenerations, seeds } = p;
  const eigs = isotropicSpectrum(d);
  const ns = Array.from({ length: maxGenerations + 1 }, (_, i) => i);
  const series: Series[] = [];
  for (const T0 of T0s) {
    const rel: number[][] = [], kept: number[][] = [];
    for (let s = 0; s < seeds; s++) {
      const r = rng.split();
      const w0 = randomUnitVector(d, r); // ‖w₀‖ = 1
      const chain = runFakeDataChain(eigs, w0, { T0, sigma0: 0, generations: maxGenerations, learner: { kind: "minnorm" } }, r);
      const e = chain.map((w) => {
        let s2 = 0;
        for (let j = 0; j < d; j++) s2 += (w[j] - w0[j]) ** 2;
        return s2;
      });
      rel.push(e);
      kept.push(chain.map((w) => {
        let s2 = 0;
        for (let j = 0; j < d; j++) s2 += w[j] * w[j];
        return s2;
      }));
    }
    const group = `T₀ = ${T0}`;
    const th = ns.map((n) => exponentialCollapseError(d, T0, n));
    const m = fromSeeds(rel), k = fromSeeds(kept);
    series.push({ name: `theory ${group}`, kind: "theory", x: ns, y: th, group, panel: 0 });
    series.push({ name: `simulation ${group}`, kind: "simulation", x: ns, ...m, group, panel: 0 });
    series.push({ name: `theory ${group}`, kind: "theory", x: ns, y: th.map((x) => 1 - x), group, panel: 1 });
    series.push({ name: `simulation ${group}`, kind: "simulation", x: ns, ...k, group, panel: 1 });
  }
  // Contrast: the same chain on ONE fixed design stops after the first projection (P² = P): error 1 − T₀/d.
  const T0f = T0s[Math.floor(T0s.length / 2)];
  const fixed: number[][] = [];
  for (let s = 0; s < Math.min(seeds, 40); s++) { // its error barely fluctuates: 40 seeds are plenty
    const r = rng.split();
    const w0 = randomUnitVector(d, r);
    const chain = runFakeDataChain(eigs, w0, { T0: T0f, sigma0: 0, generations: maxGenerations, learner: { kind: "minnorm" }, design: "fixed" }, r);
    fixed.push(chain.map((w) => {
      let s2 = 0;
      for (let j = 0; j < d; j++) s2 += (w[j] - w0[j]) ** 2;
      return s2;
    }));
  }
  const fm = fromSeeds(fixed);
  const fixedGroup = `fixed design, T₀ = ${T0f}`;
  series.push({ name: `theory ${fixedGroup}`, kind: "theory", x: ns, y: ns.map((n) => (n === 0 ? 0 : 1 - T0f / d)), group: fixedGroup, panel: 0 });
  series.push({ name: `simulation ${fixedGroup}`, kind: "simulation", x: ns, ...fm, group: fixedGroup, panel: 0 });
  return {
    figure: "exponential",
    title: "Exponential collapse: over-parameterised noise-free min-norm chain (Σ = I)",
    params: { ...p, w0Norm: 1, generator: "min-norm, fresh designs, σ₀ = 0", fixedDesignContrast: { T0: T0f, seeds: Math.min(seeds, 40) } },
    series,
    axes: { x: { title: "generation n" }, y: { title: "E‖ŵₙ − w₀‖² / ‖w₀‖²" } },
    panels: [
      { title: "error → ‖w₀‖² (null predictor)" },
      { title: "signal kept E‖ŵₙ‖² = 1 − E/‖w₀‖² = (T₀/d)ⁿ", axes: { x: { title: "generation n" }, y: { title: "‖ŵₙ‖² / ‖w₀‖²", log: true } } },
    ],
    notes: [
      "The paper's claim [V], formula derived here [D]; d = 200 and T₀ ∈ {50, 100, 150} are [U] choices.",
      "Contrast (this reproduction's addition): with one fixed generator design, ŵ_n = P·w₀ for every n ≥ 1, so the error stays at 1 − T₀/d — the exponential collapse needs fresh designs.",
    ],
  };
}
