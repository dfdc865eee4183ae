/**
 * Subpopulation-shift benchmark runner (Table 1 protocol, scaled down): ERM, MAT with the XRM
 * held-out shift, GroupDRO on XRM-inferred training groups (XRM + GroupDRO), GroupDRO with oracle
 * training groups and MAT with an oracle shift log p(y|a). Checkpoints are selected by validation
 * worst-group accuracy (ties: validation average) in both of the paper's regimes: true validation
 * groups, and validation groups inferred by XRM's cross-mistake rule. Reported on the test split as
 * average and worst-group accuracy.
 */
import { createRng, type Rng } from "../../maths/random";
import type { Tf } from "./tfjs";
import type { LabelledData } from "./spuriousLinear";
import { disposeInputs, predictAll, toInputs, type Inputs, type Model } from "./models";
import { trainClassifier, type Objective, type OptimizerSettings } from "./training";
import { crossMistakeGroups, runXrm } from "./xrm";
import { calibratedShift, oracleAttributeShift } from "./calibratedShift";
import { argmaxRows, groupAccuracy } from "./groupMetrics";

export type MethodName = "ERM" | "MAT" | "XRM + GroupDRO" | "GroupDRO (oracle groups)" | "MAT (oracle shift)";
export const METHODS: MethodName[] = ["ERM", "MAT", "XRM + GroupDRO", "GroupDRO (oracle groups)", "MAT (oracle shift)"];

/** The two model-selection regimes of the paper (Algorithm 1): validation groups annotated, or inferred by XRM. */
export type SelectionRegime = "val groups" | "inferred val groups";

/** One GroupDRO setting: group-weight step size η and L2 penalty (XRM registry: η = 10^U(−3,−1), wd = 10^U(−6,−3)). */
export interface GroupDroSetting { eta: number; weightDecay: number }

export interface BenchmarkConfig {
  name: string;
  makeModel: (rng: Rng) => Model;
  optimizer: OptimizerSettings;
  steps: number;
  batchSize?: number;
  evalEvery: number;
  /** MAT temperature τ. */
  temperature: number;
  xrm: { steps: number; optimizer: OptimizerSettings; batchSize?: number; classBalanced: boolean };
  /** GroupDRO settings searched (selection by the regime's validation WGA). */
  groupDroGrid: GroupDroSetting[];
  methods?: MethodName[];
}

/** Test accuracies of the checkpoint one selection regime picked. */
export interface SelectedCheckpoint {
  testAverage: number;
  testWorstGroup: number;
  testPerGroup: number[];
  /** Test examples per group (denominators of testPerGroup). */
  testCounts: number[];
  /** Validation worst-group accuracy (under the regime's groups) of the selected checkpoint. */
  valWorstGroup: number;
  selectedStep: number;
  /** GroupDRO setting chosen under this regime (GroupDRO rows only). */
  groupDro?: GroupDroSetting;
}

export interface MethodResult extends SelectedCheckpoint {
  method: MethodName;
  /** The same method with checkpoints (and GroupDRO settings) chosen by WGA on XRM-inferred validation groups. */
  inferredRegime: SelectedCheckpoint;
  /** Accuracy on the training set per true group at the regime-1 checkpoint (memorization check). */
  trainPerGroup: number[];
  steps: number;
  stepsPerSecond: number;
  /** Trained model's training logits (n×2) at the selected checkpoint and the shift used. */
  trainLogits: Float32Array;
  shift?: Float64Array;
}

/** How well XRM's inferred groups match the true ones (minority ⇔ a ≠ y). */
export interface GroupInferenceQuality {
  /** Fraction of training examples whose inferred minority flag (held-out argmax ≠ y) equals the true one. */
  trainAccuracy: number;
  /** Same on the validation set with the cross-mistake flag. */
  valAccuracy: number;
  /** Fraction of true minority training examples flagged (recall). */
  trainMinorityRecall: number;
  /** Fraction of flagged training examples that are true minority (precision; NaN if none flagged). */
  trainMinorityPrecision: number;
  trainCount: number;
  valCount: number;
}

export interface BenchmarkRun {
  name: string;
  results: MethodResult[];
  xrm?: { flipRate: number; heldOutWorstGroup: number; heldOutAverage: number; stepsPerSecond: number; steps: number; inference: GroupInferenceQuality };
  trainGroupCounts: number[];
}

