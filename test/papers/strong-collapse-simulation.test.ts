/**
 * Theory vs Monte-Carlo for "Strong Model Collapse" at reduced size (unit-test tolerance:
 * |sim − theory| ≤ max(3·SE, 5%·theory), 10% within 20% of an interpolation threshold).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng, rngStreams } from "../../src/maths/random";
import { meanAndStderr, mean } from "../../src/maths/stats";
import { powerLawSpectrum } from "../../src/theory/ridge/index";
import {
  isSyntheticRow,
  syntheticCount,
  simulateMixtureRidge,
  isotropicMixtureErrorFinite,
  mixtureRidgeEquivalent,
  simulateRandomProjections,
  projectionEigenvalues,
  randomProjectionEquivalent,
  simulateIterativeMixing,
  simulateIterativeMixingFreshDesign,
  iterativeMixingError,
  olsError,
  simulateWeightedMixing,
  weightedMixingError,
  weightedMixingFloor,
} from "../../src/papers/strong-collapse/index";

function agree(sim: number, se: number, theory: number, relTol: number, what: string): void {
  const tol = Math.max(3 * se, relTol * Math.abs(theory));
  assert.ok(Math.abs(sim - theory) <= tol, `${what}: sim ${sim.toFixed(5)} ± ${se.toFixed(5)} vs theory ${theory.toFixed(5)} (tol ${tol.toFixed(5)})`);
}

test("isSyntheticRow: every prefix of length n holds ⌊p₂n⌋ synthetic rows", () => {
  const rng = createRng(11);
  for (let k = 0; k < 20; k++) {
    const p2 = k === 0 ? 0 : k === 1 ? 1 : rng.uniform();
    let count = 0;
    for (let i = 0; i < 3000; i++) {
      if (isSyntheticRow(i, p2)) count++;
      assert.equal(count, syntheticCount(i + 1, p2), `p2=${p2} prefix ${i + 1}`);
    }
  }
  assert.throws(() => isSyntheticRow(-1, 0.5), /isSyntheticRow/);
});

test("mixture OLS (Σ = I) matches finite-sample Eq. 11 across n and p₂", () => {
  const d = 20, ns = [100, 400, 2000], p2s = [0, 0.2, 0.6], c2 = 1, sigma2 = 1;
  const runs = rngStreams(2024, 80).map((r) =>
    simulateMixtureRidge({ eigs: new Float64Array(d).fill(1), w1: new Float64Array(d).fill(0.3), deltaDiag: new Float64Array(d).fill(c2 / d), sigma2, lambda: 0, ns, p2s }, r),
  );
  p2s.forEach((p2, k) => {
    const { mean: m, se } = meanAndStderr(runs.map((r) => r[k]));
    ns.forEach((n, i) => agree(m[i], se[i], isotropicMixtureErrorFinite(d, n, p2, sigma2, c2), 0.05, `p2=${p2} n=${n}`));
  });
});

test("mixture ridge on a power-law Σ matches Theorem 1 (B + V + ζ)", () => {
  const d = 60, eigs = powerLawSpectrum(d, 1.3);
  const w1Sq = Float64Array.from(eigs, (_, j) => 1 / (j + 1) / d);
  const trace = eigs.reduce((a, b) => a + b, 0);
  const deltaDiag = new Float64Array(d).fill(0.5 / trace); // c² = Tr(ΣΔ) = 0.5
  const ns = [90, 300, 1200], p2s = [0, 0.3], lambda = 1e-2, sigma2 = 0.5;
  const runs = rngStreams(77, 60).map((r) => simulateMixtureRidge({ eigs, w1: Float64Array.from(w1Sq, Math.sqrt), deltaDiag, sigma2, lambda, ns, p2s }, r));
  p2s.forEach((p2, k) => {
    const { mean: m, se } = meanAndStderr(runs.map((r) => r[k]));
    ns.forEach((n, i) => agree(m[i], se[i], mixtureRidgeEquivalent({ eigs, w1Sq, deltaDiag, n, lambda, sigma2, p2 }).testError, 0.05, `p2=${p2} n=${n}`));
  });
});

test("random projections: simulation matches the conditional-on-S theory across ψ (incl. near ψ = 1)", () => {
  const d = 160, n = 80, ms = [20, 40, 60, 100, 120, 160], lambda = 1e-4, sigma2 = 0.1, r2 = 1, c2 = 0.5, p2 = 0.2;
  const runs = rngStreams(5, 40).map((r) => simulateRandomProjections({ d, n, ms, lambda, sigma2, r2, labels: [{ c2, p2 }] }, r));
  const { mean: m, se } = meanAndStderr(runs.map((r) => r.errors[0]));
  ms.forEach((mm, i) => {
    // theory averaged over the same S draws (it is conditional on S)
    const th = mean(runs.map((r) => randomProjectionEquivalent({ zEigs: projectionEigenvalues(r.S, mm), d, m: mm, n, lambda, sigma2, r2, c2, p2 }).testError));
    const nearThreshold = Math.abs(mm / n - 1) <= 0.25;
    agree(m[i], se[i], th, nearThreshold ? 0.1 : 0.05, `psi=${mm / n}`);
  });
});

test("iterative mixing matches the fixed-point decomposition and stays above real-only OLS", () => {
  const d = 20, ns = [800], iterations = 8;
  const runs = rngStreams(9, 80).map((r) => simulateIterativeMixing({ d, ns, p2: 0.5, sigma2: 1, c2: 1, iterations }, r));
  const { mean: m, se } = meanAndStderr(runs.map((r) => r.iterative[0]));
  for (let t = 1; t <= iterations; t++) agree(m[t - 1], se[t - 1], iterativeMixingError(t, 0.5, d, ns[0], 1, 1), 0.05, `t=${t}`);
  const ro = meanAndStderr(runs.map((r) => r.realOnly));
  agree(ro.mean[0], ro.se[0], olsError(d, ns[0] / 2, 1), 0.05, "real-only");
  assert.ok(m[iterations - 1] > ro.mean[0], `final ${m[iterations - 1]} vs real-only ${ro.mean[0]}`);
});

test("weighted mixing matches the first-order formula at small d/n; the floor stays positive", () => {
  // first order in d/n: at d/n = 0.1 the O((d/n)²) terms reach ~10–20% for unequal weights, so d/n ≤ 0.02 here
  const d = 10, ns = [500, 2000], alphas = [0.2, 0.5, 0.8];
  const runs = rngStreams(13, 80).map((r) => simulateWeightedMixing({ d, ns, p2: 0.4, sigma2: 1, c2: 1, alphas }, r));
  alphas.forEach((a, k) => {
    const { mean: m, se } = meanAndStderr(runs.map((r) => r[k]));
    ns.forEach((n, i) => agree(m[i], se[i], weightedMixingError(a, 0.4, d, n, 1, 1), 0.05, `alpha=${a} n=${n}`));
    const floor = weightedMixingFloor(a, 0.4, 1);
    assert.ok(floor > 0 && m[ns.length - 1] >= 0.8 * floor, `alpha=${a}: error ${m[ns.length - 1]} vs floor ${floor}`);
  });
});

test("sign-sampled shifts (same covariance as N(0, Δ)) match Theorem 1 with far fewer seeds on a steep power law", () => {
  const d = 80, eigs = powerLawSpectrum(d, 1.5);
  const w1Sq = Float64Array.from(eigs, (_, j) => 1 / (j + 1) / d);
  const trace = eigs.reduce((a, b) => a + b, 0);
  const deltaDiag = new Float64Array(d).fill(1 / trace);
  const ns = [200, 2000], p2s = [0.2, 0.5], lambda = 1e-4, sigma2 = 1;
  const runs = rngStreams(91, 12).map((r) => simulateMixtureRidge({ eigs, w1: Float64Array.from(w1Sq, Math.sqrt), deltaDiag, sigma2, lambda, ns, p2s, deltaSampling: "signs" }, r));
  p2s.forEach((p2, k) => {
    const { mean: m, se } = meanAndStderr(runs.map((r) => r[k]));
    ns.forEach((n, i) => agree(m[i], se[i], mixtureRidgeEquivalent({ eigs, w1Sq, deltaDiag, n, lambda, sigma2, p2 }).testError, 0.05, `signs p2=${p2} n=${n}`));
  });
  assert.throws(() => simulateMixtureRidge({ eigs, w1: new Float64Array(d), deltaDiag, sigma2, lambda, ns, p2s, deltaSampling: "uniform" as "signs" }, createRng(1)), /deltaSampling/);
});

test("weighted mixing at α = 0 is OLS on the real rows alone (exact real-only error)", () => {
  const d = 10, ns = [200, 800];
  const runs = rngStreams(21, 200).map((r) => simulateWeightedMixing({ d, ns, p2: 0.5, sigma2: 1, c2: 1, alphas: [0] }, r)[0]);
  const { mean: m, se } = meanAndStderr(runs);
  ns.forEach((n, i) => agree(m[i], se[i], olsError(d, n - syntheticCount(n, 0.5), 1), 0.05, `alpha=0 n=${n}`));
});

test("iterative mixing with a fresh synthetic design: shift decays, stays above real-only OLS; rejects p₂ = 1", () => {
  const d = 10, n = 400, iterations = 8, p2 = 0.5;
  const runs = rngStreams(31, 120).map((r) => simulateIterativeMixingFreshDesign({ d, ns: [n], p2, sigma2: 1, c2: 1, iterations, deltaSampling: "signs" }, r)[0]);
  const { mean: m, se } = meanAndStderr(runs);
  assert.equal(m.length, iterations);
  // iteration 1 is the same estimator as in the fixed-design scheme: the mixture OLS with the shifted teacher
  agree(m[0], se[0], iterativeMixingError(1, p2, d, n, 1, 1), 0.05, "t=1");
  assert.ok(m[iterations - 1] < 0.5 * m[0], `shift should decay: ${m[iterations - 1]} vs ${m[0]}`);
  const ro = olsError(d, n - syntheticCount(n, p2), 1);
  assert.ok(m[iterations - 1] - 3 * se[iterations - 1] > ro, `final ${m[iterations - 1]} ± ${se[iterations - 1]} vs real-only ${ro}`);
  assert.throws(() => simulateIterativeMixingFreshDesign({ d, ns: [n], p2: 1, sigma2: 1, c2: 1, iterations }, createRng(1)), RangeError);
});

test("simulateMixtureRidge: per-curve per-n lambdas equal separate runs at each λ on the same rows", () => {
  const d = 8, ns = [30, 60], p2s = [0, 0.2];
  const eigs = Float64Array.from({ length: d }, (_, j) => Math.pow(j + 1, -1.5));
  const w1 = new Float64Array(d).fill(0.3), deltaDiag = new Float64Array(d).fill(0.05);
  const lambdas = [[1e-2, 3e-3], [5e-2, 1e-3]];
  const both = simulateMixtureRidge({ eigs, w1, deltaDiag, sigma2: 1, lambda: 0, lambdas, ns, p2s, antithetic: true }, createRng(7));
  p2s.forEach((_, k) => ns.forEach((_, i) => {
    const one = simulateMixtureRidge({ eigs, w1, deltaDiag, sigma2: 1, lambda: lambdas[k][i], ns, p2s, antithetic: true }, createRng(7));
    assert.ok(Math.abs(both[k][i] - one[k][i]) <= 1e-12 * one[k][i], `k=${k} i=${i}: ${both[k][i]} vs ${one[k][i]}`);
  }));
  assert.throws(() => simulateMixtureRidge({ eigs, w1, deltaDiag, sigma2: 1, lambda: 0, lambdas: [[1e-2]], ns, p2s }, createRng(1)), RangeError);
});
