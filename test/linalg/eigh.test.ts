/**
 * The symmetric eigensolver on the spectra the notebooks produce: power-law spectra with condition numbers up to
 * 1e12, graded and rank-deficient Gram matrices of power-law designs, clustered and exactly repeated eigenvalues,
 * diagonal and tridiagonal matrices, and magnitudes near the ends of the float64 range; n up to 300.
 *
 * Every decomposition is held to the backward-stability bounds of a Householder + QL/QR solver (ε = 2⁻⁵², 1-norms):
 *   ‖AV − VΛ‖₁ ≤ C·n·ε·‖A‖₁,   ‖VᵀV − I‖₁ ≤ C·n·ε,   |λ̂ᵢ − λᵢ| ≤ C·n·ε·‖A‖₂ where λ is known (Weyl),
 * with C = 10 (see below). A wrong rotation, a lost reflector or an unconverged eigenvalue gives residuals of
 * order ‖A‖, and a solver that is merely stable to 1e-12 fails them at n = 300. Where the native (LAPACK) backend is built the
 * portable result is also compared with it: eigenvalues to 2·C·n·ε·‖A‖₂, and eigenvectors of eigenvalues with
 * relative gap g to sin θ ≤ 2·C·n·ε/g (Davis–Kahan), invariant subspaces of clusters likewise.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eigh, EighResult, gram, Matrix, matmul, matrix, nativeAvailable, setLinalgBackend } from "../../src/maths/linalg";
import { createRng } from "../../src/maths/random";
import { powerLawSpectrum } from "../../src/theory/ridge/index";
import { FULL_PARAMS, QUICK_PARAMS } from "../../src/papers/demystified/params";
import { sampleDesign } from "../../src/papers/demystified/simulate";
import { randomOrthogonal, withSpectrum } from "./helpers";

const EPS = 2.220446049250313e-16;
/**
 * The constant of every bound above. Not 1: ‖VᵀV − I‖₁ of an exactly orthogonal V evaluated in float64 is itself
 * of order n·ε (each entry of VᵀV carries a rounding error of order ε), and the solver measures 0.2–1.1·n·ε on
 * these matrices. LAPACK's own test suite holds the same two ratios to 50; 10 still flags a deflation or
 * convergence tolerance as loose as 1e-12·‖A‖ at n = 300.
 */
const C = 10;
const haveNative = nativeAvailable();

function decompose(A: Matrix, backend: "portable" | "native"): EighResult {
  setLinalgBackend(backend);
  try {
    return eigh(A, { vectors: true });
  } finally {
    setLinalgBackend("auto");
  }
}

function valuesOnly(A: Matrix): Float64Array {
  setLinalgBackend("portable");
  try {
    return eigh(A).values;
  } finally {
    setLinalgBackend("auto");
  }
}

/** Maximum absolute column sum of a row-major n×m array. */
function norm1(data: ArrayLike<number>, rows: number, cols: number): number {
  let best = 0;
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let i = 0; i < rows; i++) s += Math.abs(data[i * cols + j]);
    best = Math.max(best, s);
  }
  return best;
}

function norm2Of(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/** Residual and orthogonality ratios ‖AV − VΛ‖₁/(n ε ‖A‖₁) and ‖VᵀV − I‖₁/(n ε), computed with the portable kernels. */
function ratios(A: Matrix, r: EighResult): { residual: number; orthogonality: number } {
  const n = A.rows;
  const V = r.vectors as Matrix;
  setLinalgBackend("portable");
  const AV = matmul(A, V);
  const VtV = matmul(V, V, { transA: true });
  setLinalgBackend("auto");
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      AV.data[i * n + j] -= V.data[i * n + j] * r.values[j];
      if (i === j) VtV.data[i * n + j] -= 1;
    }
  }
  const a1 = norm1(A.data, n, n);
  return {
    residual: a1 === 0 ? norm1(AV.data, n, n) : norm1(AV.data, n, n) / (n * EPS * a1),
    orthogonality: norm1(VtV.data, n, n) / (n * EPS),
  };
}

