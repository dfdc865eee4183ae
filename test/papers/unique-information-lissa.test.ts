import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { asMatrix, matmul, solveSPD } from "../../src/maths/linalg/index";
import { finiteDifferenceHvp, lissa, mlpFlatBatchHvp, mlpLissaInfluence, mlpLossGradients, randomBatch, type BatchHvp } from "../../src/papers/unique-information/lissa";
import { flatParams, initMlp, mlpJacobian, parameterCount, trainMlp, type Mlp } from "../../src/papers/unique-information/mlp";
import { cnnBatchLossGradient, cnnParameterCount, initCnn } from "../../src/papers/unique-information/cnn";

const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i] - b[i]) ** 2; den += b[i] ** 2; }
  return Math.sqrt(num / den);
};

/** A random problem: per-example PSD Hessians H_i = g_i g_iᵀ + 0.1·I (d = 6, n = 10), H = mean_i H_i. */
function toyProblem(seed: number) {
  const rng = createRng(seed), d = 6, n = 10;
  const g = rng.fillNormal(new Float64Array(n * d));
  const hvp: BatchHvp = (batch, V, out) => {
    const K = V.length / d;
    out.fill(0);
    for (let k = 0; k < K; k++) for (const i of batch) {
      let u = 0;
      for (let a = 0; a < d; a++) u += g[i * d + a] * V[k * d + a];
      for (let a = 0; a < d; a++) out[k * d + a] += (u * g[i * d + a] + 0.1 * V[k * d + a]) / batch.length;
    }
  };
  const H = new Float64Array(d * d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) H[a * d + b] += (g[i * d + a] * g[i * d + b] + (a === b ? 0.1 : 0)) / n;
  return { d, n, hvp, H, v: rng.fillNormal(new Float64Array(2 * d)) };
}

test("LiSSA with the full batch converges to the damped inverse-HVP (H + scale·damping·I)⁻¹v (rel 1e-8)", () => {
  const { d, n, hvp, H, v } = toyProblem(1);
  const o = { depth: 3000, scale: 20, damping: 0.01, batch: n, repeats: 1 };
  const est = lissa(hvp, v, n, o, createRng(2));
  const Hd = H.slice();
  for (let a = 0; a < d; a++) Hd[a * d + a] += o.scale * o.damping;
  for (let k = 0; k < 2; k++) {
    const exact = solveSPD(asMatrix(d, d, Hd), v.subarray(k * d, (k + 1) * d));
    const e = relErr(est.subarray(k * d, (k + 1) * d), exact);
    assert.ok(e < 1e-8, `vector ${k}: relative error ${e}`);
  }
});

test("LiSSA without damping converges to the exact inverse-HVP H⁻¹v (rel 1e-8)", () => {
  const { d, n, hvp, H, v } = toyProblem(3);
  const est = lissa(hvp, v, n, { depth: 20000, scale: 20, damping: 0, batch: n, repeats: 1 }, createRng(4));
  const exact = solveSPD(asMatrix(d, d, H), v.subarray(0, d));
  const e = relErr(est.subarray(0, d), exact);
  assert.ok(e < 1e-8, `relative error ${e}`);
});

test("LiSSA with minibatches is unbiased: the mean of 400 repeats (batch 3 of 10) is within 3% of the deterministic damped inverse", () => {
  const { d, n, hvp, H, v } = toyProblem(5);
  const o = { depth: 400, scale: 20, damping: 0.02, batch: 3, repeats: 400 };
  const est = lissa(hvp, v.subarray(0, d).slice(), n, o, createRng(6));
  const Hd = H.slice();
  for (let a = 0; a < d; a++) Hd[a * d + a] += o.scale * o.damping;
  const exact = solveSPD(asMatrix(d, d, Hd), v.subarray(0, d));
  const e = relErr(est, exact);
  assert.ok(e < 0.03, `relative error ${e}`);
  // a single minibatch run is noisier than the average (the noise the average removes)
  const one = lissa(hvp, v.subarray(0, d).slice(), n, { ...o, repeats: 1 }, createRng(7));
  assert.ok(relErr(one, exact) > e, `single run ${relErr(one, exact)} vs mean ${e}`);
});

test("LiSSA raises when the scale is too small for the Hessian (divergence)", () => {
  const { n, hvp, v } = toyProblem(8);
  assert.throws(() => lissa(hvp, v, n, { depth: 5000, scale: 0.01, damping: 0, batch: n, repeats: 1 }, createRng(9)), /diverged/);
});

test("randomBatch draws b distinct indices", () => {
  const rng = createRng(10);
  for (let t = 0; t < 50; t++) {
    const b = randomBatch(12, 5, rng);
    assert.equal(new Set(b).size, 5);
    assert.ok(Array.from(b).every((i) => i >= 0 && i < 12));
  }
});

