import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import {
  Dataset, SoftmaxLearner, alphaBar, generateInto, guidanceGradient, logits, makeWorld, runDeliberatePractice, sampleDdim, sampleReal, softmaxEntropy, wsdRate,
  type DpLoopParams,
} from "../../src/papers/deliberate-practice/index";

const WORLD = { K: 4, D: 6, r: 3, shift: 0.3, inflate: 2 };

test("DDPM schedule: ᾱ decreasing from 1 − 10⁻⁴ to about 4·10⁻⁵", () => {
  const a = alphaBar();
  assert.ok(Math.abs(a[0] - (1 - 1e-4)) < 1e-15);
  for (let t = 1; t < a.length; t++) assert.ok(a[t] < a[t - 1]);
  assert.ok(a[999] > 3e-5 && a[999] < 5e-5);
});

test("DDIM with the exact Gaussian score reproduces the class law (no guidance): mean within 4 SE, variance within −20 %…+5 %", () => {
  const rng = createRng(3);
  const w = makeWorld(WORLD, rng.split());
  const ab = alphaBar(), n = 3000, D = WORLD.D, y = 2;
  const m = new Float64Array(D), v = new Float64Array(D), x = new Float64Array(D);
  for (let i = 0; i < n; i++) {
    sampleDdim(w.synth, y, { cfg: 0, omega: 0, steps: 50 }, ab, rng, x);
    for (let j = 0; j < D; j++) { m[j] += x[j] / n; v[j] += (x[j] * x[j]) / n; }
  }
  for (let j = 0; j < D; j++) {
    const s = w.synth.s[j], mu = w.synth.mu[y * D + j];
    assert.ok(Math.abs(m[j] - mu) < 4 * Math.sqrt(s / n), `mean ${m[j]} vs μ ${mu}`);
    // Deterministic DDIM with 50 steps under-disperses slightly (measured ≈ −10 %).
    const ratio = (v[j] - m[j] * m[j]) / s;
    assert.ok(ratio > 0.8 && ratio < 1.05, `variance ratio ${ratio}`);
  }
});

test("classifier-free guidance (λ = 3) shrinks the class's spread (less diverse samples)", () => {
  const rng = createRng(4);
  const w = makeWorld(WORLD, rng.split());
  const ab = alphaBar(), x = new Float64Array(WORLD.D);
  const spread = (cfg: number) => {
    // Total variance around the sample mean, in units of s (guidance also moves the mean away from the other classes).
    const r = createRng(9), n = 1500, D = WORLD.D;
    const m = new Float64Array(D), q = new Float64Array(D);
    for (let i = 0; i < n; i++) {
      sampleDdim(w.synth, 1, { cfg, omega: 0, steps: 50 }, ab, r, x);
      for (let j = 0; j < D; j++) { m[j] += x[j] / n; q[j] += (x[j] * x[j]) / n; }
    }
    let s = 0;
    for (let j = 0; j < D; j++) s += (q[j] - m[j] * m[j]) / w.synth.s[j];
    return s / D;
  };
  assert.ok(spread(3) < spread(0));
});

test("guidanceGradient is the exact gradient of H(f(h(x_t))) for a one-class noise estimate (finite differences, fresh seed)", () => {
  const r = createRng((Date.now() >>> 0) % 1e6 + 41);
  const K = 5, D = 7;
  const f = { K, D, W: r.fillNormal(new Float64Array(K * D)), b: r.fillNormal(new Float64Array(K)) };
  const s = Float64Array.from({ length: D }, () => 0.1 + r.uniform());
  const mu = r.fillNormal(new Float64Array(D));
  const a = 0.05 + 0.9 * r.uniform();
  const epsOf = (x: Float64Array) => Float64Array.from(x, (v, j) => (Math.sqrt(1 - a) * (v - Math.sqrt(a) * mu[j])) / (a * s[j] + 1 - a));
  const Hof = (x: Float64Array) => {
    const e = epsOf(x), g = new Float64Array(D);
    return guidanceGradient(f, x, e, a, s, g);
  };
  const x = r.fillNormal(new Float64Array(D));
  const grad = new Float64Array(D);
  guidanceGradient(f, x, epsOf(x), a, s, grad);
  for (let j = 0; j < D; j++) {
    const hstep = 1e-6, xp = x.slice(), xm = x.slice();
    xp[j] += hstep;
    xm[j] -= hstep;
    const fd = (Hof(xp) - Hof(xm)) / (2 * hstep);
    assert.ok(Math.abs(fd - grad[j]) < 1e-6 * (1 + Math.abs(fd)), `coordinate ${j}: analytic ${grad[j]}, difference ${fd}`);
  }
});

