/**
 * Monte-Carlo of the two-group model of "An Effective Theory of Bias Amplification": group k has
 * x ~ N(0, diag(var_k)), y = xᵀw_k + σ_k·ε; n₁ = round(p₁n) rows of group 1 and n − n₁ of group 2. Models, for
 * every model size m and every filter (ridge λ or gradient-flow time τ):
 *  - joint: fitted on all n rows; separate k: fitted on the n_k rows of group k alone (same λ or τ, same projection);
 *  - features: x itself (plain ridge) or z = Sᵀx with S ∈ R^{d×m} i.i.d. N(0, 1/d) drawn once per seed and frozen;
 *    model sizes are nested (S_m = the first m columns of S_max, each S_m i.i.d.).
 * Ridge: θ̂ = (ZᵀZ/n + λI)⁻¹Zᵀy/n. Gradient flow on (1/2n)‖y − Zθ‖² from θ = 0 for time τ (GD in the small-step
 * limit, exact): θ_τ = Σ_i (1 − e^{−τμ_i})/μ_i · u_i u_iᵀ Zᵀy/n over the eigenpairs (μ_i, u_i) of ZᵀZ/n.
 * Risks are exact for Gaussian x: R_s(w) = (w − w_s)ᵀdiag(var_s)(w − w_s), w = Sθ (no test set, label noise excluded).
 * Each fit uses the primal (m×m) or the dual (n×n, with P = S_mS_mᵀ) eigendecomposition, whichever is smaller.
 */
import type { Rng } from "../../maths/random";
import { eigh, matmul, type Matrix } from "../../maths/linalg/index";

/** The two groups: per-coordinate variances, teachers and noise standard deviations. */
export interface GroupDesign {
  var1: Float64Array;
  var2: Float64Array;
  w1: Float64Array;
  w2: Float64Array;
  sigma1: number;
  sigma2: number;
}

export interface SimulationPlan {
  n: number;
  p1: number;
  /** increasing numbers of random features, or null for plain ridge on x */
  ms: number[] | null;
  lambdas: number[];
  /** gradient-flow times τ (optional) */
  times?: number[];
}

/** Risks of one fit: joint model on groups 1 and 2, separate models on their own group. */
export interface FitRisks {
  R1: number;
  R2: number;
  E1: number;
  E2: number;
}

/** One seed: risks[mIndex][filterIndex], filters = lambdas then times. */
export interface SeedRisks {
  ridge: FitRisks[][];
  flow: FitRisks[][];
}

/** Isotropic-with-scales design Σ_k = c_k·I_d with teachers of norms ‖w₁‖, ‖w₂‖ and inner product w₁ᵀw₂ (fixed vectors; S and x are rotation invariant, so any fixed pair is generic). */
export function isotropicDesign(d: number, g: { c1: number; c2: number; w1Sq: number; w2Sq: number; w12: number; sigma1Sq: number; sigma2Sq: number }): GroupDesign {
  if (!Number.isInteger(d) || d < 2) throw new RangeError(`isotropicDesign: d must be an integer ≥ 2, got ${d}`);
  const w1 = new Float64Array(d), w2 = new Float64Array(d);
  const a = Math.sqrt(g.w1Sq), b = Math.sqrt(g.w2Sq);
  const cos = a > 0 && b > 0 ? g.w12 / (a * b) : 0;
  if (!(Math.abs(cos) <= 1 + 1e-12)) throw new RangeError(`isotropicDesign: need w12² ≤ w1Sq·w2Sq, got w12 = ${g.w12}`);
  w1[0] = a;
  w2[0] = b * cos;
  w2[1] = b * Math.sqrt(Math.max(0, 1 - cos * cos));
  return { var1: new Float64Array(d).fill(g.c1), var2: new Float64Array(d).fill(g.c2), w1, w2, sigma1: Math.sqrt(g.sigma1Sq), sigma2: Math.sqrt(g.sigma2Sq) };
}

