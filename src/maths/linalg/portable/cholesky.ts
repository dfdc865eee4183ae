/**
 * Pure-TypeScript Cholesky factorisation and triangular solves (row-major, float64).
 *
 * `potrfLower` is blocked right-looking: factor a NB×NB diagonal block (row-wise dot products),
 * solve the panel below it, and update the trailing lower triangle with the packed GEMM of ./gemm
 * (which carries almost all of the n³/3 flops).
 */
import { dgemm } from "./gemm";

const NB = 64;
const ROW_CHUNK = 192;

/**
 * In-place lower Cholesky of the n×n row-major matrix `a` (only the lower triangle is read; the strict
 * upper triangle is overwritten with zeros). Returns −1 on success, else the index j of the first pivot
 * that is not positive (or not finite): the leading j×j block is positive definite, the (j+1)×(j+1) one is not.
 */
export function potrfLower(n: number, a: Float64Array): number {
  for (let k = 0; k < n; k += NB) {
    const kb = Math.min(NB, n - k);
    const bad = factorDiagonalBlock(n, a, k, kb);
    if (bad >= 0) return bad;
    const r0 = k + kb;
    if (r0 >= n) break;
    solvePanel(n, a, k, kb, r0);
    // Trailing update of the lower triangle: A[r, c] -= P[r,:]·P[c,:] for r0 ≤ c ≤ r, in row chunks.
    for (let rb = r0; rb < n; rb += ROW_CHUNK) {
      const rows = Math.min(ROW_CHUNK, n - rb);
      const cols = rb + rows - r0;
      dgemm(false, true, rows, cols, kb, -1, a, rb * n + k, n, a, r0 * n + k, n, 1, a, rb * n + r0, n);
    }
  }
  for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, (i + 1) * n);
  return -1;
}

function factorDiagonalBlock(n: number, a: Float64Array, k: number, kb: number): number {
  for (let j = 0; j < kb; j++) {
    const rj = (k + j) * n + k;
    let s = a[rj + j];
    for (let l = 0; l < j; l++) s -= a[rj + l] * a[rj + l];
    if (!(s > 0) || !Number.isFinite(s)) return k + j;
    const d = Math.sqrt(s);
    a[rj + j] = d;
    const inv = 1 / d;
    for (let i = j + 1; i < kb; i++) {
      const ri = (k + i) * n + k;
      let t = a[ri + j];
      for (let l = 0; l < j; l++) t -= a[ri + l] * a[rj + l];
      a[ri + j] = t * inv;
    }
  }
  return -1;
}

/** Rows r0..n-1 of columns k..k+kb: X := P·L11⁻ᵀ (row by row, forward substitution). */
function solvePanel(n: number, a: Float64Array, k: number, kb: number, r0: number): void {
  for (let r = r0; r < n; r++) {
    const rr = r * n + k;
    for (let j = 0; j < kb; j++) {
      const rj = (k + j) * n + k;
      let t = a[rr + j];
      for (let l = 0; l < j; l++) t -= a[rr + l] * a[rj + l];
      a[rr + j] = t / a[rj + j];
    }
  }
}

/**
 * Solves op(T)·X = B in place for an n×n triangular T (row-major, `lower` says which triangle is used)
 * and B of shape n×nrhs (row-major). op(T) = Tᵀ when `trans`. Diagonal must be non-zero (not checked here).
 */
export function trsmLeft(
  lower: boolean, trans: boolean, n: number, nrhs: number, t: Float64Array, b: Float64Array,
): void {
  // Effective triangle of op(T): lower if (lower XOR trans).
  const effLower = lower !== trans;
  if (!trans) {
    // Row-oriented substitution: X[i,:] = (B[i,:] − Σ_k T[i,k] X[k,:]) / T[i,i].
    if (effLower) {
      for (let i = 0; i < n; i++) rowSubstitute(t, b, n, nrhs, i, 0, i);
    } else {
      for (let i = n - 1; i >= 0; i--) rowSubstitute(t, b, n, nrhs, i, i + 1, n);
    }
  } else {
    // op(T) = Tᵀ: column-oriented, using rows of T: after X[i,:] is known, B[k,:] −= T[i,k]·X[i,:].
    if (effLower) {
      // T upper, Tᵀ lower: forward.
      for (let i = 0; i < n; i++) columnSweep(t, b, n, nrhs, i, i + 1, n);
    } else {
      // T lower, Tᵀ upper: backward.
      for (let i = n - 1; i >= 0; i--) columnSweep(t, b, n, nrhs, i, 0, i);
    }
  }
}

function rowSubstitute(t: Float64Array, b: Float64Array, n: number, nrhs: number, i: number, k0: number, k1: number): void {
  const ti = i * n;
  const bi = i * nrhs;
  if (nrhs === 1) {
    let s0 = b[i], s1 = 0;
    let k = k0;
    for (; k + 1 < k1; k += 2) {
      s0 -= t[ti + k] * b[k];
      s1 -= t[ti + k + 1] * b[k + 1];
    }
    if (k < k1) s0 -= t[ti + k] * b[k];
    b[i] = (s0 + s1) / t[ti + i];
    return;
  }
  for (let k = k0; k < k1; k++) {
    const f = t[ti + k];
    if (f === 0) continue;
    const bk = k * nrhs;
    for (let c = 0; c < nrhs; c++) b[bi + c] -= f * b[bk + c];
  }
  const inv = 1 / t[ti + i];
  for (let c = 0; c < nrhs; c++) b[bi + c] *= inv;
}

function columnSweep(t: Float64Array, b: Float64Array, n: number, nrhs: number, i: number, k0: number, k1: number): void {
  const ti = i * n;
  const bi = i * nrhs;
  const inv = 1 / t[ti + i];
  for (let c = 0; c < nrhs; c++) b[bi + c] *= inv;
  for (let k = k0; k < k1; k++) {
    const f = t[ti + k];
    if (f === 0) continue;
    const bk = k * nrhs;
    for (let c = 0; c < nrhs; c++) b[bk + c] -= f * b[bi + c];
  }
}
