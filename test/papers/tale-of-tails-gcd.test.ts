import { test } from "node:test";
import assert from "node:assert/strict";
import { validateFigure } from "../../src/lab/figure";
import { createRng } from "../../src/maths/random";
import * as TT from "../../src/papers/tale-of-tails/index";

test("GCD mixing stream: π = 1 keeps the true labels, π = 0 gives the teacher's, 0 < π < 1 a fraction ≈ π of clean labels", async () => {
  const { tf } = await TT.loadTf();
  const teacher = await TT.trainGcdModel(tf, TT.cleanGcdData(1024, createRng(40)), 1, createRng(41));
  const clean = TT.mixedStream(tf, teacher, 2000, 1, createRng(42));
  for (let t = 0; t < 2000; t++) assert.equal(TT.gcd(clean.a[t], clean.b[t]), clean.label[t]);
  const ai = TT.mixedStream(tf, teacher, 2000, 0, createRng(42));
  assert.deepEqual(Array.from(ai.label), Array.from(TT.predictGcd(tf, teacher, ai)));
  // mixed: a pair whose label differs from the teacher's must carry its true label (clean), and clean pairs are ≈ π
  const pi = 0.3, n = 4000;
  const mix = TT.mixedStream(tf, teacher, n, pi, createRng(43));
  const teach = TT.predictGcd(tf, teacher, mix);
  let disagree = 0, disagreeTrue = 0, teacherWrong = 0;
  for (let t = 0; t < n; t++) {
    const truth = TT.gcd(mix.a[t], mix.b[t]);
    if (teach[t] !== truth) teacherWrong++;
    if (mix.label[t] !== teach[t]) { disagree++; if (mix.label[t] === truth) disagreeTrue++; }
  }
  assert.equal(disagree, disagreeTrue);
  // disagreements occur exactly on clean pairs the teacher gets wrong: expected π·(teacher errors), binomial SE
  const want = pi * teacherWrong, se = Math.sqrt(teacherWrong * pi * (1 - pi));
  assert.ok(Math.abs(disagree - want) <= 4 * se, `${disagree} vs ${want} ± ${se}`);
  assert.throws(() => TT.mixedStream(tf, teacher, 10, 1.5, createRng(44)), RangeError);
  teacher.dispose();
});

test("GCD streaming student: one accuracy row per checkpoint; checkpoints must increase and fit the stream", async () => {
  const { tf } = await TT.loadTf();
  const stream = TT.cleanGcdData(2048, createRng(45));
  const test = TT.cleanGcdData(1000, createRng(46));
  const rows = await TT.streamGcdCurve(tf, stream, [256, 1024, 2048], test, createRng(47), 64);
  assert.equal(rows.length, 3);
  for (const r of rows) assert.equal(r.length, TT.GCD.classes);
  // gcd = 1 (61% of pairs) is learned from 2048 clean pairs
  assert.ok(rows[2][0] > 0.9, `accuracy on gcd = 1 after 2048 pairs: ${rows[2][0]}`);
  await assert.rejects(() => TT.streamGcdCurve(tf, stream, [1024, 256], test, createRng(48)), RangeError);
  await assert.rejects(() => TT.streamGcdCurve(tf, stream, [4096], test, createRng(48)), RangeError);
});

test("GCD recovery figure: valid figure data at tiny sizes", async () => {
  const fig = await TT.buildGcdRecoveryFigure({ seeds: 2, checkpoints: [512, 2048], teacherSize: 512, teacherEpochs: 1, mixes: [0.05], testSize: 2000, batch: 64 }, createRng(49));
  validateFigure(fig);
  assert.equal(fig.figure, "fig7-recovery");
  assert.ok(Number.isFinite(fig.metrics.meanTeacherSkills));
});
