/**
 * Section 5 mitigations of "Strong Model Collapse" (isotropic Σ = I, OLS, n > d + 1); derivations in docs/derivations/strong-collapse.md §4–5:
 *
 * Corollary 2 — weighted single-step mixing: minimise Σ_real (1−α)(xᵀw−y)² + Σ_synth α(xᵀw−y)².
 *   The synthetic rows then carry the effective share q = αp₂/(αp₂ + (1−α)p₁) and the floor is q²c² > 0
 *   for every fixed α ∈ (0, 1] [V statement; D formula]. To first order in g = d/(n−d) [D, derived here
 *   by expanding (XᵀWX)⁻¹ around its mean, reduces to Eq. 11 at α = ½]:
 *     E ≈ σ²·ρ·d/(n−d−1) + q²c² + g·c²·(p₂α²(1−q)² + p₁(1−α)²q²)/w̄²,
 *   with w̄ = p₁(1−α) + p₂α and ρ = (p₁(1−α)² + p₂α²)/w̄².
 *
 * Corollary 3 — iterative mixing (after Ferbach et al. 2024): the real rows (share p₁) and the synthetic
 *   design stay fixed; at iteration t the synthetic rows are relabelled by the previous fit (fresh label
 *   noise σ²), the generator of iteration 1 being the shifted teacher w₂ = w₁ + δ. With G = XᵀX, G₂ the
 *   synthetic part and M = G⁻¹G₂, the error a_t = ŵ_t − w₁ obeys a_t = M a_{t−1} + ξ + η_t. Its fixed point
 *   is s = (I − M)⁻¹ξ = G₁⁻¹X₁ᵀε₁ — exactly the OLS fit on the real rows alone — so
 *   a_t = s + M^t(δ − s) + Σ_{k<t} M^k η_{t−k}. With M ≈ p₂I in the small terms [D]:
 *     e_t ≈ p₂^{2t}c² + t²p₂^{2t−2}·p₁p₂·g·c² + (1−p₂^t)²·σ²d/(n₁−d−1) + σ²v·p₂(1−p₂^{2t})/(1−p₂²),
 *   g = d/(n−d), v = d/(n−d−1), n₁ = n − ⌊p₂n⌋. The shift decays geometrically (O(log(n/d)) iterations) and the
 *   fixed point σ²d/(n₁−d−1) + σ²v·p₂/(1−p₂²) is the real-only error PLUS a positive stationary noise term.
 */
import { checkFraction } from "./mixture-theory";

function checkCommon(fn: string, d: number, n: number, sigma2: number, c2: number): void {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`${fn}: d must be a positive integer, got ${d}`);
  if (!(n > d + 1)) throw new RangeError(`${fn}: needs n > d + 1, got n = ${n}, d = ${d}`);
  if (!Number.isFinite(sigma2) || sigma2 < 0) throw new RangeError(`${fn}: sigma2 must be finite and ≥ 0, got ${sigma2}`);
  if (!Number.isFinite(c2) || c2 < 0) throw new RangeError(`${fn}: c2 must be finite and ≥ 0, got ${c2}`);
}

/** Effective synthetic share q = αp₂/(αp₂ + (1−α)p₁) of weighted mixing. */
export function weightedSyntheticShare(alpha: number, p2: number): number {
  checkFraction("weightedSyntheticShare", "alpha", alpha);
  checkFraction("weightedSyntheticShare", "p2", p2);
  const num = alpha * p2;
  const den = num + (1 - alpha) * (1 - p2);
  if (!(den > 0)) throw new RangeError(`weightedSyntheticShare: all weight on an empty part (alpha = ${alpha}, p2 = ${p2})`);
  return num / den;
}

/** Corollary 2 floor as n → ∞ at fixed d: q²c². */
export function weightedMixingFloor(alpha: number, p2: number, c2: number): number {
  if (!Number.isFinite(c2) || c2 < 0) throw new RangeError(`weightedMixingFloor: c2 must be finite and ≥ 0, got ${c2}`);
  const q = weightedSyntheticShare(alpha, p2);
  return q * q * c2;
}

