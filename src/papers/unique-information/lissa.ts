/**
 * Influence functions by LiSSA, the stochastic inverse-Hessian–vector estimator of the official code
 * (`sample_info/modules/influence_functions.py: inverse_hvp_lissa`, after Koh & Liang's influence-release) [V]:
 *
 *   cur₀ = v;  cur_t = v + (1 − damping)·cur_{t−1} − H_{B_t} cur_{t−1} / scale,   t = 1 … depth,
 *   estimate = mean over `repeats` of cur_depth / scale,
 *
 * with H_{B_t} the Hessian of the mean training loss (1/b)Σ_{i∈B_t}½(f(x_i) − y_i)² + (l2/2)‖w − w₀‖² on a fresh random
 * minibatch B_t of b examples (the code's DataLoader is re-shuffled and only its first batch used at every step).
 * Its fixed point is (H + scale·damping·I)⁻¹v, and since B_t is independent of cur_{t−1} every iterate is an
 * unbiased estimate of the deterministic recursion. The weight influence of example i is (1/n)·H⁻¹∇ℓ_i and its
 * prediction influence J_val·(that), as in `compute_influence_functions.py` [V].
 *
 * Settings of the code for MNIST (generate_commands.py) [V]: depth 1000, scale 1000, damping 0.01 for λ = 0 and 0
 * for λ > 0, batch 128 (of n = 1000), one repeat (num_samples default 1).
 */
import type { Rng } from "../../maths/random";
import { asMatrix, matmul } from "../../maths/linalg/index";
import { mlpJacobian, parameterCount, preActivations, forward, type Mlp } from "./mlp";

export interface LissaOptions {
  depth: number;
  scale: number;
  damping: number;
  /** minibatch size of every recursion step */
  batch: number;
  /** independent recursions averaged (the code's num_samples) */
  repeats: number;
}

/** The official MNIST settings for λ = 0 (damping 0.01) [V]; for λ > 0 the code uses damping 0 [V]. */
export const PAPER_LISSA = { depth: 1000, scale: 1000, damping: 0.01, dampingRegularized: 0, batch: 128, repeats: 1, nTrain: 1000 } as const;

/** Minibatch size with the code's fraction 128/1000 of the training set [U mapping], at least 2. */
export function lissaBatch(n: number): number {
  return Math.max(2, Math.min(n, Math.round((PAPER_LISSA.batch / PAPER_LISSA.nTrain) * n)));
}

/** Hessian-vector product of a minibatch loss, applied to K stacked vectors (any layout shared with `v`), written into `out` (same length, overwritten). */
export type BatchHvp = (batch: Int32Array, V: Float64Array, out: Float64Array) => void;

/** The first b entries of a fresh random permutation of 0…n−1 (sampling without replacement). */
export function randomBatch(n: number, b: number, rng: Rng, perm?: Int32Array): Int32Array {
  const p = perm ?? Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < b; i++) {
    const j = i + rng.int(n - i);
    const t = p[i]; p[i] = p[j]; p[j] = t;
  }
  return p.slice(0, b);
}

/**
 * The LiSSA recursion of the official code for the vectors `v` (stacked, in the layout `hvp` uses).
 * @throws RangeError when the recursion diverges (the code's advice: increase the scale)
 */
export function lissa(hvp: BatchHvp, v: Float64Array, n: number, o: LissaOptions, rng: Rng): Float64Array {
  if (!(o.scale > 0) || !(o.damping >= 0 && o.damping < 1) || !Number.isInteger(o.depth) || o.depth < 1 || !Number.isInteger(o.repeats) || o.repeats < 1) {
    throw new RangeError(`lissa: need scale > 0, damping in [0, 1), integer depth ≥ 1 and repeats ≥ 1, got ${JSON.stringify(o)}`);
  }
  if (!Number.isInteger(o.batch) || o.batch < 1 || o.batch > n) throw new RangeError(`lissa: batch must be in [1, n = ${n}], got ${o.batch}`);
  const L = v.length, out = new Float64Array(L), hv = new Float64Array(L), perm = Int32Array.from({ length: n }, (_, i) => i);
  const keep = 1 - o.damping, inv = 1 / o.scale;
  for (let r = 0; r < o.repeats; r++) {
    const cur = v.slice();
    for (let t = 0; t < o.depth; t++) {
      hvp(randomBatch(n, o.batch, rng, perm), cur, hv);
      let sum = 0;
      for (let q = 0; q < L; q++) { const x = v[q] + keep * cur[q] - inv * hv[q]; cur[q] = x; sum += x; }
      if (!Number.isFinite(sum)) throw new RangeError(`lissa: the recursion diverged at step ${t + 1}; increase the scale (${o.scale})`);
    }
    for (let q = 0; q < L; q++) out[q] += cur[q] * inv / o.repeats;
  }
  return out;
}

