/**
 * Householder QR for least squares, pure TypeScript (float64).
 *
 * The routines work on "vector rows": `w` holds `nv` vectors of length `len` (nv ≤ len) as contiguous rows,
 * i.e. the COLUMNS of the tall len×nv matrix being factorised. For a tall X (m ≥ n) that is Xᵀ; for the
 * minimum-norm solution of a wide X (m < n) it is X itself (an LQ factorisation of X).
 */

/**
 * In place: w (nv rows of length len) → R in the "upper" part (R[i][j] = w[j*len + i] for i ≤ j),
 * reflector j's vector below it (w[j*len + j+1 ..], v[0] = 1 implicit). Returns the reflector scales tau.
 */
export function householderRows(w: Float64Array, nv: number, len: number): Float64Array {
  const tau = new Float64Array(nv);
  for (let k = 0; k < nv; k++) {
    const o = k * len + k;
    const m = len - k;
    const alpha = w[o];
    let scale = 0;
    for (let i = 1; i < m; i++) scale = Math.max(scale, Math.abs(w[o + i]));
    if (scale === 0) { tau[k] = 0; continue; }
    let ss = 0;
    for (let i = 1; i < m; i++) { const t = w[o + i] / scale; ss += t * t; }
    const xnorm = scale * Math.sqrt(ss);
    const an = Math.abs(alpha);
    const big = Math.max(an, xnorm);
    const small = Math.min(an, xnorm) / big;
    const beta = -(alpha >= 0 ? 1 : -1) * big * Math.sqrt(1 + small * small);
    const tk = (beta - alpha) / beta;
    const inv = 1 / (alpha - beta);
    for (let i = 1; i < m; i++) w[o + i] *= inv;
    w[o] = beta;
    tau[k] = tk;
    // Apply H_k to the remaining vectors j > k (their entries k..len-1).
    for (let j = k + 1; j < nv; j++) {
      const oj = j * len + k;
      let s = w[oj];
      for (let i = 1; i < m; i++) s += w[oj + i] * w[o + i];
      s *= tk;
      if (s === 0) continue;
      w[oj] -= s;
      for (let i = 1; i < m; i++) w[oj + i] -= s * w[o + i];
    }
  }
  return tau;
}

/** y := H_k y for one reflector k stored in w (entries k..len-1 of y). */
function applyReflector(w: Float64Array, len: number, tau: Float64Array, k: number, y: Float64Array): void {
  const tk = tau[k];
  if (tk === 0) return;
  const o = k * len + k;
  const m = len - k;
  let s = y[k];
  for (let i = 1; i < m; i++) s += w[o + i] * y[k + i];
  s *= tk;
  y[k] -= s;
  for (let i = 1; i < m; i++) y[k + i] -= s * w[o + i];
}

/** |R_kk| for each k (to judge rank). */
export function rDiagonal(w: Float64Array, nv: number, len: number): Float64Array {
  const out = new Float64Array(nv);
  for (let k = 0; k < nv; k++) out[k] = Math.abs(w[k * len + k]);
  return out;
}

/** Tall least squares: min ‖X b − y‖ given the factored Xᵀ (w, n vectors of length m). Returns b (length n). */
export function qrSolveTall(w: Float64Array, n: number, m: number, tau: Float64Array, y: Float64Array): Float64Array {
  const z = y.slice();
  for (let k = 0; k < n; k++) applyReflector(w, m, tau, k, z); // z = Qᵀ y
  const b = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let j = i + 1; j < n; j++) s -= w[j * m + i] * b[j]; // R[i][j] = w[j*m + i]
    b[i] = s / w[i * m + i];
  }
  return b;
}

/**
 * Minimum-norm solution of the wide system X b = y (X m×n, m < n) given the factored X (w = X's rows,
 * m vectors of length n, i.e. Xᵀ = Q R). b = Q [R⁻ᵀ y; 0].
 */
export function qrSolveWide(w: Float64Array, m: number, n: number, tau: Float64Array, y: Float64Array): Float64Array {
  const b = new Float64Array(n);
  // Rᵀ z = y (forward substitution), Rᵀ[i][j] = R[j][i] = w[i*n + j] for j ≤ i.
  for (let i = 0; i < m; i++) {
    let s = y[i];
    for (let j = 0; j < i; j++) s -= w[i * n + j] * b[j];
    b[i] = s / w[i * n + i];
  }
  for (let k = m - 1; k >= 0; k--) applyReflector(w, n, tau, k, b);
  return b;
}
