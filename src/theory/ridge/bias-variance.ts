/**
 * Deterministic equivalents of the ridge test error E‖ŵ − w‖²_Σ for a Gaussian design (the standard ridge deterministic equivalents):
 * B = κ²·Σ_j w_j² λ_j/(λ_j+κ)² / (1 − df2/n), V = σ²·df2/(n − df2), E ≃ B + V.
 */
import { df2Unchecked } from "./degrees-of-freedom";
import { solveKappa } from "./solve-kappa";
import { checkEigs, checkNonNegative, checkSampleSize, checkW2 } from "./validate";

/** Every quantity of the ridge deterministic equivalent at one (n, λ). */
export interface RidgeEquivalent {
  kappa: number;
  df1: number;
  df2: number;
  bias: number;
  variance: number;
  testError: number;
}

/**
 * Bias term B = κ²·Σ_j w_j² λ_j/(λ_j+κ)² / (1 − df2/n).
 * @param w2 squared coordinates of the teacher in Σ's eigenbasis
 */
export function ridgeBias(eigs: ArrayLike<number>, w2: ArrayLike<number>, n: number, lambda: number): number {
  checkW2("ridgeBias", eigs, w2);
  const kappa = solveKappa(eigs, n, lambda);
  return biasAt(eigs, w2, n, kappa, df2Unchecked(eigs, kappa));
}

/**
 * Variance term V = σ²·df2(κ)/(n − df2(κ)). Infinite at the ridgeless interpolation threshold.
 * @example ridgeVariance(new Array(10).fill(1), 40, 0, 1) // returns 10/30
 */
export function ridgeVariance(eigs: ArrayLike<number>, n: number, lambda: number, sigma2: number): number {
  checkNonNegative("ridgeVariance", "sigma2", sigma2);
  const kappa = solveKappa(eigs, n, lambda);
  return varianceAt(n, df2Unchecked(eigs, kappa), sigma2);
}

/** Clean ridge test error B + V (excess risk against the teacher, label noise σ² excluded). */
export function ridgeTestError(eigs: ArrayLike<number>, w2: ArrayLike<number>, n: number, lambda: number, sigma2: number): number {
  return ridgeEquivalent(eigs, w2, n, lambda, sigma2).testError;
}

/** κ, df1, df2, B, V and B + V in one pass. */
export function ridgeEquivalent(eigs: ArrayLike<number>, w2: ArrayLike<number>, n: number, lambda: number, sigma2: number): RidgeEquivalent {
  checkEigs("ridgeEquivalent", eigs);
  checkW2("ridgeEquivalent", eigs, w2);
  checkSampleSize("ridgeEquivalent", n);
  checkNonNegative("ridgeEquivalent", "sigma2", sigma2);
  const kappa = solveKappa(eigs, n, lambda);
  let d1 = 0;
  for (let j = 0; j < eigs.length; j++) if (eigs[j] > 0) d1 += eigs[j] / (eigs[j] + kappa);
  const d2 = df2Unchecked(eigs, kappa);
  const bias = biasAt(eigs, w2, n, kappa, d2);
  const variance = varianceAt(n, d2, sigma2);
  return { kappa, df1: d1, df2: d2, bias, variance, testError: bias + variance };
}

function biasAt(eigs: ArrayLike<number>, w2: ArrayLike<number>, n: number, kappa: number, d2: number): number {
  if (kappa === 0) {
    // Ridgeless under-parameterised: only directions with λ_j = 0 stay unlearned (they carry no Σ-weight).
    return 0;
  }
  let s = 0;
  for (let j = 0; j < eigs.length; j++) {
    const l = eigs[j];
    const r = 1 / (l + kappa);
    s += w2[j] * l * r * r;
  }
  const denom = 1 - d2 / n;
  return denom > 0 ? (kappa * kappa * s) / denom : Infinity;
}

function varianceAt(n: number, d2: number, sigma2: number): number {
  if (sigma2 === 0) return 0;
  return d2 < n ? (sigma2 * d2) / (n - d2) : Infinity;
}
