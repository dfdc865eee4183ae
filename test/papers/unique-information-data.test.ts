import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { drawDigitSplits, requests, withLabelNoise, streetLike, digitImages } from "../../src/papers/unique-information/digits";
import { auroc, pearson, spearman, fisherZ, accuracy, groupMean } from "../../src/papers/unique-information/metrics";
import { imbalancedDigits, subclassDigits } from "../../src/papers/unique-information/experiments";
import { twoGaussians } from "../../src/papers/unique-information/synthetic";
import { fourNineSets } from "../../src/papers/unique-information/table1";

test("AUROC equals the pairwise definition P(pos > neg) + ½P(tie) on fresh random scores (property, 5 draws)", () => {
  const rng = createRng(21);
  for (let d = 0; d < 5; d++) {
    const pos = Array.from({ length: 7 + d }, () => Math.round(10 * rng.uniform()) / 2);
    const neg = Array.from({ length: 11 - d }, () => Math.round(8 * rng.uniform()) / 2);
    let s = 0;
    for (const p of pos) for (const q of neg) s += p > q ? 1 : p === q ? 0.5 : 0;
    assert.ok(Math.abs(auroc(pos, neg).auc - s / (pos.length * neg.length)) < 1e-12);
  }
  assert.throws(() => auroc([], [1]), /needs positives and negatives/);
});

test("Pearson and Spearman: exact on linear and monotone data, Fisher z SE = 1/√(n − 3)", () => {
  const x = [1, 2, 3, 4, 5, 6];
  assert.ok(Math.abs(pearson(x, x.map((v) => 3 * v - 2)) - 1) < 1e-12);
  assert.ok(Math.abs(spearman(x, x.map((v) => Math.exp(v))) - 1) < 1e-12);
  assert.ok(Math.abs(spearman(x, x.map((v) => -v * v)) + 1) < 1e-12);
  assert.equal(fisherZ(0.5, 12).se, 1 / 3);
  assert.equal(accuracy([0.2, 0.7, 0.9], [0, 1, 0], 1), 2 / 3);
  assert.equal(accuracy([0, 1, 0, 0.3, 0.2, 0.1], [1, 0], 3), 1);
  assert.throws(() => groupMean([1, 2], [0, 0], 1), /no example has group 1/);
});

test("digit splits are disjoint, labelled as requested, normalised; label noise flips exactly the requested share", () => {
  const rng = createRng(3);
  const [a, b] = drawDigitSplits([requests([{ digit: 4, label: 0, count: 30 }, { digit: 9, label: 1, count: 30 }], rng), requests([{ digit: 4, label: 0, count: 20 }], rng)], 1, 2, rng);
  assert.equal(a.n, 60); assert.equal(a.dim, 196); assert.equal(b.n, 20);
  const key = (img: Float32Array) => Array.from(img.subarray(300, 340)).join(",");
  const seen = new Set(a.images.map(key));
  for (const img of b.images) assert.ok(!seen.has(key(img)), "validation digit reused from training");
  for (let i = 0; i < a.n; i++) assert.equal(a.Y[i], a.digits[i] === 9 ? 1 : 0);
  const noisy = withLabelNoise(a, 0.1, 2, rng);
  let flipped = 0;
  for (let i = 0; i < a.n; i++) if (noisy.labels[i] !== a.labels[i]) { flipped++; assert.equal(noisy.group[i], 1); assert.equal(noisy.Y[i], noisy.labels[i]); }
  assert.equal(flipped, 6);
  // normalisation (x − 0.456)/0.224: a blank pixel maps to −0.456/0.224
  assert.ok(Math.abs(Math.min(...Array.from(a.X)) + 0.456 / 0.224) < 1e-9);
});

test("stand-in builders: class counts, sub-class groups, street-like images in [0, 1], bad inputs", () => {
  const [tr] = imbalancedDigits([0, 1, 2], [0.6, 0.1, 0.3], 100, 30, 2)(createRng(5));
  const count = (c: number) => Array.from(tr.labels).filter((l) => l === c).length;
  assert.deepEqual([count(0), count(1), count(2)], [60, 10, 30]);
  assert.throws(() => imbalancedDigits([0, 1], [0.999, 0.001], 100, 10, 2), /would have no training example/);
  const [s] = subclassDigits(20, 3, 23, 1, 2)(createRng(6));
  assert.equal(Array.from(s.group).filter((g) => g === 1).length, 3);
  assert.ok(Array.from(s.digits).every((d, i) => (s.group[i] === 1) === (d === 7)));
  const img = streetLike(digitImages()[3].subarray(0, 784), createRng(7));
  assert.ok(img.every((v) => v >= 0 && v <= 1));
  assert.throws(() => drawDigitSplits([requests([{ digit: 4, label: 0, count: 5000 }], createRng(1))], 1, 2, createRng(1)), /only \d+ digits of class 4/);
  const g = twoGaussians(50, 3, createRng(8));
  assert.equal(g.dim, 5); assert.equal(Array.from(g.labels).filter((l) => l === 1).length, 50);
});

test("4-vs-9 train / validation / test sets share no digit", () => {
  const sets = fourNineSets([60, 40, 80], 2, createRng(12));
  const key = (img: Float32Array) => Array.from(img).join(",");
  const seen = new Set<string>();
  for (const s of sets) for (const img of s.images) { const k = key(img); assert.ok(!seen.has(k), "digit reused across sets"); seen.add(k); }
});