/**
 * The portable decomposition of A meets every bound: ascending values, residual, orthogonality, the values-only
 * path, the exact spectrum where given, and the native decomposition where built.
 */
function checkPortable(name: string, A: Matrix, exact?: ArrayLike<number>): EighResult {
  const n = A.rows;
  const r = decompose(A, "portable");
  assert.equal(r.values.length, n);
  for (let i = 1; i < n; i++) assert.ok(r.values[i] >= r.values[i - 1], `${name}: values not ascending at ${i}`);
  const { residual, orthogonality } = ratios(A, r);
  assert.ok(residual <= C, `${name}: ‖AV − VΛ‖₁ = ${residual.toFixed(3)}·n·ε·‖A‖₁ > ${C}·n·ε·‖A‖₁`);
  assert.ok(orthogonality <= C, `${name}: ‖VᵀV − I‖₁ = ${orthogonality.toFixed(3)}·n·ε > ${C}·n·ε`);
  const a2 = norm2Of(exact ?? r.values);
  const tol = C * n * EPS * a2;
  const vo = valuesOnly(A);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(vo[i] - r.values[i]) <= tol, `${name}: values-only path differs at ${i}`);
  if (exact) {
    const sorted = Float64Array.from(exact).sort();
    for (let i = 0; i < n; i++) {
      const err = Math.abs(r.values[i] - sorted[i]);
      assert.ok(err <= tol, `${name}: |λ̂_${i} − λ_${i}| = ${err.toExponential(2)} > n·ε·‖A‖₂ = ${tol.toExponential(2)}`);
    }
  }
  if (haveNative) compareWithNative(name, A, r);
  return r;
}

/**
 * Portable vs native (LAPACK dsyevd): eigenvalues within the sum of both backward errors; for every group of
 * eigenvalues (a single one, or a cluster closer than 1e-6·‖A‖₂) separated from the rest by a relative gap g, the
 * two invariant subspaces agree: sin θ ≤ 2·C·n·ε/g (Davis–Kahan, plus the two bases' loss of orthogonality),
 * tested on the largest component of a portable column outside the native subspace (a lower bound of ‖sin Θ‖₂).
 */
function compareWithNative(name: string, A: Matrix, p: EighResult): void {
  const n = A.rows;
  const q = decompose(A, "native");
  const a2 = Math.max(norm2Of(q.values), Number.MIN_VALUE);
  const tol = 2 * C * n * EPS * a2;
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(p.values[i] - q.values[i]) <= tol, `${name}: portable vs native λ_${i}: ${p.values[i]} vs ${q.values[i]}`);
  }
  const Vp = (p.vectors as Matrix).data, Vq = (q.vectors as Matrix).data;
  let lo = 0;
  while (lo < n) {
    let hi = lo + 1;
    while (hi < n && q.values[hi] - q.values[hi - 1] <= 1e-6 * a2) hi++;
    const gapBelow = lo > 0 ? q.values[lo] - q.values[lo - 1] : Infinity;
    const gapAbove = hi < n ? q.values[hi] - q.values[hi - 1] : Infinity;
    const gap = Math.min(gapBelow, gapAbove) / a2;
    if (gap < 1) {
      // largest component of a portable column lo..hi−1 outside the span of the native columns lo..hi−1, formed
      // as the vector v − Σ_k ⟨q_k, v⟩ q_k (1 − Σ⟨q_k, v⟩² would lose everything below √ε)
      let sinTheta = 0;
      const w = new Float64Array(n);
      for (let j = lo; j < hi; j++) {
        for (let i = 0; i < n; i++) w[i] = Vp[i * n + j];
        for (let k = lo; k < hi; k++) {
          let dot = 0;
          for (let i = 0; i < n; i++) dot += Vq[i * n + k] * Vp[i * n + j];
          for (let i = 0; i < n; i++) w[i] -= dot * Vq[i * n + k];
        }
        let ww = 0;
        for (let i = 0; i < n; i++) ww += w[i] * w[i];
        sinTheta = Math.max(sinTheta, Math.sqrt(ww));
      }
      const bound = (2 * C * n * EPS) / gap + 2 * n * EPS;
      assert.ok(sinTheta <= bound, `${name}: eigenvectors ${lo}..${hi - 1} (gap ${gap.toExponential(1)}): sin θ = ${sinTheta.toExponential(2)} > ${bound.toExponential(2)}`);
    }
    lo = hi;
  }
}

