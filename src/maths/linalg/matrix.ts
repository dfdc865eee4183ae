/**
 * Dense row-major float64 matrices and the argument checks shared by every linear-algebra routine.
 *
 * A {@link Matrix} is a plain record `{ rows, cols, data }` with `data[i * cols + j]` = entry (i, j).
 * Routines never keep references to their inputs and never modify them.
 *
 * @example
 * const A = matrix(2, 2, [4, 1, 1, 3]);
 * A.data[1]; // 1 (row 0, column 1)
 */
import { activeBackend } from "./backend";

/** A dense row-major float64 matrix: entry (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

function checkDim(fn: string, what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 0x7fffffff) {
    throw new RangeError(`${fn}: ${what} must be a positive integer (empty matrices are not supported), got ${n}`);
  }
}

/**
 * Creates a rows × cols matrix, copying `data` (row-major) or filled with zeros.
 *
 * @throws RangeError on non-positive sizes, a data length other than rows·cols, or a non-finite entry.
 * @example
 * matrix(2, 3, [1, 2, 3, 4, 5, 6]); // [[1,2,3],[4,5,6]]
 */
export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  checkDim("matrix", "rows", rows);
  checkDim("matrix", "cols", cols);
  if (rows * cols > 2 ** 31) throw new RangeError(`matrix: ${rows}×${cols} has more than 2^31 entries`);
  const out = new Float64Array(rows * cols);
  if (data !== undefined) {
    if (data.length !== rows * cols) {
      throw new RangeError(`matrix: data has ${data.length} entries, expected rows·cols = ${rows}·${cols} = ${rows * cols}`);
    }
    for (let i = 0; i < out.length; i++) {
      const v = data[i];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new RangeError(`matrix: non-finite entry at (${Math.floor(i / cols)}, ${i % cols}), got ${v}`);
      }
      out[i] = v;
    }
  }
  return { rows, cols, data: out };
}

/**
 * Wraps an existing Float64Array as a matrix WITHOUT copying (the matrix shares storage with `data`).
 *
 * @throws RangeError when sizes and length disagree.
 */
export function asMatrix(rows: number, cols: number, data: Float64Array): Matrix {
  checkDim("asMatrix", "rows", rows);
  checkDim("asMatrix", "cols", cols);
  if (!(data instanceof Float64Array)) throw new TypeError("asMatrix: data must be a Float64Array");
  if (data.length !== rows * cols) {
    throw new RangeError(`asMatrix: data has ${data.length} entries, expected ${rows}·${cols} = ${rows * cols}`);
  }
  return { rows, cols, data };
}

/** Builds a matrix from an array of equal-length rows. @throws RangeError on ragged or empty input. */
export function fromRows(rows: ArrayLike<ArrayLike<number>>): Matrix {
  if (rows.length === 0) throw new RangeError("fromRows: empty matrix (no rows)");
  const c = rows[0].length;
  const flat = new Float64Array(rows.length * c);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.length !== c) throw new RangeError(`fromRows: row ${i} has ${r.length} entries, row 0 has ${c}`);
    for (let j = 0; j < c; j++) flat[i * c + j] = r[j];
  }
  return matrix(rows.length, c, flat);
}

/** Converts a matrix to an array of rows (for display and tests). */
export function toRows(A: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < A.rows; i++) out.push(Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols)));
  return out;
}

/** The n × n identity. */
export function identity(n: number): Matrix {
  checkDim("identity", "n", n);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return { rows: n, cols: n, data: out };
}

/** A copy of A. */
export function cloneMatrix(A: Matrix): Matrix {
  assertMatrix("cloneMatrix", "A", A);
  return { rows: A.rows, cols: A.cols, data: A.data.slice() };
}

/** Aᵀ as a new matrix (cache-blocked copy). */
export function transpose(A: Matrix): Matrix {
  assertMatrix("transpose", "A", A);
  const { rows: m, cols: n } = A;
  const out = new Float64Array(m * n);
  transposeInto(A.data, m, n, out);
  return { rows: n, cols: m, data: out };
}

