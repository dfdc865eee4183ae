import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { asMatrix, matmul } from "../../src/maths/linalg/index";
import { initTf } from "../../src/tf/index";
import { forward, initMlp, mlpJacobian, mlpNtk, parameterCount, trainMlp, flatParams, type Mlp } from "../../src/papers/unique-information/mlp";

function randomInputs(seed: number, n: number, dim: number): Float64Array {
  return createRng(seed).fillNormal(new Float64Array(n * dim));
}

test("closed-form NTK equals the Gram matrix of explicit per-example Jacobians (k = 1 and k = 3) to rel 1e-12", () => {
  for (const k of [1, 3]) {
    const m = initMlp(6, 40, k, createRng(2 + k));
    const n = 9, X = randomInputs(7, n, 6);
    const J = mlpJacobian(m, X, n);
    const P = parameterCount(m);
    const ref = matmul(asMatrix(n * k, P, J), asMatrix(n * k, P, J), { transB: true }).data;
    const th = mlpNtk(m, X, n);
    for (let q = 0; q < ref.length; q++) assert.ok(Math.abs(th[q] - ref[q]) <= 1e-12 * Math.max(1, Math.abs(ref[q])), `entry ${q}: ${th[q]} vs ${ref[q]}`);
    // cross kernel Θ(X₁, X₂)
    const X2 = randomInputs(8, 4, 6);
    const J2 = mlpJacobian(m, X2, 4);
    const refX = matmul(asMatrix(4 * k, P, J2), asMatrix(n * k, P, J), { transB: true }).data;
    const thX = mlpNtk(m, X2, 4, X, n);
    for (let q = 0; q < refX.length; q++) assert.ok(Math.abs(thX[q] - refX[q]) <= 1e-12 * Math.max(1, Math.abs(refX[q])));
  }
});

test("explicit Jacobian matches central finite differences of the forward pass (rel 1e-6)", () => {
  const m = initMlp(5, 12, 2, createRng(1));
  const n = 3, X = randomInputs(3, n, 5);
  const J = mlpJacobian(m, X, n);
  const P = parameterCount(m);
  const arrays: (keyof Mlp)[] = ["W", "b", "V", "c"];
  let col = 0;
  const h = 1e-6;
  for (const name of arrays) {
    const a = m[name] as Float64Array;
    for (let q = 0; q < a.length; q++, col++) {
      const v = a[q];
      a[q] = v + h; const fp = forward(m, X, n);
      a[q] = v - h; const fm = forward(m, X, n);
      a[q] = v;
      for (let r = 0; r < n * 2; r++) {
        const fd = (fp[r] - fm[r]) / (2 * h);
        assert.ok(Math.abs(fd - J[r * P + col]) <= 1e-6 * Math.max(1, Math.abs(fd)), `param ${name}[${q}] output ${r}: ${fd} vs ${J[r * P + col]}`);
      }
    }
  }
  assert.equal(col, P);
});

test("NTK agrees with per-example Jacobians from TensorFlow.js tf.grad (float32, rel 1e-4)", async () => {
  const { tf } = await initTf();
  const m = initMlp(8, 64, 1, createRng(4));
  const n = 5, X = randomInputs(5, n, 8);
  const th = mlpNtk(m, X, n);
  const W = tf.tensor2d(Float32Array.from(m.W), [64, 8]), b = tf.tensor1d(Float32Array.from(m.b));
  const V = tf.tensor2d(Float32Array.from(m.V), [64, 1]), c = tf.tensor1d(Float32Array.from(m.c));
  const grads: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const x = tf.tensor2d(Float32Array.from(X.subarray(i * 8, (i + 1) * 8)), [1, 8]);
    const g = tf.grads((w: any, bb: any, v: any, cc: any) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w, false, true), bb)), v), cc).sum() as any);
    const parts = g([W, b, V, c]);
    grads.push(Float32Array.from(parts.flatMap((t) => Array.from(t.dataSync()))));
    parts.forEach((t) => t.dispose());
    x.dispose();
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let q = 0; q < grads[i].length; q++) s += grads[i][q] * grads[j][q];
    assert.ok(Math.abs(s - th[i * n + j]) <= 1e-4 * Math.abs(th[i * n + j]), `(${i},${j}): tf ${s} vs closed form ${th[i * n + j]}`);
  }
  [W, b, V, c].forEach((t) => t.dispose());
});

test("real GD on the mean loss: one step equals w − lr·(Jᵀr/n + l2(w − w₀)) (rel 1e-10)", () => {
  const m = initMlp(4, 10, 2, createRng(6));
  const n = 6, X = randomInputs(9, n, 4);
  const Y = createRng(10).fillNormal(new Float64Array(n * 2));
  const l2 = 0.3, lr = 0.05;
  const m1 = trainMlp(m, X, Y, n, { lr, steps: 1, l2 });
  const J = mlpJacobian(m, X, n), P = parameterCount(m);
  const F = forward(m, X, n);
  const w0 = flatParams(m), w1 = flatParams(m1);
  for (let p = 0; p < P; p++) {
    let g = 0;
    for (let r = 0; r < n * 2; r++) g += J[r * P + p] * (F[r] - Y[r]) / n;
    const expect = w0[p] - lr * g; // the regulariser is centred at w₀, so it is 0 on the first step
    assert.ok(Math.abs(w1[p] - expect) <= 1e-10 * Math.max(1, Math.abs(expect)));
  }
  // a wide net trained with a small step stays close to its linearization (sanity, loose)
  assert.throws(() => trainMlp(m, X, Y, n, { lr: 1e6, steps: 50 }), /diverged/);
});

test("bad inputs raise RangeErrors that say what to change", () => {
  assert.throws(() => initMlp(0, 3, 1, createRng(1)), /dim must be a positive integer/);
  const m = initMlp(3, 4, 1, createRng(1));
  assert.throws(() => mlpNtk(m, new Float64Array(5), 2), /X has 5 entries/);
});
