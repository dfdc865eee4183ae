/**
 * Expectations over a standard normal variable by composite Simpson quadrature on [−L, L] (L = 10 by default, where
 * the omitted tail mass is below 2e-23). Unlike Gauss–Hermite rules it stays accurate for integrands with kinks or
 * steep steps (indicators, |g|, Φ(τg) with large τ): the error is O(h⁴) for smooth integrands and O(h²) at a kink at a
 * node (g = 0 is always a node).
 *
 * @example gaussianExpectation((g) => g * g) // 1 (to about 1e-12)
 */
import { normalPdf } from "./normal";

/**
 * E f(G), G ~ N(0, 1), by Simpson's rule with `intervals` (even) sub-intervals on [−halfWidth, halfWidth].
 * @throws RangeError on an odd or non-positive interval count or a non-positive half-width
 */
export function gaussianExpectation(f: (g: number) => number, intervals = 4000, halfWidth = 10): number {
  if (!Number.isInteger(intervals) || intervals < 2 || intervals % 2 !== 0) {
    throw new RangeError(`gaussianExpectation: intervals must be an even integer ≥ 2, got ${intervals}`);
  }
  if (!(halfWidth > 0)) throw new RangeError(`gaussianExpectation: halfWidth must be positive, got ${halfWidth}`);
  const h = (2 * halfWidth) / intervals;
  let s = 0;
  for (let i = 0; i <= intervals; i++) {
    const g = -halfWidth + i * h;
    const w = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    s += w * f(g) * normalPdf(g);
  }
  return (s * h) / 3;
}
