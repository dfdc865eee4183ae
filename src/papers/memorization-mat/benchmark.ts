/**
 * Subpopulation-shift benchmark runner (Table 1 protocol, scaled down): ERM, MAT with the XRM
 * held-out shift, GroupDRO with oracle training groups and MAT with an oracle shift log p(y|a),
 * each with checkpoint selection by validation worst-group accuracy (ties: validation average),
 * reported on the test split as average and worst-group accuracy.
 */
import type { Rng } from "../../maths/random";
import type { Tf } from "./tfjs";
import type { LabelledData } from "./spuriousLinear";
import { disposeInputs, predictAll, toInputs, type Inputs, type Model } from "./models";
import { trainClassifier, type Objective, type OptimizerSettings } from "./training";
import { runXrm } from "./xrm";
import { calibratedShift, oracleAttributeShift } from "./calibratedShift";
import { argmaxRows, groupAccuracy } from "./groupMetrics";

export type MethodName = "ERM" | "MAT" | "GroupDRO (oracle groups)" | "MAT (oracle shift)";
export const METHODS: MethodName[] = ["ERM", "MAT", "GroupDRO (oracle groups)", "MAT (oracle shift)"];

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
  groupDroEta: number;
  methods?: MethodName[];
}

export interface MethodResult {
  method: MethodName;
  testAverage: number;
  testWorstGroup: number;
  testPerGroup: number[];
  /** Test examples per group (denominators of testPerGroup). */
  testCounts: number[];
  valWorstGroup: number;
  selectedStep: number;
  steps: number;
  stepsPerSecond: number;
  /** Trained model's training logits (n×2) at the selected checkpoint and the shift used. */
  trainLogits: Float32Array;
  shift?: Float64Array;
}

export interface BenchmarkRun {
  name: string;
  results: MethodResult[];
  xrm?: { flipRate: number; heldOutWorstGroup: number; heldOutAverage: number; stepsPerSecond: number; steps: number };
  trainGroupCounts: number[];
}

function evaluate(tf: Tf, model: Model, inp: Inputs, d: LabelledData) {
  return groupAccuracy(argmaxRows(predictAll(tf, model, inp), 2), d.y, d.g, 4);
}

/** Runs every method once on one draw of the data. `keepModels` receives trained models (then disposed). */
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
  if (methods.includes("MAT")) {
    const xr = rng.split();
    const a = cfg.makeModel(xr);
    const b = cfg.makeModel(xr);
    const res = runXrm(tf, { modelA: a, modelB: b, inputs: trIn, y: train.y, numClasses: 2, optimizer: cfg.xrm.optimizer, steps: cfg.xrm.steps, batchSize: cfg.xrm.batchSize, classBalanced: cfg.xrm.classBalanced, rng: xr });
    a.dispose();
    b.dispose();
    matShift = calibratedShift(res.heldOutLogits, train.y, 2, cfg.temperature).shift;
    const ho = groupAccuracy(argmaxRows(res.heldOutLogits, 2), train.y, train.g, 4);
    xrmInfo = { flipRate: res.flipRate, heldOutWorstGroup: ho.worstGroup, heldOutAverage: ho.average, stepsPerSecond: res.stepsPerSecond, steps: res.steps };
  }
  const results: MethodResult[] = [];
  for (const method of methods) {
    const mr = rng.split();
    const model = cfg.makeModel(mr);
    let objective: Objective;
    let shift: Float64Array | undefined;
    if (method === "ERM") objective = { kind: "erm" };
    else if (method === "MAT") { shift = matShift as Float64Array; objective = { kind: "mat", shift }; }
    else if (method === "MAT (oracle shift)") { shift = oracleAttributeShift(train.y, train.a, 2, 2); objective = { kind: "mat", shift }; }
    else objective = { kind: "groupdro", groups: train.g, numGroups: 4, eta: cfg.groupDroEta };
    let best = { wga: -1, avg: -1, step: 0, params: model.snapshot() };
    const stats = trainClassifier(tf, {
      model, inputs: trIn, y: train.y, numClasses: 2, objective, optimizer: cfg.optimizer, steps: cfg.steps, batchSize: cfg.batchSize, rng: mr, evalEvery: cfg.evalEvery,
      onEval: (step) => {
        if (step === 0) return;
        const v = evaluate(tf, model, vaIn, val);
        if (v.worstGroup > best.wga || (v.worstGroup === best.wga && v.average > best.avg)) best = { wga: v.worstGroup, avg: v.average, step, params: model.snapshot() };
      },
    });
    model.restore(best.params);
    const te = evaluate(tf, model, teIn, test);
    const trainLogits = predictAll(tf, model, trIn);
    if (onModel) onModel(method, model, trIn, shift);
    model.dispose();
    results.push({ method, testAverage: te.average, testWorstGroup: te.worstGroup, testPerGroup: te.perGroup, testCounts: te.counts, valWorstGroup: best.wga, selectedStep: best.step, steps: stats.steps, stepsPerSecond: stats.stepsPerSecond, trainLogits, shift });
  }
  disposeInputs(trIn);
  disposeInputs(vaIn);
  disposeInputs(teIn);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < train.n; i++) counts[train.g[i]]++;
  return { name: cfg.name, results, xrm: xrmInfo, trainGroupCounts: counts };
}
