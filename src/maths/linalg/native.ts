/**
 * Loader for the optional OpenBLAS/LAPACKE N-API addon (`native/obla`, built by tools/build-native.sh).
 *
 * The addon is found relative to the project root (the folder whose package.json is named "collapse-lab"),
 * searched upwards from this file and from the working directory, so it works from `src/`, from the
 * `notebooks/src` symlink under tslab, and from tests. Every addon function validates its arguments in C
 * (types, integer sizes, array lengths) and throws a JS error on bad input.
 */
import * as fs from "fs";
import * as path from "path";

/** The addon's functions (row-major; arrays are modified in place; sizes are validated in C). */
export interface OblaAddon {
  /** C := alpha·op(A)·op(B) + beta·C (cblas_dgemm, row-major, lda = transA ? M : K, ldb = transB ? K : N, ldc = N). */
  dgemm(transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number,
    A: Float64Array, B: Float64Array, beta: number, C: Float64Array): void;
  /** Single-precision version of dgemm on Float32Arrays. */
  sgemm(transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number,
    A: Float32Array, B: Float32Array, beta: number, C: Float32Array): void;
  /** C (n×n, full symmetric) := alpha·op(A)ᵀ-style rank-k product: trans ? AᵀA (A k×n) : AAᵀ (A n×k), + beta·C. */
  dsyrk(trans: boolean, n: number, k: number, alpha: number, A: Float64Array, beta: number, C: Float64Array): void;
  /** y := alpha·op(A)·x + beta·y (cblas_dgemv, A m×n row-major). */
  dgemv(trans: boolean, m: number, n: number, alpha: number, A: Float64Array, x: Float64Array, beta: number, y: Float64Array): void;
  /** In-place lower Cholesky (LAPACKE_dpotrf, 'L'); zeroes the strict upper triangle. Returns LAPACK info. */
  dpotrf(n: number, A: Float64Array): number;
  /** B := A⁻¹B given the lower factor L (LAPACKE_dpotrs). Returns info. */
  dpotrs(n: number, nrhs: number, L: Float64Array, B: Float64Array): number;
  /** B := A⁻¹B for SPD A (LAPACKE_dposv, A overwritten by its factor). Returns info. */
  dposv(n: number, nrhs: number, A: Float64Array, B: Float64Array): number;
  /** B := op(T)⁻¹B for triangular T (cblas_dtrsm, left side, non-unit diagonal). */
  dtrsm(lower: boolean, trans: boolean, n: number, nrhs: number, T: Float64Array, B: Float64Array): void;
  /** Symmetric eigendecomposition (LAPACKE_dsyevd, lower triangle read): W ascending, A's columns := eigenvectors if `vectors`. Returns info. */
  dsyevd(n: number, A: Float64Array, W: Float64Array, vectors: boolean): number;
  /** Least squares min ‖A X − B‖ with min-norm (LAPACKE_dgelsd). B is max(m,n)×nrhs; S gets min(m,n) singular values. Returns rank (≥ 0) or info < 0 / −1000−info on failure. */
  dgelsd(m: number, n: number, nrhs: number, A: Float64Array, B: Float64Array, S: Float64Array, rcond: number): number;
  /** Thin SVD (LAPACKE_dgesdd, jobz 'S'): A (m×n) → U (m×k), S (k), VT (k×n), k = min(m,n). Returns info. */
  dgesdd(m: number, n: number, A: Float64Array, S: Float64Array, U: Float64Array, VT: Float64Array): number;
  /** One fused Adam step on float32 arrays (outputs may alias inputs); c1 = 1 − β1^t, c2 = 1 − β2^t. */
  adamUpdate(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, wOut: Float32Array, mOut: Float32Array,
    vOut: Float32Array, lr: number, beta1: number, beta2: number, eps: number, c1: number, c2: number): void;
  /** Index of the first NaN/±Inf entry of x, or −1. */
  firstNonFinite(x: Float64Array): number;
  /**
   * i·n + j of the first pair i > j with |a_ij − a_ji| > max(absScale·max|A|, rel·max(|a_ij|, |a_ji|)), or −1;
   * −2 − k if entry k is not finite (found first).
   */
  firstAsymmetric(n: number, A: Float64Array, rel: number, absScale: number): number;
  setThreads(n: number): void;
  getThreads(): number;
  /** OpenBLAS build configuration string (openblas_get_config). */
  config(): string;
  /** The CPU kernel set OpenBLAS picked (openblas_get_corename). */
  corename(): string;
}

/** Result of trying to load the addon. */
export interface OblaLoad {
  addon?: OblaAddon;
  /** Where it was loaded from, or why it is unavailable. */
  detail: string;
  threads: number;
}

let cached: OblaLoad | undefined;

/** The project root: nearest ancestor (of this file, then of the cwd) whose package.json is named collapse-lab. */
export function findProjectRoot(): string | undefined {
  const starts: string[] = [];
  if (typeof __dirname === "string") starts.push(__dirname);
  starts.push(process.cwd());
  for (const start of starts) {
    let dir = path.resolve(start);
    for (;;) {
      const pj = path.join(dir, "package.json");
      try {
        if (fs.existsSync(pj) && JSON.parse(fs.readFileSync(pj, "utf8")).name === "collapse-lab") return dir;
      } catch {
        // unreadable package.json: keep walking up
      }
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}

/** Number of BLAS threads requested by LAB_BLAS_THREADS (default 1). */
export function requestedThreads(): number {
  const raw = process.env.LAB_BLAS_THREADS;
  if (raw === undefined || raw.trim() === "") return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new RangeError(`LAB_BLAS_THREADS must be an integer in [1, 64], got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Loads the addon once (cached). Never throws: a missing or broken addon is reported in `detail`. */
export function loadObla(): OblaLoad {
  if (cached) return cached;
  const threads = requestedThreads();
  const root = findProjectRoot();
  if (!root) {
    cached = { detail: "project root (package.json named collapse-lab) not found", threads };
    return cached;
  }
  const file = path.join(root, "native", "obla", "build", "Release", "obla.node");
  if (!fs.existsSync(file)) {
    cached = { detail: `addon not built (${path.relative(root, file)} missing; run bash tools/build-native.sh)`, threads };
    return cached;
  }
  // OpenBLAS sizes its thread pool from the environment when the library is first loaded.
  if (process.env.OPENBLAS_NUM_THREADS === undefined) process.env.OPENBLAS_NUM_THREADS = String(threads);
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const addon = require(file) as OblaAddon;
    addon.setThreads(threads);
    const version = /OpenBLAS\s+([\d.]+)/.exec(addon.config())?.[1] ?? "?";
    const detail = `OpenBLAS ${version} + LAPACKE via N-API addon (kernels ${addon.corename()}), ${threads} thread${threads > 1 ? "s" : ""}`;
    cached = { addon, detail, threads };
  } catch (err) {
    cached = { detail: `addon failed to load: ${(err as Error).message.split("\n")[0]}`, threads };
  }
  return cached;
}
