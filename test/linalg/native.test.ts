/**
 * Native (OpenBLAS/LAPACKE addon) vs portable agreement on fresh seeded inputs, and the addon's argument
 * validation. Every test is skipped with a message when the addon is not built (the portable path is
 * tested on its own in portable.test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as linalg from "../../src/maths/linalg";
import { Matrix, matrix, nativeAvailable, setLinalgBackend } from "../../src/maths/linalg";
import { loadObla } from "../../src/maths/linalg/native";
import { createRng } from "../../src/maths/random";
import { geometricSpectrum, matmulNaiveCheck, randn, randomOrthogonal, relErr, withSpectrum } from "./helpers-native";

const have = nativeAvailable();
const skip = have ? false : `native addon not built: ${loadObla().detail}`;

/** Runs f once with each backend and returns [native, portable]. */
function both<T>(f: () => T): [T, T] {
  setLinalgBackend("native");
  const a = f();
  setLinalgBackend("portable");
  const b = f();
  setLinalgBackend("auto");
  return [a, b];
}

test("requesting native without the addon fails with a clear message", { skip: have ? "addon is built" : false }, () => {
  assert.throws(() => setLinalgBackend("native"), /native backend was requested but is unavailable/);
});

test("auto selects native when the addon is built", { skip }, () => {
  setLinalgBackend("auto");
  assert.equal(linalg.linalgBackend().name, "native");
  assert.match(linalg.linalgBackend().detail, /OpenBLAS/);
});

test("products agree (matmul all layouts, matvec, gram, outerGram)", { skip }, () => {
  const rng = createRng(201);
  for (const [M, N, K] of [[5, 3, 7], [130, 70, 300]]) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const A = transA ? randn(rng, K, M) : randn(rng, M, K);
        const B = transB ? randn(rng, N, K) : randn(rng, K, N);
        const [cn, cp] = both(() => linalg.matmul(A, B, { transA, transB }));
        assert.ok(relErr(cn.data, cp.data) < 1e-13);
      }
    }
  }
  const X = randn(rng, 200, 90);
  const v = randn(rng, 90, 1).data, w = randn(rng, 200, 1).data;
  let [a, b] = both(() => linalg.matvec(X, v));
  assert.ok(relErr(a, b) < 1e-13);
  [a, b] = both(() => linalg.matvec(X, w, true));
  assert.ok(relErr(a, b) < 1e-13);
  const [gn, gp] = both(() => linalg.gram(X));
  assert.ok(relErr(gn.data, gp.data) < 1e-13);
  const [kn, kp] = both(() => linalg.outerGram(X));
  assert.ok(relErr(kn.data, kp.data) < 1e-13);
  matmulNaiveCheck(X);
});

test("Cholesky, SPD and triangular solves agree to 1e-10 (condition numbers 10 and 1e4)", { skip }, () => {
  const rng = createRng(202);
  const n = 160;
  const Q = randomOrthogonal(rng, n);
  for (const cond of [10, 1e4]) {
    const A = withSpectrum(Q, geometricSpectrum(n, cond));
    const B = randn(rng, n, 4);
    const [ln, lp] = both(() => linalg.cholesky(A));
    assert.ok(relErr(ln.data, lp.data) < 1e-10, `cholesky cond ${cond}: ${relErr(ln.data, lp.data)}`);
    const [xn, xp] = both(() => linalg.solveSPD(A, B));
    assert.ok(relErr(xn.data, xp.data) < 1e-10, `solveSPD cond ${cond}: ${relErr(xn.data, xp.data)}`);
    const b = B.data.slice(0, n);
    const [yn, yp] = both(() => linalg.choleskySolve(ln, b));
    assert.ok(relErr(yn, yp) < 1e-10);
    for (const trans of [false, true]) {
      const [tn, tp] = both(() => linalg.solveTriangular(ln, B, { lower: true, trans }));
      assert.ok(relErr(tn.data, tp.data) < 1e-10);
    }
    const [dn, dp] = both(() => linalg.logDetSPD(A));
    assert.ok(Math.abs(dn - dp) < 1e-10 * Math.max(1, Math.abs(dp)));
  }
});

