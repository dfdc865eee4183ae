/**
 * Monte-Carlo for the random-projection model f(x) = vᵀSx (Eq. 5), isotropic x ~ N(0, I_d), on a mixture of
 * n₁ real rows (teacher w₁ ~ N(0, r²I/d)) and n₂ = round(p₂n) synthetic rows (teacher w₁ + δ,
 * δ ~ N(0, c²I/d), or sign-sampled with the same covariance); ε ~ N(0, σ²). Test error: ‖Sᵀv − w₁‖² (exact for isotropic x).
 *
 * Per seed one X (n×d), one S_max (m_max×d, iid N(0, 1/d)) and one ε are shared by every model size m
 * (S_m = the first m rows of S_max, so each S_m is itself iid), every quality c² and every p₂: the
 * features Z = XS_maxᵀ are formed once. m ≤ n is solved in the primal (m×m), m > n in the dual (n×n,
 * accumulated over increasing m).
 */
import type { Rng } from "../../maths/random";
import { eigh, matmul, solveSPD, type Matrix } from "../../maths/linalg/index";

/** One (c², p₂) combination of labels. */
export interface LabelSpec {
  c2: number;
  p2: number;
}

/** Parameters of {@link simulateRandomProjections}. */
export interface RandomProjectionSimParams {
  d: number;
  n: number;
  /** Increasing model sizes m. */
  ms: number[];
  lambda: number;
  sigma2: number;
  r2: number;
  labels: LabelSpec[];
  /**
   * Antithetic shift: each synthetic label set is fitted with +δ and with −δ and the two errors are averaged.
   * −δ has the law of δ, so the mean is unchanged; the average cancels the term linear in δ (the cross term between
   * the clean error and the shift's effect), which dominates the noise of the synthetic excess (mix − clean).
   */
  antithetic?: boolean;
  /**
   * How the unit shift direction is drawn: "gaussian" (default, N(0, I/d)) or "signs" (±1/√d, independent fair
   * signs: same mean and covariance, so the same expected error, but ‖δ‖² = c² exactly).
   */
  deltaSampling?: "gaussian" | "signs";
  /**
   * Independent shift draws per seed (default 1): each shifted label set is fitted with K draws of δ (same X, S, ε,
   * w₁) and the errors averaged — Monte-Carlo over δ inside a seed, which lowers the noise of the synthetic excess
   * coming from δ (its part that acts as label noise) without changing the mean.
   */
  shiftDraws?: number;
}

/** Errors [label][m] of one seed, plus the projection used (for the conditional theory). */
export interface RandomProjectionSimResult {
  errors: number[][];
  /** S_max (m_max × d), row-major. */
  S: Matrix;
}

