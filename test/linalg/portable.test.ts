/**
 * The portable (pure TypeScript) path, exercised explicitly whatever addon is built:
 * products against naive loops, factorisations by their residuals, eigh against a closed-form spectrum.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import {
  cholesky, choleskySolve, eigh, gram, identity, inverseSPD, logDetSPD, lstsq, matmul, matrix, matvec, outerGram,
  setLinalgBackend, solveSPD, solveTriangular, symmetricFunction, transpose, linalgBackend,
} from "../../src/maths/linalg";
import { createRng } from "../../src/maths/random";
import { geometricSpectrum, maxAbs, naiveMatmul, randn, randomOrthogonal, relErr, withSpectrum } from "./helpers";

before(() => {
  setLinalgBackend("portable");
});

test("portable backend is selected explicitly", () => {
  assert.equal(linalgBackend().name, "portable");
});

test("matmul matches naive loops for every transpose combination and blocking edge", () => {
  const rng = createRng(101);
  // shapes straddling the 4×4 tile, MC = 96 and KC = 256 block edges
  const shapes: [number, number, number][] = [[1, 1, 1], [3, 5, 2], [7, 9, 13], [97, 33, 258], [130, 101, 300]];
  for (const [M, N, K] of shapes) {
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        const A = tA ? randn(rng, K, M) : randn(rng, M, K);
        const B = tB ? randn(rng, N, K) : randn(rng, K, N);
        const C = matmul(A, B, { transA: tA, transB: tB });
        assert.deepEqual([C.rows, C.cols], [M, N]);
        const R = naiveMatmul(A, B, tA, tB);
        assert.ok(relErr(C.data, R.data) < 1e-13, `shape ${M}×${N}×${K} tA=${tA} tB=${tB}: ${relErr(C.data, R.data)}`);
      }
    }
  }
});

test("matvec, gram and outerGram agree with matmul; Gram matrices are exactly symmetric", () => {
  const rng = createRng(102);
  const X = randn(rng, 150, 140);
  const x = randn(rng, 140, 1).data, z = randn(rng, 150, 1).data;
  assert.ok(relErr(matvec(X, x), matmul(X, matrix(140, 1, x)).data) < 1e-13);
  assert.ok(relErr(matvec(X, z, true), matmul(X, matrix(150, 1, z), { transA: true }).data) < 1e-13);
  const G = gram(X), K = outerGram(X);
  assert.ok(relErr(G.data, naiveMatmul(X, X, true, false).data) < 1e-13);
  assert.ok(relErr(K.data, naiveMatmul(X, X, false, true).data) < 1e-13);
  for (const S of [G, K]) {
    for (let i = 0; i < S.rows; i++) for (let j = 0; j < i; j++) assert.equal(S.data[i * S.rows + j], S.data[j * S.rows + i]);
  }
});

test("cholesky reconstructs A (blocked path, n = 300) and solveSPD has a small residual", () => {
  const rng = createRng(103);
  const n = 300;
  const X = randn(rng, n + 20, n);
  const A = gram(X);
  for (let i = 0; i < n; i++) A.data[i * n + i] += 1;
  const L = cholesky(A);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(L.data[i * n + j], 0);
  assert.ok(relErr(matmul(L, L, { transB: true }).data, A.data) < 1e-14);
  const B = randn(rng, n, 7);
  const Xs = solveSPD(A, B);
  assert.ok(relErr(matmul(A, Xs).data, B.data) < 1e-12);
  const b = randn(rng, n, 1).data;
  const xs = solveSPD(A, b);
  assert.ok(xs instanceof Float64Array && xs.length === n);
  assert.ok(relErr(matvec(A, xs), b) < 1e-12);
  assert.ok(relErr(choleskySolve(L, b), xs) < 1e-12);
  // log det from the factor vs the eigenvalues
  const ld = logDetSPD(A);
  const ev = eigh(A).values;
  let s = 0;
  for (const v of ev) s += Math.log(v);
  assert.ok(Math.abs(ld - s) < 1e-9 * Math.abs(s));
});

test("solveTriangular handles all four (lower, trans) cases", () => {
  const rng = createRng(104);
  const n = 40;
  const T = randn(rng, n, n);
  for (let i = 0; i < n; i++) T.data[i * n + i] = 3 + Math.abs(T.data[i * n + i]);
  for (const lower of [true, false]) {
    const Tt = matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (lower ? j <= i : j >= i) Tt.data[i * n + j] = T.data[i * n + j];
    for (const trans of [false, true]) {
      const B = randn(rng, n, 3);
      const X = solveTriangular(T, B, { lower, trans });
      assert.ok(relErr(matmul(Tt, X, { transA: trans }).data, B.data) < 1e-12, `lower=${lower} trans=${trans}`);
    }
  }
});

test("eigh: closed-form spectrum of the path-graph Laplacian-like tridiagonal matrix", () => {
  // T = tridiag(-1, 2, -1), eigenvalues 2 − 2cos(kπ/(n+1)), k = 1..n
  const n = 120;
  const T = matrix(n, n);
  for (let i = 0; i < n; i++) {
    T.data[i * n + i] = 2;
    if (i + 1 < n) { T.data[i * n + i + 1] = -1; T.data[(i + 1) * n + i] = -1; }
  }
  const { values } = eigh(T);
  for (let k = 1; k <= n; k++) {
    assert.ok(Math.abs(values[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (n + 1)))) < 1e-13, `k=${k}`);
  }
});

test("eigh: residual and orthogonality on random, ill-conditioned and degenerate spectra", () => {
  const rng = createRng(105);
  const n = 90;
  const Q = randomOrthogonal(rng, n);
  const spectra: [string, Float64Array][] = [
    ["random symmetric", new Float64Array(0)],
    ["geometric 1e-12", geometricSpectrum(n, 1e12)],
    ["rank 10 (80 zero eigenvalues)", Float64Array.from({ length: n }, (_, i) => (i < 10 ? 1 + i : 0))],
    ["identity plus rank one", Float64Array.from({ length: n }, (_, i) => (i === 0 ? 5 : 1))],
  ];
  for (const [name, lam] of spectra) {
    let A;
    if (lam.length === 0) {
      const G = randn(rng, n, n);
      A = matrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A.data[i * n + j] = G.data[i * n + j] + G.data[j * n + i];
    } else {
      A = withSpectrum(Q, lam);
    }
    const { values, vectors } = eigh(A, { vectors: true });
    const V = vectors!;
    for (let i = 1; i < n; i++) assert.ok(values[i] >= values[i - 1], `${name}: ascending`);
    const scale = maxAbs(values);
    const AV = matmul(A, V);
    let res = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) res = Math.max(res, Math.abs(AV.data[i * n + j] - V.data[i * n + j] * values[j]));
    assert.ok(res < 1e-12 * scale, `${name}: residual ${res}`);
    const VtV = matmul(V, V, { transA: true });
    assert.ok(relErr(VtV.data, identity(n).data) < 1e-12, `${name}: orthogonality`);
    if (lam.length > 0) {
      const sorted = Float64Array.from(lam).sort();
      assert.ok(relErr(values, sorted) < 1e-12, `${name}: spectrum`);
    }
    const vals2 = eigh(A).values;
    assert.ok(relErr(vals2, values) < 1e-13, `${name}: values-only path`);
  }
});

test("symmetricFunction: square root squares back; inverseSPD inverts", () => {
  const rng = createRng(106);
  const n = 50;
  const A = gram(randn(rng, 80, n));
  const S = symmetricFunction(A, Math.sqrt);
  assert.ok(relErr(matmul(S, S).data, A.data) < 1e-11);
  const Ai = inverseSPD(A);
  assert.ok(relErr(matmul(A, Ai).data, identity(n).data) < 1e-10);
});

test("lstsq: OLS satisfies the normal equations; min-norm solves wide systems from the row space; ridge primal = dual", () => {
  const rng = createRng(107);
  const X = randn(rng, 120, 40);
  const y = randn(rng, 120, 1).data;
  const b = lstsq(X, y);
  const r = matvec(X, b).map((v, i) => y[i] - v);
  assert.ok(maxAbs(matvec(X, r, true)) < 1e-11 * maxAbs(y) * 120);
  // compare with the Cholesky normal-equation solution
  assert.ok(relErr(b, solveSPD(gram(X), matvec(X, y, true))) < 1e-10);

  const W = randn(rng, 30, 70);
  const yw = randn(rng, 30, 1).data;
  const bw = lstsq(W, yw);
  assert.ok(relErr(matvec(W, bw), yw) < 1e-12);
  // minimum norm ⇔ b = Wᵀ(WWᵀ)⁻¹y
  assert.ok(relErr(bw, matvec(W, solveSPD(outerGram(W), yw), true)) < 1e-10);

  for (const [m, n] of [[60, 25], [25, 60]]) {
    const Z = randn(rng, m, n);
    const yz = randn(rng, m, 1).data;
    const lam = 0.7;
    const br = lstsq(Z, yz, { ridge: lam });
    // gradient of ‖Zb − y‖² + λ‖b‖² vanishes: Zᵀ(Zb − y) + λb = 0
    const res = matvec(Z, br).map((v, i) => v - yz[i]);
    const g = matvec(Z, res, true).map((v, i) => v + lam * br[i]);
    assert.ok(maxAbs(g) < 1e-11, `ridge ${m}×${n}: ${maxAbs(g)}`);
  }
});

test("lstsq: rank-deficient X gets the minimum-norm least-squares solution", () => {
  const rng = createRng(108);
  // X = U Vᵀ with rank 5, 50×20
  const U = randn(rng, 50, 5), V = randn(rng, 20, 5);
  const X = matmul(U, V, { transB: true });
  const y = randn(rng, 50, 1).data;
  const b = lstsq(X, y);
  // solution lies in the row space of X (span of V's columns): b = V c; and satisfies the normal equations
  const r = matvec(X, b).map((v, i) => y[i] - v);
  assert.ok(maxAbs(matvec(X, r, true)) < 1e-8 * maxAbs(y) * 50);
  const c = lstsq(V, b);
  assert.ok(relErr(matvec(V, c), b) < 1e-8);
});

test("bad input throws errors that name the problem", () => {
  const A = matrix(2, 3, [1, 2, 3, 4, 5, 6]);
  assert.throws(() => matmul(A, A), /dimension mismatch/);
  assert.throws(() => matrix(2, 2, [1, 2, 3]), /expected rows·cols/);
  assert.throws(() => matrix(0, 2), /empty/);
  assert.throws(() => matrix(2, 2, [1, NaN, 0, 1]), /non-finite entry at \(0, 1\)/);
  assert.throws(() => cholesky(A), /must be square/);
  assert.throws(() => cholesky(matrix(2, 2, [1, 2, 0, 1])), /not symmetric/);
  assert.throws(() => cholesky(matrix(2, 2, [1, 2, 2, 1])), /not positive definite/);
  assert.throws(() => solveSPD(matrix(2, 2, [2, 0, 0, 2]), [1, 2, 3]), /dimension mismatch/);
  assert.throws(() => eigh(matrix(2, 2, [1, 2, 3, 1])), /not symmetric/);
  const bad = matrix(2, 2, [1, 0, 0, 1]);
  bad.data[3] = Infinity;
  assert.throws(() => eigh(bad), /non-finite entry/);
  assert.throws(() => matvec(A, [1, 2]), /dimension mismatch/);
  assert.throws(() => lstsq(A, [1, 2, 3]), /dimension mismatch/);
  assert.throws(() => lstsq(A, [1, 2], { ridge: -1 }), /ridge/);
  assert.throws(() => gram({ rows: 0, cols: 0, data: new Float64Array(0) }), /empty/);
  assert.throws(() => setLinalgBackend("gpu" as never), /must be "native", "portable" or "auto"/);
  assert.equal(transpose(A).data[1], 4);
});

test("products name a non-finite input entry, and report overflow of finite inputs", () => {
  for (const n of [3, 80]) {
    const A = matrix(n, n), B = matrix(n, n);
    for (let i = 0; i < n; i++) { A.data[i * n + i] = 1; B.data[i * n + i] = 1; }
    B.data[2 * n + 1] = Infinity;
    assert.throws(() => matmul(A, B), /matmul: non-finite entry in B at \(2, 1\), got Infinity/);
    assert.throws(() => gram(B), /gram: non-finite entry in X at \(2, 1\)/);
    assert.throws(() => outerGram(B), /outerGram: non-finite entry in X at \(2, 1\)/);
    B.data[2 * n + 1] = 1e300;
    assert.throws(() => matmul(B, B, { transA: true }), /matmul: the result overflowed/);
    assert.throws(() => gram(B), /gram: the result overflowed/);
  }
});

test("matmul writes into a preallocated `out` and validates it", () => {
  const rng = createRng(109);
  const A = randn(rng, 30, 20), B = randn(rng, 20, 25);
  const out = matrix(30, 25);
  out.data.fill(7); // stale contents must be overwritten
  const C = matmul(A, B, { out });
  assert.equal(C, out);
  assert.ok(relErr(out.data, naiveMatmul(A, B).data) < 1e-13);
  assert.throws(() => matmul(A, B, { out: matrix(25, 30) }), /out must be 30×25/);
  const S = matrix(20, 20);
  assert.throws(() => matmul(S, S, { out: S }), /must not share storage/);
});
