/**
 * Exact (float64) self-influence of the training examples of a two-class linear head
 * (a stand-in for the paper's Fig. 2, whose estimator is not in the official code).
 *
 * For logits f(x) = W φ(x) + b (+ a constant per-example shift s_i for MAT) the loss depends on
 * the logit difference u = vᵀφ̃ + (s_i1 − s_i0), v = (w₁ − w₀, b₁ − b₀), φ̃ = (φ, 1). In these
 * identifiable parameters, with p_i = σ(u_i) the model's own training probability of class 1,
 *   g_i = (p_i − y_i) φ̃_i,   H = (1/n) Σ_j p_j(1 − p_j) φ̃_j φ̃_jᵀ,
 *   SI_i = g_iᵀ (H + δI)⁻¹ g_i,   δ = dampingRel · tr(H)/dim.
 * Solved as a d×d Cholesky system when d ≤ n, otherwise through the n×n Woodbury identity
 *   φᵀ(δI + ΦᵀDΦ)⁻¹φ = (1/δ)[K − K D^½ (δI + D^½ K D^½)⁻¹ D^½ K]_ii,  K = ΦΦᵀ, D = diag(p(1−p)/n).
 */
import { asMatrix, cholesky, choleskySolve, gram, outerGram, type Matrix } from "../../maths/linalg/index";

export interface SelfInfluenceOptions {
  /** δ relative to tr(H)/dim (default 1e-3, a choice made here [U]). */
  dampingRel?: number;
  /** Force the d×d ("primal") or n×n ("dual") solve; default picks the smaller. */
  method?: "primal" | "dual";
}

export interface SelfInfluenceResult {
  /** SI_i = g_iᵀ(H + δI)⁻¹g_i per training example. */
  values: Float64Array;
  /** q_i = φ̃_iᵀ(H + δI)⁻¹φ̃_i (the leverage-like quadratic form behind SI_i). */
  quadratic: Float64Array;
  damping: number;
  method: "primal" | "dual";
}

/**
 * @param features n×d row-major φ(x_i) (a constant 1 column is appended internally for the bias)
 * @param y labels in {0, 1}
 * @param p probability of class 1 under the model's own training objective (length n)
 */
export function linearHeadSelfInfluence(features: ArrayLike<number>, n: number, d: number, y: ArrayLike<number>, p: ArrayLike<number>, opts: SelfInfluenceOptions = {}): SelfInfluenceResult {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(d) || d < 1) throw new RangeError(`linearHeadSelfInfluence: n and d must be positive integers, got ${n} and ${d}`);
  if (features.length !== n * d) throw new RangeError(`linearHeadSelfInfluence: features must be ${n}×${d} = ${n * d}, got ${features.length}`);
  if (y.length !== n || p.length !== n) throw new RangeError(`linearHeadSelfInfluence: y and p must have length ${n}, got ${y.length} and ${p.length}`);
  const rel = opts.dampingRel ?? 1e-3;
  if (!(rel > 0)) throw new RangeError(`linearHeadSelfInfluence: dampingRel must be positive, got ${rel}`);
  const D = d + 1;
  // Ψ = D^½ Φ̃ with D = p(1−p)/n; Φ̃ = [φ, 1]
  const phi = new Float64Array(n * D);
  const sq = new Float64Array(n);
  let trace = 0;
  for (let i = 0; i < n; i++) {
    const pi = p[i];
    if (!(pi >= 0 && pi <= 1)) throw new RangeError(`linearHeadSelfInfluence: p must lie in [0, 1], got ${pi} at ${i}`);
    sq[i] = Math.sqrt((pi * (1 - pi)) / n);
    let nrm = 1;
    for (let k = 0; k < d; k++) {
      const v = features[i * d + k];
      phi[i * D + k] = v;
      nrm += v * v;
    }
    phi[i * D + d] = 1;
    trace += sq[i] * sq[i] * nrm;
  }
  const delta = Math.max((rel * trace) / D, 1e-12);
  const method = opts.method ?? (D <= n ? "primal" : "dual");
  const q = new Float64Array(n); // φ̃_iᵀ (H + δI)⁻¹ φ̃_i
  if (method === "primal") {
    const psi = new Float64Array(n * D);
    for (let i = 0; i < n; i++) for (let k = 0; k < D; k++) psi[i * D + k] = sq[i] * phi[i * D + k];
    const H = gram(asMatrix(n, D, psi));
    for (let k = 0; k < D; k++) H.data[k * D + k] += delta;
    const L = cholesky(H);
    // Z = (H+δI)⁻¹ Φ̃ᵀ, D×n
    const rhs = new Float64Array(D * n);
    for (let i = 0; i < n; i++) for (let k = 0; k < D; k++) rhs[k * n + i] = phi[i * D + k];
    const Z = choleskySolve(L, asMatrix(D, n, rhs)) as Matrix;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < D; k++) s += phi[i * D + k] * Z.data[k * n + i];
      q[i] = s;
    }
  } else {
    const K = outerGram(asMatrix(n, D, phi)); // n×n
    const M = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[i * n + j] = sq[i] * K.data[i * n + j] * sq[j] + (i === j ? delta : 0);
    const L = cholesky(asMatrix(n, n, M));
    // R = D^½ K  (n×n); X = M⁻¹ R; q_i = (K_ii − (R_{:,i})ᵀ X_{:,i}) / δ
    const R = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) R[i * n + j] = sq[i] * K.data[i * n + j];
    const X = choleskySolve(L, asMatrix(n, n, R)) as Matrix;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += R[k * n + i] * X.data[k * n + i];
      q[i] = (K.data[i * n + i] - s) / delta;
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = (p[i] - y[i]) ** 2 * q[i];
  return { values, quadratic: q, damping: delta, method };
}

