/**
 * The lab's one theory-vs-simulation agreement engine.
 *
 * Each simulated point i (mean sim_i over seeds, standard error se_i) is compared with theory th_i through
 *   z_i = (sim_i − th_i) / √(se_i² + (ε·th_i)²),
 * where ε is the declared model error of the theory (the finite-size error of an asymptotic formula; default 0).
 * With n_i seeds behind a point, z_i is referred to Student's t with n_i − 1 degrees of freedom (normal otherwise).
 * Two families of tests share the false-alarm rate α (default 1%):
 *  - per point, Bonferroni over the P points at level α/2: catches a single point far from theory;
 *  - pooled relative bias at level α/2: r̄ = mean relative residual, so a systematic shift that is small at each
 *    point still fails. With per-seed values, r_s = mean_i (y_{s,i} − th_i)/|th_i| per seed and r̄ ± sd(r_s)/√S
 *    (valid whatever the correlation between points); without them, a bound that holds for any correlation
 *    (SE of a weighted mean ≤ weighted mean of the SEs).
 * The verdict's power is measured, not assumed: `detectableBias` is the smallest δ such that theory scaled by
 * (1 + δ) and by (1 − δ) both fail the same verdict on the same data (scan then bisection).
 */
import { studentTSf } from "../maths/distributions";
import type { FigureSpec, Series } from "./figure";

/** One simulated point with its theory value. */
export interface ComparedPoint {
  series: string;
  panel: number;
  x: number;
  /** simulated mean */
  sim: number;
  /** its standard error */
  se: number;
  theory: number;
  /** per-seed values behind `sim` (enables the per-seed pooled test and t degrees of freedom) */
  seeds?: number[];
  /** number of seeds behind `sim` when per-seed values are not kept */
  n?: number;
}

export interface AgreementOptions {
  /** declared relative model error ε of the theory (default 0; at most 0.05) */
  modelError?: number;
  /** family-wise false-alarm rate (default 0.01) */
  alpha?: number;
}

export interface PooledBias {
  /** "seeds": mean over seeds of the per-seed mean relative residual; "bound": correlation-free bound */
  method: "seeds" | "bound";
  points: number;
  replicates: number;
  /** mean relative residual (sim − theory)/|theory| */
  bias: number;
  se: number;
  z: number;
  p: number;
}

export interface AgreementResult {
  /** no test rejects at the family-wise level α */
  pass: boolean;
  points: number;
  /** largest number of seeds behind a point (0 when unknown) */
  seeds: number;
  alpha: number;
  modelError: number;
  worst?: ComparedPoint & { z: number; p: number };
  /** Bonferroni-adjusted p-value of the worst point (P·p) */
  worstAdjustedP: number;
  pooled: PooledBias[];
  /** max over points of |sim − theory| / |theory| */
  maxRelativeGap: number;
}

function checkOptions(o: AgreementOptions): { eps: number; alpha: number } {
  const eps = o.modelError ?? 0, alpha = o.alpha ?? 0.01;
  if (!(eps >= 0 && eps <= 0.05)) throw new RangeError(`agreement: modelError must be in [0, 0.05] (a declared finite-size error of a few % at most), got ${eps}`);
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`agreement: alpha must be in (0, 0.5), got ${alpha}`);
  return { eps, alpha };
}

function seedCount(p: ComparedPoint): number {
  return p.seeds ? p.seeds.length : p.n ?? 0;
}

/** Two-sided p-value of z under Student's t with df degrees of freedom (df ≤ 0: normal). */
function twoSided(z: number, df: number): number {
  if (Number.isNaN(z)) return 0;
  if (!Number.isFinite(z)) return 0;
  return Math.min(1, 2 * studentTSf(Math.abs(z), df > 0 ? df : Infinity));
}

function pointZ(p: ComparedPoint, eps: number): number {
  const d = p.sim - p.theory;
  const s = Math.sqrt(p.se * p.se + eps * eps * p.theory * p.theory);
  if (s === 0) return d === 0 ? 0 : Math.sign(d) * Infinity;
  return d / s;
}

