/**
 * Pure-TypeScript symmetric eigendecomposition (float64, row-major):
 *   1. Householder tridiagonalisation Qᵀ A Q = T on the lower triangle, row by row (the symmetric
 *      matrix–vector product and the rank-2 update both walk contiguous rows);
 *   2. implicit QL iterations with shifts on T, accumulating the Givens rotations of each sweep into the
 *      ROWS of Zᵀ, four rotations per pass over contiguous rows;
 *   3. back-transformation Vᵀ = Zᵀ Qᵀ with blocked (compact WY) reflectors and the packed GEMM.
 * Eigenvalues come out ascending; eigenvector i is row i of the returned `vt`.
 */

import { dgemm } from "./gemm";

const EPS = 2.220446049250313e-16;
const MAX_SWEEPS = 60;

function pythag(a: number, b: number): number {
  const x = Math.abs(a), y = Math.abs(b);
  if (x > y) { const r = y / x; return x * Math.sqrt(1 + r * r); }
  if (y === 0) return 0;
  const r = x / y;
  return y * Math.sqrt(1 + r * r);
}

/**
 * Eigen-decomposes the symmetric n×n matrix `a` (row-major; only the lower triangle is read; `a` is
 * destroyed). Returns ascending eigenvalues and, if `vectors`, Vᵀ (row i = unit eigenvector i).
 * @throws Error if the QL iteration does not converge (never observed for finite input).
 */
export function symmetricEigen(n: number, a: Float64Array, vectors: boolean): { values: Float64Array; vt?: Float64Array } {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const tau = new Float64Array(n);
  const refl = vectors ? new Float64Array(n * n) : undefined;
  tridiagonalize(n, a, d, e, tau, refl);
  let zt: Float64Array | undefined;
  if (vectors) {
    zt = a; // reuse the storage
    zt.fill(0);
    for (let i = 0; i < n; i++) zt[i * n + i] = 1;
  }
  tridiagonalQL(n, d, e, zt);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = d[order[i]];
  if (!zt || !refl) return { values };
  backTransform(n, refl, tau, zt);
  const vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) vt.set(zt.subarray(order[i] * n, order[i] * n + n), i * n);
  return { values, vt };
}

/**
 * Householder reduction on the LOWER triangle (row-major): every pass touches row i only at columns ≤ i, so
 * rows stay contiguous and the work is the minimal 4n³/3. On exit d = diag(T), e[k] = T[k+1, k], and (if
 * `refl`) row k of `refl` holds reflector k's vector v over columns k+1..n−1 (v[k+1] = 1) with scale tau[k]:
 * H_k = I − tau_k v vᵀ.
 */
