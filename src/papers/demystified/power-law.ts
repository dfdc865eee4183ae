/**
 * Power-law regime of the Demystified paper (§5; docs/derivations/demystified.md §5): spectrum λ_j = j^(−β), source exponent r,
 * adaptive ridge λ = T^(−ℓ), the critical exponent ℓ_crit = β/(1 + 2β·r̄) and the tuned (oracle) λ.
 */
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
 * Oracle-tuned ridge: minimises {@link chainRidgeTestError} over log λ ∈ [log lo, log hi] by a grid of
 * `gridPoints` followed by golden-section refinement around the best grid point (to 1e-5 in log λ) (the error is unimodal in
 * log λ in every case used here; the grid guards against shallow plateaus).
 */
export function tunedRidge(
  eigs: ArrayLike<number>, w2: ArrayLike<number>, T: number, sigma2: number, chain: ChainSetting,
  opts: { lo?: number; hi?: number; gridPoints?: number } = {},
): TunedRidge {
  const lo = Math.log(opts.lo ?? 1e-8), hi = Math.log(opts.hi ?? 1e2);
  const g = opts.gridPoints ?? 41;
  if (!(hi > lo)) throw new RangeError(`tunedRidge: need lo < hi, got [${opts.lo}, ${opts.hi}]`);
  const f = (t: number) => chainRidgeTestError(eigs, w2, T, Math.exp(t), sigma2, chain);
  let best = 0, bestVal = Infinity;
  const step = (hi - lo) / (g - 1);
  for (let i = 0; i < g; i++) {
    const v = f(lo + i * step);
    if (v < bestVal) {
      bestVal = v;
      best = i;
    }
  }
  let a = lo + Math.max(0, best - 1) * step, b = lo + Math.min(g - 1, best + 1) * step;
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = b - phi * (b - a), dd = a + phi * (b - a);
  let fc = f(c), fd = f(dd);
  for (let it = 0; it < 60 && b - a > 1e-5; it++) {
    if (fc < fd) {
      b = dd; dd = c; fd = fc; c = b - phi * (b - a); fc = f(c);
    } else {
      a = c; c = dd; fc = fd; dd = a + phi * (b - a); fd = f(dd);
    }
  }
  const t = 0.5 * (a + b);
  const v = f(t);
  return v <= bestVal ? { lambda: Math.exp(t), error: v } : { lambda: Math.exp(lo + best * step), error: bestVal };
}
