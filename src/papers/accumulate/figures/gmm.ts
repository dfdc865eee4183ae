/** Fig. 4 stand-in (GeoDiff → a Gaussian-mixture generative model of 2-D points), with the paper's read values. */
import type { Rng } from "../../../maths/random";
import { mean } from "../../../maths/stats";
import { simulateGmmStandin, type GmmStandinParams } from "../gmm-standin";
import { FIG4_READ } from "../paper-values";
import { iterationAxis, seededSeries } from "../series";
import type { FigureSpec, Series } from "../figure-spec";

export function buildFig4(p: GmmStandinParams, rng: Rng): FigureSpec {
  const run = simulateGmmStandin(p, rng);
  const ns = iterationAxis(p.iterations);
  const series: Series[] = [];
  for (const s of ["replace", "accumulate"] as const) {
    const rows = run.nll[s];
    series.push(seededSeries(`stand-in GMM, ${s}`, "stand-in", ns, rows, { panel: 0, group: s, style: "lines+markers" }));
  }
  const h = mean(run.truthNll);
  series.push({ name: "NLL of the real law itself (lowest possible)", kind: "theory", x: [1, p.iterations], y: [h, h], panel: 0, group: "truth", style: "lines", reference: true });
  series.push({ name: "paper's reported values: GeoDiff, replace", kind: "measured", x: FIG4_READ.iterations, y: FIG4_READ.replace, panel: 1, group: "replace", style: "lines+markers" });
  series.push({ name: "paper's reported values: GeoDiff, accumulate", kind: "measured", x: FIG4_READ.iterations, y: FIG4_READ.accumulate, panel: 1, group: "accumulate", style: "lines+markers" });
  return {
    figure: "fig4",
    title: "Fig. 4 — a generative model refitted on its own samples: replace vs accumulate",
    params: { ...p, truthNll: h },
    series,
    axes: { x: { title: "model-fitting iteration" }, y: { title: "test loss" } },
    panels: [
      { title: "stand-in: Gaussian mixture (EM) on a ring of 2-D Gaussians — test NLL (nats/point)", axes: { x: { title: "model-fitting iteration" }, y: { title: "test NLL on real held-out points" } } },
      { title: "paper's reported values: GeoDiff on GEOM-Drugs (test loss)", axes: { x: { title: "model-fitting iteration" }, y: { title: "test loss" } } },
    ],
    notes: [
      `Stand-in: real law = ${p.K} Gaussians (sd ${p.sd}) on a circle of radius ${p.radius}; model = ${p.em.K}-component full-covariance GMM by EM (${p.em.iterations} iterations); ${p.points} points per dataset. [U] all sizes.`,
      `Panel 2: ${FIG4_READ.note}.`,
    ],
  };
}