function smallMlp(seed: number) {
  const rng = createRng(seed), dim = 6, h = 5, n = 8;
  const X = rng.fillNormal(new Float64Array(n * dim)), Y = Float64Array.from({ length: n }, (_, i) => i % 2);
  const m0 = initMlp(dim, h, 1, rng);
  const m = trainMlp(m0, X, Y, n, { lr: 0.05, steps: 30 });
  return { rng, dim, h, n, X, Y, m };
}

function fromFlat(m: Mlp, th: Float64Array): Mlp {
  const { dim, hidden: h } = m;
  return { ...m, W: th.slice(0, h * dim), b: th.slice(h * dim, h * dim + h), V: th.slice(h * dim + h, h * dim + 2 * h), c: th.slice(h * dim + 2 * h) };
}

test("MLP minibatch HVP (exact, flat layout) matches central differences of the batch-loss gradient (rel 1e-6)", () => {
  const { rng, n, X, Y, m } = smallMlp(11);
  const P = parameterCount(m), batch = Int32Array.from([1, 4, 6]), l2 = 0.3;
  const grad = (th: Float64Array) => {
    const mm = fromFlat(m, th), G = mlpLossGradients(mm, X, Y, n, Array.from(batch)), g = new Float64Array(P);
    for (let k = 0; k < batch.length; k++) for (let q = 0; q < P; q++) g[q] += G[k * P + q] / batch.length;
    const w0 = flatParams(m);
    for (let q = 0; q < P; q++) g[q] += l2 * (th[q] - w0[q]);
    return g;
  };
  const v = rng.fillNormal(new Float64Array(P)), hv = new Float64Array(P);
  mlpFlatBatchHvp(m, X, Y, n, l2)(batch, v, hv);
  const w = flatParams(m), eps = 1e-6;
  const gp = grad(Float64Array.from(w, (x, q) => x + eps * v[q])), gm = grad(Float64Array.from(w, (x, q) => x - eps * v[q]));
  const fd = Float64Array.from(gp, (x, q) => (x - gm[q]) / (2 * eps));
  const e = relErr(hv, fd);
  assert.ok(e < 1e-6, `relative error ${e}`);
});

test("MLP LiSSA in the reduced U·X coordinates equals the flat parameter-space recursion with the same minibatches (rel 1e-9)", () => {
  const { rng, n, X, Y, m } = smallMlp(12);
  const nv = 5, Xv = rng.fillNormal(new Float64Array(nv * m.dim)), idx = [0, 3, 5], P = parameterCount(m);
  for (const l2 of [0, 0.2]) {
    const o = { depth: 200, scale: 50, damping: l2 > 0 ? 0 : 0.01, batch: 3, repeats: 2 };
    const red = mlpLissaInfluence(m, X, Y, n, Xv, nv, l2, idx, o, createRng(13));
    const est = lissa(mlpFlatBatchHvp(m, X, Y, n, l2), mlpLossGradients(m, X, Y, n, idx), n, o, createRng(13));
    const Jv = mlpJacobian(m, Xv, nv);
    const D = matmul(asMatrix(idx.length, P, est), asMatrix(nv, P, Jv), { transB: true }).data;
    const w = idx.map((_, k) => { let s = 0; for (let q = 0; q < P; q++) s += (est[k * P + q] / n) ** 2; return s; });
    const p = idx.map((_, k) => { let s = 0; for (let a = 0; a < nv; a++) s += (D[k * nv + a] / n) ** 2; return s; });
    assert.ok(relErr(red.weights, w) < 1e-9, `l2 ${l2} weights: ${red.weights} vs ${w}`);
    assert.ok(relErr(red.predictions, p) < 1e-9, `l2 ${l2} predictions: ${red.predictions} vs ${p}`);
    assert.ok(w.every((x) => x > 0));
  }
});

test("CNN finite-difference HVP is symmetric, uᵀHv = vᵀHu (rel 1e-4), and linear in v (rel 1e-4)", () => {
  const rng = createRng(14), side = 8, n = 6;
  const c = initCnn({ side, c1: 3, c2: 4 }, rng), P = cnnParameterCount(c);
  const X = rng.fillNormal(new Float64Array(n * side * side)), Y = Float64Array.from({ length: n }, (_, i) => i % 2);
  const hvp = finiteDifferenceHvp(c.theta, cnnBatchLossGradient(c, X, Y, n), 0.1), batch = Int32Array.from([0, 2, 3, 5]);
  const u = rng.fillNormal(new Float64Array(P)), v = rng.fillNormal(new Float64Array(P));
  const hu = new Float64Array(P), hv = new Float64Array(P), h2 = new Float64Array(P);
  hvp(batch, u, hu); hvp(batch, v, hv); hvp(batch, Float64Array.from(v, (x) => 3 * x), h2);
  let a = 0, b = 0;
  for (let q = 0; q < P; q++) { a += u[q] * hv[q]; b += v[q] * hu[q]; }
  assert.ok(Math.abs(a - b) < 1e-4 * Math.max(Math.abs(a), Math.abs(b)), `uᵀHv ${a} vs vᵀHu ${b}`);
  assert.ok(relErr(h2, Float64Array.from(hv, (x) => 3 * x)) < 1e-4);
});
