/**
 * Theory of "Strong Model Collapse" against reference values of an independent numpy implementation
 * and structural properties (plateau, monotonicity, ordering in p₂) on fresh seeded inputs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { powerLawSpectrum, isotropicSpectrum } from "../../src/theory/ridge/index";
import { createRng } from "../../src/maths/random";
import {
  mixtureRidgeEquivalent,
  oracleLambda,
  isotropicMixtureError,
  isotropicMixtureErrorFinite,
  smallPhiMixtureError,
  collapsePlateau,
  crossoverSampleSize,
  randomProjectionEquivalent,
  randomProjectionSmallPsi,
  weightedMixingFloor,
  weightedMixingError,
  iterativeMixingError,
  iterativeMixingFixedPoint,
  olsError,
  iterationsToClean,
  randomProjectionReferenceTable,
  RP_REFERENCE_TABLE,
  sFreeVersusConditional,
  randomProjectionEquivalentMP,
  excessShape,
  collapseBoundarySampleSize,
  eq11ExponentRatio,
  paretoFrontier,
  rpExcess,
  rpExcessPeak,
} from "../../src/papers/strong-collapse/index";

function close(actual: number, expected: number, rel: number, what: string): void {
  const err = Math.abs(actual - expected);
  assert.ok(err <= rel * Math.abs(expected), `${what}: got ${actual}, expected ${expected} (rel err ${(err / Math.abs(expected)).toExponential(2)} > ${rel})`);
}

function referenceProblem(p2 = 0.2) {
  const d = 200;
  const eigs = powerLawSpectrum(d, 1.5);
  const w1Sq = Float64Array.from({ length: d }, (_, j) => 1 / (j + 1) / d);
  const deltaDiag = new Float64Array(d).fill(1 / d);
  return { eigs, w1Sq, deltaDiag, n: 400, lambda: 1e-2, sigma2: 0.25, p2 };
}

test("Theorem 1 matches an independent numpy implementation to rel 1e-6", () => {
  const r = mixtureRidgeEquivalent(referenceProblem());
  close(r.kappa, 0.010979744, 1e-6, "kappa");
  close(r.df1, 35.692789, 1e-6, "df1");
  close(r.df2, 15.719489, 1e-6, "df2");
  close(r.bias, 3.6781707e-5, 1e-6, "B");
  close(r.variance, 0.010226572, 1e-6, "V");
  close(r.zeta, 4.6398936e-4, 1e-6, "zeta");
  close(r.c2, 0.012355653, 1e-6, "c2");
  close(r.testError, 3.6781707e-5 + 0.010226572 + 4.6398936e-4, 1e-6, "B+V+zeta");
});

test("Theorem 1 reduces to Eq. 11 for Σ = I, λ = 0, d < n", () => {
  const rng = createRng(101);
  for (let k = 0; k < 20; k++) {
    const d = 5 + rng.int(200);
    const n = Math.ceil(d * (1.2 + 8 * rng.uniform()));
    const p2 = rng.uniform();
    const c2 = 0.1 + 2 * rng.uniform();
    const sigma2 = 0.1 + rng.uniform();
    const r = mixtureRidgeEquivalent({
      eigs: isotropicSpectrum(d), w1Sq: new Float64Array(d).fill(1 / d), deltaDiag: new Float64Array(d).fill(c2 / d),
      n, lambda: 0, sigma2, p2,
    });
    close(r.testError, isotropicMixtureError(d / n, p2, sigma2, c2), 1e-10, `d=${d} n=${n} p2=${p2}`);
  }
});

test("Eq. 11 reference values to 1e-8 absolute", () => {
  const cases: [number, number, number, number, number][] = [
    [0.25, 0.1, 1, 1, 0.37333],
    [0.1, 0.01, 1, 1, 0.112311],
    [0.5, 0.5, 0.1, 1, 0.6],
    [0.01, 0.2, 1, 0.5, 0.030909],
  ];
  // The table prints 5–6 significant digits; the exact values are rational:
  const exact = [0.25 / 0.75 + (0.01 + 0.09 / 3) * 1, 0.1 / 0.9 + (1e-4 + 0.0099 / 9), 0.1 + (0.25 + 0.25), 0.01 / 0.99 + (0.04 + 0.16 / 99) * 0.5];
  cases.forEach(([phi, p2, s2, c2, table], i) => {
    const v = isotropicMixtureError(phi, p2, s2, c2);
    assert.ok(Math.abs(v - exact[i]) <= 1e-8, `Eq. 11 case ${i}: ${v} vs ${exact[i]}`);
    assert.ok(Math.abs(v - table) <= 5e-6, `Eq. 11 case ${i} vs printed table: ${v} vs ${table}`);
  });
});

test("Eq. 12 is the small-ϕ limit of Eq. 11 (error O(ϕ²))", () => {
  for (const phi of [1e-2, 1e-3, 1e-4]) {
    const diff = Math.abs(isotropicMixtureError(phi, 0.3, 1, 1) - smallPhiMixtureError(phi, 0.3, 1, 1));
    assert.ok(diff <= 3 * phi * phi + 0.21 * phi, `phi=${phi}: diff ${diff}`);
  }
  // exact leading-order content: (E11 − E12)/ϕ → p₂p₁c²
  const phi = 1e-6;
  close((isotropicMixtureError(phi, 0.3, 1, 1) - smallPhiMixtureError(phi, 0.3, 1, 1)) / phi, 0.21, 1e-4, "O(ϕ) coefficient");
});

test("plateau: E(n) → p₂²c² at n = 10⁴·n* (rel 1e-3) and E is non-increasing in n", () => {
  const d = 100, sigma2 = 1, c2 = 1;
  for (const p2 of [0.001, 0.01, 0.1, 0.5]) {
    const nStar = crossoverSampleSize(sigma2, d, p2, c2);
    const far = isotropicMixtureError(d / (1e4 * nStar), p2, sigma2, c2);
    close(far, collapsePlateau(p2, c2), 1e-3, `plateau p2=${p2}`);
    let prev = Infinity;
    for (let e = Math.log10(2 * d); e <= Math.log10(1e4 * nStar); e += 0.05) {
      const v = isotropicMixtureError(d / Math.pow(10, e), p2, sigma2, c2);
      assert.ok(v <= prev * (1 + 1e-12), `non-increasing at n=10^${e.toFixed(2)}`);
      prev = v;
    }
  }
  assert.equal(crossoverSampleSize(1, 100, 0.01, 1), 1e6);
});

test("p₂ = 0.01 departs from the clean curve by > 10% once n > 0.1·n*", () => {
  const d = 100, sigma2 = 1, c2 = 1, p2 = 0.01;
  const nStar = crossoverSampleSize(sigma2, d, p2, c2);
  for (const n of [0.11 * nStar, nStar, 10 * nStar, 1e3 * nStar]) {
    const mix = isotropicMixtureErrorFinite(d, n, p2, sigma2, c2);
    const clean = isotropicMixtureErrorFinite(d, n, 0, sigma2, c2);
    assert.ok(mix > 1.1 * clean, `n=${n}: mix ${mix} clean ${clean}`);
  }
});

test("ordering: Theorem 1 error increases in p₂ at every n (power-law Σ, random shifts)", () => {
  const rng = createRng(202);
  for (let k = 0; k < 10; k++) {
    const d = 50 + rng.int(150);
    const eigs = powerLawSpectrum(d, 1 + rng.uniform());
    const w1Sq = Float64Array.from({ length: d }, () => rng.uniform() / d);
    const deltaDiag = Float64Array.from({ length: d }, () => rng.uniform() / d);
    for (const n of [d / 2, 2 * d, 10 * d, 1000 * d]) {
      let prev = -Infinity;
      for (const p2 of [0, 0.001, 0.01, 0.05, 0.1, 0.2, 0.5, 0.9]) {
        const e = mixtureRidgeEquivalent({ eigs, w1Sq, deltaDiag, n, lambda: 1e-3, sigma2: 0.5, p2 }).testError;
        assert.ok(e > prev, `d=${d} n=${n} p2=${p2}: ${e} ≤ ${prev}`);
        prev = e;
      }
    }
  }
});

test("ζ > 0 for p₂ > 0 and ζ → p₂²c² as n → ∞ with λ → 0 (strong collapse)", () => {
  const p = referenceProblem(0.3);
  const r = mixtureRidgeEquivalent({ ...p, n: 1e9, lambda: 1e-12 });
  close(r.zeta, 0.09 * r.c2, 1e-3, "zeta limit");
  assert.ok(mixtureRidgeEquivalent({ ...p, p2: 1e-3 }).zeta > 0);
  assert.equal(mixtureRidgeEquivalent({ ...p, p2: 0 }).zeta, 0);
});

test("bad input raises RangeError with the function name", () => {
  const p = referenceProblem();
  assert.throws(() => mixtureRidgeEquivalent({ ...p, p2: 1.5 }), /mixtureRidgeEquivalent: p2/);
  assert.throws(() => mixtureRidgeEquivalent({ ...p, deltaDiag: new Float64Array(3) }), /deltaDiag/);
  assert.throws(() => isotropicMixtureError(1.2, 0.1, 1, 1), /isotropicMixtureError: phi/);
  assert.throws(() => crossoverSampleSize(1, 100, 0, 1), /crossoverSampleSize: p2/);
  assert.throws(() => iterativeMixingError(0, 0.5, 50, 2000, 1, 1), /iterativeMixingError: t/);
});

test("random projections: small-ψ closed form agrees with the conditional theory on an MP-like spectrum", () => {
  // For m ≪ d the eigenvalues of SSᵀ (S iid N(0, 1/d)) concentrate at 1; with μ ≡ 1 the λ → 0 formula is exact.
  const d = 4000, n = 200;
  for (const m of [10, 50, 100, 150]) {
    const zEigs = new Float64Array(m).fill(1);
    const t = randomProjectionEquivalent({ zEigs, d, m, n, lambda: 0, sigma2: 0.1, r2: 1, c2: 0.5, p2: 0.2 }).testError;
    close(t, randomProjectionSmallPsi(d, m, n, 0.1, 1, 0.5, 0.2), 1e-10, `m=${m}`);
  }
});

test("mitigations: weighted floor, α = ½ equals Eq. 11, iterative-mixing bounds (Cor. 2–3)", () => {
  close(weightedMixingFloor(0.5, 0.3, 2), 0.18, 1e-12, "α=½ floor = p₂²c²");
  assert.ok(weightedMixingFloor(0.1, 0.5, 1) > 0 && weightedMixingFloor(0.1, 0.5, 1) < weightedMixingFloor(0.5, 0.5, 1));
  close(weightedMixingError(0.5, 0.2, 50, 1000, 1, 1), isotropicMixtureErrorFinite(50, 1000, 0.2, 1, 1), 1e-12, "α=½");
  // d = 50, n = 2000, c² = σ² = 1, p₁ = p₂ = ½ (values of an independent numpy Monte-Carlo)
  const d = 50, n = 2000;
  const e1 = iterativeMixingError(1, 0.5, d, n, 1, 1);
  const e12 = iterativeMixingError(12, 0.5, d, n, 1, 1);
  const half = olsError(d, n / 2, 1);
  close(half, 0.0527, 2e-3, "real-half-only");
  close(olsError(d, n, 1), 0.0257, 3e-3, "all-real");
  close(e1, 0.279, 0.03, "iteration 1 vs numpy Monte-Carlo");
  assert.ok(e12 >= 0.9 * half && e12 <= 0.3 * e1, `e12=${e12}, half=${half}, e1=${e1}`);
  close(iterativeMixingError(60, 0.5, d, n, 1, 1), iterativeMixingFixedPoint(0.5, d, n, 1), 1e-12, "fixed point");
  close(e12, iterativeMixingFixedPoint(0.5, d, n, 1), 1e-3, "12 iterations ≈ fixed point");
  assert.ok(e12 >= 0.056 && e12 <= 0.071, `fixed point ${e12} inside the numpy Monte-Carlo band 0.056–0.071`);
  assert.equal(iterationsToClean(0.5, d, n, 1, 1), Math.ceil(Math.log(40) / (2 * Math.log(2))));
});

test("random-projection theory reproduces the numpy reference table for fresh draws of S", () => {
  for (const seed of [1, 2]) {
    const rows = randomProjectionReferenceTable(createRng(seed));
    rows.forEach((r, i) => {
      const near = Math.abs(r.psi - 1) <= 0.2;
      close(r.theory, RP_REFERENCE_TABLE.theory[i], near ? 0.05 : 0.02, `seed ${seed} psi=${r.psi}`);
      assert.ok(r.excess > 0, "synthetic excess is positive at every ψ");
    });
    const shape = excessShape(rows.map((r) => r.psi), rows.map((r) => r.excess));
    assert.ok(shape.increasingBelow && shape.decreasingAbove && shape.peakPsi >= 0.9 && shape.peakPsi <= 1.2, JSON.stringify(shape));
  }
});

test("random projections: the S-free (Marchenko–Pastur) theory equals the conditional-on-S formula averaged over S", () => {
  // reference-table setting: d = 400, n = 200; 12 fresh draws of S, nested in m
  const t = RP_REFERENCE_TABLE;
  const ms = [20, 100, 150, 180, 220, 300, 400, 800];
  const r = sFreeVersusConditional({ d: t.d, n: t.n, lambda: t.lambda, sigma2: t.sigma2, r2: t.r2 }, ms, [{ c2: t.c2, p2: t.p2 }, { c2: 1, p2: 0.5 }], 12, createRng(77));
  assert.ok(r.maxRelError < 0.01, `test error: S-free vs conditional average differ by ${r.maxRelError}`);
  assert.ok(r.maxRelExcess < 0.01, `excess: S-free vs conditional average differ by ${r.maxRelExcess} at ${r.where}`);
  // below the threshold with λ → 0 the conditional formula does not depend on the spectrum: equal to 1e-4
  const below = randomProjectionEquivalentMP({ d: 400, m: 50, n: 200, lambda: 1e-6, sigma2: 0.1, r2: 1, c2: 0.5, p2: 0.2 }).testError;
  close(below, 1.235, 1e-3, "ψ = 0.25 reference");
  close(below, randomProjectionSmallPsi(400, 50, 200, 0.1, 1, 0.5, 0.2), 1e-4, "small-ψ closed form");
  assert.throws(() => randomProjectionEquivalentMP({ d: 400, m: 50, n: 200, lambda: 0, sigma2: 0.1, r2: 1, c2: 0.5, p2: 0.2 }), /lambda must be > 0/);
});

test("oracleLambda: golden-section minimum of Theorem 1's error matches a fine grid and beats its neighbours", () => {
  const d = 60;
  const eigs = Float64Array.from({ length: d }, (_, j) => Math.pow(j + 1, -1.5));
  const w1Sq = Float64Array.from({ length: d }, (_, j) => Math.pow(j + 1, -0.5));
  const deltaDiag = new Float64Array(d).fill(0.01);
  for (const [n, p2] of [[200, 0], [2000, 0.1], [5000, 0.5]] as const) {
    const prob = { eigs, w1Sq, deltaDiag, n, sigma2: 1, p2 };
    const o = oracleLambda(prob);
    let best = Infinity;
    for (let i = 0; i <= 400; i++) best = Math.min(best, mixtureRidgeEquivalent({ ...prob, lambda: Math.pow(10, -9 + (11 * i) / 400) }).testError);
    assert.ok(o.testError <= best * (1 + 1e-6), `n=${n} p2=${p2}: oracle ${o.testError} vs grid ${best}`);
    for (const f of [0.5, 2]) assert.ok(mixtureRidgeEquivalent({ ...prob, lambda: f * o.lambda }).testError > o.testError);
  }
  assert.throws(() => oracleLambda({ eigs, w1Sq, deltaDiag, n: 100, sigma2: 1, p2: 0 }, 1, 0.5), RangeError);
});

test("collapse boundary of Eq. 11: exponent ratio ½ at n_b, → n* for small p₂, monotone across it (derived here)", () => {
  // reference value: d = 20, p₂ = 0.1, σ² = c² = 1 → n_b = 20 + 20·(1 + 0.09)/0.01 = 2200
  assert.ok(Math.abs(collapseBoundarySampleSize(20, 0.1, 1, 1) - 2200) < 1e-9);
  for (const [d, p2, s2, c2] of [[20, 0.1, 1, 1], [100, 0.01, 0.5, 2], [50, 0.5, 1, 0.3]]) {
    const nb = collapseBoundarySampleSize(d, p2, s2, c2);
    assert.ok(Math.abs(eq11ExponentRatio(d, nb, p2, s2, c2) - 0.5) < 1e-12);
    assert.ok(eq11ExponentRatio(d, nb / 2, p2, s2, c2) > 0.5 && eq11ExponentRatio(d, 2 * nb, p2, s2, c2) < 0.5);
    // the ratio is the log–log slope of Eq. 11 over the clean one, by central differences
    const n = 3 * nb, h = 1e-4;
    const sl = (q: number) => (Math.log(isotropicMixtureError(d / (n * Math.exp(h)), q, s2, c2)) - Math.log(isotropicMixtureError(d / (n * Math.exp(-h)), q, s2, c2))) / (2 * h);
    assert.ok(Math.abs(sl(p2) / sl(0) - eq11ExponentRatio(d, n, p2, s2, c2)) < 1e-6);
  }
  // small p₂: n_b / n* → 1 (n* = σ²d/(p₂²c²))
  assert.ok(Math.abs(collapseBoundarySampleSize(100, 1e-4, 1, 1) / crossoverSampleSize(1, 100, 1e-4, 1) - 1) < 2e-4);
  assert.equal(eq11ExponentRatio(20, 100, 0, 1, 1), 1);
  assert.throws(() => collapseBoundarySampleSize(20, 0, 1, 1), /collapseBoundarySampleSize/);
  assert.throws(() => eq11ExponentRatio(20, 20, 0.1, 1, 1), /eq11ExponentRatio/);
});

test("paretoFrontier: non-dominated points in order of x; random clouds against brute force", () => {
  assert.deepEqual(paretoFrontier([1, 2, 3, 0.5], [3, 1, 2, 4]), [3, 0, 1]);
  assert.deepEqual(paretoFrontier([1, 1, 2], [2, 2, 1]), [0, 2]);
  const rng = createRng(9);
  for (let t = 0; t < 20; t++) {
    const x = Array.from({ length: 15 }, () => rng.uniform()), y = Array.from({ length: 15 }, () => rng.uniform());
    const brute = x.map((_, i) => i).filter((i) => !x.some((_, j) => j !== i && x[j] <= x[i] && y[j] <= y[i] && (x[j] < x[i] || y[j] < y[i]))).sort((a, b) => x[a] - x[b]);
    assert.deepEqual(paretoFrontier(x, y), brute);
  }
  assert.throws(() => paretoFrontier([1], [1, 2]), /paretoFrontier/);
});

test("random projections: the S-free synthetic excess peaks at the interpolation threshold ψ = 1 (λ → 0)", () => {
  const s = { d: 400, n: 200, lambda: 1e-6, sigma2: 0.1, r2: 1, c2: 1 };
  for (const p2 of [0.05, 0.2, 0.7]) {
    const pk = rpExcessPeak(s, p2);
    assert.ok(Math.abs(pk.psi - 1) <= 0.01, `peak at ψ = ${pk.psi} for p₂ = ${p2}`);
    assert.ok(pk.excess > rpExcess(s, 150, p2) && pk.excess > rpExcess(s, 250, p2));
  }
  assert.ok(rpExcess(s, 50, 0.2) > 0 && rpExcess(s, 50, 0.5) > rpExcess(s, 50, 0.2));
});
