/**
 * The ρ functional of the Demystified paper (derived here, docs/derivations/demystified.md §3) and the ridge test error after n OLS generations.
 *
 * With an OLS generator chain on fresh designs, ŵ_n = w₀ + e_n where Cov(e_n) = n·σ₀²·Σ⁻¹/(T₀ − d − 1).
 * A downstream ridge fit ŵ = R·Xᵀy/T with R = (Σ̂ + λI)⁻¹ carries e_n through RΣ̂, adding
 * n·σ₀²·ρ/(T₀ − d − 1) to the clean error, where ρ = E tr(RΣ̂Σ⁻¹Σ̂RΣ).
 */
import { df2Unchecked, solveKappa, solveKappaUnchecked } from "../../theory/ridge/index";

/**
 * Deterministic equivalent ρ ≃ df2(κ) + κ²·Tr((Σ+κI)⁻²)·(df2/T)/(1 − df2/T) [D], κ = κ(λ, T).
 * (The naive df2/(1 − df2/T) is wrong; see docs/derivations/demystified.md §3.)
 * Requires Σ positive definite (ρ involves Σ⁻¹).
 *
 * @example rhoEquivalent(powerLawSpectrum(200, 1.5), 400, 1e-2) // ≈ 21.623654
 */
export function rhoEquivalent(eigs: ArrayLike<number>, T: number, lambda: number): number {
  for (let j = 0; j < eigs.length; j++) {
    if (!(eigs[j] > 0)) throw new RangeError(`rhoEquivalent: Σ must be positive definite, eigs[${j}] = ${eigs[j]}`);
  }
  const kappa = solveKappa(eigs, T, lambda);
  const d2 = df2Unchecked(eigs, kappa);
  if (d2 >= T) return Infinity;
  let tr = 0;
  for (let j = 0; j < eigs.length; j++) {
    const r = kappa / (eigs[j] + kappa);
    tr += r * r;
  }
  const u = d2 / T;
  return d2 + (tr * u) / (1 - u);
}

/** Parameters of the synthetic chain feeding a downstream ridge fit. */
export interface ChainSetting {
  /** number of synthetic generations n (0 = clean data) */
  generations: number;
  /** generator sample size T₀ (> d + 1 for the OLS chain) */
  T0: number;
  /** generator label-noise variance σ₀² */
  sigma02: number;
}

/**
 * Deterministic-equivalent test error E‖ŵ_pred − w₀‖²_Σ of downstream ridge (T samples, noise σ², ridge λ)
 * trained on labels of generation n of an OLS chain: B + V + n·σ₀²·ρ/(T₀ − d − 1) [D].
 */
export function chainRidgeTestError(
  eigs: ArrayLike<number>, w2: ArrayLike<number>, T: number, lambda: number, sigma2: number, chain: ChainSetting,
): number {
  return chainRidgeTerms(eigs, w2, T, lambda, sigma2, chain).total;
}

/** The parts of {@link chainRidgeTestError}: clean bias and variance, ρ and the synthetic-chain term. */
export interface ChainRidgeTerms {
  kappa: number;
  df2: number;
  bias: number;
  variance: number;
  rho: number;
  /** n·σ₀²·ρ/(T₀ − d − 1) */
  chain: number;
  total: number;
}

/** All terms of the chain ridge deterministic equivalent, from a single κ solve. */
export function chainRidgeTerms(
  eigs: ArrayLike<number>, w2: ArrayLike<number>, T: number, lambda: number, sigma2: number, chain: ChainSetting,
): ChainRidgeTerms {
  const d = eigs.length;
  if (w2.length !== d) throw new RangeError(`chainRidgeTerms: w2 must have one entry per eigenvalue (${d}), got ${w2.length}`);
  if (!(T > 0)) throw new RangeError(`chainRidgeTerms: T must be > 0, got ${T}`);
  if (!(lambda >= 0)) throw new RangeError(`chainRidgeTerms: lambda must be ≥ 0, got ${lambda}`);
  if (!(sigma2 >= 0)) throw new RangeError(`chainRidgeTerms: sigma2 must be ≥ 0, got ${sigma2}`);
  checkChain("chainRidgeTerms", chain, d);
  for (let j = 0; j < d; j++) {
    if (!(eigs[j] > 0)) throw new RangeError(`chainRidgeTerms: Σ must be positive definite, eigs[${j}] = ${eigs[j]}`);
  }
  const kappa = solveKappaUnchecked(eigs, T, lambda);
  let d2 = 0, bs = 0, tr = 0;
  for (let j = 0; j < d; j++) {
    const l = eigs[j];
    const inv = 1 / (l + kappa);
    const r = l * inv;
    d2 += r * r;
    bs += w2[j] * l * inv * inv;
    const q = kappa * inv;
    tr += q * q;
  }
  const u = d2 / T;
  const bias = kappa === 0 ? 0 : u < 1 ? (kappa * kappa * bs) / (1 - u) : Infinity;
  const variance = sigma2 === 0 ? 0 : u < 1 ? (sigma2 * d2) / (T - d2) : Infinity;
  const rho = u < 1 ? d2 + (tr * u) / (1 - u) : Infinity;
  const chainTerm = chain.generations === 0 || chain.sigma02 === 0 ? 0 : (chain.generations * chain.sigma02 * rho) / (chain.T0 - d - 1);
  return { kappa, df2: d2, bias, variance, rho, chain: chainTerm, total: bias + variance + chainTerm };
}

/** Validates a chain setting for the OLS generator (T₀ > d + 1). */
export function checkChain(fn: string, chain: ChainSetting, d: number): void {
  const { generations, T0, sigma02 } = chain;
  if (!Number.isInteger(generations) || generations < 0) throw new RangeError(`${fn}: generations must be an integer ≥ 0, got ${generations}`);
  if (!Number.isFinite(sigma02) || sigma02 < 0) throw new RangeError(`${fn}: sigma02 must be a finite number ≥ 0, got ${sigma02}`);
  if (generations > 0 && sigma02 > 0 && !(T0 > d + 1)) {
    throw new RangeError(`${fn}: the OLS generator needs T0 > d + 1 (d = ${d}), got T0 = ${T0}`);
  }
}

/**
 * Declared relative model error of ρ's deterministic equivalent at d = 100: its finite-d gap to the Monte-Carlo
 * trace is ≈ 0.1–0.2% at d = 100 and shrinks like 1/d (measured at d = 100, 200, 400 in demystified-theory.test.ts).
 */
export const RHO_MODEL_ERROR = 0.003;
