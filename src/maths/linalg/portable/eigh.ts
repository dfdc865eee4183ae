/**
 * Pure-TypeScript symmetric eigendecomposition (float64, row-major), organised like LAPACK's dsyev + dsteqr:
 *   0. scaling: if max |a_ij| lies outside [√(safmin/ε), √(ε/safmin)], A is scaled into that range first (so the
 *      reduction can neither overflow nor lose everything to underflow) and the eigenvalues are scaled back;
 *   1. Householder tridiagonalisation Qᵀ A Q = T on the lower triangle, row by row (the symmetric
 *      matrix–vector product and the rank-2 update both walk contiguous rows);
 *   2. implicit QL or QR iterations with Wilkinson-type shifts on T (dsteqr's algorithm): T is split wherever
 *      |e_m| ≤ ε·√(|d_m||d_{m+1}|); each unreduced block is scaled into a safe range and iterated with QL when its
 *      top diagonal entry is the smaller in magnitude, QR otherwise (a graded block is always chased from its
 *      large end towards its small end); an off-diagonal entry is deflated when e_m² ≤ ε²|d_m||d_{m+1}| + safmin;
 *      2×2 blocks are solved in closed form; the budget is 30·n sweeps in total. The Givens rotations of each
 *      sweep are accumulated into the ROWS of Zᵀ, four rotations per pass over contiguous rows;
 *   3. back-transformation Vᵀ = Zᵀ Qᵀ with blocked (compact WY) reflectors and the packed GEMM.
 * Eigenvalues come out ascending; eigenvector i is row i of the returned `vt`.
 */

import { dgemm } from "./gemm";

/** 2⁻⁵²: the precision dsyev scales against. */
const EPS = 2.220446049250313e-16;
/** 2⁻⁵³: the unit roundoff dsteqr's splitting and deflation tests use. */
const ULP = 1.1102230246251565e-16;
const ULP2 = ULP * ULP;
/** Smallest normalised double (LAPACK's safmin). */
const SAFMIN = 2.2250738585072014e-308;
const SAFMAX = 1 / SAFMIN;
/** Safe range of an unreduced tridiagonal block (dsteqr's ssfmin/ssfmax). */
const SSFMAX = Math.sqrt(SAFMAX) / 3;
const SSFMIN = Math.sqrt(SAFMIN) / ULP2;
/** Safe range of max |a_ij| before the reduction (dsyev's rmin/rmax). */
const RMIN = Math.sqrt(SAFMIN / EPS);
const RMAX = Math.sqrt(EPS / SAFMIN);
/** Safe range of Givens-rotation inputs whose squares neither overflow nor underflow. */
const RTMIN = Math.sqrt(SAFMIN);
const RTMAX = Math.sqrt(SAFMAX / 2);
/** Sweep budget per eigenvalue (dsteqr's maxit): 30·n sweeps in total. */
const MAXIT = 30;

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
 * @throws Error if the QL/QR iteration exhausts its budget of 30·n sweeps (not observed for finite input).
 */
