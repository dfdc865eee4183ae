import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { validateFigure } from "../../src/lab/figure";
import * as BA from "../../src/papers/bias-amplification/index";
import { isotropicGroupRisks, diagonalTwoGroupSpectrum, twoGroupRidgeRisk, separateGroupRisk } from "../../src/theory/ridge/index";

const G = { c1: 1, c2: 4, w1Sq: 1, w2Sq: 1, w12: 0.5, sigma1Sq: 0.01, sigma2Sq: 0.01 };

function meanSe(v: number[]): { m: number; se: number } {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return { m, se: Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1) / v.length) };
}

test("disparities: ODD, EDD, ADD as a ratio (default) or a difference", () => {
  const r = { R1: 1, R2: 4, E1: 1, E2: 2 };
  assert.deepEqual(BA.disparities(r), { odd: 3, edd: 1, add: 3 });
  assert.equal(BA.disparities(r, "difference").add, 2);
  assert.equal(BA.neutralAdd(), 1);
  assert.equal(BA.neutralAdd("difference"), 0);
});

test("ratioSeries: ratio of means with a delta-method SE; seedSeries keeps per-seed values", () => {
  const num = [[2, 4], [4, 4], [6, 4]], den = [[1, 2], [2, 2], [3, 2]];
  const s = BA.ratioSeries("r", [0, 1], num, den);
  assert.deepEqual(s.y, [2, 2]);
  assert.ok(Math.abs(s.yErr![0]) < 1e-12, "perfectly correlated numerator and denominator: zero SE");
  assert.equal(s.yErr![1], 0);
  const t = BA.seedSeries("t", [0, 1], num);
  assert.deepEqual(t.y, [4, 4]);
  assert.deepEqual(t.ySeeds, num);
  assert.throws(() => BA.seedSeries("t", [0], num), RangeError);
});

test("simulation matches the random-projection theory (d = 300, 24 seeds, within 4 SE + 3%)", () => {
  const d = 300, n = 150, rng = createRng(515);
  const design = BA.isotropicDesign(d, G);
  const ms = [75, 300], lambdas = [1e-2, 1];
  const runs = Array.from({ length: 24 }, () => BA.simulateTwoGroups(design, { n, p1: 0.8, ms, lambdas }, rng.split()));
  ms.forEach((m, mi) => lambdas.forEach((lambda, li) => {
    const th = isotropicGroupRisks({ ...G, phi: d / n, psi: m / n, p1: 0.8, lambda });
    const t = { R1: th.joint[0], R2: th.joint[1], E1: th.separate[0], E2: th.separate[1] };
    for (const k of ["R1", "R2", "E1", "E2"] as const) {
      const { m: mu, se } = meanSe(runs.map((r) => r.ridge[mi][li][k]));
      assert.ok(Math.abs(mu - t[k]) <= 4 * se + 0.03 * t[k], `m = ${m}, λ = ${lambda}, ${k}: sim ${mu} ± ${se}, theory ${t[k]}`);
    }
  }));
});

test("simulation of plain ridge with diagonal covariances matches the diagonal two-group theory (extraneous features)", () => {
  const { design } = BA.extraneousProblem(120, 80, createRng(3));
  const ds = { ...design, sigma1: Math.sqrt(0.1), sigma2: Math.sqrt(0.1) };
  const pr = { spectrum: diagonalTwoGroupSpectrum(ds.var1, ds.var2, ds.w1, ds.w2), n: 300, p1: 0.8, lambda: 1e-2, sigma1Sq: 0.1, sigma2Sq: 0.1 };
  const t = { R1: twoGroupRidgeRisk(pr, 1).risk, R2: twoGroupRidgeRisk(pr, 2).risk, E1: separateGroupRisk(pr, 1), E2: separateGroupRisk(pr, 2) };
  const rng = createRng(8);
  const runs = Array.from({ length: 24 }, () => BA.simulateTwoGroups(ds, { n: 300, p1: 0.8, ms: null, lambdas: [1e-2] }, rng.split()).ridge[0][0]);
  for (const k of ["R1", "R2", "E1", "E2"] as const) {
    const { m, se } = meanSe(runs.map((r) => r[k]));
    assert.ok(Math.abs(m - t[k]) <= 4 * se + 0.04 * t[k], `${k}: sim ${m} ± ${se}, theory ${t[k]}`);
  }
});