/** Gram matrix XᵀX/T of a T×d Gaussian design with covariance diag(j^−β), built with the portable kernels. */
function powerLawGram(d: number, T: number, beta: number, seed: number): Matrix {
  const X = sampleDesign(T, powerLawSpectrum(d, beta), createRng(seed));
  setLinalgBackend("portable");
  const G = gram({ rows: T, cols: d, data: X });
  setLinalgBackend("auto");
  for (let k = 0; k < G.data.length; k++) G.data[k] /= T;
  return G;
}

/** Reverses the order of rows and columns (the same matrix graded the other way). */
function reversed(A: Matrix): Matrix {
  const n = A.rows;
  const B = matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B.data[i * n + j] = A.data[(n - 1 - i) * n + (n - 1 - j)];
  return B;
}

function scaled(A: Matrix, s: number): Matrix {
  return { rows: A.rows, cols: A.cols, data: A.data.map((v) => v * s) };
}

function tridiagonal(d: ArrayLike<number>, e: ArrayLike<number>): Matrix {
  const n = d.length;
  const A = matrix(n, n);
  for (let i = 0; i < n; i++) {
    A.data[i * n + i] = d[i];
    if (i + 1 < n) { A.data[i * n + i + 1] = e[i]; A.data[(i + 1) * n + i] = e[i]; }
  }
  return A;
}

const n300 = 300;
const Q300 = randomOrthogonal(createRng(401), n300);

test("eigh (portable): power-law spectra k^−β with condition numbers 1e4, 1e8 and 1e12, n = 300", () => {
  for (const cond of [1e4, 1e8, 1e12]) {
    const beta = Math.log(cond) / Math.log(n300);
    const lam = Float64Array.from({ length: n300 }, (_, k) => Math.pow(k + 1, -beta));
    checkPortable(`power law cond ${cond.toExponential(0)}`, withSpectrum(Q300, lam), lam);
    // the same spectrum with both signs (indefinite)
    const signed = lam.map((v, k) => (k % 2 === 0 ? v : -v));
    checkPortable(`signed power law cond ${cond.toExponential(0)}`, withSpectrum(Q300, signed), signed);
  }
});

test("eigh (portable): clustered and exactly repeated eigenvalues, n = 240", () => {
  const n = 240;
  const Q = randomOrthogonal(createRng(402), n);
  // three tight clusters (spreads 1e-12, 1e-14 and 1e-9 relative to ‖A‖) and a spread-out remainder
  const clustered = Float64Array.from({ length: n }, (_, k) => {
    if (k < 60) return 1 + k * 1e-14;
    if (k < 120) return 1e-3 + (k - 60) * 1e-16;
    if (k < 180) return -0.5 + (k - 120) * 1e-11;
    return Math.pow(k - 179, -2);
  });
  checkPortable("clusters", withSpectrum(Q, clustered), clustered);
  // multiplicities 80 / 80 / 79 / 1
  const repeated = Float64Array.from({ length: n }, (_, k) => (k < 80 ? 0 : k < 160 ? 1 : k < 239 ? -2 : 3));
  const A = withSpectrum(Q, repeated);
  const r = checkPortable("repeated", A, repeated);
  // each computed eigenspace is the exact one: components along the other exact eigenvectors ≤ n·ε·‖A‖/gap
  const V = (r.vectors as Matrix).data;
  const sortedIdx = Array.from({ length: n }, (_, k) => k).sort((x, y) => repeated[x] - repeated[y]);
  for (const [lo, hi] of [[0, 79], [79, 159], [159, 239]]) {
    // computed columns lo..hi−1 belong to the eigenvalue repeated[sortedIdx[lo]]
    const value = repeated[sortedIdx[lo]];
    let off = 0;
    for (let j = lo; j < hi; j++) {
      for (let k = 0; k < n; k++) {
        if (repeated[k] === value) continue;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += Q.data[i * n + k] * V[i * n + j];
        off += dot * dot;
      }
    }
    const gap = 1 / 3; // smallest distance to another eigenvalue over ‖A‖₂ = 3
    assert.ok(Math.sqrt(off) <= (C * n * EPS) / gap, `eigenspace of ${value}: sin θ = ${Math.sqrt(off).toExponential(2)}`);
  }
});

