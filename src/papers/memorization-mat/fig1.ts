/**
 * Fig. 1: ERM without example-specific noise, ERM with it, and MAT with it, on the synthetic
 * spurious-correlation task (official `interpretable_experiment.py`). Full-batch SGD on a bias-free
 * linear model 1800 → 2, accuracy of majority/minority groups on train and test recorded before
 * every update; the decision boundary in the (x_core, x_spu) plane with the noise coordinates at 0.
 */
import type { Rng } from "../../maths/random";
import { withMatmulMode, type Tf } from "./tfjs";
import { FIG1, spuriousLinearData, type LabelledData } from "./spuriousLinear";
import { disposeInputs, linearModel, predictAll, toInputs, type Inputs, type Model } from "./models";
import { trainClassifier } from "./training";
import { runXrm } from "./xrm";
import { calibratedShift } from "./calibratedShift";
import { argmaxRows } from "./groupMetrics";
import type { FigureSpec, Series } from "./figureSpec";
import type { Estimate } from "../../lab/checks";
import { accuracyEstimate } from "./analysis";

export interface Fig1RunOptions {
  method: "erm" | "mat";
  sigmaEps: number;
  lr: number;
  epochs: number;
  /** MAT temperature τ. */
  temperature?: number;
  n?: number;
  dim?: number;
  /** Record accuracies every this many updates (1 = every epoch, as the paper). */
  recordEvery?: number;
}

export interface MajMinAccuracy {
  majority: number;
  minority: number;
}

/** Number of majority and minority examples of a split (the denominators of its accuracies). */
export interface MajMinCounts {
  majority: number;
  minority: number;
}

export interface Fig1Run {
  options: Fig1RunOptions;
  title: string;
  epochs: number[];
  trainAcc: { majority: number[]; minority: number[] };
  testAcc: { majority: number[]; minority: number[] };
  final: { train: MajMinAccuracy; test: MajMinAccuracy };
  /** Group sizes of the training and test splits. */
  counts: { train: MajMinCounts; test: MajMinCounts };
  /**
   * Test accuracy of the final boundary restricted to the (core, spurious) plane, i.e. with every noise coordinate
   * set to 0: it is high on the minority when the boundary leans on the core feature, low when it leans on the spurious one.
   */
  planeTestAccuracy: MajMinAccuracy;
  /** Weight difference w₁ − w₀ on the (core, spurious) coordinates: the boundary in that plane. */
  boundary: { core: number; spurious: number };
  /** Norm of w₁ − w₀ on the noise coordinates (how much the model uses ε). */
  noiseWeightNorm: number;
  /** Training points in the (core, spurious) plane. */
  points: { core: number[]; spurious: number[]; y: number[] };
  /** MAT only: XRM phase statistics. */
  xrm?: { flipRate: number; steps: number; stepsPerSecond: number; heldOutMinorityAcc: number; heldOutMajorityAcc: number };
  trainSteps: number;
  stepsPerSecond: number;
  wallMs: number;
}

function majMin(pred: Int32Array, d: LabelledData): MajMinAccuracy {
  let cMaj = 0, nMaj = 0, cMin = 0, nMin = 0;
  for (let i = 0; i < d.n; i++) {
    const ok = pred[i] === d.y[i] ? 1 : 0;
    if (d.a[i] === d.y[i]) { nMaj++; cMaj += ok; } else { nMin++; cMin += ok; }
  }
  return { majority: nMaj ? cMaj / nMaj : NaN, minority: nMin ? cMin / nMin : NaN };
}

function majMinCounts(d: LabelledData): MajMinCounts {
  let maj = 0;
  for (let i = 0; i < d.n; i++) if (d.a[i] === d.y[i]) maj++;
  return { majority: maj, minority: d.n - maj };
}

/** Accuracy of the linear rule sign(core·x_core + spurious·x_spu) (noise coordinates at 0) on a split. */
export function planeAccuracy(boundary: { core: number; spurious: number }, d: LabelledData): MajMinAccuracy {
  const pred = new Int32Array(d.n);
  for (let i = 0; i < d.n; i++) pred[i] = boundary.core * d.x[i * d.dim] + boundary.spurious * d.x[i * d.dim + 1] > 0 ? 1 : 0;
  return majMin(pred, d);
}

