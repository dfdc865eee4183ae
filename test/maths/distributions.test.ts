import { test } from "node:test";
import assert from "node:assert/strict";
import { normalCdf, normalIsf, normalSf, studentTIsf, studentTSf } from "../../src/maths/distributions";

const close = (a: number, b: number, rel: number) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} vs ${b}`);

// Reference values: scipy.stats 1.17 (norm.sf, norm.isf, t.sf, t.isf).
test("normal tail and quantile match scipy to 1e-13 relative", () => {
  const sf: [number, number][] = [[-3, 0.9986501019683699], [0.5, 0.3085375387259869], [1.96, 0.024997895148220435], [2.9, 0.0018658133003840375],
    [3.1, 0.0009676032132183563], [5, 2.866515718791933e-07], [8, 6.22096057427174e-16], [20, 2.7536241186061556e-89]];
  for (const [z, v] of sf) close(normalSf(z), v, 1e-13);
  close(normalCdf(-1), 1 - 0.8413447460685429, 1e-13);
  const isf: [number, number][] = [[1e-10, 6.361340902404056], [1e-4, 3.7190164854556804], [0.005, 2.575829303548901], [0.025, 1.9599639845400545], [0.9, -1.2815515655446004]];
  for (const [p, v] of isf) close(normalIsf(p), v, 1e-13);
  assert.equal(normalIsf(0.5), 0);
  assert.throws(() => normalIsf(0), /p must be in \(0, 1\)/);
});

test("Student-t tail and quantile match scipy", () => {
  const sf: [number, number, number][] = [[2.228, 10, 0.02500588590855566], [3.5, 7, 0.0049965204409427744], [-1, 3, 0.8044988905221148], [10, 2, 0.004926228511662845], [0.3, 100, 0.3823999401501518]];
  for (const [t, df, v] of sf) close(studentTSf(t, df), v, 1e-11);
  const isf: [number, number, number][] = [[0.025, 10, 2.2281388519862753], [1e-4, 7, 7.063432828157514], [0.005, 3, 5.840909309733357], [1e-5, 30, 5.054032421446494]];
  for (const [p, df, v] of isf) close(studentTIsf(p, df), v, 1e-11);
  close(studentTSf(1.5, Infinity), normalSf(1.5), 1e-15);
  assert.throws(() => studentTSf(1, 0), /degrees of freedom/);
});

test("normal CDF and tail have their limits at ±∞ and NaN stays NaN", () => {
  assert.equal(normalCdf(Infinity), 1);
  assert.equal(normalCdf(-Infinity), 0);
  assert.equal(normalSf(Infinity), 0);
  assert.equal(normalSf(-Infinity), 1);
  assert.ok(Number.isNaN(normalCdf(NaN)));
});
