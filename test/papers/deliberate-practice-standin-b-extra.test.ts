import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import {
  Dataset, SoftmaxLearner, ablationRows, alphaBar, bayesClass, classMeanPlane, hardness, logits, makeWorld, probeDeliberatePractice, runDeliberatePractice,
  runUpfront, sampleDdim, sampleReal, softmaxEntropy, standinBExtraParams, standinBParams, type DpLoopParams,
} from "../../src/papers/deliberate-practice/index";

const SMALL: DpLoopParams = {
  train: { iterations: 400, batch: 16, lr: 0.02, labelSmoothing: 0.1, warmup: 0.1, cooldown: 0.2 },
  initial: 40, add: 20, tau: 20, patience: 1, patienceStep: 1, omega: 0.01, cfg: 2, steps: 20, maxSize: 200, branchOuts: true,
};

test("sampleDdim's x̂₀ trace: one entry per step, the last is the sample, and recording does not change the sample", () => {
  const w = makeWorld({ K: 4, D: 6, r: 2, shift: 0.3, inflate: 2 }, createRng(1));
  const ab = alphaBar(), a = new Float64Array(6), b = new Float64Array(6), tr: Float64Array[] = [];
  sampleDdim(w.synth, 1, { cfg: 2, omega: 0, steps: 25 }, ab, createRng(2), a);
  sampleDdim(w.synth, 1, { cfg: 2, omega: 0, steps: 25 }, ab, createRng(2), b, tr);
  assert.deepEqual(Array.from(a), Array.from(b));
  assert.equal(tr.length, 25);
  for (let j = 0; j < 6; j++) assert.ok(Math.abs(tr[24][j] - b[j]) < 1e-12, `coordinate ${j}`);
  // Early x̂₀ (exact score) already sits near the guided class mean rather than at the noise: closer to μ_1 than to any other μ_k.
  assert.equal(bayesClass(w.synth, tr[0]), 1);
});

test("hardness: mean entropy and error rate of a classifier on a row range, against a direct computation", () => {
  const f = { K: 3, D: 2, W: Float64Array.from([1, 0, 0, 1, -1, -1]), b: Float64Array.from([0, 0.5, 0]) };
  const d = new Dataset(2, 4);
  d.push([2, 0], 0); d.push([0, 2], 0); d.push([-1, -1], 2); d.push([0.1, 0.1], 1);
  const z = new Float64Array(3), p = new Float64Array(3);
  let h = 0, err = 0;
  for (let i = 1; i < 4; i++) {
    h += softmaxEntropy(logits(f, d.X.subarray(2 * i, 2 * i + 2), z), p);
    const pred = z.indexOf(Math.max(...z));
    if (pred !== d.y[i]) err++;
  }
  const r = hardness(f, d, 1, 4);
  assert.ok(Math.abs(r.entropy - h / 3) < 1e-15);
  assert.equal(r.error, err / 3);
  assert.equal(err, 1); // row 1 ([0, 2], label 0) is predicted as class 1
});