/** Residuals and activations of an MLP (one output) at its current weights on the training set. */
interface MlpState { m: Mlp; n: number; h: number; D: Float64Array; A: Float64Array; r: Float64Array }

function mlpState(m: Mlp, X: Float64Array, Y: Float64Array, n: number): MlpState {
  if (m.k !== 1) throw new RangeError(`mlp LiSSA: one output only, got k = ${m.k}`);
  const Z = preActivations(m, X, n), f = forward(m, X, n);
  return { m, n, h: m.hidden, D: Z.map((z) => (z > 0 ? 1 : 0)), A: Z.map((z) => (z > 0 ? z : 0)), r: Float64Array.from(f, (v, i) => v - Y[i]) };
}

/**
 * Exact Hessian-vector product of the MLP's minibatch loss in the flat parameter layout (W, b, V, c), for K stacked
 * vectors (K × P): H_B v = (1/b)Σ_{i∈B}[(J_i·v)J_i + r_i∇²f_i v] + l2·v. ReLU's second derivative is zero almost
 * everywhere (as in autograd), so ∇²f_i only couples V_j with (W_j, b_j). Explicit Jacobians: small nets only.
 */
export function mlpFlatBatchHvp(m: Mlp, X: Float64Array, Y: Float64Array, n: number, l2: number): BatchHvp {
  const st = mlpState(m, X, Y, n), P = parameterCount(m), { dim, hidden: h } = m;
  const J = mlpJacobian(m, X, n);
  const oB = h * dim, oV = oB + h;
  return (batch, V, out) => {
    const K = V.length / P, b = batch.length;
    out.fill(0);
    for (let k = 0; k < K; k++) {
      const v = V.subarray(k * P, (k + 1) * P), o = out.subarray(k * P, (k + 1) * P);
      for (const i of batch) {
        const Ji = J.subarray(i * P, (i + 1) * P);
        let u = 0;
        for (let q = 0; q < P; q++) u += Ji[q] * v[q];
        for (let q = 0; q < P; q++) o[q] += (u * Ji[q]) / b;
        const ri = st.r[i] / b;
        for (let j = 0; j < h; j++) {
          if (st.D[i * h + j] === 0) continue;
          let s = v[oB + j];
          for (let p = 0; p < dim; p++) s += v[j * dim + p] * X[i * dim + p];
          const vv = v[oV + j];
          for (let p = 0; p < dim; p++) o[j * dim + p] += ri * vv * X[i * dim + p];
          o[oB + j] += ri * vv;
          o[oV + j] += ri * s;
        }
      }
      for (let q = 0; q < P; q++) o[q] += l2 * v[q];
    }
  };
}

/** Per-example loss gradients r_i·∇f(x_i) of the MLP in the flat layout (rows of `idx`), for the flat LiSSA. */
export function mlpLossGradients(m: Mlp, X: Float64Array, Y: Float64Array, n: number, idx: number[]): Float64Array {
  const f = forward(m, X, n), P = parameterCount(m), J = mlpJacobian(m, X, n), out = new Float64Array(idx.length * P);
  idx.forEach((i, k) => { const r = f[i] - Y[i]; for (let q = 0; q < P; q++) out[k * P + q] = r * J[i * P + q]; });
  return out;
}

/**
 * LiSSA influence of the training examples `idx` for the wide MLP, run in a reduced but EXACT coordinate system:
 * every iterate's first-layer block lies in the row space of the training inputs (v_i's block is r_i(V⊙D_i)x_iᵀ and
 * each Hessian-vector product adds Σ_{i∈B} c_i x_iᵀ), so W = U·X with U ∈ ℝ^{h×n}, and the products need only the
 * Gram matrix XXᵀ. This is the same recursion, with the same minibatches, as the flat one (unit-tested), at a cost
 * O(h·n·b) per vector and step instead of O(h·dim·b) [D].
 *
 * Returns ‖Δw_i‖² and ‖J_val Δw_i‖² with Δw_i = (1/n)·LiSSA(∇ℓ_i), the code's quantities [V].
 */
