/**
 * Theorem 1 of "Strong Model Collapse" (Dohmatob et al., ICLR 2025): deterministic equivalent of the
 * test error of ridge regression trained on a mixture of real data (teacher w₁) and synthetic data
 * (teacher w₂ = w₁ + δ, δ ~ N(0, Δ)).
 *
 * With κ solving κ − λ = κ·df1(κ)/n for the TOTAL sample size n and u = df2/(n − df2):
 *   B = κ²·Σ_j w₁ⱼ² λ_j/(λ_j+κ)² / (1 − df2/n),      V = σ²·u,
 *   ζ = p₂²(1 + p₁u)·Σ_j Δ_j λ_j³/(λ_j+κ)² + p₂u·Σ_j Δ_j λ_j(p₁λ_j+κ)²/(λ_j+κ)²,
 *   E_test ≃ B + V + ζ   (excess risk E‖ŵ − w₁‖²_Σ, label noise excluded).
 * The decomposition B + V + ζ is [V]; the explicit ζ is [D] (derived here, docs/derivations/strong-collapse.md §1; checked against Monte-Carlo).
 * Only the diagonal of Δ in Σ's eigenbasis enters, so Δ is passed as that diagonal.
 *
 * @example
 * const eigs = powerLawSpectrum(200, 1.5);
 * mixtureRidgeEquivalent({ eigs, w1Sq, deltaDiag, n: 400, lambda: 1e-2, sigma2: 0.25, p2: 0.2 }).zeta; // ≈ 4.6398936e-4
 */
import { df1Unchecked, df2Unchecked, solveKappa } from "../../theory/ridge/index";

/** Inputs of Theorem 1, all in the eigenbasis of Σ. */
export interface MixtureProblem {
  /** Eigenvalues λ_j of the feature covariance Σ (≥ 0, one > 0). */
  eigs: ArrayLike<number>;
  /** Squared coordinates of the real teacher w₁* in Σ's eigenbasis. */
  w1Sq: ArrayLike<number>;
  /** Diagonal of the label-shift covariance Δ in Σ's eigenbasis (variances of δ_j). */
  deltaDiag: ArrayLike<number>;
  /** Total sample size n = n₁ + n₂ (> 0). */
  n: number;
  /** Ridge parameter λ ≥ 0 of the objective (1/n)Σ(xᵀw − y)² + λ‖w‖². */
  lambda: number;
  /** Label-noise variance σ² ≥ 0. */
  sigma2: number;
  /** Synthetic fraction p₂ = n₂/n ∈ [0, 1]. */
  p2: number;
}

/** Every term of Theorem 1 at one (n, λ, p₂). */
export interface MixtureEquivalent {
  kappa: number;
  df1: number;
  df2: number;
  /** u = df2/(n − df2) (Infinity at or beyond the interpolation threshold). */
  u: number;
  bias: number;
  variance: number;
  /** The synthetic-data term ζ of Eq. 10. */
  zeta: number;
  /** Quality c² = Tr(ΣΔ) (unnormalised trace; the paper may normalise it by d). */
  c2: number;
  /** B + V: the error of training on n clean samples. */
  cleanTestError: number;
  /** B + V + ζ. */
  testError: number;
}

function checkLengths(fn: string, eigs: ArrayLike<number>, name: string, xs: ArrayLike<number>): void {
  if (xs == null || xs.length !== eigs.length) {
    throw new RangeError(`${fn}: ${name} must have one entry per eigenvalue (${eigs.length}), got ${xs == null ? xs : `length ${xs.length}`}`);
  }
  for (let j = 0; j < xs.length; j++) {
    if (!Number.isFinite(xs[j]) || xs[j] < 0) throw new RangeError(`${fn}: ${name}[${j}] must be finite and ≥ 0, got ${xs[j]}`);
  }
}

/** Throws unless p is a probability in [0, 1]. */
export function checkFraction(fn: string, name: string, p: number): void {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new RangeError(`${fn}: ${name} must be in [0, 1], got ${p}`);
}

/**
 * Theorem 1 (B + V + ζ) for ridge on a real/synthetic mixture.
 * @throws RangeError on inconsistent lengths, negative entries, n ≤ 0, λ < 0, σ² < 0 or p₂ ∉ [0, 1].
 */
export function mixtureRidgeEquivalent(p: MixtureProblem): MixtureEquivalent {
  const fn = "mixtureRidgeEquivalent";
  const { eigs, w1Sq, deltaDiag, n, lambda, sigma2, p2 } = p;
  checkLengths(fn, eigs, "w1Sq", w1Sq);
  checkLengths(fn, eigs, "deltaDiag", deltaDiag);
  if (!Number.isFinite(sigma2) || sigma2 < 0) throw new RangeError(`${fn}: sigma2 must be finite and ≥ 0, got ${sigma2}`);
  checkFraction(fn, "p2", p2);
  const kappa = solveKappa(eigs, n, lambda); // validates eigs, n, lambda
  const p1 = 1 - p2;
  const d1 = df1Unchecked(eigs, kappa);
  const d2 = df2Unchecked(eigs, kappa);
  const u = d2 < n ? d2 / (n - d2) : Infinity;
  let bSum = 0, t3 = 0, tMix = 0, c2 = 0;
  for (let j = 0; j < eigs.length; j++) {
    const l = eigs[j];
    if (!(l > 0)) continue;
    const r = 1 / (l + kappa);
    bSum += w1Sq[j] * l * r * r;
    const dj = deltaDiag[j];
    c2 += dj * l;
    t3 += dj * l * l * l * r * r;
    const a = (p1 * l + kappa) * r;
    tMix += dj * l * a * a;
  }
  const bias = kappa === 0 ? 0 : d2 < n ? (kappa * kappa * bSum) / (1 - d2 / n) : Infinity;
  const variance = sigma2 === 0 ? 0 : sigma2 * u;
  let zeta: number;
  if (p2 === 0) zeta = 0;
  else if (!Number.isFinite(u)) zeta = Infinity;
  else zeta = p2 * p2 * (1 + p1 * u) * t3 + p2 * u * tMix;
  return { kappa, df1: d1, df2: d2, u, bias, variance, zeta, c2, cleanTestError: bias + variance, testError: bias + variance + zeta };
}

/** Test error of Theorem 1 (B + V + ζ); see {@link mixtureRidgeEquivalent}. */
export function mixtureRidgeTestError(p: MixtureProblem): number {
  return mixtureRidgeEquivalent(p).testError;
}
