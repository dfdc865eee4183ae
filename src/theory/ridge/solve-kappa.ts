/**
 * Effective regularisation κ(λ, n) of ridge regression with a Gaussian design (its deterministic equivalent):
 * the unique positive root of κ − λ = κ·df1(κ)/n.
 */
import { checkEigs, checkNonNegative, checkSampleSize } from "./validate";

/**
 * Solves κ − λ = κ·df1(κ)/n for κ.
 *
 * For λ > 0 the root lies in [λ, λ + tr Σ/n], where f(κ) = κ − λ − κ·df1(κ)/n is increasing
 * (f' = 1 − df2/n > 0 wherever df1 < n); a Newton iteration safeguarded by bisection in log space converges
 * to machine precision. For λ = 0 (ridgeless limit): if the number of positive eigenvalues r is ≤ n then
 * κ = 0, otherwise κ is the root of df1(κ) = n.
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
  return solveKappaUnchecked(eigs, n, lambda);
}

/** {@link solveKappa} without input checks (hot loops, after validation). */
export function solveKappaUnchecked(eigs: ArrayLike<number>, n: number, lambda: number): number {
  let trace = 0, rank = 0;
  for (let j = 0; j < eigs.length; j++) {
    trace += eigs[j];
    if (eigs[j] > 0) rank++;
  }
  if (lambda > 0) {
    // F(κ) = κ − λ − κ·df1(κ)/n, F'(κ) = 1 − df2(κ)/n; F(λ) < 0 ≤ F(λ + tr/n).
    return newtonBisect(eigs, lambda, lambda + trace / n, (k, s1, s2) => [k - lambda - (k * s1) / n, 1 - s2 / n]);
  }
  if (rank <= n) return 0;
  // Ridgeless, over-parameterised: H(κ) = n − df1(κ) is increasing, H'(κ) = Σ λ_j/(λ_j+κ)² = (df1 − df2)/κ.
  const hi = trace / n;
  let lo = hi;
  const H = (k: number) => {
    let s = 0;
    for (let j = 0; j < eigs.length; j++) if (eigs[j] > 0) s += eigs[j] / (eigs[j] + k);
    return n - s;
  };
  while (H(lo) >= 0) {
    lo /= 16;
    if (lo < 1e-300) throw new RangeError(`solveKappa: cannot bracket the ridgeless root df1(κ) = ${n}`);
  }
  return newtonBisect(eigs, lo, hi, (k, s1, s2) => [n - s1, (s1 - s2) / k]);
}

/**
 * Root of an increasing function on [lo, hi] (0 < lo, value < 0 at lo, ≥ 0 at hi), given as value and
 * derivative in terms of (κ, df1(κ), df2(κ)). Newton steps that leave the bracket are replaced by a
 * geometric-mean bisection step.
 */
function newtonBisect(
  eigs: ArrayLike<number>, lo: number, hi: number, fd: (k: number, s1: number, s2: number) => [number, number],
): number {
  let k = Math.sqrt(lo * hi);
  for (let it = 0; it < 300; it++) {
    let s1 = 0, s2 = 0;
    for (let j = 0; j < eigs.length; j++) {
      const l = eigs[j];
      if (l > 0) {
        const r = l / (l + k);
        s1 += r;
        s2 += r * r;
      }
    }
    const [f, df] = fd(k, s1, s2);
    if (f === 0) return k;
    if (f < 0) lo = k;
    else hi = k;
    let next = df > 0 ? k - f / df : NaN;
    if (!(next > lo && next < hi)) next = Math.sqrt(lo * hi);
    if (Math.abs(next - k) <= 4e-16 * k || !(hi > lo * (1 + 1e-16))) return next;
    k = next;
  }
  return k;
}
