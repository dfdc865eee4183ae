/**
 * Effective regularisation κ(λ, n) of ridge regression with a Gaussian design (spec §1.2):
 * the unique positive root of κ − λ = κ·df1(κ)/n.
 */
import { df1Unchecked } from "./degrees-of-freedom";
import { checkEigs, checkNonNegative, checkSampleSize } from "./validate";

/**
 * Solves κ − λ = κ·df1(κ)/n for κ.
 *
 * For λ > 0 the root lies in [λ, λ + tr Σ/n] and g(κ) = κ(1 − df1(κ)/n) is increasing there, so a
 * bisection in log space converges to the nearest doubles. For λ = 0 (ridgeless limit): if the number of
 * positive eigenvalues r is ≤ n then κ = 0, otherwise κ is the root of df1(κ) = n.
 *
 * @param eigs eigenvalues of the covariance Σ (≥ 0, at least one > 0)
 * @param n sample size (> 0)
 * @param lambda ridge parameter (≥ 0)
 * @example solveKappa([1, 1], 4, 0.5) // returns 1/√2 ≈ 0.70711 (root of 2κ² = 1)
 */
export function solveKappa(eigs: ArrayLike<number>, n: number, lambda: number): number {
  checkEigs("solveKappa", eigs);
  checkSampleSize("solveKappa", n);
  checkNonNegative("solveKappa", "lambda", lambda);
  let trace = 0, rank = 0;
  for (let j = 0; j < eigs.length; j++) {
    trace += eigs[j];
    if (eigs[j] > 0) rank++;
  }
  if (lambda > 0) {
    // f(κ) = κ − λ − κ df1(κ)/n: f(λ) < 0 ≤ f(λ + tr/n).
    const f = (k: number) => k - lambda - (k * df1Unchecked(eigs, k)) / n;
    return bisectLog(f, lambda, lambda + trace / n);
  }
  if (rank <= n) return 0;
  // Ridgeless, over-parameterised: df1(κ) = n, decreasing in κ; df1(tr/n) ≤ n.
  const h = (k: number) => n - df1Unchecked(eigs, k);
  const hi = trace / n;
  let lo = hi;
  while (h(lo) >= 0) {
    lo /= 16;
    if (lo < 1e-300) throw new RangeError(`solveKappa: cannot bracket the ridgeless root df1(κ) = ${n}`);
  }
  return bisectLog(h, lo, hi);
}

/** Bisection on [lo, hi] (0 < lo ≤ hi) in log space for an increasing function with f(lo) < 0 ≤ f(hi). */
function bisectLog(f: (k: number) => number, lo: number, hi: number): number {
  if (f(hi) <= 0) return hi;
  for (let it = 0; it < 200; it++) {
    const mid = Math.sqrt(lo * hi);
    if (!(mid > lo && mid < hi)) break;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
