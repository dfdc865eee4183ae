import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { meanAndStderr } from "../../src/maths/stats";
import { validateFigure } from "../../src/lab/figure";
import * as A from "../../src/papers/accumulate/index";

test("linear cell: Theorems 1–2 within 4 SE at n ∈ {1, 5, 20} (d = 10, T = 30, 600 seeds); common real data across schedules", () => {
  const run = A.simulateLinearCell({ d: 10, T: 30, sigma2: 2, iterations: 20, seeds: 600 }, createRng(11));
  for (const data of ["replace", "accumulate"] as const) {
    const m = meanAndStderr(run.errors[data]);
    for (const n of [1, 5, 20]) {
      const th = A.olsChainError({ d: 10, T: 30, sigma2: 2, n, data, design: "fixed" });
      const z = (m.mean[n - 1] - th) / m.se[n - 1];
      assert.ok(Math.abs(z) < 4, `${data} n=${n}: ${m.mean[n - 1]} vs ${th} (z ${z.toFixed(2)})`);
    }
  }
  run.errors.replace.forEach((r, s) => assert.equal(r[0], run.errors.accumulate[s][0])); // iteration 1 = the fit on real data
});

test("linear cell rejects bad input (T ≤ d + 1, negative σ², zero iterations, one seed)", () => {
  const ok = { d: 32, T: 100, sigma2: 1, iterations: 5, seeds: 3 };
  const rng = createRng(1);
  assert.throws(() => A.simulateLinearCell({ ...ok, T: 33 }, rng), /T ≥ d \+ 2/);
  assert.throws(() => A.simulateLinearCell({ ...ok, sigma2: -1 }, rng), /sigma2 must be/);
  assert.throws(() => A.simulateLinearCell({ ...ok, iterations: 0 }, rng), /iterations must be/);
  assert.throws(() => A.simulateLinearCell({ ...ok, seeds: 1 }, rng), /seeds must be/);
});

test("linear figure builders: valid figure data, theory on the simulation's x, the offset line is twice Theorem 1 at n = 1", () => {
  const rng = createRng(5);
  const small = { d: 4, T: 12, sigma2s: [1, 10], iterations: 4, seeds: 4 };
  const figs = [
    A.buildFig1(small, rng), A.buildLinearMain(small, rng),
    A.buildLinearSweep({ d: 4, Ts: [12, 20], sigma2s: [1], iterations: 3, seeds: 3 }, rng),
    A.buildErratum({ d: 4, T: 12, sigma2: 1, iterations: 3, seeds: 3 }, rng),
    A.buildGrowing({ d: 4, T: 12, sigma2: 1, iterations: 4, seeds: 3, freshIterations: 2 }, rng),
  ];
  for (const f of figs) {
    validateFigure(f);
    for (const s of f.series.filter((x) => x.kind === "simulation")) {
      const th = f.series.find((x) => x.kind === "theory" && (x.panel ?? 0) === (s.panel ?? 0) && x.group === s.group);
      assert.ok(th, `${f.figure}: theory for ${s.name}`);
      assert.deepEqual(th!.x.slice(0, s.x.length), s.x);
      assert.equal(s.ySeeds!.length, f.figure === "fig1" || f.figure === "linear-main" ? 4 : 3);
    }
  }
  const err = figs[3];
  const t1 = err.series.find((s) => s.name === "Theorem 1: n·base")!, off = err.series.find((s) => s.name.startsWith("offset"))!;
  assert.ok(Math.abs(off.y[0] - 2 * t1.y[0]) < 1e-12 && Math.abs(t1.y[0] - 4 / 7) < 1e-12);
});

