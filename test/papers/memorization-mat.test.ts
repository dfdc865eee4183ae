import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import {
  calibratedShift, oracleAttributeShift, groupAccuracy, argmaxRows, groupsOf, spuriousLinearData, minorityMask, FIG1,
  goodBadUglyData, trueFunction, FIG3, textToy, linearHeadSelfInfluence, leaveOneOutSelfInfluence, classOneProbability, SHIFT_EPS,
} from "../../src/papers/memorization-mat/index";

const close = (a: number, b: number, tol: number, msg = "") => assert.ok(Math.abs(a - b) <= tol, `${msg} ${a} vs ${b} (tol ${tol})`);

test("calibratedShift: hand-computed 2×2 example (τ = 1)", () => {
  // o = [[0, ln 3], [0, 0], [ln 3, 0]], y = [1, 0, 0]
  const L3 = Math.log(3);
  const r = calibratedShift([0, L3, 0, 0, L3, 0], [1, 0, 0], 2, 1);
  // p(ŷ|x): [1/4, 3/4], [1/2, 1/2], [3/4, 1/4]
  // joint (rows ŷ, cols y) ×3: ŷ=0: y0 = 1/2+3/4 = 5/4, y1 = 1/4 ; ŷ=1: y0 = 1/2+1/4 = 3/4, y1 = 3/4
  const c = r.pYGivenYhat;
  close(c[0], (5 / 4) / (6 / 4), 1e-12); close(c[1], (1 / 4) / (6 / 4), 1e-12);
  close(c[2], 0.5, 1e-12); close(c[3], 0.5, 1e-12);
  // p_ho(y=0|x_0) = 1/4·5/6 + 3/4·1/2 = 5/24 + 9/24 = 14/24
  close(r.pHeldOut[0], 14 / 24, 1e-12);
  close(r.pHeldOut[1], 10 / 24, 1e-12);
  close(r.shift[0], Math.log(14 / 24 + SHIFT_EPS), 1e-12);
});

test("calibratedShift: probabilities are normalised and τ → 0 with attribute-revealing logits gives the oracle shift (random data)", () => {
  const rng = createRng(101);
  for (let trial = 0; trial < 5; trial++) {
    const n = 50 + rng.int(200);
    const y = new Int32Array(n), a = new Int32Array(n);
    const logits = new Float64Array(2 * n);
    const noisy = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      y[i] = rng.int(2);
      a[i] = rng.uniform() < 0.8 ? y[i] : 1 - y[i];
      logits[2 * i + a[i]] = 5; // held-out predictor that reports the attribute
      noisy[2 * i] = rng.normal(); noisy[2 * i + 1] = rng.normal();
    }
    const r = calibratedShift(logits, y, 2, 1e-3);
    const o = oracleAttributeShift(y, a, 2, 2);
    for (let k = 0; k < 2 * n; k++) close(r.shift[k], o[k], 1e-9, `shift ${k}`);
    const q = calibratedShift(noisy, y, 2, 0.5);
    for (let i = 0; i < n; i++) close(q.pHeldOut[2 * i] + q.pHeldOut[2 * i + 1], 1, 1e-12);
    for (let yh = 0; yh < 2; yh++) close(q.pYGivenYhat[2 * yh] + q.pYGivenYhat[2 * yh + 1], 1, 1e-12);
  }
  assert.throws(() => calibratedShift([0, 1], [0], 2, 0), RangeError);
  assert.throws(() => calibratedShift([0, 1, 2], [0], 2, 1), RangeError);
  assert.throws(() => calibratedShift([0, 1], [2], 2, 1), RangeError);
});

test("groupAccuracy: average, per-group and worst-group accuracy; argmaxRows", () => {
  const r = groupAccuracy([0, 1, 1, 0, 1], [0, 1, 0, 0, 1], [0, 3, 1, 0, 2], 4);
  close(r.average, 4 / 5, 1e-12);
  assert.deepEqual(r.counts, [2, 1, 1, 1]);
  assert.deepEqual(r.perGroup, [1, 0, 1, 1]);
  assert.equal(r.worstGroup, 0);
  assert.deepEqual(Array.from(argmaxRows([0.1, 0.9, 2, -1, 0, 0], 2)), [1, 0, 0]);
  assert.deepEqual(Array.from(groupsOf([0, 1, 1], [1, 0, 1])), [1, 2, 3]);
  assert.throws(() => groupAccuracy([0], [0, 1], [0, 0], 4), RangeError);
  assert.throws(() => groupAccuracy([0], [0], [4], 4), RangeError);
});