/**
 * Self-influence on the example's own prediction: the drop in the predicted probability of its
 * label when the example is removed from training, by one Newton step of the damped objective
 * (1/n)Σ_j ℓ_j + (δ/2)|v|² from the trained parameters (exact Sherman–Morrison downdate):
 *   Δu_i = (p_i − y_i)(q_i/n) / (1 − p_i(1 − p_i) q_i/n)
 *   score_i = P(y_i | u_i^pred) − P(y_i | u_i^pred + Δu_i)
 * p_i are the probabilities of the training objective (MAT: shifted), u^pred the logit difference
 * used for prediction (MAT: without the shift). Scores lie in (−1, 1); large = memorized.
 */
export function leaveOneOutSelfInfluence(si: SelfInfluenceResult, y: ArrayLike<number>, pTrain: ArrayLike<number>, predLogitDiff: ArrayLike<number>): Float64Array {
  const n = y.length;
  if (si.quadratic.length !== n || pTrain.length !== n || predLogitDiff.length !== n) {
    throw new RangeError(`leaveOneOutSelfInfluence: lengths differ (q ${si.quadratic.length}, y ${n}, p ${pTrain.length}, u ${predLogitDiff.length})`);
  }
  const out = new Float64Array(n);
  const sig = (u: number) => 1 / (1 + Math.exp(-u));
  for (let i = 0; i < n; i++) {
    const p = pTrain[i];
    const qn = si.quadratic[i] / n;
    const du = ((p - y[i]) * qn) / (1 - p * (1 - p) * qn);
    const u = predLogitDiff[i];
    const pc = y[i] === 1 ? sig(u) : 1 - sig(u);
    const pc2 = y[i] === 1 ? sig(u + du) : 1 - sig(u + du);
    out[i] = pc - pc2;
  }
  return out;
}

/** p_i = σ(u_i) for a two-class linear model's logits (n×2 row-major) plus an optional shift (n×2). */
export function classOneProbability(logits: ArrayLike<number>, shift?: ArrayLike<number>): Float64Array {
  if (logits.length % 2 !== 0) throw new RangeError(`classOneProbability: logits must be n×2, got length ${logits.length}`);
  const n = logits.length / 2;
  if (shift && shift.length !== logits.length) throw new RangeError(`classOneProbability: shift must match logits, got ${shift.length} vs ${logits.length}`);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let u = logits[2 * i + 1] - logits[2 * i];
    if (shift) u += shift[2 * i + 1] - shift[2 * i];
    p[i] = 1 / (1 + Math.exp(-u));
  }
  return p;
}
