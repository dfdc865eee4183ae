import { test } from "node:test";
import assert from "node:assert/strict";
import { validateFigure } from "../../src/lab/figure";
import { createRng } from "../../src/maths/random";
import { meanAndStderr } from "../../src/maths/stats";
import { describeAgreement, testAgreement } from "../../src/lab/agreement";
import { applyTemperature, createAliasSampler, sampleCounts, tailCut, zipfProbabilities } from "../../src/theory/zipf/index";
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

test("capped storage rule alone: stores the ⌊d/2⌋ most frequent seen items; a wide capped memory matches it", () => {
  const p = zipfProbabilities(2, 10, "support").p;
  const counts = Int32Array.from([5, 0, 7, 1, 0, 0, 2, 0, 0, 0]);
  // d = 6 → 3 slots: items 2 (7), 0 (5), 6 (2) are stored
  const want = (1 - 1 / 4) * (1 - (p[2] + p[0] + p[6]));
  assert.ok(Math.abs(TT.cappedRuleError(counts, p, 6, 4) - want) < 1e-15);
  assert.ok(Math.abs(TT.cappedRuleError(new Int32Array(10), p, 6, 4) - 0.75) < 1e-15);
  assert.throws(() => TT.cappedRuleError(counts, p, 0, 4), RangeError);
  // a memory far wider than its load recalls every stored item, and other items only by chance
  const rng = createRng(22);
  const N = 60, m = 8, d = 40;
  const law = zipfProbabilities(2, N, "support").p;
  const sampler = createAliasSampler(law);
  let mem = 0, rule = 0;
  for (let s = 0; s < 20; s++) {
    const inst = TT.createMemoryInstance(N, 2048, m, rng.split());
    const r = rng.split();
    const c = sampleCounts(sampler, 300, r);
    const q = new Float64Array(N);
    const order = Array.from({ length: N }, (_, i) => i).filter((i) => c[i] > 0).sort((a, b) => c[b] - c[a] || a - b);
    for (const i of order.slice(0, d / 2)) q[i] = 1;
    mem += TT.memoryError(inst, q, law) / 20;
    rule += TT.cappedRuleError(c, law, d, m) / 20;
  }
  // unstored items are right by chance 1/m in the memory as in the rule: equal up to that chance's noise
  assert.ok(Math.abs(mem - rule) < 0.25 * rule, `memory ${mem} vs rule alone ${rule}`);
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

test("Hutter figure builders: valid figures with per-seed simulated series that agree with the exact sums (small sizes)", () => {
  const sizes = { N: 100000, seeds: 6, finiteSeeds: 6, tMaxSim: 10000, tMaxTheory: 1e6 };
  const figs = [TT.buildTeaserFigure(createRng(1), 6), TT.buildScalingFigure(sizes, createRng(2)), TT.buildGenerationsFigure(sizes, createRng(3)), TT.buildMixingFigure(sizes, createRng(4))];
  for (const f of figs) {
    validateFigure(f);
    for (const s of f.series.filter((s) => s.kind === "simulation" && s.yErr)) {
      assert.ok(s.ySeeds && s.ySeeds.length >= 6 && s.ySeeds.every((r) => r.length === s.x.length), `${f.figure} ${s.name}: per-seed rows`);
    }
    const { points } = TT.comparedPoints(f);
    const r = testAgreement(points);
    assert.ok(r.pass, `${f.figure}: ${describeAgreement(r, NaN)}`);
  }
  const scaling = figs[1].metrics;
  assert.ok(Math.abs(scaling.cleanSlope_b2 + 0.5) < 0.01);
  assert.ok(scaling.finiteMinGap_T01000 >= 0);
  assert.ok(Math.abs(figs[2].metrics.ratio_n2 - 1.2929) < 2e-3);
  assert.ok(figs[3].metrics.tailFloorNear < figs[3].metrics.tailFloorFar);
});

test("comparedPoints leaves out only points without spread that equal theory within 0.1%", () => {
  const base = { figure: "f", title: "t", params: {}, axes: { x: { title: "x" }, y: { title: "y" } } };
  const fig = { ...base, series: [
    { name: "th", kind: "theory" as const, x: [1, 2, 3], y: [1, 1, 1], group: "g" },
    { name: "sim", kind: "simulation" as const, x: [1, 2, 3], y: [1.0005, 1.01, 1.2], yErr: [0, 0.01, 0], ySeeds: [[1.0005, 1.0, 1.2], [1.0005, 1.02, 1.2]], group: "g" },
  ] };
  const { points, withoutSpread } = TT.comparedPoints(fig);
  assert.equal(withoutSpread, 1);
  assert.deepEqual(points.map((p) => p.x), [2, 3]); // x = 3 has no spread but is 20% off: kept, and fails
  assert.equal(testAgreement(points).pass, false);
});

test("Zipf exponent MLE recovers the exponent of sampled Zipf laws (clean and tempered)", () => {
  const rng = createRng(21);
  for (const [beta, tau] of [[2, 1], [2, 0.75], [1.5, 0.8]]) {
    const q = applyTemperature(zipfProbabilities(beta, 5000, "support").p, tau);
    const sampler = createAliasSampler(q);
    const fits = Array.from({ length: 20 }, () => TT.zipfExponentMle(sampleCounts(sampler, 5000, rng)));
    const m = TT.meanSe(fits);
    assert.ok(Math.abs(m.value - beta / tau) <= 4 * m.se + 0.01, `β/τ = ${beta / tau}: ${m.value} ± ${m.se}`);
  }
  // exact: on {1, 2} with counts (4, 1), E_s[log r] = 2^{-s} log 2/(1 + 2^{-s}) = log(2)/5 ⇔ 2^{-s} = 1/4 ⇔ s = 2
  assert.ok(Math.abs(TT.zipfExponentMle(Int32Array.from([4, 1])) - 2) < 1e-8);
  assert.throws(() => TT.zipfExponentMle(Int32Array.from([3, 0])), RangeError);
  assert.throws(() => TT.zipfExponentMle(Int32Array.from([0, 0])), RangeError);
});

test("jackknife statistics of seeded series: slope of an exact power law has zero SE; paired statistics need equal seeds", () => {
  const x = [10, 100, 1000];
  const rows = [0.9, 1, 1.1].map((a) => x.map((t) => a * Math.pow(t, -0.5)));
  const s = TT.seededSeries("s", "simulation", x, rows, 0, "g");
  const e = TT.logLogSlopeEstimate(s);
  assert.ok(Math.abs(e.value + 0.5) < 1e-12 && e.se < 1e-12);
  const m = TT.estimateAtEnd(s);
  assert.ok(Math.abs(m.mean - Math.pow(1000, -0.5)) < 1e-12 && m.se > 0);
  const other = TT.seededSeries("o", "simulation", x, rows.slice(0, 2), 0, "g");
  assert.throws(() => TT.pairedStatistic(s, other, (a, b) => a[0] - b[0]), RangeError);
  assert.throws(() => TT.statistic({ name: "n", kind: "simulation", x, y: x }, (y) => y[0]), RangeError);
});

test("seedwiseDecrease: the smallest fraction of seeds decreasing over consecutive points, robust to one catastrophic seed", () => {
  const rows = [[3, 2, 1], [3, 2, 1], [3, 2, 1], [0.5, 9, 1]]; // the last seed is catastrophic at the second point
  const s = TT.seededSeries("s", "simulation", [1, 2, 3], rows, 0, "g");
  const w = TT.seedwiseDecrease(s, [0, 1, 2]);
  assert.equal(w.fraction, 0.75);
  assert.deepEqual(w.at, [1, 2]);
  assert.equal(w.se, 0.25);
  assert.equal(TT.seedwiseDecrease(s, [1, 2]).fraction, 1);
  assert.throws(() => TT.seedwiseDecrease(s, [0]), RangeError);
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

test("excessSlopeEstimate: slope of y − floor for an exact power-law approach, zero SE; NaN when the excess is not positive", () => {
  const x = [1e3, 1e4, 1e5, 1e6];
  const rows = [0.8, 1, 1.2].map((a) => x.map((t) => 0.05 + a * Math.pow(t, -0.4)));
  const s = TT.seededSeries("s", "simulation", x, rows, 0, "g");
  const e = TT.excessSlopeEstimate(s, 0.05, 1e4, 1e6);
  assert.ok(Math.abs(e.value + 0.4) < 1e-12 && e.se < 1e-10, `${e.value} ± ${e.se}`);
  // a floor above the curve makes the slope NaN (fails any check made of it)
  assert.ok(Number.isNaN(TT.excessSlopeEstimate(s, 0.06, 1e4, 1e6).value));
  assert.throws(() => TT.excessSlopeEstimate(s, 0.05, 2e6, 3e6), RangeError);
});

test("approachSteps: decreases between consecutive points with jackknife SEs", () => {
  const rows = [[3, 2, 1.5], [3.2, 2.1, 1.6], [2.8, 1.9, 1.4]];
  const s = TT.seededSeries("s", "simulation", [1, 10, 100], rows, 0, "g");
  const st = TT.approachSteps(s, [0, 1, 2]);
  assert.equal(st.length, 2);
  assert.deepEqual([st[0].from, st[0].to, st[1].from, st[1].to], [1, 10, 10, 100]);
  assert.ok(Math.abs(st[0].value - 1) < 1e-12 && Math.abs(st[1].value - 0.5) < 1e-12);
  // per-seed steps (1, 1.1, 0.9): SE of their mean = 0.1/√3
  assert.ok(Math.abs(st[0].se - 0.1 / Math.sqrt(3)) < 1e-12, `${st[0].se}`);
  assert.throws(() => TT.approachSteps(s, [0]), RangeError);
});

test("LM stand-in smoothing: Dirichlet weight α = alphaT/T vanishes with T; rows are laws; unseen contexts uniform; cut tokens get ≈ ε/V", () => {
  assert.equal(TT.dirichletWeight(1000), 1e-3);
  assert.equal(TT.dirichletWeight(0), 1);
  assert.throws(() => TT.dirichletWeight(-1), RangeError);
  const V = 4, eps = TT.LM_SMOOTHING.epsilon;
  const counts = new Float64Array(V * V);
  counts[0] = 600; counts[1] = 400; // context 0 seen 1000 times, tokens 2 and 3 never; other contexts never seen
  const Q = TT.bigramModel(counts, V);
  for (let i = 0; i < V; i++) {
    let s = 0;
    for (let j = 0; j < V; j++) s += Q[i * V + j];
    assert.ok(Math.abs(s - 1) < 1e-12, `row ${i} sums to ${s}`);
  }
  const alpha = 1e-3; // = 1/T, T = 1000
  assert.ok(Math.abs(Q[2] - ((1 - eps) * (alpha / V) / (1000 + alpha) + eps / V)) < 1e-15);
  assert.ok(Math.abs(Q[2] - eps / V) < 2e-3 * (eps / V)); // the prior adds ≈ 1/(T n_i V) = 2.5e-7, 0.1% of ε/V
  assert.ok(Math.abs(Q[0] - ((1 - eps) * 0.6 + eps / V)) < 1e-6);
  for (let j = 0; j < V; j++) assert.ok(Math.abs(Q[V + j] - 1 / V) < 1e-12); // unseen context: uniform
});

test("LM stand-in: the learner's loss approaches its exact T → ∞ limit from above (small language, top-p generator)", () => {
  const rng = createRng(31);
  const lang = TT.createZipfMarkovLanguage(20, 1.5, rng.split());
  const gen0c = new Float64Array(400);
  new TT.MarkovSampler(lang.P, 20, 0).addPairs(20000, gen0c, rng);
  const G = TT.decodeLaws(TT.bigramModel(gen0c, 20), 20, { topP: 0.8, tau: 1 });
  const lim = TT.crossEntropy(lang, TT.mixtureLimit(lang, G, 0));
  const c = new Float64Array(400);
  const s = new TT.MarkovSampler(G, 20, 0);
  let done = 0;
  const ce: number[] = [];
  for (const T of [1000, 10000, 100000, 1000000]) { s.addPairs(T - done, c, rng); done = T; ce.push(TT.crossEntropy(lang, TT.bigramModel(c, 20))); }
  for (let k = 1; k < ce.length; k++) assert.ok(ce[k] < ce[k - 1], `not decreasing: ${ce}`);
  assert.ok(ce[ce.length - 1] > lim && ce[ce.length - 1] - lim < 0.01, `end ${ce[ce.length - 1]} vs limit ${lim}`);
});
