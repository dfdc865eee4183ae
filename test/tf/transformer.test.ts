import { test } from "node:test";
import assert from "node:assert/strict";
import { initTf } from "../../src/tf/index";
import { createRng } from "../../src/maths/random";
import { causalMask, transformerHidden, transformerLogits, transformerParams, transformerStepFlops } from "../../src/tf/transformer";

const shape = { vocab: 7, maxLen: 6, dModel: 8, heads: 2, ff: 12, layers: 2 };

test("transformer: causal (a later token never changes earlier positions), shapes, and prefixes shorter than maxLen", async () => {
  const { tf } = await initTf();
  const P = transformerParams(tf, shape, { embedding: 0.5, residualOut: 1 }, createRng(3));
  const run = (tok: number[], t: number): Float32Array => tf.tidy(() => {
    const oh = tf.oneHot(tf.tensor1d(tok, "int32"), shape.vocab) as import("@tensorflow/tfjs").Tensor2D;
    const mask = causalMask(tf, t);
    return transformerLogits(tf, P, transformerHidden(tf, P, oh, 1, t, mask)).dataSync() as Float32Array;
  });
  const a = run([1, 2, 3, 4, 5, 6], 6), b = run([1, 2, 3, 0, 0, 0], 6), c = run([1, 2, 3], 3);
  assert.equal(a.length, 6 * shape.vocab);
  for (let i = 0; i < 3 * shape.vocab; i++) {
    assert.ok(Math.abs(a[i] - b[i]) < 1e-5, `position ${Math.floor(i / shape.vocab)} depends on a later token`);
    assert.ok(Math.abs(a[i] - c[i]) < 1e-5, "a 3-token prefix differs from the first 3 positions of the full sequence");
  }
  // the last positions do depend on their own tokens
  assert.ok(Array.from(a.subarray(3 * shape.vocab)).some((v, i) => Math.abs(v - b[3 * shape.vocab + i]) > 1e-3));
  assert.equal(P.vars.length, 2 + 12 * shape.layers + 4);
  assert.throws(() => transformerParams(tf, { ...shape, heads: 3 }, { embedding: 0.5, residualOut: 1 }, createRng(1)), /dModel divisible by heads/);
  assert.throws(() => tf.tidy(() => transformerHidden(tf, P, tf.oneHot(tf.tensor1d([1, 2, 3, 4, 5, 6, 1], "int32"), 7) as never, 1, 7, causalMask(tf, 7))), /sequence length must lie in \[1, 6\]/);
  for (const v of P.vars) v.dispose();
});

test("transformerStepFlops: 3 × (2·matmul parameters·tokens + attention) by hand for the benchmark's model", () => {
  const s = { vocab: 64, maxLen: 64, dModel: 128, heads: 4, ff: 512, layers: 2 };
  const B = 32, T = 64;
  const params = 2 * (3 * 128 * 128 + 128 * 128 + 2 * 128 * 512) + 2 * 128 * 64; // 409 600
  const att = 2 * 2 * 2 * B * 4 * T * T * 32;
  assert.equal(params, 409600);
  assert.equal(transformerStepFlops(s, B, T), 3 * (2 * params * B * T + att));
});