test("DP hooks observe without changing the run; the probes see every addition and every evaluation", () => {
  const rng = createRng(8);
  const w = makeWorld({ K: 4, D: 6, r: 1.5, shift: 0.3, inflate: 2 }, rng.split());
  const val = sampleReal(w, 200, rng.split()), tst = sampleReal(w, 400, rng.split());
  const plain = runDeliberatePractice(w, SMALL, val, tst, createRng(1));
  const seen: { k: number; start: number; end: number }[] = [];
  let evals = 0;
  const hooked = runDeliberatePractice(w, SMALL, val, tst, createRng(1), {
    onEvaluation: () => { evals++; },
    onAddition: (e) => { seen.push({ k: e.k, start: e.start, end: e.end }); },
  });
  assert.deepEqual(hooked, plain);
  assert.equal(evals, SMALL.train.iterations / SMALL.tau);
  assert.deepEqual(seen.map((s) => s.k), plain.trace.additions.map((_, k) => k));
  seen.forEach((s, k) => { assert.equal(s.start, SMALL.initial + k * SMALL.add); assert.equal(s.end - s.start, SMALL.add); });
  const probed = probeDeliberatePractice(w, SMALL, 30, val, tst, createRng(1), createRng(99));
  assert.deepEqual(probed.result, plain);
  assert.equal(probed.probes.length, plain.trace.additions.length);
  assert.ok(probed.probes.length >= 1);
  assert.ok(Number.isNaN(probed.probes[0].newEntropyPrev));
  for (const p of probed.probes) {
    assert.equal(p.entropyCurve.length, evals);
    // The curve at the insertion evaluation is the requesting model's entropy of the batch.
    assert.ok(Math.abs(p.entropyCurve[probed.probeIterations.indexOf(p.iteration)] - p.newEntropy) < 1e-12);
    assert.ok(Math.abs(p.entropyCurve[evals - 1] - p.newEntropyFinal) < 1e-12);
  }
});

test("runUpfront: deterministic, both arms give valid accuracies, rejects n below the initial size", () => {
  const rng = createRng(5);
  const w = makeWorld({ K: 4, D: 6, r: 1.5, shift: 0.3, inflate: 2 }, rng.split());
  const tst = sampleReal(w, 300, rng.split());
  const a = runUpfront(w, 80, SMALL, 0.01, 100, tst, createRng(3)), b = runUpfront(w, 80, SMALL, 0.01, 100, tst, createRng(3));
  assert.equal(a, b);
  assert.ok(a > 0.25 && a <= 1);
  const c = runUpfront(w, 80, SMALL, 0, 100, tst, createRng(3));
  assert.ok(c > 0.25 && c <= 1);
  assert.throws(() => runUpfront(w, 10, SMALL, 0, 100, tst, createRng(3)), /below the initial size/);
});

test("classMeanPlane: orthonormal directions that keep the whitened distances between K = 3 class means exactly", () => {
  const w = makeWorld({ K: 3, D: 8, r: 3, shift: 0.3, inflate: 2 }, createRng(11));
  const g = w.synth, { u, project } = classMeanPlane(g);
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
  assert.ok(Math.abs(dot(u[0], u[0]) - 1) < 1e-10 && Math.abs(dot(u[1], u[1]) - 1) < 1e-10 && Math.abs(dot(u[0], u[1])) < 1e-10);
  for (const [i, j] of [[0, 1], [0, 2], [1, 2]]) {
    let d2 = 0;
    for (let c = 0; c < g.D; c++) d2 += (g.mu[i * g.D + c] - g.mu[j * g.D + c]) ** 2 / g.s[c];
    const pi = project(g.mu, i * g.D), pj = project(g.mu, j * g.D);
    assert.ok(Math.abs(Math.hypot(pi[0] - pj[0], pi[1] - pj[1]) - Math.sqrt(d2)) < 1e-9, `classes ${i}, ${j}`);
    assert.equal(bayesClass(g, g.mu, i * g.D), i);
  }
});

test("section-9 parameters and ablation rows: six Table 3 rows, the default first; full mode has more worlds", () => {
  const P = standinBParams("quick"), E = standinBExtraParams("quick"), F = standinBExtraParams("full");
  const rows = ablationRows(P, E);
  assert.equal(rows.length, 6);
  assert.deepEqual(rows[0].loop, {});
  assert.equal(rows[1].loop.omega, 0);
  assert.ok(F.worlds > E.worlds && E.worlds >= 4);
  assert.ok(E.upfrontSizes.every((n) => n > P.initial && n <= P.maxSize));
  assert.ok(E.generatorCfgs.includes(P.cfg));
  const L = new SoftmaxLearner(3, 2);
  assert.equal(hardness(L, new Dataset(2, 1)).error, 0); // empty range
});