function checkRp(fn: string, p: RandomProjectionSimParams): void {
  for (const [name, v] of [["d", p.d], ["n", p.n]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${name} must be a positive integer, got ${v}`);
  }
  if (p.ms.length === 0) throw new RangeError(`${fn}: ms is empty`);
  for (let i = 0; i < p.ms.length; i++) {
    if (!Number.isInteger(p.ms[i]) || p.ms[i] < 1 || (i > 0 && p.ms[i] <= p.ms[i - 1])) {
      throw new RangeError(`${fn}: ms must be increasing positive integers, got ${p.ms.join(",")}`);
    }
  }
  if (!(p.lambda > 0)) throw new RangeError(`${fn}: lambda must be > 0 (the dual solve needs it), got ${p.lambda}`);
  for (const l of p.labels) {
    if (!(l.p2 >= 0 && l.p2 <= 1)) throw new RangeError(`${fn}: p2 must be in [0, 1], got ${l.p2}`);
    if (!(l.c2 >= 0)) throw new RangeError(`${fn}: c2 must be ≥ 0, got ${l.c2}`);
  }
}

function symmetricWithRidge(src: Float64Array, ld: number, k: number, scale: number, lambda: number): Matrix {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const v = 0.5 * (src[i * ld + j] + src[j * ld + i]) * scale;
      out[i * k + j] = v;
      out[j * k + i] = v;
    }
    out[i * k + i] += lambda;
  }
  return { rows: k, cols: k, data: out };
}

/** One seed of the random-projection sweep. */
export function simulateRandomProjections(p: RandomProjectionSimParams, rng: Rng): RandomProjectionSimResult {
  const fn = "simulateRandomProjections";
  checkRp(fn, p);
  const { d, n, ms, lambda } = p;
  const mMax = ms[ms.length - 1];
  const draws = p.shiftDraws ?? 1;
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`${fn}: shiftDraws must be an integer ≥ 1, got ${p.shiftDraws}`);
  // label columns: the clean labels once; each shifted label with each shift draw (and −δ when antithetic)
  const cols: { label: number; sign: number; draw: number }[] = [];
  p.labels.forEach((lab, l) => {
    if (!(lab.p2 > 0 && lab.c2 > 0)) return void cols.push({ label: l, sign: 1, draw: 0 });
    for (let k = 0; k < draws; k++) {
      cols.push({ label: l, sign: 1, draw: k });
      if (p.antithetic) cols.push({ label: l, sign: -1, draw: k });
    }
  });
  const L = cols.length;
  const w1 = rng.fillNormal(new Float64Array(d), Math.sqrt(p.r2 / d));
  if (p.deltaSampling !== undefined && p.deltaSampling !== "gaussian" && p.deltaSampling !== "signs") throw new RangeError(`${fn}: deltaSampling must be "gaussian" or "signs", got ${p.deltaSampling}`);
  const X: Matrix = { rows: n, cols: d, data: rng.fillNormal(new Float64Array(n * d)) };
  const S: Matrix = { rows: mMax, cols: d, data: rng.fillNormal(new Float64Array(mMax * d), Math.sqrt(1 / d)) };
  const eps = rng.fillNormal(new Float64Array(n), Math.sqrt(p.sigma2));
  // unit shift directions, drawn after X, S and ε so that the clean fit does not depend on their number
  // stored as the d × draws matrix D (column k = draw k)
  const D = new Float64Array(d * draws);
  for (let k = 0; k < draws; k++) {
    const u = p.deltaSampling === "signs"
      ? Float64Array.from({ length: d }, () => (rng.uniform() < 0.5 ? -1 : 1) / Math.sqrt(d))
      : rng.fillNormal(new Float64Array(d), Math.sqrt(1 / d));
    for (let j = 0; j < d; j++) D[j * draws + k] = u[j];
  }
  const Xw = matmul(X, { rows: d, cols: 1, data: w1 }).data;
  const XD = matmul(X, { rows: d, cols: draws, data: D }).data; // n × draws
  // Labels: Y[i, l] = xᵢᵀw₁ + εᵢ (± √c²·xᵢᵀδ_k on the first round(p₂n) rows).
  const Y = new Float64Array(n * L);
  cols.forEach(({ label, sign, draw }, l) => {
    const lab = p.labels[label];
    const n2 = Math.round(lab.p2 * n);
    const s = sign * Math.sqrt(lab.c2);
    for (let i = 0; i < n; i++) Y[i * L + l] = Xw[i] + eps[i] + (i < n2 ? s * XD[i * draws + draw] : 0);
  });
  const Z = matmul(X, S, { transB: true }); // n × mMax
  const colErrors: number[][] = Array.from({ length: L }, () => []);
  // Primal Gram of the leading min(n, mMax) features.
  const mc = Math.min(n, mMax);
  let Gp: Float64Array | undefined;
  if (ms[0] <= n) {
    const Zc = new Float64Array(n * mc);
    for (let i = 0; i < n; i++) for (let j = 0; j < mc; j++) Zc[i * mc + j] = Z.data[i * mMax + j];
    Gp = matmul({ rows: n, cols: mc, data: Zc }, { rows: n, cols: mc, data: Zc }, { transA: true }).data;
  }
  const K = new Float64Array(n * n); // dual Gram Z_m Z_mᵀ, accumulated
  let mDone = 0;
  const sv = new Float64Array(d);
  for (const m of ms) {
    // V[j, l]: coefficients v (m × L)
    let V: Float64Array;
    if (m <= n) {
      const A = symmetricWithRidge(Gp as Float64Array, mc, m, 1 / n, lambda);
      const B = new Float64Array(m * L);
      for (let i = 0; i < n; i++) {
        const zr = i * mMax;
        for (let j = 0; j < m; j++) {
          const z = Z.data[zr + j] / n;
          for (let l = 0; l < L; l++) B[j * L + l] += z * Y[i * L + l];
        }
      }
      V = solveSPD(A, { rows: m, cols: L, data: B }).data;
    } else {
      // K += Z[:, mDone:m] Z[:, mDone:m]ᵀ
      const w = m - mDone;
      const blk = new Float64Array(n * w);
      for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) blk[i * w + j] = Z.data[i * mMax + mDone + j];
      const Bm: Matrix = { rows: n, cols: w, data: blk };
      const inc = matmul(Bm, Bm, { transB: true }).data;
      for (let t = 0; t < n * n; t++) K[t] += inc[t];
      mDone = m;
      const A = symmetricWithRidge(K, n, n, 1 / n, lambda);
      const Yn = new Float64Array(n * L);
      for (let t = 0; t < n * L; t++) Yn[t] = Y[t] / n;
      const alpha = solveSPD(A, { rows: n, cols: L, data: Yn }).data;
      V = new Float64Array(m * L);
      for (let i = 0; i < n; i++) {
        const zr = i * mMax;
        for (let j = 0; j < m; j++) {
          const z = Z.data[zr + j];
          for (let l = 0; l < L; l++) V[j * L + l] += z * alpha[i * L + l];
        }
      }
    }
    for (let l = 0; l < L; l++) {
      sv.fill(0);
      for (let j = 0; j < m; j++) {
        const v = V[j * L + l];
        const sr = j * d;
        for (let c = 0; c < d; c++) sv[c] += v * S.data[sr + c];
      }
      let e = 0;
      for (let c = 0; c < d; c++) {
        const diff = sv[c] - w1[c];
        e += diff * diff;
      }
      colErrors[l].push(e);
    }
  }
  // average each label's columns (one fit, or the ±δ fits of every shift draw)
  const errors = p.labels.map((_, l) => {
    const mine = cols.map((c, k) => (c.label === l ? k : -1)).filter((k) => k >= 0);
    return ms.map((_, i) => mine.reduce((acc, k) => acc + colErrors[k][i], 0) / mine.length);
  });
  return { errors, S };
}

/**
 * Positive eigenvalues of S_mS_mᵀ for the first m rows of S (computed from the smaller of S_mS_mᵀ and
 * S_mᵀS_m, which share their positive spectrum). Used by the conditional-on-S theory.
 */
export function projectionEigenvalues(S: Matrix, m: number): Float64Array {
  const fn = "projectionEigenvalues";
  if (!Number.isInteger(m) || m < 1 || m > S.rows) throw new RangeError(`${fn}: m must be in [1, ${S.rows}], got ${m}`);
  const d = S.cols;
  const Sm: Matrix = { rows: m, cols: d, data: S.data.subarray(0, m * d) };
  const G = m <= d ? matmul(Sm, Sm, { transB: true }) : matmul(Sm, Sm, { transA: true });
  const k = G.rows;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const v = 0.5 * (G.data[i * k + j] + G.data[j * k + i]);
      G.data[i * k + j] = v;
      G.data[j * k + i] = v;
    }
  }
  const { values } = eigh(G, { vectors: false });
  const top = values[values.length - 1];
  return Float64Array.from(values, (v) => (v > 1e-10 * top ? v : 0));
}
