/**
 * Linearized networks trained by discrete full-batch gradient descent, in function space.
 *
 * With J = ∇_w f₀(X)ᵀ (N×d, N = n·k) and the NTK Θ = JJᵀ (raw, without λ), every GD iterate of the linearized net
 * stays of the form w_t − w₀ = Jᵀa_t, a_t ∈ ℝᴺ, and on the total loss Σ_i ½‖f(x_i) − y_i‖² + (λ/2)‖w − w₀‖²
 *   a_{t+1} = a_t − η(M(Θa_t + r₀) + λa_t),  a₀ = 0,  r₀ = f₀(X) − Y,
 * where M = I for the full problem and M = I − E_iE_iᵀ (E_i: the k coordinates of example i) when z_i is left out.
 * Then f_t(x) = f₀(x) + Θ(x, X)a_t and ‖w_t − w′_t‖² = (a_t − a′_t)ᵀΘ(a_t − a′_t).
 * The code's hyper-parameters map as η = lr/n, η₋ᵢ = lr/(n−1), λ = n·l2 (the official ntk.py docstring) [V].
 *
 * Two implementations of all n leave-one-out runs: {@link bruteForceLeaveOneOut} (all n + 1 recursions side by side,
 * O(T·N²·n)) and {@link fastLeaveOneOut} (one eigendecomposition plus a Volterra recursion per example,
 * O(N³ + n·T²·k² + n·N·T·k); derived in docs/derivations/unique-information.md).
 */
import { asMatrix, eigh, matmul, type Matrix } from "../../maths/linalg/index";

/** A linearized training problem: kernel, initial residual and the code's hyper-parameters. */
export interface LinearizedProblem {
  /** raw NTK Θ = ∇f₀(X)ᵀ∇f₀(X), N×N row-major, N = n·k, coordinates (i, a) ↦ i·k + a */
  theta: Float64Array;
  n: number;
  k: number;
  /** r₀ = f₀(X) − Y (N) */
  r0: Float64Array;
  /** the code's learning rate on the MEAN loss */
  lr: number;
  /** the code's l2_reg_coef (λ = n·l2 on the total loss); default 0 */
  l2?: number;
}

/** Largest problem the float64 kernel algebra accepts (N = n·k). */
export const MAX_KERNEL_SIZE = 6000;

function checkProblem(fn: string, p: LinearizedProblem): number {
  const { n, k } = p;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`${fn}: needs at least 2 training examples, got n = ${n}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${fn}: k must be a positive integer, got ${k}`);
  const N = n * k;
  if (N > MAX_KERNEL_SIZE) throw new RangeError(`${fn}: n·k = ${N} exceeds ${MAX_KERNEL_SIZE}; use fewer examples or outputs`);
  if (p.theta.length !== N * N) throw new RangeError(`${fn}: theta has ${p.theta.length} entries, expected (n·k)² = ${N * N}`);
  if (p.r0.length !== N) throw new RangeError(`${fn}: r0 has ${p.r0.length} entries, expected n·k = ${N}`);
  if (!(p.lr > 0)) throw new RangeError(`${fn}: lr must be > 0, got ${p.lr}`);
  if (!((p.l2 ?? 0) >= 0)) throw new RangeError(`${fn}: l2 must be ≥ 0, got ${p.l2}`);
  return N;
}

function checkTimes(fn: string, times: number[]): number {
  if (times.length === 0) throw new RangeError(`${fn}: give at least one time`);
  for (const t of times) if (!Number.isInteger(t) || t < 0) throw new RangeError(`${fn}: times must be non-negative integers, got ${t}`);
  return Math.max(...times);
}

/** The code's mapping to total-loss quantities: η (full), η₋ᵢ (leave-one-out) and λ. */
export function gdConstants(p: LinearizedProblem): { eta: number; etaLoo: number; lambda: number } {
  return { eta: p.lr / p.n, etaLoo: p.lr / (p.n - 1), lambda: p.n * (p.l2 ?? 0) };
}

