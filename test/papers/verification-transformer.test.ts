import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import * as V from "../../src/papers/verification/index";

const CODE: V.NumberCode = { base: 20, digits: 2, resolution: 0.1 };

test("fixed-point number code: layout, round trip to the resolution, clipping, no negative zero", () => {
  const L = V.layout(CODE);
  assert.deepEqual(L, { perNumber: 3, inLen: 18, outLen: 9, seqLen: 28, vocab: 23 });
  const out = new Int32Array(3);
  const rng = createRng(5);
  for (let t = 0; t < 1000; t++) {
    const v = 78 * rng.uniform() - 39;
    V.encodeNumber(v, CODE, out, 0);
    assert.ok(Math.abs(V.decodeNumber(out, 0, CODE) - v) <= 0.05 + 1e-9, `round trip ${v}`);
  }
  V.encodeNumber(-0.01, CODE, out, 0);
  assert.equal(out[0], 1, "−0.01 rounds to +0");
  V.encodeNumber(-123, CODE, out, 0);
  assert.ok(Math.abs(V.decodeNumber(out, 0, CODE) + 39.9) < 1e-9, "clipped to the largest magnitude 399 × 0.1");
  assert.throws(() => V.layout({ base: 1, digits: 1, resolution: 0.1 }), RangeError);
});

test("encodeExamples: entries, separator, targets", () => {
  const data = V.sampleEigenData(3, createRng(1));
  const seq = V.encodeExamples(data.x, data.eig, CODE);
  const L = V.layout(CODE);
  for (let i = 0; i < 3; i++) {
    for (let k = 0; k < 6; k++) assert.ok(Math.abs(V.decodeNumber(seq, i * L.seqLen + 3 * k, CODE) - data.x[6 * i + k] * V.MAX_COEFF) <= 0.05 + 1e-6);
    assert.equal(seq[i * L.seqLen + L.inLen], 0);
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(V.decodeNumber(seq, i * L.seqLen + L.inLen + 1 + 3 * k, CODE) - data.eig[3 * i + k]) <= 0.05 + 1e-9);
  }
});

test("seeded training lowers the loss; beam search: K = 1 is greedy, beams sorted by log-probability, deterministic", async () => {
  const { tf } = await V.loadTf();
  const rng = createRng(3);
  const train = V.sampleEigenData(2000, rng), test = V.sampleEigenData(40, rng);
  const s: V.TransformerSettings = { dModel: 32, heads: 2, layers: 1, ff: 64, lr: 3e-3, warmup: 5, batch: 64, steps: 60, code: CODE };
  const m = await V.trainEigenTransformer(tf, train.x, train.eig, s, createRng(9));
  // uniform guessing over the 2 signs and 20 digits: (ln 2 + 2 ln 20) / 3 = 2.23 nats per token
  assert.ok(m.finalLoss < 2.0, `loss ${m.finalLoss}`);
  const g = m.greedy(test.x), b1 = m.beamSearch(test.x, 1);
  assert.deepEqual(Array.from(g), Array.from(b1.values));
  const K = 4, bs = m.beamSearch(test.x, K);
  for (let i = 0; i < test.n; i++) {
    for (let b = 1; b < K; b++) assert.ok(bs.logProb[i * K + b] <= bs.logProb[i * K + b - 1] + 1e-9);
    assert.ok(bs.logProb[i * K] <= 0);
  }
  m.dispose();
  const m2 = await V.trainEigenTransformer(tf, train.x, train.eig, s, createRng(9));
  assert.deepEqual(Array.from(m2.greedy(test.x)), Array.from(g), "same seed, same model");
  m2.dispose();
});
