/**
 * Monte-Carlo simulation of the Hutter memoriser: draw tokens one at a time from a training law, keep a
 * `Uint8Array` "seen" bitmap over the N ranks, and record the test error Σ_{unseen or wrongly labelled} p_i
 * at increasing checkpoints T₁ < T₂ < … (one pass per repetition, no per-token allocation).
 */
import type { Rng } from "../../maths/random";
import type { IndexSampler } from "./sampler";

function checkCheckpoints(fn: string, checkpoints: ArrayLike<number>): void {
  let prev = 0;
  for (let j = 0; j < checkpoints.length; j++) {
    const t = checkpoints[j];
    if (!Number.isInteger(t) || t < prev) {
      throw new RangeError(`${fn}: checkpoints must be non-decreasing non-negative integers, got ${t} after ${prev}`);
    }
    prev = t;
  }
}

/** Options of {@link simulateMemorizer}. */
export interface MemorizerSimulation {
  /** test law over ranks 1..N */
  p: Float64Array;
  /** test mass beyond rank N (always an error) */
  pTail?: number;
  /** draws training inputs (0-based ranks) */
  sampler: IndexSampler;
  /** sample sizes at which to record the error (non-decreasing integers) */
  checkpoints: ArrayLike<number>;
  /**
   * labels available to the learner: item i is learned correctly when seen only if `teacherCorrect[i]` is 1
   * (default: all labels correct, i.e. clean data)
   */
  teacherCorrect?: Uint8Array;
  /** Σ p over the support, if already known (saves one pass over N per run) */
  supportMass?: number;
  /** optional second source: `extraCount` draws from `extraSampler` are added before the first checkpoint */
  extraSampler?: IndexSampler;
  extraCount?: number;
}

/**
 * One Monte-Carlo run of a memoriser. Returns the test error at each checkpoint.
 * @example simulateMemorizer({ p, sampler: createAliasSampler(p), checkpoints: [10, 100] }, rng)
 */
export function simulateMemorizer(opts: MemorizerSimulation, rng: Rng): Float64Array {
  const { p, sampler, checkpoints, teacherCorrect } = opts;
  const pTail = opts.pTail ?? 0;
  if (sampler.size !== p.length) throw new RangeError(`simulateMemorizer: sampler size ${sampler.size} ≠ support ${p.length}`);
  if (teacherCorrect && teacherCorrect.length !== p.length) {
    throw new RangeError(`simulateMemorizer: teacherCorrect has length ${teacherCorrect.length}, expected ${p.length}`);
  }
  checkCheckpoints("simulateMemorizer", checkpoints);
  const seen = new Uint8Array(p.length);
  let supportMass = opts.supportMass ?? NaN;
  if (Number.isNaN(supportMass)) {
    supportMass = 0;
    for (let i = 0; i < p.length; i++) supportMass += p[i];
  }
  let learned = 0;
  const visit = (i: number): void => {
    if (seen[i] === 0) {
      seen[i] = 1;
      if (!teacherCorrect || teacherCorrect[i] === 1) learned += p[i];
    }
  };
  if (opts.extraSampler && opts.extraCount) {
    if (opts.extraSampler.size !== p.length) throw new RangeError("simulateMemorizer: extraSampler has the wrong support size");
    for (let t = 0; t < opts.extraCount; t++) visit(opts.extraSampler.sample(rng));
  }
  const out = new Float64Array(checkpoints.length);
  let t = 0;
  for (let j = 0; j < checkpoints.length; j++) {
    const target = checkpoints[j];
    for (; t < target; t++) visit(sampler.sample(rng));
    out[j] = pTail + Math.max(0, supportMass - learned);
  }
  return out;
}

/**
 * Items a chain of `generations` memorisers still labels correctly: generation 1 sees T₀ clean draws,
 * generation m sees T₀ draws labelled by generation m−1 and keeps item i correct only if it saw i and its
 * teacher was correct on i. Returns a 0/1 array (all ones for 0 generations).
 */
export function simulateGenerationLabels(sampler: IndexSampler, T0: number, generations: number, rng: Rng): Uint8Array {
  if (!Number.isInteger(T0) || T0 < 0) throw new RangeError(`simulateGenerationLabels: T0 must be a non-negative integer, got ${T0}`);
  if (!Number.isInteger(generations) || generations < 0) {
    throw new RangeError(`simulateGenerationLabels: generations must be a non-negative integer, got ${generations}`);
  }
  const correct = new Uint8Array(sampler.size);
  if (generations === 0) return correct.fill(1);
  // Sparse: the correct set after generation 1 has at most T₀ members; intersect it with each later sample.
  let members = new Int32Array(T0);
  let count = 0;
  for (let t = 0; t < T0; t++) {
    const i = sampler.sample(rng);
    if (correct[i] === 0) {
      correct[i] = 1;
      members[count++] = i;
    }
  }
  const mark = new Uint8Array(sampler.size);
  for (let g = 1; g < generations; g++) {
    for (let t = 0; t < T0; t++) mark[sampler.sample(rng)] = 1;
    const next = new Int32Array(count);
    let kept = 0;
    for (let m = 0; m < count; m++) {
      const i = members[m];
      if (mark[i] === 1) next[kept++] = i;
      else correct[i] = 0;
    }
    mark.fill(0); // memset, cheap next to the JS loops

    members = next;
    count = kept;
  }
  return correct;
}

/**
 * Counts of each rank among T draws (the empirical law of a finite sample).
 */
export function sampleCounts(sampler: IndexSampler, T: number, rng: Rng): Int32Array {
  if (!Number.isInteger(T) || T < 0) throw new RangeError(`sampleCounts: T must be a non-negative integer, got ${T}`);
  const counts = new Int32Array(sampler.size);
  for (let t = 0; t < T; t++) counts[sampler.sample(rng)]++;
  return counts;
}
