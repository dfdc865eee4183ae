import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { erfc } from "../../src/maths/distributions";
import { normalCdf, normalPdf, normalQuantile } from "../../src/maths/normal";
import { gaussianExpectation } from "../../src/maths/gaussian-expectation";
import { cosineSimilarity, halfspaceTestError, positiveOrthantProbability, signDisagreement } from "../../src/maths/gaussian-orthant";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

test("erfc (relative 1e-11) and Φ (5e-13, deep tails) against reference values (Python math.erfc, mpmath, scipy)", () => {
  const erfcRef: [number, number][] = [[-3.2, 1.9999939742388482], [-1, 1.842700792949715], [-0.3, 1.3286267594591274], [0, 1],
    [0.2, 0.7772974107895215], [0.46875, 0.507386526782062], [0.47, 0.5062549491139179], [1.5, 0.033894853524689274],
    [3.9, 3.479224859723177e-8], [4.1, 6.700027654084918e-9], [7, 4.183825607779414e-23], [12, 1.3562611692059042e-64]];
  for (const [x, v] of erfcRef) assert.ok(rel(erfc(x), v) < 1e-11, `erfc(${x}) = ${erfc(x)}, expected ${v}`);
  const cdfRef: [number, number][] = [[-30, 4.906713927148187e-198], [-8, 6.22096057427174e-16], [-3.2, 6.871379379158471e-4],
    [-1, 0.15865525393145707], [0.2, 0.579259709439103], [1.5, 0.9331927987311419], [4.1, 0.9999793424930875]];
  for (const [x, v] of cdfRef) assert.ok(rel(normalCdf(x), v) < 5e-13, `Φ(${x}) = ${normalCdf(x)}, expected ${v}`);
  assert.equal(normalCdf(Infinity), 1);
  assert.equal(normalCdf(-Infinity), 0);
  assert.ok(Number.isNaN(erfc(NaN)));
  assert.ok(rel(normalPdf(1), 0.24197072451914337) < 1e-15);
});

test("Φ⁻¹ against scipy.stats.norm.ppf (relative 1e-12) and inverts Φ on fresh random points (property)", () => {
  const ref: [number, number][] = [[1e-300, -37.0470962993612], [1e-10, -6.361340902404056], [0.01, -2.3263478740408408],
    [0.02425, -1.972961051311885], [0.3, -0.5244005127080409], [0.9, 1.2815515655446004], [0.975, 1.959963984540054],
    [0.999999, 4.753424308817087]];
  // Near u = 1 the quantile is ill-conditioned in u itself (dz/du = 1/φ(z) ≈ 2·10⁵ at u = 1 − 10⁻⁶, one ulp of u moves z by
  // ≈ 2·10⁻¹¹), so the upper tail is held to 1e-10.
  for (const [u, v] of ref) assert.ok(rel(normalQuantile(u), v) < (u > 0.99 ? 1e-10 : 1e-12), `Φ⁻¹(${u}) = ${normalQuantile(u)}, expected ${v}`);
  assert.equal(normalQuantile(0.5), 0);
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  assert.throws(() => normalQuantile(1.5), /u must lie in \[0, 1\], got 1.5/);
  assert.throws(() => normalQuantile(NaN), RangeError);
  const r = createRng((Date.now() >>> 0) % 1e6);
  for (let i = 0; i < 200; i++) {
    const x = 11 * r.uniform() - 8; // u = Φ(x) keeps full relative precision for x ≤ 3
    assert.ok(Math.abs(normalQuantile(normalCdf(x)) - x) < 1e-9 * Math.max(1, Math.abs(x)), `x = ${x}`);
  }
});

test("gaussianExpectation: Gaussian moments, an indicator and a kink (reference values)", () => {
  assert.ok(Math.abs(gaussianExpectation((g) => 1) - 1) < 1e-12);
  assert.ok(Math.abs(gaussianExpectation((g) => g * g) - 1) < 1e-12);
  assert.ok(Math.abs(gaussianExpectation((g) => g ** 4) - 3) < 1e-10);
  assert.ok(Math.abs(gaussianExpectation((g) => Math.abs(g)) - Math.sqrt(2 / Math.PI)) < 1e-6);
  assert.ok(Math.abs(gaussianExpectation((g) => (Math.abs(g) <= 1 ? 1 : 0), 200000) - (2 * normalCdf(1) - 1)) < 1e-4);
  assert.throws(() => gaussianExpectation((g) => g, 3), /even integer/);
});

test("Sheppard's orthant formula and the halfspace test error (Monte-Carlo property, fresh seed)", () => {
  assert.equal(signDisagreement(1), 0);
  assert.equal(signDisagreement(-1), 1);
  assert.ok(Math.abs(signDisagreement(0) - 0.5) < 1e-15);
  assert.ok(Math.abs(positiveOrthantProbability(0.5) - 1 / 3) < 1e-15);
  assert.throws(() => signDisagreement(1.5), /must lie in \[−1, 1\]/);
  const r = createRng((Date.now() >>> 0) % 1e6 + 7);
  const d = 5;
  const a = Array.from({ length: d }, () => r.normal()), b = Array.from({ length: d }, () => r.normal());
  const exact = halfspaceTestError(a, b);
  const draws = 40000;
  let miss = 0;
  for (let k = 0; k < draws; k++) {
    let sa = 0, sb = 0;
    for (let i = 0; i < d; i++) {
      const x = r.normal();
      sa += x * a[i];
      sb += x * b[i];
    }
    if (Math.sign(sa) !== Math.sign(sb)) miss++;
  }
  const se = Math.sqrt((exact * (1 - exact)) / draws);
  assert.ok(Math.abs(miss / draws - exact) < 4 * se + 1e-12, `MC ${miss / draws} vs exact ${exact} (SE ${se})`);
  assert.equal(cosineSimilarity([0, 0], [1, 0]), 0);
  assert.throws(() => cosineSimilarity([1], [1, 2]), /lengths 1 and 2/);
});
