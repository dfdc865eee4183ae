/**
 * Symmetric eigendecomposition and matrix functions built on it.
 */
import { activeBackend, scratchCopy } from "./backend";
import { assertMatrix, assertSymmetric, Matrix, transposeInto } from "./matrix";
import { symmetricEigen } from "./portable/eigh";
import { dgemm as dgemmPortable } from "./portable/gemm";

/** Eigenvalues ascending; `vectors` (if requested) holds the unit eigenvectors as COLUMNS (column j ↔ values[j]). */
export interface EighResult {
  values: Float64Array;
  vectors?: Matrix;
}

/**
 * Eigendecomposition of a symmetric matrix: A = V diag(values) Vᵀ. Only the lower triangle is used
 * (after checking that A is symmetric up to rounding).
 *
 * @throws RangeError if A is empty, not square, not symmetric, or has a non-finite entry.
 * @example
 * const { values, vectors } = eigh(A, { vectors: true });
 */
export function eigh(A: Matrix, opts: { vectors?: boolean } = {}): EighResult {
  assertMatrix("eigh", "A", A);
  assertSymmetric("eigh", "A", A); // square, finite and symmetric
  const n = A.rows;
  const wantVectors = opts.vectors === true;
  const be = activeBackend();
  if (be.addon) {
    const a = wantVectors ? A.data.slice() : scratchCopy(A.data); // a becomes the returned eigenvectors
    const w = new Float64Array(n);
    const info = be.addon.dsyevd(n, a, w, wantVectors);
    if (info !== 0) throw new Error(`eigh: LAPACK dsyevd failed with info ${info}`);
    return wantVectors ? { values: w, vectors: { rows: n, cols: n, data: a } } : { values: w };
  }
  const r = symmetricEigen(n, scratchCopy(A.data), wantVectors); // workspace only: vt is a fresh array
  if (!r.vt) return { values: r.values };
  const v = new Float64Array(n * n);
  transposeInto(r.vt, n, n, v);
  return { values: r.values, vectors: { rows: n, cols: n, data: v } };
}

/**
 * f(A) = V diag(f(λ)) Vᵀ for symmetric A, e.g. a symmetric square root (`Math.sqrt`) or inverse square root.
 * @throws RangeError as {@link eigh}, or if f returns a non-finite value.
 */
export function symmetricFunction(A: Matrix, f: (lambda: number) => number): Matrix {
  const { values, vectors } = eigh(A, { vectors: true });
  const n = A.rows;
  const V = (vectors as Matrix).data;
  const fv = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const y = f(values[j]);
    if (!Number.isFinite(y)) throw new RangeError(`symmetricFunction: f(${values[j]}) is not finite, got ${y}`);
    fv[j] = y;
  }
  // out = (V diag(fv)) Vᵀ
  const VS = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) VS[i * n + j] = V[i * n + j] * fv[j];
  const out = new Float64Array(n * n);
  const be = activeBackend();
  if (be.addon) be.addon.dgemm(false, true, n, n, n, 1, VS, V, 0, out);
  else dgemmPortable(false, true, n, n, n, 1, VS, 0, n, V, 0, n, 0, out, 0, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) { const m = 0.5 * (out[i * n + j] + out[j * n + i]); out[i * n + j] = m; out[j * n + i] = m; }
  return { rows: n, cols: n, data: out };
}

