/**
 * Continuous Lyapunov equation with a symmetric coefficient: H X + X H = Q (H symmetric positive definite,
 * Q symmetric), solved through the eigendecomposition H = U diag(h) Uᵀ: X = U [(UᵀQU)_jk / (h_j + h_k)] Uᵀ.
 */
import { eigh } from "./eigen";
import { assertMatrix, assertSymmetric, type Matrix } from "./matrix";
import { matmul } from "./products";

/**
 * Solves H X + X H = Q for symmetric H with h_j + h_k > 0 for all eigenvalue pairs (e.g. H positive definite).
 * @throws RangeError on size mismatch, asymmetric input, or when some h_j + h_k ≤ 0 (no unique solution).
 * @example
 * solveLyapunovSymmetric(identity(2), Q); // Q / 2
 */
export function solveLyapunovSymmetric(H: Matrix, Q: Matrix): Matrix {
  assertMatrix("solveLyapunovSymmetric", "H", H);
  assertMatrix("solveLyapunovSymmetric", "Q", Q);
  assertSymmetric("solveLyapunovSymmetric", "H", H);
  assertSymmetric("solveLyapunovSymmetric", "Q", Q);
  const n = H.rows;
  if (Q.rows !== n) throw new RangeError(`solveLyapunovSymmetric: H is ${n}×${n} but Q is ${Q.rows}×${Q.cols}`);
  const { values: h, vectors: U } = eigh(H, { vectors: true });
  const scale = Math.max(Math.abs(h[0]), Math.abs(h[n - 1]));
  if (!(2 * h[0] > 1e-14 * scale)) {
    throw new RangeError(`solveLyapunovSymmetric: H must be positive definite (smallest eigenvalue ${h[0]}); add a ridge to H`);
  }
  const M = matmul(matmul(U!, Q, { transA: true }), U!); // UᵀQU
  for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) M.data[j * n + k] /= h[j] + h[k];
  const X = matmul(matmul(U!, M), U!, { transB: true });
  for (let j = 0; j < n; j++) for (let k = 0; k < j; k++) { const v = 0.5 * (X.data[j * n + k] + X.data[k * n + j]); X.data[j * n + k] = v; X.data[k * n + j] = v; }
  return X;
}