function evaluate(tf: Tf, model: Model, inp: Inputs, d: LabelledData, groups: Int32Array = d.g) {
  return groupAccuracy(argmaxRows(predictAll(tf, model, inp), 2), d.y, groups, 4);
}

/** True minority flag: the attribute points to the other class (a ≠ y). */
export function trueMinority(d: { y: ArrayLike<number>; a: ArrayLike<number> }): Uint8Array {
  const out = new Uint8Array(d.y.length);
  for (let i = 0; i < d.y.length; i++) out[i] = d.a[i] !== d.y[i] ? 1 : 0;
  return out;
}

/** Inferred training groups g = 2y + 1[argmax held-out logits ≠ y] (XRM's training-set rule). */
export function heldOutGroups(heldOutLogits: ArrayLike<number>, y: ArrayLike<number>, numClasses = 2): Int32Array {
  const pred = argmaxRows(heldOutLogits, numClasses);
  const g = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) g[i] = 2 * y[i] + (pred[i] !== y[i] ? 1 : 0);
  return g;
}

/** Agreement of an inferred minority flag (g mod 2 with g = 2y + flag) with the true one. */
export function inferenceAgreement(inferred: Int32Array, truth: Uint8Array): { accuracy: number; recall: number; precision: number } {
  let agree = 0, tp = 0, pos = 0, flagged = 0;
  for (let i = 0; i < truth.length; i++) {
    const f = inferred[i] % 2;
    if (f === truth[i]) agree++;
    if (truth[i]) pos++;
    if (f) flagged++;
    if (f && truth[i]) tp++;
  }
  return { accuracy: agree / truth.length, recall: pos ? tp / pos : NaN, precision: flagged ? tp / flagged : NaN };
}

interface Tracked { wga: number; avg: number; step: number; params: Float32Array[] }

/**
 * Runs every method once on one draw of the data. Every method starts from the same initialisation and
 * sees the same minibatch order (a paired design), so differences between rows are the methods'.
 * `onModel` receives each trained model at its regime-1 checkpoint (then disposed).
 */