function tridiagonalize(n: number, a: Float64Array, d: Float64Array, e: Float64Array, tau: Float64Array, refl: Float64Array | undefined): void {
  const p = new Float64Array(n);
  const v = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const m = n - k - 1; // length of the column below the diagonal
    const c0 = k + 1; // first row/column of the trailing block
    d[k] = a[k * n + k];
    // x = column k below the diagonal (lower storage: a[(c0+i)*n + k])
    const alpha = a[c0 * n + k];
    let scale = 0;
    for (let i = 1; i < m; i++) scale = Math.max(scale, Math.abs(a[(c0 + i) * n + k]));
    if (scale === 0) {
      tau[k] = 0;
      e[k] = alpha;
      continue;
    }
    let ss = 0;
    for (let i = 1; i < m; i++) { const t = a[(c0 + i) * n + k] / scale; ss += t * t; }
    const xnorm = scale * Math.sqrt(ss);
    const beta = -(alpha >= 0 ? 1 : -1) * pythag(alpha, xnorm);
    const tk = (beta - alpha) / beta;
    const inv = 1 / (alpha - beta);
    v[0] = 1;
    for (let i = 1; i < m; i++) v[i] = a[(c0 + i) * n + k] * inv;
    tau[k] = tk;
    e[k] = beta;
    if (refl) {
      const r = k * n + c0;
      for (let i = 0; i < m; i++) refl[r + i] = v[i];
    }
    // p = tau · A22 v from the lower triangle: row i contributes a_ij v_j to p_i and a_ij v_i to p_j (j < i).
    for (let i = 0; i < m; i++) p[i] = 0;
    for (let i = 0; i < m; i++) {
      const r = (c0 + i) * n + c0;
      const vi = v[i];
      let s0 = 0, s1 = 0;
      let j = 0;
      for (; j + 1 < i; j += 2) {
        const a0 = a[r + j], a1 = a[r + j + 1];
        s0 += a0 * v[j];
        s1 += a1 * v[j + 1];
        p[j] += a0 * vi;
        p[j + 1] += a1 * vi;
      }
      for (; j < i; j++) { const a0 = a[r + j]; s0 += a0 * v[j]; p[j] += a0 * vi; }
      p[i] += s0 + s1 + a[r + i] * vi;
    }
    let pv = 0;
    for (let i = 0; i < m; i++) { p[i] *= tk; pv += p[i] * v[i]; }
    // w = p − (tau/2)(pᵀv) v, stored in p
    const kk = 0.5 * tk * pv;
    for (let i = 0; i < m; i++) p[i] -= kk * v[i];
    // lower triangle of A22 −= v wᵀ + w vᵀ
    for (let i = 0; i < m; i++) {
      const r = (c0 + i) * n + c0;
      const vi = v[i], wi = p[i];
      for (let j = 0; j <= i; j++) a[r + j] -= vi * p[j] + wi * v[j];
    }
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2];
    e[n - 2] = a[(n - 1) * n + n - 2];
    tau[n - 2] = 0;
  }
  d[n - 1] = a[(n - 1) * n + n - 1];
  e[n - 1] = 0;
}

/**
 * Implicit QL with shifts on (d, e); d is overwritten by the eigenvalues. With `zt`, the rotations of each
 * QL sweep are recorded and then applied to rows l..m of zt by {@link applyRotations}.
 */
