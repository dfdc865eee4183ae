/** Test helpers: random matrices with controlled spectra, naive reference products, error norms. */
import { Matrix, matrix } from "../../src/maths/linalg";
import { Rng } from "../../src/maths/random";

export function randn(rng: Rng, rows: number, cols: number): Matrix {
  const m = matrix(rows, cols);
  rng.fillNormal(m.data);
  return m;
}

/** Naive row-major reference product op(A)·op(B). */
export function naiveMatmul(A: Matrix, B: Matrix, tA = false, tB = false): Matrix {
  const M = tA ? A.cols : A.rows, K = tA ? A.rows : A.cols, N = tB ? B.rows : B.cols;
  const C = matrix(M, N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let p = 0; p < K; p++) {
        const a = tA ? A.data[p * A.cols + i] : A.data[i * A.cols + p];
        const b = tB ? B.data[j * B.cols + p] : B.data[p * B.cols + j];
        s += a * b;
      }
      C.data[i * N + j] = s;
    }
  }
  return C;
}

/** Random orthogonal n×n matrix as a product of n Householder reflections of Gaussian vectors. */
export function randomOrthogonal(rng: Rng, n: number): Matrix {
  const Q = matrix(n, n);
  for (let i = 0; i < n; i++) Q.data[i * n + i] = 1;
  const v = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    rng.fillNormal(v);
    let nn = 0;
    for (const x of v) nn += x * x;
    // Q := Q (I − 2 v vᵀ / ‖v‖²)
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Q.data[i * n + j] * v[j];
      const f = (2 * s) / nn;
      for (let j = 0; j < n; j++) Q.data[i * n + j] -= f * v[j];
    }
  }
  return Q;
}

/** Q diag(lambda) Qᵀ, exactly symmetrised. */
export function withSpectrum(Q: Matrix, lambda: ArrayLike<number>): Matrix {
  const n = Q.rows;
  const A = matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q.data[i * n + k] * lambda[k] * Q.data[j * n + k];
      A.data[i * n + j] = s;
      A.data[j * n + i] = s;
    }
  }
  return A;
}

/** Geometric spectrum from 1 down to 1/cond (n values). */
export function geometricSpectrum(n: number, cond: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.pow(cond, -i / Math.max(1, n - 1));
  return out;
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** max |a − b| / max |b| (a relative error in the max norm). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`relErr: lengths ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  const s = maxAbs(b);
  return s === 0 ? d : d / s;
}
