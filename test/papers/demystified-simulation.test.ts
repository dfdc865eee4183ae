import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { linearFit } from "../../src/maths/stats";
import { isotropicSpectrum, powerLawSpectrum } from "../../src/theory/ridge/index";
import {
  olsChainTestError, rhoEquivalent, exponentialCollapseError, fitLinear, runFakeDataChain, sampleDesign,
  downstreamRidgePath, downstreamRidge, downstreamRidgeDual, gaussianChainTeachers, randomUnitVector, sigmaNormError, buildOlsLinear, buildExponential, buildFig1a,
  seriesNamed, rhoMonteCarlo, linearSlope, semilogSlope,
} from "../../src/papers/demystified/index";
import { pointsOfFigure, testAgreement } from "../../src/lab/agreement";

const seed = (Date.now() >>> 0) % 1_000_000;

test("fitLinear: OLS normal equations, min-norm interpolation, ridge stationarity (fresh random problems)", () => {
  const rng = createRng(4242);
  for (let trial = 0; trial < 5; trial++) {
    const d = 5 + rng.int(20);
    const eigs = new Float64Array(d).map(() => 0.2 + rng.uniform());
    // OLS: Xᵀ(y − Xw) = 0
    const T = d + 5 + rng.int(30);
    const X = sampleDesign(T, eigs, rng), y = rng.fillNormal(new Float64Array(T));
    const w = fitLinear(X, T, d, y, { kind: "ols" });
    for (let j = 0; j < d; j++) {
      let g = 0;
      for (let i = 0; i < T; i++) {
        let p = 0;
        for (let k = 0; k < d; k++) p += X[i * d + k] * w[k];
        g += X[i * d + j] * (y[i] - p);
      }
      assert.ok(Math.abs(g) < 1e-8, `OLS gradient ${g}`);
    }
    // min-norm: interpolates and lies in the row space (w = Xᵀa ⇒ w ⟂ null space; check ‖w‖ ≤ ‖w + null vector‖ via interpolation + residual)
    const Tw = Math.max(1, d - 3 - rng.int(3));
    const Xw = sampleDesign(Tw, eigs, rng), yw = rng.fillNormal(new Float64Array(Tw));
    const wm = fitLinear(Xw, Tw, d, yw, { kind: "minnorm" });
    for (let i = 0; i < Tw; i++) {
      let p = 0;
      for (let k = 0; k < d; k++) p += Xw[i * d + k] * wm[k];
      assert.ok(Math.abs(p - yw[i]) < 1e-8, "min-norm interpolates");
    }
    // ridge: (XᵀX/T + λI)w = Xᵀy/T
    const lambda = 0.3;
    const wr = fitLinear(X, T, d, y, { kind: "ridge", lambda });
    for (let j = 0; j < d; j++) {
      let lhs = lambda * wr[j], rhs = 0;
      for (let i = 0; i < T; i++) {
        let p = 0;
        for (let k = 0; k < d; k++) p += X[i * d + k] * wr[k];
        lhs += (X[i * d + j] * p) / T;
        rhs += (X[i * d + j] * y[i]) / T;
      }
      assert.ok(Math.abs(lhs - rhs) < 1e-10, "ridge stationarity");
    }
  }
  assert.throws(() => fitLinear(new Float64Array(6), 2, 3, new Float64Array(2), { kind: "ols" }), /OLS needs more samples/);
  assert.throws(() => fitLinear(new Float64Array(6), 3, 2, new Float64Array(3), { kind: "minnorm" }), /min-norm interpolation needs T < d/);
  assert.throws(() => fitLinear(new Float64Array(6), 3, 2, new Float64Array(3), { kind: "ridge", lambda: 0 }), /ridge lambda must be/);
});

