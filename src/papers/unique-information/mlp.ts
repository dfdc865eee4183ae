/**
 * The paper's MLP, f(x) = Vᵀ relu(Wx + b) + c (one hidden layer, k outputs), in float64: PyTorch's default
 * initialisation, forward pass, the exact closed-form neural tangent kernel, explicit per-example Jacobians (for
 * tests and tiny nets) and real full-batch gradient descent on the code's mean loss.
 *
 * Parameter order (for Jacobians and flat vectors): W (h×dim, row-major), b (h), V (h×k, row-major), c (k).
 */
import type { Rng } from "../../maths/random";
import { asMatrix, matmul, outerGram } from "../../maths/linalg/index";

export interface Mlp {
  dim: number;
  hidden: number;
  k: number;
  W: Float64Array;
  b: Float64Array;
  V: Float64Array;
  c: Float64Array;
}

function checkSize(fn: string, what: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${what} must be a positive integer, got ${v}`);
}

/** PyTorch's nn.Linear default: weight and bias ~ U(−1/√fan_in, 1/√fan_in), for both layers. */
export function initMlp(dim: number, hidden: number, k: number, rng: Rng): Mlp {
  checkSize("initMlp", "dim", dim);
  checkSize("initMlp", "hidden", hidden);
  checkSize("initMlp", "k", k);
  const u = (n: number, fanIn: number) => {
    const a = new Float64Array(n), s = 1 / Math.sqrt(fanIn);
    for (let i = 0; i < n; i++) a[i] = s * (2 * rng.uniform() - 1);
    return a;
  };
  return { dim, hidden, k, W: u(hidden * dim, dim), b: u(hidden, dim), V: u(hidden * k, hidden), c: u(k, hidden) };
}

/** Number of parameters, h·dim + h + h·k + k. */
export function parameterCount(m: Mlp): number {
  return m.hidden * m.dim + m.hidden + m.hidden * m.k + m.k;
}

export function cloneMlp(m: Mlp): Mlp {
  return { ...m, W: m.W.slice(), b: m.b.slice(), V: m.V.slice(), c: m.c.slice() };
}

/** Flat parameter vector in the documented order. */
export function flatParams(m: Mlp): Float64Array {
  const out = new Float64Array(parameterCount(m));
  let o = 0;
  for (const a of [m.W, m.b, m.V, m.c]) { out.set(a, o); o += a.length; }
  return out;
}

function checkInputs(fn: string, m: Mlp, X: Float64Array, n: number): void {
  checkSize(fn, "n", n);
  if (X.length !== n * m.dim) throw new RangeError(`${fn}: X has ${X.length} entries, expected n·dim = ${n}·${m.dim}`);
}

/** Pre-activations Z = XWᵀ + b (n×h). */
export function preActivations(m: Mlp, X: Float64Array, n: number): Float64Array {
  checkInputs("preActivations", m, X, n);
  const Z = matmul(asMatrix(n, m.dim, X), asMatrix(m.hidden, m.dim, m.W), { transB: true }).data;
  for (let i = 0; i < n; i++) for (let j = 0; j < m.hidden; j++) Z[i * m.hidden + j] += m.b[j];
  return Z;
}

/** Outputs f(X) (n×k). */
export function forward(m: Mlp, X: Float64Array, n: number): Float64Array {
  const A = preActivations(m, X, n);
  for (let q = 0; q < A.length; q++) if (A[q] < 0) A[q] = 0;
  const F = matmul(asMatrix(n, m.hidden, A), asMatrix(m.hidden, m.k, m.V)).data;
  for (let i = 0; i < n; i++) for (let a = 0; a < m.k; a++) F[i * m.k + a] += m.c[a];
  return F;
}

/**
 * Closed-form NTK Θ(X₁, X₂) of the MLP at its current weights, (n₁k)×(n₂k) with coordinates (i, a) ↦ i·k + a:
 * Θ_ab(x, x′) = δ_ab (relu(z)·relu(z′) + 1) + Σ_j V_ja V_jb 1[z_j > 0] 1[z′_j > 0] (x·x′ + 1).
 * Pass X2 = undefined for the symmetric training kernel.
 */
export function mlpNtk(m: Mlp, X1: Float64Array, n1: number, X2?: Float64Array, n2?: number): Float64Array {
  checkInputs("mlpNtk", m, X1, n1);
  const sym = X2 === undefined;
  const Xb = X2 ?? X1, nb = n2 ?? n1;
  if (!sym) checkInputs("mlpNtk", m, Xb, nb);
  const { hidden: h, k } = m;
  if (n1 * k * nb * k > 2 ** 28) throw new RangeError(`mlpNtk: the kernel would be ${n1 * k}×${nb * k}; use fewer examples or outputs (n·k ≤ ~16 000)`);
  const Z1 = preActivations(m, X1, n1), Z2 = sym ? Z1 : preActivations(m, Xb, nb);
  const A1 = Z1.map((v) => (v > 0 ? v : 0)), A2 = sym ? A1 : Z2.map((v) => (v > 0 ? v : 0));
  const D1 = Z1.map((v) => (v > 0 ? 1 : 0)), D2 = sym ? D1 : Z2.map((v) => (v > 0 ? 1 : 0));
  const prod = (P: Float64Array, Q: Float64Array, cols: number): Float64Array =>
    sym && P === Q ? outerGram(asMatrix(n1, cols, P)).data : matmul(asMatrix(n1, cols, P), asMatrix(nb, cols, Q), { transB: true }).data;
  const GA = prod(A1, A2, h);
  const GX = prod(X1, Xb, m.dim);
  const out = new Float64Array(n1 * k * nb * k);
  const row = nb * k;
  for (let a = 0; a < k; a++) {
    for (let bb = a; bb < k; bb++) {
      // K_ab = D diag(V_a ⊙ V_b) Dᵀ
      const Ds = new Float64Array(n1 * h);
      for (let i = 0; i < n1; i++) for (let j = 0; j < h; j++) Ds[i * h + j] = D1[i * h + j] * m.V[j * k + a] * m.V[j * k + bb];
      const K = matmul(asMatrix(n1, h, Ds), asMatrix(nb, h, D2), { transB: true }).data;
      for (let i = 0; i < n1; i++) for (let j = 0; j < nb; j++) {
        const q = i * nb + j;
        const v = K[q] * (GX[q] + 1) + (a === bb ? GA[q] + 1 : 0);
        out[(i * k + a) * row + j * k + bb] = v;
        if (bb !== a) out[(i * k + bb) * row + j * k + a] = v;
      }
    }
  }
  return out;
}

/** Per-example Jacobian ∂f(x_i)_a/∂w, (n·k)×P in the documented parameter order (for tiny nets and tests). */
export function mlpJacobian(m: Mlp, X: Float64Array, n: number): Float64Array {
  checkInputs("mlpJacobian", m, X, n);
  const { dim, hidden: h, k } = m;
  const P = parameterCount(m);
  if (n * k * P > 2 ** 28) throw new RangeError(`mlpJacobian: ${n * k}×${P} is too large; use the closed-form NTK (mlpNtk) instead`);
  const Z = preActivations(m, X, n);
  const J = new Float64Array(n * k * P);
  const oB = h * dim, oV = oB + h, oC = oV + h * k;
  for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) {
    const r = (i * k + a) * P;
    for (let j = 0; j < h; j++) {
      const z = Z[i * h + j];
      if (z > 0) {
        const g = m.V[j * k + a];
        for (let p = 0; p < dim; p++) J[r + j * dim + p] = g * X[i * dim + p];
        J[r + oB + j] = g;
        J[r + oV + j * k + a] = z;
      }
    }
    J[r + oC + a] = 1;
  }
  return J;
}

/** Options of real full-batch gradient descent on the mean loss (1/n)Σ½‖f(x_i) − y_i‖² + (l2/2)‖w − w₀‖². */
export interface TrainOptions {
  lr: number;
  steps: number;
  /** the code's l2_reg_coef (λ = n·l2 in the total-loss form) */
  l2?: number;
}

/**
 * Trains a copy of `init` by full-batch GD, exactly as the official code's SGD with batch ≥ n (mean loss, lr).
 * @throws RangeError on bad sizes or when the loss diverges (step size too large).
 */
export function trainMlp(init: Mlp, X: Float64Array, Y: Float64Array, n: number, opts: TrainOptions): Mlp {
  checkInputs("trainMlp", init, X, n);
  if (Y.length !== n * init.k) throw new RangeError(`trainMlp: Y has ${Y.length} entries, expected n·k = ${n * init.k}`);
  if (!(opts.lr > 0) || !Number.isInteger(opts.steps) || opts.steps < 0) throw new RangeError(`trainMlp: need lr > 0 and an integer steps ≥ 0, got ${opts.lr}, ${opts.steps}`);
  const l2 = opts.l2 ?? 0;
  const m = cloneMlp(init);
  const { dim, hidden: h, k } = m;
  const Xm = asMatrix(n, dim, X);
  const Zbuf = new Float64Array(n * h);
  for (let step = 0; step < opts.steps; step++) {
    const Zm = matmul(Xm, asMatrix(h, dim, m.W), { transB: true, out: asMatrix(n, h, Zbuf) }).data;
    const A = new Float64Array(n * h);
    for (let i = 0; i < n; i++) for (let j = 0; j < h; j++) { const z = Zm[i * h + j] + m.b[j]; Zm[i * h + j] = z; A[i * h + j] = z > 0 ? z : 0; }
    const F = matmul(asMatrix(n, h, A), asMatrix(h, k, m.V)).data;
    const R = new Float64Array(n * k);
    let loss = 0;
    for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) { const r = F[i * k + a] + m.c[a] - Y[i * k + a]; R[i * k + a] = r / n; loss += r * r; }
    if (!Number.isFinite(loss) || loss > 1e12 * n) throw new RangeError(`trainMlp: the loss diverged at step ${step}; lower lr (${opts.lr})`);
    const dV = matmul(asMatrix(n, h, A), asMatrix(n, k, R), { transA: true }).data;
    const dc = new Float64Array(k);
    for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) dc[a] += R[i * k + a];
    const dZ = matmul(asMatrix(n, k, R), asMatrix(h, k, m.V), { transB: true }).data;
    const db = new Float64Array(h);
    for (let i = 0; i < n; i++) for (let j = 0; j < h; j++) { const q = i * h + j; if (Zm[q] <= 0) dZ[q] = 0; db[j] += dZ[q]; }
    const dW = matmul(asMatrix(n, h, dZ), Xm, { transA: true }).data;
    const upd = (w: Float64Array, g: Float64Array, w0: Float64Array) => {
      for (let q = 0; q < w.length; q++) w[q] -= opts.lr * (g[q] + l2 * (w[q] - w0[q]));
    };
    upd(m.W, dW, init.W); upd(m.b, db, init.b); upd(m.V, dV, init.V); upd(m.c, dc, init.c);
  }
  return m;
}
