/**
 * Numbers the notebook's claims test beyond the lab's series statistics (../../lab/series, re-exported here): the
 * compared points without Monte-Carlo spread, and a seed-by-seed test of a decreasing curve.
 */
import { pointsOfFigure, type ComparedPoint, type PointSelection } from "../../lab/agreement";
import { seedRows, statistic } from "../../lab/series";
import { linearFit } from "../../maths/stats";
import type { FigureSpec, Series } from "./figure-data";

export { asEstimate, estimateAt, estimateAtEnd, logLogSlopeEstimate, meanSe, pairedStatistic, seriesNamed, statistic } from "../../lab/series";

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

/**
 * Log–log slope of the excess y − floor of a simulated series over [xMin, xMax] (the approach of a learner's loss to
 * its floor), with its jackknife SE over seeds. A point whose (leave-one-out) mean excess is ≤ 0 makes the slope NaN,
 * which fails any check made of it.
 */
export function excessSlopeEstimate(s: Series, floor: number, xMin: number, xMax: number): { value: number; se: number } {
  const idx = s.x.map((x, i) => (x >= xMin && x <= xMax ? i : -1)).filter((i) => i >= 0);
  if (idx.length < 2) throw new RangeError(`excessSlopeEstimate: fewer than 2 points of "${s.name}" in [${xMin}, ${xMax}]`);
  const lx = idx.map((i) => Math.log(s.x[i]));
  return statistic(s, (y) => linearFit(lx, idx.map((i) => (y[i] - floor > 0 ? Math.log(y[i] - floor) : NaN))).slope);
}

/**
 * Steps of a simulated curve's approach to a limit: for consecutive chosen points, the decrease of the mean excess over
 * the limit, (y[i] − L) − (y[j] − L) = y[i] − y[j], with its jackknife SE over seeds; and the last point's excess y − L
 * relative to L. A monotone approach from above has every step > 0 and a final excess ≥ 0.
 */
export function approachSteps(s: Series, indices: number[]): { from: number; to: number; value: number; se: number }[] {
  if (indices.length < 2) throw new RangeError(`approachSteps: need at least 2 points, got ${indices.length}`);
  const out: { from: number; to: number; value: number; se: number }[] = [];
  for (let k = 1; k < indices.length; k++) {
    const i = indices[k - 1], j = indices[k];
    out.push({ from: s.x[i], to: s.x[j], ...statistic(s, (y) => y[i] - y[j]) });
  }
  return out;
}