test("eigh agrees: eigenvalues to 1e-10·‖A‖, eigenvectors up to sign (separated spectra), residuals small", { skip }, () => {
  const rng = createRng(203);
  const n = 140;
  const Q = randomOrthogonal(rng, n);
  const spectra = [
    Float64Array.from({ length: n }, (_, i) => 1 + i + 0.1 * rng.uniform()),
    geometricSpectrum(n, 1e10),
  ];
  for (const lam of spectra) {
    const A = withSpectrum(Q, lam);
    const [en, ep] = both(() => linalg.eigh(A, { vectors: true }));
    const scale = Math.max(...Array.from(en.values, Math.abs));
    for (let i = 0; i < n; i++) assert.ok(Math.abs(en.values[i] - ep.values[i]) < 1e-10 * scale);
    const Vn = en.vectors as Matrix, Vp = ep.vectors as Matrix;
    // compare eigenvectors whose eigenvalue gap is large relative to ‖A‖ (sign-invariant: |⟨v_n, v_p⟩| ≈ 1)
    for (let j = 0; j < n; j++) {
      const gap = Math.min(j > 0 ? en.values[j] - en.values[j - 1] : Infinity, j < n - 1 ? en.values[j + 1] - en.values[j] : Infinity);
      if (gap < 1e-3 * scale) continue;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += Vn.data[i * n + j] * Vp.data[i * n + j];
      assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-10, `eigenvector ${j}: |dot| = ${Math.abs(dot)}`);
    }
    for (const r of [en, ep]) {
      const V = r.vectors as Matrix;
      const AV = linalg.matmul(A, V);
      let res = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) res = Math.max(res, Math.abs(AV.data[i * n + j] - V.data[i * n + j] * r.values[j]));
      assert.ok(res < 1e-12 * scale);
      const VtV = linalg.matmul(V, V, { transA: true });
      assert.ok(relErr(VtV.data, linalg.identity(n).data) < 1e-12);
    }
  }
});

test("lstsq agrees (OLS well/ill-conditioned, min-norm wide, ridge primal and dual)", { skip }, () => {
  const rng = createRng(204);
  const m = 150, n = 60;
  const U = randomOrthogonal(rng, m), V = randomOrthogonal(rng, n);
  for (const cond of [10, 1e5]) {
    // X = U[:, :n] diag(s) Vᵀ
    const s = geometricSpectrum(n, cond);
    const X = matrix(m, n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let t = 0;
      for (let k = 0; k < n; k++) t += U.data[i * m + k] * s[k] * V.data[j * n + k];
      X.data[i * n + j] = t;
    }
    const y = randn(rng, m, 1).data;
    const [bn, bp] = both(() => linalg.lstsq(X, y));
    assert.ok(relErr(bn, bp) < 1e-10, `OLS cond ${cond}: ${relErr(bn, bp)}`);
  }
  const W = randn(rng, 40, 100);
  const yw = randn(rng, 40, 1).data;
  const [wn, wp] = both(() => linalg.lstsq(W, yw));
  assert.ok(relErr(wn, wp) < 1e-10);
  for (const [r, c] of [[120, 50], [50, 120]]) {
    const Z = randn(rng, r, c);
    const yz = randn(rng, r, 1).data;
    const [rn, rp] = both(() => linalg.lstsq(Z, yz, { ridge: 0.3 }));
    assert.ok(relErr(rn, rp) < 1e-10);
  }
});

