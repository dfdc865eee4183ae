/**
 * Language-model stand-in for Fig. 2 / Table 2 (TinyStories) of Gerstgrasser et al. (2024): a synthetic Zipf–Markov
 * language whose true law P is known (src/theory/zipf), so the test cross-entropy of any model Q is the exact sum
 * H(P, Q) = Σ_s π_s Σ_t P(t|s)(−log Q(t|s)) (what the paper estimates on held-out real text).
 *
 * Each model-fitting iteration trains a model from scratch — a count-based add-α bigram (the exact baseline) or
 * the small neural LM of ./neural-bigram — and the next dataset is sampled from it at temperature τ,
 * Q_τ(t|s) ∝ Q(t|s)^{1/τ}, with as many tokens as the real corpus:
 * - replace: iteration n trains only on the tokens sampled from model n−1;
 * - accumulate: iteration n trains on the real corpus plus every synthetic corpus so far;
 * - growing replace: iteration n trains on n·N tokens sampled from model n−1 (Table 2's "replace, data grown to
 *   the accumulate size").
 */
import type { Rng } from "../../maths/random";
import { crossEntropy, sampleChain, type MarkovChain } from "../../theory/zipf/markov-language";
import { fitNeuralBigram, type NeuralBigramOptions } from "./neural-bigram";

export { crossEntropy, entropyRate, sampleChain, zipfMarkovLanguage } from "../../theory/zipf/markov-language";

/** A model of the stand-in: counts → next-token table. */
export type LmKind = "count" | "neural";
export type LmSchedule = "replace" | "accumulate" | "growing";

/** Transition counts C[s·V + t] of a token path, added into `into`. */
export function addTransitions(V: number, path: Int32Array, into: Float64Array): Float64Array {
  for (let i = 0; i + 1 < path.length; i++) into[path[i] * V + path[i + 1]] += 1;
  return into;
}

/** Add-α bigram: Q(t|s) = (C[s,t] + α)/(n_s + αV). */
export function countBigram(C: Float64Array, V: number, alpha: number): Float64Array {
  if (!(alpha > 0)) throw new RangeError(`countBigram: alpha must be > 0, got ${alpha}`);
  const Q = new Float64Array(V * V);
  for (let s = 0; s < V; s++) {
    let n = 0;
    for (let t = 0; t < V; t++) n += C[s * V + t];
    const den = n + alpha * V;
    for (let t = 0; t < V; t++) Q[s * V + t] = (C[s * V + t] + alpha) / den;
  }
  return Q;
}

/**
 * Q_τ(t|s) ∝ Q(t|s)^{1/τ} as a chain to sample from. Its paths start from `start` (a law on the V tokens, e.g. the
 * real stationary law), which spares the stationary law of a sharpened chain (slow to compute, irrelevant for a
 * long path).
 */
export function temperatureChain(Q: Float64Array, V: number, tau: number, start: Float64Array): MarkovChain {
  if (!(tau > 0)) throw new RangeError(`temperatureChain: temperature must be > 0, got ${tau}`);
  const P = new Float64Array(V * V);
  for (let s = 0; s < V; s++) {
    let mx = 0;
    for (let t = 0; t < V; t++) mx = Math.max(mx, Q[s * V + t]);
    let sum = 0;
    for (let t = 0; t < V; t++) sum += (P[s * V + t] = Math.pow(Q[s * V + t] / mx, 1 / tau));
    for (let t = 0; t < V; t++) P[s * V + t] /= sum;
  }
  if (start.length !== V) throw new RangeError(`temperatureChain: start must be a law on V = ${V} tokens`);
  const cdf = new Float64Array(V * V);
  for (let s = 0; s < V; s++) {
    let acc = 0;
    for (let t = 0; t < V; t++) cdf[s * V + t] = acc += P[s * V + t];
    cdf[s * V + V - 1] = 1;
  }
  return { V, P, pi: start, cdf };
}

/** Options of {@link runLmChain}. */
export interface LmChainOptions {
  kind: LmKind;
  schedule: LmSchedule;
  /** tokens (transitions) of the real corpus and of every synthetic corpus */
  tokens: number;
  iterations: number;
  temperature: number;
  /** add-α smoothing of the count model */
  alpha: number;
  neural?: NeuralBigramOptions;
}