export function symmetricEigen(n: number, a: Float64Array, vectors: boolean): { values: Float64Array; vt?: Float64Array } {
  const sigma = scaleIntoSafeRange(n, a);
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
  tridiagonalEigen(n, d, e, zt);
  if (sigma !== 1) for (let i = 0; i < n; i++) d[i] /= sigma;
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
 * Scales the lower triangle of `a` so that max |a_ij| lies in [RMIN, RMAX] (dsyev's rule; a zero matrix is
 * left alone). Returns the factor σ applied (1 when none): the eigenvalues of σA are σλ.
 */
function scaleIntoSafeRange(n: number, a: Float64Array): number {
  let anrm = 0;
  for (let i = 0; i < n; i++) {
    const r = i * n;
    for (let j = 0; j <= i; j++) { const v = Math.abs(a[r + j]); if (v > anrm) anrm = v; }
  }
  let sigma = 1;
  if (anrm > 0 && anrm < RMIN) sigma = RMIN / anrm;
  else if (anrm > RMAX) sigma = RMAX / anrm;
  if (sigma !== 1) {
    for (let i = 0; i < n; i++) {
      const r = i * n;
      for (let j = 0; j <= i; j++) a[r + j] *= sigma;
    }
  }
  return sigma;
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
 * Eigenvalues (and, with `zt`, eigenvectors) of the symmetric tridiagonal matrix with diagonal d and
 * sub-diagonal e[0..n−2] (dsteqr's algorithm). d is overwritten by the eigenvalues, unordered; e is destroyed;
 * the rotations are accumulated into the rows of zt (zt ← Gᵀ zt for every rotation G applied to T).
 */
function tridiagonalEigen(n: number, d: Float64Array, e: Float64Array, zt: Float64Array | undefined): void {
  if (n <= 1) return;
  const cs = new Float64Array(n);
  const sn = new Float64Array(n);
  const rot = { c: 1, s: 0, r: 0 };
  const eig2 = { rt1: 0, rt2: 0, c: 1, s: 0 };
  const nmaxit = n * MAXIT;
  let jtot = 0;
  let l1 = 0;
  while (l1 < n) {
    if (l1 > 0) e[l1 - 1] = 0;
    // the next unreduced block l1..m
    let m = l1;
    for (; m < n - 1; m++) {
      const t = Math.abs(e[m]);
      if (t === 0) break;
      if (t <= Math.sqrt(Math.abs(d[m])) * Math.sqrt(Math.abs(d[m + 1])) * ULP) { e[m] = 0; break; }
    }
    const lsv = l1, lendsv = m;
    l1 = m + 1;
    if (lendsv === lsv) continue;
    // scale the block into the safe range
    let anorm = 0;
    for (let i = lsv; i <= lendsv; i++) anorm = Math.max(anorm, Math.abs(d[i]));
    for (let i = lsv; i < lendsv; i++) anorm = Math.max(anorm, Math.abs(e[i]));
    if (anorm === 0) continue;
    let blockScale = 1;
    if (anorm > SSFMAX) blockScale = SSFMAX / anorm;
    else if (anorm < SSFMIN) blockScale = SSFMIN / anorm;
    if (blockScale !== 1) scaleBlock(d, e, lsv, lendsv, blockScale);
    // QL when the top entry is the smaller one in magnitude, QR otherwise
    let l = lsv, lend = lendsv;
    if (Math.abs(d[lend]) < Math.abs(d[l])) { l = lendsv; lend = lsv; }
    let exhausted = false;
    if (lend > l) {
      // QL: eigenvalues converge at the top (index l) of the block l..lend
      for (;;) {
        let mm = l;
        for (; mm < lend; mm++) {
          const t = Math.abs(e[mm]);
          if (t * t <= ULP2 * Math.abs(d[mm]) * Math.abs(d[mm + 1]) + SAFMIN) break;
        }
        if (mm < lend) e[mm] = 0;
        if (mm === l) {
          l++;
          if (l <= lend) continue;
          break;
        }
        if (mm === l + 1) {
          symmetric2x2(d[l], e[l], d[l + 1], eig2);
          if (zt) { cs[l] = eig2.c; sn[l] = eig2.s; applyRotationsForward(n, zt, cs, sn, l, l + 1); }
          d[l] = eig2.rt1;
          d[l + 1] = eig2.rt2;
          e[l] = 0;
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot === nmaxit) { exhausted = true; break; }
        jtot++;
        // shift from the leading 2×2 block
        let p = d[l];
        let g = (d[l + 1] - p) / (2 * e[l]);
        let r = pythag(g, 1);
        g = d[mm] - p + e[l] / (g + (g >= 0 ? r : -r));
        let s = 1, c = 1;
        p = 0;
        for (let i = mm - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          givens(g, f, rot);
          c = rot.c; s = rot.s;
          if (i !== mm - 1) e[i + 1] = rot.r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          cs[i] = c;
          sn[i] = s;
        }
        if (zt) applyRotations(n, zt, cs, sn, l, mm);
        d[l] -= p;
        e[l] = g;
      }
    } else {
      // QR: eigenvalues converge at the bottom (index l) of the block lend..l
      for (;;) {
        let mm = l;
        for (; mm > lend; mm--) {
          const t = Math.abs(e[mm - 1]);
          if (t * t <= ULP2 * Math.abs(d[mm]) * Math.abs(d[mm - 1]) + SAFMIN) break;
        }
        if (mm > lend) e[mm - 1] = 0;
        if (mm === l) {
          l--;
          if (l >= lend) continue;
          break;
        }
        if (mm === l - 1) {
          symmetric2x2(d[l - 1], e[l - 1], d[l], eig2);
          if (zt) { cs[l - 1] = eig2.c; sn[l - 1] = eig2.s; applyRotationsForward(n, zt, cs, sn, l - 1, l); }
          d[l - 1] = eig2.rt1;
          d[l] = eig2.rt2;
          e[l - 1] = 0;
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot === nmaxit) { exhausted = true; break; }
        jtot++;
        // shift from the trailing 2×2 block
        let p = d[l];
        let g = (d[l - 1] - p) / (2 * e[l - 1]);
        let r = pythag(g, 1);
        g = d[mm] - p + e[l - 1] / (g + (g >= 0 ? r : -r));
        let s = 1, c = 1;
        p = 0;
        for (let i = mm; i < l; i++) {
          const f = s * e[i];
          const b = c * e[i];
          givens(g, f, rot);
          c = rot.c; s = rot.s;
          if (i !== mm) e[i - 1] = rot.r;
          g = d[i] - p;
          r = (d[i + 1] - g) * s + 2 * c * b;
          p = s * r;
          d[i] = g + p;
          g = c * r - b;
          cs[i] = c;
          sn[i] = s;
        }
        if (zt) applyRotationsForward(n, zt, cs, sn, mm, l);
        d[l] -= p;
        e[l - 1] = g;
      }
    }
    if (blockScale !== 1) scaleBlock(d, e, lsv, lendsv, 1 / blockScale);
    if (exhausted) {
      let left = 0;
      for (let i = 0; i < n - 1; i++) if (e[i] !== 0) left++;
      throw new Error(`eigh: the QL/QR iteration did not converge within ${nmaxit} sweeps (30·n); ${left} off-diagonal entries remain`);
    }
  }
}

function scaleBlock(d: Float64Array, e: Float64Array, lo: number, hi: number, f: number): void {
  for (let i = lo; i <= hi; i++) d[i] *= f;
  for (let i = lo; i < hi; i++) e[i] *= f;
}

/**
 * Plane rotation with [c s; −s c]·[f; g] = [r; 0] (LAPACK dlartg's conventions: c ≥ 0, r carries the sign of f;
 * f = g = 0 gives the identity), computed without overflow or harmful underflow.
 */
function givens(f: number, g: number, out: { c: number; s: number; r: number }): void {
  if (g === 0) { out.c = 1; out.s = 0; out.r = f; return; }
  if (f === 0) { out.c = 0; out.s = g > 0 ? 1 : -1; out.r = Math.abs(g); return; }
  const af = Math.abs(f), ag = Math.abs(g);
  if (af > RTMIN && af < RTMAX && ag > RTMIN && ag < RTMAX) {
    const h = Math.sqrt(f * f + g * g);
    out.c = af / h;
    const r = f > 0 ? h : -h;
    out.s = g / r;
    out.r = r;
    return;
  }
  const u = Math.min(SAFMAX, Math.max(SAFMIN, af, ag));
  const fs = f / u, gs = g / u;
  const h = Math.sqrt(fs * fs + gs * gs);
  out.c = Math.abs(fs) / h;
  const r = f > 0 ? h : -h;
  out.s = gs / r;
  out.r = r * u;
}

/**
 * Eigen-decomposition of [[a, b], [b, c]] (LAPACK dlaev2): rt1 is the eigenvalue of larger magnitude, rt2 the
 * other, and (cs, sn) the unit eigenvector of rt1, so [cs sn; −sn cs]·[[a, b], [b, c]]·[cs −sn; sn cs] = diag(rt1, rt2).
 */
function symmetric2x2(a: number, b: number, c: number, out: { rt1: number; rt2: number; c: number; s: number }): void {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  let acmx: number, acmn: number;
  if (Math.abs(a) > Math.abs(c)) { acmx = a; acmn = c; } else { acmx = c; acmn = a; }
  let rt: number;
  if (adf > ab) { const q = ab / adf; rt = adf * Math.sqrt(1 + q * q); }
  else if (adf < ab) { const q = adf / ab; rt = ab * Math.sqrt(1 + q * q); }
  else rt = ab * Math.SQRT2;
  let sgn1: number;
  if (sm < 0) {
    out.rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    out.rt2 = (acmx / out.rt1) * acmn - (b / out.rt1) * b;
  } else if (sm > 0) {
    out.rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    out.rt2 = (acmx / out.rt1) * acmn - (b / out.rt1) * b;
  } else {
    out.rt1 = 0.5 * rt;
    out.rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  let cs: number, sgn2: number;
  if (df >= 0) { cs = df + rt; sgn2 = 1; } else { cs = df - rt; sgn2 = -1; }
  let cs1: number, sn1: number;
  if (Math.abs(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / Math.sqrt(1 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab === 0) {
    cs1 = 1;
    sn1 = 0;
  } else {
    const tn = -cs / tb;
    cs1 = 1 / Math.sqrt(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 === sgn2) { const t = cs1; cs1 = -sn1; sn1 = t; }
  out.c = cs1;
  out.s = sn1;
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

/**
 * Applies rotations i = lo up to hi−1 to rows i, i+1 of zt (z_{i+1} ← c z_{i+1} − s z_i, z_i ← s z_{i+1} + c z_i;
 * LAPACK dlasr "forward" on the columns of Z), four consecutive rotations per pass over the rows, the row
 * moving up the chain kept in a register as in {@link applyRotations}.
 */
function applyRotationsForward(n: number, zt: Float64Array, cs: Float64Array, sn: Float64Array, lo: number, hi: number): void {
  let i = lo;
  for (; i + 3 < hi; i += 4) {
    const c0 = cs[i], s0 = sn[i], c1 = cs[i + 1], s1 = sn[i + 1];
    const c2 = cs[i + 2], s2 = sn[i + 2], c3 = cs[i + 3], s3 = sn[i + 3];
    const r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n, r4 = r3 + n;
    for (let k = 0; k < n; k++) {
      let f = zt[r0 + k];
      let z = zt[r1 + k];
      zt[r0 + k] = s0 * z + c0 * f;
      f = c0 * z - s0 * f;
      z = zt[r2 + k];
      zt[r1 + k] = s1 * z + c1 * f;
      f = c1 * z - s1 * f;
      z = zt[r3 + k];
      zt[r2 + k] = s2 * z + c2 * f;
      f = c2 * z - s2 * f;
      z = zt[r4 + k];
      zt[r3 + k] = s3 * z + c3 * f;
      zt[r4 + k] = c3 * z - s3 * f;
    }
  }
  for (; i < hi; i++) {
    const c = cs[i], s = sn[i];
    const ri = i * n, rj = ri + n;
    for (let k = 0; k < n; k++) {
      const z = zt[rj + k];
      const f = zt[ri + k];
      zt[ri + k] = s * z + c * f;
      zt[rj + k] = c * z - s * f;
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
