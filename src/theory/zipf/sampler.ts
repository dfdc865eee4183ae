/**
 * Sampling ranks from a discrete law: Walker/Vose alias tables (O(1) per draw) and inverse-CDF
 * binary search over a cumulative Float64Array (O(log N)). Both return 0-based indices (rank − 1).
 */
import type { Rng } from "../../maths/random";

/** A sampler of 0-based indices. */
export interface IndexSampler {
  readonly size: number;
  /** one draw */
  sample(rng: Rng): number;
  /** fills `out` with i.i.d. draws and returns it */
  fill(rng: Rng, out: Int32Array): Int32Array;
}

function checkWeights(fn: string, w: ArrayLike<number>): number {
  if (w.length < 1) throw new RangeError(`${fn}: empty weight array`);
  let s = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i];
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${fn}: weights must be finite and ≥ 0, got w[${i}]=${v}`);
    s += v;
  }
  if (!(s > 0)) throw new RangeError(`${fn}: weights sum to ${s}, need > 0`);
  return s;
}

interface AliasTable {
  prob: Float64Array;
  alias: Int32Array;
}

function buildAliasTable(weights: ArrayLike<number>, from: number, to: number, extra: number): AliasTable {
  // Outcomes: indices from..to−1, plus one extra outcome (index to−from) of weight `extra` when extra > 0.
  const n = to - from + (extra > 0 ? 1 : 0);
  let total = extra;
  for (let i = from; i < to; i++) total += weights[i];
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0, nl = 0;
  for (let j = 0; j < n; j++) {
    const w = j < to - from ? weights[from + j] : extra;
    prob[j] = (w * n) / total;
    if (prob[j] < 1) small[ns++] = j;
    else large[nl++] = j;
  }
  while (ns > 0 && nl > 0) {
    const sj = small[--ns];
    const lj = large[--nl];
    alias[sj] = lj;
    prob[lj] = prob[lj] + prob[sj] - 1;
    if (prob[lj] < 1) small[ns++] = lj;
    else large[nl++] = lj;
  }
  while (nl > 0) prob[large[--nl]] = 1;
  while (ns > 0) prob[small[--ns]] = 1;
  return { prob, alias };
}

/** An {@link IndexSampler} over {0, …, n−1} from its one-draw function. */
function indexSampler(n: number, sample: (rng: Rng) => number): IndexSampler {
  return {
    size: n,
    sample,
    fill(rng, out) {
      for (let t = 0; t < out.length; t++) out[t] = sample(rng);
      return out;
    },
  };
}

/** Size of the cache-resident first level of the alias sampler. */
export const ALIAS_HEAD_SIZE = 8192;

/**
 * Vose's alias method: O(N) set-up, O(1) per draw. For large N the table is split in two levels: the first
 * {@link ALIAS_HEAD_SIZE} indices plus one "tail" outcome (small, cache-resident), then an alias table over
 * the rest. The law is exactly the same; draws of a rank-ordered (Zipf) law mostly stay in cache.
 * @example
 * const s = createAliasSampler(zipfProbabilities(2, 1000, "support").p);
 * s.sample(createRng(1)); // 0 with probability 6/π² ≈ 0.61
 */
export function createAliasSampler(weights: ArrayLike<number>): IndexSampler {
  checkWeights("createAliasSampler", weights);
  const n = weights.length;
  const H = Math.min(n, ALIAS_HEAD_SIZE);
  let tailW = 0;
  for (let i = H; i < n; i++) tailW += weights[i];
  const head = buildAliasTable(weights, 0, H, tailW);
  const hn = head.prob.length;
  const hp = head.prob, ha = head.alias;
  const tail = tailW > 0 ? buildAliasTable(weights, H, n, 0) : null;
  const tn = tail ? tail.prob.length : 0;
  const tp = tail ? tail.prob : new Float64Array(0), ta = tail ? tail.alias : new Int32Array(0);
  const sample = (rng: Rng): number => {
    const u = rng.uniform() * hn;
    const j = Math.floor(u);
    const h = u - j < hp[j] ? j : ha[j];
    if (h < H) return h;
    const v = rng.uniform() * tn;
    const k = Math.floor(v);
    return H + (v - k < tp[k] ? k : ta[k]);
  };
  return indexSampler(n, sample);
}

/**
 * Inverse-CDF sampler: binary search of a uniform in the cumulative sums.
 */
export function createInverseCdfSampler(weights: ArrayLike<number>): IndexSampler {
  const total = checkWeights("createInverseCdfSampler", weights);
  const n = weights.length;
  const cdf = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += weights[i];
    cdf[i] = s / total;
  }
  cdf[n - 1] = 1;
  const sample = (rng: Rng): number => {
    const u = rng.uniform();
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return indexSampler(n, sample);
}
