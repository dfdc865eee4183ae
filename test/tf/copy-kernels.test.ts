/**
 * The copy-free Identity/Cast and heap-view Slice/SplitV wasm kernels (src/tf/copy-kernels.ts) against the
 * reference cpu backend: the same bytes for random slices of ranks 1–5 (float32, int32, bool), splits along
 * every axis, clones that share a buffer without freeing it early, and gradients through split and slice.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type * as TF from "@tensorflow/tfjs";
import { initTf, matmulMode, setMatmulMode } from "../../src/tf";
import { createRng, Rng } from "../../src/maths/random";

let tf: typeof TF;
let initialMode: ReturnType<typeof matmulMode>;

before(async () => {
  tf = (await initTf()).tf;
  initialMode = matmulMode();
});
after(async () => {
  setMatmulMode(initialMode);
  await tf.setBackend("wasm");
});

function randomShape(rng: Rng, rank: number): number[] {
  return Array.from({ length: rank }, () => 1 + rng.int(6));
}

function values(rng: Rng, n: number, dtype: "float32" | "int32" | "bool"): Float32Array | Int32Array | Uint8Array {
  if (dtype === "float32") return rng.fillNormal(new Float32Array(n));
  if (dtype === "int32") return Int32Array.from({ length: n }, () => rng.int(1000) - 500);
  return Uint8Array.from({ length: n }, () => rng.int(2));
}

/** f on a backend with a fresh tensor of the given data; returns the outputs' data. */
async function on(backend: string, data: Float32Array | Int32Array | Uint8Array, shape: number[], dtype: TF.DataType, f: (x: TF.Tensor) => TF.Tensor[]): Promise<unknown[][]> {
  await tf.setBackend(backend);
  const x = tf.tensor(data, shape, dtype);
  const outs = f(x);
  const res = await Promise.all(outs.map(async (o) => [Array.from(await o.data()), o.shape, o.dtype]));
  outs.forEach((o) => o.dispose());
  x.dispose();
  return res;
}

test("Slice gives the cpu backend's bytes for random slices of ranks 1–5 and every numeric dtype", async () => {
  const rng = createRng(41);
  for (let trial = 0; trial < 60; trial++) {
    const rank = 1 + (trial % 5);
    const shape = randomShape(rng, rank);
    const dtype = (["float32", "int32", "bool"] as const)[trial % 3];
    const n = shape.reduce((a, b) => a * b, 1);
    const data = values(rng, n, dtype);
    const begin = shape.map((d) => rng.int(d));
    // size -1 (to the end) on some axes, whole axes on others, empty on none
    const size = shape.map((d, i) => (rng.int(4) === 0 ? -1 : 1 + rng.int(d - begin[i])));
    const f = (x: TF.Tensor): TF.Tensor[] => [tf.slice(x, begin, size)];
    const cpu = await on("cpu", data, shape, dtype, f);
    const wasm = await on("wasm", data, shape, dtype, f);
    assert.deepEqual(wasm, cpu, `slice of ${JSON.stringify(shape)} ${dtype} at ${JSON.stringify(begin)} size ${JSON.stringify(size)}`);
  }
});

test("a slice that is empty, whole, or one contiguous block is exact", async () => {
  const rng = createRng(42);
  const data = values(rng, 4 * 5 * 6, "float32");
  for (const [begin, size] of [[[0, 0, 0], [4, 5, 6]], [[1, 0, 0], [2, 5, 6]], [[2, 3, 0], [1, 2, 6]], [[0, 0, 0], [0, 5, 6]], [[3, 4, 5], [1, 1, 1]]] as [number[], number[]][]) {
    const f = (x: TF.Tensor): TF.Tensor[] => [tf.slice(x, begin, size)];
    assert.deepEqual(await on("wasm", data, [4, 5, 6], "float32", f), await on("cpu", data, [4, 5, 6], "float32", f));
  }
});

test("SplitV gives the cpu backend's bytes along every axis, for equal and uneven sizes", async () => {
  const rng = createRng(43);
  const shape = [6, 4, 9];
  const data = values(rng, 6 * 4 * 9, "float32");
  for (let axis = -3; axis < 3; axis++) {
    const d = shape[(axis + 3) % 3];
    const splits: (number | number[])[] = [d % 2 === 0 ? 2 : 1, [1, d - 1], [d - 1, -1]];
    for (const s of splits) {
      const f = (x: TF.Tensor): TF.Tensor[] => tf.split(x, s, axis);
      assert.deepEqual(await on("wasm", data, shape, "float32", f), await on("cpu", data, shape, "float32", f), `axis ${axis} split ${JSON.stringify(s)}`);
    }
  }
});

test("a clone shares the buffer: disposing either one leaves the other readable, and nothing leaks", async () => {
  await tf.setBackend("wasm");
  const before = tf.memory().numBytes;
  const x = tf.tensor([1, 2, 3, 4], [2, 2]);
  const y = tf.clone(x);
  const z = tf.cast(x, "float32");
  assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3, 4]);
  y.dispose();
  assert.deepEqual(Array.from(x.dataSync()), [1, 2, 3, 4]);
  x.dispose();
  assert.deepEqual(Array.from(z.dataSync()), [1, 2, 3, 4]);
  z.dispose();
  assert.equal(tf.memory().numBytes, before);
  // a cast to another dtype still converts
  const i = tf.tensor([1.7, -2.2], [2]);
  const j = tf.cast(i, "int32");
  assert.deepEqual(Array.from(j.dataSync()), [1, -2]);
  assert.equal(j.dtype, "int32");
  i.dispose();
  j.dispose();
});

test("gradients through split, slice and saved (cloned) inputs match the cpu backend", async () => {
  const rng = createRng(44);
  const shape = [8, 12];
  const data = values(rng, 96, "float32") as Float32Array;
  const w = values(rng, 96, "float32") as Float32Array;
  const f = (x: TF.Tensor): TF.Tensor[] => {
    const wt = tf.tensor(w, shape);
    const g = tf.grads((a: TF.Tensor) => {
      const [p, q, r] = tf.split(tf.mul(a, wt), [3, 4, 5], 1);
      const s = tf.slice(tf.exp(q), [2, 1], [5, 2]);
      return tf.add(tf.add(tf.sum(tf.square(p)), tf.sum(s)), tf.sum(tf.relu(r)));
    });
    const out = g([x]);
    wt.dispose();
    return out;
  };
  const cpu = (await on("cpu", data, shape, "float32", f))[0][0] as number[];
  const wasm = (await on("wasm", data, shape, "float32", f))[0][0] as number[];
  for (let k = 0; k < cpu.length; k++) assert.ok(Math.abs(wasm[k] - cpu[k]) <= 1e-5 * (1 + Math.abs(cpu[k])), `gradient entry ${k}: ${wasm[k]} vs ${cpu[k]}`);
});

test("in stock mode the original kernels run (same values)", async () => {
  await tf.setBackend("wasm");
  setMatmulMode("stock");
  try {
    const x = tf.tensor([[1, 2, 3], [4, 5, 6]]);
    const [a, b] = tf.split(x, [1, 2], 1);
    assert.deepEqual(Array.from(b.dataSync()), [2, 3, 5, 6]);
    assert.deepEqual(Array.from(tf.clone(a).dataSync()), [1, 4]);
    tf.dispose([x, a, b]);
  } finally {
    setMatmulMode(initialMode);
  }
});
