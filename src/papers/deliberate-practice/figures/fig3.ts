/**
 * Fig. 3: accuracy vs the size n₀ of the training set for keep-all and keep-hard selection keeping a fraction p of a
 * pool of n = n₀/p examples, d = 512 — Theorem 1 as stated (Gaussian-margin form), its exact arccos form, and
 * simulated points.
 */
import { fromSeeds, type FigureSpec, type Series } from "../../../lab/figure";
import type { Rng } from "../../../maths/random";
import type { Fig3Params } from "../params";
import { keepHardFraction } from "../selection-rules";
import { simulateSelectedRidge } from "../simulation";
import { GAUSSIAN_MARGIN_CEILING, theorem1 } from "../theorem1";

export function fig3Group(p: number): string {
  return p === 1 ? "keep all" : `keep-hard p=${p}`;
}

export function buildFig3(P: Fig3Params, rng: Rng): FigureSpec {
  const series: Series[] = [];
  for (const p of P.keepFractions) {
    const rule = keepHardFraction(p);
    const th = P.theorySizes.map((n0) => theorem1(rule, P.d / (n0 / p), P.lambda, P.rho));
    const group = fig3Group(p);
    const label = p === 1 ? "keep all" : `keep hardest ${Math.round(100 * p)}%`;
    series.push({ name: `theory, exact form: ${label}`, kind: "theory", group, x: P.theorySizes, y: th.map((t) => 1 - t.errorArccos) });
    series.push({ name: `Thm 1 as stated (Gaussian margin): ${label}`, kind: "theory", group: `${group} (Gaussian margin)`, colorGroup: group, variant: "Thm 1 as stated (Gaussian margin)", x: P.theorySizes, y: th.map((t) => 1 - t.errorGaussianMargin) });
    const rows: number[][] = [];
    for (let s = 0; s < P.seeds; s++) {
      rows.push(P.simSizes.map((n0) => {
        const n = Math.round(n0 / p);
        return 1 - simulateSelectedRidge({ d: P.d, n, rho: P.rho, rules: [rule], lambdas: [P.lambda] }, rng.split()).errors[0][0];
      }));
    }
    series.push({ name: `simulation: ${label}`, kind: "simulation", group, x: P.simSizes, ...fromSeeds(rows) });
  }
  return {
    figure: "fig3",
    title: `Fig. 3 — accuracy vs training-set size, keep all vs keep the hardest, d = ${P.d}`,
    groupLabels: Object.fromEntries(P.keepFractions.map((p) => [fig3Group(p), p === 1 ? "keep all" : `keep hardest ${Math.round(100 * p)}%`])),
    params: { ...P },
    series,
    axes: { x: { title: "training-set size n₀ = p·n (kept examples)", log: true }, y: { title: "test accuracy" } },
    markers: [
      { name: "n₀ = d", x: P.d },
      { name: `Gaussian-margin ceiling ${GAUSSIAN_MARGIN_CEILING.toFixed(4)}`, x: GAUSSIAN_MARGIN_CEILING, axis: "y" },
    ],
    notes: [
      `[U] λ = ${P.lambda}, ρ = ${P.rho}, keep fractions ${P.keepFractions.join(", ")}, x = kept size (the paper states only d = 512).`,
      `Simulation: ${P.seeds} pools per point, pool n = n₀/p, exact Gaussian test error.`,
    ],
  };
}
