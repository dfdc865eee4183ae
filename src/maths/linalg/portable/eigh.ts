/**
 * Pure-TypeScript symmetric eigendecomposition (float64, row-major):
 *   1. Householder tridiagonalisation Qᵀ A Q = T on full storage (rows stay contiguous: the symmetric
 *      matrix–vector product is a set of row dot products, the rank-2 update a set of row AXPYs);
 *   2. implicit QL iterations with Wilkinson-type shifts on T, accumulating the Givens rotations into
 *      the ROWS of Zᵀ (so every rotation streams two contiguous rows);
 *   3. back-transformation Vᵀ = Zᵀ Qᵀ by applying the stored reflectors to the rows of Zᵀ.
 * Eigenvalues come out ascending; eigenvector i is row i of the returned `vt`.
 */

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
  // Mirror the lower triangle into the upper one so both are consistent.
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const tau = new Float64Array(n);
  tridiagonalize(n, a, d, e, tau);
  let zt: Float64Array | undefined;
  if (vectors) {
    zt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) zt[i * n + i] = 1;
  }
  tridiagonalQL(n, d, e, zt);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = d[order[i]];
  if (!zt) return { values };
  backTransform(n, a, tau, zt);
  const vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) vt.set(zt.subarray(order[i] * n, order[i] * n + n), i * n);
  return { values, vt };
}

/**
 * Householder reduction. On exit d = diag(T), e[k] = T[k, k+1] (k < n−1); row k of `a`, columns k+2..n−1,
 * holds reflector k's vector v (v[0] = 1 implicit at column k+1), tau[k] its scale: H_k = I − tau_k v vᵀ.
 */
function tridiagonalize(n: number, a: Float64Array, d: Float64Array, e: Float64Array, tau: Float64Array): void {
  const p = new Float64Array(n);
  const v = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const m = n - k - 1; // length of the column below the diagonal
    const x0 = (k) * n + k + 1; // row k, columns k+1..n-1 (= column k below the diagonal, by symmetry)
    const alpha = a[x0];
    let scale = 0;
    for (let i = 1; i < m; i++) scale = Math.max(scale, Math.abs(a[x0 + i]));
    d[k] = a[k * n + k];
    if (scale === 0) {
      tau[k] = 0;
      e[k] = alpha;
      continue;
    }
    let ss = 0;
    for (let i = 1; i < m; i++) { const t = a[x0 + i] / scale; ss += t * t; }
    const xnorm = scale * Math.sqrt(ss);
    const beta = -(alpha >= 0 ? 1 : -1) * pythag(alpha, xnorm);
    const tk = (beta - alpha) / beta;
    const inv = 1 / (alpha - beta);
    v[0] = 1;
    for (let i = 1; i < m; i++) { const t = a[x0 + i] * inv; v[i] = t; a[x0 + i] = t; }
    a[x0] = beta;
    tau[k] = tk;
    e[k] = beta;
    // p = tau · A22 · v, A22 = a[k+1.., k+1..]
    const base = (k + 1) * n + (k + 1);
    let pv = 0;
    for (let i = 0; i < m; i++) {
      const r = base + i * n;
      let s0 = 0, s1 = 0;
      let j = 0;
      for (; j + 1 < m; j += 2) { s0 += a[r + j] * v[j]; s1 += a[r + j + 1] * v[j + 1]; }
      if (j < m) s0 += a[r + j] * v[j];
      const pi = tk * (s0 + s1);
      p[i] = pi;
      pv += pi * v[i];
    }
    // w = p − (tau/2)(pᵀv) v, stored in p
    const kk = 0.5 * tk * pv;
    for (let i = 0; i < m; i++) p[i] -= kk * v[i];
    // A22 −= v wᵀ + w vᵀ
    for (let i = 0; i < m; i++) {
      const r = base + i * n;
      const vi = v[i], wi = p[i];
      for (let j = 0; j < m; j++) a[r + j] -= vi * p[j] + wi * v[j];
    }
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2];
    e[n - 2] = a[(n - 2) * n + n - 1];
    tau[n - 2] = 0;
  }
  d[n - 1] = a[(n - 1) * n + n - 1];
  e[n - 1] = 0;
}

/** Implicit QL with shifts on (d, e); rotations applied to rows i, i+1 of zt when given. d is overwritten by eigenvalues. */
function tridiagonalQL(n: number, d: Float64Array, e: Float64Array, zt: Float64Array | undefined): void {
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
        let f = s * e[i];
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
        if (zt) {
          const ri = i * n, rj = ri + n;
          for (let k = 0; k < n; k++) {
            f = zt[rj + k];
            const z = zt[ri + k];
            zt[rj + k] = s * z + c * f;
            zt[ri + k] = c * z - s * f;
          }
        }
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/** Vᵀ = Zᵀ H_{n-3} ⋯ H_0: for each reflector (last first) and each row z of Zᵀ: z[k+1..] −= tau (z·v) v. */
function backTransform(n: number, a: Float64Array, tau: Float64Array, zt: Float64Array): void {
  for (let k = n - 3; k >= 0; k--) {
    const tk = tau[k];
    if (tk === 0) continue;
    const vo = k * n + k + 1; // v[0] at column k+1 is implicitly 1, stored entries from k+2
    const c0 = k + 1;
    const m = n - c0;
    for (let r = 0; r < n; r++) {
      const zr = r * n + c0;
      let s = zt[zr];
      for (let j = 1; j < m; j++) s += zt[zr + j] * a[vo + j];
      s *= tk;
      if (s === 0) continue;
      zt[zr] -= s;
      for (let j = 1; j < m; j++) zt[zr + j] -= s * a[vo + j];
    }
  }
}
