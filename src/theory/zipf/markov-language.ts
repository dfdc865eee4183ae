/**
 * Zipf–Markov languages: first-order Markov chains on V tokens whose rows are Zipf laws over random per-context
 * permutations, optionally mixed with a global Zipf law: P(t|s) = (1−γ)·z(t) + γ·z(π_s(t)), z_i ∝ (i+1)^(−β).
 * The truth is known, so the test cross-entropy of any model Q is an exact sum over the stationary law. Shared by
 * the language-model stand-ins of *Strong Model Collapse* (γ < 1) and *A Tale of Tails* (γ = 1).
 */
import type { Rng } from "../../maths/random";

/** A Markov chain on V tokens with row-stochastic dense transitions. */
export interface MarkovChain {
  V: number;
  /** P[s·V + t] = P(t | s). */
  P: Float64Array;
  /** Stationary distribution. */
  pi: Float64Array;
  /** Row-wise cumulative sums (for sampling). */
  cdf: Float64Array;
}

/** Throws a RangeError unless `v` is a positive integer. */
export function checkPositiveInt(fn: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${name} must be a positive integer, got ${v}`);
}

/** Builds the chain (π by power iteration, cdf for sampling) from a row-stochastic matrix. */
export function markovChain(V: number, P: Float64Array): MarkovChain {
  checkPositiveInt("markovChain", "V", V);
  if (P.length !== V * V) throw new RangeError(`markovChain: P must have V² = ${V * V} entries, got ${P.length}`);
  const cdf = new Float64Array(V * V);
  for (let s = 0; s < V; s++) {
    let acc = 0;
    for (let t = 0; t < V; t++) {
      acc += P[s * V + t];
      cdf[s * V + t] = acc;
    }
    if (Math.abs(acc - 1) > 1e-9) throw new RangeError(`markovChain: row ${s} sums to ${acc}, not 1`);
    cdf[s * V + V - 1] = 1;
  }
  return { V, P, pi: stationaryLaw(P, V), cdf };
}

/** Stationary law of a V×V row-stochastic matrix (power iteration to an L1 change below 1e-14). */
export function stationaryLaw(P: Float64Array, V: number): Float64Array {
  let pi = new Float64Array(V).fill(1 / V);
  for (let it = 0; it < 10000; it++) {
    const next = new Float64Array(V);
    for (let s = 0; s < V; s++) {
      const w = pi[s];
      if (w === 0) continue;
      const row = s * V;
      for (let t = 0; t < V; t++) next[t] += w * P[row + t];
    }
    let diff = 0;
    for (let t = 0; t < V; t++) diff += Math.abs(next[t] - pi[t]);
    pi = next;
    if (diff < 1e-14) break;
  }
  return pi;
}

/** A random Zipf–Markov language (see the file header); γ = 1 gives pure per-context permuted Zipf rows. */
export function zipfMarkovLanguage(V: number, beta: number, gamma: number, rng: Rng): MarkovChain {
  const fn = "zipfMarkovLanguage";
  checkPositiveInt(fn, "V", V);
  if (!(beta > 0)) throw new RangeError(`${fn}: beta must be > 0, got ${beta}`);
  if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`${fn}: gamma must be in [0, 1], got ${gamma}`);
  const z = new Float64Array(V);
  let Z = 0;
  for (let i = 0; i < V; i++) Z += (z[i] = Math.pow(i + 1, -beta));
  for (let i = 0; i < V; i++) z[i] /= Z;
  const P = new Float64Array(V * V);
  const perm = Array.from({ length: V }, (_, i) => i);
  for (let s = 0; s < V; s++) {
    rng.shuffle(perm);
    for (let t = 0; t < V; t++) P[s * V + t] = (1 - gamma) * z[t] + gamma * z[perm[t]];
  }
  return markovChain(V, P);
}

/** Samples a path of `length` transitions (length + 1 tokens), starting from π. */
export function sampleChain(chain: MarkovChain, length: number, rng: Rng): Int32Array {
  const fn = "sampleChain";
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`${fn}: length must be an integer ≥ 0, got ${length}`);
  const { V, cdf, pi } = chain;
  const out = new Int32Array(length + 1);
  let u = rng.uniform(), s = 0, acc = pi[0];
  while (acc <= u && s < V - 1) acc += pi[++s];
  out[0] = s;
  for (let i = 1; i <= length; i++) {
    u = rng.uniform();
    let lo = 0, hi = V - 1;
    const row = s * V;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[row + mid] > u) hi = mid;
      else lo = mid + 1;
    }
    s = lo;
    out[i] = s;
  }
  return out;
}

/** Exact cross-entropy H(P, Q) = Σ_s π_s Σ_t P(t|s)(−log Q(t|s)), in nats. */
export function crossEntropy(truth: MarkovChain, Q: Float64Array): number {
  const { V, P, pi } = truth;
  if (Q.length !== V * V) throw new RangeError(`crossEntropy: Q must have V² = ${V * V} entries, got ${Q.length}`);
  let h = 0;
  for (let s = 0; s < V; s++) {
    if (pi[s] === 0) continue;
    let row = 0;
    for (let t = 0; t < V; t++) {
      const p = P[s * V + t];
      if (p > 0) row -= p * Math.log(Q[s * V + t]);
    }
    h += pi[s] * row;
  }
  return h;
}

/** Entropy rate H(P) = Σ_s π_s H(P(·|s)): the lowest achievable test loss. */
export function entropyRate(truth: MarkovChain): number {
  return crossEntropy(truth, truth.P);
}

