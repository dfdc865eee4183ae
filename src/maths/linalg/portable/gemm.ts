/**
 * Pure-TypeScript float64 GEMM: C := alpha·op(A)·op(B) + beta·C on row-major storage with offsets and
 * leading dimensions, blocked in the GotoBLAS way: panels of op(B) (KC × NC) and blocks of op(A) (MC × KC)
 * are packed into contiguous 4-wide slivers, and a 4×4 register tile (16 scalar accumulators) does the work.
 * Packing makes every transpose combination run at the same speed.
 *
 * The kernels only ever see Float64Array (monomorphic call sites keep V8's code fast).
 *
 * @example
 * // C (2×2) = A (2×3) · B (3×2)
 * dgemm(false, false, 2, 2, 3, 1, A, 0, 3, B, 0, 2, 0, C, 0, 2);
 */

const KC = 256;
const MC = 96;
const NC = 2048;

let packA = new Float64Array(MC * KC);
let packB = new Float64Array(KC * NC);

function ensurePackB(n: number): Float64Array {
  if (packB.length < n) packB = new Float64Array(n);
  return packB;
}
function ensurePackA(n: number): Float64Array {
  if (packA.length < n) packA = new Float64Array(n);
  return packA;
}

/**
 * Row-major GEMM on raw arrays. op(A) is M×K (A stored K×M when transA), op(B) is K×N (B stored N×K when transB).
 * Element (i, p) of op(A) is `A[aOff + i*lda + p]`, or `A[aOff + p*lda + i]` when transposed; likewise for B.
 * C may share the array of A or B only if the regions do not overlap. No argument checking (internal).
 */
export function dgemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number,
  A: Float64Array, aOff: number, lda: number,
  B: Float64Array, bOff: number, ldb: number,
  beta: number, C: Float64Array, cOff: number, ldc: number,
): void {
  if (beta !== 1) {
    for (let i = 0; i < M; i++) {
      const r = cOff + i * ldc;
      if (beta === 0) C.fill(0, r, r + N);
      else for (let j = r; j < r + N; j++) C[j] *= beta;
    }
  }
  if (M === 0 || N === 0 || K === 0 || alpha === 0) return;
  if (M * N * K <= 4096 || M < 4 || N < 4) {
    smallGemm(transA, transB, M, N, K, alpha, A, aOff, lda, B, bOff, ldb, C, cOff, ldc);
    return;
  }
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    const ncp = (nc + 3) & ~3;
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      const bp = ensurePackB(ncp * kc);
      packPanelB(transB, B, bOff, ldb, pc, jc, kc, nc, bp);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        const ap = ensurePackA(((mc + 3) & ~3) * kc);
        packBlockA(transA, A, aOff, lda, ic, pc, mc, kc, ap);
        macroKernel(mc, nc, kc, alpha, ap, bp, C, cOff + ic * ldc + jc, ldc);
      }
    }
  }
}

/** Straightforward loops for tiny or degenerate shapes (no packing overhead). */
function smallGemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number,
  A: Float64Array, aOff: number, lda: number, B: Float64Array, bOff: number, ldb: number,
  C: Float64Array, cOff: number, ldc: number,
): void {
  const sA_i = transA ? 1 : lda, sA_p = transA ? lda : 1;
  const sB_p = transB ? 1 : ldb, sB_j = transB ? ldb : 1;
  for (let i = 0; i < M; i++) {
    const cr = cOff + i * ldc;
    for (let j = 0; j < N; j++) {
      let s = 0;
      let ai = aOff + i * sA_i;
      let bj = bOff + j * sB_j;
      for (let p = 0; p < K; p++) {
        s += A[ai] * B[bj];
        ai += sA_p;
        bj += sB_p;
      }
      C[cr + j] += alpha * s;
    }
  }
}

/** Packs op(B)[pc:pc+kc, jc:jc+nc] into 4-column slivers: sliver s holds rows p = 0..kc-1, 4 values each (zero-padded). */
function packPanelB(
  transB: boolean, B: Float64Array, bOff: number, ldb: number,
  pc: number, jc: number, kc: number, nc: number, out: Float64Array,
): void {
  for (let j0 = 0; j0 < nc; j0 += 4) {
    const w = Math.min(4, nc - j0);
    let o = j0 * kc;
    if (!transB) {
      let src = bOff + pc * ldb + jc + j0;
      if (w === 4) {
        for (let p = 0; p < kc; p++) {
          out[o] = B[src]; out[o + 1] = B[src + 1]; out[o + 2] = B[src + 2]; out[o + 3] = B[src + 3];
          o += 4; src += ldb;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let c = 0; c < 4; c++) out[o + c] = c < w ? B[src + c] : 0;
          o += 4; src += ldb;
        }
      }
    } else {
      // op(B)[p, j] = B[(jc+j)*ldb + pc + p]: each of the 4 columns is a contiguous row of B.
      for (let c = 0; c < 4; c++) {
        if (c < w) {
          let src = bOff + (jc + j0 + c) * ldb + pc;
          for (let p = 0; p < kc; p++) out[o + 4 * p + c] = B[src++];
        } else {
          for (let p = 0; p < kc; p++) out[o + 4 * p + c] = 0;
        }
      }
    }
  }
}

