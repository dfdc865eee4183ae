/**
 * Stand-ins of "Strong Model Collapse": the Zipf–Markov language (Fig. 8) and the MNIST models (Fig. 7).
 * Properties on fresh seeded inputs; no [U] value is asserted as the paper's.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { mean } from "../../src/maths/stats";
import {
  markovChain,
  zipfMarkovLanguage,
  sampleChain,
  countTransitions,
  contextSlots,
  fitStudent,
  crossEntropy,
  entropyRate,
  fitGenerator,
  simulateLanguageMix,
  loadMnistDigits,
  standardizeDigits,
  oneHot,
  reluFeatureKernel,
  simulateMnistKernel,
  simulateMnistTwoLayer,
  generatorTargets,
  splitDigits,
  strongCollapseTf,
} from "../../src/papers/strong-collapse/index";

test("Zipf–Markov language: rows are distributions and π is stationary", () => {
  const rng = createRng(31);
  for (let k = 0; k < 5; k++) {
    const V = 5 + rng.int(60);
    const L = zipfMarkovLanguage(V, 0.8 + rng.uniform(), rng.uniform(), rng);
    let piSum = 0;
    for (let t = 0; t < V; t++) {
      let next = 0;
      for (let s = 0; s < V; s++) next += L.pi[s] * L.P[s * V + t];
      assert.ok(Math.abs(next - L.pi[t]) < 1e-10, `πP = π at token ${t}`);
      piSum += L.pi[t];
    }
    assert.ok(Math.abs(piSum - 1) < 1e-12);
  }
  assert.throws(() => markovChain(2, new Float64Array([0.5, 0.4, 0.5, 0.5])), /row 0 sums/);
});

test("exact cross-entropy: H(P, Q) ≥ H(P) with equality at Q = P (Gibbs)", () => {
  const rng = createRng(32);
  const V = 30;
  const L = zipfMarkovLanguage(V, 1.2, 0.7, rng);
  const H = entropyRate(L);
  assert.ok(H > 0 && H < Math.log(V));
  for (let k = 0; k < 10; k++) {
    const Q = new Float64Array(V * V);
    for (let s = 0; s < V; s++) {
      let z = 0;
      for (let t = 0; t < V; t++) z += (Q[s * V + t] = rng.uniform() + 1e-3);
      for (let t = 0; t < V; t++) Q[s * V + t] /= z;
    }
    assert.ok(crossEntropy(L, Q) > H);
  }
});

test("sampled paths have the chain's transition frequencies; a student on many real tokens approaches H(P)", () => {
  const rng = createRng(33);
  const V = 12;
  const L = zipfMarkovLanguage(V, 1, 0.6, rng);
  const T = 200000;
  const C = countTransitions(V, sampleChain(L, T, rng));
  for (let s = 0; s < V; s++) {
    let row = 0;
    for (let t = 0; t < V; t++) row += C[s * V + t];
    assert.ok(Math.abs(row / T - L.pi[s]) < 5 * Math.sqrt(L.pi[s] / T) + 1e-3, `visit frequency of ${s}`);
  }
  const ident = contextSlots(L.pi, V);
  const Q = fitStudent(V, C, ident, 0.01);
  assert.ok(crossEntropy(L, Q) - entropyRate(L) < 2e-3, `KL ${crossEntropy(L, Q) - entropyRate(L)}`);
  // capacity 1 = unigram model: its loss cannot beat the unigram entropy lower bound of the full model
  const uni = fitStudent(V, C, contextSlots(L.pi, 1), 0.01);
  assert.ok(crossEntropy(L, uni) > crossEntropy(L, Q));
});

test("contextSlots: K = V gives distinct slots, K < V pools the rare contexts into one slot", () => {
  const pi = Float64Array.from([0.1, 0.4, 0.2, 0.3]);
  assert.deepEqual(Array.from(contextSlots(pi, 4)).sort(), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(contextSlots(pi, 2)), [1, 0, 1, 1]);
  assert.deepEqual(Array.from(contextSlots(pi, 1)), [0, 0, 0, 0]);
  assert.throws(() => contextSlots(pi, 0), /contextSlots: K/);
});

test("language mix: clean loss falls with tokens; at many tokens more synthetic text costs more", () => {
  const rng = createRng(34);
  const L = zipfMarkovLanguage(40, 1.3, 0.8, rng);
  const gen = fitGenerator(L, 2000, 0.1, rng);
  const tokens = [1000, 10000, 100000];
  const res = simulateLanguageMix(L, gen, { tokens, p2s: [0, 0.2, 1], capacities: [40], k: 0.05 }, rng)[0];
  const H = entropyRate(L);
  assert.ok(res[0][2] < res[0][1] && res[0][1] < res[0][0], "clean loss decreases in T");
  assert.ok(res[0][2] - H < res[1][2] - H && res[1][2] - H < res[2][2] - H, "ordering in p₂ at T = 1e5");
  // purely synthetic students approach the generator's own loss from above (within sampling noise)
  assert.ok(res[2][2] > crossEntropy(L, gen.P) - 0.01);
});

test("MNIST digits: 10 000 real images with labels 0–9; standardisation has mean-square 1", () => {
  const data = loadMnistDigits();
  assert.equal(data.n, 10000);
  assert.equal(data.dim, 784);
  const counts = new Array(10).fill(0);
  for (const l of data.labels) counts[l]++;
  assert.ok(counts.every((c) => c > 800));
  let lo = Infinity, hi = -Infinity;
  for (let t = 0; t < 784 * 50; t++) {
    lo = Math.min(lo, data.X[t]);
    hi = Math.max(hi, data.X[t]);
  }
  assert.ok(lo >= 0 && hi <= 1);
  const z = standardizeDigits(data);
  let ss = 0;
  for (let t = 0; t < z.X.length; t++) ss += z.X[t] * z.X[t];
  assert.ok(Math.abs(ss / z.X.length - 1) < 1e-9);
  assert.deepEqual(Array.from(oneHot([2], 4)), [0, 0, 1, 0]);
});

test("reluFeatureKernel is the infinite-width limit of √(2/m)·ReLU(Wx + b) features", () => {
  const rng = createRng(35);
  const dim = 6, nA = 3, nB = 2, m = 200000;
  const A = rng.fillNormal(new Float64Array(nA * dim));
  const B = rng.fillNormal(new Float64Array(nB * dim));
  const K = reluFeatureKernel(A, nA, B, nB, dim);
  const mc = new Float64Array(nA * nB);
  const w = new Float64Array(dim);
  const fa = new Float64Array(nA), fb = new Float64Array(nB);
  for (let r = 0; r < m; r++) {
    rng.fillNormal(w, Math.sqrt(1 / dim));
    const b = rng.normal();
    for (let i = 0; i < nA; i++) {
      let z = b;
      for (let j = 0; j < dim; j++) z += w[j] * A[i * dim + j];
      fa[i] = Math.max(0, z);
    }
    for (let i = 0; i < nB; i++) {
      let z = b;
      for (let j = 0; j < dim; j++) z += w[j] * B[i * dim + j];
      fb[i] = Math.max(0, z);
    }
    for (let i = 0; i < nA; i++) for (let j = 0; j < nB; j++) mc[i * nB + j] += (2 * fa[i] * fb[j]) / m;
  }
  for (let t = 0; t < nA * nB; t++) assert.ok(Math.abs(mc[t] - K.data[t]) <= 0.03 * Math.abs(K.data[t]) + 0.01, `entry ${t}: MC ${mc[t]} vs ${K.data[t]}`);
  // k(x, x) = ‖x‖²/dim + 1
  const Kaa = reluFeatureKernel(A, nA, A, nA, dim);
  for (let i = 0; i < nA; i++) {
    let q = 0;
    for (let j = 0; j < dim; j++) q += A[i * dim + j] ** 2;
    assert.ok(Math.abs(Kaa.data[i * nA + i] - (q / dim + 1)) < 1e-9);
  }
});

test("MNIST stand-in at small size: the weak generator beats chance, clean kernel loss falls, p₂ = 1 is worse", () => {
  const data = standardizeDigits(loadMnistDigits());
  const rng = createRng(36);
  const split = splitDigits(data.n, 300, 200, rng);
  const gen = generatorTargets(data, split.gen, split.pool.subarray(0, 500), 1, "argmax");
  assert.ok(gen.accuracy > 0.5, `generator accuracy ${gen.accuracy}`);
  const r = simulateMnistKernel(data, { ns: [100, 400], p2s: [0, 1], lambda: 1e-5, nTest: 300, nGen: 200, genLambda: 1, generatorOutput: "soft" }, createRng(37));
  assert.ok(r.loss[0][1] < r.loss[0][0], "clean loss decreases with n");
  assert.ok(r.loss[1][1] > r.loss[0][1], "all-synthetic labels give a larger loss");
  assert.ok(mean(r.loss[0]) < 0.09);
});

test("two-layer network stand-in runs end to end (tiny budget) and returns finite losses", async () => {
  const data = standardizeDigits(loadMnistDigits());
  const r = await simulateMnistTwoLayer(data, { ns: [64], p2s: [0, 1], width: 8, steps: 5, batch: 32, learningRate: 1e-2, nTest: 100, nGen: 50, genLambda: 1, generatorOutput: "soft" }, createRng(38));
  assert.equal(r.loss.length, 2);
  for (const row of r.loss) for (const v of row) assert.ok(Number.isFinite(v) && v > 0 && v < 5);
});

test("strongCollapseTf leaves no emscripten crash handlers on the process", async () => {
  await strongCollapseTf();
  const emscripten = [...process.listeners("uncaughtException"), ...process.listeners("unhandledRejection")].filter((l) => /ExitStatus|throw reason/.test(String(l)));
  assert.equal(emscripten.length, 0);
});