test("LM stand-in: smoothing and temperature transforms are laws; τ = 1 keeps Q; entropy rate = entropy of a Zipf row", () => {
  const rng = createRng(2);
  const V = 30;
  const truth = A.zipfMarkovLanguage(V, 1.2, 1, rng);
  const z = Array.from({ length: V }, (_, i) => Math.pow(i + 1, -1.2));
  const Z = z.reduce((a, b) => a + b, 0);
  const h = -z.reduce((a, v) => a + (v / Z) * Math.log(v / Z), 0);
  assert.ok(Math.abs(A.entropyRate(truth) - h) < 1e-9);
  const C = A.addTransitions(V, A.sampleChain(truth, 2000, rng), new Float64Array(V * V));
  let total = 0;
  for (const c of C) total += c;
  assert.equal(total, 2000);
  const Q = A.countBigram(C, V, 0.1);
  for (let s = 0; s < V; s++) {
    let row = 0;
    for (let t = 0; t < V; t++) row += Q[s * V + t];
    assert.ok(Math.abs(row - 1) < 1e-12);
  }
  const g1 = A.temperatureChain(Q, V, 1, truth.pi);
  for (let k = 0; k < V * V; k++) assert.ok(Math.abs(g1.P[k] - Q[k]) < 1e-12);
  const g03 = A.temperatureChain(Q, V, 0.3, truth.pi);
  // sharper: the most likely next token gains probability in every row
  for (let s = 0; s < V; s++) {
    let best = 0;
    for (let t = 1; t < V; t++) if (Q[s * V + t] > Q[s * V + best]) best = t;
    assert.ok(g03.P[s * V + best] >= Q[s * V + best] - 1e-12);
  }
  assert.throws(() => A.temperatureChain(Q, V, 0, truth.pi), /temperature must be > 0/);
  assert.throws(() => A.countBigram(C, V, 0), /alpha must be > 0/);
  // the exact cross-entropy of the truth is its entropy rate and any other model is worse (Gibbs)
  assert.ok(A.crossEntropy(truth, Q) > A.entropyRate(truth));
});

test("neural LM: full-batch training lowers the corpus loss, and a rich corpus gives a test loss near the truth's", () => {
  const rng = createRng(8);
  const V = 20;
  const truth = A.zipfMarkovLanguage(V, 1.2, 1, rng);
  const C = A.addTransitions(V, A.sampleChain(truth, 50000, rng), new Float64Array(V * V));
  const short = A.fitNeuralBigram(C, V, { hidden: 16, steps: 5, lr: 0.05 }, createRng(1));
  const long = A.fitNeuralBigram(C, V, { hidden: 16, steps: 300, lr: 0.05 }, createRng(1));
  assert.ok(long.trainLoss < short.trainLoss);
  const excess = A.crossEntropy(truth, long.Q) - A.entropyRate(truth);
  assert.ok(excess > 0 && excess < 0.05, `excess cross-entropy ${excess}`);
  assert.throws(() => A.fitNeuralBigram(new Float64Array(V * V), V, { hidden: 4, steps: 1, lr: 0.1 }, rng), /no transitions/);
});

test("LM chains: replace degrades at every iteration for the count model (3 seeds, V = 40)", () => {
  const rng = createRng(3);
  const truth = A.zipfMarkovLanguage(40, 1.2, 1, rng.split());
  const run = A.simulateLmStandin(truth, { V: 40, beta: 1.2, tokens: 3000, countIterations: 4, neuralIterations: 2, temperatures: [1, 0.3], alpha: 0.1, neural: { hidden: 8, steps: 10, lr: 0.05 }, seeds: 3 }, rng);
  const m = meanAndStderr(run.ce.count["replace@1"]).mean;
  for (let i = 1; i < m.length; i++) assert.ok(m[i] > m[i - 1]);
  const rows = A.table2Rows(run);
  assert.equal(rows.length, A.TABLE2.length);
  assert.match(String(rows.find((r) => r.t === 10)!["stand-in neural LM"]), /not run/);
});

test("GMM stand-in: the ring law's NLL ≈ ln K + ln(2πe·sd²) (well-separated components), and EM on a big sample nearly attains it", () => {
  const rng = createRng(4);
  const truth = A.ringMixture(8, 4, 0.5);
  const pts = A.sampleGmm(truth, 20000, rng);
  const h = Math.log(8) + Math.log(2 * Math.PI * Math.E * 0.25);
  const nll = A.meanNll(truth, pts);
  assert.ok(Math.abs(nll - h) < 0.03, `NLL ${nll} vs ${h}`);
  const fit = A.fitGmm(A.sampleGmm(truth, 4000, rng), { K: 8, iterations: 80, covFloor: 1e-3 }, rng);
  assert.ok(A.meanNll(fit, pts) - nll < 0.1, `fitted NLL ${A.meanNll(fit, pts)} vs truth ${nll}`);
  assert.throws(() => A.fitGmm(pts.subarray(0, 6), { K: 8, iterations: 1, covFloor: 0 }, rng), /K ≤ number of points/);
});

