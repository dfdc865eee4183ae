import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { isotropicSpectrum } from "../../src/theory/ridge/index";
import { runFakeDataChain, randomUnitVector } from "../../src/papers/demystified/simulate";
import { noisyOverparamError, noisyOverparamSaturation, minNormNoisePerGeneration } from "../../src/papers/demystified/noisy-overparam";
import { exponentialCollapseError } from "../../src/papers/demystified/exponential-collapse";
import { downstreamRidgeTerms } from "../../src/papers/demystified/decomposition";
import { downstreamRidgePath } from "../../src/papers/demystified/simulate";

test("noisy over-parameterised chain: closed form, limits and bad input", () => {
  // d = 200, T₀ = 100, σ₀² = 1: v = 100/99, a = ½ → E₁ = ½ + (100/99)·1
  assert.ok(Math.abs(noisyOverparamError(200, 100, 1, 1) - (0.5 + 100 / 99)) < 1e-12);
  assert.equal(noisyOverparamError(200, 100, 1, 0), 0);
  for (const n of [1, 3, 7]) assert.ok(Math.abs(noisyOverparamError(200, 50, 0, n) - exponentialCollapseError(200, 50, n)) < 1e-15, "σ₀ = 0 is the exponential collapse");
  assert.ok(Math.abs(noisyOverparamError(200, 100, 0.25, 200) - noisyOverparamSaturation(200, 100, 0.25)) < 1e-12, "n → ∞ limit");
  // increments shrink by exactly a = T₀/d
  const inc = (n: number) => noisyOverparamError(300, 120, 0.5, n) - noisyOverparamError(300, 120, 0.5, n - 1);
  for (const n of [2, 3, 4]) assert.ok(Math.abs(inc(n) / inc(n - 1) - 0.4) < 1e-12);
  assert.equal(minNormNoisePerGeneration(10, 4, 2), 8 / 5);
  assert.throws(() => noisyOverparamError(100, 99, 1, 1), /T0 ≤ d − 2/);
  assert.throws(() => noisyOverparamError(100, 50, -1, 1), /sigma02/);
});

test("noisy over-parameterised chain: Monte-Carlo within 3 SE and 2% of the closed form (d = 200, T₀ = 100, σ₀ = 0.5 and 1, 300 seeds)", () => {
  const d = 200, T0 = 100, nMax = 5, seeds = 300;
  const eigs = isotropicSpectrum(d);
  for (const sigma0 of [0.5, 1]) {
    const rng = createRng(20261202 + sigma0 * 10);
    const sums = new Float64Array(nMax + 1), sq = new Float64Array(nMax + 1);
    for (let s = 0; s < seeds; s++) {
      const r = rng.split();
      const w0 = randomUnitVector(d, r);
      const ws = runFakeDataChain(eigs, w0, { T0, sigma0, generations: nMax, learner: { kind: "minnorm" } }, r);
      ws.forEach((w, n) => {
        let e = 0;
        for (let j = 0; j < d; j++) e += (w[j] - w0[j]) ** 2;
        sums[n] += e;
        sq[n] += e * e;
      });
    }
    for (let n = 1; n <= nMax; n++) {
      const m = sums[n] / seeds, se = Math.sqrt((sq[n] / seeds - m * m) / (seeds - 1));
      const th = noisyOverparamError(d, T0, sigma0 * sigma0, n);
      assert.ok(Math.abs(m - th) <= 3 * se, `σ₀=${sigma0} n=${n}: ${m} ± ${se} vs ${th}`);
      assert.ok(se < 0.01 * th, "the Monte-Carlo resolves a 2% error");
      assert.ok(Math.abs(m - th) <= 0.02 * th, `σ₀=${sigma0} n=${n}: relative gap ${(m - th) / th}`);
    }
  }
});

test("downstreamRidgeTerms: bias + variance + chain + cross terms = the total of downstreamRidgePath on the same draw", () => {
  for (const [d, T, iso] of [[30, 20, true], [25, 60, false]] as const) {
    const eigs = iso ? isotropicSpectrum(d) : Float64Array.from({ length: d }, (_, j) => (j + 1) ** -1.5);
    const rng = createRng(7 + d);
    const w0 = randomUnitVector(d, rng);
    const teacher = Float64Array.from(w0, (v) => v + 0.3 * rng.normal());
    const lambdas = [0, 0.01, 1];
    const seed = rng.int(1 << 30);
    const parts = downstreamRidgeTerms(eigs, w0, [teacher], T, 0.7, lambdas, createRng(seed));
    const total = downstreamRidgePath(eigs, w0, [teacher], T, 0.7, lambdas, createRng(seed))[0];
    lambdas.forEach((_, l) => {
      const sum = parts.bias[l] + parts.variance[l] + parts.chain[0][l];
      assert.ok(parts.bias[l] >= 0 && parts.variance[l] >= 0 && parts.chain[0][l] >= 0);
      // cross terms do not vanish on one draw, but they are bounded by Cauchy–Schwarz
      const cs = 2 * (Math.sqrt(parts.bias[l] * parts.variance[l]) + Math.sqrt(parts.bias[l] * parts.chain[0][l]) + Math.sqrt(parts.variance[l] * parts.chain[0][l]));
      assert.ok(Math.abs(total[l] - sum) <= cs + 1e-9, `d=${d} λ=${lambdas[l]}: total ${total[l]} vs parts ${sum}`);
    });
    // noise-free, teacher = w₀: only the bias remains and it equals the total exactly
    const clean = downstreamRidgeTerms(eigs, w0, [w0], T, 0, lambdas, createRng(seed));
    const cleanTotal = downstreamRidgePath(eigs, w0, [w0], T, 0, lambdas, createRng(seed))[0];
    lambdas.forEach((_, l) => {
      assert.ok(Math.abs(clean.bias[l] - cleanTotal[l]) <= 1e-9 * Math.max(1, cleanTotal[l]));
      assert.equal(clean.variance[l], 0);
      assert.equal(clean.chain[0][l], 0);
    });
  }
});