function pooledFromSeeds(pts: ComparedPoint[], eps: number): PooledBias {
  const S = pts[0].seeds!.length;
  const r = new Float64Array(S);
  for (const p of pts) {
    const t = Math.abs(p.theory);
    for (let s = 0; s < S; s++) r[s] += (p.seeds![s] - p.theory) / t;
  }
  let m = 0;
  for (let s = 0; s < S; s++) m += (r[s] /= pts.length);
  m /= S;
  let v = 0;
  for (let s = 0; s < S; s++) v += (r[s] - m) * (r[s] - m);
  const se = Math.sqrt(v / (S - 1) / S);
  const z = m / Math.sqrt(se * se + eps * eps);
  return { method: "seeds", points: pts.length, replicates: S, bias: m, se, z, p: twoSided(z, S - 1) };
}

function pooledBound(pts: ComparedPoint[], eps: number): PooledBias {
  let W = 0, wr = 0, ws = 0, minN = Infinity;
  for (const p of pts) {
    const t = Math.abs(p.theory);
    const sigma = Math.sqrt(p.se * p.se + eps * eps * p.theory * p.theory) / t;
    const r = (p.sim - p.theory) / t;
    if (sigma === 0) {
      // an exact point: any residual is a bias of that size with no noise
      return { method: "bound", points: pts.length, replicates: 0, bias: r, se: 0, z: r === 0 ? 0 : Math.sign(r) * Infinity, p: r === 0 ? 1 : 0 };
    }
    const w = 1 / (sigma * sigma);
    W += w; wr += w * r; ws += w * sigma;
    minN = Math.min(minN, seedCount(p) || Infinity);
  }
  const bias = wr / W, se = ws / W, z = bias / se;
  return { method: "bound", points: pts.length, replicates: Number.isFinite(minN) ? minN : 0, bias, se, z, p: twoSided(z, Number.isFinite(minN) ? minN - 1 : 0) };
}

/** Pooled bias tests: one per group of points sharing a seed count (per-seed values), one bound for the rest. */
function pooledTests(points: ComparedPoint[], eps: number): PooledBias[] {
  const bySeeds = new Map<number, ComparedPoint[]>();
  const rest: ComparedPoint[] = [];
  for (const p of points) {
    if (p.theory === 0) continue; // a relative residual is undefined; the per-point test still applies
    if (p.seeds && p.seeds.length >= 3) {
      const g = bySeeds.get(p.seeds.length) ?? [];
      g.push(p);
      bySeeds.set(p.seeds.length, g);
    } else rest.push(p);
  }
  const out = [...bySeeds.values()].map((g) => pooledFromSeeds(g, eps));
  if (rest.length) out.push(pooledBound(rest, eps));
  return out;
}

/**
 * Tests simulated points against theory at the family-wise level α (see the module comment).
 * @throws RangeError on no points, non-finite values, negative standard errors or bad options
 */
export function testAgreement(points: ComparedPoint[], opts: AgreementOptions = {}): AgreementResult {
  const { eps, alpha } = checkOptions(opts);
  if (points.length === 0) throw new RangeError("agreement: no simulated points to compare (give simulation series with yErr and a theory series on the same x values)");
  let worst: (ComparedPoint & { z: number; p: number }) | undefined, maxRel = 0, seeds = 0;
  for (const p of points) {
    if (!Number.isFinite(p.sim) || !Number.isFinite(p.theory) || !(p.se >= 0)) {
      throw new RangeError(`agreement: point x = ${p.x} of "${p.series}" has sim ${p.sim}, theory ${p.theory}, se ${p.se} (need finite values and se ≥ 0)`);
    }
    const n = seedCount(p);
    seeds = Math.max(seeds, n);
    const z = pointZ(p, eps);
    const pv = twoSided(z, n - 1);
    if (!worst || pv < worst.p || (pv === worst.p && Math.abs(z) > Math.abs(worst.z))) worst = { ...p, z, p: pv };
    if (p.theory !== 0) maxRel = Math.max(maxRel, Math.abs(p.sim - p.theory) / Math.abs(p.theory));
  }
  const pooled = pooledTests(points, eps);
  const P = points.length;
  const worstAdjustedP = Math.min(1, worst!.p * P);
  const pointsOk = worst!.p * P >= alpha / 2;
  const pooledOk = pooled.every((t) => t.p * pooled.length >= alpha / 2);
  return { pass: pointsOk && pooledOk, points: P, seeds, alpha, modelError: eps, worst, worstAdjustedP, pooled, maxRelativeGap: maxRel };
}

/** The same points with theory multiplied by `factor` (what a relative bias of the simulation would look like). */
export function scaleTheory(points: ComparedPoint[], factor: number): ComparedPoint[] {
  return points.map((p) => ({ ...p, theory: p.theory * factor }));
}

