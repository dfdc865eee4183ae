/**
 * Fig. 5(c): accuracy vs the oversampling ratio n/n₀ when a fixed number n₀ of examples is kept (keep-hard with
 * p = n₀/n) — theory (both forms) and, for some settings, simulation.
 */
import { fromSeeds, type FigureSpec, type Series } from "../../../lab/figure";
import type { Rng } from "../../../maths/random";
import type { Fig5cParams } from "../params";
import { keepHardFraction } from "../selection-rules";
import { simulateSelectedRidge } from "../simulation";
import { theorem1 } from "../theorem1";

export function fig5cGroup(rho: number, keptSize: number): string {
  return `ρ=${rho}, n₀=${keptSize}`;
}

export function buildFig5c(P: Fig5cParams, rng: Rng): FigureSpec {
  const series: Series[] = [];
  P.settings.forEach(({ rho, keptSize }, si) => {
    const group = fig5cGroup(rho, keptSize);
    const label = `ρ = ${rho}, n₀ = ${keptSize}`;
    const th = P.ratios.map((r) => theorem1(keepHardFraction(1 / r), P.d / (keptSize * r), P.lambda, rho));
    series.push({ name: `theory, exact form: ${label}`, kind: "theory", group, x: P.ratios, y: th.map((t) => 1 - t.errorArccos) });
    series.push({ name: `Thm 1 as stated (Gaussian margin): ${label}`, kind: "theory", group: `${group} (Gaussian margin)`, colorGroup: group, variant: "Thm 1 as stated (Gaussian margin)", x: P.ratios, y: th.map((t) => 1 - t.errorGaussianMargin) });
    if (P.simulated.includes(si)) {
      const rows: number[][] = [];
      for (let s = 0; s < P.seeds; s++) {
        rows.push(P.ratios.map((r) => 1 - simulateSelectedRidge({ d: P.d, n: Math.round(keptSize * r), rho, rules: [keepHardFraction(1 / r)], lambdas: [P.lambda] }, rng.split()).errors[0][0]));
      }
      series.push({ name: `simulation: ${label}`, kind: "simulation", group, x: P.ratios, ...fromSeeds(rows) });
    }
  });
  return {
    figure: "fig5c",
    title: `Fig. 5(c) — accuracy vs oversampling ratio at a fixed kept size, d = ${P.d}`,
    params: { ...P },
    series,
    axes: { x: { title: "oversampling ratio n/n₀ = 1/p", log: true }, y: { title: "test accuracy" } },
    notes: [`[U] λ = ${P.lambda} and the (ρ, n₀) settings; keep-hard selection of the n₀ hardest of n = ratio·n₀ pool examples (threshold form, eq. 20).`],
  };
}
