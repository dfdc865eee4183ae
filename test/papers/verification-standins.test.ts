import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { validateFigure } from "../../src/lab/figure";
import * as V from "../../src/papers/verification/index";

test("3×3 eigenvalues: trace, second invariant and determinant on random matrices; decreasing order", () => {
  const rng = createRng(31);
  for (let t = 0; t < 2000; t++) {
    const m = Array.from({ length: 6 }, () => 20 * rng.uniform() - 10);
    const [a, b, c, d, e, f] = m;
    const l = V.symmetricEigen3(a, b, c, d, e, f);
    assert.ok(l[0] >= l[1] - 1e-9 && l[1] >= l[2] - 1e-9, `order ${l}`);
    const scale = 100;
    assert.ok(Math.abs(l[0] + l[1] + l[2] - (a + d + f)) < 1e-9 * scale);
    const i2 = a * d + a * f + d * f - b * b - c * c - e * e;
    assert.ok(Math.abs(l[0] * l[1] + l[0] * l[2] + l[1] * l[2] - i2) < 1e-6 * scale * scale, `I2 ${t}`);
    const det = a * (d * f - e * e) - b * (b * f - e * c) + c * (b * e - d * c);
    assert.ok(Math.abs(l[0] * l[1] * l[2] - det) < 1e-6 * scale * scale * scale, `det ${t}`);
  }
  assert.deepEqual(V.symmetricEigen3(2, 0, 0, 3, 0, 1).map((v) => Math.round(v * 1e9) / 1e9), [3, 2, 1]);
  assert.deepEqual(V.symmetricEigen3(4, 0, 0, 4, 0, 4), [4, 4, 4]);
});

test("relative L1 metric and accuracy at τ", () => {
  assert.equal(V.relativeL1([1, 2, 3], 0, [1, 2, 3], 0), 0);
  assert.ok(Math.abs(V.relativeL1([1.1, 2, -3], 0, [1, 2, -3], 0) - 0.1 / 6) < 1e-12);
  assert.equal(V.accuracyAt([1, 2, 3, 0, 0, 0], [1, 2, 3, 1, 1, 1], 0.01), 0.5);
  assert.throws(() => V.accuracyAt([1, 2, 3], [1, 2, 3], 0), RangeError);
  const data = V.sampleEigenData(100, createRng(2));
  assert.equal(data.x.length, 600);
  assert.ok(data.x.every((v) => Math.abs(v) <= 1));
});

test("Table-1 selection: with K = 1 the oracle and the own pick coincide; oracle ≥ own pick for any K", () => {
  const rng = createRng(4);
  const data = V.sampleEigenData(2000, rng);
  const mean = new Float32Array(data.eig.length);
  for (let i = 0; i < mean.length; i++) mean[i] = data.eig[i] + 0.3 * rng.normal();
  const one = V.beamSelection(mean, [0.3, 0.3, 0.3], data, 1, 0.02, createRng(5));
  assert.equal(one.oracle, one.self);
  const many = V.beamSelection(mean, [0.3, 0.3, 0.3], data, 20, 0.02, createRng(5));
  assert.ok(many.oracle >= many.self && many.oracle > one.oracle);
  assert.throws(() => V.beamSelection(mean, [1, 1, 1], data, 0, 0.02, rng), RangeError);
});

test("noisy oracle keeps every correct example and a p_noise fraction of wrong ones", () => {
  const n = 20000, rng = createRng(6);
  const pool: V.SynthesizedPool = { n, x: new Float32Array(6 * n), label: new Float64Array(3 * n), correct: Uint8Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0)) };
  const s = V.noisyOracleSelect(pool, 0.3, rng);
  const wrong = n - n / 4;
  assert.equal(s.kept - s.wrongKept, n / 4);
  assert.ok(Math.abs(s.wrongKept - 0.3 * wrong) < 4 * Math.sqrt(0.3 * 0.7 * wrong));
  assert.equal(V.noisyOracleSelect(pool, 0, rng).wrongKept, 0);
  assert.throws(() => V.noisyOracleSelect(pool, -1, rng), RangeError);
});

test("crossing point by interpolation", () => {
  assert.ok(Math.abs(V.crossingPoint([0.5, 0.8, 1], [0.1, 0.3, 0.5], 0.2) - 0.65) < 1e-12);
  assert.ok(Number.isNaN(V.crossingPoint([0.5, 1], [0.3, 0.5], 0.2)));
  assert.ok(Math.abs(V.crossingPoint([1, 0.5], [0.5, 0.1], 0.3) - 0.75) < 1e-12);
});

test("summarization stand-in: oracle p* = 1 at rates ≤ ½, random p* ≈ ½; scores are cosines; figure valid", () => {
  const q = { ...V.QUICK_PARAMS.summarization, d: 20, pool: 20000, test: 500, seeds: 2 }; // p* of random selection has SE ≈ 0.01 at this pool size
  const runs = [0, 1].map((s) => V.runSummarization(q, createRng(40 + s)));
  for (const r of runs) {
    r.pStar.oracle.forEach((p) => assert.equal(p, 1));
    r.pStar.random.forEach((p) => assert.ok(Math.abs(p - 0.5) < 0.05, `random p* ${p}`));
    for (const v of [r.generator, r.allTrue, ...V.SELECTORS.flatMap((s) => r.student[s])]) assert.ok(v > -1 && v <= 1);
  }
  validateFigure(V.buildFig5(q, runs));
  assert.throws(() => V.runSummarization({ ...q, rates: [0] }, createRng(1)), RangeError);
});

test("eigenvalue networks: a short training run lowers the error of an untrained network (TensorFlow.js)", async () => {
  const { tf } = await V.loadTf();
  const rng = createRng(8);
  const train = V.sampleEigenData(2000, rng), test = V.sampleEigenData(1000, rng);
  const l1 = (p: Float32Array) => { let s = 0; for (let i = 0; i < test.n; i++) s += V.relativeL1(p, 3 * i, test.eig, 3 * i); return s / test.n; };
  const s0 = await V.trainEigenMlp(tf, train.x, train.eig, { hidden: 32, lr: 2e-3, batch: 64, steps: 1 }, createRng(9));
  const s1 = await V.trainEigenMlp(tf, train.x, train.eig, { hidden: 32, lr: 2e-3, batch: 64, steps: 400 }, createRng(9));
  const e0 = l1(s0.predict(test.x)), e1 = l1(s1.predict(test.x));
  assert.ok(e1 < 0.5 * e0, `untrained ${e0}, trained ${e1}`);
  s0.dispose(); s1.dispose();
  await assert.rejects(V.trainEigenMlp(tf, train.x, new Float64Array(5), { hidden: 8, lr: 1e-3, batch: 8, steps: 1 }, rng), RangeError);
});

test("eigenvalue stand-in end to end at toy size: shapes, bookkeeping, figures", async () => {
  const { tf } = await V.loadTf();
  const S = { hidden: 16, lr: 2e-3, batch: 64, steps: 50 };
  const r = await V.runEigenStandin(tf, { nGen: 300, nVal: 300, nTest: 300, poolFactor: 5, tau: 0.1, beams: 5, generator: S, student: S, pNoise: [1, 0], replicates: 2 }, createRng(10));
  assert.equal(r.poolSize, 1500);
  assert.equal(r.students.length, 2);
  assert.equal(r.students[0].kept[0], 1500);
  assert.equal(r.students[1].wrongFraction[0], 0);
  validateFigure(V.buildTable1Figure(r));
  validateFigure(V.buildFig4(r));
});