function checkPlan(design: GroupDesign, plan: SimulationPlan): void {
  const fn = "simulateTwoGroups";
  const d = design.var1.length;
  for (const k of ["var2", "w1", "w2"] as const) if (design[k].length !== d) throw new RangeError(`${fn}: design.${k} must have length ${d}, got ${design[k].length}`);
  if (!Number.isInteger(plan.n) || plan.n < 4) throw new RangeError(`${fn}: n must be an integer ≥ 4, got ${plan.n}`);
  if (!(plan.p1 > 0 && plan.p1 < 1)) throw new RangeError(`${fn}: p1 must be in (0, 1), got ${plan.p1}`);
  const n1 = Math.round(plan.p1 * plan.n);
  if (n1 < 2 || plan.n - n1 < 2) throw new RangeError(`${fn}: each group needs ≥ 2 rows, got n₁ = ${n1}, n₂ = ${plan.n - n1}`);
  if (plan.ms) plan.ms.forEach((m, i) => { if (!Number.isInteger(m) || m < 1 || (i > 0 && m <= plan.ms![i - 1])) throw new RangeError(`${fn}: ms must be increasing positive integers, got ${plan.ms!.join(",")}`); });
  for (const l of plan.lambdas) if (!(l > 0)) throw new RangeError(`${fn}: every λ must be > 0, got ${l}`);
  for (const t of plan.times ?? []) if (!(t > 0)) throw new RangeError(`${fn}: every time τ must be > 0, got ${t}`);
}

function risk(w: Float64Array, target: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) { const e = w[i] - target[i]; s += v[i] * e * e; }
  return s;
}

/** Filters f(μ) applied to the eigenvalues μ of the model's (ZᵀZ/n): ridge 1/(μ+λ), flow (1 − e^{−τμ})/μ. */
function filters(plan: SimulationPlan): ((mu: number) => number)[] {
  return [
    ...plan.lambdas.map((l) => (mu: number) => 1 / (Math.max(mu, 0) + l)),
    ...(plan.times ?? []).map((t) => (mu: number) => (mu > 1e-14 ? -Math.expm1(-t * mu) / mu : t)),
  ];
}

function rowsOf(A: Matrix, start: number, count: number): Matrix {
  return { rows: count, cols: A.cols, data: A.data.subarray(start * A.cols, (start + count) * A.cols) };
}

function leadingColumns(A: Matrix, k: number): Matrix {
  if (k === A.cols) return A;
  const out = new Float64Array(A.rows * k);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < k; j++) out[i * k + j] = A.data[i * A.cols + j];
  return { rows: A.rows, cols: k, data: out };
}

/**
 * Predictor weights w (in x-space) of every filter for one model: rows X (nk×d) and labels y of its training set.
 * Primal when the feature count is ≤ nk: Z = X·S_m; dual otherwise, with P = S_mS_mᵀ (or I for plain ridge).
 */
function fitAll(X: Matrix, y: Float64Array, Sm: Matrix | null, P: Matrix | null, fs: ((mu: number) => number)[]): Float64Array[] {
  const nk = X.rows, d = X.cols;
  const m = Sm ? Sm.cols : d;
  const out: Float64Array[] = [];
  if (m <= nk) {
    const Z = Sm ? matmul(X, Sm) : X; // nk × m
    const G = matmul(Z, Z, { transA: true });
    for (let i = 0; i < G.data.length; i++) G.data[i] /= nk;
    symmetrize(G);
    const { values, vectors } = eigh(G, { vectors: true });
    const U = vectors as Matrix;
    const c = matmul(Z, { rows: nk, cols: 1, data: y }, { transA: true }).data; // Zᵀy
    const uc = matmul(U, { rows: m, cols: 1, data: c }, { transA: true }).data; // Uᵀ Zᵀy
    for (const f of fs) {
      const coef = new Float64Array(m);
      for (let i = 0; i < m; i++) coef[i] = (f(values[i]) * uc[i]) / nk;
      const theta = matmul(U, { rows: m, cols: 1, data: coef }).data;
      out.push(Sm ? matmul(Sm, { rows: m, cols: 1, data: theta }).data : theta);
    }
    return out;
  }
  // Dual: K = X P Xᵀ / nk, θ-filter acts on the same non-zero eigenvalues; w = P Xᵀ V diag(f(μ)/nk) Vᵀ y.
  const XP = P ? matmul(X, P) : X; // nk × d
  const K = matmul(XP, X, { transB: true });
  for (let i = 0; i < K.data.length; i++) K.data[i] /= nk;
  symmetrize(K);
  const { values, vectors } = eigh(K, { vectors: true });
  const V = vectors as Matrix;
  const vy = matmul(V, { rows: nk, cols: 1, data: y }, { transA: true }).data;
  for (const f of fs) {
    const coef = new Float64Array(nk);
    for (let i = 0; i < nk; i++) coef[i] = values[i] > 1e-12 * values[nk - 1] ? (f(values[i]) * vy[i]) / nk : 0;
    const alpha = matmul(V, { rows: nk, cols: 1, data: coef }).data;
    out.push(matmul(XP, { rows: nk, cols: 1, data: alpha }, { transA: true }).data);
  }
  return out;
}

