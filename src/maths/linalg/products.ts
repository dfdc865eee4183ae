/**
 * Matrix products: matmul, matvec, Gram matrices (XᵀX and XXᵀ).
 */
import { activeBackend } from "./backend";
import { assertMatrix, checkMatrix, checkVector, Matrix } from "./matrix";
import { dgemm, dgemv } from "./portable/gemm";

/**
 * op(A)·op(B), where op transposes when `transA` / `transB` is set. `out` (optional, M×N, not sharing storage
 * with A or B) receives the result and is returned: in hot loops this saves allocating the result, which costs
 * about as much as 10 % of a 1000³ product.
 *
 * @throws RangeError on a dimension mismatch, an empty matrix, a non-finite entry, or a bad `out`.
 * @example
 * matmul(A, B, { transA: true }); // AᵀB
 */
export function matmul(A: Matrix, B: Matrix, opts: { transA?: boolean; transB?: boolean; out?: Matrix } = {}): Matrix {
  assertMatrix("matmul", "A", A);
  assertMatrix("matmul", "B", B);
  const tA = opts.transA === true, tB = opts.transB === true;
  const M = tA ? A.cols : A.rows, K = tA ? A.rows : A.cols;
  const K2 = tB ? B.cols : B.rows, N = tB ? B.rows : B.cols;
  if (K !== K2) {
    throw new RangeError(
      `matmul: dimension mismatch, op(A) is ${M}×${K} but op(B) is ${K2}×${N} (A ${A.rows}×${A.cols}${tA ? " transposed" : ""}, B ${B.rows}×${B.cols}${tB ? " transposed" : ""})`,
    );
  }
  const be = activeBackend();
  let C: Float64Array;
  if (opts.out !== undefined) {
    const o = opts.out;
    assertMatrix("matmul", "out", o);
    if (o.rows !== M || o.cols !== N) throw new RangeError(`matmul: out must be ${M}×${N}, got ${o.rows}×${o.cols}`);
    if (o.data.buffer === A.data.buffer || o.data.buffer === B.data.buffer) {
      throw new RangeError("matmul: out must not share storage with A or B");
    }
    C = o.data;
  } else {
    C = new Float64Array(M * N);
  }
  if (be.addon) be.addon.dgemm(tA, tB, M, N, K, 1, A.data, B.data, 0, C);
  else dgemm(tA, tB, M, N, K, 1, A.data, 0, A.cols, B.data, 0, B.cols, 0, C, 0, N);
  checkResult("matmul", C, [["A", A], ["B", B]]);
  return opts.out ?? { rows: M, cols: N, data: C };
}

/**
 * Finiteness check on the RESULT of a product instead of its inputs (one scan instead of two or more): a NaN or
 * ±Inf entry of an input makes a whole row or column of the product non-finite (x·0 is NaN for x = ±Inf), so a
 * finite result proves finite inputs. Only when the result is not finite are the inputs scanned, to name the
 * entry; finite inputs with a non-finite result mean overflow.
 */
function checkResult(fn: string, out: Float64Array, inputs: [string, Matrix][]): void {
  const addon = activeBackend().addon;
  let bad = false;
  if (addon && out.length >= 4096) bad = addon.firstNonFinite(out) >= 0;
  else for (let i = 0; i < out.length; i++) { const v = out[i]; if (!(v - v === 0)) { bad = true; break; } }
  if (!bad) return;
  for (const [name, M] of inputs) checkMatrix(fn, name, M);
  throw new RangeError(`${fn}: the result overflowed to a non-finite value (inputs are finite but too large)`);
}

/**
 * A·x (or Aᵀ·x when `trans`).
 * @throws RangeError when x's length does not match.
 */
export function matvec(A: Matrix, x: ArrayLike<number>, trans = false): Float64Array {
  checkMatrix("matvec", "A", A);
  const xv = checkVector("matvec", "x", x, trans ? A.rows : A.cols);
  const y = new Float64Array(trans ? A.cols : A.rows);
  const be = activeBackend();
  if (be.addon) be.addon.dgemv(trans, A.rows, A.cols, 1, A.data, xv, 0, y);
  else dgemv(trans, A.rows, A.cols, 1, A.data, 0, A.cols, xv, 0, y);
  return y;
}

/** Portable symmetric rank-k product: C (n×n) = op(A)ᵀop(A); trans: A is k×n and C = AᵀA, else A is n×k and C = AAᵀ. */
function portableSyrk(trans: boolean, n: number, k: number, a: Float64Array): Float64Array {
  const c = new Float64Array(n * n);
  const chunk = 128;
  const lda = trans ? n : k;
  for (let rb = 0; rb < n; rb += chunk) {
    const rs = Math.min(chunk, n - rb);
    // rows rb..rb+rs of C, columns 0..rb+rs (lower triangle plus the diagonal block)
    if (trans) dgemm(true, false, rs, rb + rs, k, 1, a, rb, lda, a, 0, lda, 0, c, rb * n, n);
    else dgemm(false, true, rs, rb + rs, k, 1, a, rb * lda, lda, a, 0, lda, 0, c, rb * n, n);
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) c[i * n + j] = c[j * n + i];
  return c;
}

/**
 * Gram matrix XᵀX (cols × cols), exactly symmetric (computed on the lower triangle and mirrored).
 * @example
 * gram(X); // X n×d → d×d
 */
export function gram(X: Matrix): Matrix {
  assertMatrix("gram", "X", X);
  const d = X.cols, n = X.rows;
  const be = activeBackend();
  let c: Float64Array;
  if (be.addon) {
    c = new Float64Array(d * d);
    be.addon.dsyrk(true, d, n, 1, X.data, 0, c);
  } else {
    c = portableSyrk(true, d, n, X.data);
  }
  checkResult("gram", c, [["X", X]]);
  return { rows: d, cols: d, data: c };
}

/** Outer Gram matrix XXᵀ (rows × rows), exactly symmetric (kernel matrix of the rows of X). */
export function outerGram(X: Matrix): Matrix {
  assertMatrix("outerGram", "X", X);
  const n = X.rows, d = X.cols;
  const be = activeBackend();
  let c: Float64Array;
  if (be.addon) {
    c = new Float64Array(n * n);
    be.addon.dsyrk(false, n, d, 1, X.data, 0, c);
  } else {
    c = portableSyrk(false, n, d, X.data);
  }
  checkResult("outerGram", c, [["X", X]]);
  return { rows: n, cols: n, data: c };
}
