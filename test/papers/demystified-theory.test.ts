import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { isotropicSpectrum, powerLawSpectrum, powerLawTeacherW2, ridgeTestError } from "../../src/theory/ridge/index";
import {
  olsChainTestError, olsChainSlope, rhoEquivalent, chainRidgeTestError, chainRidgeTerms, exponentialCollapseError,
  exponentialCollapseRate, criticalExponent, slowRateExponent, adaptiveLambda, tunedRidge, buildCrossover, QUICK_PARAMS,
  rhoMonteCarlo, RHO_MODEL_ERROR,
} from "../../src/papers/demystified/index";

function close(actual: number, expected: number, rel: number, msg = ""): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${msg}: expected ${expected}, got ${actual} (rel ${rel})`);
}

test("exact OLS chain formula (Thm 4.1): values, slope and linearity", () => {
  const s = { d: 50, T: 200, T0: 200, sigma2: 1, sigma02: 1 };
  for (const n of [0, 1, 5, 10]) close(olsChainTestError({ ...s, generations: n }), (50 / 149) * (1 + n), 1e-14, `n=${n}`);
  close(olsChainSlope(50, 200, 1), 0.33557047, 1e-7, "slope");
  // proportional form σ²φ/(1−φ) + nσ₀²φ₀/(1−φ₀) up to the −1 finite-sample shift
  close(olsChainTestError({ d: 100, T: 1001, T0: 2001, sigma2: 2, sigma02: 0.5, generations: 3 }), 2 * 100 / 900 + 3 * 0.5 * 100 / 1900, 1e-14, "general");
  assert.throws(() => olsChainTestError({ ...s, T: 51, generations: 0 }), /T ≥ d \+ 2/);
  assert.throws(() => olsChainTestError({ ...s, T0: 40, generations: 1 }), /needs T0 ≥ d \+ 2/);
  assert.throws(() => olsChainTestError({ ...s, generations: 1.5 }), /generations must be an integer/);
});

test("ρ deterministic equivalent: numpy reference 21.623654 and extra term 0.27097311 (rel 1e-6)", () => {
  const eigs = powerLawSpectrum(200, 1.5);
  close(rhoEquivalent(eigs, 400, 1e-2), 21.623654, 1e-6, "ρ");
  const w2 = new Float64Array(200).fill(0.01);
  const terms = chainRidgeTerms(eigs, w2, 400, 1e-2, 0.25, { generations: 5, T0: 600, sigma02: 1 });
  close(terms.chain, 0.27097311, 1e-6, "n σ₀² ρ/(T₀−d−1)");
  close(terms.total, ridgeTestError(eigs, w2, 400, 1e-2, 0.25) + 0.27097311, 1e-6, "total");
});

test("ρ deterministic equivalent: numpy reference table to its printed digits", () => {
  const iso = isotropicSpectrum(100), pl = powerLawSpectrum(100, 1.5);
  close(rhoEquivalent(iso, 200, 0.1), 73.79, 1e-4, "iso T=200");
  close(rhoEquivalent(iso, 50, 0.1), 42.17, 1e-4, "iso T=50");
  close(rhoEquivalent(iso, 60, 0.001), 59.82, 1e-4, "iso T=60");
  close(rhoEquivalent(pl, 50, 0.1), 8.096, 1e-4, "pl T=50");
  close(rhoEquivalent(pl, 200, 0.01), 19.20, 1e-3, "pl T=200");
});

test("ρ in the OLS regime (λ = 0, T > d) equals d, so the chain term is the exact OLS term", () => {
  // With λ = 0, T > d: RΣ̂ = I, so ρ = tr(I) = d exactly; the DE must give d (κ = 0 ⇒ df2 = d, trace term 0).
  const eigs = powerLawSpectrum(80, 1.2);
  close(rhoEquivalent(eigs, 300, 0), 80, 1e-12, "ρ(λ=0)");
  // ... and then the chain term equals the exact OLS term n σ₀² d/(T₀−d−1)
  const w2 = powerLawTeacherW2(80, 1.2, 0.5);
  const t = chainRidgeTerms(eigs, w2, 300, 0, 1, { generations: 4, T0: 200, sigma02: 1 });
  close(t.chain, (4 * 80) / (200 - 80 - 1), 1e-12, "chain term");
  close(t.variance, 80 / 220, 1e-12, "variance σ²d/(T−d)");
});

test("theory: E(n) − E(0) is exactly proportional to n for random (λ, T)", () => {
  const rng = createRng(99);
  for (let trial = 0; trial < 20; trial++) {
    const d = 20 + rng.int(200);
    const eigs = powerLawSpectrum(d, 1 + rng.uniform());
    const w2 = powerLawTeacherW2(d, 1.5, rng.uniform());
    const T = 10 + rng.int(500), lambda = Math.pow(10, -4 + 4 * rng.uniform());
    const chain = (n: number) => ({ generations: n, T0: d + 10 + rng.int(500), sigma02: 1 });
    const c = chain(0);
    const e = (n: number) => chainRidgeTestError(eigs, w2, T, lambda, 0.5, { ...c, generations: n });
    const base = e(0), step = e(1) - base;
    assert.ok(step > 0, "synthetic generations add error");
    for (const n of [2, 5, 20]) close(e(n) - base, n * step, 1e-9, `trial ${trial} n=${n}`);
  }
});

test("theory: the optimal λ strictly increases over n ∈ {0, 1, 5, 20}", () => {
  const cases = [
    { eigs: isotropicSpectrum(300), w2: new Float64Array(300).fill(1 / 300), T: 200, T0: 600 },
    { eigs: isotropicSpectrum(300), w2: new Float64Array(300).fill(1 / 300), T: 2000, T0: 600 },
    { eigs: powerLawSpectrum(500, 2), w2: powerLawTeacherW2(500, 2, 0.5), T: 300, T0: 1000 },
  ];
  for (const c of cases) {
    const lam = [0, 1, 5, 20].map((n) => tunedRidge(c.eigs, c.w2, c.T, 1, { generations: n, T0: c.T0, sigma02: 1 }).lambda);
    for (let i = 1; i < lam.length; i++) assert.ok(lam[i] > lam[i - 1], `λ* not increasing: ${lam.join(", ")}`);
  }
});

test("power-law bookkeeping (§5): ℓ_crit, slow rate, adaptive λ", () => {
  close(criticalExponent(2, 0.5), 2 / 3, 1e-15, "ℓ_crit");
  close(criticalExponent(2, 3), 2 / 5, 1e-15, "r̄ = min(r, 1)");
  close(slowRateExponent(2, 0.5), -2 / 3, 1e-15, "slow rate");
  close(adaptiveLambda(1000, 2 / 3), 0.01, 1e-12, "λ = T^-ℓ");
  assert.throws(() => criticalExponent(1, 0.5), /beta must be a finite number > 1/);
});

test("crossover slopes and E(T=100) values [D] at d = 2·10⁴", () => {
  const spec = buildCrossover(QUICK_PARAMS.crossover);
  const slopes = spec.params.slopes as Record<string, number>;
  const expected: Record<string, number> = {
    "σ=0 n=0 ridgeless": -2.016, "σ=0 n=1 ridgeless": -0.004, "σ=0 n=1 tuned": -0.632, "σ=0 n=10 tuned": -0.602,
    "σ=1 n=0": -0.657, "σ=1 n=1": -0.640, "σ=1 n=10": -0.618, "σ=1 n=100": -0.612,
  };
  for (const [k, v] of Object.entries(expected)) assert.ok(Math.abs(slopes[k] - v) <= 0.05, `${k}: slope ${slopes[k]} vs ${v} ± 0.05`);
  const at100 = spec.params.errorAtT100 as Record<string, number>;
  close(at100["n=0"], 0.0566, 0.01, "E(100), n=0");
  close(at100["n=1"], 0.0879, 0.01, "E(100), n=1");
  close(at100["n=10"], 0.370, 0.01, "E(100), n=10");
  close(at100["n=100"], 3.19, 0.01, "E(100), n=100");
});

test("best λ at T = 1000 grows with n: 8.9e-3, 1.4e-2, 4.5e-2, 0.20 [D] within 10%", () => {
  const d = 20000;
  const eigs = powerLawSpectrum(d, 2), w2 = powerLawTeacherW2(d, 2, 0.5);
  const expected = [8.9e-3, 1.4e-2, 4.5e-2, 0.2];
  [0, 1, 10, 100].forEach((n, i) => {
    const t = tunedRidge(eigs, w2, 1000, 1, { generations: n, T0: 40000, sigma02: 1 });
    close(t.lambda, expected[i], 0.1, `n=${n}`);
  });
});

test("exponential collapse formula", () => {
  const expected = [0.5, 0.75, 0.875, 0.96875, 0.99609375];
  [1, 2, 3, 5, 8].forEach((n, i) => close(exponentialCollapseError(200, 100, n), expected[i], 1e-14, `n=${n}`));
  close(exponentialCollapseError(200, 50, 2, 3), 3 * (1 - 1 / 16), 1e-14, "scaled by ‖w₀‖²");
  close(exponentialCollapseRate(200, 100), Math.log(0.5), 1e-15, "rate");
  assert.throws(() => exponentialCollapseError(100, 150, 1), /needs 1 ≤ T0 ≤ d/);
});

test("chain theory rejects bad input", () => {
  const e = isotropicSpectrum(10), w = new Float64Array(10);
  assert.throws(() => chainRidgeTestError(e, w, 20, 0.1, 1, { generations: 1, T0: 10, sigma02: 1 }), /T0 > d \+ 1/);
  assert.throws(() => chainRidgeTestError(e, w, 20, -1, 1, { generations: 1, T0: 100, sigma02: 1 }), /lambda must be ≥ 0/);
  assert.throws(() => chainRidgeTestError(e, new Float64Array(3), 20, 1, 1, { generations: 1, T0: 100, sigma02: 1 }), /w2 must have one entry/);
  assert.throws(() => rhoEquivalent([1, 0], 10, 1), /positive definite/);
});

test("ρ model error: the Monte-Carlo gap to the deterministic equivalent stays within RHO_MODEL_ERROR at d = 100, 200, 400", () => {
  const rng = createRng(2718);
  for (const [d, draws] of [[100, 60], [200, 30], [400, 15]] as const) {
    const eigs = isotropicSpectrum(d);
    const T = d / 2, lambda = 0.1;   // the case with the largest finite-d gap in the notebook's table
    const mc = rhoMonteCarlo(eigs, T, lambda, draws, rng);
    const th = rhoEquivalent(eigs, T, lambda);
    assert.ok(Math.abs(mc.mean - th) / th <= RHO_MODEL_ERROR + 3 * mc.se / th, `d = ${d}: gap ${(mc.mean - th) / th} ± ${mc.se / th}`);
  }
});
