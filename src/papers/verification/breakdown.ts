/**
 * Theorem 4.2 of Feng, Dohmatob, Yang, Charton, Kempe (ICLR 2025): the breakdown point of training on verified
 * synthesized data. A generator mislabels with probability p; a verifier keeps a correct example with probability
 * ϕ and a wrong one with probability ψ. After selection the fraction of wrong labels is p′ = pψ/(pψ + (1−p)ϕ), and
 * with infinite data a linear classifier trained on the selection is optimal if p′ < ½ — that is, p < p* = ϕ/(ϕ+ψ)
 * — and always wrong if p > p*.
 */

/** A verifier (pruner): keep probabilities of correct (ϕ) and wrong (ψ) synthesized labels. */
export interface Verifier {
  /** ϕ = P(keep | label correct) */
  phi: number;
  /** ψ = P(keep | label wrong) */
  psi: number;
}

function checkProbability(fn: string, name: string, v: number): void {
  if (!(v >= 0 && v <= 1)) throw new RangeError(`${fn}: ${name} must be a probability in [0, 1], got ${v}`);
}

/** Validates a verifier: ϕ, ψ ∈ [0, 1], not both 0. */
export function checkVerifier(fn: string, v: Verifier): void {
  checkProbability(fn, "phi", v.phi);
  checkProbability(fn, "psi", v.psi);
  if (v.phi + v.psi === 0) throw new RangeError(`${fn}: phi + psi must be > 0 (a verifier that keeps nothing), got phi = ${v.phi}, psi = ${v.psi}`);
}

/**
 * Breakdown point p* = 1/(1 + ψ/ϕ) = ϕ/(ϕ+ψ) (Theorem 4.2).
 * @example breakdownPoint({ phi: 1, psi: 0.5 }) // returns 2/3
 */
export function breakdownPoint(v: Verifier): number {
  checkVerifier("breakdownPoint", v);
  return v.phi / (v.phi + v.psi);
}

/** No verification: every example is kept (ϕ = ψ = 1, p* = ½). */
export const NO_VERIFIER: Verifier = { phi: 1, psi: 1 };
/** Oracle verification: only correct examples are kept (ϕ = 1, ψ = 0, p* = 1). */
export const ORACLE_VERIFIER: Verifier = { phi: 1, psi: 0 };

/**
 * The noisy oracle of §6.1: keeps every correct example and a wrong one with probability p_noise
 * (ϕ = 1, ψ = p_noise, so p* = 1/(1 + p_noise)).
 */
export function noisyOracle(pNoise: number): Verifier {
  checkProbability("noisyOracle", "pNoise", pNoise);
  return { phi: 1, psi: pNoise };
}

/** The p_noise of a noisy oracle with breakdown point p* ∈ [½, 1]: p_noise = 1/p* − 1. */
export function noiseForBreakdown(pStar: number): number {
  if (!(pStar >= 0.5 && pStar <= 1)) throw new RangeError(`noiseForBreakdown: a noisy oracle has p* in [0.5, 1], got ${pStar}`);
  return 1 / pStar - 1;
}

/** Fraction of generated examples the verifier keeps: (1−p)ϕ + pψ. */
export function keepRate(p: number, v: Verifier): number {
  checkProbability("keepRate", "p", p);
  checkVerifier("keepRate", v);
  return (1 - p) * v.phi + p * v.psi;
}

/**
 * Fraction of wrong labels among the kept examples, p′ = pψ/(pψ + (1−p)ϕ).
 * @throws RangeError when nothing is kept ((1−p)ϕ + pψ = 0)
 */
export function keptErrorRate(p: number, v: Verifier): number {
  const k = keepRate(p, v);
  if (k === 0) throw new RangeError(`keptErrorRate: the verifier keeps nothing at p = ${p} (phi = ${v.phi}, psi = ${v.psi})`);
  return (p * v.psi) / k;
}

/**
 * Infinite-data accuracy of the downstream linear classifier (Theorem 4.2): 1 below the breakdown point, 0 above,
 * ½ exactly at it (the selected labels carry no information).
 */
export function infiniteDataAccuracy(p: number, v: Verifier): number {
  const q = keptErrorRate(p, v);
  return q < 0.5 ? 1 : q > 0.5 ? 0 : 0.5;
}