/** Packs op(A)[ic:ic+mc, pc:pc+kc] into 4-row slivers: sliver s holds columns p = 0..kc-1, 4 values each (zero-padded). */
function packBlockA(
  transA: boolean, A: Float64Array, aOff: number, lda: number,
  ic: number, pc: number, mc: number, kc: number, out: Float64Array,
): void {
  for (let i0 = 0; i0 < mc; i0 += 4) {
    const h = Math.min(4, mc - i0);
    const o = i0 * kc;
    if (!transA) {
      for (let r = 0; r < 4; r++) {
        if (r < h) {
          let src = aOff + (ic + i0 + r) * lda + pc;
          for (let p = 0; p < kc; p++) out[o + 4 * p + r] = A[src++];
        } else {
          for (let p = 0; p < kc; p++) out[o + 4 * p + r] = 0;
        }
      }
    } else {
      // op(A)[i, p] = A[(pc+p)*lda + ic + i]: 4 consecutive entries of a row of A.
      let src = aOff + pc * lda + ic + i0;
      let oo = o;
      if (h === 4) {
        for (let p = 0; p < kc; p++) {
          out[oo] = A[src]; out[oo + 1] = A[src + 1]; out[oo + 2] = A[src + 2]; out[oo + 3] = A[src + 3];
          oo += 4; src += lda;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let r = 0; r < 4; r++) out[oo + r] = r < h ? A[src + r] : 0;
          oo += 4; src += lda;
        }
      }
    }
  }
}

function macroKernel(
  mc: number, nc: number, kc: number, alpha: number,
  ap: Float64Array, bp: Float64Array, C: Float64Array, cOff: number, ldc: number,
): void {
  for (let j0 = 0; j0 < nc; j0 += 4) {
    const w = Math.min(4, nc - j0);
    const bo = j0 * kc;
    for (let i0 = 0; i0 < mc; i0 += 4) {
      const h = Math.min(4, mc - i0);
      microKernel(kc, alpha, ap, i0 * kc, bp, bo, C, cOff + i0 * ldc + j0, ldc, h, w);
    }
  }
}

/** 4×4 register tile: C[0:h, 0:w] += alpha · Asliver · Bsliver. */
function microKernel(
  kc: number, alpha: number, ap: Float64Array, ao: number, bp: Float64Array, bo: number,
  C: Float64Array, c: number, ldc: number, h: number, w: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let a = ao, b = bo;
  for (let p = 0; p < kc; p++) {
    const a0 = ap[a], a1 = ap[a + 1], a2 = ap[a + 2], a3 = ap[a + 3];
    const b0 = bp[b], b1 = bp[b + 1], b2 = bp[b + 2], b3 = bp[b + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    a += 4;
    b += 4;
  }
  if (h === 4 && w === 4) {
    let r = c;
    C[r] += alpha * c00; C[r + 1] += alpha * c01; C[r + 2] += alpha * c02; C[r + 3] += alpha * c03; r += ldc;
    C[r] += alpha * c10; C[r + 1] += alpha * c11; C[r + 2] += alpha * c12; C[r + 3] += alpha * c13; r += ldc;
    C[r] += alpha * c20; C[r + 1] += alpha * c21; C[r + 2] += alpha * c22; C[r + 3] += alpha * c23; r += ldc;
    C[r] += alpha * c30; C[r + 1] += alpha * c31; C[r + 2] += alpha * c32; C[r + 3] += alpha * c33;
    return;
  }
  const t = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) C[c + i * ldc + j] += alpha * t[4 * i + j];
  }
}

/** y := alpha·op(A)·x + beta·y for row-major A (m×n); op(A) = Aᵀ when trans. */
export function dgemv(
  trans: boolean, m: number, n: number, alpha: number, A: Float64Array, aOff: number, lda: number,
  x: Float64Array, beta: number, y: Float64Array,
): void {
  const outLen = trans ? n : m;
  for (let i = 0; i < outLen; i++) y[i] = beta === 0 ? 0 : beta * y[i];
  if (!trans) {
    for (let i = 0; i < m; i++) {
      const r = aOff + i * lda;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let j = 0;
      for (; j + 3 < n; j += 4) {
        s0 += A[r + j] * x[j];
        s1 += A[r + j + 1] * x[j + 1];
        s2 += A[r + j + 2] * x[j + 2];
        s3 += A[r + j + 3] * x[j + 3];
      }
      for (; j < n; j++) s0 += A[r + j] * x[j];
      y[i] += alpha * (s0 + s1 + s2 + s3);
    }
  } else {
    for (let i = 0; i < m; i++) {
      const r = aOff + i * lda;
      const xi = alpha * x[i];
      if (xi === 0) continue;
      for (let j = 0; j < n; j++) y[j] += A[r + j] * xi;
    }
  }
}
