/**
 * Random projections conditional on the projection (BA-6): ridge on z = Sᵀx, S ∈ R^{d×m} fixed, is ridge on
 * Gaussian features with covariance C_k = SᵀΣ_kS whose best linear teacher is a_k = C_k⁺SᵀΣ_kw_k; the part of the
 * teacher the features cannot express, r_k = w_kᵀΣ_kw_k − a_kᵀC_ka_k, is independent of z (Gaussianity) and so acts
 * as extra label noise of variance r_k, and adds r_k to the group's risk.
 *
 * When m > d the m×m problem has rank ≤ d; by the push-through identity S(SᵀΣ̂S + λ)⁻¹Sᵀ = P^{1/2}(P^{1/2}Σ̂P^{1/2} + λ)⁻¹P^{1/2}
 * (P = SSᵀ, d×d) the same predictor is ridge on x̃ = P^{1/2}x, with covariances P^{1/2}Σ_kP^{1/2}, teachers
 * P^{-1/2}w_k and no residual, so the matrix theory always runs in dimension min(m, d) (derived here).
 */
import { eigh, matmul, symmetricFunction, type Matrix } from "../../maths/linalg/index";
import type { MatrixTwoGroupProblem } from "./two-group-matrix";

/** A covariance given as a full matrix or as the diagonal of a diagonal one. */
export type Covariance = Matrix | ArrayLike<number>;

function isMatrix(c: Covariance): c is Matrix {
  return typeof c === "object" && c !== null && "rows" in c && "cols" in c && "data" in c;
}

function asDense(fn: string, name: string, c: Covariance, d: number): Matrix {
  if (isMatrix(c)) {
    if (c.rows !== d || c.cols !== d) throw new RangeError(`${fn}: ${name} must be ${d}×${d} (d = rows of S), got ${c.rows}×${c.cols}`);
    return c;
  }
  if (!c || c.length !== d) throw new RangeError(`${fn}: ${name} (a diagonal) must have length d = ${d}, got ${c ? c.length : c}`);
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    if (!(Number.isFinite(c[i]) && c[i] >= 0)) throw new RangeError(`${fn}: ${name}[${i}] must be a finite variance ≥ 0 (covariances are positive semi-definite), got ${c[i]}`);
    out[i * d + i] = c[i];
  }
  return { rows: d, cols: d, data: out };
}

function symmetrize(A: Matrix): Matrix {
  const n = A.rows, a = A.data;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { const v = 0.5 * (a[i * n + j] + a[j * n + i]); a[i * n + j] = v; a[j * n + i] = v; }
  return A;
}

function matVec(A: Matrix, x: ArrayLike<number>, trans = false): Float64Array {
  const out = new Float64Array(trans ? A.cols : A.rows);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) {
      if (trans) out[j] += A.data[i * A.cols + j] * x[i];
      else out[i] += A.data[i * A.cols + j] * x[j];
    }
  }
  return out;
}

/** Pseudo-inverse solve C⁺b for symmetric PSD C (eigenvalues below 1e-12·max treated as 0). */
function pinvSolve(C: Matrix, b: Float64Array): Float64Array {
  const { values, vectors } = eigh(C, { vectors: true });
  const V = (vectors as Matrix).data, n = C.rows;
  const top = Math.max(Math.abs(values[n - 1]), 1e-300);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (values[k] <= 1e-12 * top) continue;
    let c = 0;
    for (let i = 0; i < n; i++) c += V[i * n + k] * b[i];
    c /= values[k];
    for (let i = 0; i < n; i++) out[i] += c * V[i * n + k];
  }
  return out;
}

/** Feature-space covariances, teachers and residuals of the random-projection model for a fixed S. */
export interface ProjectedFeatures {
  sigma1: Matrix;
  sigma2: Matrix;
  w1: Float64Array;
  w2: Float64Array;
  residual: [number, number];
  /** "features" (m ≤ d: z = Sᵀx) or "preconditioned" (m > d: x̃ = (SSᵀ)^{1/2}x) */
  basis: "features" | "preconditioned";
}

/**
 * The equivalent Gaussian feature problem of ridge on z = Sᵀx for a fixed S (d×m).
 * @example projectedFeatures(S, c1Diag, c2Diag, w1, w2) // then matrixTwoGroupRidgeRisk({ ...f, n, p1, lambda, ... })
 */
export function projectedFeatures(S: Matrix, sigma1: Covariance, sigma2: Covariance, w1: ArrayLike<number>, w2: ArrayLike<number>): ProjectedFeatures {
  const fn = "projectedFeatures";
  if (!S || !(S.rows > 0) || !(S.cols > 0)) throw new RangeError(`${fn}: S must be a d×m Matrix`);
  const d = S.rows, m = S.cols;
  for (const [name, w] of [["w1", w1], ["w2", w2]] as const) {
    if (!w || w.length !== d) throw new RangeError(`${fn}: ${name} must have length d = ${d}, got ${w ? w.length : w}`);
  }
  const C1 = asDense(fn, "sigma1", sigma1, d), C2 = asDense(fn, "sigma2", sigma2, d);
  if (m > d) {
    const P = symmetrize(matmul(S, S, { transB: true }));
    const half = symmetrize(symmetricFunction(P, (x) => Math.sqrt(Math.max(x, 0))));
    const invHalf = symmetrize(symmetricFunction(P, (x) => 1 / Math.sqrt(x)));
    const f = (C: Matrix) => symmetrize(matmul(matmul(half, C), half));
    return { sigma1: f(C1), sigma2: f(C2), w1: matVec(invHalf, w1), w2: matVec(invHalf, w2), residual: [0, 0], basis: "preconditioned" };
  }
  const out = (C: Matrix, w: ArrayLike<number>) => {
    const CS = matmul(C, S); // d×m
    const Cm = symmetrize(matmul(S, CS, { transA: true })); // SᵀΣS
    const b = matVec(CS, w, true); // SᵀΣw
    const a = pinvSolve(Cm, b);
    const Cw = matVec(C, w);
    let energy = 0, explained = 0;
    for (let i = 0; i < d; i++) energy += w[i] * Cw[i];
    for (let i = 0; i < m; i++) explained += a[i] * b[i];
    return { Cm, a, res: Math.max(0, energy - explained) };
  };
  const g1 = out(C1, w1), g2 = out(C2, w2);
  return { sigma1: g1.Cm, sigma2: g2.Cm, w1: g1.a, w2: g2.a, residual: [g1.res, g2.res], basis: "features" };
}

/** The matrix two-group problem of ridge on the projected features (BA-6). */
export function projectedTwoGroupProblem(f: ProjectedFeatures, train: { n: number; p1: number; lambda: number; sigma1Sq: number; sigma2Sq: number }): MatrixTwoGroupProblem {
  return { sigma1: f.sigma1, sigma2: f.sigma2, w1: f.w1, w2: f.w2, residual: f.residual, ...train };
}