test("entropy guidance raises the classifier entropy of generated samples (sign of eq. (7) in score form)", () => {
  const rng = createRng(5);
  const w = makeWorld({ K: 5, D: 8, r: 2, shift: 0.3, inflate: 2 }, rng.split());
  const data = sampleReal(w, 600, rng.split());
  const L = new SoftmaxLearner(5, 8);
  const rows = new Int32Array(64);
  for (let i = 0; i < 300; i++) {
    for (let b = 0; b < 64; b++) rows[b] = rng.int(600);
    L.step(data, rows, 0.05, 0);
  }
  const H = (omega: number) => generateInto(w, 300, { cfg: 1, omega, classifier: L, steps: 30 }, createRng(6), new Dataset(8, 300));
  const h0 = H(0), h1 = H(0.005), h2 = H(0.02);
  assert.ok(h0 < h1 && h1 < h2, `entropies ${h0}, ${h1}, ${h2}`);
  assert.throws(() => sampleDdim(w.synth, 0, { cfg: 0, omega: 0.1, steps: 10 }, alphaBar(), rng, new Float64Array(8)), /needs a classifier/);
});

test("WSD schedule and the learner: warm-up, plateau, cosine to 0; Adam lowers the loss; softmax entropy ≤ log K", () => {
  const T = { iterations: 1000, batch: 8, lr: 0.1, labelSmoothing: 0, warmup: 0.1, cooldown: 0.2 };
  assert.ok(Math.abs(wsdRate(T, 0) - 0.001) < 1e-12);
  assert.equal(wsdRate(T, 500), 0.1);
  assert.ok(wsdRate(T, 999) < 1e-5);
  const z = Float64Array.from([0.3, -1, 2]), p = new Float64Array(3);
  const h = softmaxEntropy(z, p);
  assert.ok(h > 0 && h < Math.log(3) && Math.abs(p.reduce((a, b) => a + b) - 1) < 1e-15);
  const rng = createRng(7);
  const w = makeWorld(WORLD, rng.split());
  const data = sampleReal(w, 200, rng.split());
  const L = new SoftmaxLearner(4, 6), rows = Int32Array.from({ length: 200 }, (_, i) => i);
  const first = L.step(data, rows, 0.05, 0.1);
  let last = first;
  for (let i = 0; i < 100; i++) last = L.step(data, rows, 0.05, 0.1);
  assert.ok(last < 0.7 * first, `loss ${first} → ${last}`);
  assert.equal(logits(L, data.X, new Float64Array(4)).length, 4);
});

test("the Deliberate Practice loop: additions only before the cool-down, growing patience, branch-outs at each pre-addition size, deterministic", () => {
  const rng = createRng(8);
  const w = makeWorld({ K: 4, D: 6, r: 1.5, shift: 0.3, inflate: 2 }, rng.split());
  const val = sampleReal(w, 200, rng.split()), test = sampleReal(w, 400, rng.split());
  const P: DpLoopParams = {
    train: { iterations: 600, batch: 16, lr: 0.02, labelSmoothing: 0.1, warmup: 0.1, cooldown: 0.2 },
    initial: 40, add: 20, tau: 20, patience: 1, patienceStep: 1, omega: 0.01, cfg: 2, steps: 20, maxSize: 200, branchOuts: true,
  };
  const a = runDeliberatePractice(w, P, val, test, createRng(1)), b = runDeliberatePractice(w, P, val, test, createRng(1));
  assert.deepEqual(a, b);
  const adds = a.trace.additions;
  assert.ok(adds.length >= 1, "at least one addition");
  assert.ok(adds.every((i) => i < 0.8 * P.train.iterations));
  // Patience k + 1 before the (k+1)-th addition: at least (k + 1) evaluations since the previous one.
  for (let k = 1; k < adds.length; k++) assert.ok((adds[k] - adds[k - 1]) / P.tau >= k + 1, `gap before addition ${k + 1}`);
  assert.equal(a.finalSize, P.initial + adds.length * P.add);
  assert.deepEqual(a.branches.map((x) => x.size), adds.map((_, k) => P.initial + k * P.add));
  assert.equal(a.additionEntropy.length, adds.length);
  assert.equal(a.trace.forkLoss.length, adds.length);
  assert.ok(a.trace.forkValAccuracy.every((v) => v >= 0 && v <= 1));
  assert.ok(a.testAccuracy > 1 / 4);
  assert.throws(() => makeWorld({ ...WORLD, K: 1 }, rng), /K and D must be integers ≥ 2/);
});