test("eigh (portable): diagonal matrices give the sorted diagonal and coordinate vectors exactly; tridiagonal matrices", () => {
  const rng = createRng(403);
  const n = 300;
  const diag = Float64Array.from({ length: n }, (_, k) => (k % 7 === 0 ? 0 : k % 5 === 0 ? 2.5 : (rng.uniform() - 0.5) * Math.pow(10, 12 * rng.uniform() - 6)));
  const D = matrix(n, n);
  for (let i = 0; i < n; i++) D.data[i * n + i] = diag[i];
  const r = checkPortable("diagonal", D, diag);
  assert.deepEqual(Array.from(r.values), Array.from(Float64Array.from(diag).sort()));
  const V = (r.vectors as Matrix).data;
  for (let j = 0; j < n; j++) {
    let nonzero = 0;
    for (let i = 0; i < n; i++) {
      const v = V[i * n + j];
      if (v !== 0) {
        nonzero++;
        assert.equal(Math.abs(v), 1, `diagonal: column ${j} is not a coordinate vector`);
        assert.equal(diag[i], r.values[j], `diagonal: column ${j} is e_${i} but λ_${j} ≠ a_${i}${i}`);
      }
    }
    assert.equal(nonzero, 1, `diagonal: column ${j} has ${nonzero} non-zero entries`);
  }
  // Wilkinson's W₂₁⁺ (|10 − i| on the diagonal, ones beside it): its top eigenvalues come in pairs ~1e-14 apart
  const w = Array.from({ length: 21 }, (_, i) => Math.abs(10 - i));
  checkPortable("Wilkinson W21+", tridiagonal(w, new Array(20).fill(1)));
  // a graded tridiagonal matrix: d_i = 10^(−i/10), e_i = 10^(−(i+0.5)/10)·0.3 (large end first), both orientations
  const gd = Array.from({ length: 120 }, (_, i) => Math.pow(10, -i / 10));
  const ge = Array.from({ length: 119 }, (_, i) => 0.3 * Math.pow(10, -(i + 0.5) / 10));
  const G = tridiagonal(gd, ge);
  checkPortable("graded tridiagonal", G);
  checkPortable("graded tridiagonal, reversed", reversed(G));
  // 1×1, 2×2 and the zero matrix
  checkPortable("1×1", matrix(1, 1, [-4]), [-4]);
  checkPortable("2×2", matrix(2, 2, [2, 1, 1, 2]), [1, 3]);
  checkPortable("2×2 with a tiny off-diagonal", matrix(2, 2, [1, 1e-300, 1e-300, 1]), [1, 1]);
  checkPortable("zero 50×50", matrix(50, 50), new Float64Array(50));
});

test("eigh (portable): graded and rank-deficient Gram matrices of power-law designs (T < d and T > d)", () => {
  for (const [d, T] of [[150, 600], [200, 60], [300, 40]]) {
    const G = powerLawGram(d, T, 2, 404 + d + T);
    const r = checkPortable(`Gram d=${d} T=${T}`, G);
    checkPortable(`Gram d=${d} T=${T}, reversed`, reversed(G));
    if (T < d) {
      // rank T: the d − T smallest eigenvalues are zero up to rounding
      const tol = C * d * EPS * norm2Of(r.values);
      for (let i = 0; i < d - T; i++) assert.ok(Math.abs(r.values[i]) <= tol, `Gram d=${d} T=${T}: null eigenvalue ${i} = ${r.values[i]}`);
      assert.ok(r.values[d - T] > 1e3 * tol, `Gram d=${d} T=${T}: eigenvalue ${d - T} should be clearly positive`);
    }
  }
  // a low-rank matrix with an exactly known spectrum: rank 12, a power-law over the non-zero part
  const lam = Float64Array.from({ length: n300 }, (_, k) => (k < 12 ? Math.pow(k + 1, -4) : 0));
  checkPortable("rank 12 of 300", withSpectrum(Q300, lam), lam);
});

