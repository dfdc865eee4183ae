/**
 * Small descriptive statistics and fits shared by every paper.
 * Empty input returns NaN (never throws), following d3-array's convention.
 */

/** Arithmetic mean; NaN for an empty array. @example mean([1, 2, 3]) // returns 2 */
export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Unbiased sample variance (Welford); NaN for fewer than two values. @example variance([1, 2, 3, 4]) // returns 1.6666666666666667 */
export function variance(xs: ArrayLike<number>): number {
  if (xs.length < 2) return NaN;
  let m = 0, s = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = xs[i] - m;
    m += d / (i + 1);
    s += d * (xs[i] - m);
  }
  return s / (xs.length - 1);
}

/** Sample standard deviation. */
export function std(xs: ArrayLike<number>): number {
  return Math.sqrt(variance(xs));
}

/** Standard error of the mean, sd/√n. */
export function stderr(xs: ArrayLike<number>): number {
  return std(xs) / Math.sqrt(xs.length);
}

/** Mean and standard error of each column of `rows` (rows = repetitions, columns = grid points). */
export function meanAndStderr(rows: ArrayLike<number>[]): { mean: number[]; se: number[] } {
  if (rows.length === 0) return { mean: [], se: [] };
  const k = rows[0].length;
  const m: number[] = [], se: number[] = [];
  const col = new Float64Array(rows.length);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < rows.length; i++) col[i] = rows[i][j];
    m.push(mean(col));
    se.push(rows.length > 1 ? stderr(col) : 0);
  }
  return { mean: m, se };
}

/** Least-squares line y ≈ intercept + slope·x, with R². */
export interface LinearFit {
  slope: number;
  intercept: number;
  r2: number;
}

/**
 * Ordinary least-squares line through (x, y).
 * @throws RangeError if the arrays differ in length or have fewer than two points.
 * @example linearFit([0, 1, 2], [1, 3, 5]).slope // returns 2
 */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): LinearFit {
  if (x.length !== y.length) throw new RangeError(`linearFit: x has ${x.length} points, y has ${y.length}`);
  if (x.length < 2) throw new RangeError("linearFit: need at least two points");
  const mx = mean(x), my = mean(y);
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: my - slope * mx, r2 };
}

/**
 * Slope of log y against log x over the points with xMin ≤ x ≤ xMax (all points by default):
 * the exponent of a power law y ∝ x^slope.
 * @example logLogSlope([1, 10, 100], [1, 0.1, 0.01]) // returns -1
 */
export function logLogSlope(x: ArrayLike<number>, y: ArrayLike<number>, xMin = -Infinity, xMax = Infinity): number {
  const lx: number[] = [], ly: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (x[i] >= xMin && x[i] <= xMax && x[i] > 0 && y[i] > 0) {
      lx.push(Math.log(x[i]));
      ly.push(Math.log(y[i]));
    }
  }
  return linearFit(lx, ly).slope;
}

/** `n` points evenly spaced from a to b inclusive. @example linspace(0, 1, 3) // returns [0, 0.5, 1] */
export function linspace(a: number, b: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`linspace: n must be a positive integer, got ${n}`);
  if (n === 1) return [a];
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/** `n` points evenly spaced in log10 from 10^a to 10^b. @example logspace(0, 2, 3) // returns [1, 10, 100] */
export function logspace(a: number, b: number, n: number): number[] {
  return linspace(a, b, n).map((e) => Math.pow(10, e));
}

/** Integers evenly spaced on a log scale between lo and hi (inclusive, deduplicated). */
export function logIntegers(lo: number, hi: number, n: number): number[] {
  const out = new Set<number>();
  for (const v of logspace(Math.log10(lo), Math.log10(hi), n)) out.add(Math.round(v));
  return [...out].sort((a, b) => a - b);
}

/**
 * Jackknife over repetitions of a statistic of the mean curve: stat(mean of all rows) and its standard error from
 * the leave-one-row-out means, √((n−1)/n · Σ(θ₋ᵢ − θ̄)²). For smooth statistics (slopes, ratios, fits) of curves
 * averaged over seeds.
 * @throws RangeError with fewer than 2 rows
 */
export function jackknife(rows: ArrayLike<number>[], stat: (meanCurve: number[]) => number): { value: number; se: number } {
  const n = rows.length;
  if (n < 2) throw new RangeError(`jackknife: need at least 2 repetitions, got ${n}`);
  const k = rows[0].length;
  const sum = new Float64Array(k);
  for (const r of rows) for (let j = 0; j < k; j++) sum[j] += r[j];
  const value = stat(Array.from(sum, (v) => v / n));
  const loo: number[] = [];
  for (const r of rows) loo.push(stat(Array.from(sum, (v, j) => (v - r[j]) / (n - 1))));
  const m = mean(loo);
  let ss = 0;
  for (const t of loo) ss += (t - m) * (t - m);
  return { value, se: Math.sqrt(((n - 1) / n) * ss) };
}