test("errors are the same on both paths (not positive definite, dimension mismatch)", { skip }, () => {
  for (const choice of ["native", "portable"] as const) {
    setLinalgBackend(choice);
    assert.throws(() => linalg.cholesky(matrix(3, 3, [1, 0, 0, 0, -1, 0, 0, 0, 1])), /not positive definite \(the leading 2×2 minor/);
    assert.throws(() => linalg.solveSPD(matrix(2, 2, [1, 2, 2, 1]), [1, 1]), /not positive definite/);
    assert.throws(() => linalg.matmul(matrix(2, 3), matrix(2, 3)), /dimension mismatch/);
    // large inputs: the native path scans in C, with the same messages
    const n = 100;
    const S = linalg.identity(n);
    S.data[73 * n + 41] = 0.5; // (73, 41) without its mirror (41, 73)
    assert.throws(() => linalg.cholesky(S), /not symmetric: entry \(73, 41\) = 0.5 but \(41, 73\) = 0/);
    const X = linalg.identity(n);
    X.data[88 * n + 7] = NaN;
    assert.throws(() => linalg.matmul(X, X), /non-finite entry in A at \(88, 7\), got NaN/);
    X.data[88 * n + 7] = 0;
    X.data[n * n - 1] = -Infinity;
    assert.throws(() => linalg.eigh(X), /non-finite entry in A at \(99, 99\), got -Infinity/);
  }
  setLinalgBackend("auto");
});

test("the addon rejects bad arguments with JS errors instead of crashing", { skip }, () => {
  const o = loadObla().addon!;
  const a = new Float64Array(4), f = new Float32Array(4);
  assert.throws(() => o.dgemm(false, false, 2, 2, 2, 1, a, a, 0, new Float64Array(3)), /C has length 3 but the sizes require at least 4/);
  assert.throws(() => o.dgemm(false, false, 2, 2, 2, 1, f as never, a, 0, a), /A must be a Float64Array/);
  assert.throws(() => o.sgemm(false, false, 2, 2, 2, 1, a as never, f, 0, f), /A must be a Float32Array/);
  assert.throws(() => o.dgemm(0 as never, false, 2, 2, 2, 1, a, a, 0, a), /transA must be a boolean/);
  assert.throws(() => o.dgemm(false, false, 2.5, 2, 2, 1, a, a, 0, a), /M must be an integer/);
  assert.throws(() => o.dgemm(false, false, -1, 2, 2, 1, a, a, 0, a), /M must be an integer/);
  assert.throws(() => o.dgemm(false, false, 2, 2, 2, NaN, a, a, 0, a), /alpha must be finite/);
  assert.throws(() => (o.dgemm as unknown as (...x: unknown[]) => void)(false, false, 2), /expected 10 arguments/);
  assert.throws(() => o.dposv(3, 1, a, a), /A has length 4 but the sizes require at least 9/);
  assert.throws(() => o.dsyevd(2, a, new Float64Array(1), true), /W has length 1/);
  assert.throws(() => o.dgelsd(3, 2, 1, new Float64Array(6), new Float64Array(2), new Float64Array(2), 1e-12), /B has length 2 but the sizes require at least 3/);
  assert.throws(() => o.dgemm(false, false, 2 ** 31, 1, 1, 1, a, a, 0, a), /M must be an integer/);
  assert.throws(() => o.dtrsm(true, false, 2, 2, "x" as never, a), /T must be a Float64Array/);
  assert.throws(() => o.setThreads(0), /n must be an integer >= 1/);
  const big = new Float64Array(10000);
  assert.equal(o.firstNonFinite(big), -1);
  big[9999] = Infinity;
  assert.equal(o.firstNonFinite(big), 9999);
  big[130] = NaN;
  assert.equal(o.firstNonFinite(big), 130);
  assert.throws(() => o.firstAsymmetric(101, big, 1e-8, 1e-12), /A has length 10000 but the sizes require at least 10201/);
  const f4 = new Float32Array(4), f3 = new Float32Array(3);
  assert.throws(() => o.adamUpdate(f4, f3, f4, f4, f4, f4, f4, 0.1, 0.9, 0.999, 1e-7, 0.1, 0.001), /g has length 3 but the sizes require at least 4/);
  assert.throws(() => o.adamUpdate(f4, f4, f4, f4, f4, f4, f4, 0.1, 0.9, 0.999, 1e-7, 0, 0.001), /bias corrections/);
  assert.throws(() => (o.adamUpdate as unknown as (...x: unknown[]) => void)(f4, f4), /expected 13 arguments/);
  // subarray views are honoured (offset pointers): C = A·B on views into one buffer
  const buf = new Float64Array(12);
  buf.set([1, 2, 3, 4], 0); buf.set([5, 6, 7, 8], 4);
  o.dgemm(false, false, 2, 2, 2, 1, buf.subarray(0, 4), buf.subarray(4, 8), 0, buf.subarray(8, 12));
  assert.deepEqual(Array.from(buf.subarray(8)), [19, 22, 43, 50]);
});
