/**
 * Closed forms of the two-group ridge risk that reduce to the one-group deterministic equivalent:
 * (BA-4) equal covariances Σ₁ = Σ₂ = Σ, where the two-group fixed point collapses to the one-group κ
 * (κ − λ = κ·df₁(κ)/n, {@link solveKappa}), and (BA-5) the model trained on one group alone, which is exactly
 * the one-group {@link ridgeEquivalent} with n → n_k.
 */
import { df2Unchecked } from "./degrees-of-freedom";
import { ridgeEquivalent } from "./bias-variance";
import { solveKappa } from "./solve-kappa";
import { checkEigs, checkNonNegative, checkSampleSize } from "./validate";

function checkVec(fn: string, name: string, w: ArrayLike<number>, d: number): void {
  if (!w || w.length !== d) throw new RangeError(`${fn}: ${name} must have one entry per eigenvalue (${d}), got ${w ? w.length : w}`);
  for (let j = 0; j < d; j++) if (!Number.isFinite(w[j])) throw new RangeError(`${fn}: ${name}[${j}] must be finite, got ${w[j]}`);
}

/**
 * (BA-4) Risk on group 1 of the joint model when both groups share the covariance spectrum `eigs`; teachers w1, w2
 * in its eigenbasis. With ν = df₂/(n − df₂), Δ = w₂ − w₁, p₂ = 1 − p₁:
 *   R₁ = κ²(1+ν)Σ sⱼw₁ⱼ²/(sⱼ+κ)² − 2κp₂Σ w₁ⱼ(sⱼ − κν)sⱼΔⱼ/(sⱼ+κ)² + p₂νΣ sⱼΔⱼ²
 *        + p₂²Σ sⱼ²((1−ν)sⱼ − 2κν)Δⱼ²/(sⱼ+κ)² + (p₁σ₁² + p₂σ₂²)ν.
 * For group 2 call it with (w2, w1, 1 − p1, σ₂², σ₁²).
 */
export function equalCovarianceTwoGroupRisk(eigs: ArrayLike<number>, w1: ArrayLike<number>, w2: ArrayLike<number>, n: number, p1: number, lambda: number, sigma1Sq: number, sigma2Sq: number): number {
  const fn = "equalCovarianceTwoGroupRisk";
  checkEigs(fn, eigs);
  checkVec(fn, "w1", w1, eigs.length);
  checkVec(fn, "w2", w2, eigs.length);
  checkSampleSize(fn, n);
  if (!(p1 >= 0 && p1 <= 1)) throw new RangeError(`${fn}: p1 must be in [0, 1], got ${p1}`);
  checkNonNegative(fn, "sigma1Sq", sigma1Sq);
  checkNonNegative(fn, "sigma2Sq", sigma2Sq);
  if (!(lambda > 0)) throw new RangeError(`${fn}: lambda must be > 0, got ${lambda}`);
  const p2 = 1 - p1;
  const kappa = solveKappa(eigs, n, lambda);
  const d2 = df2Unchecked(eigs, kappa);
  const nu = d2 / (n - d2);
  let a = 0, b = 0, c = 0, e = 0;
  for (let j = 0; j < eigs.length; j++) {
    const s = eigs[j], D = w2[j] - w1[j], q = 1 / ((s + kappa) * (s + kappa));
    a += s * w1[j] * w1[j] * q;
    b += w1[j] * (s - kappa * nu) * s * D * q;
    c += s * D * D;
    e += s * s * ((1 - nu) * s - 2 * kappa * nu) * D * D * q;
  }
  return kappa * kappa * (1 + nu) * a - 2 * kappa * p2 * b + p2 * nu * c + p2 * p2 * e + (p1 * sigma1Sq + p2 * sigma2Sq) * nu;
}

/**
 * (BA-5) Risk of the model trained on one group alone (n_k rows of covariance spectrum `eigs`, teacher w in its
 * eigenbasis, noise σ²), tested on that group: the one-group ridge test error.
 */
export function separateRidgeRisk(eigs: ArrayLike<number>, w: ArrayLike<number>, nk: number, lambda: number, sigmaSq: number): number {
  checkVec("separateRidgeRisk", "w", w, eigs?.length ?? 0);
  const w2 = Float64Array.from(w, (v) => v * v);
  return ridgeEquivalent(eigs, w2, nk, lambda, sigmaSq).testError;
}
