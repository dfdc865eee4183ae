/**
 * The few dense linear-algebra operations the Demystified simulations need, on row-major Float64Arrays.
 * Everything goes through the public API of src/maths/linalg (native OpenBLAS or portable backend);
 * this file only adapts shapes.
 */
import { asMatrix, eigh, gram, matmul, matvec, outerGram, solveSPD, transpose } from "../../maths/linalg/index";

/** XᵀX (d×d, full symmetric) of the row-major T×d matrix X. */
export function gramTT(X: Float64Array, T: number, d: number): Float64Array {
  return gram(asMatrix(T, d, X)).data;
}

/** XXᵀ (T×T) of the row-major T×d matrix X. */
export function gramOuter(X: Float64Array, T: number, d: number): Float64Array {
  return outerGram(asMatrix(T, d, X)).data;
}

/** X·w (length T). */
export function matVec(X: Float64Array, T: number, d: number, w: ArrayLike<number>): Float64Array {
  return matvec(asMatrix(T, d, X), w);
}

/** Xᵀ·y (length d). */
export function matTVec(X: Float64Array, T: number, d: number, y: ArrayLike<number>): Float64Array {
  return matvec(asMatrix(T, d, X), y, true);
}

/** Solves A·x = b for symmetric positive-definite A (n×n); b is n×nrhs row-major. Inputs are not modified. */
export function solveSpd(A: Float64Array, n: number, b: Float64Array, nrhs = 1): Float64Array {
  const Am = asMatrix(n, n, A);
  return nrhs === 1 ? solveSPD(Am, b) : solveSPD(Am, asMatrix(n, nrhs, b)).data;
}

/** Symmetric eigendecomposition: ascending values and Vᵀ (row i = eigenvector i). A is not modified. */
export function eighSym(A: Float64Array, n: number): { values: Float64Array; vt: Float64Array } {
  const r = eigh(asMatrix(n, n, A), { vectors: true });
  if (!r.vectors) throw new Error("eighSym: eigh returned no eigenvectors");
  return { values: r.values, vt: transpose(r.vectors).data };
}

/** C = A·B for row-major A (m×k) and B (k×n). */
export function matMul(A: Float64Array, B: Float64Array, m: number, k: number, n: number): Float64Array {
  return matmul(asMatrix(m, k, A), asMatrix(k, n, B)).data;
}

/** Vᵀx for row-major Vᵀ (d×d): coordinates of x in the eigenbasis (a plain loop, same summation order everywhere). */
export function projectRows(vt: Float64Array, d: number, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    const r = i * d;
    for (let j = 0; j < d; j++) s += vt[r + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** Whether every entry equals the first (an isotropic spectrum). */
export function isConstant(x: ArrayLike<number>): boolean {
  for (let j = 1; j < x.length; j++) if (x[j] !== x[0]) return false;
  return true;
}