test("eigh (portable): matrices near the ends of the float64 range are scaled, not overflowed or flushed", () => {
  // The earlier solver threw "did not converge" at s = 1e-300 and below: its sweeps ran in the subnormal range.
  const n = 120;
  const Q = randomOrthogonal(createRng(405), n);
  const lam = Float64Array.from({ length: n }, (_, k) => Math.pow(k + 1, -3) * (k % 3 === 0 ? -1 : 1));
  const A = withSpectrum(Q, lam);
  const sorted = Float64Array.from(lam).sort();
  for (const s of [1e306, 1e300, 1e-300, 1e-305, 1e-307]) {
    const name = `A·${s.toExponential(0)}`;
    const As = scaled(A, s);
    const r = decompose(As, "portable");
    // the eigenvectors of sA are those of A and its eigenvalues sλ: the bounds are checked on A, where the
    // residual can be evaluated without over- or underflow
    const unscaled = r.values.map((v) => v / s);
    const { residual, orthogonality } = ratios(A, { values: unscaled, vectors: r.vectors });
    assert.ok(residual <= C, `${name}: ‖AV − VΛ/s‖₁ = ${residual.toFixed(3)}·n·ε·‖A‖₁`);
    assert.ok(orthogonality <= C, `${name}: ‖VᵀV − I‖₁ = ${orthogonality.toFixed(3)}·n·ε`);
    const tol = C * n * EPS * norm2Of(lam);
    for (let i = 0; i < n; i++) {
      const err = Math.abs(unscaled[i] - sorted[i]);
      assert.ok(err <= tol, `${name}: |λ̂_${i}/s − λ_${i}| = ${err.toExponential(2)} > ${tol.toExponential(2)}`);
    }
    const vo = valuesOnly(As);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(vo[i] / s - unscaled[i]) <= tol, `${name}: values-only path differs at ${i}`);
    if (haveNative) compareWithNative(name, As, r);
  }
});

test("eigh (portable): the Demystified crossover-simulation designs (power-law Gram, T < d) that stalled the QL-only solver", () => {
  // Rebuilt from the notebook's parameters (Σ = diag(j^−β), Gram XᵀX/T of T < d rows, portable kernels). Design
  // seeds 1019 (T = 100) and 1263 (T = 38) at quick-mode size are two of 1800 scanned on which the earlier
  // solver (QL in one direction only, 60 sweeps per eigenvalue) threw "QL iteration did not converge"; the
  // others cover every T of both modes.
  const q = QUICK_PARAMS.crossoverSim, f = FULL_PARAMS.crossoverSim;
  const cases: [number, number, number, number][] = [
    [q.d, 100, q.beta, 1019], [q.d, 38, q.beta, 1263],
    ...q.Ts.map((T, i): [number, number, number, number] => [q.d, T, q.beta, 2000 + i]),
    [f.d, Math.min(...f.Ts), f.beta, 3000], [f.d, Math.max(...f.Ts), f.beta, 3001],
  ];
  for (const [d, T, beta, seed] of cases) {
    const G = powerLawGram(d, T, beta, seed);
    const r = checkPortable(`crossover design d=${d} T=${T} seed ${seed}`, G);
    const tol = C * d * EPS * norm2Of(r.values);
    for (let i = 0; i < d - T; i++) assert.ok(Math.abs(r.values[i]) <= tol, `d=${d} T=${T} seed ${seed}: null eigenvalue ${i} = ${r.values[i]}`);
  }
  // The tridiagonal form of the seed-1263 design, stored exactly: independent of the RNG and the Gram kernels,
  // so this stays the matrix that broke the earlier solver whatever changes upstream.
  const fx = JSON.parse(readFileSync(join(__dirname, "fixtures", "crossover-sim-tridiagonal.json"), "utf8")) as { d: number[]; e: number[] };
  assert.equal(fx.d.length, q.d);
  checkPortable("crossover design, stored tridiagonal form", tridiagonal(fx.d, fx.e));
});
