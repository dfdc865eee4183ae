/**
 * Float64 dense linear algebra for collapse-lab (row-major {@link Matrix}).
 *
 * Two implementations behind one API: `native` (OpenBLAS + LAPACKE through the N-API addon in native/obla,
 * built by tools/build-native.sh) and `portable` (pure TypeScript, blocked kernels). The addon is used when
 * it is built; env `LAB_LINALG=portable|native|auto` or {@link setLinalgBackend} forces a choice, and
 * `LAB_BLAS_THREADS` (default 1) sets the BLAS thread count. {@link linalgBackend} says which is active.
 *
 * @example
 * import { matrix, gram, solveSPD, eigh, lstsq } from "./src/maths/linalg";
 * const X = matrix(3, 2, [1, 0, 0, 1, 1, 1]);
 * const w = lstsq(X, [1, 2, 3]);             // OLS coefficients
 * const { values } = eigh(gram(X));           // ascending eigenvalues of XᵀX
 */
import { activeBackend } from "./backend";

export type { Matrix } from "./matrix";
export type { EighResult } from "./eigen";
export type { BackendChoice } from "./backend";
export {
  matrix, asMatrix, fromRows, toRows, identity, cloneMatrix, transpose,
} from "./matrix";
export { matmul, matvec, gram, outerGram } from "./products";
export { cholesky, solveSPD, choleskySolve, solveTriangular, logDetSPD, inverseSPD } from "./factor";
export { eigh, symmetricFunction } from "./eigen";
export { lstsq } from "./lstsq";
export { solveLyapunovSymmetric } from "./lyapunov";
export { setLinalgBackend, nativeAvailable } from "./backend";

/** Which implementation is active, with a one-line description (for notebook headers and reports). */
export function linalgBackend(): { name: "native" | "portable"; detail: string } {
  const b = activeBackend();
  return { name: b.name, detail: b.detail };
}