test("downstreamRidgePath (eigh, all λ) agrees with downstreamRidge (Cholesky, one λ) on the same draw", () => {
  const d = 30, T = 45;
  const eigs = powerLawSpectrum(d, 1.3);
  const rng0 = createRng(7);
  const w0 = rng0.fillNormal(new Float64Array(d));
  const teachers = [w0, w0.map((v) => v + 0.1)];
  for (const lambda of [1e-3, 0.1, 2]) {
    const a = downstreamRidgePath(eigs, w0, teachers, T, 0.7, [lambda], createRng(11));
    const b = downstreamRidge(eigs, w0, teachers, T, 0.7, lambda, createRng(11));
    for (let t = 0; t < 2; t++) assert.ok(Math.abs(a[t][0] - b[t]) <= 1e-9 * Math.max(1, b[t]), `λ=${lambda}: ${a[t][0]} vs ${b[t]}`);
  }
  assert.throws(() => downstreamRidge(eigs, w0, teachers, 20, 1, 0, createRng(1)), /λ = 0 needs T > d/);
  assert.throws(() => downstreamRidgePath(eigs, w0, teachers, 20, 1, [-1], createRng(1)), /every lambda must be finite and ≥ 0/);
});

test("downstreamRidgeDual (T×T solve) equals downstreamRidge (d×d solve) on the same draw, T < d and T > d", () => {
  const eigs = powerLawSpectrum(40, 2);
  const w0 = createRng(3).fillNormal(new Float64Array(40));
  const teachers = [w0, w0.map((v, j) => v + 0.05 * (j % 3))];
  for (const T of [12, 60]) for (const lambda of [1e-3, 0.3]) {
    const a = downstreamRidgeDual(eigs, w0, teachers, T, 0.5, lambda, createRng(21));
    const b = downstreamRidge(eigs, w0, teachers, T, 0.5, lambda, createRng(21));
    for (let t = 0; t < 2; t++) assert.ok(Math.abs(a[t] - b[t]) <= 1e-8 * Math.max(1, b[t]), `T=${T}, λ=${lambda}: ${a[t]} vs ${b[t]}`);
  }
  assert.throws(() => downstreamRidgeDual(eigs, w0, teachers, 12, 1, 0, createRng(1)), /lambda must be finite and > 0/);
});

test(`Gaussian chain teachers have the OLS chain's error covariance nσ₀²Σ⁻¹/(T₀ − d − 1), per coordinate (seed ${seed})`, () => {
  // the covariance is what the downstream mean depends on: compare Var((ŵₙ − w₀)_j)·λ_j with the OLS chain's, both by simulation
  const d = 8, T0 = 30, sigma0 = 0.8, n = 3, reps = 4000;
  const eigs = powerLawSpectrum(d, 1.5), w0 = new Float64Array(d).fill(0.3);
  const rng = createRng(seed);
  const g = new Float64Array(d), o = new Float64Array(d);
  for (let r = 0; r < reps; r++) {
    const w = gaussianChainTeachers(eigs, w0, [n], T0, sigma0, rng)[0];
    const c = runFakeDataChain(eigs, w0, { T0, sigma0, generations: n, learner: { kind: "ols" } }, rng)[n];
    for (let j = 0; j < d; j++) { g[j] += eigs[j] * (w[j] - w0[j]) ** 2; o[j] += eigs[j] * (c[j] - w0[j]) ** 2; }
  }
  const expected = (n * sigma0 * sigma0) / (T0 - d - 1);
  for (let j = 0; j < d; j++) {
    // each mean of 4000 scaled squares has a relative SE ≤ √(2/4000) ≈ 2.2% (Gaussian) and a little more for the chain
    assert.ok(Math.abs(g[j] / reps / expected - 1) < 0.1, `Gaussian teachers, j=${j}: ${g[j] / reps} vs ${expected}`);
    assert.ok(Math.abs(o[j] / reps / expected - 1) < 0.15, `OLS chain, j=${j}: ${o[j] / reps} vs ${expected}`);
  }
  assert.throws(() => gaussianChainTeachers(eigs, w0, [1], d + 1, 1, rng), /needs T₀ > d \+ 1/);
});