function smallestFailing(points: ComparedPoint[], opts: AgreementOptions, sign: 1 | -1): number {
  const fails = (d: number) => !testAgreement(scaleTheory(points, 1 + sign * d), opts).pass;
  if (fails(0)) return 0;
  const top = sign > 0 ? 10 : 0.999;
  const grid: number[] = [];
  for (let d = 1e-4; d < top; d *= 1.3) grid.push(d);
  grid.push(top);
  let lo = 0, hi = NaN;
  for (const d of grid) {
    if (fails(d)) {
      hi = d;
      break;
    }
    lo = d;
  }
  if (Number.isNaN(hi)) return Infinity;
  for (let i = 0; i < 30 && hi - lo > 1e-4 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (fails(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Smallest relative bias δ the verdict detects in both directions: theory × (1 + δ) and theory × (1 − δ) fail.
 * Infinity when some bias direction is never detected (no power).
 */
export function detectableBias(points: ComparedPoint[], opts: AgreementOptions = {}): number {
  return Math.max(smallestFailing(points, opts, 1), smallestFailing(points, opts, -1));
}

/** Which simulation series of a figure to compare. */
export interface PointSelection {
  panels?: number[];
  series?: (s: Series) => boolean;
  xFilter?: (x: number, panel: number) => boolean;
}

function sameX(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Pairs every simulation series with standard errors (yErr) with the theory series of the same panel and group,
 * evaluated on the same x values. Per-seed values (Series.ySeeds) and seed counts (Series.seeds) are carried along.
 * @throws RangeError when a simulation has no matching theory series or theory lacks one of its x values
 */
export function pointsOfFigure(spec: FigureSpec, sel: PointSelection = {}): ComparedPoint[] {
  const out: ComparedPoint[] = [];
  for (const sim of spec.series) {
    if (sim.kind !== "simulation" || !sim.yErr) continue;
    const panel = sim.panel ?? 0;
    if (sel.panels && !sel.panels.includes(panel)) continue;
    if (sel.series && !sel.series(sim)) continue;
    const th = spec.series.find((s) => s.kind === "theory" && (s.panel ?? 0) === panel && s.group === sim.group);
    if (!th) throw new RangeError(`agreement: no theory series for simulation "${sim.name}" (panel ${panel}, group ${sim.group}) in figure ${spec.figure}`);
    for (let i = 0; i < sim.x.length; i++) {
      const x = sim.x[i];
      if (sel.xFilter && !sel.xFilter(x, panel)) continue;
      const j = th.x.findIndex((v) => sameX(v, x));
      if (j < 0) throw new RangeError(`agreement: theory "${th.name}" has no point at x = ${x} (figure ${spec.figure}); evaluate theory on the simulation's x values`);
      const p: ComparedPoint = { series: sim.name, panel, x, sim: sim.y[i], se: sim.yErr[i], theory: th.y[j] };
      if (sim.ySeeds) p.seeds = sim.ySeeds.map((row) => row[i]);
      else if (sim.seeds) p.n = sim.seeds;
      out.push(p);
    }
  }
  if (out.length === 0) throw new RangeError(`agreement: figure ${spec.figure} has no simulation series with error bars in the selection`);
  return out;
}

/** One line for a scorecard: what was compared, the worst point, the pooled bias and the power. */
export function describeAgreement(r: AgreementResult, detectable: number): string {
  const pct = (v: number) => `${v !== 0 && Math.abs(v) < 0.001 ? (100 * v).toPrecision(2) : (100 * v).toFixed(Math.abs(v) < 0.01 ? 2 : 1)}%`;
  const w = r.worst!;
  const pooled = r.pooled.map((t) => `${t.bias >= 0 ? "+" : ""}${pct(t.bias)} ± ${pct(t.se)}${t.method === "bound" ? " (bound)" : ""}`).join(", ");
  return `${r.points} points${r.seeds ? `, ${r.seeds} seeds` : ""}: worst z ${Number.isFinite(w.z) ? w.z.toFixed(2) : w.z} at x = ${w.x} ` +
    `(${w.series}; adjusted p ${r.worstAdjustedP.toPrecision(2)}), pooled bias ${pooled}; detects a bias ≥ ${Number.isFinite(detectable) ? pct(detectable) : "∞"}` +
    (r.modelError ? ` (model error ${pct(r.modelError)})` : "");
}
