import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { buildMnistKrr, loadDigits, rbfKernel } from "../../src/papers/demystified/index";

test("loadDigits: 10 000 real digits, 784 pixels in [0, 1], labels 0–9", () => {
  const d = loadDigits();
  assert.equal(d.count, 10000);
  assert.equal(d.X.length, 10000 * 784);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < d.X.length; i += 97) { lo = Math.min(lo, d.X[i]); hi = Math.max(hi, d.X[i]); }
  assert.ok(lo >= 0 && hi <= 1 && hi > 0.5);
  const counts = new Array(10).fill(0);
  for (const l of d.labels) counts[l]++;
  assert.ok(counts.every((c) => c > 800), `class counts ${counts}`);
});

test("rbfKernel: unit diagonal, symmetric, entries in (0, 1], matches the direct formula", () => {
  const rng = createRng(17);
  const n = 6;
  const A = new Float64Array(n * 784).map(() => rng.uniform());
  const gamma = 0.01;
  const K = rbfKernel(A, n, A, n, gamma);
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(K[i * n + i] - 1) < 1e-9);
    for (let j = 0; j < n; j++) {
      assert.ok(Math.abs(K[i * n + j] - K[j * n + i]) < 1e-12 && K[i * n + j] > 0 && K[i * n + j] <= 1 + 1e-12);
      let s = 0;
      for (let p = 0; p < 784; p++) s += (A[i * 784 + p] - A[j * 784 + p]) ** 2;
      assert.ok(Math.abs(K[i * n + j] - Math.exp(-gamma * s)) < 1e-9);
    }
  }
});

test("MNIST KRR stand-in (tiny): labelled stand-in series, clean KRR beats the zero predictor, synthetic labels hurt", () => {
  const spec = buildMnistKrr({ T0: 200, Ts: [100, 300], generations: [0, 3], sigma0: 0.1, sigma: 0.1, lambda: 1e-4, testSize: 300, seeds: 2 }, createRng(3));
  assert.equal(spec.figure, "mnist-krr");
  assert.ok(spec.series.every((s) => s.kind === "stand-in" && s.yErr && s.y.every(Number.isFinite)));
  assert.ok(spec.notes!.some((n) => n.startsWith("Stand-in")));
  const n0 = spec.series.find((s) => s.name === "n=0")!, n3 = spec.series.find((s) => s.name === "n=3")!;
  assert.ok(n0.y[1] < 1, `one-hot MSE of the zero predictor is 1; got ${n0.y[1]}`);
  assert.ok(n3.y[1] > n0.y[1], `three generations of synthetic labels should hurt: ${n3.y[1]} vs ${n0.y[1]}`);
  assert.throws(() => buildMnistKrr({ T0: 200, Ts: [100], generations: [0], sigma0: 0, sigma: 0, lambda: 1e-4, testSize: 9950, seeds: 1 }, createRng(1)), /exceeds the 10000 digits/);
});
