/**
 * Normal and Student-t distribution functions for significance tests (float64; ~1e-12 relative or better
 * in the range tests use).
 */
import { regularizedBeta } from "./special";

/**
 * Standard normal upper tail P(Z > z), through erfc.
 * @example normalSf(1.959963984540054) // returns ~0.025
 */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Standard normal CDF Φ(z), with Φ(−∞) = 0 and Φ(+∞) = 1. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** erfc(x): Taylor series of erf for |x| < 3, Laplace's continued fraction beyond (~1e-15 relative). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) return 1 - erfSeries(x);
  return erfcContinuedFraction(x);
}

/** erf(x) by its Taylor series (converges well for |x| < 3). */
function erfSeries(x: number): number {
  // erf(x) = 2/√π · exp(−x²) · Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·…·(2n+1))
  const x2 = x * x;
  let term = x, sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ 3 by its continued fraction (modified Lentz). */
function erfcContinuedFraction(x: number): number {
  // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const TINY = 1e-300;
  let f = x, c = x, d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = Math.abs(d) < TINY ? 1 / TINY : 1 / d;
    c = x + a / c;
    if (Math.abs(c) < TINY) c = TINY;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/**
 * Upper quantile of the standard normal: z with P(Z > z) = p, 0 < p < 1 (Acklam's rational start, two Halley
 * steps on normalSf: ~1e-15 relative).
 * @example normalIsf(0.025) // returns ~1.959963984540054
 */
export function normalIsf(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalIsf: p must be in (0, 1), got ${p}`);
  let z = -acklamQuantile(p);
  for (let i = 0; i < 2; i++) {
    const e = normalSf(z) - p;
    const pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    const u = e / pdf;
    z = z + u / (1 - 0.5 * z * u);
  }
  return z;
}

function acklamQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -acklamQuantile(1 - p);
  const q = p - 0.5, r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Student-t upper tail P(T > t) with `df` degrees of freedom (df = Infinity: normal).
 * @example studentTSf(2.2281388519862753, 10) // returns ~0.025
 */
export function studentTSf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTSf: degrees of freedom must be > 0, got ${df}`);
  if (df === Infinity) return normalSf(t);
  if (Number.isNaN(t)) return NaN;
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

/**
 * Upper quantile of Student's t: t with P(T > t) = p (bisection on studentTSf to ~1e-12 absolute).
 * @example studentTIsf(0.025, 10) // returns ~2.2281388519862753
 */
export function studentTIsf(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTIsf: p must be in (0, 1), got ${p}`);
  if (df === Infinity) return normalIsf(p);
  if (!(df > 0)) throw new RangeError(`studentTIsf: degrees of freedom must be > 0, got ${df}`);
  if (p > 0.5) return -studentTIsf(1 - p, df);
  let lo = 0, hi = Math.max(1, normalIsf(p));
  while (studentTSf(hi, df) > p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTSf(mid, df) > p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
