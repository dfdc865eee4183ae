import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { jackknife, linearFit, linspace, logIntegers, logLogSlope, logspace, mean, meanAndStderr, std, stderr, variance } from "../../src/maths/stats";

test("mean/variance/std/stderr reference values and empty input", () => {
  assert.equal(mean([1, 2, 3]), 2);
  assert.equal(variance([1, 2, 3, 4]), 5 / 3);
  assert.ok(Math.abs(std([2, 4, 4, 4, 5, 5, 7, 9]) - 2.138089935299395) < 1e-14);
  assert.ok(Math.abs(stderr([1, 2, 3, 4]) - Math.sqrt(5 / 3 / 4)) < 1e-15);
  assert.ok(Number.isNaN(mean([])));
  assert.ok(Number.isNaN(variance([1])));
});

test("linearFit recovers a noiseless line; logLogSlope a power law (property, fresh seed)", () => {
  const r = createRng((Date.now() >>> 0) % 1e6);
  const a = r.normal(), b = r.normal();
  const x = linspace(-3, 5, 17);
  const f = linearFit(x, x.map((v) => a + b * v));
  assert.ok(Math.abs(f.slope - b) < 1e-12 && Math.abs(f.intercept - a) < 1e-12 && Math.abs(f.r2 - 1) < 1e-12);
  const p = -0.5 - r.uniform();
  const xs = logspace(0, 4, 20);
  assert.ok(Math.abs(logLogSlope(xs, xs.map((v) => 3 * v ** p)) - p) < 1e-12);
  assert.ok(Math.abs(logLogSlope(xs, xs.map((v) => (v < 100 ? 1 : v ** p)), 100, 1e4) - p) < 1e-12);
  assert.throws(() => linearFit([1], [1]), /at least two/);
  assert.throws(() => linearFit([1, 2], [1]), /x has 2 points, y has 1/);
});

test("grids: linspace, logspace, logIntegers", () => {
  assert.deepEqual(linspace(0, 1, 3), [0, 0.5, 1]);
  assert.deepEqual(logspace(0, 2, 3), [1, 10, 100]);
  assert.deepEqual(logIntegers(1, 10, 4), [1, 2, 5, 10]);
  assert.throws(() => linspace(0, 1, 0), /positive integer/);
});

test("meanAndStderr over repetitions (rows) per grid point (columns)", () => {
  const { mean: m, se } = meanAndStderr([[1, 10], [3, 10]]);
  assert.deepEqual(m, [2, 10]);
  assert.deepEqual(se, [1, 0]);
});

test("jackknife: a linear statistic's SE equals the standard error of the mean", () => {
  const rows = [[1, 2], [3, 5], [2, 2], [6, 1]];
  const col = rows.map((r) => r[0]);
  const m = col.reduce((a, b) => a + b, 0) / 4;
  const se = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / 3 / 4);
  const j = jackknife(rows, (y) => y[0]);
  assert.ok(Math.abs(j.value - m) < 1e-12 && Math.abs(j.se - se) < 1e-12);
  assert.throws(() => jackknife([[1]], (y) => y[0]), /at least 2 repetitions/);
});