test("OLS chain (Thm 4.1): simulation vs exact formula (d = 50, T = T₀ = 200, σ = σ₀ = 1, 200 seeds)", () => {
  const spec = buildOlsLinear({ d: 50, T: 200, T0: 200, sigma: 1, sigma0: 1, maxGenerations: 10, ridgeLambdas: [0.1], seeds: 200 }, createRng(2024));
  const sim = seriesNamed(spec, "simulation OLS (λ = 0)");
  for (const n of [0, 1, 5, 10]) {
    const exact = olsChainTestError({ d: 50, T: 200, T0: 200, sigma2: 1, sigma02: 1, generations: n });
    assert.ok(Math.abs(sim.y[n] - exact) <= 3 * sim.yErr![n], `n=${n}: ${sim.y[n]} ± ${sim.yErr![n]} vs ${exact}`);
  }
  const slope = linearSlope(sim);
  assert.ok(Math.abs(slope.value - 50 / 149) <= 3 * slope.se, `dE/dn = ${slope.value} ± ${slope.se}`);
  // the ridge downstream agrees with its deterministic equivalent (the lab's agreement test)
  const ag = testAgreement(pointsOfFigure(spec));
  assert.ok(ag.pass, `worst point ${JSON.stringify(ag.worst)}`);
});

test("Monte-Carlo E tr(RΣ̂Σ⁻¹Σ̂RΣ) within 2% of the ρ formula (d = 100, table cases)", () => {
  const d = 100;
  const cases = [
    { eigs: isotropicSpectrum(d), T: 200, lambda: 0.1 },
    { eigs: isotropicSpectrum(d), T: 50, lambda: 0.1 },
    { eigs: powerLawSpectrum(d, 1.5), T: 50, lambda: 0.1 },
    { eigs: powerLawSpectrum(d, 1.5), T: 200, lambda: 0.01 },
  ];
  const rng = createRng(31337);
  for (const c of cases) {
    const mc = rhoMonteCarlo(c.eigs, c.T, c.lambda, 60, rng);
    const th = rhoEquivalent(c.eigs, c.T, c.lambda);
    assert.ok(Math.abs(mc.mean - th) <= 0.02 * th, `T=${c.T} λ=${c.lambda}: MC ${mc.mean} ± ${mc.se} vs ${th}`);
    assert.ok(mc.se < 0.01 * th, "MC standard error is small enough for a 2% test");
  }
});

test("exponential collapse, log ‖ŵₙ‖² slope = log(T₀/d) within 3 SE for every T₀ (d = 200, 100 seeds)", () => {
  const d = 200;
  const spec = buildExponential({ d, T0s: [50, 100, 150], maxGenerations: 6, seeds: 100 }, createRng(5));
  for (const T0 of [50, 100, 150]) {
    const s = seriesNamed(spec, `simulation T₀ = ${T0}`, 1);
    const slope = semilogSlope(s, 1, 6);
    assert.ok(Math.abs(slope.value - Math.log(T0 / d)) <= 3 * slope.se && slope.se < 0.05, `T₀=${T0}: slope ${slope.value} ± ${slope.se} vs ${Math.log(T0 / d)}`);
    const e = seriesNamed(spec, `simulation T₀ = ${T0}`, 0);
    for (let n = 1; n <= 6; n++) {
      const th = exponentialCollapseError(d, T0, n);
      assert.ok(Math.abs(e.y[n] - th) <= Math.max(3 * e.yErr![n], 0.05 * th), `n=${n}: ${e.y[n]} vs ${th}`);
    }
  }
});

