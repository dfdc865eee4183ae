/**
 * Over-parameterised, noisy chain (docs/derivations/demystified.md §6, derived here) [D, exact in expectation]:
 * Σ = I, T₀ ≤ d − 2, σ₀ > 0, min-norm generators on fresh designs. Generation m fits
 * ŵ_m = X_m⁺(X_m ŵ_{m−1} + E_m) = P_m ŵ_{m−1} + X_m⁺E_m, P_m the projection on the row space of X_m.
 * With a = T₀/d and v = σ₀² E tr((X_mX_mᵀ)⁻¹) = σ₀²T₀/(d − T₀ − 1) (inverse-Wishart mean),
 * E‖ŵ_n‖² = aⁿ‖w₀‖² + v(1 − aⁿ)/(1 − a) and E⟨w₀, ŵ_n⟩ = aⁿ‖w₀‖², hence
 * E‖ŵ_n − w₀‖² = ‖w₀‖²(1 − aⁿ) + v(1 − aⁿ)/(1 − a):
 * the error saturates at ‖w₀‖² + v/(1 − a) instead of growing linearly (the under-parameterised OLS chain).
 */

function check(fn: string, d: number, T0: number, sigma02: number): void {
  if (!Number.isInteger(d) || d < 3) throw new RangeError(`${fn}: d must be an integer ≥ 3, got ${d}`);
  if (!Number.isInteger(T0) || T0 < 1 || T0 > d - 2) throw new RangeError(`${fn}: needs an integer 1 ≤ T0 ≤ d − 2 = ${d - 2} (T0 ≥ d − 1 has no finite min-norm noise term), got T0 = ${T0}`);
  if (!(sigma02 >= 0) || !Number.isFinite(sigma02)) throw new RangeError(`${fn}: sigma02 must be finite and ≥ 0, got ${sigma02}`);
}

/** Noise added per generation by a min-norm fit: v = σ₀²·T₀/(d − T₀ − 1). */
export function minNormNoisePerGeneration(d: number, T0: number, sigma02: number): number {
  check("minNormNoisePerGeneration", d, T0, sigma02);
  return (sigma02 * T0) / (d - T0 - 1);
}

/**
 * E‖ŵ_n − w₀‖² = ‖w₀‖²(1 − aⁿ) + σ₀²T₀/(d − T₀ − 1)·(1 − aⁿ)/(1 − a), a = T₀/d.
 * @example noisyOverparamError(200, 100, 1, 1) // 0.5 + 100/99·0.5/0.5 ≈ 1.5101
 */
export function noisyOverparamError(d: number, T0: number, sigma02: number, generations: number, w0Norm2 = 1): number {
  const fn = "noisyOverparamError";
  check(fn, d, T0, sigma02);
  if (!Number.isInteger(generations) || generations < 0) throw new RangeError(`${fn}: generations must be an integer ≥ 0, got ${generations}`);
  if (!(w0Norm2 >= 0)) throw new RangeError(`${fn}: w0Norm2 must be ≥ 0, got ${w0Norm2}`);
  const a = T0 / d;
  const lost = 1 - Math.pow(a, generations);
  return w0Norm2 * lost + (minNormNoisePerGeneration(d, T0, sigma02) * lost) / (1 - a);
}

/** The n → ∞ limit ‖w₀‖² + σ₀²T₀/((d − T₀ − 1)(1 − T₀/d)). */
export function noisyOverparamSaturation(d: number, T0: number, sigma02: number, w0Norm2 = 1): number {
  check("noisyOverparamSaturation", d, T0, sigma02);
  return w0Norm2 + minNormNoisePerGeneration(d, T0, sigma02) / (1 - T0 / d);
}