function tridiagonalQL(n: number, d: Float64Array, e: Float64Array, zt: Float64Array | undefined): void {
  const cs = new Float64Array(n);
  const sn = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= EPS * dd) break;
      }
      if (m === l) break;
      if (++iter > MAX_SWEEPS) throw new Error(`eigh: QL iteration did not converge for eigenvalue ${l}`);
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = pythag(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = pythag(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        cs[i] = c;
        sn[i] = s;
      }
      // rotations i = m-1 down to lo were computed
      if (zt) applyRotations(n, zt, cs, sn, underflow ? i + 1 : l, m);
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/**
 * Applies rotations i = hi−1 down to lo to rows i, i+1 of zt (z_{i+1} ← s z_i + c z_{i+1}, z_i ← c z_i − s z_{i+1}),
 * four consecutive rotations per pass over the rows: the value moving down the chain stays in a register, so a
 * pass loads and stores each of its 5 rows once (10 memory operations per 24 flops instead of 32).
 */
function applyRotations(n: number, zt: Float64Array, cs: Float64Array, sn: Float64Array, lo: number, hi: number): void {
  let i = hi - 1;
  for (; i - 3 >= lo; i -= 4) {
    const c0 = cs[i], s0 = sn[i], c1 = cs[i - 1], s1 = sn[i - 1];
    const c2 = cs[i - 2], s2 = sn[i - 2], c3 = cs[i - 3], s3 = sn[i - 3];
    const r4 = (i + 1) * n, r3 = i * n, r2 = r3 - n, r1 = r2 - n, r0 = r1 - n;
    for (let k = 0; k < n; k++) {
      let f = zt[r4 + k];
      let z = zt[r3 + k];
      zt[r4 + k] = s0 * z + c0 * f;
      f = c0 * z - s0 * f;
      z = zt[r2 + k];
      zt[r3 + k] = s1 * z + c1 * f;
      f = c1 * z - s1 * f;
      z = zt[r1 + k];
      zt[r2 + k] = s2 * z + c2 * f;
      f = c2 * z - s2 * f;
      z = zt[r0 + k];
      zt[r1 + k] = s3 * z + c3 * f;
      zt[r0 + k] = c3 * z - s3 * f;
    }
  }
  for (; i >= lo; i--) {
    const c = cs[i], s = sn[i];
    const ri = i * n, rj = ri + n;
    for (let k = 0; k < n; k++) {
      const f = zt[rj + k];
      const z = zt[ri + k];
      zt[rj + k] = s * z + c * f;
      zt[ri + k] = c * z - s * f;
    }
  }
}

const WY_BLOCK = 32;

/**
 * Vᵀ = Zᵀ H_{n−3} ⋯ H_0, in blocks of reflectors with the compact WY form and two GEMMs per block:
 * for H_{k0} ⋯ H_{k1} = I − V T Vᵀ (T upper triangular, LAPACK larft "forward"), the product applied here
 * is its transpose H_{k1} ⋯ H_{k0} = I − V Tᵀ Vᵀ, so Zᵀ ← Zᵀ − (Zᵀ V) Tᵀ Vᵀ.
 */
function backTransform(n: number, refl: Float64Array, tau: Float64Array, zt: Float64Array): void {
  const nref = n - 2;
  if (nref <= 0) return;
  const nbMax = Math.min(WY_BLOCK, nref);
  const W = new Float64Array(n * nbMax);
  const W2 = new Float64Array(n * nbMax);
  const T = new Float64Array(nbMax * nbMax);
  const tmp = new Float64Array(nbMax);
  // blocks from the last reflectors to the first
  for (let k1 = nref - 1; k1 >= 0; k1 -= nbMax) {
    const k0 = Math.max(0, k1 - nbMax + 1);
    const nb = k1 - k0 + 1;
    const c0 = k0 + 1; // columns c0..n-1 are touched
    const len = n - c0;
    // Vb rows j = 0..nb-1: refl row k0+j over columns c0..n-1 (zero before column k0+j+1)
    const vOff = k0 * n + c0; // Vb(j, t) = refl[vOff + j*n + t]; valid for t ≥ j (refl is zero elsewhere)
    // T (upper triangular, forward): T[j][j] = tau_j; T[0:j, j] = −tau_j T[0:j,0:j] (V[:,0:j]ᵀ v_j)
    T.fill(0);
    for (let j = 0; j < nb; j++) {
      const tj = tau[k0 + j];
      for (let i = 0; i < j; i++) {
        // (v_i · v_j) over columns t ≥ j (v_j is zero before t = j)
        let s = 0;
        const ri = vOff + i * n, rj = vOff + j * n;
        for (let t = j; t < len; t++) s += refl[ri + t] * refl[rj + t];
        tmp[i] = s;
      }
      for (let i = 0; i < j; i++) {
        let s = 0;
        for (let q = i; q < j; q++) s += T[i * nbMax + q] * tmp[q];
        T[i * nbMax + j] = -tj * s;
      }
      T[j * nbMax + j] = tj;
    }
    // W = Zᵀ[:, c0:] · Vbᵀ  (n × nb)
    dgemm(false, true, n, nb, len, 1, zt, c0, n, refl, vOff, n, 0, W, 0, nbMax);
    // W2 = W · Tᵀ  (n × nb), T upper ⇒ W2[:, j] = Σ_{q ≥ j} W[:, q] T[j][q]
    for (let r = 0; r < n; r++) {
      const wr = r * nbMax;
      for (let j = 0; j < nb; j++) {
        let s = 0;
        for (let q = j; q < nb; q++) s += W[wr + q] * T[j * nbMax + q];
        W2[wr + j] = s;
      }
    }
    // Zᵀ[:, c0:] −= W2 · Vb
    dgemm(false, false, n, len, nb, -1, W2, 0, nbMax, refl, vOff, n, 1, zt, c0, n);
  }
}