test("VAE: hand-written gradients match central finite differences (relative error < 1e-4)", () => {
  const rng = createRng(6);
  const D = 12, B = 4, o = { hidden: 5, latent: 3, steps: 1, batch: B, lr: 1e-3 };
  const v = A.initVae(D, o, rng);
  const x = new Float64Array(B * D).map(() => rng.uniform());
  const eps = rng.fillNormal(new Float64Array(B * o.latent));
  const { grads } = A.vaeGradients(v, x, B, eps);
  const ps = [v.W1, v.b1, v.Wm, v.bm, v.Wv, v.bv, v.W2, v.b2, v.W3, v.b3];
  for (let q = 0; q < ps.length; q++) {
    for (let i = 0; i < ps[q].length; i += Math.max(1, Math.floor(ps[q].length / 4))) {
      const old = ps[q][i], h = 1e-6;
      ps[q][i] = old + h;
      const lp = A.vaeGradients(v, x, B, eps).loss;
      ps[q][i] = old - h;
      const lm = A.vaeGradients(v, x, B, eps).loss;
      ps[q][i] = old;
      const num = (lp - lm) / (2 * h);
      const rel = Math.abs(num - grads[q][i]) / Math.max(1e-7, Math.abs(num) + Math.abs(grads[q][i]));
      assert.ok(rel < 1e-4, `param ${q}[${i}]: numeric ${num} vs analytic ${grads[q][i]}`);
    }
  }
});

test("VAE training lowers the test loss; class-histogram entropy; PNG grid header", () => {
  const rng = createRng(9);
  const dg = A.loadPooledDigits();
  assert.equal(dg.X.length, dg.count * A.PIXELS);
  const n = 300, x = dg.X.subarray(0, n * A.PIXELS).slice();
  const o = { hidden: 32, latent: 4, steps: 150, batch: 30, lr: 3e-3 };
  const before = A.vaeTestLoss(A.initVae(A.PIXELS, o, createRng(1)), x, n);
  const after = A.vaeTestLoss(A.trainVae(x, n, A.PIXELS, o, createRng(1)), x, n);
  assert.ok(after < 0.7 * before, `loss ${before} → ${after}`);
  assert.ok(Math.abs(A.histogramEntropy(Int32Array.from({ length: 100 }, (_, i) => i % 10)) - Math.log(10)) < 1e-12);
  assert.equal(A.histogramEntropy(new Int32Array(50).fill(3)), 0);
  const uri = A.imageGridPng(new Float64Array(4 * 9).fill(0.5), 4, 3, 2, 2);
  const png = Buffer.from(uri.split(",")[1], "base64");
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.throws(() => A.imageGridPng(new Float64Array(5), 4, 3, 2), /expected/);
  void rng;
});

test("paper's reported values: shapes and the Fig. 2 / Table 2 consistency (GPT-2 9M, t = 1 and t = 4)", () => {
  for (const r of A.FIG2_READ) {
    assert.equal(r.replace.length, 5);
    assert.equal(r.accumulate.length, 5);
    assert.equal(r.replace[0], r.accumulate[0]); // iteration 1 is the same model
  }
  const gpt = A.FIG2_READ[0];
  const t = (setting: string, tt: number) => A.TABLE2.find((r) => r.model === "GPT-2 (9M)" && r.setting === setting && r.t === tt)!.value;
  assert.equal(t("real data (t = 1)", 1), gpt.replace[0]);
  assert.equal(t("replace", 4), gpt.replace[3]);
  assert.equal(t("accumulate", 4), gpt.accumulate[3]);
});
