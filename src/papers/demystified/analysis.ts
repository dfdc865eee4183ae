/**
 * Numbers the notebook's claims test, computed from a figure's simulated data with their standard errors over seeds
 * (per-seed values `ySeeds`; statistics of the mean curve get a jackknife standard error).
 */
import { statistic } from "../../lab/series";
import { linearFit } from "../../maths/stats";
import type { Series } from "./figure-spec";

/** Slope of the least-squares line of y on x over x ≤ xMax, with its standard error over seeds. */
export function linearSlope(s: Series, xMax = Infinity): { value: number; se: number } {
  const idx = s.x.map((v, i) => (v <= xMax ? i : -1)).filter((i) => i >= 0);
  return statistic(s, (y) => linearFit(idx.map((i) => s.x[i]), idx.map((i) => y[i])).slope);
}

/**
 * Relative curvature of y(x) over x ≤ xMax: the quadratic coefficient of a least-squares parabola times the x range,
 * divided by the mean slope (0 for a straight line; ±1 when the slope changes by its own size over the range).
 */
export function relativeCurvature(s: Series, xMax = Infinity): { value: number; se: number } {
  const idx = s.x.map((v, i) => (v <= xMax ? i : -1)).filter((i) => i >= 0);
  const x = idx.map((i) => s.x[i]);
  const range = Math.max(...x) - Math.min(...x);
  return statistic(s, (yAll) => {
    const y = idx.map((i) => yAll[i]);
    const c = quadraticFit(x, y);
    const meanSlope = linearFit(x, y).slope;
    return (2 * c[2] * range) / meanSlope;
  });
}

/** Least-squares coefficients [c0, c1, c2] of y ≈ c0 + c1·x + c2·x² (normal equations on centred x). */
function quadraticFit(x: number[], y: number[]): [number, number, number] {
  const n = x.length;
  if (n < 3) throw new RangeError(`quadraticFit: need at least 3 points, got ${n}`);
  const xm = x.reduce((a, b) => a + b, 0) / n;
  const S = [0, 0, 0, 0, 0], b = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const u = x[i] - xm;
    let p = 1;
    for (let k = 0; k < 5; k++) {
      S[k] += p;
      if (k < 3) b[k] += p * y[i];
      p *= u;
    }
  }
  const A = [[S[0], S[1], S[2]], [S[1], S[2], S[3]], [S[2], S[3], S[4]]];
  const det = (m: number[][]) => m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const D = det(A);
  const solve = (k: number) => det(A.map((row, r) => row.map((v, c) => (c === k ? b[r] : v)))) / D;
  const a0 = solve(0), a1 = solve(1), a2 = solve(2);
  // back from centred u = x − xm: c2 = a2, c1 = a1 − 2·a2·xm, c0 = a0 − a1·xm + a2·xm²
  return [a0 - a1 * xm + a2 * xm * xm, a1 - 2 * a2 * xm, a2];
}

/** Slope of log y against x over [xMin, xMax] (an exponential decay rate), with its standard error over seeds. */
export function semilogSlope(s: Series, xMin: number, xMax: number): { value: number; se: number } {
  const idx = s.x.map((v, i) => (v >= xMin && v <= xMax ? i : -1)).filter((i) => i >= 0);
  return statistic(s, (y) => linearFit(idx.map((i) => s.x[i]), idx.map((i) => Math.log(y[i]))).slope);
}

/**
 * How clearly a simulated curve has an interior minimum: min over the two ends of (end − minimum)/SE, the SE being
 * the jackknife SE of that difference (≥ 2 means the U shape is beyond the noise on both sides).
 */
export function interiorMinimumMargin(s: Series): { margin: number; argMin: number } {
  const last = s.x.length - 1;
  let best = 0;
  for (let i = 1; i <= last; i++) if (s.y[i] < s.y[best]) best = i;
  if (best === 0 || best === last) return { margin: -Infinity, argMin: s.x[best] };
  const left = statistic(s, (y) => y[0] - Math.min(...y));
  const right = statistic(s, (y) => y[last] - Math.min(...y));
  return { margin: Math.min(left.value / left.se, right.value / right.se), argMin: s.x[best] };
}