export function runBenchmark(
  tf: Tf,
  cfg: BenchmarkConfig,
  data: { train: LabelledData; val: LabelledData; test: LabelledData },
  rng: Rng,
  onModel?: (method: MethodName, model: Model, trainInputs: Inputs, shift: Float64Array | undefined) => void,
): BenchmarkRun {
  const { train, val, test } = data;
  const trIn = toInputs(tf, train.x, train.n, train.dim);
  const vaIn = toInputs(tf, val.x, val.n, val.dim);
  const teIn = toInputs(tf, test.x, test.n, test.dim);
  const methods = cfg.methods ?? METHODS;
  let xrmInfo: BenchmarkRun["xrm"];
  let matShift: Float64Array | undefined;
  let trainInferred: Int32Array | undefined;
  let valInferred: Int32Array | undefined;
  const xr = rng.split();
  const initSeed = rng.split().seed;
  const needXrm = methods.some((m) => m === "MAT" || m === "XRM + GroupDRO");
  if (needXrm) {
    const a = cfg.makeModel(xr);
    const b = cfg.makeModel(xr);
    const res = runXrm(tf, { modelA: a, modelB: b, inputs: trIn, y: train.y, numClasses: 2, optimizer: cfg.xrm.optimizer, steps: cfg.xrm.steps, batchSize: cfg.xrm.batchSize, classBalanced: cfg.xrm.classBalanced, rng: xr });
    valInferred = crossMistakeGroups(tf, a, b, vaIn, val.y, 2);
    a.dispose();
    b.dispose();
    matShift = calibratedShift(res.heldOutLogits, train.y, 2, cfg.temperature).shift;
    trainInferred = heldOutGroups(res.heldOutLogits, train.y, 2);
    const ho = groupAccuracy(argmaxRows(res.heldOutLogits, 2), train.y, train.g, 4);
    const qt = inferenceAgreement(trainInferred, trueMinority(train));
    const qv = inferenceAgreement(valInferred, trueMinority(val));
    xrmInfo = {
      flipRate: res.flipRate, heldOutWorstGroup: ho.worstGroup, heldOutAverage: ho.average, stepsPerSecond: res.stepsPerSecond, steps: res.steps,
      inference: { trainAccuracy: qt.accuracy, valAccuracy: qv.accuracy, trainMinorityRecall: qt.recall, trainMinorityPrecision: qt.precision, trainCount: train.n, valCount: val.n },
    };
  }
  const results: MethodResult[] = [];
  for (const method of methods) {
    let shift: Float64Array | undefined;
    const candidates: { objective: Objective; optimizer: OptimizerSettings; setting?: GroupDroSetting }[] = [];
    if (method === "ERM") candidates.push({ objective: { kind: "erm" }, optimizer: cfg.optimizer });
    else if (method === "MAT") { shift = matShift as Float64Array; candidates.push({ objective: { kind: "mat", shift }, optimizer: cfg.optimizer }); }
    else if (method === "MAT (oracle shift)") { shift = oracleAttributeShift(train.y, train.a, 2, 2); candidates.push({ objective: { kind: "mat", shift }, optimizer: cfg.optimizer }); }
    else {
      const groups = method === "XRM + GroupDRO" ? (trainInferred as Int32Array) : train.g;
      for (const st of cfg.groupDroGrid) candidates.push({ objective: { kind: "groupdro", groups, numGroups: 4, eta: st.eta }, optimizer: { ...cfg.optimizer, weightDecay: st.weightDecay }, setting: st });
    }
    let best1: (Tracked & { setting?: GroupDroSetting }) | undefined;
    let best2: (Tracked & { setting?: GroupDroSetting }) | undefined;
    let steps = 0, wallS = 0;
    const better = (a: Tracked, b: Tracked | undefined) => b === undefined || a.wga > b.wga || (a.wga === b.wga && a.avg > b.avg);
    let model: Model | undefined;
    for (const c of candidates) {
      model?.dispose();
      const mr = createRng(initSeed);   // same initialisation and batch order for every method and setting
      const m = cfg.makeModel(mr);
      model = m;
      let r1: Tracked | undefined, r2: Tracked | undefined;
      const stats = trainClassifier(tf, {
        model: m, inputs: trIn, y: train.y, numClasses: 2, objective: c.objective, optimizer: c.optimizer, steps: cfg.steps, batchSize: cfg.batchSize, rng: mr, evalEvery: cfg.evalEvery,
        onEval: (step) => {
          if (step === 0) return;
          const pred = argmaxRows(predictAll(tf, m, vaIn), 2);
          const v1 = groupAccuracy(pred, val.y, val.g, 4);
          const t1 = { wga: v1.worstGroup, avg: v1.average, step, params: [] as Float32Array[] };
          if (better(t1, r1)) r1 = { ...t1, params: m.snapshot() };
          if (valInferred) {
            const v2 = groupAccuracy(pred, val.y, valInferred, 4);
            const t2 = { wga: v2.worstGroup, avg: v2.average, step, params: [] as Float32Array[] };
            if (better(t2, r2)) r2 = { ...t2, params: m.snapshot() };
          }
        },
      });
      steps += stats.steps;
      wallS += stats.wallMs / 1000;
      if (r1 && better(r1, best1)) best1 = { ...r1, setting: c.setting };
      if (r2 && better(r2, best2)) best2 = { ...r2, setting: c.setting };
    }
    const mdl = model as Model;
    const pick = (b: Tracked & { setting?: GroupDroSetting }): SelectedCheckpoint => {
      mdl.restore(b.params);
      const te = evaluate(tf, mdl, teIn, test);
      return { testAverage: te.average, testWorstGroup: te.worstGroup, testPerGroup: te.perGroup, testCounts: te.counts, valWorstGroup: b.wga, selectedStep: b.step, groupDro: b.setting };
    };
    const nanSel: SelectedCheckpoint = { testAverage: NaN, testWorstGroup: NaN, testPerGroup: [NaN, NaN, NaN, NaN], testCounts: [0, 0, 0, 0], valWorstGroup: NaN, selectedStep: 0 };
    const sel2 = best2 ? pick(best2) : nanSel;
    const sel1 = pick(best1 as Tracked);
    const trainLogits = predictAll(tf, mdl, trIn);
    const trainPerGroup = groupAccuracy(argmaxRows(trainLogits, 2), train.y, train.g, 4).perGroup;
    if (onModel) onModel(method, mdl, trIn, shift);
    mdl.dispose();
    results.push({ method, ...sel1, inferredRegime: sel2, trainPerGroup, steps, stepsPerSecond: steps / Math.max(wallS, 1e-9), trainLogits, shift });
  }
  disposeInputs(trIn);
  disposeInputs(vaIn);
  disposeInputs(teIn);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < train.n; i++) counts[train.g[i]]++;
  return { name: cfg.name, results, xrm: xrmInfo, trainGroupCounts: counts };
}