/** Fits a model of kind `o.kind` to transition counts. */
export function fitLm(C: Float64Array, V: number, o: Pick<LmChainOptions, "kind" | "alpha" | "neural">, rng: Rng): Float64Array {
  if (o.kind === "count") return countBigram(C, V, o.alpha);
  if (!o.neural) throw new RangeError("fitLm: the neural model needs its options");
  return fitNeuralBigram(C, V, o.neural, rng).Q;
}

/**
 * Test cross-entropy (nats) of the models of iterations 1 … n. `realCounts` are the transition counts of the real
 * corpus; `first` is the model fitted on them (iteration 1, shared by every schedule of a seed).
 */
export function runLmChain(truth: MarkovChain, realCounts: Float64Array, first: Float64Array, o: LmChainOptions, rng: Rng): number[] {
  const fn = "runLmChain";
  const V = truth.V;
  if (realCounts.length !== V * V) throw new RangeError(`${fn}: realCounts must be V×V`);
  if (!Number.isInteger(o.iterations) || o.iterations < 1) throw new RangeError(`${fn}: iterations must be an integer ≥ 1, got ${o.iterations}`);
  if (!Number.isInteger(o.tokens) || o.tokens < 1) throw new RangeError(`${fn}: tokens must be a positive integer, got ${o.tokens}`);
  if (o.kind === "neural" && !o.neural) throw new RangeError(`${fn}: the neural model needs its options`);
  const fit = (C: Float64Array): Float64Array => fitLm(C, V, o, rng);
  const acc = realCounts.slice();
  let Q = first;
  const out = [crossEntropy(truth, Q)];
  for (let n = 2; n <= o.iterations; n++) {
    const gen = temperatureChain(Q, V, o.temperature, truth.pi);
    const size = o.schedule === "growing" ? n * o.tokens : o.tokens;
    const syn = addTransitions(V, sampleChain(gen, size, rng), new Float64Array(V * V));
    if (o.schedule === "accumulate") {
      for (let k = 0; k < acc.length; k++) acc[k] += syn[k];
      Q = fit(acc);
    } else Q = fit(syn);
    out.push(crossEntropy(truth, Q));
  }
  return out;
}

/** Parameters of {@link simulateLmStandin}. */
export interface LmStandinParams {
  /** vocabulary and Zipf exponent of the true language's rows [U] */
  V: number;
  beta: number;
  /** tokens per corpus [U] */
  tokens: number;
  /** iterations of the count model and of the neural model */
  countIterations: number;
  neuralIterations: number;
  /** sampling temperatures: 1 (main text) and 0.3 (appendix) [V] */
  temperatures: number[];
  alpha: number;
  neural: NeuralBigramOptions;
  seeds: number;
}

/** Per-seed cross-entropies: ce[kind][`${schedule}@${τ}`][seed][n − 1]. */
export interface LmStandinRun {
  entropyRate: number;
  ce: Record<LmKind, Record<string, number[][]>>;
}

/** The schedules run for each model: replace and accumulate at every temperature, growing replace at τ = 1. */
export function lmSchedules(temperatures: number[]): { schedule: LmSchedule; temperature: number }[] {
  const out: { schedule: LmSchedule; temperature: number }[] = [];
  for (const temperature of temperatures) {
    out.push({ schedule: "replace", temperature }, { schedule: "accumulate", temperature });
    if (temperature === 1) out.push({ schedule: "growing", temperature });
  }
  return out;
}

/** Runs every (model, schedule, temperature) chain for `seeds` independent real corpora of one true language. */
export function simulateLmStandin(truth: MarkovChain, p: LmStandinParams, rng: Rng): LmStandinRun {
  const V = truth.V;
  const ce: LmStandinRun["ce"] = { count: {}, neural: {} };
  const schedules = lmSchedules(p.temperatures);
  for (let k = 0; k < p.seeds; k++) {
    const r = rng.split();
    const real = addTransitions(V, sampleChain(truth, p.tokens, r), new Float64Array(V * V));
    for (const kind of ["count", "neural"] as LmKind[]) {
      const iterations = kind === "count" ? p.countIterations : p.neuralIterations;
      const opts = { kind, alpha: p.alpha, neural: p.neural };
      const first = fitLm(real, V, opts, r.split());
      for (const s of schedules) {
        const key = `${s.schedule}@${s.temperature}`;
        (ce[kind][key] ??= []).push(runLmChain(truth, real, first, { ...opts, schedule: s.schedule, tokens: p.tokens, iterations, temperature: s.temperature }, r.split()));
      }
    }
  }
  return { entropyRate: crossEntropy(truth, truth.P), ce };
}
