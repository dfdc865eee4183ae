/** Pareto frontier of a set of points (Fig. 1 of "Strong Model Collapse"). */

/**
 * Indices of the Pareto frontier of points (x_i, y_i), both to be minimised: the points no other point dominates
 * (x_j ≤ x_i and y_j ≤ y_i, one strictly), sorted by increasing x (so decreasing y). Ties keep the first index.
 * @example paretoFrontier([1, 2, 3, 0.5], [3, 1, 2, 4]) // [3, 0, 1]
 */
export function paretoFrontier(x: number[], y: number[]): number[] {
  if (x.length !== y.length) throw new RangeError(`paretoFrontier: x (${x.length}) and y (${y.length}) differ in length`);
  x.forEach((v, i) => { if (!Number.isFinite(v) || !Number.isFinite(y[i])) throw new RangeError(`paretoFrontier: point ${i} is not finite (${v}, ${y[i]})`); });
  const order = x.map((_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b] || a - b);
  const out: number[] = [];
  let best = Infinity;
  for (const i of order) {
    if (y[i] < best) {
      out.push(i);
      best = y[i];
    }
  }
  return out;
}
