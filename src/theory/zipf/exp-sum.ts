/**
 * Fast evaluation of S(T) = Σ_i w_i·expm1(T·l_i) (l_i ≤ 0) for many values of T.
 *
 * Items whose exponent is small, T·|l_i| ≤ 10⁻², are summed through precomputed suffix moments
 * M_k = Σ_{j ≥ i} w_j l_j^k (k = 1..6): expm1(x) = Σ_k x^k/k! + O(x⁷/5040), a relative error ≤ 2e-18 there.
 * Only the head of items with larger exponents is summed explicitly. For a Zipf law at T = 10⁸ that is
 * (100·T·p₁)^{1/β} ranks instead of all N, so a curve over N = 10⁷ ranks costs milliseconds to ~1 s.
 * Works for any ordering of l (the cut-off uses the suffix maximum of |l|).
 */
export class ExpSum {
  private readonly w: Float64Array;
  private readonly l: Float64Array;
  private readonly suffixMaxAbs: Float64Array;
  private readonly moments: Float64Array[]; // moments[k-1][i] = Σ_{j≥i} w_j l_j^k, length n+1
  /** Σ_i w_i */
  readonly total: number;
  static readonly ORDER = 6;
  static readonly THRESHOLD = 1e-2;

  constructor(w: Float64Array, l: Float64Array) {
    if (w.length !== l.length) throw new RangeError(`ExpSum: w has length ${w.length}, l has length ${l.length}`);
    const n = w.length;
    this.w = w;
    this.l = l;
    const smax = (this.suffixMaxAbs = new Float64Array(n + 1));
    const m1 = new Float64Array(n + 1), m2 = new Float64Array(n + 1), m3 = new Float64Array(n + 1);
    const m4 = new Float64Array(n + 1), m5 = new Float64Array(n + 1), m6 = new Float64Array(n + 1);
    this.moments = [m1, m2, m3, m4, m5, m6];
    let total = 0;
    let s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, mx = 0;
    for (let i = n - 1; i >= 0; i--) {
      const li = l[i];
      if (!(li <= 0)) throw new RangeError(`ExpSum: exponents must be ≤ 0, got l[${i}]=${li}`);
      const wi = w[i];
      total += wi;
      if (-li > mx) mx = -li;
      smax[i] = mx;
      if (li !== -Infinity) {
        const a1 = wi * li, a2 = a1 * li, a3 = a2 * li, a4 = a3 * li, a5 = a4 * li;
        s1 += a1; s2 += a2; s3 += a3; s4 += a4; s5 += a5; s6 += a5 * li;
      }
      m1[i] = s1; m2[i] = s2; m3[i] = s3; m4[i] = s4; m5[i] = s5; m6[i] = s6;
    }
    this.total = total;
  }

  /** First index from which T·|l_j| ≤ THRESHOLD for all later j. */
  private cutIndex(T: number): number {
    const lim = ExpSum.THRESHOLD / T;
    let lo = 0, hi = this.w.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.suffixMaxAbs[mid] <= lim) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Σ_i w_i·expm1(T·l_i). */
  expm1Sum(T: number): number {
    if (!(T >= 0) || !Number.isFinite(T)) throw new RangeError(`ExpSum.expm1Sum: T must be finite and ≥ 0, got ${T}`);
    if (T === 0) return 0;
    const i0 = this.cutIndex(T);
    const w = this.w, l = this.l;
    let s = 0;
    for (let i = 0; i < i0; i++) s += w[i] * Math.expm1(T * l[i]);
    let tk = 1, fact = 1, tail = 0;
    for (let k = 1; k <= ExpSum.ORDER; k++) {
      tk *= T;
      fact *= k;
      tail += (tk / fact) * this.moments[k - 1][i0];
    }
    return s + tail;
  }

  /** Σ_i w_i·exp(T·l_i). */
  expSum(T: number): number {
    return this.total + this.expm1Sum(T);
  }
}