/**
 * η·(λ_max(Θ) + λ) for the full and leave-one-out runs; GD diverges when it exceeds 2.
 * @throws RangeError (with the largest stable lr) when either exceeds 2.
 */
export function checkStepSize(fn: string, p: LinearizedProblem, lambdaMax: number): number {
  const { eta, etaLoo, lambda } = gdConstants(p);
  const v = etaLoo * (lambdaMax + lambda);
  if (v >= 2) {
    throw new RangeError(`${fn}: η·(λ_max(Θ) + λ) = ${(eta * (lambdaMax + lambda)).toFixed(3)} (leave-one-out ${v.toFixed(3)}) ≥ 2, so gradient descent diverges; use lr < ${(2 * (p.n - 1) / (lambdaMax + lambda)).toExponential(3)}`);
  }
  return eta * (lambdaMax + lambda);
}

/** Eigendecomposition of Θ: ascending values and U (N×N, eigenvectors as columns). */
export interface KernelEigen {
  values: Float64Array;
  U: Matrix;
}

export function kernelEigen(theta: Float64Array, N: number): KernelEigen {
  const { values, vectors } = eigh(asMatrix(N, N, theta), { vectors: true });
  return { values, U: vectors! };
}

/**
 * Brute force: runs the full problem and all n leave-one-out problems side by side for max(times) steps.
 * Returns, for each requested time, the full coefficients a_t (N) and the leave-one-out ones as an N×n matrix
 * (column i = ã_{i,t}, zero on example i's coordinates). For tests and small n.
 */
export function bruteForceLeaveOneOut(p: LinearizedProblem, times: number[]): { full: Float64Array[]; loo: Float64Array[] } {
  const N = checkProblem("bruteForceLeaveOneOut", p);
  const T = checkTimes("bruteForceLeaveOneOut", times);
  const { n, k } = p;
  const { eta, etaLoo, lambda } = gdConstants(p);
  const C = n + 1;
  let A = new Float64Array(N * C);
  const th = asMatrix(N, N, p.theta);
  const full: Float64Array[] = [], loo: Float64Array[] = [];
  const record = (t: number) => {
    for (let q = 0; q < times.length; q++) if (times[q] === t) {
      const f = new Float64Array(N), l = new Float64Array(N * n);
      for (let r = 0; r < N; r++) { f[r] = A[r * C]; for (let i = 0; i < n; i++) l[r * n + i] = A[r * C + 1 + i]; }
      full[q] = f; loo[q] = l;
    }
  };
  record(0);
  for (let t = 0; t < T; t++) {
    const G = matmul(th, asMatrix(N, C, A)).data;
    const next = new Float64Array(N * C);
    for (let r = 0; r < N; r++) {
      const owner = Math.floor(r / k);
      for (let c = 0; c < C; c++) {
        const q = r * C + c;
        const masked = c === owner + 1;
        const e = c === 0 ? eta : etaLoo;
        next[q] = A[q] - e * ((masked ? 0 : G[q] + p.r0[r]) + lambda * A[q]);
      }
    }
    A = next;
    record(t + 1);
  }
  return { full, loo };
}

/** What {@link fastLeaveOneOut} returns. */
export interface LeaveOneOutResult {
  eig: KernelEigen;
  times: number[];
  /** per time: Uᵀa_t of the full problem (N) */
  full: Float64Array[];
  /** per time: n×N row-major, row i = Uᵀ(a_t − ã_{i,t}) (full minus leave-one-out, in Θ's eigenbasis) */
  diffs: Float64Array[];
  /** η·(λ_max(Θ) + λ) of the full run */
  etaLambdaMax: number;
}

