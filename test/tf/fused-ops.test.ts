import { test } from "node:test";
import assert from "node:assert/strict";
import type * as TF from "@tensorflow/tfjs";
import { initTf, matmulMode, setMatmulMode } from "../../src/tf/index";
import { createRng, type Rng } from "../../src/maths/random";
import { fusedOpsActive, layerNorm, layerNormComposed, multiHeadAttention, multiHeadAttentionComposed } from "../../src/tf/fused-ops";
import { causalMask } from "../../src/tf/transformer";
import { loadObla } from "../../src/maths/linalg/native";

/** max |a − b| / (max |b| + 1e-12) over the entries */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / (den + 1e-12);
}

const normal = (tf: typeof TF, rng: Rng, shape: number[], scale = 1, shift = 0): TF.Tensor =>
  tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1)), scale).map((v) => v + shift), shape);

/** Value and gradients of sum(w ⊙ f(inputs)) (a random cotangent w), as flat arrays. */
function valueAndGrads(tf: typeof TF, f: (...xs: TF.Tensor[]) => TF.Tensor, inputs: TF.Tensor[], w: TF.Tensor): Float32Array[] {
  return tf.tidy(() => {
    const y = f(...inputs);
    const grads = tf.grads((...xs: TF.Tensor[]) => tf.sum(tf.mul(f(...xs), w)))(inputs);
    return [y, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

test("fused ops are active on the wasm backend with the OpenBLAS addon, and only in the blas matmul mode", async (t) => {
  const { tf } = await initTf();
  if (matmulMode() !== "blas") return t.skip("the native addon is not loaded: the composed ops run and are tested elsewhere");
  assert.equal(fusedOpsActive(tf), true);
  try {
    setMatmulMode("fix");
    assert.equal(fusedOpsActive(tf), false);
  } finally {
    setMatmulMode("blas");
  }
});

test("layerNorm: fused equals composed in value and in all three gradients (fresh seeded shapes, shifted and scaled rows)", async (t) => {
  const { tf } = await initTf();
  if (!fusedOpsActive(tf)) return t.skip("fused kernels inactive (no native addon)");
  const rng = createRng(41);
  for (const [R, C] of [[1, 1], [3, 5], [17, 8], [64, 128], [9, 131]]) {
    const x = normal(tf, rng, [R, C], 1 + 3 * rng.uniform(), 5 * rng.normal());
    const g = normal(tf, rng, [C], 0.5, 1), b = normal(tf, rng, [C]);
    const w = normal(tf, rng, [R, C]);
    const fused = valueAndGrads(tf, (a, gg, bb) => layerNorm(tf, a as TF.Tensor2D, gg, bb), [x, g, b], w);
    const comp = valueAndGrads(tf, (a, gg, bb) => layerNormComposed(tf, a as TF.Tensor2D, gg, bb), [x, g, b], w);
    const names = ["value", "dx", "dg", "db"];
    // C = 1: x̂ = 0 exactly, so the value is b and dx = 0 — compared in absolute terms
    fused.forEach((f, i) => assert.ok(relErr(f, comp[i]) < (i === 0 ? 2e-6 : 2e-5) || (C === 1 && Math.max(...f.map((v, k) => Math.abs(v - comp[i][k]))) < 1e-6),
      `${R}×${C} ${names[i]}: relative error ${relErr(f, comp[i]).toExponential(2)}`));
    for (const v of [x, g, b, w]) v.dispose();
  }
  assert.throws(() => layerNorm(tf, tf.zeros([2, 3]) as TF.Tensor2D, tf.ones([4]), tf.zeros([3])), /gain and bias of size cols/);
});

test("multiHeadAttention: fused equals composed in value and gradient, causal and arbitrary additive masks", async (t) => {
  const { tf } = await initTf();
  if (!fusedOpsActive(tf)) return t.skip("fused kernels inactive (no native addon)");
  const rng = createRng(42);
  for (const [B, T, H, hd, causal] of [[1, 1, 1, 1, true], [2, 5, 2, 3, true], [3, 7, 1, 4, false], [4, 16, 4, 8, true], [2, 9, 3, 5, false]] as const) {
    const d = H * hd;
    const qkv = normal(tf, rng, [B * T, 3 * d], 1.5);
    const mask = causal ? causalMask(tf, T) : normal(tf, rng, [T, T], 2) as TF.Tensor2D;
    const w = normal(tf, rng, [B * T, d]);
    const fused = valueAndGrads(tf, (x) => multiHeadAttention(tf, x as TF.Tensor2D, B, T, H, mask), [qkv], w);
    const comp = valueAndGrads(tf, (x) => multiHeadAttentionComposed(tf, x as TF.Tensor2D, B, T, H, mask), [qkv], w);
    assert.ok(relErr(fused[0], comp[0]) < 2e-6, `B${B} T${T} H${H} hd${hd} value: ${relErr(fused[0], comp[0]).toExponential(2)}`);
    assert.ok(relErr(fused[1], comp[1]) < 2e-5, `B${B} T${T} H${H} hd${hd} dqkv: ${relErr(fused[1], comp[1]).toExponential(2)}`);
    for (const v of [qkv, mask, w]) v.dispose();
  }
  assert.throws(() => multiHeadAttention(tf, tf.zeros([6, 9]) as TF.Tensor2D, 2, 3, 2, causalMask(tf, 3)), /d divisible by heads/);
  assert.throws(() => multiHeadAttention(tf, tf.zeros([6, 12]) as TF.Tensor2D, 2, 3, 2, causalMask(tf, 4)), /mask \[t, t\]/);
});

test("fused kernels leave no tensors behind after a training-style gradient", async (t) => {
  const { tf } = await initTf();
  if (!fusedOpsActive(tf)) return t.skip("fused kernels inactive (no native addon)");
  const rng = createRng(43);
  const x = normal(tf, rng, [8, 12]) as TF.Tensor2D, g = tf.ones([12]), b = tf.zeros([12]), mask = causalMask(tf, 4);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    const [dx] = tf.tidy(() => tf.grads((a: TF.Tensor) => tf.sum(multiHeadAttention(tf, layerNorm(tf, a as TF.Tensor2D, g, b), 2, 4, 2, mask)))([x]));
    assert.equal(tf.memory().numTensors, before + 1, "only the returned gradient is left");
    dx.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
  for (const v of [x, g, b, mask]) v.dispose();
});

test("the addon's fused kernels reject wrong sizes with a message naming the argument", (t) => {
  const addon = loadObla().addon as unknown as Record<string, (...a: unknown[]) => void> | undefined;
  if (!addon) return t.skip("native addon not loaded");
  const f = (n: number) => new Float32Array(n);
  assert.throws(() => addon.layerNormForward(2, 3, 1e-5, f(5), f(3), f(3), f(6), f(2), f(2)), /X has length 5 but the sizes require at least 6/);
  assert.throws(() => addon.layerNormForward(2, 3, 0, f(6), f(3), f(3), f(6), f(2), f(2)), /eps must be positive/);
  assert.throws(() => addon.layerNormBackward(2, 3.5, f(6), f(6), f(3), f(2), f(2), f(6), f(3), f(3)), /C must be an integer/);
  assert.throws(() => addon.attentionForward(1, 4, 2, 2, 0.5, f(48), f(15), f(32), f(16)), /mask has length 15/);
  assert.throws(() => addon.attentionBackward(1, 4, 2, 2, 0.5, f(16), f(48), f(32), new Float64Array(48)), /DQKV must be a Float32Array/);
});
