/**
 * Fig. 3: finite-data simulations — downstream accuracy vs the number of synthesized examples n (log axis).
 * Random-flip panels (generator error p below and above ½): clean labels, oracle, two noisy verifiers and no
 * verification, with the closed form at nₛ = n·keep-rate. Linear panel: a deterministic linear generator at angle
 * θ_gen with an oracle, linear verifiers at angle θ_prune, or none; its infinite-data limits are drawn as reference
 * lines (derived here).
 */
import type { Rng } from "../../../maths/random";
import { breakdownPoint, keepRate, keptErrorRate, type Verifier } from "../breakdown";
import { flipModelError } from "../flip-theory";
import { linearGeneratorSelector, randomFlipSelector, type LinearSelection } from "../generators";
import { halfspaceLimit } from "../halfspace-limit";
import { selectedRidgePath, type LabelAndSelect } from "../selection-simulation";
import { simulatedSeries } from "../series-stats";
import type { FigureSpec, Marker, Series } from "../figure-spec";

export interface Fig3Params {
  d: number;
  lambda: number;
  /** numbers of synthesized (generated) examples */
  ns: number[];
  /** generator error rates of the random-flip panels */
  flipErrors: number[];
  /** verifiers of the random-flip panels (name → keep probabilities) */
  verifiers: { name: string; v: Verifier }[];
  /** linear generator angle θ_gen (radians) and verifiers of the linear panel */
  thetaGen: number;
  linear: { name: string; sel: LinearSelection }[];
  seeds: number;
}

/** Per-seed accuracy rows of a selector on the generated-count grid. */
function accuracyRows(select: LabelAndSelect, q: Fig3Params, rng: Rng, onSeed?: () => void): number[][] {
  const rows: number[][] = [];
  for (let s = 0; s < q.seeds; s++) {
    rows.push(selectedRidgePath(select, { d: q.d, lambda: q.lambda, checkpoints: q.ns, count: "generated" }, rng.split()).error.map((e) => 1 - e));
    onSeed?.();
  }
  return rows;
}

export function buildFig3(q: Fig3Params, rng: Rng, onSeed?: () => void): FigureSpec {
  const series: Series[] = [];
  const markers: Marker[] = [];
  const limits: Record<string, number> = {};
  q.flipErrors.forEach((p, panel) => {
    const curves = [{ name: "clean labels", p: 0, v: { phi: 1, psi: 1 } }, ...q.verifiers.map((c) => ({ name: c.name, p, v: c.v }))];
    for (const c of curves) {
      const k = keepRate(c.p, c.v), pp = keptErrorRate(c.p, c.v);
      series.push({ name: `theory ${c.name}`, kind: "theory", x: q.ns, y: q.ns.map((n) => 1 - flipModelError({ nSel: n * k, d: q.d, pPrime: pp, lambda: q.lambda })), panel, group: c.name });
      series.push(simulatedSeries({ name: `simulation ${c.name}`, kind: "simulation", x: q.ns, panel, group: c.name }, accuracyRows(randomFlipSelector(c.p, c.v), q, rng, onSeed)));
    }
  });
  const lp = q.flipErrors.length;
  const dirs = [q.thetaGen, ...q.linear.flatMap((c) => (c.sel.kind === "linear" ? [c.sel.side * c.sel.thetaPrune] : []))];
  for (const c of [{ name: "clean labels", theta: 0, sel: { kind: "none" } as LinearSelection }, ...q.linear.map((c) => ({ ...c, theta: q.thetaGen }))]) {
    const f = linearGeneratorSelector(c.theta, c.sel);
    const lim = halfspaceLimit(f, dirs, q.lambda);
    limits[c.name] = 1 - lim.error;
    markers.push({ name: `n → ∞: ${c.name}`, x: 1 - lim.error, axis: "y", panel: lp });
    series.push(simulatedSeries({ name: `simulation ${c.name}`, kind: "simulation", x: q.ns, panel: lp, group: c.name, style: "lines+markers" }, accuracyRows(f, q, rng, onSeed)));
  }
  const deg = (t: number) => `${Math.round((t * 180) / Math.PI)}°`;
  return {
    figure: "fig3",
    title: "Fig. 3 — accuracy vs number of synthesized examples, with and without verification",
    params: { ...q, breakdownPoints: Object.fromEntries(q.verifiers.map((c) => [c.name, breakdownPoint(c.v)])), linearLimits: limits },
    series,
    axes: { x: { title: "synthesized examples n", log: true }, y: { title: "downstream accuracy" } },
    panels: [
      ...q.flipErrors.map((p) => ({ title: `random-flip generator, error p = ${p}` })),
      { title: `linear generator θ_gen = ${deg(q.thetaGen)} (generator accuracy ${(1 - q.thetaGen / Math.PI).toFixed(3)})` },
    ],
    markers,
    metrics: limits,
    notes: [
      `Random-flip panels: lines are the closed form at nₛ = n·keep-rate (derived here), markers the simulation (mean ± SE over ${q.seeds} seeds).`,
      "Linear panel: simulation only; horizontal lines are the exact infinite-data limits (derived here).",
      `d = ${q.d}, λ = ${q.lambda}, the error rates, verifier strengths and angles are choices of this reproduction [U].`,
    ],
  };
}
