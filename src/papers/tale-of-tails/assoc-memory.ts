/**
 * *A Tale of Tails* §5, capacity-limited memory: the associative memory of Cabannes, Dohmatob &
 * Bietti (2023). Items i ∈ {1..N} ~ Zipf(β) carry labels f*(i) ∈ {1..m}; random embeddings e_i, u_y ∈ ℝ^d
 * (i.i.d. N(0, I/d)); the memory is W = Σ_i q(i) u_{f*(i)} e_iᵀ and predicts ŷ(i) = argmax_y u_yᵀ W e_i.
 * Storage rule q(i) = 1{i seen in training} ("threshold"), q(i) = count of i ("frequency"), or 1 for the
 * ⌊CAPPED_RATIO·d⌋ most frequent seen items ("capped", a threshold that keeps the memory within capacity).
 * Computed without forming W: with A_y = Σ_{i: f*(i)=y} q(i) e_i, the score is Σ_{y'} (u_y·u_{y'}) (A_{y'}·e_i).
 */
import type { Rng } from "../../maths/random";
import type { IndexSampler } from "../../theory/zipf/index";

export type StorageRule = "threshold" | "frequency" | "capped";

/** Capped threshold rule: store (weight 1) only the ⌊CAPPED_RATIO·d⌋ most frequent seen items. paper value unverified [U] */
export const CAPPED_RATIO = 0.5;

/** Embeddings and labels of one random memory instance. */
export interface MemoryInstance {
  N: number;
  d: number;
  m: number;
  /** N×d row-major item embeddings */
  E: Float64Array;
  /** m×d class embeddings */
  U: Float64Array;
  /** labels f*(i) ∈ {0..m−1} */
  labels: Int32Array;
  /** m×m Gram matrix of the class embeddings */
  G: Float64Array;
}

export function createMemoryInstance(N: number, d: number, m: number, rng: Rng): MemoryInstance {
  for (const [k, v] of [["N", N], ["d", d], ["m", m]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`createMemoryInstance: ${k} must be a positive integer, got ${v}`);
  }
  const sd = 1 / Math.sqrt(d);
  const E = rng.fillNormal(new Float64Array(N * d), sd);
  const U = rng.fillNormal(new Float64Array(m * d), sd);
  const labels = new Int32Array(N);
  for (let i = 0; i < N; i++) labels[i] = rng.int(m);
  const G = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += U[a * d + k] * U[b * d + k];
      G[a * m + b] = s;
    }
  }
  return { N, d, m, E, U, labels, G };
}

/**
 * Test error Σ_i p_i 1{ŷ(i) ≠ f*(i)} of the memory built from per-item storage weights q (length N).
 */
export function memoryError(inst: MemoryInstance, q: Float64Array, p: Float64Array): number {
  const { N, d, m, E, labels, G } = inst;
  const A = new Float64Array(m * d);
  for (let i = 0; i < N; i++) {
    const w = q[i];
    if (w === 0) continue;
    const y = labels[i];
    for (let k = 0; k < d; k++) A[y * d + k] += w * E[i * d + k];
  }
  const b = new Float64Array(m);
  const s = new Float64Array(m);
  let err = 0;
  for (let i = 0; i < N; i++) {
    const off = i * d;
    for (let y = 0; y < m; y++) {
      let t = 0;
      const ao = y * d;
      for (let k = 0; k < d; k++) t += A[ao + k] * E[off + k];
      b[y] = t;
    }
    let best = -Infinity, arg = -1;
    for (let y = 0; y < m; y++) {
      let t = 0;
      for (let z = 0; z < m; z++) t += G[y * m + z] * b[z];
      s[y] = t;
      if (t > best) {
        best = t;
        arg = y;
      }
    }
    // all-zero memory: every score is 0; count the item as wrong unless the tie-break happens to hit (chance 1/m)
    if (best === 0 && arg === 0) arg = -1;
    if (arg !== labels[i]) err += p[i];
  }
  return err;
}

/**
 * Monte-Carlo error curve of one memory instance trained on T draws from `sampler` at the checkpoints.
 */
