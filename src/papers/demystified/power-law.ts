/**
 * Power-law regime of the Demystified paper (§5; docs/derivations/demystified.md §5): spectrum λ_j = j^(−β), source exponent r,
 * adaptive ridge λ = T^(−ℓ), the critical exponent ℓ_crit = β/(1 + 2β·r̄) and the tuned (oracle) λ.
 */
import { minimizeOnLogScale } from "../../maths/minimize";
import { chainRidgeTestError, type ChainSetting } from "./rho";

/**
 * ℓ_crit = β/(1 + 2β·min(r, 1)): the exponent of λ = T^(−ℓ) balancing bias T^(−2ℓr̄) and variance T^(−(1−ℓ/β)).
 * @example criticalExponent(2, 0.5) // returns 2/3
 */
export function criticalExponent(beta: number, r: number): number {
  if (!(beta > 1) || !Number.isFinite(beta)) throw new RangeError(`criticalExponent: beta must be a finite number > 1, got ${beta}`);
  if (!(r >= 0) || !Number.isFinite(r)) throw new RangeError(`criticalExponent: r must be a finite number ≥ 0, got ${r}`);
  return beta / (1 + 2 * beta * Math.min(r, 1));
}

/**
 * Rate of the optimally tuned clean error, −2β·r̄/(2β·r̄ + 1) (the "slow" rate with label noise).
 * @example slowRateExponent(2, 0.5) // returns −2/3
 */
export function slowRateExponent(beta: number, r: number): number {
  const rb = Math.min(r, 1);
  return (-2 * beta * rb) / (2 * beta * rb + 1);
}

/** Adaptive regularisation λ = T^(−ℓ). */
export function adaptiveLambda(T: number, ell: number): number {
  if (!(T > 0)) throw new RangeError(`adaptiveLambda: T must be > 0, got ${T}`);
  if (!Number.isFinite(ell)) throw new RangeError(`adaptiveLambda: ell must be finite, got ${ell}`);
  return Math.pow(T, -ell);
}

/** The λ minimising the deterministic-equivalent chain test error, and that minimal error. */
export interface TunedRidge {
  lambda: number;
  error: number;
}

/**
 * Oracle-tuned ridge: minimises {@link chainRidgeTestError} over λ ∈ [lo, hi] on a log scale (a grid of `gridPoints`,
 * then golden-section refinement to 1e-5 in log λ; see minimizeOnLogScale).
 */
export function tunedRidge(
  eigs: ArrayLike<number>, w2: ArrayLike<number>, T: number, sigma2: number, chain: ChainSetting,
  opts: { lo?: number; hi?: number; gridPoints?: number } = {},
): TunedRidge {
  const lo = opts.lo ?? 1e-8, hi = opts.hi ?? 1e2;
  if (!(hi > lo)) throw new RangeError(`tunedRidge: need lo < hi, got [${opts.lo}, ${opts.hi}]`);
  const m = minimizeOnLogScale((lambda) => chainRidgeTestError(eigs, w2, T, lambda, sigma2, chain), lo, hi, { gridPoints: opts.gridPoints ?? 41 });
  return { lambda: m.x, error: m.value };
}
