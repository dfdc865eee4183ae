import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { crossEntropy, entropyRate, markovChain, sampleChain, zipfMarkovLanguage } from "../../src/theory/zipf/markov-language";

test("Zipf–Markov language: stochastic rows, stationary law, γ = 1 rows are permuted Zipf laws (fresh seed)", () => {
  const rng = createRng((Date.now() >>> 0) % 1e6);
  const V = 40, beta = 1.3;
  const L = zipfMarkovLanguage(V, beta, 1, rng);
  const z = Array.from({ length: V }, (_, i) => (i + 1) ** -beta);
  const Z = z.reduce((a, b) => a + b, 0);
  const sortedZ = z.map((v) => v / Z).sort((a, b) => a - b);
  for (let s = 0; s < V; s++) {
    const row = Array.from(L.P.subarray(s * V, s * V + V)).sort((a, b) => a - b);
    row.forEach((v, i) => assert.ok(Math.abs(v - sortedZ[i]) < 1e-15, `seed ${rng.seed}, row ${s}`));
  }
  for (let t = 0; t < V; t++) {
    let next = 0;
    for (let s = 0; s < V; s++) next += L.pi[s] * L.P[s * V + t];
    assert.ok(Math.abs(next - L.pi[t]) < 1e-12, "πP = π");
  }
});

test("exact cross-entropy: CE(P, P) = entropy rate ≤ CE(P, Q) (Gibbs); empirical path frequencies follow π", () => {
  const rng = createRng(5);
  const L = zipfMarkovLanguage(25, 1.5, 0.5, rng);
  const H = entropyRate(L);
  assert.equal(crossEntropy(L, L.P), H);
  const Q = new Float64Array(25 * 25).fill(1 / 25);
  assert.ok(crossEntropy(L, Q) > H);
  assert.ok(Math.abs(crossEntropy(L, Q) - Math.log(25)) < 1e-12, "uniform Q costs log V");
  const path = sampleChain(L, 200000, rng);
  const f = new Float64Array(25);
  for (const t of path) f[t] += 1 / path.length;
  for (let t = 0; t < 25; t++) assert.ok(Math.abs(f[t] - L.pi[t]) < 0.01, `token ${t}: ${f[t]} vs π ${L.pi[t]}`);
});

test("bad input: clear RangeErrors", () => {
  assert.throws(() => zipfMarkovLanguage(0, 1, 1, createRng(1)), /V must be a positive integer/);
  assert.throws(() => zipfMarkovLanguage(5, 1, 2, createRng(1)), /gamma must be in \[0, 1\]/);
  assert.throws(() => markovChain(2, new Float64Array([0.5, 0.4, 0.5, 0.5])), /row 0 sums to 0.9/);
});
