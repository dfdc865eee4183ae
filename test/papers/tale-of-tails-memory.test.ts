import { test } from "node:test";
import assert from "node:assert/strict";
import { validateFigure } from "../../src/lab/figure";
import { createRng } from "../../src/maths/random";
import { createAliasSampler, sampleCounts, zipfProbabilities } from "../../src/theory/zipf/index";
import * as TT from "../../src/papers/tale-of-tails/index";

test("storage rules: 1{seen}, n^ρ and top-⌊ratio·d⌋ weights on given counts", () => {
  const counts = Int32Array.from([9, 0, 4, 1, 0, 16]);
  assert.deepEqual(Array.from(TT.storageWeights(counts, { kind: "seen" }, 8)), [1, 0, 1, 1, 0, 1]);
  assert.deepEqual(Array.from(TT.storageWeights(counts, { kind: "power", rho: 0.5 }, 8)), [3, 0, 2, 1, 0, 4]);
  assert.deepEqual(Array.from(TT.storageWeights(counts, { kind: "power", rho: 1 }, 8)), [9, 0, 4, 1, 0, 16]);
  // d = 4, ratio ½ → 2 slots: the two most frequent seen items (16 at index 5, 9 at index 0)
  assert.deepEqual(Array.from(TT.storageWeights(counts, { kind: "top", ratio: 0.5 }, 4)), [1, 0, 0, 0, 0, 1]);
  // more slots than seen items: every seen item, never an unseen one
  assert.deepEqual(Array.from(TT.storageWeights(counts, { kind: "top", ratio: 0.5 }, 100)), [1, 0, 1, 1, 0, 1]);
  assert.throws(() => TT.storageWeights(counts, { kind: "power", rho: 0 }, 8), RangeError);
  assert.throws(() => TT.storageWeights(counts, { kind: "top", ratio: 0 }, 8), RangeError);
  assert.throws(() => TT.storageWeights(Int32Array.from([1, -1]), { kind: "seen" }, 8), RangeError);
});

test("interference-free error of a rule: the unseen (or unstored) mass × (1 − 1/m); top rule = cappedRuleError", () => {
  const p = zipfProbabilities(2, 6, "support").p;
  const counts = Int32Array.from([9, 0, 4, 1, 0, 16]);
  const unseen = (1 - 1 / 5) * (p[1] + p[4]);
  for (const spec of [{ kind: "seen" }, { kind: "power", rho: 1 }, { kind: "power", rho: 0.5 }] as TT.StorageSpec[]) {
    assert.ok(Math.abs(TT.interferenceFreeError(counts, p, spec, 4, 5) - unseen) < 1e-15, JSON.stringify(spec));
  }
  for (const d of [2, 4, 6, 100]) {
    assert.ok(Math.abs(TT.interferenceFreeError(counts, p, { kind: "top", ratio: TT.CAPPED_RATIO }, d, 5) - TT.cappedRuleError(counts, p, d, 5)) < 1e-15, `d=${d}`);
  }
  assert.throws(() => TT.interferenceFreeError(counts, p.subarray(0, 5), { kind: "seen" }, 4, 5), RangeError);
});

test("power rule: predicted exponent (β − 1)/(2ρβ) and its domain", () => {
  assert.equal(TT.powerRuleExponent(2, 1), 0.25);
  assert.equal(TT.powerRuleExponent(2, 0.5), 0.5);
  assert.ok(Math.abs(TT.powerRuleExponent(1.5, 1) - 1 / 6) < 1e-15);
  assert.throws(() => TT.powerRuleExponent(2, 0.25), RangeError); // 2ρβ = 1: the interference sum diverges
  assert.throws(() => TT.powerRuleExponent(1, 1), RangeError);
});

test("memory under n^ρ: a memory much wider than its load matches the rule without interference; the interference term falls with d", () => {
  const N = 200, m = 10;
  const p = zipfProbabilities(2, N, "support").p;
  const sampler = createAliasSampler(p);
  const rng = createRng(31);
  const spec: TT.StorageSpec = { kind: "power", rho: 0.5 };
  let wide = 0, base = 0;
  const excess = new Map<number, number>([[32, 0], [512, 0]]);
  const S = 12;
  for (let s = 0; s < S; s++) {
    const r = rng.split();
    const counts = sampleCounts(sampler, 20000, r);
    const q = TT.storageWeights(counts, spec, 0);
    const b = TT.interferenceFreeError(counts, p, spec, 0, m);
    base += b / S;
    wide += TT.memoryError(TT.createMemoryInstance(N, 8192, m, r), q, p) / S;
    for (const d of excess.keys()) excess.set(d, excess.get(d)! + (TT.memoryError(TT.createMemoryInstance(N, d, m, r), q, p) - b) / S);
  }
  // measured at seed 31: wide − base = 0.0012; excess over the rule at d = 32: 0.085, at d = 512: 0.013
  assert.ok(wide - base < 0.1 * excess.get(32)!, `wide ${wide} vs base ${base}, excess at d=32 ${excess.get(32)}`);
  assert.ok(excess.get(512)! < 0.5 * excess.get(32)!, `excess d=512 ${excess.get(512)} vs d=32 ${excess.get(32)}`);
});

test("storage-rule figure: valid figure data; the top rule's baseline is the rank cut; seen rule overflows a small memory", () => {
  const fig = TT.buildStorageRuleFigure({ seeds: 3, dims: [16, 128, 256] }, createRng(5));
  validateFigure(fig);
  for (const k of ["power1", "power0.5"]) assert.ok(Number.isFinite(fig.metrics[`exponent_${k}`]) && fig.metrics[`exponentSe_${k}`] > 0, k);
  assert.equal(fig.metrics.predicted_power1, 0.25);
  assert.ok(fig.metrics.baseExponent_top > 0.8, `rank-cut exponent ${fig.metrics.baseExponent_top}`);
  assert.ok(fig.metrics.seenErrorSmallestD > 0.5, `seen rule at d = 16: ${fig.metrics.seenErrorSmallestD}`);
});
