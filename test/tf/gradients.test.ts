/**
 * The Sum and Mean gradients (src/tf/gradients.ts, ones made with `fill`) against their closed forms:
 * d/dx Σ w·sum(x, axes) = w broadcast over the reduced axes, and for mean the same divided by the reduced size,
 * for every axis set of a rank-3 tensor, with and without keepDims, on wasm and cpu.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type * as TF from "@tensorflow/tfjs";
import { initTf } from "../../src/tf";
import { createRng } from "../../src/maths/random";

let tf: typeof TF;
before(async () => {
  tf = (await initTf()).tf;
});
after(async () => {
  await tf.setBackend("wasm");
});

const shape = [3, 4, 5];
const axesSets: (number | number[])[] = [0, 1, 2, -1, [0, 1], [1, 2], [0, 2], [0, 1, 2]];

test("Sum and Mean gradients equal w broadcast over the reduced axes (÷ size for mean), on wasm and cpu", async () => {
  const rng = createRng(51);
  const x = rng.fillNormal(new Float32Array(60));
  for (const backend of ["wasm", "cpu"]) {
    await tf.setBackend(backend);
    for (const axis of axesSets) {
      for (const keepDims of [false, true]) {
        for (const op of ["sum", "mean"] as const) {
          const ax = (Array.isArray(axis) ? axis : [axis]).map((a) => (a + 3) % 3);
          const outShape = shape.map((d, i) => (ax.includes(i) ? 1 : d));
          const n = ax.reduce((p, a) => p * shape[a], 1);
          const w = rng.fillNormal(new Float32Array(outShape.reduce((p, d) => p * d, 1)));
          const g = tf.tidy(() => {
            const wt = tf.tensor(w, keepDims ? outShape : outShape.filter((_, i) => !ax.includes(i)));
            const f = (t: TF.Tensor): TF.Tensor => tf.sum(tf.mul(op === "sum" ? tf.sum(t, axis, keepDims) : tf.mean(t, axis, keepDims), wt));
            return tf.grad(f)(tf.tensor(x, shape));
          });
          const got = g.dataSync() as Float32Array;
          g.dispose();
          for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 5; k++) {
            const idx = [i, j, k].map((v, a) => (ax.includes(a) ? 0 : v));
            const wi = w[(idx[0] * outShape[1] + idx[1]) * outShape[2] + idx[2]];
            const want = op === "sum" ? wi : Math.fround(wi / n);
            assert.equal(got[(i * 4 + j) * 5 + k], want, `${backend} ${op} axis ${JSON.stringify(axis)} keepDims ${keepDims} at ${i},${j},${k}`);
          }
        }
      }
    }
  }
});

test("the gradients leave no tensor behind", async () => {
  await tf.setBackend("wasm");
  const before = tf.memory().numTensors;
  const x = tf.randomNormal([8, 6]);
  const g = tf.grad((t: TF.Tensor) => tf.add(tf.sum(tf.mean(t, 1)), tf.sum(t)))(x);
  tf.dispose([x, g]);
  assert.equal(tf.memory().numTensors, before);
});