test("spuriousLinearData: exact minority count, feature scales and noise level (Fig. 1 generator)", () => {
  const rng = createRng(7);
  const d = spuriousLinearData({ n: 1000, dim: 300, majority: 0.9, sigmaEps: 0.5 }, rng);
  const minority = minorityMask(d).reduce((s, v) => s + v, 0);
  // exactly ⌊(1 − maj)·n⌋ sign flips as in the official code: (1 − 0.9)·1000 = 99.999… → 99
  assert.equal(minority, 99);
  let core = 0, spu = 0, noise2 = 0, ny = 0;
  for (let i = 0; i < d.n; i++) {
    const s = 2 * d.y[i] - 1;
    core += -d.x[i * d.dim] * s;
    spu += Math.abs(d.x[i * d.dim + 1]);
    for (let j = 2; j < d.dim; j++) noise2 += d.x[i * d.dim + j] ** 2;
    ny += d.y[i];
    assert.equal(d.g[i], 2 * d.y[i] + d.a[i]);
  }
  close(core / d.n, 1, 0.02, "mean of −x_core·s");
  close(spu / d.n, FIG1.spuriousScale, 0.1, "mean |x_spu|");
  close(Math.sqrt(noise2 / (d.n * (d.dim - 2))), 0.5, 0.01, "noise sd");
  close(ny / d.n, 0.5, 0.05, "label balance");
  assert.throws(() => spuriousLinearData({ n: 0, dim: 10, majority: 0.9, sigmaEps: 0 }, rng), RangeError);
});

test("spuriousLinearData: spuriousDrop hides x_spu on that fraction, keeps groups and leaves the paper's data unchanged at 0", () => {
  const base = spuriousLinearData({ n: 2000, dim: 12, majority: 0.9, sigmaEps: 0.5 }, createRng(21));
  const zero = spuriousLinearData({ n: 2000, dim: 12, majority: 0.9, sigmaEps: 0.5, spuriousDrop: 0 }, createRng(21));
  assert.deepEqual(zero.x, base.x);
  const d = spuriousLinearData({ n: 2000, dim: 12, majority: 0.9, sigmaEps: 0.5, spuriousDrop: 0.1 }, createRng(21));
  assert.deepEqual(d.g, base.g);
  let hidden = 0;
  for (let i = 0; i < d.n; i++) {
    if (d.x[i * d.dim + 1] === 0) hidden++;
    else assert.equal(d.x[i * d.dim + 1], base.x[i * d.dim + 1]);
    assert.equal(d.x[i * d.dim], base.x[i * d.dim]);
  }
  // Binomial(2000, 0.1): mean 200, sd 13.4
  assert.ok(Math.abs(hidden - 200) < 5 * 13.4, `hidden ${hidden}`);
  assert.throws(() => spuriousLinearData({ n: 10, dim: 4, majority: 0.9, sigmaEps: 0, spuriousDrop: 1.5 }, createRng(1)), /spuriousDrop must lie in \[0, 1\]/);
});

test("textToy: group frequencies, token counts, negation token and rare tokens", () => {
  const V = 25, L = 8, R = 5000, K = 3;
  const d = textToy({ train: 4000, val: 10, test: 4000, tokenDrop: 0.1 }, createRng(5));
  assert.equal(d.featureDim, 2 * V + 1 + R);
  const tr = d.train;
  let agree = 0, own = 0, negShown = 0, negA1 = 0, negA0 = 0, rareSum = 0;
  const rareSeen = new Uint32Array(R);
  for (let i = 0; i < tr.n; i++) {
    const row = tr.x.subarray(i * tr.dim, (i + 1) * tr.dim);
    if (tr.a[i] === tr.y[i]) agree++;
    assert.equal(tr.g[i], 2 * tr.y[i] + tr.a[i]);
    let c0 = 0, c1 = 0;
    for (let v = 0; v < V; v++) { c0 += row[v]; c1 += row[V + v]; }
    close((c0 + c1) * Math.sqrt(L), L, 1e-4, "core tokens per document");
    own += (tr.y[i] === 1 ? c1 : c0) * Math.sqrt(L);
    if (tr.a[i] === 1) { negA1++; if (row[2 * V] === 1) negShown++; } else { negA0++; assert.equal(row[2 * V], 0); }
    for (let r = 0; r < R; r++) if (row[2 * V + 1 + r] !== 0) { rareSum++; rareSeen[r]++; }
  }
  // P(a = y) = 0.9 in training (SE 0.005), 0.5 at test
  close(agree / tr.n, 0.9, 0.025, "train correlation");
  let agreeTest = 0;
  for (let i = 0; i < d.test.n; i++) if (d.test.a[i] === d.test.y[i]) agreeTest++;
  close(agreeTest / d.test.n, 0.5, 0.04, "test correlation");
  close(own / (tr.n * L), 0.7, 0.02, "core signal");
  close(negShown / negA1, 0.9, 0.04, "negation shown on a = 1");
  assert.ok(negA0 > 0);
  // 3 draws per document (a repeat within a document collapses): at most K, nearly always K
  assert.ok(rareSum <= K * tr.n && rareSum > 0.99 * K * tr.n, `rare tokens ${rareSum}`);
  assert.throws(() => textToy({ train: 10, val: 10, test: 10, coreSignal: 2 }, createRng(1)), /coreSignal must be in \[0, 1\]/);
  assert.throws(() => textToy({ train: 0, val: 10, test: 10 }, createRng(1)), /train must be a positive integer/);
});