function accuracy(tf: Tf, model: Model, inp: Inputs, d: LabelledData): MajMinAccuracy {
  return majMin(argmaxRows(predictAll(tf, model, inp), 2), d);
}

/**
 * One panel of Fig. 1. The data use the paper's seeds convention: train and test splits come from
 * independent child streams of `rng`.
 */
export function runFig1Panel(tf: Tf, o: Fig1RunOptions, rng: Rng): Fig1Run {
  return withMatmulMode("fix", () => runFig1PanelImpl(tf, o, rng));
}

function runFig1PanelImpl(tf: Tf, o: Fig1RunOptions, rng: Rng): Fig1Run {
  const n = o.n ?? FIG1.n;
  const dim = o.dim ?? FIG1.dim;
  const recordEvery = o.recordEvery ?? 1;
  const dataRng = rng.split();
  const train = spuriousLinearData({ n, dim, majority: FIG1.majorityTrain, sigmaEps: o.sigmaEps }, dataRng.split());
  const test = spuriousLinearData({ n, dim, majority: FIG1.majorityTest, sigmaEps: o.sigmaEps }, dataRng.split());
  const trIn = toInputs(tf, train.x, n, dim);
  const teIn = toInputs(tf, test.x, n, dim);
  const initRng = rng.split();
  let shift: Float64Array | undefined;
  let xrmInfo: Fig1Run["xrm"];
  if (o.method === "mat") {
    const a = linearModel(tf, dim, 2, initRng);
    const b = linearModel(tf, dim, 2, initRng);
    const res = runXrm(tf, { modelA: a, modelB: b, inputs: trIn, y: train.y, numClasses: 2, optimizer: { kind: "sgd", lr: o.lr }, steps: o.epochs, classBalanced: false, rng: rng.split() });
    a.dispose();
    b.dispose();
    shift = calibratedShift(res.heldOutLogits, train.y, 2, o.temperature ?? FIG1.temperature).shift;
    const ho = majMin(argmaxRows(res.heldOutLogits, 2), train);
    xrmInfo = { flipRate: res.flipRate, steps: res.steps, stepsPerSecond: res.stepsPerSecond, heldOutMajorityAcc: ho.majority, heldOutMinorityAcc: ho.minority };
  }
  const model = linearModel(tf, dim, 2, initRng);
  const epochs: number[] = [];
  const trainAcc = { majority: [] as number[], minority: [] as number[] };
  const testAcc = { majority: [] as number[], minority: [] as number[] };
  const stats = trainClassifier(tf, {
    model,
    inputs: trIn,
    y: train.y,
    numClasses: 2,
    objective: shift ? { kind: "mat", shift } : { kind: "erm" },
    optimizer: { kind: "sgd", lr: o.lr },
    steps: o.epochs,
    rng: rng.split(),
    evalEvery: recordEvery,
    onEval: (step) => {
      const tr = accuracy(tf, model, trIn, train);
      const te = accuracy(tf, model, teIn, test);
      epochs.push(step);
      trainAcc.majority.push(tr.majority);
      trainAcc.minority.push(tr.minority);
      testAcc.majority.push(te.majority);
      testAcc.minority.push(te.minority);
    },
  });
  const w = model.params[0].dataSync();
  const core = w[dim] - w[0];
  const spurious = w[dim + 1] - w[1];
  let nn = 0;
  for (let j = 2; j < dim; j++) nn += (w[dim + j] - w[j]) ** 2;
  const points = { core: [] as number[], spurious: [] as number[], y: [] as number[] };
  for (let i = 0; i < n; i++) {
    points.core.push(train.x[i * dim]);
    points.spurious.push(train.x[i * dim + 1]);
    points.y.push(train.y[i]);
  }
  model.dispose();
  disposeInputs(trIn);
  disposeInputs(teIn);
  const last = epochs.length - 1;
  return {
    options: { ...o, n, dim, recordEvery },
    title: `${o.method.toUpperCase()}, σ_ε = ${o.sigmaEps}`,
    epochs,
    trainAcc,
    testAcc,
    final: {
      train: { majority: trainAcc.majority[last], minority: trainAcc.minority[last] },
      test: { majority: testAcc.majority[last], minority: testAcc.minority[last] },
    },
    counts: { train: majMinCounts(train), test: majMinCounts(test) },
    planeTestAccuracy: planeAccuracy({ core, spurious }, test),
    boundary: { core, spurious },
    noiseWeightNorm: Math.sqrt(nn),
    points,
    xrm: xrmInfo,
    trainSteps: stats.steps,
    stepsPerSecond: stats.stepsPerSecond,
    wallMs: stats.wallMs,
  };
}

