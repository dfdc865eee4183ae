import { test } from "node:test";
import assert from "node:assert/strict";
import { validateFigure } from "../../src/lab/figure";
import { createRng } from "../../src/maths/random";
import { meanAndStderr } from "../../src/maths/stats";
import { applyTemperature, tailCut, zipfProbabilities } from "../../src/theory/zipf/index";
import * as TT from "../../src/papers/tale-of-tails/index";

test("bigram: exact expected TV matches Monte-Carlo; the interpolated table stays within 1e-3 of exact values", () => {
  const p = zipfProbabilities(2, 300, "support").p;
  const q = applyTemperature(p, 0.8);
  const ns = [5, 50, 500, 3000];
  const rng = createRng(11);
  for (const law of [p, q]) {
    const rows = Array.from({ length: 30 }, () => TT.simulateContextTV(p, law, ns, rng.split()));
    const { mean, se } = meanAndStderr(rows);
    ns.forEach((n, j) => {
      const th = TT.expectedEmpiricalTV(p, law, n);
      assert.ok(Math.abs(mean[j] - th) <= Math.max(3 * se[j], 0.05 * th), `n=${n}: ${mean[j]} vs ${th}`);
    });
  }
  const table = new TT.ContextTVTable(p, tailCut(p, 20), 20000);
  for (const m of [77, 311, 1999, 12345]) {
    const exact = TT.expectedEmpiricalTV(p, tailCut(p, 20), m);
    assert.ok(Math.abs(table.at(m) - exact) <= 1e-3 * exact, `m=${m}: ${table.at(m)} vs ${exact}`);
  }
  assert.equal(TT.expectedEmpiricalTV(p, p, 0), 1);
  assert.throws(() => TT.expectedEmpiricalTV(p, p, 1.5), RangeError);
});

test("bigram: expected loss over contexts matches the Monte-Carlo learner", () => {
  const ctx = zipfProbabilities(2, 50, "support").p;
  const p = zipfProbabilities(2, 100, "support").p;
  const q = tailCut(p, 10);
  const Ts = [20, 200, 2000];
  const table = new TT.ContextTVTable(p, q, 2000);
  const rng = createRng(12);
  const rows = Array.from({ length: 20 }, () => TT.simulateBigramLoss(ctx, p, q, Ts, rng.split()));
  const { mean, se } = meanAndStderr(rows);
  Ts.forEach((T, j) => {
    const th = TT.expectedBigramLoss(ctx, table, T);
    assert.ok(Math.abs(mean[j] - th) <= Math.max(3 * se[j], 0.05 * th), `T=${T}: ${mean[j]} vs ${th}`);
  });
});

test("associative memory: a wide memory recalls every stored item; an empty one recalls nothing", () => {
  const rng = createRng(13);
  const N = 40;
  const p = zipfProbabilities(1.5, N, "support").p;
  const inst = TT.createMemoryInstance(N, 1024, 8, rng);
  assert.ok(TT.memoryError(inst, new Float64Array(N).fill(1), p) < 1e-12);
  assert.ok(Math.abs(TT.memoryError(inst, new Float64Array(N), p) - 1) < 1e-12);
  assert.throws(() => TT.createMemoryInstance(0, 8, 2, rng), RangeError);
});

test("Zipf–Markov language: exact CE of the truth is the entropy rate; decoding keeps rows normalised and minimal", () => {
  const rng = createRng(14);
  const lang = TT.createZipfMarkovLanguage(30, 1.5, rng);
  assert.ok(Math.abs(TT.crossEntropy(lang, lang.P) - lang.entropyRate) < 1e-12);
  let s = 0;
  for (let i = 0; i < 30; i++) s += lang.pi[i];
  assert.ok(Math.abs(s - 1) < 1e-12);
  const G = TT.decodeLaws(lang.P, 30, { topP: 0.9, tau: 1 });
  for (let i = 0; i < 30; i++) {
    let row = 0, kept = 0, minKept = Infinity, maxDropped = 0;
    for (let j = 0; j < 30; j++) {
      row += G[i * 30 + j];
      if (G[i * 30 + j] > 0) { kept += lang.P[i * 30 + j]; minKept = Math.min(minKept, lang.P[i * 30 + j]); }
      else maxDropped = Math.max(maxDropped, lang.P[i * 30 + j]);
    }
    assert.ok(Math.abs(row - 1) < 1e-12);
    assert.ok(kept >= 0.9 - 1e-12 && kept - minKept < 0.9, `row ${i}: top-p set not minimal`);
    assert.ok(maxDropped <= minKept);
  }
  // the learner's T → ∞ limit on real data alone is the (smoothed) truth
  const lim = TT.mixtureLimit(lang, G, 1);
  assert.ok(TT.crossEntropy(lang, lim) - lang.entropyRate < 0.01);
  // sampled transitions follow G
  const counts = new Float64Array(900);
  new TT.MarkovSampler(G, 30, 0).addPairs(200000, counts, rng);
  let n0 = 0;
  for (let j = 0; j < 30; j++) n0 += counts[j];
  for (let j = 0; j < 30; j++) if (G[j] === 0) assert.equal(counts[j], 0);
  assert.ok(n0 > 0);
});

test("Hutter figure builders return valid figures whose theory and Monte-Carlo agree (small sizes)", () => {
  const sizes = { N: 100000, seeds: 6, tMaxSim: 10000, tMaxTheory: 1e6 };
  const figs = [TT.buildTeaserFigure(createRng(1), 6), TT.buildScalingFigure(sizes, createRng(2)), TT.buildGenerationsFigure(sizes, createRng(3)), TT.buildMixingFigure(sizes, createRng(4))];
  for (const f of figs) {
    validateFigure(f);
    assert.ok(f.metrics.simFraction >= 0.85, `${f.figure}: fraction ${f.metrics.simFraction}`);
  }
  const scaling = figs[1].metrics;
  assert.ok(Math.abs(scaling.cleanSlope_b2 + 0.5) < 0.01);
  assert.ok(scaling.finiteMinGap_T01000 >= 0);
  assert.ok(Math.abs(figs[2].metrics.ratio_n2 - 1.2929) < 2e-3);
  assert.ok(figs[3].metrics.tailFloorNear < figs[3].metrics.tailFloorFar);
});

test("GCD stand-in: outcome law ∝ 1/k², labels correct, a tiny model trains and predicts", async () => {
  assert.equal(TT.gcd(12, 18), 6);
  assert.equal(TT.gcd(7, 1), 1);
  const d = TT.cleanGcdData(20000, createRng(15));
  const c = new Array(TT.GCD.classes).fill(0);
  for (let t = 0; t < d.label.length; t++) {
    assert.equal(TT.gcd(d.a[t], d.b[t]), d.label[t]);
    c[d.label[t] - 1]++;
  }
  // P(gcd = 1)/P(gcd = 2) ≈ 4 (Zipf β = 2), within sampling noise and the finite operand range
  assert.ok(Math.abs(c[0] / c[1] - 4) < 0.5, `ratio ${c[0] / c[1]}`);
  const { tf } = await TT.loadTf();
  const small = TT.cleanGcdData(1024, createRng(16));
  const model = await TT.trainGcdModel(tf, small, 1, createRng(17));
  const pred = TT.predictGcd(tf, model, small);
  assert.equal(pred.length, 1024);
  for (const v of pred) assert.ok(v >= 1 && v <= TT.GCD.classes);
  const { acc } = TT.perGcdAccuracy(small, pred);
  assert.equal(acc.length, TT.GCD.classes);
  model.dispose();
});
