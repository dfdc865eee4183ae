/**
 * Figure builders of the Strong Model Collapse notebook at tiny sizes: valid FigureSpecs, expected series,
 * theory and simulation side by side, stand-ins labelled as such.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { validateFigure } from "../../src/lab/figure";
import { heatmapsOf } from "../../src/lab/heatmap";
import {
  QUICK_PARAMS,
  FULL_PARAMS,
  strongCollapseParams,
  buildScalingFigure,
  buildModelSizeFigure,
  buildParetoFigure,
  buildPhaseFigure,
  paretoNames,
  phaseNames,
  heatmapValueAt,
  collapseBoundarySampleSize,
  isotropicMixtureErrorFinite,
  rpExcess,
  buildMitigationsFigure,
  buildLanguageFigure,
  buildMnistFigure,
  seriesNamed,
  scalingNames,
  modelSizeNames,
  modelSizes,
  mitigationNames,
  powerLawProblem,
  powerLawOracleLambdas,
  scalingAgreementPoints,
  weightedFloorAgreementPoints,
  iterativeDesignComparison,
  weightedMixingError,
  languageNames,
  mnistNames,
  pointsAgainst,
  pairedDifference,
  pairedRatio,
  pairedSteps,
  estimateAt,
  slopeEstimate,
  plateauEstimate,
  weakestAbove,
  delayFactor,
  simulateRandomProjections,
  simulateMixtureRidge,
  type ModelSizeParams,
  type ScalingParams,
  type PhaseParams,
} from "../../src/papers/strong-collapse/index";

test("parameter sets: full mode uses ≥ 20 seeds for the Gaussian simulations and n = 500 for Fig. 1", () => {
  assert.equal(strongCollapseParams("quick"), QUICK_PARAMS);
  assert.ok(FULL_PARAMS.scaling.seeds >= 20 && FULL_PARAMS.modelSize.seeds >= 20);
  assert.ok(FULL_PARAMS.mitigations.weighted.seeds >= 20 && FULL_PARAMS.mitigations.iterative.seeds >= 20);
  assert.equal(FULL_PARAMS.modelSize.n, 500);
  assert.ok(FULL_PARAMS.scaling.nsSim[FULL_PARAMS.scaling.nsSim.length - 1] >= 20000);
  assert.throws(() => strongCollapseParams("fast" as "quick"), /strongCollapseParams: mode/);
});

test("scaling figure: theory and simulation for every p₂ in both panels", () => {
  const p = { ...QUICK_PARAMS.scaling, d: 10, nsSim: [30, 100], seeds: 3, nTheoryMax: 1e6, smallD: { d: 5, nsSim: [20, 100], seeds: 4 } };
  const f = buildScalingFigure(p, createRng(1));
  validateFigure(f);
  for (const p2 of p.p2s) {
    assert.equal(seriesNamed(f, scalingNames.eq11(p2)).kind, "theory");
    const s = seriesNamed(f, scalingNames.simPow(p2));
    assert.equal(s.kind, "simulation");
    assert.equal(s.yErr?.length, 2);
  }
  assert.ok((f.markers ?? []).some((m) => m.axis === "y" && Math.abs(m.x - 0.25) < 1e-12), "plateau marker p₂²c² for p₂ = 0.5");
  // source/capacity teacher normalised to the signal; oracle λ theory never above the fixed-λ theory; fixed-λ curve present
  const pow = powerLawProblem(p);
  let sig = 0;
  pow.eigs.forEach((l, j) => { sig += l * pow.w1Sq[j]; });
  assert.ok(Math.abs(sig - p.signalPowerLaw) < 1e-12);
  const tuned = seriesNamed(f, scalingNames.thm1(p.fixedLambdaP2)).y, fixed = seriesNamed(f, scalingNames.thm1Fixed(p.fixedLambdaP2)).y;
  tuned.forEach((v, i) => assert.ok(v <= fixed[i] * (1 + 1e-9), `oracle ${v} > fixed ${fixed[i]} at i = ${i}`));
  assert.equal(seriesNamed(f, scalingNames.simPowFixed(p.fixedLambdaP2)).y.length, 2);
  const lam = powerLawOracleLambdas(p, [30, 100, 1000], 0);
  assert.ok(lam[0] > lam[1] && lam[1] > lam[2], `oracle λ should fall with n: ${lam}`);
  assert.equal(scalingAgreementPoints(f, p, "power law").length, 2 * (p.p2s.length + 1));
});

test("model-size and Pareto figures: sizes avoid ψ = 1, excess panel present, Pareto points per quality", () => {
  assert.deepEqual(modelSizes([0.5, 0.99, 1, 1.0001, 2], 10), [5, 9, 11, 20]); // m = n moves off the threshold; duplicates dropped
  const p: ModelSizeParams = { ...QUICK_PARAMS.modelSize, d: 40, n: 20, psis: [0.25, 0.5, 1.5, 3], seeds: 2, theorySDraws: 2 };
  const f = buildModelSizeFigure(p, createRng(2));
  validateFigure(f);
  assert.equal(f.panels?.length, p.qualities.length + 1);
  const clean = seriesNamed(f, modelSizeNames.theory(0, 0), 0);
  assert.deepEqual(clean.x, [0.25, 0.5, 1.5, 3]);
  const pareto = buildParetoFigure(f, p);
  validateFigure(pareto);
  assert.equal(pareto.panels?.length, p.paretoP2s.length);
  // one simulated point per model size, split into ψ colour classes; one theory frontier per quality and panel
  const q0 = p.qualities[0];
  const pts = pareto.series.filter((s) => s.kind === "simulation" && s.panel === 0 && s.variant === q0.name);
  assert.equal(pts.reduce((a, s) => a + s.x.length, 0), 4);
  assert.deepEqual(pts.map((s) => s.colorGroup), ["ψ < 0.3", "0.3 ≤ ψ < 0.7", "1.5 ≤ ψ < 2.5", "ψ ≥ 2.5"]);
  const front = seriesNamed(pareto, paretoNames.frontier(q0.name, p.paretoP2s[0]));
  assert.ok(front.x.length >= 1 && front.x.length <= 4);
  for (let i = 1; i < front.x.length; i++) assert.ok(front.x[i] > front.x[i - 1] && front.y[i] < front.y[i - 1], "frontier: x up, y down");
});

test("phase figure: heatmaps on both panels, grids hold the simulated cells, boundaries on top", () => {
  const sc: ScalingParams = { ...QUICK_PARAMS.scaling, smallD: { d: 20, nsSim: [50, 500, 5000], seeds: 2 } };
  const ms: ModelSizeParams = { ...QUICK_PARAMS.modelSize, d: 40, n: 20, psis: [0.25, 0.5, 1.5, 3] };
  const ph: PhaseParams = { nPanel: { nRange: [30, 1e6], p2Range: [1e-3, 0.5], gridX: 9, gridY: 5, cellP2s: [0.1, 0.2] }, psiPanel: { c2: 1, psiRange: [0.1, 4], p2Range: [0.05, 0.9], gridX: 7, gridY: 4, peakRange: [0.8, 1.25] } };
  const f = buildPhaseFigure(ph, sc, ms);
  validateFigure(f);
  const [hN, hPsi] = heatmapsOf(f);
  assert.equal(hN.panel, 0);
  assert.equal(hPsi.panel, 1);
  for (const n of sc.smallD.nsSim) assert.ok(hN.x.includes(n), `n = ${n} on the grid`);
  for (const p2 of [0.1, 0.2, 0.5]) assert.ok(hN.y.includes(p2) && hPsi.y.includes(p2), `p₂ = ${p2} on both grids`);
  assert.ok(Math.abs(heatmapValueAt(hN, 500, 0.1) - isotropicMixtureErrorFinite(20, 500, 0.1, sc.sigma2, sc.c2)) < 1e-15);
  assert.ok(Math.abs(heatmapValueAt(hPsi, 1.5, 0.2) - rpExcess({ d: 40, n: 20, lambda: ms.lambda, sigma2: ms.sigma2, r2: ms.r2, c2: 1 }, 30, 0.2)) < 1e-12);
  assert.throws(() => heatmapValueAt(hN, 501, 0.1), /not a cell/);
  const b = seriesNamed(f, phaseNames.boundaryN);
  b.x.forEach((n, j) => assert.ok(Math.abs(n - collapseBoundarySampleSize(20, b.y[j], sc.sigma2, sc.c2)) < 1e-9 * n));
  assert.equal(seriesNamed(f, phaseNames.boundaryPsi).x.length, hPsi.y.length);
});

test("mitigations figure: weighted, iterative and Fig. 10 panels", () => {
  const p = {
    weighted: { d: 5, ns: [40, 200], p2: 0.5, alphas: [0.2, 0.5], sigma2: 1, c2: 1, seeds: 2 },
    iterative: { d: 5, ns: [40, 200], nDetail: 100, p2: 0.5, iterations: 4, sigma2: 1, c2: 1, seeds: 2 },
  };
  const f = buildMitigationsFigure(p, createRng(3));
  validateFigure(f);
  assert.equal(seriesNamed(f, mitigationNames.iterSim).x.length, 4);
  assert.deepEqual(seriesNamed(f, mitigationNames.fig10HalfSim).x, [40, 100, 200]);
  // real-only reference (α = 0) on the weighted panel, and the per-α floor points restricted to d/n ≤ maxPhi
  assert.deepEqual(seriesNamed(f, mitigationNames.weightedRealOnlySim).x, [40, 200]);
  const pts = weightedFloorAgreementPoints(f, p, 0.2, 0.05);
  assert.deepEqual(pts.map((q) => q.x), [200]);
  assert.ok(Math.abs(pts[0].theory - weightedMixingError(0.2, 0.5, 5, 200, 1, 1)) < 1e-15);
  assert.equal(pts[0].seeds?.length, 2);
  const cmp = iterativeDesignComparison(p.iterative, 3, createRng(4));
  assert.equal(cmp.length, 4);
  assert.ok(cmp.every((r) => r.fixed > 0 && r.fresh > 0 && r.fixedSe > 0 && r.freshSe > 0));
});

test("language and MNIST stand-in figures are labelled stand-ins", async () => {
  const lp = { ...QUICK_PARAMS.language, V: 20, tokens: [100, 1000], seeds: 2, tGen: 500, capacities: [5] };
  const f = buildLanguageFigure(lp, createRng(4));
  validateFigure(f);
  assert.equal(seriesNamed(f, languageNames.mix(0.1)).kind, "stand-in");
  assert.equal(seriesNamed(f, languageNames.capacity(5, 1)).kind, "stand-in");
  assert.ok((f.notes ?? []).some((n) => n.startsWith("Stand-in")));
  const mp = {
    ...QUICK_PARAMS.mnist, ns: [50, 100], p2s: [0, 0.9], nTest: 100, nGen: 60, kernelSeeds: 1,
    twoLayer: { ns: [50], p2s: [0, 0.9], width: 4, steps: 2, batch: 16, learningRate: 1e-2, seeds: 1 },
  };
  const g = await buildMnistFigure(mp, createRng(5));
  validateFigure(g);
  assert.equal(seriesNamed(g, mnistNames.kernel(0.9)).kind, "stand-in");
  assert.equal(seriesNamed(g, mnistNames.net(0)).x.length, 1);
});

test("per-seed estimates: means and SEs from ySeeds, paired differences and ratios, slopes, plateaus, delays", () => {
  const x = [10, 100, 1000];
  // seed s: y = (1 + s/10)·(0.5 + 1/x) for a, 0.5·(1 + s/10) for b
  const rowsA = [0, 1, 2, 3].map((s) => x.map((v) => (1 + s / 10) * (0.5 + 1 / v)));
  const rowsB = [0, 1, 2, 3].map((s) => x.map(() => 0.5 * (1 + s / 10)));
  const mk = (name: string, rows: number[][]) => ({ name, kind: "simulation" as const, x, y: x.map((_, i) => rows.reduce((a, r) => a + r[i], 0) / rows.length), yErr: x.map(() => 0.01), ySeeds: rows });
  const a = mk("a", rowsA), b = mk("b", rowsB);
  const e = estimateAt(a, 100);
  assert.ok(Math.abs(e.mean - 1.15 * 0.51) < 1e-12);
  const sd = Math.sqrt([0, 1, 2, 3].reduce((acc, s) => acc + ((1 + s / 10) * 0.51 - e.mean) ** 2, 0) / 3);
  assert.ok(Math.abs(e.se - sd / 2) < 1e-12);
  const dif = pairedDifference(a, 1000, b, 1000);
  assert.ok(Math.abs(dif.mean - 1.15 * 0.001) < 1e-12, "paired difference removes the common factor's mean");
  assert.ok(Math.abs(pairedRatio(a, 10, b, 10).mean - 1.2) < 1e-12 && pairedRatio(a, 10, b, 10).se < 1e-12, "ratio is the same for every seed");
  assert.equal(pairedSteps([b, a], 10)[0].label, "a − b");
  // plateau: y = 0.5·f + f/x = f·(0.5 + (1/10)·(d/x)) with d = 10 → intercept 0.5·f
  const pl = plateauEstimate(a, 10, 2);
  assert.ok(Math.abs(pl.mean - 0.5 * 1.15) < 1e-12, `plateau ${pl.mean}`);
  // slope of a pure power law is exact per seed
  const pw = mk("p", [0, 1, 2].map((s) => x.map((v) => (1 + s) * Math.pow(v, -0.7))));
  const sl = slopeEstimate(pw, 10, 1000);
  assert.ok(Math.abs(sl.mean + 0.7) < 1e-12 && sl.se < 1e-12);
  assert.equal(weakestAbove([{ label: "u", mean: 1, se: 0.1 }, { label: "v", mean: 1, se: 0.4 }]).label, "v");
  const pts = pointsAgainst(a, () => 0.6, (v) => v >= 100);
  assert.equal(pts.length, 2);
  assert.deepEqual(pts[0].seeds, rowsA.map((r) => r[1]));
  // delay: fast reaches 0.5·f at x = 100? slow = 2·fast curve shape; slow(x) = f·(0.5 + 1/x) reaches b's level 0.5 f only in the limit → lower bound
  const dl = delayFactor(b, a, 1);
  assert.equal(dl.reached, 0);
  assert.ok(Math.abs(dl.mean - 10) < 1e-12, "never reached: lower bound x_max / x_ref");
  assert.throws(() => estimateAt({ ...a, ySeeds: undefined }, 10), /no per-seed values/);
});

test("random projections: the antithetic average keeps the clean fit and the mean, and cancels the term linear in δ", () => {
  const base = { d: 30, n: 20, ms: [5, 25, 40], lambda: 1e-6, sigma2: 0.1, r2: 1, labels: [{ c2: 0, p2: 0 }, { c2: 1, p2: 0.5 }, { c2: 4, p2: 0.5 }] };
  const plain = simulateRandomProjections(base, createRng(9));
  const anti = simulateRandomProjections({ ...base, antithetic: true }, createRng(9));
  assert.deepEqual(anti.errors[0], plain.errors[0], "clean labels untouched");
  // with ±δ averaged, the excess is exactly quadratic in √c²: excess(c² = 4) = 4·excess(c² = 1)
  anti.errors[1].forEach((e1, i) => {
    const ex1 = e1 - anti.errors[0][i], ex4 = anti.errors[2][i] - anti.errors[0][i];
    assert.ok(ex1 > 0 && Math.abs(ex4 - 4 * ex1) <= 1e-8 * ex4, `ψ index ${i}: ${ex1}, ${ex4}`);
  });
  // several shift draws per seed: clean fit untouched, the excess is an average of per-draw excesses (still > 0)
  const multi = simulateRandomProjections({ ...base, antithetic: true, shiftDraws: 3 }, createRng(9));
  assert.deepEqual(multi.errors[0], plain.errors[0]);
  multi.errors[1].forEach((e, i) => assert.ok(e > multi.errors[0][i]));
  assert.throws(() => simulateRandomProjections({ ...base, shiftDraws: 0 }, createRng(1)), /shiftDraws must be an integer ≥ 1/);
  assert.throws(() => simulateRandomProjections({ ...base, deltaSampling: "cauchy" as "signs" }, createRng(1)), /deltaSampling/);
});

test("mixture simulation: the antithetic average leaves p₂ = 0 unchanged and equals the mean of the +δ and −δ fits", () => {
  const d = 8, eigs = new Float64Array(d).fill(1), w1 = new Float64Array(d).fill(0.3), deltaDiag = new Float64Array(d).fill(0.5 / d);
  const base = { eigs, w1, deltaDiag, sigma2: 1, lambda: 0, ns: [30, 80], p2s: [0, 0.5], deltaSampling: "signs" as const };
  const plain = simulateMixtureRidge(base, createRng(4));
  const anti = simulateMixtureRidge({ ...base, antithetic: true }, createRng(4));
  assert.deepEqual(anti[0], plain[0]);
  // the antithetic mean exceeds the clean error by ‖b‖² ≥ 0 exactly (no cross term), seed by seed
  anti[1].forEach((e, i) => assert.ok(e > anti[0][i], `n index ${i}`));
});