/** The three runs of the official script (σ_ε = 0.5 in code although the titles say 1). */
export function fig1Configs(epochs: number = FIG1.epochs, recordEvery = 1): Fig1RunOptions[] {
  return [
    { method: "erm", sigmaEps: 0, lr: FIG1.lrErmNoNoise, epochs, recordEvery },
    { method: "erm", sigmaEps: FIG1.sigmaEpsCode, lr: FIG1.lrNoisy, epochs, recordEvery },
    { method: "mat", sigmaEps: FIG1.sigmaEpsCode, lr: FIG1.lrNoisy, epochs, temperature: FIG1.temperature, recordEvery },
  ];
}

/** Accuracy-vs-epoch panels (top row of Fig. 1). */
export interface Fig1Summary {
  title: string;
  method: "erm" | "mat";
  sigmaEps: number;
  final: Fig1Run["final"];
  counts: Fig1Run["counts"];
  planeTestAccuracy: MajMinAccuracy;
  boundary: Fig1Run["boundary"];
  noiseWeightNorm: number;
  xrm?: Fig1Run["xrm"];
  trainSteps: number;
  stepsPerSecond: number;
}

export function fig1AccuracySpec(runs: Fig1Run[]): FigureSpec & { summary: Fig1Summary[] } {
  const series: Series[] = [];
  runs.forEach((r, p) => {
    const add = (name: string, y: number[], group: string) => series.push({ name, kind: "simulation", x: r.epochs, y, panel: p, style: "lines", group });
    add("majority train", r.trainAcc.majority, "train");
    add("minority train", r.trainAcc.minority, "train-min");
    add("majority test", r.testAcc.majority, "test");
    add("minority test", r.testAcc.minority, "test-min");
  });
  return {
    figure: "fig1-accuracy",
    title: "Fig. 1 (top): group accuracy during training — ERM σ_ε=0, ERM σ_ε=0.5, MAT σ_ε=0.5",
    params: { runs: runs.map((r) => r.options), data: { majorityTrain: FIG1.majorityTrain, majorityTest: FIG1.majorityTest, spuriousScale: FIG1.spuriousScale } },
    series,
    axes: { x: { title: "epoch (full-batch SGD updates)" }, y: { title: "accuracy", range: [-0.01, 1.01] } },
    groupLabels: { train: "majority train", "train-min": "minority train", test: "majority test", "test-min": "minority test" },
    panels: runs.map((r) => ({ title: r.title })),
    notes: [
      "Exact recipe of the official script: n = 1000 per split, dim = 1800, spurious ×5, linear 1800→2 without bias, full-batch SGD, 1000 epochs.",
      "The official figure titles say σ_ε = 1 for the noisy runs; the official code uses σ_ε = 0.5, which is what runs here.",
      "'test' is the code's validation split (50% majority). Own seeded RNG: the draws differ from PyTorch's.",
    ],
    summary: runs.map((r) => ({ title: r.title, method: r.options.method, sigmaEps: r.options.sigmaEps, final: r.final, counts: r.counts, planeTestAccuracy: r.planeTestAccuracy, boundary: r.boundary, noiseWeightNorm: r.noiseWeightNorm, xrm: r.xrm, trainSteps: r.trainSteps, stepsPerSecond: r.stepsPerSecond })),
  };
}

/**
 * Decision boundaries (bottom row of Fig. 1): the line Δw_core·x_core + Δw_spu·x_spu = 0 and the
 * 0.1 / 0.9 contours of sigmoid(10·Δlogit) used for the paper's colour map, over a training-point
 * scatter, in x_core ∈ [−2, 2], x_spu ∈ [−10, 10].
 */
