/**
 * Corollary 1 of "Strong Model Collapse" (isotropic Σ = I, ridgeless λ → 0, ϕ = d/n ∈ (0, 1)):
 *   Eq. 11:  E_test ≃ σ²ϕ/(1−ϕ) + (p₂² + p₂p₁ϕ/(1−ϕ))·c²
 *   Eq. 12:  E_test ≃ σ²ϕ + p₂²c² + O(ϕ²)   (small ϕ): the scaling law plateaus at p₂²c² unless p₂ → 0.
 * Crossover: the variance σ²d/n meets the plateau at n* = σ²d/(p₂²c²).
 *
 * @example isotropicMixtureError(0.25, 0.1, 1, 1) // returns 0.373333…
 */
import { checkFraction } from "./mixture-theory";

function checkPhi(fn: string, phi: number): void {
  if (!(phi > 0 && phi < 1)) throw new RangeError(`${fn}: phi = d/n must be in (0, 1), got ${phi}`);
}

function checkNonNeg(fn: string, name: string, x: number): void {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`${fn}: ${name} must be finite and ≥ 0, got ${x}`);
}

/** Eq. 11: σ²ϕ/(1−ϕ) + (p₂² + p₂p₁ϕ/(1−ϕ))·c². */
export function isotropicMixtureError(phi: number, p2: number, sigma2: number, c2: number): number {
  const fn = "isotropicMixtureError";
  checkPhi(fn, phi);
  checkFraction(fn, "p2", p2);
  checkNonNeg(fn, "sigma2", sigma2);
  checkNonNeg(fn, "c2", c2);
  const g = phi / (1 - phi);
  return sigma2 * g + (p2 * p2 + p2 * (1 - p2) * g) * c2;
}

/**
 * Finite-sample form of Eq. 11 for OLS with n > d + 1 Gaussian rows: σ²d/(n−d−1) + (p₂² + p₂p₁ϕ/(1−ϕ))·c²
 * (the variance term is the exact OLS expectation; the synthetic term is Eq. 11's).
 */
export function isotropicMixtureErrorFinite(d: number, n: number, p2: number, sigma2: number, c2: number): number {
  const fn = "isotropicMixtureErrorFinite";
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`${fn}: d must be a positive integer, got ${d}`);
  if (!(n > d + 1)) throw new RangeError(`${fn}: need n > d + 1 for a finite OLS variance, got n = ${n}, d = ${d}`);
  checkFraction(fn, "p2", p2);
  checkNonNeg(fn, "sigma2", sigma2);
  checkNonNeg(fn, "c2", c2);
  const g = d / (n - d);
  return (sigma2 * d) / (n - d - 1) + (p2 * p2 + p2 * (1 - p2) * g) * c2;
}

/** Eq. 12 (leading order in small ϕ): σ²ϕ + p₂²c². */
export function smallPhiMixtureError(phi: number, p2: number, sigma2: number, c2: number): number {
  const fn = "smallPhiMixtureError";
  checkPhi(fn, phi);
  checkFraction(fn, "p2", p2);
  checkNonNeg(fn, "sigma2", sigma2);
  checkNonNeg(fn, "c2", c2);
  return sigma2 * phi + p2 * p2 * c2;
}

/** The plateau p₂²c² reached by the test error as n → ∞ at fixed d (strong model collapse). */
export function collapsePlateau(p2: number, c2: number): number {
  checkFraction("collapsePlateau", "p2", p2);
  checkNonNeg("collapsePlateau", "c2", c2);
  return p2 * p2 * c2;
}

/**
 * Crossover sample size n* = σ²d/(p₂²c²) where the clean variance σ²d/n equals the plateau.
 * @example crossoverSampleSize(1, 100, 0.01, 1) // returns 1e6
 */
export function crossoverSampleSize(sigma2: number, d: number, p2: number, c2: number): number {
  const fn = "crossoverSampleSize";
  checkNonNeg(fn, "sigma2", sigma2);
  if (!(d > 0)) throw new RangeError(`${fn}: d must be > 0, got ${d}`);
  if (!(p2 > 0 && p2 <= 1)) throw new RangeError(`${fn}: p2 must be in (0, 1], got ${p2}`);
  if (!(c2 > 0) || !Number.isFinite(c2)) throw new RangeError(`${fn}: c2 must be finite and > 0, got ${c2}`);
  return (sigma2 * d) / (p2 * p2 * c2);
}