test("gradient flow: τ → 0 gives the null predictor (risk = c_s‖w_s‖²); ridge and flow agree as λ = 1/τ → 0 and τ → ∞ (m < n)", () => {
  const d = 60, n = 80, rng = createRng(2);
  const design = BA.isotropicDesign(d, G);
  const r = BA.simulateTwoGroups(design, { n, p1: 0.75, ms: [30], lambdas: [1e-9], times: [1e-9, 1e9] }, rng);
  const early = r.flow[0][0], late = r.flow[0][1], ridge0 = r.ridge[0][0];
  assert.ok(Math.abs(early.R1 - 1) < 1e-6 && Math.abs(early.R2 - 4) < 1e-6, `early ${JSON.stringify(early)}`);
  for (const k of ["R1", "R2", "E1", "E2"] as const) assert.ok(Math.abs(late[k] - ridge0[k]) <= 1e-5 * ridge0[k], `${k}: flow ${late[k]} vs ridge ${ridge0[k]}`);
});

test("primal and dual fits agree: one seed, m just below and above the group sizes changes risks continuously", () => {
  // The same draws with ms nested: m = n₂ − 1 (primal for group 2) and m = n₂ + 1 (dual): risks close to each other at large λ.
  const d = 80, n = 100, design = BA.isotropicDesign(d, G);
  const r = BA.simulateTwoGroups(design, { n, p1: 0.8, ms: [19, 21], lambdas: [10] }, createRng(4));
  const a = r.ridge[0][0], b = r.ridge[1][0];
  for (const k of ["R1", "R2", "E1", "E2"] as const) assert.ok(Math.abs(a[k] - b[k]) < 0.05 * a[k], `${k}: ${a[k]} vs ${b[k]}`);
});

test("simulation is reproducible from its seed and rejects bad plans", () => {
  const design = BA.isotropicDesign(40, G);
  const plan = { n: 50, p1: 0.8, ms: [10, 60], lambdas: [0.1] };
  assert.deepEqual(BA.simulateTwoGroups(design, plan, createRng(7)), BA.simulateTwoGroups(design, plan, createRng(7)));
  assert.throws(() => BA.simulateTwoGroups(design, { ...plan, p1: 1 }, createRng(1)), /p1/);
  assert.throws(() => BA.simulateTwoGroups(design, { ...plan, lambdas: [0] }, createRng(1)), /λ/);
  assert.throws(() => BA.simulateTwoGroups(design, { ...plan, ms: [10, 5] }, createRng(1)), /increasing/);
  assert.throws(() => BA.isotropicDesign(40, { ...G, w12: 3 }), /w12/);
});

test("figure builders return valid figures whose simulations carry per-seed values (small sizes)", () => {
  const P = BA.QUICK_PARAMS;
  const rng = createRng(11);
  const figs = [
    BA.buildHeatmapFigure({ ...P.heatmap, gridN: 4 }),
    BA.buildSliceFigure({ ...P.heatmap, slicePsiN: 9 }),
    BA.buildPsiSweepFigure({ d: 60, lambdas: [0.1], psisSim: [0.5, 2], seeds: 3 }, rng),
    BA.buildNoiseFigure({ d: 60, psi: 0.5, lambda: 0.1, sigmas: [0, 1], seeds: 3 }, rng),
    BA.buildLambdaFigure({ d: 60, psis: [0.5], lambdasSim: [0.01, 1], seeds: 3 }, rng),
    BA.buildTimeFigure({ d: 60, psi: 0.5, times: [1, 100], seeds: 3 }, rng),
    BA.buildMinorityFigure({ d: 40, phis: [0.5], psisSim: [1, 4], lambda: 0.1, seeds: 3, extraneous: { n: 60, core: 20, extras: [0, 10], lambda: 0.1, sigmaSq: 0.1, seeds: 3 } }, rng),
    BA.buildAppendixFigure({ psis: [1], lambdaN: 5 }),
  ];
  for (const f of figs) {
    validateFigure(f);
    for (const s of f.series) if (s.kind === "simulation" && !s.name.includes("ADD")) assert.ok(s.ySeeds && s.ySeeds.length === 3, `${f.figure}: ${s.name} keeps per-seed values`);
  }
  assert.equal(BA.directionChanges([1, 2, 3, 2, 1]), 1);
  assert.equal(BA.argmax([1, 2, 3], [0, 5, 1]), 2);
});