/** out (n×m) := src (m×n)ᵀ, blocked for cache use. */
export function transposeInto(src: Float64Array, m: number, n: number, out: Float64Array): void {
  const B = 32;
  for (let i0 = 0; i0 < m; i0 += B) {
    const i1 = Math.min(m, i0 + B);
    for (let j0 = 0; j0 < n; j0 += B) {
      const j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) {
        const r = i * n;
        for (let j = j0; j < j1; j++) out[j * m + i] = src[r + j];
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Argument checks (the O(n²) scans run in C when the native backend is active) (exported for the other linalg files; not part of the public index).

/** Throws unless `A` is a well-formed Matrix (positive integer sizes, Float64Array of rows·cols). */
export function assertMatrix(fn: string, name: string, A: Matrix): void {
  if (A === null || typeof A !== "object") throw new TypeError(`${fn}: ${name} must be a Matrix {rows, cols, data}, got ${A}`);
  if (!(A.data instanceof Float64Array)) throw new TypeError(`${fn}: ${name}.data must be a Float64Array`);
  if (!Number.isInteger(A.rows) || !Number.isInteger(A.cols) || A.rows < 1 || A.cols < 1) {
    throw new RangeError(`${fn}: ${name} is empty or has invalid sizes, got ${A.rows}×${A.cols}`);
  }
  if (A.data.length !== A.rows * A.cols) {
    throw new RangeError(`${fn}: ${name}.data has ${A.data.length} entries, expected ${A.rows}·${A.cols} = ${A.rows * A.cols}`);
  }
}

/** Throws a RangeError naming the first non-finite entry of `x` (a matrix of `cols` columns, or a vector when cols = 0). */
export function assertFinite(fn: string, name: string, x: ArrayLike<number>, cols = 0): void {
  let bad = -1;
  const addon = activeBackend().addon;
  if (addon && x instanceof Float64Array && x.length >= 4096) {
    bad = addon.firstNonFinite(x); // the same scan in C (the check costs more than a small solve in JS)
  } else {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (!(v - v === 0)) { bad = i; break; }
    }
  }
  if (bad >= 0) {
    const where = cols > 0 ? `(${Math.floor(bad / cols)}, ${bad % cols})` : `[${bad}]`;
    throw new RangeError(`${fn}: non-finite entry in ${name} at ${where}, got ${x[bad]}`);
  }
}

/** Checks a matrix argument fully: shape and finiteness. */
export function checkMatrix(fn: string, name: string, A: Matrix): void {
  assertMatrix(fn, name, A);
  assertFinite(fn, name, A.data, A.cols);
}

/** Checks a vector argument: non-empty, numeric array-like of length `n` (if given), finite entries. Returns a Float64Array copy. */
export function checkVector(fn: string, name: string, x: ArrayLike<number>, n?: number): Float64Array {
  if (x === null || typeof x !== "object" || typeof x.length !== "number") {
    throw new TypeError(`${fn}: ${name} must be an array of numbers, got ${x}`);
  }
  if (x.length === 0) throw new RangeError(`${fn}: ${name} is empty`);
  if (n !== undefined && x.length !== n) {
    throw new RangeError(`${fn}: dimension mismatch, ${name} has length ${x.length}, expected ${n}`);
  }
  const out = Float64Array.from(x);
  assertFinite(fn, name, out);
  return out;
}

/** Throws unless A is square. */
export function assertSquare(fn: string, name: string, A: Matrix): void {
  if (A.rows !== A.cols) throw new RangeError(`${fn}: ${name} must be square, got ${A.rows}×${A.cols}`);
}

/**
 * Checks a square matrix that must be symmetric, finiteness included (one pass in C on the native path):
 * throws on a non-finite entry or unless |a_ij − a_ji| ≤ max(1e-8·max(|a_ij|, |a_ji|), 1e-12·max|A|).
 * (Gram matrices computed in floating point are symmetric far below this tolerance.)
 */
export function assertSymmetric(fn: string, name: string, A: Matrix): void {
  const n = A.rows;
  const a = A.data;
  assertSquare(fn, name, A);
  const addon = activeBackend().addon;
  if (addon && n >= 64) {
    const bad = addon.firstAsymmetric(n, a, 1e-8, 1e-12);
    if (bad <= -2) {
      const k = -2 - bad;
      throw new RangeError(`${fn}: non-finite entry in ${name} at (${Math.floor(k / n)}, ${k % n}), got ${a[k]}`);
    }
    if (bad >= 0) {
      const i = Math.floor(bad / n), j = bad % n;
      throw new RangeError(`${fn}: ${name} is not symmetric: entry (${i}, ${j}) = ${a[i * n + j]} but (${j}, ${i}) = ${a[j * n + i]}`);
    }
    return;
  }
  assertFinite(fn, name, a, n);
  let maxAbs = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > maxAbs) maxAbs = v;
  }
  const floor = 1e-12 * maxAbs;
  const B = 32; // cache blocks: a[j*n + i] walks down columns
  for (let i0 = 0; i0 < n; i0 += B) {
    for (let j0 = 0; j0 <= i0; j0 += B) {
      const i1 = Math.min(n, i0 + B), j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < Math.min(j1, i); j++) {
          const x = a[i * n + j];
          const y = a[j * n + i];
          const d = Math.abs(x - y);
          if (d > floor && d > 1e-8 * Math.max(Math.abs(x), Math.abs(y))) {
            throw new RangeError(`${fn}: ${name} is not symmetric: entry (${i}, ${j}) = ${x} but (${j}, ${i}) = ${y}`);
          }
        }
      }
    }
  }
}