function symmetrize(A: Matrix): void {
  const n = A.rows, a = A.data;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { const v = 0.5 * (a[i * n + j] + a[j * n + i]); a[i * n + j] = v; a[j * n + i] = v; }
}

/**
 * One seed of the two-group simulation (see the module comment).
 * @example simulateTwoGroups(isotropicDesign(300, g), { n: 150, p1: 0.8, ms: [75], lambdas: [1e-3, 1] }, rng).ridge[0][1].R2
 */
export function simulateTwoGroups(design: GroupDesign, plan: SimulationPlan, rng: Rng): SeedRisks {
  checkPlan(design, plan);
  const d = design.var1.length, n = plan.n, n1 = Math.round(plan.p1 * n), n2 = n - n1;
  const X: Matrix = { rows: n, cols: d, data: rng.fillNormal(new Float64Array(n * d)) };
  const y = new Float64Array(n);
  const sd1 = design.var1.map(Math.sqrt), sd2 = design.var2.map(Math.sqrt);
  for (let i = 0; i < n; i++) {
    const g1 = i < n1, sd = g1 ? sd1 : sd2, w = g1 ? design.w1 : design.w2;
    let s = 0;
    for (let j = 0; j < d; j++) { const v = X.data[i * d + j] * sd[j]; X.data[i * d + j] = v; s += v * w[j]; }
    y[i] = s + (g1 ? design.sigma1 : design.sigma2) * rng.normal();
  }
  const fs = filters(plan);
  const nl = plan.lambdas.length;
  const ms = plan.ms ?? [d];
  const mMax = ms[ms.length - 1];
  const S: Matrix | null = plan.ms ? { rows: d, cols: mMax, data: rng.fillNormal(new Float64Array(d * mMax), 1 / Math.sqrt(d)) } : null;
  const P: Matrix | null = S ? { rows: d, cols: d, data: new Float64Array(d * d) } : null;
  let mDone = 0;
  const ridge: FitRisks[][] = [], flow: FitRisks[][] = [];
  const sets = [
    { X, y },
    { X: rowsOf(X, 0, n1), y: y.subarray(0, n1) },
    { X: rowsOf(X, n1, n2), y: y.subarray(n1) },
  ];
  for (const m of ms) {
    let Sm: Matrix | null = null;
    if (S && P) {
      Sm = leadingColumns(S, m);
      // P += S[:, mDone:m] S[:, mDone:m]ᵀ, needed only by dual fits.
      if (m > Math.min(n1, n2)) {
        const blk = new Float64Array(d * (m - mDone));
        for (let i = 0; i < d; i++) for (let j = mDone; j < m; j++) blk[i * (m - mDone) + (j - mDone)] = S.data[i * mMax + j];
        const B = { rows: d, cols: m - mDone, data: blk };
        const add = matmul(B, B, { transB: true });
        for (let i = 0; i < d * d; i++) P.data[i] += add.data[i];
        mDone = m;
      }
    }
    const ws = sets.map((s) => fitAll(s.X, s.y, Sm, Sm ? P : null, fs));
    const rowR: FitRisks[] = [], rowF: FitRisks[] = [];
    for (let f = 0; f < fs.length; f++) {
      const r: FitRisks = {
        R1: risk(ws[0][f], design.w1, design.var1), R2: risk(ws[0][f], design.w2, design.var2),
        E1: risk(ws[1][f], design.w1, design.var1), E2: risk(ws[2][f], design.w2, design.var2),
      };
      (f < nl ? rowR : rowF).push(r);
    }
    ridge.push(rowR);
    flow.push(rowF);
  }
  return { ridge, flow };
}
