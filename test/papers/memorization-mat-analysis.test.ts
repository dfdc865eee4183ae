import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { binomialSe, pooledAccuracy, seedEstimate, pairedDifference, overSeeds } from "../../src/papers/memorization-mat/analysis";
import { planeAccuracy } from "../../src/papers/memorization-mat/fig1";
import { spuriousLinearData } from "../../src/papers/memorization-mat/spuriousLinear";
import { cellsInRange, pooledMinority, type TheoryCell } from "../../src/papers/memorization-mat/theorySweep";
import { methodSeeds, worstGroupGap, type Table1TaskSeeds } from "../../src/papers/memorization-mat/table1";

test("binomialSe: add-one estimate, reference values and bad input", () => {
  // p̃ = (50 + 1)/102 = 0.5 → √(0.25/102)
  assert.ok(Math.abs(binomialSe(0.5, 100) - Math.sqrt(0.25 / 102)) < 1e-15);
  // an accuracy of 1 on 100 examples: p̃ = 101/102
  const pt = 101 / 102;
  assert.ok(Math.abs(binomialSe(1, 100) - Math.sqrt((pt * (1 - pt)) / 102)) < 1e-15);
  assert.ok(binomialSe(0, 500) > 0);
  assert.throws(() => binomialSe(1.2, 10), RangeError);
  assert.throws(() => binomialSe(0.5, 0), RangeError);
});

test("binomialSe matches the spread of simulated accuracies (fresh seeded draws, within 10%)", () => {
  const rng = createRng(20251);
  const n = 400, p = 0.8, reps = 4000;
  const acc: number[] = [];
  for (let r = 0; r < reps; r++) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.uniform() < p) k++;
    acc.push(k / n);
  }
  const m = acc.reduce((a, b) => a + b, 0) / reps;
  const sd = Math.sqrt(acc.reduce((a, b) => a + (b - m) ** 2, 0) / (reps - 1));
  assert.ok(Math.abs(binomialSe(p, n) / sd - 1) < 0.1, `binomial SE ${binomialSe(p, n)} vs simulated sd ${sd}`);
});

test("pooledAccuracy: weighted proportion and the SE of the pooled proportion", () => {
  const e = pooledAccuracy("x", [{ accuracy: 0.5, n: 100 }, { accuracy: 1, n: 300 }]);
  assert.equal(e.mean, (50 + 300) / 400);
  const v = binomialSe(0.5, 100) ** 2 * 100 ** 2 + binomialSe(1, 300) ** 2 * 300 ** 2;
  assert.ok(Math.abs(e.se - Math.sqrt(v) / 400) < 1e-15);
  assert.throws(() => pooledAccuracy("x", []), RangeError);
});

test("seedEstimate and pairedDifference: seed spread, floored by the binomial SEs", () => {
  // large spread over seeds dominates
  const a = seedEstimate("a", [0.2, 0.8], [0.01, 0.01]);
  assert.ok(Math.abs(a.se - Math.sqrt(0.18 / 2)) < 1e-12);
  // identical seeds: the binomial floor remains
  const b = seedEstimate("b", [0.5, 0.5, 0.5], [0.03, 0.03, 0.03]);
  assert.ok(Math.abs(b.se - 0.03 / Math.sqrt(3)) < 1e-12);
  const d = pairedDifference("d", [0.9, 0.8], [0.1, 0.0], [0.02, 0.02], [0.01, 0.01]);
  assert.ok(Math.abs(d.mean - 0.8) < 1e-12);
  assert.ok(Math.abs(d.se - Math.sqrt((0.0004 + 0.0001) / 2)) < 1e-12); // paired differences identical: floor
  assert.throws(() => pairedDifference("d", [1], [1, 2], [0], [0]), RangeError);
  assert.throws(() => overSeeds("o", [1]), RangeError);
  assert.ok(Math.abs(overSeeds("o", [1, 3]).se - 1) < 1e-12);
});

test("planeAccuracy: a core-only boundary classifies every minority point, a spurious-only one none (Fig. 1 data)", () => {
  const d = spuriousLinearData({ n: 400, dim: 10, majority: 0.5, sigmaEps: 0.5 }, createRng(7));
  // x_core = (0.12·z − 1)·s ≈ −s, so class 1 lies at negative coordinates: the correct weights are negative
  const core = planeAccuracy({ core: -1, spurious: 0 }, d);
  const spu = planeAccuracy({ core: 0, spurious: -1 }, d);
  assert.equal(core.minority, 1);
  assert.equal(core.majority, 1);
  assert.equal(spu.minority, 0);
  assert.equal(spu.majority, 1);
});

test("theory sweep bins: cells selected by σ_ε√d and pooled minority accuracy", () => {
  const cell = (sigma: number, noiseDim: number, acc: number): TheoryCell => ({ sigma, noiseDim, minorityTest: [acc], minorityTestCount: [500], majorityTest: [1], trainAccuracy: [1], trainCount: [1000] });
  const cells = [cell(0, 10, 1), cell(0.5, 10, 0.9), cell(1, 100, 0.5), cell(2, 500, 0.2)];
  assert.deepEqual(cellsInRange(cells, -1, 2).map((c) => c.sigma), [0, 0.5]);
  assert.deepEqual(cellsInRange(cells, 2, 10).map((c) => c.sigma), [1]);
  assert.deepEqual(cellsInRange(cells, 10, Infinity).map((c) => c.sigma), [2]);
  assert.ok(Math.abs(pooledMinority("s", cellsInRange(cells, -1, 2)).mean - 0.95) < 1e-12);
});

test("Table 1 estimates: worst group's binomial SE from its own test count, paired gap", () => {
  const r = (method: "ERM" | "MAT", perGroup: number[]) => ({ method, testAverage: 0.5, testWorstGroup: Math.min(...perGroup), testPerGroup: perGroup, testCounts: [100, 20, 30, 100] });
  const data: Table1TaskSeeds[] = [{ task: "t", seeds: [{ results: [r("ERM", [1, 0.1, 0.2, 1]), r("MAT", [0.9, 0.8, 0.7, 0.9])] }, { results: [r("ERM", [1, 0.2, 0.3, 1]), r("MAT", [0.9, 0.8, 0.9, 0.9])] }] }];
  const m = methodSeeds(data, "t", "ERM");
  assert.deepEqual(m.worstGroup, [0.1, 0.2]);
  assert.ok(Math.abs(m.worstGroupSe[0] - binomialSe(0.1, 20)) < 1e-15);
  const g = worstGroupGap(data, "t", "MAT", "ERM");
  assert.ok(Math.abs(g.mean - (0.6 + 0.6) / 2) < 1e-12);
  assert.throws(() => methodSeeds(data, "other", "ERM"), RangeError);
});