test("Colored-MNIST stand-in: 10 000 real digits pooled to 49 standardised features; labels ±1 with per-group flip fractions", () => {
  const pool = BA.loadDigitPool();
  assert.equal(pool.dim, 49);
  assert.ok(pool.count >= 9000, `count ${pool.count}`);
  let m = 0, v = 0;
  for (let i = 0; i < pool.count; i++) { m += pool.u[i * 49 + 24]; v += pool.u[i * 49 + 24] ** 2; }
  assert.ok(Math.abs(m / pool.count) < 1e-9 && Math.abs(v / pool.count - 1) < 1e-9, "centre pixel standardised");
  const { y1, y2 } = BA.groupLabels(pool, [0.3, 0.05], createRng(1));
  let f1 = 0, f2 = 0;
  for (let i = 0; i < pool.count; i++) {
    const y = pool.label[i] < 5 ? 1 : -1;
    assert.ok(Math.abs(y1[i]) === 1 && Math.abs(y2[i]) === 1);
    if (y1[i] !== y) f1++;
    if (y2[i] !== y) f2++;
  }
  assert.ok(Math.abs(f1 / pool.count - 0.3) < 0.02 && Math.abs(f2 / pool.count - 0.05) < 0.01, `flip rates ${f1 / pool.count}, ${f2 / pool.count}`);
  assert.throws(() => BA.groupLabels(pool, [0.5, 0], createRng(1)), RangeError);
});

test("Colored-MNIST stand-in: group-2 brightness scales its covariance by s² (ρ = 1), and a replicate at huge λ gives the null predictor's risk", () => {
  const pool = BA.loadDigitPool();
  const { y1 } = BA.groupLabels(pool, [0, 0], createRng(2));
  const a = BA.population(pool, 1, 1, 1, y1), b = BA.population(pool, 2, 1, 2, y1);
  const D = 98;
  for (const k of [0, 5 * D + 7, 60 * D + 60]) assert.ok(Math.abs(b.sigma.data[k] - 4 * a.sigma.data[k]) <= 1e-9 * Math.abs(a.sigma.data[k]) + 1e-12);
  assert.ok(Math.abs(a.noise - b.noise) < 1e-8, "same labels, same residual variance");
  const p = { ...BA.QUICK_PARAMS.coloredMnist, lambdas: [1e9], seeds: 2 };
  const w = BA.coloredMnistWorld(p, createRng(3));
  const S = BA.projectionMatrix(w.dim, 50, createRng(4));
  const r = BA.coloredMnistReplicate(w, S, 100, p, createRng(5))[0];
  const e = (pop: BA.GroupPopulation) => { let s = 0; for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) s += pop.w[i] * pop.sigma.data[i * D + j] * pop.w[j]; return s; };
  assert.ok(Math.abs(r.R1 - e(w.pop1)) < 1e-6 && Math.abs(r.E2 - e(w.pop2)) < 1e-6, `null risks ${r.R1} vs ${e(w.pop1)}, ${r.E2} vs ${e(w.pop2)}`);
  const th = BA.coloredMnistTheory(w, S, 100, p.p1, [1e9])[0];
  assert.ok(Math.abs(th.R2 - e(w.pop2)) < 1e-5 * e(w.pop2), `theory null risk ${th.R2} vs ${e(w.pop2)}`);
});
