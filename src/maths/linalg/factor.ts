/**
 * Cholesky factorisation and the solves built on it (SPD systems, triangular systems, log-determinants).
 */
import { activeBackend, scratchCopy } from "./backend";
import { assertMatrix, assertSquare, assertSymmetric, checkMatrix, checkVector, Matrix } from "./matrix";
import { potrfLower, trsmLeft } from "./portable/cholesky";

function notPD(fn: string, k: number, n: number): RangeError {
  return new RangeError(
    `${fn}: matrix is not positive definite (the leading ${k}×${k} minor of the ${n}×${n} matrix is not positive; smallest failing pivot at index ${k - 1})`,
  );
}

function checkSPDInput(fn: string, A: Matrix): void {
  assertMatrix(fn, "A", A);
  assertSymmetric(fn, "A", A); // square, finite and symmetric, in one pass on the native path
}

/** Lower factor in place on a copy (a fresh array, or the shared workspace if `scratch`); throws if not positive definite. */
function factorCopy(fn: string, A: Matrix, scratch = false): Float64Array {
  const n = A.rows;
  const l = scratch ? scratchCopy(A.data) : A.data.slice();
  const be = activeBackend();
  if (be.addon) {
    const info = be.addon.dpotrf(n, l);
    if (info > 0) throw notPD(fn, info, n);
    if (info < 0) throw new Error(`${fn}: LAPACK dpotrf rejected argument ${-info}`);
  } else {
    const bad = potrfLower(n, l);
    if (bad >= 0) throw notPD(fn, bad + 1, n);
  }
  return l;
}

/**
 * Lower Cholesky factor L with A = LLᵀ (strict upper triangle zero).
 * @throws RangeError if A is empty, not square, not symmetric, has a non-finite entry, or is not positive definite.
 * @example
 * const L = cholesky(matrix(2, 2, [4, 2, 2, 3])); // [[2, 0], [1, √2]]
 */
export function cholesky(A: Matrix): Matrix {
  checkSPDInput("cholesky", A);
  return { rows: A.rows, cols: A.rows, data: factorCopy("cholesky", A) };
}

/** B as a row-major n×nrhs array copy plus its shape, from a Matrix or a vector. */
function rhsCopy(fn: string, B: Matrix | Float64Array | ArrayLike<number>, n: number): { b: Float64Array; nrhs: number; vector: boolean } {
  if (B !== null && typeof B === "object" && "rows" in B && "cols" in B && "data" in B) {
    const M = B as Matrix;
    checkMatrix(fn, "B", M);
    if (M.rows !== n) throw new RangeError(`${fn}: dimension mismatch, B has ${M.rows} rows but A is ${n}×${n}`);
    return { b: M.data.slice(), nrhs: M.cols, vector: false };
  }
  return { b: checkVector(fn, "b", B as ArrayLike<number>, n), nrhs: 1, vector: true };
}

/**
 * Solves A X = B for symmetric positive definite A (Cholesky). Returns the same shape as B.
 * @throws RangeError on a dimension mismatch, non-finite entries, non-symmetric or non-positive-definite A.
 */
export function solveSPD(A: Matrix, B: Matrix): Matrix;
export function solveSPD(A: Matrix, b: Float64Array | ArrayLike<number>): Float64Array;
export function solveSPD(A: Matrix, B: Matrix | Float64Array | ArrayLike<number>): Matrix | Float64Array {
  checkSPDInput("solveSPD", A);
  const n = A.rows;
  const { b, nrhs, vector } = rhsCopy("solveSPD", B, n);
  const be = activeBackend();
  if (be.addon) {
    const a = scratchCopy(A.data); // destroyed by dposv, not returned
    const info = be.addon.dposv(n, nrhs, a, b);
    if (info > 0) throw notPD("solveSPD", info, n);
    if (info < 0) throw new Error(`solveSPD: LAPACK dposv rejected argument ${-info}`);
  } else {
    const l = factorCopy("solveSPD", A, true);
    trsmLeft(true, false, n, nrhs, l, b);
    trsmLeft(true, true, n, nrhs, l, b);
  }
  return vector ? b : { rows: n, cols: nrhs, data: b };
}

