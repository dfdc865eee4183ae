/**
 * Numbers the notebook's claims test, computed from a figure's simulated data with standard errors over seeds:
 * per-seed values (`ySeeds`) give the SE of a mean; statistics of the mean curve (slopes, ratios) get a jackknife SE.
 */
import { pointsOfFigure, type ComparedPoint, type PointSelection } from "../../lab/agreement";
import type { Estimate } from "../../lab/checks";
import { jackknife, logLogSlope } from "../../maths/stats";
import type { FigureSpec, Series } from "./figure-data";

/** The unique series of `fig` with this name (and panel, if given). */
export function seriesNamed(fig: FigureSpec, name: string, panel?: number): Series {
  const found = fig.series.filter((s) => s.name === name && (panel === undefined || (s.panel ?? 0) === panel));
  if (found.length !== 1) {
    throw new RangeError(`seriesNamed: expected one series "${name}"${panel === undefined ? "" : ` in panel ${panel}`} in ${fig.figure}, found ${found.length}`);
  }
  return found[0];
}

function seedRows(s: Series): number[][] {
  if (!s.ySeeds) throw new RangeError(`series "${s.name}" has no per-seed values (ySeeds): its statistics have no standard error`);
  return s.ySeeds;
}

/** A statistic of a simulated series' mean curve with its jackknife standard error over seeds. */
export function statistic(s: Series, stat: (meanCurve: number[]) => number): { value: number; se: number } {
  return jackknife(seedRows(s), stat);
}

/**
 * A statistic of two simulated series with the same seeds (paired: row s of both comes from seed s), with its
 * jackknife standard error.
 */
export function pairedStatistic(a: Series, b: Series, stat: (meanA: number[], meanB: number[]) => number): { value: number; se: number } {
  const ra = seedRows(a), rb = seedRows(b);
  if (ra.length !== rb.length) throw new RangeError(`pairedStatistic: "${a.name}" has ${ra.length} seeds, "${b.name}" ${rb.length}`);
  const k = a.x.length;
  const rows = ra.map((r, s) => [...r, ...rb[s]]);
  return jackknife(rows, (m) => stat(m.slice(0, k), m.slice(k)));
}

/** Log–log slope of a simulated series over [xMin, xMax], with its jackknife standard error. */
export function logLogSlopeEstimate(s: Series, xMin = -Infinity, xMax = Infinity): { value: number; se: number } {
  return statistic(s, (y) => logLogSlope(s.x, y, xMin, xMax));
}

/** The simulated mean at x with its standard error, as an estimate for an ordering claim. */
export function estimateAt(s: Series, x: number, label = s.name): Estimate {
  const i = s.x.findIndex((v) => v === x);
  if (i < 0) throw new RangeError(`estimateAt: series "${s.name}" has no point at x = ${x}`);
  if (!s.yErr) throw new RangeError(`estimateAt: series "${s.name}" has no standard errors`);
  return { label, mean: s.y[i], se: s.yErr[i] };
}

/** The last point of a simulated series, as an estimate. */
export function estimateAtEnd(s: Series, label = s.name): Estimate {
  return estimateAt(s, s.x[s.x.length - 1], label);
}

/** A value with a standard error, labelled, as an estimate for an ordering claim. */
export function asEstimate(e: { value: number; se: number }, label: string): Estimate {
  return { label, mean: e.value, se: e.se };
}

/** Mean and standard error of per-seed values. */
export function meanSe(values: ArrayLike<number>): { value: number; se: number } {
  const n = values.length;
  if (n < 2) throw new RangeError(`meanSe: need at least 2 values, got ${n}`);
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i];
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i] - m) ** 2;
  return { value: m, se: Math.sqrt(v / (n - 1) / n) };
}

/**
 * The simulated points of a figure compared with theory (the lab's pairing, ../../lab/agreement), less the points at
 * which every seed gave the same value (SE ≤ 1e-9·|theory|) within 0.1% of theory: there the Monte-Carlo has no spread
 * to estimate its noise from (e.g. once every item of a cut law has been seen in every run, the error is the cut's
 * floor in each seed while the exact expectation still holds a 10⁻⁴ chance of a missed item). A point without spread
 * that is further than 0.1% from theory is kept, and fails the test.
 */
export function comparedPoints(fig: FigureSpec, sel: PointSelection = {}): { points: ComparedPoint[]; withoutSpread: number } {
  const all = pointsOfFigure(fig, sel);
  const points = all.filter((p) => !(p.se <= 1e-9 * Math.abs(p.theory) && Math.abs(p.sim - p.theory) <= 1e-3 * Math.abs(p.theory)));
  return { points, withoutSpread: all.length - points.length };
}

/**
 * Seed-by-seed test of a decreasing curve whose per-seed values are heavy-tailed (a rare catastrophic seed makes the
 * mean's SE meaningless): for each consecutive pair of the chosen points, the fraction of seeds s with
 * y_s[i] > y_s[next]. Returns the smallest fraction over the pairs, the pair it occurs at, and the binomial SE of a
 * fraction under "no trend" (½ each way), 0.5/√S: a fraction beyond ½ by ≥ 2 such SEs is a decrease beyond chance.
 */
export function seedwiseDecrease(s: Series, indices: number[]): { fraction: number; at: [number, number]; se: number; seeds: number } {
  const rows = seedRows(s);
  if (indices.length < 2) throw new RangeError(`seedwiseDecrease: need at least 2 points, got ${indices.length}`);
  let fraction = Infinity, at: [number, number] = [s.x[indices[0]], s.x[indices[1]]];
  for (let k = 1; k < indices.length; k++) {
    const i = indices[k - 1], j = indices[k];
    const f = rows.filter((r) => r[i] > r[j]).length / rows.length;
    if (f < fraction) { fraction = f; at = [s.x[i], s.x[j]]; }
  }
  return { fraction, at, se: 0.5 / Math.sqrt(rows.length), seeds: rows.length };
}