test("goodBadUglyData: sweep, training indices, true function and shared targets across σ_ε", () => {
  const a = goodBadUglyData(1e-3, createRng(123));
  const b = goodBadUglyData(0, createRng(123));
  assert.equal(a.sweep.length, FIG3.sweepPoints);
  close(a.sweep[0], -1.5, 1e-15); close(a.sweep[999], 1.5, 1e-15);
  close(trueFunction(0), 0, 1e-15);
  close(trueFunction(1), Math.tanh(1) - 0.5 * Math.tanh(5), 1e-15);
  assert.equal(a.nTrain, 20);
  for (let j = 0; j < 20; j++) {
    const idx = Math.trunc((999 * j) / 19);
    close(a.xStarTrain[j], a.sweep[idx], 1e-15);
    assert.equal(a.yTrain[j], b.yTrain[j]); // same label noise whatever σ_ε
    for (let k = 1; k <= FIG3.epsDim; k++) assert.equal(b.xTrain[j * a.inputDim + k], 0);
  }
  let r2 = 0;
  for (let j = 0; j < 20; j++) r2 += (a.yTrain[j] - trueFunction(a.xStarTrain[j])) ** 2;
  assert.ok(Math.sqrt(r2 / 20) < 0.2 && Math.sqrt(r2 / 20) > 0.02, `label noise sd ${Math.sqrt(r2 / 20)}`);
});

/** Naive dense solve (Gaussian elimination with partial pivoting) for reference values. */
function solveDense(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

test("linearHeadSelfInfluence: primal (d×d) and dual (n×n) solves agree with a naive dense reference (random data)", () => {
  const rng = createRng(2024);
  for (const [n, d] of [[12, 5], [8, 15], [20, 20]]) {
    const phi = rng.fillNormal(new Float64Array(n * d));
    const y = Array.from({ length: n }, () => rng.int(2));
    const p = Array.from({ length: n }, () => 0.05 + 0.9 * rng.uniform());
    const a = linearHeadSelfInfluence(phi, n, d, y, p, { method: "primal" });
    const b = linearHeadSelfInfluence(phi, n, d, y, p, { method: "dual" });
    // reference: H = (1/n)Σ p(1−p) φ̃φ̃ᵀ + δI with φ̃ = (φ, 1)
    const D = d + 1;
    const H = Array.from({ length: D }, () => new Array(D).fill(0));
    const rows = Array.from({ length: n }, (_, i) => [...Array.from(phi.subarray(i * d, (i + 1) * d)), 1]);
    for (let i = 0; i < n; i++) for (let j = 0; j < D; j++) for (let k = 0; k < D; k++) H[j][k] += (p[i] * (1 - p[i]) * rows[i][j] * rows[i][k]) / n;
    for (let j = 0; j < D; j++) H[j][j] += a.damping;
    close(a.damping, b.damping, 1e-15);
    for (let i = 0; i < n; i++) {
      const z = solveDense(H, rows[i]);
      const q = rows[i].reduce((s, v, k) => s + v * z[k], 0);
      const ref = (p[i] - y[i]) ** 2 * q;
      close(a.values[i], ref, 1e-8 * Math.max(1, Math.abs(ref)), `primal ${n}×${d} i=${i}`);
      close(b.values[i], ref, 1e-6 * Math.max(1, Math.abs(ref)), `dual ${n}×${d} i=${i}`);
    }
  }
});

test("leaveOneOutSelfInfluence: the Sherman–Morrison step equals an explicit downdated solve", () => {
  const rng = createRng(77);
  const n = 15, d = 6, D = d + 1;
  const phi = rng.fillNormal(new Float64Array(n * d));
  const y = Array.from({ length: n }, () => rng.int(2));
  const u = Array.from({ length: n }, () => rng.normal());
  const p = Array.from(classOneProbability(u.flatMap((v) => [0, v])));
  const si = linearHeadSelfInfluence(phi, n, d, y, p, { dampingRel: 1e-2 });
  const loo = leaveOneOutSelfInfluence(si, y, p, u);
  const rows = Array.from({ length: n }, (_, i) => [...Array.from(phi.subarray(i * d, (i + 1) * d)), 1]);
  for (let i = 0; i < n; i++) {
    const A = Array.from({ length: D }, (_, j) => Array.from({ length: D }, (_, k) => (j === k ? si.damping : 0)));
    for (let m = 0; m < n; m++) if (m !== i) for (let j = 0; j < D; j++) for (let k = 0; k < D; k++) A[j][k] += (p[m] * (1 - p[m]) * rows[m][j] * rows[m][k]) / n;
    const step = solveDense(A, rows[i].map((v) => ((p[i] - y[i]) * v) / n));
    const du = rows[i].reduce((s, v, k) => s + v * step[k], 0);
    const sig = (t: number) => 1 / (1 + Math.exp(-t));
    const own = (t: number) => (y[i] === 1 ? sig(t) : 1 - sig(t));
    close(loo[i], own(u[i]) - own(u[i] + du), 1e-9, `i=${i}`);
  }
});