/**
 * Solves (LLᵀ) X = B given a lower Cholesky factor L (from {@link cholesky}). Same shape as B.
 * @throws RangeError on a dimension mismatch or a zero/non-finite diagonal.
 */
export function choleskySolve(L: Matrix, B: Matrix): Matrix;
export function choleskySolve(L: Matrix, b: Float64Array | ArrayLike<number>): Float64Array;
export function choleskySolve(L: Matrix, B: Matrix | Float64Array | ArrayLike<number>): Matrix | Float64Array {
  checkTriangular("choleskySolve", L);
  const n = L.rows;
  const { b, nrhs, vector } = rhsCopy("choleskySolve", B, n);
  const be = activeBackend();
  if (be.addon) {
    const info = be.addon.dpotrs(n, nrhs, L.data, b);
    if (info !== 0) throw new Error(`choleskySolve: LAPACK dpotrs failed with info ${info}`);
  } else {
    trsmLeft(true, false, n, nrhs, L.data, b);
    trsmLeft(true, true, n, nrhs, L.data, b);
  }
  return vector ? b : { rows: n, cols: nrhs, data: b };
}

function checkTriangular(fn: string, T: Matrix): void {
  checkMatrix(fn, "T", T);
  assertSquare(fn, "T", T);
  const n = T.rows;
  for (let i = 0; i < n; i++) {
    const v = T.data[i * n + i];
    if (v === 0) throw new RangeError(`${fn}: triangular matrix is singular (zero diagonal entry at ${i})`);
  }
}

/**
 * Solves op(T) X = B for triangular T (only the triangle named by `lower`, default true, is read);
 * op(T) = Tᵀ when `trans`. Same shape as B.
 * @throws RangeError on a dimension mismatch or a zero diagonal entry.
 */
export function solveTriangular(T: Matrix, B: Matrix, opts?: { lower?: boolean; trans?: boolean }): Matrix;
export function solveTriangular(T: Matrix, b: Float64Array | ArrayLike<number>, opts?: { lower?: boolean; trans?: boolean }): Float64Array;
export function solveTriangular(
  T: Matrix, B: Matrix | Float64Array | ArrayLike<number>, opts: { lower?: boolean; trans?: boolean } = {},
): Matrix | Float64Array {
  checkTriangular("solveTriangular", T);
  const n = T.rows;
  const lower = opts.lower !== false, trans = opts.trans === true;
  const { b, nrhs, vector } = rhsCopy("solveTriangular", B, n);
  const be = activeBackend();
  if (be.addon) be.addon.dtrsm(lower, trans, n, nrhs, T.data, b);
  else trsmLeft(lower, trans, n, nrhs, T.data, b);
  return vector ? b : { rows: n, cols: nrhs, data: b };
}

/** log det A for SPD A, from the Cholesky factor (2 Σ log L_ii). @throws RangeError as {@link cholesky}. */
export function logDetSPD(A: Matrix): number {
  checkSPDInput("logDetSPD", A);
  const l = factorCopy("logDetSPD", A, true);
  const n = A.rows;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]);
  return 2 * s;
}

/** A⁻¹ for SPD A (via Cholesky; prefer {@link solveSPD} when you only need A⁻¹B). */
export function inverseSPD(A: Matrix): Matrix {
  checkSPDInput("inverseSPD", A);
  const n = A.rows;
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  const X = solveSPD(A, { rows: n, cols: n, data: I });
  // Symmetrise away rounding differences.
  const x = X.data;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) { const m = 0.5 * (x[i * n + j] + x[j * n + i]); x[i * n + j] = m; x[j * n + i] = m; }
  return X;
}
