import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import {
  df1, df2, solveKappa, ridgeBias, ridgeVariance, ridgeTestError, ridgeEquivalent,
  powerLawSpectrum, isotropicSpectrum, powerLawTeacherW2,
} from "../../src/theory/ridge/index";

function close(actual: number, expected: number, rel: number, msg = ""): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${msg} expected ${expected}, got ${actual} (rel ${rel})`);
}

/** Reference inputs (values from an independent numpy implementation): d = 200, Σ = diag(j^-1.5), w_j² = j^-1/d, n = 400, λ = 1e-2, σ² = 0.25. */
function referenceInputs() {
  const d = 200;
  const eigs = powerLawSpectrum(d, 1.5);
  const w2 = new Float64Array(d).map((_, j) => 1 / (j + 1) / d);
  return { eigs, w2, n: 400, lambda: 1e-2, sigma2: 0.25 };
}

test("reference values (numpy): κ, df1, df2, B, V to 1e-6", () => {
  const { eigs, w2, n, lambda, sigma2 } = referenceInputs();
  const kappa = solveKappa(eigs, n, lambda);
  close(kappa, 0.010979744, 1e-6, "κ");
  close(df1(eigs, kappa), 35.692789, 1e-6, "df1");
  close(df2(eigs, kappa), 15.719489, 1e-6, "df2");
  close(ridgeBias(eigs, w2, n, lambda), 3.6781707e-5, 1e-6, "B");
  close(ridgeVariance(eigs, n, lambda, sigma2), 0.010226572, 1e-6, "V");
  close(ridgeTestError(eigs, w2, n, lambda, sigma2), 3.6781707e-5 + 0.010226572, 1e-6, "B+V");
  const eq = ridgeEquivalent(eigs, w2, n, lambda, sigma2);
  close(eq.df1, 35.692789, 1e-6, "equivalent df1");
  close(eq.testError, eq.bias + eq.variance, 1e-15);
});

test("κ solves its fixed-point equation (fresh random spectra)", () => {
  const rng = createRng(20240611);
  for (let trial = 0; trial < 50; trial++) {
    const d = 1 + rng.int(300);
    const eigs = new Float64Array(d).map(() => Math.exp(4 * rng.normal()));
    const n = 1 + rng.int(600);
    const lambda = Math.pow(10, -6 + 8 * rng.uniform());
    const k = solveKappa(eigs, n, lambda);
    assert.ok(k >= lambda, `κ ≥ λ: ${k} < ${lambda}`);
    close(k - lambda, (k * df1(eigs, k)) / n, 1e-9, `trial ${trial} fixed point`);
    assert.ok(df2(eigs, k) < n, "df2 < n at the root");
  }
});

test("isotropic closed form: κ solves a quadratic", () => {
  // Σ = I_d: κ − λ = κ d/(n(1+κ)) ⇒ nκ² + (n − d − nλ)κ − nλ = 0.
  const rng = createRng(7);
  for (let t = 0; t < 20; t++) {
    const d = 1 + rng.int(500), n = 1 + rng.int(500), lambda = Math.pow(10, -4 + 5 * rng.uniform());
    const b = n - d - n * lambda;
    const exact = (-b + Math.sqrt(b * b + 4 * n * n * lambda)) / (2 * n);
    close(solveKappa(isotropicSpectrum(d), n, lambda), exact, 1e-10, `d=${d} n=${n}`);
  }
});

test("ridgeless limits: d < n gives κ = 0 and V = σ²d/(n−d); d > n gives df1(κ) = n", () => {
  for (const [d, n] of [[10, 40], [50, 200], [99, 100]] as const) {
    const eigs = isotropicSpectrum(d);
    assert.equal(solveKappa(eigs, n, 0), 0);
    close(ridgeVariance(eigs, n, 0, 2), (2 * d) / (n - d), 1e-12, "V");
    close(ridgeTestError(eigs, new Float64Array(d).fill(1), n, 0, 1), d / (n - d), 1e-12, "E");
    // small λ approaches the limit continuously
    close(ridgeVariance(eigs, n, 1e-12, 1), d / (n - d), 1e-5, "λ→0+");
  }
  const eigs = powerLawSpectrum(400, 1.5);
  const k0 = solveKappa(eigs, 100, 0);
  close(df1(eigs, k0), 100, 1e-9, "df1(κ0) = n");
  close(solveKappa(eigs, 100, 1e-12), k0, 1e-6, "λ→0+ continuity, d > n");
  // isotropic overparameterised ridgeless: κ = d/n − 1, B = ‖w‖²(1 − n/d), V = σ² n/(d − n)
  const d = 300, n = 100;
  const iso = isotropicSpectrum(d);
  close(solveKappa(iso, n, 0), d / n - 1, 1e-10, "iso κ0");
  const w2 = new Float64Array(d).fill(1 / d);
  close(ridgeBias(iso, w2, n, 0), 1 - n / d, 1e-9, "iso ridgeless bias");
  close(ridgeVariance(iso, n, 0, 1), n / (d - n), 1e-9, "iso ridgeless variance");
});

test("monotonicity: κ increases in λ and decreases in n; V decreases in λ", () => {
  const eigs = powerLawSpectrum(300, 2);
  let prevK = 0, prevV = Infinity;
  for (const lambda of [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]) {
    const k = solveKappa(eigs, 200, lambda);
    const v = ridgeVariance(eigs, 200, lambda, 1);
    assert.ok(k > prevK && v < prevV);
    prevK = k;
    prevV = v;
  }
  assert.ok(solveKappa(eigs, 100, 1e-3) > solveKappa(eigs, 1000, 1e-3));
});

test("spectrum helpers", () => {
  assert.deepEqual([...powerLawSpectrum(3, 1)], [1, 0.5, 1 / 3]);
  const w2 = powerLawTeacherW2(4, 2, 0.5);
  const eigs = powerLawSpectrum(4, 2);
  for (let j = 0; j < 4; j++) close(eigs[j] * w2[j], Math.pow(j + 1, -3), 1e-14);
});

test("bad input gives clear RangeErrors", () => {
  assert.throws(() => solveKappa([], 10, 1), /solveKappa: eigs must be a non-empty/);
  assert.throws(() => solveKappa([1, -1], 10, 1), /eigs\[1\] must be a finite non-negative/);
  assert.throws(() => solveKappa([0, 0], 10, 1), /at least one positive/);
  assert.throws(() => solveKappa([1], 0, 1), /sample size n must be/);
  assert.throws(() => solveKappa([1], 10, -1), /lambda must be a finite number ≥ 0/);
  assert.throws(() => ridgeBias([1, 2], [1], 10, 1), /w2 must have one entry per eigenvalue/);
  assert.throws(() => ridgeVariance([1], 10, 1, NaN), /sigma2/);
  assert.throws(() => powerLawSpectrum(0, 1), /dimension d must be a positive integer/);
});
