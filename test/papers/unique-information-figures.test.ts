import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { validateFigure } from "../../src/lab/figure";
import { fig2bSpec, fig1Spec } from "../../src/papers/unique-information/figures";
import { syntheticTimeSpec } from "../../src/papers/unique-information/synthetic";
import { fig2cSpec } from "../../src/papers/unique-information/summarization";

const small = { hidden: 64, lr: 1e-3, steps: 50, pool: 4, repeats: 2 };

test("figure builders return valid FigureSpecs with the metrics the notebook reads (small sizes)", () => {
  const f2b = fig2bSpec({ ...small, nTrain: 40, nVal: 20, noise: 0.1 }, createRng(1));
  validateFigure(f2b);
  for (const k of ["ratio", "ratioSe", "auroc", "aurocSe", "etaLambdaMax", "valAccuracy"]) assert.ok(Number.isFinite(f2b.metrics![k]), k);
  assert.equal(f2b.metrics!.mislabelledCount, 8); // 2 repeats × 10% of 40
  const f1 = fig1Spec({ ...small, repeats: 1, classes: [0, 1, 2], shares: [0.5, 0.2, 0.3], rare: [1], nTrain: 30, nVal: 15 }, createRng(2));
  validateFigure(f1);
  assert.equal(f1.series.filter((s) => s.panel === 1 || s.panel === 2).length, 2);
  const syn = syntheticTimeSpec({ perClassTrain: 10, perClassVal: 10, noiseDims: 3, hidden: 32, lr: 1e-2, times: [0, 10, 20], topShare: 0.2 }, createRng(3));
  validateFigure(syn);
  assert.equal(syn.series[0].x.length, 2); // t = 0 is skipped (both measures are 0)
  const f2c = fig2cSpec({ nTrain: 30, nVal: 10, nTest: 20, hidden: 32, lr: 1e-3, steps: 30, pool: 4, fractions: [0, 0.5], randomSeeds: 2, iterativeStep: 0.2, repeats: 2 }, createRng(4));
  validateFigure(f2c);
  // removing nothing is the same model for every strategy
  const at0 = f2c.series.map((s) => s.y[0]);
  assert.ok(at0.every((v) => v === at0[0]));
  assert.equal(f2c.series[0].ySeeds!.length, 2);
});