test("Fig. 1a builder (small): U-shape, theory agreement, error grows with n at every λ", () => {
  const spec = buildFig1a({ d: 40, T0: 80, Ts: [20, 160], sigma: 1, sigma0: 1, generations: [0, 2], lambdas: [1e-3, 1e-2, 0.1, 1, 10, 100], seeds: 24 }, createRng(10));
  const ag = testAgreement(pointsOfFigure(spec));
  assert.ok(ag.pass, `worst ${JSON.stringify(ag.worst)}`);
  for (const panel of [0, 1]) {
    const t0 = seriesNamed(spec, "theory n=0", panel), t2 = seriesNamed(spec, "theory n=2", panel);
    t0.y.forEach((v, i) => assert.ok(t2.y[i] > v));
    // U shape: interior minimum
    const iMin = t2.y.indexOf(Math.min(...t2.y));
    assert.ok(iMin > 0 && iMin < t2.y.length - 1, "interior optimum");
  }
  assert.equal(spec.figure, "fig1a");
  assert.ok(spec.notes!.some((n) => n.includes("[U]")));
});

test("chain: noise-free OLS chain keeps w₀ exactly; sigmaNormError; randomUnitVector", () => {
  const eigs = isotropicSpectrum(10);
  const rng = createRng(3);
  const w0 = randomUnitVector(10, rng);
  close1(sigmaNormError(eigs, w0, new Float64Array(10)), 1);
  const chain = runFakeDataChain(eigs, w0, { T0: 30, sigma0: 0, generations: 3, learner: { kind: "ols" } }, rng);
  assert.equal(chain.length, 4);
  assert.ok(sigmaNormError(eigs, chain[3], w0) < 1e-20);
  assert.throws(() => runFakeDataChain(eigs, new Float64Array(3), { T0: 30, sigma0: 0, generations: 1, learner: { kind: "ols" } }, rng), /w0 has length 3/);
  assert.throws(() => sampleDesign(0, eigs, rng), /T must be a positive integer/);
});

function close1(a: number, b: number): void {
  assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
}

test("linear fit helper sanity (R² of an exactly linear series is 1)", () => {
  assert.equal(linearFit([0, 1, 2], [1, 2, 3]).r2, 1);
});

test("fixed generator design: OLS chain still adds nσ₀²d/(T₀−d−1) on average; min-norm chain stops after one projection", () => {
  const d = 20, T0 = 60, T = 80;
  const eigs = isotropicSpectrum(d);
  const rng = createRng(606);
  const rows: number[][] = [];
  for (let s = 0; s < 300; s++) {
    const r = rng.split();
    const w0 = randomUnitVector(d, r);
    const chain = runFakeDataChain(eigs, w0, { T0, sigma0: 1, generations: 4, learner: { kind: "ols" }, design: "fixed" }, r);
    rows.push(downstreamRidge(eigs, w0, [chain[0], chain[4]], T, 1, 0, r));
  }
  const e0 = rows.map((x) => x[0]), e4 = rows.map((x) => x[1]);
  const m = (a: number[]) => a.reduce((p, q) => p + q, 0) / a.length;
  const se = (a: number[]) => Math.sqrt(a.reduce((p, q) => p + (q - m(a)) ** 2, 0) / (a.length - 1) / a.length);
  const th4 = olsChainTestError({ d, T, T0, sigma2: 1, sigma02: 1, generations: 4 });
  assert.ok(Math.abs(m(e4) - th4) <= Math.max(3 * se(e4), 0.05 * th4), `fixed design n=4: ${m(e4)} ± ${se(e4)} vs ${th4}`);
  assert.ok(Math.abs(m(e0) - 20 / 59) <= Math.max(3 * se(e0), 0.05 * 20 / 59));
  // min-norm, noise-free, fixed design: ŵ_n = P w₀ for all n ≥ 1
  const w0 = randomUnitVector(50, rng);
  const ch = runFakeDataChain(isotropicSpectrum(50), w0, { T0: 20, sigma0: 0, generations: 3, learner: { kind: "minnorm" }, design: "fixed" }, rng);
  for (let n = 2; n <= 3; n++) for (let j = 0; j < 50; j++) assert.ok(Math.abs(ch[n][j] - ch[1][j]) < 1e-9);
  assert.throws(() => runFakeDataChain(eigs, w0.subarray(0, d), { T0, sigma0: 1, generations: 1, learner: { kind: "ols" }, design: "odd" as "fixed" }, rng), /design must be "fresh" or "fixed"/);
});
