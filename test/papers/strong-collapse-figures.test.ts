/**
 * Figure builders of the Strong Model Collapse notebook at tiny sizes: valid FigureSpecs, expected series,
 * theory and simulation side by side, stand-ins labelled as such.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { validateFigure } from "../../src/lab/figure";
import {
  QUICK_PARAMS,
  FULL_PARAMS,
  strongCollapseParams,
  buildScalingFigure,
  buildModelSizeFigure,
  buildParetoFigure,
  buildMitigationsFigure,
  buildLanguageFigure,
  buildMnistFigure,
  seriesNamed,
  scalingNames,
  modelSizeNames,
  modelSizes,
  mitigationNames,
  languageNames,
  mnistNames,
  agreementPasses,
  type ModelSizeParams,
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
});

test("model-size and Pareto figures: sizes avoid ψ = 1, excess panel present, Pareto points per quality", () => {
  assert.deepEqual(modelSizes([0.5, 0.99, 1, 1.0001, 2], 10), [5, 9, 11, 20]); // m = n moves off the threshold; duplicates dropped
  const p: ModelSizeParams = { ...QUICK_PARAMS.modelSize, d: 40, n: 20, psis: [0.25, 0.5, 1.5, 3], seeds: 2, theorySDraws: 2 };
  const f = buildModelSizeFigure(p, createRng(2));
  validateFigure(f);
  assert.equal(f.panels?.length, p.qualities.length + 1);
  const clean = seriesNamed(f, modelSizeNames.theory(0, 0));
  assert.deepEqual(clean.x, [0.25, 0.5, 1.5, 3]);
  const pareto = buildParetoFigure(f, p);
  validateFigure(pareto);
  assert.equal(pareto.panels?.length, p.paretoP2s.length);
  const first = pareto.series.find((s) => s.kind === "simulation");
  assert.ok(first && first.x.length === 4);
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

test("agreementPasses: family-wise rule (misses on ≤ max(1, 2%) distinct x, none beyond 1.5× tolerance)", () => {
  const xs = [300, 1000, 3000, 12542, 20000];
  assert.equal(agreementPasses({ worst: "", count: 70, failures: 5, worstRatio: 1.2, failedX: [12542, 20000], xs }), true);
  assert.equal(agreementPasses({ worst: "", count: 70, failures: 2, worstRatio: 1.2, failedX: [300, 12542], xs }), false);
  const base = { worst: "" };
  assert.equal(agreementPasses({ ...base, count: 100, failures: 2, worstRatio: 1.2 }), true);
  assert.equal(agreementPasses({ ...base, count: 100, failures: 3, worstRatio: 1.2 }), false);
  assert.equal(agreementPasses({ ...base, count: 20, failures: 1, worstRatio: 1.4 }), true);
  assert.equal(agreementPasses({ ...base, count: 20, failures: 1, worstRatio: 1.6 }), false);
});
