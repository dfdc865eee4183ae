/**
 * Exact test error of the least-squares chain (Thm 4.1; docs/derivations/demystified.md §2) [D, exact for Gaussian designs]:
 * E‖ŵ_pred − w₀‖²_Σ = σ²·d/(T − d − 1) + n·σ₀²·d/(T₀ − d − 1), for T, T₀ ≥ d + 2, any Σ, λ = 0.
 * Generation m adds an independent OLS error with covariance σ₀²·E[(X_mᵀX_m)⁻¹] = σ₀²Σ⁻¹/(T₀ − d − 1),
 * so the error grows linearly in n.
 */
import { olsNoiseFactor } from "../../theory/chain/index";

/** Inputs of {@link olsChainTestError}. */
export interface OlsChainSetting {
  d: number;
  /** downstream sample size T (≥ d + 2) */
  T: number;
  /** generator sample size T₀ (≥ d + 2 when n > 0) */
  T0: number;
  /** downstream label-noise variance σ² */
  sigma2: number;
  /** generator label-noise variance σ₀² */
  sigma02: number;
  /** number of synthetic generations n ≥ 0 */
  generations: number;
}

/**
 * σ²·d/(T − d − 1) + n·σ₀²·d/(T₀ − d − 1).
 * @example olsChainTestError({ d: 50, T: 200, T0: 200, sigma2: 1, sigma02: 1, generations: 1 }) // returns 100/149
 */
export function olsChainTestError(s: OlsChainSetting): number {
  const { d, T, T0, sigma2, sigma02, generations } = s;
  if (!Number.isInteger(generations) || generations < 0) throw new RangeError(`olsChainTestError: generations must be an integer ≥ 0, got ${generations}`);
  if (!(sigma2 >= 0) || !(sigma02 >= 0)) throw new RangeError(`olsChainTestError: noise variances must be ≥ 0, got σ² = ${sigma2}, σ₀² = ${sigma02}`);
  const clean = sigma2 * olsNoiseFactor(d, T);
  return generations === 0 ? clean : clean + generations * olsChainSlope(d, T0, sigma02);
}

/** Slope of {@link olsChainTestError} in n: σ₀²·d/(T₀ − d − 1). */
export function olsChainSlope(d: number, T0: number, sigma02: number): number {
  if (!(T0 >= d + 2)) throw new RangeError(`olsChainSlope: needs T0 ≥ d + 2 = ${d + 2} (the generator's sample size), got T0 = ${T0}`);
  return sigma02 * olsNoiseFactor(d, T0);
}
