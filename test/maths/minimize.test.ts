import { test } from "node:test";
import assert from "node:assert/strict";
import { minimizeOnLogScale } from "../../src/maths/minimize";

test("minimizeOnLogScale: finds smooth minima on a log scale to the requested tolerance, edges included", () => {
  const m = minimizeOnLogScale((x) => (Math.log(x) - Math.log(3e-4)) ** 2 + 2, 1e-8, 1e2);
  assert.ok(Math.abs(Math.log(m.x / 3e-4)) < 1e-4, `x = ${m.x}`);
  assert.ok(Math.abs(m.value - 2) < 1e-8);
  // a minimum at the interval's end is found there
  const e = minimizeOnLogScale((x) => x, 1e-3, 1);
  assert.ok(e.x < 1.001e-3, `x = ${e.x}`);
  // the grid picks the deeper of two wells
  const w = minimizeOnLogScale((x) => Math.min((Math.log10(x) + 4) ** 2 + 0.5, (Math.log10(x) - 1) ** 2), 1e-6, 1e3);
  assert.ok(Math.abs(Math.log10(w.x) - 1) < 1e-3, `x = ${w.x}`);
});

test("minimizeOnLogScale rejects bad intervals and options", () => {
  assert.throws(() => minimizeOnLogScale((x) => x, 0, 1), /0 < lo < hi/);
  assert.throws(() => minimizeOnLogScale((x) => x, 2, 1), /0 < lo < hi/);
  assert.throws(() => minimizeOnLogScale((x) => x, 1, 2, { gridPoints: 2 }), /gridPoints/);
  assert.throws(() => minimizeOnLogScale((x) => x, 1, 2, { tol: 0 }), /tol/);
});