export function mlpLissaInfluence(m: Mlp, X: Float64Array, Y: Float64Array, n: number, Xval: Float64Array, nVal: number, l2: number,
  idx: number[], o: LissaOptions, rng: Rng): { weights: number[]; predictions: number[] } {
  const st = mlpState(m, X, Y, n), h = m.hidden, K = idx.length, dim = m.dim;
  const G = matmul(asMatrix(n, dim, X), asMatrix(n, dim, X), { transB: true }).data;
  const offB = K * h * n, offV = offB + K * h, offC = offV + K * h, L = offC + K;
  const v = new Float64Array(L);
  idx.forEach((i, k) => {
    const ri = st.r[i];
    for (let j = 0; j < h; j++) {
      const g = ri * m.V[j] * st.D[i * h + j];
      v[(k * h + j) * n + i] = g;
      v[offB + k * h + j] = g;
      v[offV + k * h + j] = ri * st.A[i * h + j];
    }
    v[offC + k] = ri;
  });
  const hvp: BatchHvp = (batch, s, out) => {
    const b = batch.length;
    out.fill(0);
    const GB = new Float64Array(n * b);
    for (let l = 0; l < n; l++) for (let q = 0; q < b; q++) GB[l * b + q] = G[l * n + batch[q]];
    const S = matmul(asMatrix(K * h, n, s.subarray(0, offB)), asMatrix(n, b, GB)).data; // (K·h) × b
    for (let k = 0; k < K; k++) {
      for (let q = 0; q < b; q++) {
        const i = batch[q];
        let u = s[offC + k];
        for (let j = 0; j < h; j++) {
          const kj = k * h + j;
          S[kj * b + q] += s[offB + kj];
          u += m.V[j] * st.D[i * h + j] * S[kj * b + q] + st.A[i * h + j] * s[offV + kj];
        }
        const ri = st.r[i];
        for (let j = 0; j < h; j++) {
          const kj = k * h + j, d = st.D[i * h + j];
          const c = (d * (u * m.V[j] + ri * s[offV + kj])) / b;
          out[kj * n + i] += c;
          out[offB + kj] += c;
          out[offV + kj] += (u * st.A[i * h + j] + ri * d * S[kj * b + q]) / b;
        }
        out[offC + k] += u / b;
      }
    }
    if (l2 !== 0) for (let q = 0; q < L; q++) out[q] += l2 * s[q];
  };
  const est = lissa(hvp, v, n, o, rng);
  for (let q = 0; q < L; q++) est[q] /= n;
  // ‖Δw‖²: first-layer block Σ_j U_j G U_jᵀ, plus the other blocks
  const UG = matmul(asMatrix(K * h, n, est.subarray(0, offB)), asMatrix(n, n, G)).data;
  const weights = idx.map((_, k) => {
    let s = est[offC + k] ** 2;
    for (let j = 0; j < h; j++) {
      const kj = k * h + j;
      for (let l = 0; l < n; l++) s += UG[kj * n + l] * est[kj * n + l];
      s += est[offB + kj] ** 2 + est[offV + kj] ** 2;
    }
    return s;
  });
  // validation: J_val Δw = Σ_j V_j D_j(x)(U_j·(X x) + b_j) + Σ_j A_j(x) vV_j + c
  const Zv = preActivations(m, Xval, nVal);
  const Gx = matmul(asMatrix(n, dim, X), asMatrix(nVal, dim, Xval), { transB: true }).data;
  const Sx = matmul(asMatrix(K * h, n, est.subarray(0, offB)), asMatrix(n, nVal, Gx)).data;
  const predictions = idx.map((_, k) => {
    let tot = 0;
    for (let a = 0; a < nVal; a++) {
      let p = est[offC + k];
      for (let j = 0; j < h; j++) {
        const z = Zv[a * h + j];
        if (z <= 0) continue;
        const kj = k * h + j;
        p += m.V[j] * (Sx[kj * nVal + a] + est[offB + kj]) + z * est[offV + kj];
      }
      tot += p * p;
    }
    return tot;
  });
  return { weights, predictions };
}

/**
 * Hessian-vector product of a minibatch loss by forward differences of its exact gradient, for any network whose
 * batch-loss gradient is available (the CNN): H_B v ≈ [g_B(w + εv) − g_B(w)]/ε + l2·v, with ε‖v‖ = 1e-6·max(1, ‖w‖) [U];
 * g_B(w) is computed once per minibatch and shared by the K vectors. Give it a gradient whose ReLU gates are frozen
 * at w (cnnBatchLossGradient(…, true)): the loss is then a polynomial in the weights, the difference quotient is
 * exact up to O(ε) (relative ~1e-6), and no activation kink is crossed — which with free gates produced spurious
 * curvature of ±10³ for the pretrained CNN.
 */
export function finiteDifferenceHvp(w: Float64Array, grad: (theta: Float64Array, batch: Int32Array) => Float64Array, l2: number): BatchHvp {
  const P = w.length;
  let wn = 0;
  for (let q = 0; q < P; q++) wn += w[q] * w[q];
  const base = 1e-6 * Math.max(1, Math.sqrt(wn));
  const wp = new Float64Array(P);
  return (batch, V, out) => {
    const K = V.length / P, g0 = grad(w, batch);
    for (let k = 0; k < K; k++) {
      const v = V.subarray(k * P, (k + 1) * P);
      let vn = 0;
      for (let q = 0; q < P; q++) vn += v[q] * v[q];
      vn = Math.sqrt(vn);
      if (vn === 0) { out.fill(0, k * P, (k + 1) * P); continue; }
      const eps = base / vn;
      for (let q = 0; q < P; q++) wp[q] = w[q] + eps * v[q];
      const gp = grad(wp, batch);
      for (let q = 0; q < P; q++) out[k * P + q] = (gp[q] - g0[q]) / eps + l2 * v[q];
    }
  };
}