/** First-order (in d/n) test error of weighted mixing; equals the finite-sample Eq. 11 at α = ½. */
export function weightedMixingError(alpha: number, p2: number, d: number, n: number, sigma2: number, c2: number): number {
  const fn = "weightedMixingError";
  checkCommon(fn, d, n, sigma2, c2);
  const q = weightedSyntheticShare(alpha, p2);
  const p1 = 1 - p2;
  const wbar = p1 * (1 - alpha) + p2 * alpha;
  const rho = (p1 * (1 - alpha) ** 2 + p2 * alpha ** 2) / (wbar * wbar);
  const g = d / (n - d);
  const cross = (p2 * alpha * alpha * (1 - q) ** 2 + p1 * (1 - alpha) ** 2 * q * q) / (wbar * wbar);
  return (sigma2 * rho * d) / (n - d - 1) + q * q * c2 + g * c2 * cross;
}

/** Error after t ≥ 1 rounds of iterative mixing (see the file header). */
export function iterativeMixingError(t: number, p2: number, d: number, n: number, sigma2: number, c2: number): number {
  const fn = "iterativeMixingError";
  if (!Number.isInteger(t) || t < 1) throw new RangeError(`${fn}: t must be an integer ≥ 1, got ${t}`);
  checkCommon(fn, d, n, sigma2, c2);
  if (!(p2 > 0 && p2 < 1)) throw new RangeError(`${fn}: p2 must be in (0, 1), got ${p2}`);
  const p1 = 1 - p2;
  const n1 = n - Math.floor(p2 * n);
  if (!(n1 > d + 1)) throw new RangeError(`${fn}: the real rows n₁ = ${n1} must exceed d + 1 = ${d + 1}`);
  const g = d / (n - d);
  const v = d / (n - d - 1);
  const pt = Math.pow(p2, t);
  const shift = pt * pt * c2 + t * t * Math.pow(p2, 2 * t - 2) * p1 * p2 * g * c2;
  const noise = (1 - pt) ** 2 * ((sigma2 * d) / (n1 - d - 1)) + (sigma2 * v * p2 * (1 - pt * pt)) / (1 - p2 * p2);
  return shift + noise;
}

/** Fixed point (t → ∞) of {@link iterativeMixingError}: σ²d/(n₁−d−1) + σ²v·p₂/(1−p₂²). */
export function iterativeMixingFixedPoint(p2: number, d: number, n: number, sigma2: number): number {
  checkCommon("iterativeMixingFixedPoint", d, n, sigma2, 0);
  if (!(p2 > 0 && p2 < 1)) throw new RangeError(`iterativeMixingFixedPoint: p2 must be in (0, 1), got ${p2}`);
  const n1 = n - Math.floor(p2 * n);
  return (sigma2 * d) / (n1 - d - 1) + ((sigma2 * d) / (n - d - 1)) * (p2 / (1 - p2 * p2));
}

/** OLS error on n Gaussian rows in dimension d (exact expectation): σ²d/(n − d − 1). */
export function olsError(d: number, n: number, sigma2: number): number {
  checkCommon("olsError", d, n, sigma2, 0);
  return (sigma2 * d) / (n - d - 1);
}

/**
 * Iterations for the shift term p₂^{2t}c² of iterative mixing to fall below the clean error σ²d/n:
 * t* = ⌈log(c²n/(σ²d)) / (2 log(1/p₂))⌉ = O(log(n/d)).
 */
export function iterationsToClean(p2: number, d: number, n: number, sigma2: number, c2: number): number {
  const fn = "iterationsToClean";
  if (!(p2 > 0 && p2 < 1)) throw new RangeError(`${fn}: p2 must be in (0, 1), got ${p2}`);
  if (!(sigma2 > 0 && c2 > 0 && d > 0 && n > 0)) throw new RangeError(`${fn}: sigma2, c2, d, n must be > 0`);
  const ratio = (c2 * n) / (sigma2 * d);
  return ratio <= 1 ? 0 : Math.ceil(Math.log(ratio) / (2 * Math.log(1 / p2)));
}
