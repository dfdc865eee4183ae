/**
 * Degrees of freedom of a covariance spectrum at effective regularisation κ:
 * df1(κ) = Σ_j λ_j/(λ_j+κ) and df2(κ) = Σ_j λ_j²/(λ_j+κ)².
 * At κ = 0 both count the positive eigenvalues.
 */
import { checkEigs, checkNonNegative } from "./validate";

/**
 * First-order degrees of freedom df1(κ) = tr Σ(Σ+κ)⁻¹.
 * @example df1([1, 1, 1], 1) // returns 1.5
 */
export function df1(eigs: ArrayLike<number>, kappa: number): number {
  checkEigs("df1", eigs);
  checkNonNegative("df1", "kappa", kappa);
  return df1Unchecked(eigs, kappa);
}

/**
 * Second-order degrees of freedom df2(κ) = tr Σ²(Σ+κ)⁻².
 * @example df2([1, 1, 1], 1) // returns 0.75
 */
export function df2(eigs: ArrayLike<number>, kappa: number): number {
  checkEigs("df2", eigs);
  checkNonNegative("df2", "kappa", kappa);
  return df2Unchecked(eigs, kappa);
}

/** df1 without input checks (hot loops, after validation). */
export function df1Unchecked(eigs: ArrayLike<number>, kappa: number): number {
  let s = 0;
  for (let j = 0; j < eigs.length; j++) {
    const l = eigs[j];
    if (l > 0) s += l / (l + kappa);
  }
  return s;
}

/** df2 without input checks (hot loops, after validation). */
export function df2Unchecked(eigs: ArrayLike<number>, kappa: number): number {
  let s = 0;
  for (let j = 0; j < eigs.length; j++) {
    const l = eigs[j];
    if (l > 0) {
      const r = l / (l + kappa);
      s += r * r;
    }
  }
  return s;
}
