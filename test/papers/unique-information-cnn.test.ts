import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { cnnForward, cnnJacobian, cnnParameterCount, initCnn, trainCnn } from "../../src/papers/unique-information/cnn";

test("CNN per-example Jacobian matches central finite differences of the forward pass (rel 1e-6)", () => {
  const c = initCnn({ side: 8, c1: 3, c2: 4 }, createRng(2));
  const n = 3, X = createRng(3).fillNormal(new Float64Array(n * 64));
  const J = cnnJacobian(c, X, n), P = cnnParameterCount(c);
  assert.equal(J.length, n * P);
  const h = 1e-6;
  for (let q = 0; q < P; q++) {
    const v = c.theta[q];
    c.theta[q] = v + h; const fp = cnnForward(c, X, n);
    c.theta[q] = v - h; const fm = cnnForward(c, X, n);
    c.theta[q] = v;
    for (let i = 0; i < n; i++) {
      const fd = (fp[i] - fm[i]) / (2 * h);
      assert.ok(Math.abs(fd - J[i * P + q]) <= 1e-6 * Math.max(1, Math.abs(fd)), `param ${q}, example ${i}: ${fd} vs ${J[i * P + q]}`);
    }
  }
});

test("CNN training: one GD step equals w − lr·Σ_i J_iᵀ r_i / n (rel 1e-12), and a diverging step raises", () => {
  const c = initCnn({ side: 8, c1: 2, c2: 3 }, createRng(5));
  const n = 4, X = createRng(6).fillNormal(new Float64Array(n * 64)), Y = Float64Array.from([0, 1, 1, 0]);
  const lr = 0.1;
  const c1 = trainCnn(c, X, Y, n, { lr, steps: 1 });
  const J = cnnJacobian(c, X, n), f = cnnForward(c, X, n), P = cnnParameterCount(c);
  for (let q = 0; q < P; q++) {
    let g = 0;
    for (let i = 0; i < n; i++) g += J[i * P + q] * (f[i] - Y[i]) / n;
    const e = c.theta[q] - lr * g;
    assert.ok(Math.abs(c1.theta[q] - e) <= 1e-12 * Math.max(1, Math.abs(e)));
  }
  assert.throws(() => trainCnn(c, X, Y, n, { lr: 1e8, steps: 40 }), /diverged/);
  assert.throws(() => cnnForward(c, new Float64Array(10), 1), /X has 10 entries/);
});
