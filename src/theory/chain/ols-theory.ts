/**
 * Exact expected test error of the OLS chain of ./linear-chain for Gaussian designs (any Σ, since
 * E(XᵀX)⁻¹ = Σ⁻¹/(T − d − 1) for XᵀX ~ Wishart(Σ, T), so every fit adds noise of Σ-norm σ²·d/(T − d − 1) in
 * expectation). With eₘ = ŵₘ − w₀ and A = (XᵀX)⁻¹Xᵀ:
 * - replace (fixed or fresh design): eₘ = e_{m−1} + Aεₘ, so E‖eₙ‖²_Σ = n·σ²d/(T−d−1)
 *   (Gerstgrasser et al. 2024, Theorem 1; the linear growth of Dohmatob et al. 2024);
 * - accumulate, fixed design (mean-label form): eₘ = e_{m−1} + Aεₘ/m, so E = σ²d/(T−d−1)·Σ_{i≤n} 1/i²
 *   ≤ σ²d/(T−d−1)·π²/6 (Gerstgrasser et al. 2024, Theorem 2);
 * - growing-replace, fixed design (m stacked copies of X₀ = X₀ with noise variance σ²/m): E = σ²d/(T−d−1)·Hₙ,
 *   Hₙ = Σ_{i≤n} 1/i (derived here);
 * - growing-replace, fresh designs of m·T rows: E = σ²d·Σ_{i≤n} 1/(iT − d − 1) (derived here).
 * Fresh-design accumulate has no closed form here (the stacked designs differ); simulate it.
 */
import type { ChainData, ChainDesign } from "./linear-chain";

/** E‖(XᵀX)⁻¹Xᵀε‖²_Σ / σ² = d/(T − d − 1) for a T×d Gaussian design (T ≥ d + 2). */
export function olsNoiseFactor(d: number, T: number): number {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`olsNoiseFactor: d must be a positive integer, got ${d}`);
  if (!Number.isInteger(T) || T < d + 2) throw new RangeError(`olsNoiseFactor: needs an integer T ≥ d + 2 = ${d + 2} (T ≤ d + 1 has no finite OLS error), got T = ${T}`);
  return d / (T - d - 1);
}

/** Generalised harmonic number H_p(n) = Σ_{i=1}^n i^(−p). */
export function harmonic(n: number, p = 1): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`harmonic: n must be an integer ≥ 0, got ${n}`);
  let s = 0;
  for (let i = n; i >= 1; i--) s += Math.pow(i, -p); // small terms first
  return s;
}

/** Inputs of {@link olsChainError}. */
export interface OlsChainErrorSetting {
  d: number;
  /** rows per dataset T (≥ d + 2) */
  T: number;
  /** label-noise variance σ² */
  sigma2: number;
  /** iteration n ≥ 1 (ŵ₁ is the model fitted on real data) */
  n: number;
  data: ChainData;
  design: ChainDesign;
}

/**
 * E‖ŵₙ − w₀‖²_Σ of the OLS chain (see the file header).
 * @example olsChainError({ d: 32, T: 100, sigma2: 1, n: 50, data: "accumulate", design: "fixed" }) // ≈ 0.776168
 */
export function olsChainError(s: OlsChainErrorSetting): number {
  const fn = "olsChainError";
  const { d, T, sigma2, n, data, design } = s;
  if (!(sigma2 >= 0) || !Number.isFinite(sigma2)) throw new RangeError(`${fn}: sigma2 must be finite and ≥ 0, got ${sigma2}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${fn}: n must be an integer ≥ 1 (iteration 1 is the fit on real data), got ${n}`);
  if (data === "growing-replace" && design === "fresh") {
    olsNoiseFactor(d, T);
    let s2 = 0;
    for (let i = n; i >= 1; i--) s2 += d / (i * T - d - 1);
    return sigma2 * s2;
  }
  const base = sigma2 * olsNoiseFactor(d, T);
  if (data === "replace") return base * n;
  if (design !== "fixed") throw new RangeError(`${fn}: ${data} with fresh designs has no closed form here; use design "fixed" or simulate`);
  if (data === "accumulate") return base * harmonic(n, 2);
  if (data === "growing-replace") return base * harmonic(n, 1);
  throw new RangeError(`${fn}: unknown data ${JSON.stringify(data)}`);
}

/** The accumulate bound σ²d/(T−d−1)·π²/6 (Gerstgrasser et al. 2024, Theorem 2). */
export function accumulateBound(d: number, T: number, sigma2: number): number {
  if (!(sigma2 >= 0)) throw new RangeError(`accumulateBound: sigma2 must be ≥ 0, got ${sigma2}`);
  return sigma2 * olsNoiseFactor(d, T) * (Math.PI * Math.PI) / 6;
}
