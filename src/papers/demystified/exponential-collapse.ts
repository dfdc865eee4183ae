/**
 * Over-parameterised, noise-free chain (docs/derivations/demystified.md §4) [V claim; D formula, exact in expectation]:
 * with Σ = I, T₀ < d, σ₀ = 0 and min-norm generators on fresh designs, ŵ_m = P_m ŵ_{m−1} with P_m the
 * projection on the row space of X_m. Since E P_m = (T₀/d)·I and the P_m are independent,
 * E⟨w₀, ŵ_n⟩ = E‖ŵ_n‖² = (T₀/d)ⁿ‖w₀‖², hence E‖ŵ_n − w₀‖² = ‖w₀‖²·(1 − (T₀/d)ⁿ).
 */

/**
 * ‖w₀‖²·(1 − (T₀/d)ⁿ).
 * @example exponentialCollapseError(200, 100, 2) // returns 0.75
 */
export function exponentialCollapseError(d: number, T0: number, generations: number, w0Norm2 = 1): number {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`exponentialCollapseError: d must be a positive integer, got ${d}`);
  if (!Number.isInteger(T0) || T0 < 1 || T0 > d) throw new RangeError(`exponentialCollapseError: needs 1 ≤ T0 ≤ d = ${d}, got ${T0}`);
  if (!Number.isInteger(generations) || generations < 0) throw new RangeError(`exponentialCollapseError: generations must be an integer ≥ 0, got ${generations}`);
  if (!(w0Norm2 >= 0)) throw new RangeError(`exponentialCollapseError: w0Norm2 must be ≥ 0, got ${w0Norm2}`);
  return w0Norm2 * (1 - Math.pow(T0 / d, generations));
}

/** The decay rate log(T₀/d) of log(1 − E/‖w₀‖²) per generation. */
export function exponentialCollapseRate(d: number, T0: number): number {
  return Math.log(T0 / d);
}