export function fig1BoundarySpec(runs: Fig1Run[], maxPoints = 400): FigureSpec {
  const series: Series[] = [];
  runs.forEach((r, p) => {
    const { core, spurious } = r.boundary;
    const line = (level: number, name: string) => {
      // core·x + spurious·s = level  →  s = (level − core·x)/spurious (or a vertical line)
      const xs: number[] = [];
      const ys: number[] = [];
      if (Math.abs(spurious) > 1e-12) {
        for (let k = 0; k <= 40; k++) {
          const x = -2 + (4 * k) / 40;
          const s = (level - core * x) / spurious;
          if (s >= -10 && s <= 10) { xs.push(x); ys.push(s); }
        }
      }
      if (xs.length < 2 && Math.abs(core) > 1e-12) {
        xs.length = 0; ys.length = 0;
        for (let k = 0; k <= 40; k++) {
          const s = -10 + (20 * k) / 40;
          const x = (level - spurious * s) / core;
          if (x >= -2 && x <= 2) { xs.push(x); ys.push(s); }
        }
      }
      series.push({ name, kind: "simulation", x: xs, y: ys, panel: p, style: "lines", group: name });
    };
    for (const cls of [0, 1]) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < r.points.y.length && xs.length < maxPoints; i++) {
        if (r.points.y[i] === cls) { xs.push(r.points.core[i]); ys.push(r.points.spurious[i]); }
      }
      series.push({ name: `train y=${cls}`, kind: "simulation", x: xs, y: ys, panel: p, style: "markers", group: `y${cls}` });
    }
    line(0, "boundary p=0.5");
    const c = Math.log(9) / 10;
    line(c, "p(y=1)=0.9 contour");
    line(-c, "p(y=1)=0.1 contour");
  });
  return {
    figure: "fig1-boundary",
    title: "Fig. 1 (bottom): decision boundary in the (x_core, x_spurious) plane, noise coordinates at 0",
    params: { runs: runs.map((r) => r.options), boundary: runs.map((r) => r.boundary), maxPointsPerClass: maxPoints },
    series,
    axes: { x: { title: "x_core (x_y)", range: [-2, 2] }, y: { title: "x_spurious (x_a)", range: [-10, 10] } },
    groupLabels: { y0: "train y=0", y1: "train y=1" },
    panels: runs.map((r) => ({ title: r.title })),
    notes: [
      "The paper colours sigmoid(10·(logit₁ − logit₀)); here the 0.5 boundary and the 0.1/0.9 contours of that map are drawn as lines.",
      `Up to ${maxPoints} training points per class are shown.`,
    ],
  };
}

/** A Fig. 1 accuracy (final epoch) as an estimate with its binomial SE over that split's group (one run). */
export function fig1Accuracy(s: Fig1Summary, split: "train" | "test", group: "majority" | "minority", label = `${s.title}: ${group} ${split}`): Estimate {
  return accuracyEstimate(label, s.final[split][group], s.counts[split][group]);
}

/** Overall training accuracy of a Fig. 1 run with its binomial SE over the n training examples. */
export function fig1TrainAccuracy(s: Fig1Summary): Estimate {
  const c = s.counts.train;
  const n = c.majority + c.minority;
  return accuracyEstimate(`${s.title}: train`, (s.final.train.majority * c.majority + s.final.train.minority * c.minority) / n, n);
}

/** Minority test accuracy of the boundary in the (core, spurious) plane (noise coordinates at 0), binomial SE. */
export function fig1PlaneMinority(s: Fig1Summary): Estimate {
  return accuracyEstimate(`${s.title}: plane minority test`, s.planeTestAccuracy.minority, s.counts.test.minority);
}

/** XRM's held-out accuracy on the minority training examples (MAT run), binomial SE. */
export function fig1HeldOutMinority(s: Fig1Summary): Estimate {
  if (!s.xrm) throw new RangeError(`fig1HeldOutMinority: run "${s.title}" has no XRM phase`);
  return accuracyEstimate("XRM held-out minority train", s.xrm.heldOutMinorityAcc, s.counts.train.minority);
}
