/**
 * Numbers the notebook checks, computed from a figure's data (theory vs simulation agreement, fits).
 */
import { linearFit } from "../../maths/stats";
import type { FigureSpec, Series } from "./figure-spec";

/** One theory-vs-simulation comparison. */
export interface AgreementPoint {
  series: string; panel: number; x: number; sim: number; se: number; theory: number; tolerance: number; ok: boolean;
}

/** Summary of {@link theoryAgreement}. */
export interface Agreement {
  points: number;
  failures: number;
  /** max over points of |sim − theory| / tolerance (≤ 1 means every point passes) */
  worstRatio: number;
  worst?: AgreementPoint;
  /** max over points of |sim − theory|/theory */
  maxRelativeGap: number;
  all: AgreementPoint[];
}

/**
 * Pairs every simulation series with the theory series of the same panel and group (same x grid) and applies
 * the spec §1.4 rule |sim − theory| ≤ max(k·SE, rel·theory), with `relNear` instead of `rel` where
 * `nearThreshold(panel, x)` says the point is near an interpolation threshold.
 */
export function theoryAgreement(
  spec: FigureSpec,
  opts: {
    k?: number; rel?: number; relNear?: number; nearThreshold?: (panel: number, x: number, s: Series) => boolean;
    xFilter?: (x: number) => boolean; panels?: number[];
  } = {},
): Agreement {
  const k = opts.k ?? 3, rel = opts.rel ?? 0.05, relNear = opts.relNear ?? 0.1;
  const all: AgreementPoint[] = [];
  for (const sim of spec.series) {
    if (sim.kind !== "simulation" || !sim.yErr) continue;
    const panel = sim.panel ?? 0;
    if (opts.panels && !opts.panels.includes(panel)) continue;
    const th = spec.series.find((s) => s.kind === "theory" && (s.panel ?? 0) === panel && s.group === sim.group);
    if (!th) throw new RangeError(`theoryAgreement: no theory series for simulation "${sim.name}" (panel ${panel}, group ${sim.group})`);
    for (let i = 0; i < sim.x.length; i++) {
      const x = sim.x[i];
      if (opts.xFilter && !opts.xFilter(x)) continue;
      const j = th.x.indexOf(x);
      if (j < 0) throw new RangeError(`theoryAgreement: theory "${th.name}" has no point at x = ${x}`);
      const near = opts.nearThreshold ? opts.nearThreshold(panel, x, sim) : false;
      const theory = th.y[j];
      const tolerance = Math.max(k * sim.yErr[i], (near ? relNear : rel) * Math.abs(theory));
      const gap = Math.abs(sim.y[i] - theory);
      all.push({ series: sim.name, panel, x, sim: sim.y[i], se: sim.yErr[i], theory, tolerance, ok: gap <= tolerance });
    }
  }
  let worst: AgreementPoint | undefined, worstRatio = 0, maxRel = 0;
  for (const p of all) {
    const ratio = Math.abs(p.sim - p.theory) / p.tolerance;
    if (ratio > worstRatio || !worst) {
      worstRatio = ratio;
      worst = p;
    }
    maxRel = Math.max(maxRel, Math.abs(p.sim - p.theory) / Math.abs(p.theory));
  }
  return { points: all.length, failures: all.filter((p) => !p.ok).length, worstRatio, worst, maxRelativeGap: maxRel, all };
}

/** Figure-wide verdict built from {@link theoryAgreement}. */
export interface AgreementVerdict {
  /** fraction of points within max(3·SE, 5%·theory) (10% near a threshold) */
  fraction: number;
  /** points outside the gross-error guard max(5·SE, 10%·theory) (20% near a threshold) */
  gross: number;
  points: number;
  maxRelativeGap: number;
  pass: boolean;
  /** one line for a scorecard */
  text: string;
}

/**
 * Figure-wide theory-vs-simulation verdict. Applying the per-point §1.4 rule to hundreds of correlated points
 * would fail by chance (≈ 0.3% of points are beyond 3 SE even for a perfect theory, more with skewed errors
 * and few seeds), so a figure passes when at most max(1, ⌊(1 − minFraction)·points⌋) points (minFraction
 * default 95%) miss the per-point rule and none violates the gross guard max(5·SE, 2·rel·theory).
 */
export function agreementVerdict(
  spec: FigureSpec,
  opts: {
    rel?: number; relNear?: number; nearThreshold?: (panel: number, x: number, s: Series) => boolean;
    xFilter?: (x: number) => boolean; panels?: number[]; minFraction?: number;
  } = {},
): AgreementVerdict {
  const rel = opts.rel ?? 0.05, relNear = opts.relNear ?? 0.1;
  const strict = theoryAgreement(spec, { ...opts, k: 3, rel, relNear });
  const loose = theoryAgreement(spec, { ...opts, k: 5, rel: 2 * rel, relNear: 2 * relNear });
  const fraction = strict.points === 0 ? 0 : (strict.points - strict.failures) / strict.points;
  const minFraction = opts.minFraction ?? 0.95;
  // allow at least one point outside 3·SE on small figures (a 3·SE miss is expected now and then even for an exact theory)
  const allowed = Math.max(1, Math.floor((1 - minFraction) * strict.points + 1e-9));
  const pass = strict.points > 0 && strict.failures <= allowed && loose.failures === 0;
  const text = `${strict.points - strict.failures}/${strict.points} points within max(3·SE, ${100 * rel}%), ` +
    `${loose.failures} beyond max(5·SE, ${200 * rel}%); max gap ${(100 * strict.maxRelativeGap).toFixed(1)}%`;
  return { fraction, gross: loose.failures, points: strict.points, maxRelativeGap: strict.maxRelativeGap, pass, text };
}

/** The unique series of `spec` with this name (and panel, if given). */
export function seriesNamed(spec: FigureSpec, name: string, panel?: number): Series {
  const found = spec.series.filter((s) => s.name === name && (panel === undefined || (s.panel ?? 0) === panel));
  if (found.length !== 1) throw new RangeError(`seriesNamed: expected one series "${name}"${panel === undefined ? "" : ` in panel ${panel}`}, found ${found.length}`);
  return found[0];
}

/** Least-squares line of a series' y on x (optionally only x ≤ xMax). */
export function seriesLinearFit(s: Series, xMax = Infinity): { slope: number; intercept: number; r2: number } {
  const x: number[] = [], y: number[] = [];
  s.x.forEach((v, i) => {
    if (v <= xMax) {
      x.push(v);
      y.push(s.y[i]);
    }
  });
  return linearFit(x, y);
}

/** Slope of log y against x over the points with y > floor (exponential decay rate). */
export function semilogSlope(s: Series, xMin: number, xMax: number, floor = 0): number {
  const x: number[] = [], y: number[] = [];
  s.x.forEach((v, i) => {
    if (v >= xMin && v <= xMax && s.y[i] > floor) {
      x.push(v);
      y.push(Math.log(s.y[i]));
    }
  });
  return linearFit(x, y).slope;
}

/** The x at which a series is minimal. */
export function argMin(s: Series): number {
  let best = 0;
  for (let i = 1; i < s.y.length; i++) if (s.y[i] < s.y[best]) best = i;
  return s.x[best];
}