export function simulateMemoryCurve(
  inst: MemoryInstance,
  p: Float64Array,
  sampler: IndexSampler,
  checkpoints: number[],
  rule: StorageRule,
  rng: Rng,
): Float64Array {
  const counts = new Float64Array(inst.N);
  const q = new Float64Array(inst.N);
  const out = new Float64Array(checkpoints.length);
  let t = 0;
  for (let j = 0; j < checkpoints.length; j++) {
    for (; t < checkpoints[j]; t++) counts[sampler.sample(rng)]++;
    if (rule === "capped") {
      const cap = Math.max(1, Math.floor(CAPPED_RATIO * inst.d));
      const order = Array.from({ length: inst.N }, (_, i) => i).filter((i) => counts[i] > 0);
      order.sort((a, b) => counts[b] - counts[a] || a - b);
      q.fill(0);
      for (let r = 0; r < Math.min(cap, order.length); r++) q[order[r]] = 1;
    } else {
      for (let i = 0; i < inst.N; i++) q[i] = rule === "threshold" ? (counts[i] > 0 ? 1 : 0) : counts[i];
    }
    out[j] = memoryError(inst, q, p);
  }
  return out;
}

/**
 * Error of the capped storage rule alone, without interference: an ideal memory that recalls exactly the
 * ⌊CAPPED_RATIO·d⌋ most frequent seen items and answers every other item with an arbitrary label (right with chance
 * 1/m), so E = (1 − 1/m)(1 − Σ_{stored} p_i). The baseline the capped associative memory's d-dependence is compared with.
 */
export function cappedRuleError(counts: ArrayLike<number>, p: Float64Array, d: number, m: number): number {
  if (counts.length !== p.length) throw new RangeError(`cappedRuleError: ${counts.length} counts for ${p.length} items`);
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`cappedRuleError: d must be a positive integer, got ${d}`);
  const cap = Math.max(1, Math.floor(CAPPED_RATIO * d));
  const order = Array.from({ length: p.length }, (_, i) => i).filter((i) => counts[i] > 0);
  order.sort((a, b) => counts[b] - counts[a] || a - b);
  let stored = 0;
  for (let r = 0; r < Math.min(cap, order.length); r++) stored += p[order[r]];
  return (1 - 1 / m) * (1 - stored);
}

/**
 * Storage rules of the memory W = Σ_i q(i) u_{f*(i)} e_iᵀ as functions of the training counts n_i (Cabannes, Dohmatob &
 * Bietti 2023, §3, the memories *A Tale of Tails* §5 builds on): "seen", q(i) = 1{n_i > 0}; "power", q(i) = n_i^ρ
 * (ρ = 1: frequency weighting; ρ → 0: back to "seen"); "top", q(i) = 1 for the ⌊ratio·d⌋ most frequent seen items.
 */
export type StorageSpec = { kind: "seen" } | { kind: "power"; rho: number } | { kind: "top"; ratio: number };

export function storageWeights(counts: ArrayLike<number>, spec: StorageSpec, d: number): Float64Array {
  const N = counts.length;
  const q = new Float64Array(N);
  if (spec.kind === "top") {
    if (!(spec.ratio > 0)) throw new RangeError(`storageWeights: ratio must be > 0, got ${spec.ratio}`);
    const cap = Math.max(1, Math.floor(spec.ratio * d));
    const order = Array.from({ length: N }, (_, i) => i).filter((i) => counts[i] > 0);
    order.sort((a, b) => counts[b] - counts[a] || a - b);
    for (let r = 0; r < Math.min(cap, order.length); r++) q[order[r]] = 1;
    return q;
  }
  if (spec.kind === "power" && !(spec.rho > 0)) throw new RangeError(`storageWeights: rho must be > 0, got ${spec.rho}`);
  for (let i = 0; i < N; i++) {
    const n = counts[i];
    if (n < 0) throw new RangeError(`storageWeights: negative count ${n} at ${i}`);
    q[i] = n === 0 ? 0 : spec.kind === "seen" ? 1 : Math.pow(n, spec.rho);
  }
  return q;
}

/**
 * Error of the same storage rule without interference (the rule's own baseline): an ideal memory recalls every item
 * with q(i) > 0 and answers every other item with an arbitrary label (right with chance 1/m):
 * E = (1 − 1/m) Σ_{i: q(i) = 0} p_i. For "seen" and "power" this is the Hutter memoriser's error on the same counts;
 * for "top" it is the rank cut at ⌊ratio·d⌋ (cappedRuleError at ratio = CAPPED_RATIO).
 */
export function interferenceFreeError(counts: ArrayLike<number>, p: Float64Array, spec: StorageSpec, d: number, m: number): number {
  if (counts.length !== p.length) throw new RangeError(`interferenceFreeError: ${counts.length} counts for ${p.length} items`);
  const q = storageWeights(counts, spec, d);
  let lost = 0;
  for (let i = 0; i < p.length; i++) if (q[i] === 0) lost += p[i];
  return (1 - 1 / m) * lost;
}
