/**
 * Stand-in for Fig. 8 (GPT-2 on BabiStories) of "Strong Model Collapse": a synthetic Zipf–Markov language
 * whose true distribution is known, so the test cross-entropy of any model is an exact sum.
 *
 * - True language P: a first-order Markov chain on V tokens. Row s mixes a global Zipf law with a
 *   state-specific Zipf law over a random permutation: P(t|s) = (1−γ)·z(t) + γ·z(π_s(t)), z_i ∝ (i+1)^(−β).
 * - Generator ("the model that writes the synthetic text"): an add-k bigram fitted on T_gen real tokens,
 *   sampled at temperature 1.
 * - Students: add-k bigram models with K context slots (capacity): the K most frequent contexts of the true
 *   unigram order get their own next-token table, all other contexts share one table; K = V is the full
 *   bigram, K = 1 a unigram model.
 * - Test loss: exact cross-entropy H(P, Q) = Σ_s π_s Σ_t P(t|s)(−log Q(t|s)) in nats (π = stationary law of P);
 *   the excess over the entropy rate H(P) is KL(P‖Q) averaged over π.
 * All [U] parameters (V, β, γ, k, T_gen, capacities) are choices of this stand-in, not the paper's.
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

function checkPositiveInt(fn: string, name: string, v: number): void {
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
  return { V, P, pi, cdf };
}

/** The true Zipf–Markov language (see the file header). */
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

/** Transition counts C[s·V + t] of a token path (its first `transitions` transitions). */
export function countTransitions(V: number, path: Int32Array, transitions = path.length - 1, into?: Float64Array): Float64Array {
  const C = into ?? new Float64Array(V * V);
  for (let i = 0; i < transitions; i++) C[path[i] * V + path[i + 1]] += 1;
  return C;
}

/** Context slots of a capacity-K student: the K−1 most probable tokens under π get their own slot, all others share one (K slots; K = V gives the full bigram, K = 1 a unigram). */
export function contextSlots(pi: Float64Array, K: number): Int32Array {
  const V = pi.length;
  if (!Number.isInteger(K) || K < 1 || K > V) throw new RangeError(`contextSlots: K must be an integer in [1, ${V}], got ${K}`);
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => pi[b] - pi[a] || a - b);
  const slot = new Int32Array(V);
  order.forEach((tok, rank) => (slot[tok] = K === V ? rank : Math.min(rank, K - 1)));
  return slot;
}

/**
 * Add-k smoothed next-token tables of a capacity-K student from transition counts: rows of
 * Q[slot·V + t] = (C_slot[t] + k)/(C_slot + kV).
 */
export function fitStudent(V: number, counts: Float64Array, slot: Int32Array, k: number): Float64Array {
  if (!(k > 0)) throw new RangeError(`fitStudent: smoothing k must be > 0, got ${k}`);
  const K = Math.max(...slot) + 1;
  const pooled = new Float64Array(K * V);
  for (let s = 0; s < V; s++) {
    const src = s * V, dst = slot[s] * V;
    for (let t = 0; t < V; t++) pooled[dst + t] += counts[src + t];
  }
  const Q = new Float64Array(V * V);
  for (let s = 0; s < V; s++) {
    const row = slot[s] * V;
    let tot = 0;
    for (let t = 0; t < V; t++) tot += pooled[row + t];
    const den = tot + k * V;
    for (let t = 0; t < V; t++) Q[s * V + t] = (pooled[row + t] + k) / den;
  }
  return Q;
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

/** Parameters of {@link simulateLanguageMix}. */
export interface LanguageMixParams {
  /** Increasing training sizes (transitions). */
  tokens: number[];
  p2s: number[];
  /** Student capacities K (1 ≤ K ≤ V). */
  capacities: number[];
  /** Add-k smoothing of the students. */
  k: number;
}

/**
 * Test loss of students trained on ⌊(1−p₂)T⌋ real + ⌈p₂T⌉ synthetic transitions (prefixes of one real and
 * one synthetic path, so every T is nested). Returns loss[c][q][i] for capacities[c], p2s[q], tokens[i].
 */
export function simulateLanguageMix(truth: MarkovChain, generator: MarkovChain, p: LanguageMixParams, rng: Rng): number[][][] {
  const fn = "simulateLanguageMix";
  const V = truth.V;
  if (generator.V !== V) throw new RangeError(`${fn}: generator has V = ${generator.V}, truth V = ${V}`);
  for (let i = 0; i < p.tokens.length; i++) {
    if (!Number.isInteger(p.tokens[i]) || p.tokens[i] < 1 || (i > 0 && p.tokens[i] <= p.tokens[i - 1])) {
      throw new RangeError(`${fn}: tokens must be increasing positive integers, got ${p.tokens.join(",")}`);
    }
  }
  for (const q of p.p2s) if (!(q >= 0 && q <= 1)) throw new RangeError(`${fn}: p2 must be in [0, 1], got ${q}`);
  const Tmax = p.tokens[p.tokens.length - 1];
  const real = sampleChain(truth, Tmax, rng);
  const syn = sampleChain(generator, Tmax, rng);
  const slots = p.capacities.map((K) => contextSlots(truth.pi, K));
  const out = p.capacities.map(() => p.p2s.map(() => [] as number[]));
  p.p2s.forEach((p2, q) => {
    const C = new Float64Array(V * V);
    let doneReal = 0, doneSyn = 0;
    for (const T of p.tokens) {
      const nSyn = Math.min(T, Math.ceil(p2 * T - 1e-9));
      const nReal = T - nSyn;
      for (let i = doneReal; i < nReal; i++) C[real[i] * V + real[i + 1]] += 1;
      for (let i = doneSyn; i < nSyn; i++) C[syn[i] * V + syn[i + 1]] += 1;
      doneReal = nReal;
      doneSyn = nSyn;
      slots.forEach((slot, c) => out[c][q].push(crossEntropy(truth, fitStudent(V, C, slot, p.k))));
    }
  });
  return out;
}

/** The generator: an add-k bigram fitted on `tGen` real transitions, as a chain to sample from. */
export function fitGenerator(truth: MarkovChain, tGen: number, k: number, rng: Rng): MarkovChain {
  checkPositiveInt("fitGenerator", "tGen", tGen);
  const V = truth.V;
  const C = countTransitions(V, sampleChain(truth, tGen, rng));
  const slot = Int32Array.from({ length: V }, (_, i) => i);
  return markovChain(V, fitStudent(V, C, slot, k));
}
