import { test } from "node:test";
import assert from "node:assert/strict";
import { mnistByClass, mnistStack, MNIST_PIXELS } from "../../src/data/mnist-digits";

test("MNIST digits of the package: 10 000 images in class order, grey levels in [0, 1], loaded once", () => {
  const cls = mnistByClass();
  assert.equal(cls.length, 10);
  const counts = cls.map((c) => c.length / MNIST_PIXELS);
  for (const n of counts) assert.ok(Number.isInteger(n) && n > 800 && n < 1200, `class size ${n}`);
  const s = mnistStack();
  assert.equal(s.count, counts.reduce((a, b) => a + b, 0));
  assert.equal(s.count, 10000);
  let lo = Infinity, hi = -Infinity;
  for (const v of s.X) { if (v < lo) lo = v; if (v > hi) hi = v; }
  assert.ok(lo >= 0 && hi <= 1 && hi > 0.9, `range [${lo}, ${hi}]`);
  // class order: the first image of class 3 sits after all 0s, 1s and 2s
  const start3 = counts[0] + counts[1] + counts[2];
  assert.equal(s.labels[start3 - 1], 2);
  assert.equal(s.labels[start3], 3);
  assert.deepEqual(Array.from(s.X.subarray(start3 * MNIST_PIXELS, (start3 + 1) * MNIST_PIXELS)), Array.from(cls[3].subarray(0, MNIST_PIXELS)));
  assert.equal(mnistStack(), s);
  assert.equal(mnistByClass(), cls);
});
