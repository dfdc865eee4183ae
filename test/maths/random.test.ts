import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng, parseSeed, rngStreams, xoshiro128StarStar } from "../../src/maths/random";
import { mean, variance } from "../../src/maths/stats";

test("xoshiro128StarStar matches the reference C implementation for state (1,2,3,4)", () => {
  const g = xoshiro128StarStar(1, 2, 3, 4);
  assert.deepEqual([g(), g(), g(), g(), g(), g()], [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
});

test("createRng(42) gives the pinned stream (same on every machine)", () => {
  const r = createRng(42);
  assert.deepEqual([r.uniform(), r.uniform(), r.normal(), r.int(1000)], [0.6606157208001621, 0.1117019639532224, 0.15178267621950975, 501]);
});

test("same seed → identical streams; different seeds differ", () => {
  const a = createRng(7), b = createRng("7"), c = createRng(8);
  const xa = Array.from({ length: 50 }, () => a.uniform());
  assert.deepEqual(xa, Array.from({ length: 50 }, () => b.uniform()));
  assert.notDeepEqual(xa, Array.from({ length: 50 }, () => c.uniform()));
});

test("parseSeed rejects bad seeds with a clear message", () => {
  for (const bad of [-1, 1.5, 2 ** 32, NaN, "abc", "", "1e3"]) {
    assert.throws(() => parseSeed(bad as number | string), /invalid seed/);
  }
  assert.equal(parseSeed(" 12 "), 12);
});

test("uniform, normal: moments on fresh seeded draws (property)", () => {
  const seed = (Date.now() >>> 0) % 100000;
  const r = createRng(seed);
  const n = 200000;
  const u = new Float64Array(n), z = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = r.uniform();
  r.fillNormal(z);
  for (const x of u) assert.ok(x >= 0 && x < 1, `seed ${seed}`);
  assert.ok(Math.abs(mean(u) - 0.5) < 5 * Math.sqrt(1 / 12 / n), `seed ${seed}: uniform mean ${mean(u)}`);
  assert.ok(Math.abs(mean(z)) < 5 / Math.sqrt(n), `seed ${seed}: normal mean ${mean(z)}`);
  assert.ok(Math.abs(variance(z) - 1) < 5 * Math.sqrt(2 / n), `seed ${seed}: normal variance ${variance(z)}`);
  let kurt = 0;
  for (const x of z) kurt += x ** 4;
  assert.ok(Math.abs(kurt / n - 3) < 0.1, `seed ${seed}: normal 4th moment ${kurt / n}`);
});

test("int(n) is unbiased (chi-square) and validates n", () => {
  const r = createRng(3);
  const k = 7, n = 70000;
  const counts = new Array(k).fill(0);
  for (let i = 0; i < n; i++) counts[r.int(k)]++;
  const chi2 = counts.reduce((s, c) => s + (c - n / k) ** 2 / (n / k), 0);
  assert.ok(chi2 < 22.5, `chi2 = ${chi2} (p < 0.001 threshold for 6 dof)`);
  assert.throws(() => r.int(0), /positive integer/);
  assert.throws(() => r.int(2.5), /positive integer/);
});

test("shuffle is a permutation, choice picks members, empty choice throws", () => {
  const r = createRng(11);
  const xs = Array.from({ length: 100 }, (_, i) => i);
  const s = r.shuffle([...xs]);
  assert.deepEqual([...s].sort((a, b) => a - b), xs);
  assert.notDeepEqual(s, xs);
  assert.ok(xs.includes(r.choice(xs)));
  assert.throws(() => r.choice([]), /empty/);
});

test("rngStreams: stream i depends only on (seed, i)", () => {
  const a = rngStreams(5, 3).map((r) => r.uniform());
  const b = rngStreams(5, 10).slice(0, 3).map((r) => r.uniform());
  assert.deepEqual(a, b);
  assert.equal(new Set(a).size, 3);
});
