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

/**
 * Vose's alias method: O(N) set-up, one uniform per draw.
 * @example
 * const s = createAliasSampler(zipfProbabilities(2, 1000, "support").p);
 * s.sample(createRng(1)); // 0 with probability 6/π² ≈ 0.61
 */
export function createAliasSampler(weights: ArrayLike<number>): IndexSampler {
  const total = checkWeights("createAliasSampler", weights);
  const n = weights.length;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0, nl = 0;
  for (let i = 0; i < n; i++) {
    prob[i] = (weights[i] * n) / total;
    if (prob[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[--nl];
    alias[s] = l;
    prob[l] = prob[l] + prob[s] - 1;
    if (prob[l] < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  while (nl > 0) prob[large[--nl]] = 1;
  while (ns > 0) prob[small[--ns]] = 1;
  const sample = (rng: Rng): number => {
    const u = rng.uniform() * n;
    const i = Math.floor(u);
    return u - i < prob[i] ? i : alias[i];
  };
  return {
    size: n,
    sample,
    fill(rng, out) {
      for (let t = 0; t < out.length; t++) {
        const u = rng.uniform() * n;
        const i = Math.floor(u);
        out[t] = u - i < prob[i] ? i : alias[i];
      }
      return out;
    },
  };
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
  return {
    size: n,
    sample,
    fill(rng, out) {
      for (let t = 0; t < out.length; t++) out[t] = sample(rng);
      return out;
    },
  };
}
