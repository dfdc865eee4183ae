/**
 * Zipf laws on a finite support {1, …, N} with an analytic tail correction.
 *
 * p_i = i^{-β} / ζ(β): the probabilities of the first N ranks are those of the infinite law, and the
 * mass beyond N, Σ_{i>N} i^{-β}/ζ(β), is returned as `tailMass` (Euler–Maclaurin, ~1e-15 relative;
 * the simpler midpoint formula (N+½)^{1−β}/(β−1) agrees to O(N^{-β-1})).
 * With `normalize: "support"` the N probabilities are renormalised to sum to 1 and `tailMass` is 0.
 */
import { riemannZeta, zipfTailFrom } from "./special";

/** A distribution over ranks 1..N (index 0 ↔ rank 1) plus the mass it puts beyond N. */
export interface RankDistribution {
  /** probabilities of ranks 1..N; Σ p + tailMass = 1 */
  p: Float64Array;
  /** probability mass on ranks > N (never sampled; counted as unseen by the Hutter memoriser) */
  tailMass: number;
}

export type ZipfNormalization = "zeta" | "support";

function checkBeta(fn: string, beta: number): void {
  if (!(beta > 1) || !Number.isFinite(beta)) throw new RangeError(`${fn}: exponent beta must be a finite number > 1, got ${beta}`);
}

function checkSize(fn: string, n: number, name = "N"): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${fn}: ${name} must be a positive integer, got ${n}`);
}

/**
 * Zipf(β) probabilities of ranks 1..N.
 * @param normalize "zeta" (default): exact infinite-law probabilities, tail mass reported;
 *                  "support": renormalised on {1..N}, tail mass 0.
 * @example zipfProbabilities(2, 1e6).p[0] // returns ~0.6079271 (= 6/π²)
 */
export function zipfProbabilities(beta: number, N: number, normalize: ZipfNormalization = "zeta"): RankDistribution {
  checkBeta("zipfProbabilities", beta);
  checkSize("zipfProbabilities", N);
  const p = new Float64Array(N);
  let s = 0;
  for (let i = 0; i < N; i++) {
    const w = Math.pow(i + 1, -beta);
    p[i] = w;
    s += w;
  }
  if (normalize === "support") {
    for (let i = 0; i < N; i++) p[i] /= s;
    return { p, tailMass: 0 };
  }
  const z = riemannZeta(beta);
  const inv = 1 / z;
  for (let i = 0; i < N; i++) p[i] *= inv;
  return { p, tailMass: zipfTailFrom(beta, N + 1) * inv };
}

/**
 * Zipf mass beyond rank k, Σ_{i>k} i^{-β}/ζ(β): the floor of a memoriser trained on data cut at k.
 * @example zipfTailMass(2, 100) // returns ~0.0060490
 */
export function zipfTailMass(beta: number, k: number): number {
  checkBeta("zipfTailMass", beta);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`zipfTailMass: k must be a non-negative integer, got ${k}`);
  return zipfTailFrom(beta, k + 1) / riemannZeta(beta);
}

/** The midpoint approximation of the Zipf tail beyond k: (k+½)^{1−β}/((β−1)ζ(β)). */
export function zipfTailMassMidpoint(beta: number, k: number): number {
  checkBeta("zipfTailMassMidpoint", beta);
  return Math.pow(k + 0.5, 1 - beta) / ((beta - 1) * riemannZeta(beta));
}

/**
 * Top-k tail cut: q_i = p_i·1{i ≤ k} / Σ_{l ≤ k} p_l, over the same support as p.
 * @returns a new array (tail mass 0)
 */
export function tailCut(p: Float64Array, k: number): Float64Array {
  checkSize("tailCut", k, "k");
  if (k > p.length) throw new RangeError(`tailCut: k must be ≤ support size ${p.length}, got ${k}`);
  const q = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < k; i++) s += p[i];
  for (let i = 0; i < k; i++) q[i] = p[i] / s;
  return q;
}

/**
 * Smallest k with Σ_{i≤k} p_i ≥ topP (nucleus / top-p cut of a rank-ordered law); p must be non-increasing.
 * @example topPRank(zipfProbabilities(2, 1000, "support").p, 0.9)
 */
export function topPRank(p: Float64Array, topP: number): number {
  if (!(topP > 0 && topP <= 1)) throw new RangeError(`topPRank: topP must be in (0, 1], got ${topP}`);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    s += p[i];
    if (s >= topP * (1 - 1e-12)) return i + 1;
  }
  return p.length;
}

/**
 * Temperature τ applied to a law: q_i ∝ p_i^{1/τ}. For a Zipf(β) law this is Zipf(β/τ) (tail narrowing for τ < 1).
 * The result is normalised over the given support.
 */
export function applyTemperature(p: Float64Array, tau: number): Float64Array {
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`applyTemperature: tau must be > 0, got ${tau}`);
  const q = new Float64Array(p.length);
  let m = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > m) m = p[i];
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i] > 0 ? Math.exp(Math.log(p[i] / m) / tau) : 0;
    q[i] = v;
    s += v;
  }
  for (let i = 0; i < p.length; i++) q[i] /= s;
  return q;
}

/**
 * Mixture π·a + (1−π)·b of two laws on the same support.
 */
export function mixLaws(a: Float64Array, b: Float64Array, pi: number): Float64Array {
  if (a.length !== b.length) throw new RangeError(`mixLaws: supports differ (${a.length} vs ${b.length})`);
  if (!(pi >= 0 && pi <= 1)) throw new RangeError(`mixLaws: pi must be in [0, 1], got ${pi}`);
  const q = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) q[i] = pi * a[i] + (1 - pi) * b[i];
  return q;
}

/** Σ of a Float64Array over [from, to). */
export function sumRange(p: Float64Array, from = 0, to = p.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += p[i];
  return s;
}

/**
 * Rank N needed so that a T-sample memoriser's error is not biased by the truncation: N ≥ factor·T^{1/β}
 * (factor 100, a choice of this project [U]).
 */
export function recommendedSupport(beta: number, T: number, factor = 100): number {
  checkBeta("recommendedSupport", beta);
  return Math.ceil(factor * Math.pow(T, 1 / beta));
}
