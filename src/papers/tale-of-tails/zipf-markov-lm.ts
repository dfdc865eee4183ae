/**
 * LLM stand-in for *A Tale of Tails* §6 (Llama2-7B on Wikitext-103 cannot run here): a synthetic Zipf–Markov
 * language with known truth and a tiny smoothed bigram language model.
 *
 * Language: first-order Markov chain over V tokens; the next token after i follows Zipf(β') over a
 * per-context random permutation of the vocabulary (src/theory/zipf/markov-language, shared with Strong Model
 * Collapse), so the test cross-entropy of any model q is exact: CE(q) = Σ_i π_i Σ_j P(j|i)(−log q(j|i)).
 * Model: q̂(j|i) = (1−ε)·(c_ij + α/V)/(n_i + α) + ε/V (Dirichlet smoothing of weight α = alphaT/T, vanishing with the
 * number T of training transitions, plus a fixed uniform floor ε).
 * AI corpora are sampled from a trained model with top-p (nucleus) truncation and/or temperature.
 */
import type { Rng } from "../../maths/random";
import { createAliasSampler, type IndexSampler } from "../../theory/zipf/index";
import { entropyRate, stationaryLaw, zipfMarkovLanguage, type MarkovChain } from "../../theory/zipf/markov-language";

export { crossEntropy } from "../../theory/zipf/markov-language";

/** The true language plus its entropy rate H = Σ π_i Σ_j P(j|i)(−log P(j|i)) in nats. */
export type MarkovLanguage = MarkovChain & { entropyRate: number };

/** A random Zipf–Markov language with pure per-context permuted Zipf(β) rows (γ = 1 of the shared construction). */
export function createZipfMarkovLanguage(V: number, beta: number, rng: Rng): MarkovLanguage {
  if (!Number.isInteger(V) || V < 2) throw new RangeError(`createZipfMarkovLanguage: V must be an integer ≥ 2, got ${V}`);
  const chain = zipfMarkovLanguage(V, beta, 1, rng);
  return { ...chain, entropyRate: entropyRate(chain) };
}

/**
 * Smoothing of the bigram model, a design choice of the stand-in [U]: a Dirichlet prior of total weight α = alphaT / T,
 * T = the number of training transitions (so the prior's mass vanishes like 1/T, consistently with the data: it only
 * decides the law of a context never seen), plus a fixed uniform floor ε that keeps the log-loss finite on tokens a
 * generator never emits. paper value unverified [U]
 */
export const LM_SMOOTHING: LmSmoothing = { alphaT: 1, epsilon: 1e-3 };
export interface LmSmoothing { alphaT: number; epsilon: number }

/** The Dirichlet weight α = alphaT / T of a model trained on T transitions (α = alphaT when T = 0). */
export function dirichletWeight(T: number, smoothing: LmSmoothing = LM_SMOOTHING): number {
  if (!(T >= 0)) throw new RangeError(`dirichletWeight: T must be ≥ 0, got ${T}`);
  return smoothing.alphaT / Math.max(T, 1);
}

/** Conditional laws q(·|i) (V×V) of the smoothed bigram model from pair counts: (1−ε)(c_ij + α/V)/(n_i + α) + ε/V, α = alphaT/Σc. */
export function bigramModel(counts: Float64Array, V: number, smoothing: LmSmoothing = LM_SMOOTHING): Float64Array {
  const { epsilon } = smoothing;
  let T = 0;
  for (let k = 0; k < counts.length; k++) T += counts[k];
  const alpha = dirichletWeight(T, smoothing);
  const Q = new Float64Array(V * V);
  for (let i = 0; i < V; i++) {
    let n = 0;
    for (let j = 0; j < V; j++) n += counts[i * V + j];
    for (let j = 0; j < V; j++) Q[i * V + j] = (1 - epsilon) * ((counts[i * V + j] + alpha / V) / (n + alpha)) + epsilon / V;
  }
  return Q;
}

/** Decoding of a model into a generator: nucleus top-p, then temperature τ (q ∝ q^{1/τ}). */
export interface Decoding { topP: number; tau: number }