/**
 * All n leave-one-out runs of linearized GD exactly, without simulating them (the "constrained Volterra"
 * recursion, derived here). With C = I − η₋ᵢ(Θ + λI) = U diag(c) Uᵀ the leave-one-out run is
 * ã_{t+1} = Cã_t − η₋ᵢ r₀ + E_iγ_t, with the forcing γ_t ∈ ℝᵏ fixed by E_iᵀã_t = 0, i.e.
 * γ_τ = η₋ᵢ Σ_{m≤τ} β_m − Σ_{s<τ} H_{τ−s}γ_s, with H_m = E_iᵀC^mE_i (H₀ = I) and β_m = E_iᵀC^m r₀; then
 * Uᵀã_t = −η₋ᵢ p_t ⊙ Uᵀr₀ + Σ_{s<t} c^{t−1−s} ⊙ (UᵀE_iγ_s), with p_t = Σ_{m<t} c^m.
 *
 * @param eig optional precomputed {@link kernelEigen} of p.theta
 * @throws RangeError on bad sizes or a step size that makes GD diverge.
 */
export function fastLeaveOneOut(p: LinearizedProblem, times: number[], eig?: KernelEigen): LeaveOneOutResult {
  const N = checkProblem("fastLeaveOneOut", p);
  const T = checkTimes("fastLeaveOneOut", times);
  const { n, k } = p;
  const e = eig ?? kernelEigen(p.theta, N);
  const lam = e.values, U = e.U.data;
  const etaLambdaMax = checkStepSize("fastLeaveOneOut", p, lam[N - 1]);
  const { eta, etaLoo, lambda } = gdConstants(p);
  // q = Uᵀr₀
  const q = matmul(e.U, asMatrix(N, 1, p.r0), { transA: true }).data;
  const cL = Float64Array.from(lam, (v) => 1 - etaLoo * (v + lambda));
  const cF = Float64Array.from(lam, (v) => 1 - eta * (v + lambda));
  const Tp = Math.max(T, 1);
  // P[j, m] = cL_j^m, m < T
  const Pw = new Float64Array(N * Tp);
  for (let j = 0; j < N; j++) { let v = 1; for (let m = 0; m < Tp; m++) { Pw[j * Tp + m] = v; v *= cL[j]; } }
  // partial sums p_t = Σ_{m<t} c^m (full and leave-one-out) at the requested times
  const powSum = (c: Float64Array, t: number): Float64Array => {
    const out = new Float64Array(N);
    for (let j = 0; j < N; j++) { let v = 1, s = 0; for (let m = 0; m < t; m++) { s += v; v *= c[j]; } out[j] = s; }
    return out;
  };
  const full = times.map((t) => { const pf = powSum(cF, t); return Float64Array.from(q, (v, j) => -eta * pf[j] * v); });
  const looBase = times.map((t) => { const pl = powSum(cL, t); return Float64Array.from(q, (v, j) => -etaLoo * pl[j] * v); });
  const diffs = times.map(() => new Float64Array(n * N));
  const pairs: [number, number][] = [];
  for (let a = 0; a < k; a++) for (let b = a; b < k; b++) pairs.push([a, b]);
  const rowsPer = pairs.length + k;
  const batch = Math.max(1, Math.min(n, Math.floor(4e6 / (rowsPer * Tp))));
  const Pm = asMatrix(N, Tp, Pw);
  const kk = k * k;
  for (let i0 = 0; i0 < n; i0 += batch) {
    const B = Math.min(batch, n - i0);
    // rows: U_{Ia,j}U_{Ib,j} for a ≤ b, then U_{Ia,j} q_j — times P gives H_m and β_m for m < T
    const L = new Float64Array(B * rowsPer * N);
    for (let ib = 0; ib < B; ib++) {
      const i = i0 + ib;
      const base = ib * rowsPer * N;
      pairs.forEach(([a, b], r) => {
        const ua = (i * k + a) * N, ub = (i * k + b) * N, o = base + r * N;
        for (let j = 0; j < N; j++) L[o + j] = U[ua + j] * U[ub + j];
      });
      for (let a = 0; a < k; a++) {
        const ua = (i * k + a) * N, o = base + (pairs.length + a) * N;
        for (let j = 0; j < N; j++) L[o + j] = U[ua + j] * q[j];
      }
    }
    const HB = matmul(asMatrix(B * rowsPer, N, L), Pm).data; // (B·rowsPer) × T
    const gammas = new Float64Array(B * T * k); // γ_s[a] for example ib at ((ib·T + s)·k + a)
    const H = new Float64Array(Tp * kk);
    const acc = new Float64Array(k);
    for (let ib = 0; ib < B; ib++) {
      const base = ib * rowsPer * Tp;
      pairs.forEach(([a, b], r) => {
        for (let m = 0; m < Tp; m++) { const v = HB[base + r * Tp + m]; H[m * kk + a * k + b] = v; H[m * kk + b * k + a] = v; }
      });
      acc.fill(0);
      const g = gammas.subarray(ib * T * k, (ib + 1) * T * k);
      for (let tau = 0; tau < T; tau++) {
        for (let a = 0; a < k; a++) acc[a] += HB[base + (pairs.length + a) * Tp + tau];
        if (k === 1) {
          g[tau] = etaLoo * acc[0] - lagSum(H, g, tau);
        } else {
          for (let a = 0; a < k; a++) {
            let s = etaLoo * acc[a];
            for (let s0 = 0; s0 < tau; s0++) {
              const h = (tau - s0) * kk + a * k, gs = s0 * k;
              for (let b = 0; b < k; b++) s -= H[h + b] * g[gs + b];
            }
            g[tau * k + a] = s;
          }
        }
      }
    }
    times.forEach((t, ti) => {
      const D = diffs[ti];
      if (t === 0) return; // a₀ = ã₀ = 0
      // conv[j, (ib, a)] = Σ_{m<t} c_j^m γ_{t−1−m}[a]
      const G = new Float64Array(t * B * k);
      for (let m = 0; m < t; m++) for (let ib = 0; ib < B; ib++) for (let a = 0; a < k; a++) {
        G[(m * B + ib) * k + a] = gammas[(ib * T + (t - 1 - m)) * k + a];
      }
      let Psub: Matrix = Pm;
      if (t !== Tp) {
        const ps = new Float64Array(N * t);
        for (let j = 0; j < N; j++) ps.set(Pw.subarray(j * Tp, j * Tp + t), j * t);
        Psub = asMatrix(N, t, ps);
      }
      const conv = matmul(Psub, asMatrix(t, B * k, G)).data; // N × (B·k)
      const f = full[ti], lb = looBase[ti];
      for (let ib = 0; ib < B; ib++) {
        const i = i0 + ib, o = i * N;
        for (let j = 0; j < N; j++) {
          let v = f[j] - lb[j];
          for (let a = 0; a < k; a++) v -= U[(i * k + a) * N + j] * conv[j * B * k + ib * k + a];
          D[o + j] = v;
        }
      }
    });
  }
  return { eig: e, times: times.slice(), full, diffs, etaLambdaMax };
}

