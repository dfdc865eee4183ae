/**
 * One-dimensional minimisation on a logarithmic scale: a coarse grid over [lo, hi] (guarding against shallow plateaus
 * and several local minima), then golden-section refinement between the best grid point's neighbours.
 */

/** Result of {@link minimizeOnLogScale}: the minimiser and the minimum. */
export interface LogScaleMinimum {
  x: number;
  value: number;
}

/**
 * Minimises f(x) over x ∈ [lo, hi], 0 < lo < hi, searching in log x: `gridPoints` log-spaced evaluations (default 41),
 * then golden-section steps on log x until the bracket is below `tol` (default 1e-5) or 60 steps.
 * Returns the better of the refined point and the best grid point.
 * @throws RangeError on a bad interval, grid or tolerance
 */
export function minimizeOnLogScale(f: (x: number) => number, lo: number, hi: number, opts: { gridPoints?: number; tol?: number } = {}): LogScaleMinimum {
  const g = opts.gridPoints ?? 41, tol = opts.tol ?? 1e-5;
  if (!(lo > 0 && hi > lo && Number.isFinite(hi))) throw new RangeError(`minimizeOnLogScale: need 0 < lo < hi < ∞, got [${lo}, ${hi}]`);
  if (!Number.isInteger(g) || g < 3) throw new RangeError(`minimizeOnLogScale: gridPoints must be an integer ≥ 3, got ${g}`);
  if (!(tol > 0)) throw new RangeError(`minimizeOnLogScale: tol must be > 0, got ${tol}`);
  const F = (t: number) => f(Math.exp(t));
  const l0 = Math.log(lo), step = (Math.log(hi) - l0) / (g - 1);
  let best = 0, bestVal = Infinity;
  for (let i = 0; i < g; i++) {
    const v = F(l0 + i * step);
    if (v < bestVal) {
      bestVal = v;
      best = i;
    }
  }
  let a = l0 + Math.max(0, best - 1) * step, b = l0 + Math.min(g - 1, best + 1) * step;
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = b - phi * (b - a), d = a + phi * (b - a);
  let fc = F(c), fd = F(d);
  for (let it = 0; it < 60 && b - a > tol; it++) {
    if (fc < fd) {
      b = d; d = c; fd = fc; c = b - phi * (b - a); fc = F(c);
    } else {
      a = c; c = d; fc = fd; d = a + phi * (b - a); fd = F(d);
    }
  }
  const t = 0.5 * (a + b);
  const v = F(t);
  return v <= bestVal ? { x: Math.exp(t), value: v } : { x: Math.exp(l0 + best * step), value: bestVal };
}
