/**
 * The standard normal density φ and quantile Φ⁻¹ on top of the distribution functions of ./distributions
 * (Φ and erfc live there, Φ re-exported; this file adds what the theory modules need besides).
 *
 * @example
 * normalQuantile(0.975); // 1.959963984540054
 */
import { normalIsf } from "./distributions";

export { normalCdf } from "./distributions";

const INV_SQRT_2PI = 0.3989422804014327;

/** Standard normal density φ(x) = e^{−x²/2}/√(2π). @example normalPdf(0) // returns 0.3989422804014327 */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/**
 * Quantile Φ⁻¹(u) of the standard normal for u in [0, 1] (±Infinity at the ends): −normalIsf(u).
 * @throws RangeError when u is outside [0, 1] or NaN
 * @example normalQuantile(0.5) // returns 0
 */
export function normalQuantile(u: number): number {
  if (!(u >= 0 && u <= 1)) throw new RangeError(`normalQuantile: u must lie in [0, 1], got ${u}`);
  if (u === 0) return -Infinity;
  if (u === 1) return Infinity;
  if (u === 0.5) return 0;
  return -normalIsf(u);
}
