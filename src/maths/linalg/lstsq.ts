/**
 * Least squares: ordinary (tall), minimum-norm (wide) and ridge.
 */
import { activeBackend } from "./backend";
import { checkMatrix, checkVector, Matrix } from "./matrix";
import { gram, matvec, outerGram } from "./products";
import { solveSPD } from "./factor";
import { eigh } from "./eigen";
import { householderRows, qrSolveTall, qrSolveWide, rDiagonal } from "./portable/qr";

const EPS = 2.220446049250313e-16;

/**
 * Least-squares coefficients b for X b ≈ y.
 * - `ridge` = 0 (default), rows ≥ cols: ordinary least squares argmin ‖Xb − y‖;
 *   rows < cols: the minimum-norm solution of X b = y. Rank-deficient X gets the minimum-norm least-squares
 *   solution (native: SVD with cutoff max(rows, cols)·ε·σ_max, like numpy; portable: QR, or for numerically
 *   rank-deficient X an eigendecomposition of the smaller Gram matrix with cutoff max(rows, cols)·ε·λ_max).
 * - `ridge` = λ > 0: b = (XᵀX + λI)⁻¹Xᵀy (no 1/n scaling), computed in the primal (cols × cols) or
 *   dual (rows × rows, b = Xᵀ(XXᵀ + λI)⁻¹y) form, whichever is smaller.
 *
 * @throws RangeError on a dimension mismatch, non-finite entries, a negative or non-finite ridge.
 * @example
 * lstsq(X, y);                 // OLS
 * lstsq(X, y, { ridge: 0.1 }); // ridge regression
 */
export function lstsq(X: Matrix, y: ArrayLike<number>, opts: { ridge?: number } = {}): Float64Array {
  checkMatrix("lstsq", "X", X);
  const yv = checkVector("lstsq", "y", y, X.rows);
  const ridge = opts.ridge ?? 0;
  if (typeof ridge !== "number" || !Number.isFinite(ridge) || ridge < 0) {
    throw new RangeError(`lstsq: ridge must be a finite number ≥ 0, got ${ridge}`);
  }
  const m = X.rows, n = X.cols;
  if (ridge > 0) {
    if (m >= n) {
      const G = gram(X);
      for (let i = 0; i < n; i++) G.data[i * n + i] += ridge;
      return solveSPD(G, matvec(X, yv, true));
    }
    const K = outerGram(X);
    for (let i = 0; i < m; i++) K.data[i * m + i] += ridge;
    return matvec(X, solveSPD(K, yv), true);
  }
  const be = activeBackend();
  if (be.addon) {
    const a = X.data.slice();
    const ld = Math.max(m, n);
    const b = new Float64Array(ld);
    b.set(yv);
    const s = new Float64Array(Math.min(m, n));
    const rank = be.addon.dgelsd(m, n, 1, a, b, s, ld * EPS);
    if (rank < 0) throw new Error(`lstsq: LAPACK dgelsd failed (code ${rank})`);
    return b.slice(0, n);
  }
  // Portable: Householder QR of the columns of X (tall) or of its rows (wide: LQ).
  const tall = m >= n;
  const nv = tall ? n : m, len = tall ? m : n;
  const w = new Float64Array(nv * len);
  if (tall) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = X.data[i * n + j];
  } else {
    w.set(X.data);
  }
  const tau = householderRows(w, nv, len);
  const diag = rDiagonal(w, nv, len);
  let dmax = 0, dmin = Infinity;
  for (let k = 0; k < nv; k++) { dmax = Math.max(dmax, diag[k]); dmin = Math.min(dmin, diag[k]); }
  if (dmax > 0 && dmin > len * EPS * dmax * 10) {
    return tall ? qrSolveTall(w, n, m, tau, yv) : qrSolveWide(w, m, n, tau, yv);
  }
  return pseudoInverseSolve(X, yv);
}

/** Minimum-norm least squares through the eigendecomposition of the smaller Gram matrix (rank-deficient fallback). */
function pseudoInverseSolve(X: Matrix, y: Float64Array): Float64Array {
  const m = X.rows, n = X.cols;
  const tall = m >= n;
  const G = tall ? gram(X) : outerGram(X);
  const k = G.rows;
  const { values, vectors } = eigh(G, { vectors: true });
  const V = (vectors as Matrix).data;
  const cutoff = Math.max(m, n) * EPS * Math.max(values[k - 1], 0);
  // rhs in the Gram's space
  const r = tall ? matvec(X, y, true) : y;
  // z = G⁺ r = V diag(1/λ) Vᵀ r over λ > cutoff
  const proj = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    if (!(values[j] > cutoff)) continue;
    let s = 0;
    for (let i = 0; i < k; i++) s += V[i * k + j] * r[i];
    proj[j] = s / values[j];
  }
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += V[i * k + j] * proj[j];
    z[i] = s;
  }
  return tall ? z : matvec(X, z, true);
}