/** Σ_{s<τ} h_{τ−s} g_s (the memory term of the scalar Volterra recursion), four accumulators. */
function lagSum(h: Float64Array, g: Float64Array, tau: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let s = 0;
  for (; s + 3 < tau; s += 4) {
    s0 += h[tau - s] * g[s];
    s1 += h[tau - s - 1] * g[s + 1];
    s2 += h[tau - s - 2] * g[s + 2];
    s3 += h[tau - s - 3] * g[s + 3];
  }
  for (; s < tau; s++) s0 += h[tau - s] * g[s];
  return (s0 + s1) + (s2 + s3);
}

/** ‖w_t − w₋ᵢ,t‖² for every i from eigen-coordinate differences: Σ_j λ_j Δ_ij² (the code's "weights-plain"). */
export function weightChange(diff: Float64Array, eig: KernelEigen, n: number): Float64Array {
  const N = eig.values.length;
  if (diff.length !== n * N) throw new RangeError(`weightChange: diff has ${diff.length} entries, expected n·N = ${n}·${N}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < N; j++) s += Math.max(eig.values[j], 0) * diff[i * N + j] ** 2;
    out[i] = s;
  }
  return out;
}

/** Θ(X_val, X)·U (N_val × N): maps eigen-coordinate coefficients to validation outputs. */
export function validationMap(thetaVal: Float64Array, nValK: number, eig: KernelEigen): Matrix {
  const N = eig.values.length;
  if (thetaVal.length !== nValK * N) throw new RangeError(`validationMap: thetaVal has ${thetaVal.length} entries, expected ${nValK}·${N}`);
  return matmul(asMatrix(nValK, N, thetaVal), eig.U);
}

/**
 * The code's "predictions" measure (F-SI with σ² = ½, Eq. (16)): mean over validation points of
 * ‖f_t(x_v) − f₋ᵢ,t(x_v)‖² for every training example i. `vmap` from {@link validationMap}; `k` outputs per point.
 */
export function predictionChange(diff: Float64Array, vmap: Matrix, n: number, k: number): Float64Array {
  const N = vmap.cols;
  if (diff.length !== n * N) throw new RangeError(`predictionChange: diff has ${diff.length} entries, expected n·N = ${n}·${N}`);
  const Q = matmul(asMatrix(n, N, diff), vmap, { transB: true }).data; // n × (nVal·k)
  const nv = vmap.rows / k;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < vmap.rows; c++) s += Q[i * vmap.rows + c] ** 2;
    out[i] = s / nv;
  }
  return out;
}

/** Outputs at the validation points after t steps of the full run: f₀(X_val) + Θ(X_val, X)U·(Uᵀa_t). */
export function predictAfter(f0Val: Float64Array, vmap: Matrix, fullEigenCoef: Float64Array): Float64Array {
  if (f0Val.length !== vmap.rows) throw new RangeError(`predictAfter: f0Val has ${f0Val.length} entries, expected ${vmap.rows}`);
  const d = matmul(vmap, asMatrix(vmap.cols, 1, fullEigenCoef)).data;
  return Float64Array.from(f0Val, (v, i) => v + d[i]);
}

/**
 * Trains the linearized net on a subset of examples in closed form (one eigendecomposition): returns the
 * outputs after `steps` GD steps at the test points. `theta`/`thetaTest` are the full kernels; `keep` lists the
 * kept training examples; the learning rate follows the code's mapping with n = |keep|.
 */
export function trainLinearizedSubset(opts: {
  theta: Float64Array; n: number; k: number; r0: Float64Array; thetaTest: Float64Array; nTest: number; f0Test: Float64Array;
  keep: ArrayLike<number>; lr: number; l2?: number; steps: number;
}): Float64Array {
  const { n, k, keep } = opts;
  const N = n * k, m = keep.length, M = m * k;
  if (m < 2) throw new RangeError(`trainLinearizedSubset: keep at least 2 examples, got ${m}`);
  const sub = new Float64Array(M * M), rs = new Float64Array(M), tt = new Float64Array(opts.nTest * k * M);
  const coords = new Int32Array(M);
  for (let u = 0; u < m; u++) {
    if (!(keep[u] >= 0 && keep[u] < n)) throw new RangeError(`trainLinearizedSubset: index ${keep[u]} outside 0…${n - 1}`);
    for (let a = 0; a < k; a++) coords[u * k + a] = keep[u] * k + a;
  }
  for (let r = 0; r < M; r++) {
    rs[r] = opts.r0[coords[r]];
    for (let c = 0; c < M; c++) sub[r * M + c] = opts.theta[coords[r] * N + coords[c]];
  }
  for (let r = 0; r < opts.nTest * k; r++) for (let c = 0; c < M; c++) tt[r * M + c] = opts.thetaTest[r * N + coords[c]];
  const prob: LinearizedProblem = { theta: sub, n: m, k, r0: rs, lr: opts.lr, l2: opts.l2 };
  const e = kernelEigen(sub, M);
  checkStepSize("trainLinearizedSubset", prob, e.values[M - 1]);
  const { eta, lambda } = gdConstants(prob);
  const qv = matmul(e.U, asMatrix(M, 1, rs), { transA: true }).data;
  for (let j = 0; j < M; j++) {
    const c = 1 - eta * (e.values[j] + lambda);
    let v = 1, s = 0;
    for (let t = 0; t < opts.steps; t++) { s += v; v *= c; }
    qv[j] *= -eta * s;
  }
  return predictAfter(opts.f0Test, validationMap(tt, opts.nTest * k, e), qv);
}
