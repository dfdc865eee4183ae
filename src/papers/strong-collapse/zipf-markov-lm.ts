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
import { checkPositiveInt, crossEntropy, markovChain, sampleChain, type MarkovChain } from "../../theory/zipf/markov-language";

export { crossEntropy, entropyRate, markovChain, sampleChain, stationaryLaw, zipfMarkovLanguage, type MarkovChain } from "../../theory/zipf/markov-language";

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