/** Applies a decoding rule to each row of Q (V×V) and returns the generator's conditional laws. */
export function decodeLaws(Q: Float64Array, V: number, dec: Decoding): Float64Array {
  if (!(dec.topP > 0 && dec.topP <= 1)) throw new RangeError(`decodeLaws: topP must be in (0, 1], got ${dec.topP}`);
  if (!(dec.tau > 0)) throw new RangeError(`decodeLaws: tau must be > 0, got ${dec.tau}`);
  const G = new Float64Array(V * V);
  const idx = Array.from({ length: V }, (_, j) => j);
  for (let i = 0; i < V; i++) {
    const o = i * V;
    let s = 0;
    for (let j = 0; j < V; j++) { G[o + j] = Math.pow(Q[o + j], 1 / dec.tau); s += G[o + j]; }
    for (let j = 0; j < V; j++) G[o + j] /= s;
    if (dec.topP < 1) {
      idx.sort((a, b) => G[o + b] - G[o + a] || a - b);
      let c = 0, k = 0;
      while (k < V && c < dec.topP * (1 - 1e-12)) { c += G[o + idx[k]]; k++; }
      for (let r = k; r < V; r++) G[o + idx[r]] = 0;
      for (let j = 0; j < V; j++) G[o + j] /= c;
    }
  }
  return G;
}

/** A sampler of token sequences from conditional laws G (V×V): one flat alias table per row. */
export class MarkovSampler {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  private state: number;
  constructor(readonly G: Float64Array, readonly V: number, start: number) {
    this.prob = new Float64Array(V * V);
    this.alias = new Int32Array(V * V);
    const small = new Int32Array(V), large = new Int32Array(V);
    for (let i = 0; i < V; i++) {
      const o = i * V;
      let total = 0;
      for (let j = 0; j < V; j++) total += G[o + j];
      if (!(total > 0)) throw new RangeError(`MarkovSampler: row ${i} has no mass`);
      let ns = 0, nl = 0;
      for (let j = 0; j < V; j++) {
        this.prob[o + j] = (G[o + j] * V) / total;
        if (this.prob[o + j] < 1) small[ns++] = j;
        else large[nl++] = j;
      }
      while (ns > 0 && nl > 0) {
        const a = small[--ns], b = large[--nl];
        this.alias[o + a] = b;
        this.prob[o + b] += this.prob[o + a] - 1;
        if (this.prob[o + b] < 1) small[ns++] = b;
        else large[nl++] = b;
      }
      while (nl > 0) this.prob[o + large[--nl]] = 1;
      while (ns > 0) this.prob[o + small[--ns]] = 1;
    }
    this.state = start;
  }
  /** Adds `count` consecutive transitions (i → j) to `pairCounts` (V×V). */
  addPairs(count: number, pairCounts: Float64Array, rng: Rng): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`MarkovSampler.addPairs: count must be a non-negative integer, got ${count}`);
    const V = this.V, prob = this.prob, alias = this.alias;
    let s = this.state;
    for (let t = 0; t < count; t++) {
      const u = rng.uniform() * V;
      const k = Math.floor(u);
      const o = s * V;
      const j = u - k < prob[o + k] ? k : alias[o + k];
      pairCounts[o + j]++;
      s = j;
    }
    this.state = s;
  }
}

/**
 * The law a bigram learner converges to on a stream mixing a fraction `realFrac` of real tokens with generator G:
 * q∞(j|i) = [(1−π)μ_G(i)G(j|i) + π·π_P(i)P(j|i)] / [(1−π)μ_G(i) + π·π_P(i)], with μ the stationary laws.
 * Returned with the model's smoothing floor applied ((1−ε)q∞ + ε/V), so CE(q∞) is the exact T → ∞ limit.
 */
export function mixtureLimit(lang: MarkovLanguage, G: Float64Array, realFrac: number, smoothing: LmSmoothing = LM_SMOOTHING): Float64Array {
  const V = lang.V;
  const muG = stationaryLaw(G, V);
  const Q = new Float64Array(V * V);
  for (let i = 0; i < V; i++) {
    const a = (1 - realFrac) * muG[i], b = realFrac * lang.pi[i];
    for (let j = 0; j < V; j++) {
      const v = a + b > 0 ? (a * G[i * V + j] + b * lang.P[i * V + j]) / (a + b) : 1 / V;
      Q[i * V + j] = (1 - smoothing.epsilon) * v + smoothing.epsilon / V;
    }
  }
  return Q;
}
