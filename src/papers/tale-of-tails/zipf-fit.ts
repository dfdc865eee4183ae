/**
 * Maximum-likelihood Zipf exponent of a sample of ranks on a finite support {1..N}: the s that maximises
 * −s Σ_t log r_t − T log Σ_{i≤N} i^{−s}, i.e. the s at which the model's mean log-rank equals the sample's
 * (E_s[log r] decreases in s, so the root is unique and found by bisection).
 * Used to measure from sampled data the exponent of a tempered Zipf law (*A Tale of Tails* §2, Fig. 1: temperature
 * τ < 1 turns Zipf(β) into Zipf(β/τ)).
 */

/** Mean of log r under the Zipf(s) law on {1..N}. */
export function zipfMeanLogRank(s: number, N: number): number {
  let z = 0, zl = 0;
  for (let i = 1; i <= N; i++) {
    const w = Math.pow(i, -s);
    z += w;
    zl += w * Math.log(i);
  }
  return zl / z;
}

/**
 * MLE of the Zipf exponent from counts per rank (counts[i] = draws of rank i + 1) on the support {1..counts.length}.
 * @throws RangeError when there are no draws or every draw is rank 1 (the MLE is +∞)
 * @example zipfExponentMle(Int32Array.from([4, 1])) // the s with E_s[log r] = log(2)/5 on {1, 2}
 */
export function zipfExponentMle(counts: ArrayLike<number>, lo = 0.01, hi = 30): number {
  const N = counts.length;
  let T = 0, sl = 0;
  for (let i = 0; i < N; i++) {
    const c = counts[i];
    if (!(c >= 0)) throw new RangeError(`zipfExponentMle: counts must be ≥ 0, got ${c} at rank ${i + 1}`);
    T += c;
    sl += c * Math.log(i + 1);
  }
  if (T === 0) throw new RangeError("zipfExponentMle: no draws");
  const target = sl / T;
  if (target === 0) throw new RangeError("zipfExponentMle: every draw is rank 1, the exponent estimate is +∞; draw more samples");
  if (zipfMeanLogRank(lo, N) < target) return lo;
  if (zipfMeanLogRank(hi, N) > target) return hi;
  let a = lo, b = hi;
  for (let k = 0; k < 60 && b - a > 1e-10; k++) {
    const m = 0.5 * (a + b);
    if (zipfMeanLogRank(m, N) > target) a = m;
    else b = m;
  }
  return 0.5 * (a + b);
}
