/**
 * Unique-information scores of every training example under the linearized MLP: the code's "predictions"
 * measure (F-SI, Eq. (16) with the code's scaling: mean over validation points of ‖f − f₋ᵢ‖²) and "weights-plain"
 * (‖w − w₋ᵢ‖², Eq. (5) with Σ = I), both at t GD steps, exactly (one EVD + the leave-one-out recursion).
 */
import type { Rng } from "../../maths/random";
import type { Dataset } from "./digits";
import { forward, initMlp, mlpNtk, type Mlp } from "./mlp";
import { bruteForceLeaveOneOut, fastLeaveOneOut, kernelEigen, predictAfter, predictionChange, validationMap, weightChange, type KernelEigen, type LinearizedProblem } from "./linearized";
import { accuracy } from "./metrics";

/** The official MNIST MLP: one hidden layer of 1024 ReLU units [V]. */
export const PAPER_HIDDEN = 1024;
/** The official MNIST learning rate (full-batch SGD on the mean loss) [V]. */
export const PAPER_LR = 1e-3;
/** Informativeness is measured at t = 2000 full-batch steps [V]. */
export const PAPER_STEPS = 2000;

export interface ScoreOptions {
  hidden: number;
  lr: number;
  /** the code's l2_reg_coef (default 0) */
  l2?: number;
  /** times (GD steps) at which to score */
  times: number[];
}

/** The linearized model of a data set: init, kernels, and the problem handed to the leave-one-out solver. */
export interface LinearizedModel {
  net: Mlp;
  problem: LinearizedProblem;
  eig: KernelEigen;
  thetaVal: Float64Array;
  f0Val: Float64Array;
  nVal: number;
}

/** Builds the NTK of a freshly initialised MLP on train and validation inputs (Rng: the initialisation). */
export function linearize(train: Dataset, val: Dataset, opts: { hidden: number; lr: number; l2?: number }, rng: Rng): LinearizedModel {
  if (train.dim !== val.dim || train.k !== val.k) throw new RangeError(`linearize: train (dim ${train.dim}, k ${train.k}) and validation (dim ${val.dim}, k ${val.k}) differ`);
  if (train.n * train.k > 6000) throw new RangeError(`linearize: n·k = ${train.n * train.k} is too large for the float64 kernel (≤ 6000); use fewer examples`);
  const net = initMlp(train.dim, opts.hidden, train.k, rng);
  const theta = mlpNtk(net, train.X, train.n);
  const thetaVal = mlpNtk(net, val.X, val.n, train.X, train.n);
  const f0 = forward(net, train.X, train.n);
  const r0 = Float64Array.from(f0, (v, i) => v - train.Y[i]);
  const problem: LinearizedProblem = { theta, n: train.n, k: train.k, r0, lr: opts.lr, l2: opts.l2 };
  const eig = kernelEigen(theta, train.n * train.k);
  return { net, problem, eig, thetaVal, f0Val: forward(net, val.X, val.n), nVal: val.n };
}

/** Scores at each requested time. */
export interface Scores {
  times: number[];
  /** per time: F-SI ("predictions") of every training example */
  fsi: Float64Array[];
  /** per time: ‖w − w₋ᵢ‖² of every training example */
  weight: Float64Array[];
  /** per time: validation accuracy of the linearized full-data net */
  valAccuracy: number[];
  etaLambdaMax: number;
  model: LinearizedModel;
}

/** F-SI and weight scores of every training example of `train`, measured on `val`. */
export function scoreExamples(train: Dataset, val: Dataset, opts: ScoreOptions, rng: Rng): Scores {
  const model = linearize(train, val, opts, rng);
  return scoreModel(model, val, opts.times);
}

/** As {@link scoreExamples}, for an already linearized model. */
export function scoreModel(model: LinearizedModel, val: Dataset, times: number[]): Scores {
  const { n, k } = model.problem;
  const loo = fastLeaveOneOut(model.problem, times, model.eig);
  const vmap = validationMap(model.thetaVal, model.nVal * k, model.eig);
  return {
    times: times.slice(),
    fsi: loo.diffs.map((d) => predictionChange(d, vmap, n, k)),
    weight: loo.diffs.map((d) => weightChange(d, model.eig, n)),
    valAccuracy: loo.full.map((a) => accuracy(predictAfter(model.f0Val, vmap, a), val.labels, k)),
    etaLambdaMax: loo.etaLambdaMax,
    model,
  };
}

/**
 * Cross-check on a real kernel: the exact leave-one-out recursion against brute-force linearized GD of all n
 * leave-one-out problems, at `steps`. Returns the relative error of the n difference vectors a − ã_i.
 */
export function leaveOneOutCrossCheck(model: LinearizedModel, steps: number): { relativeError: number; etaLambdaMax: number } {
  const { n, k } = model.problem;
  const N = n * k;
  const fast = fastLeaveOneOut(model.problem, [steps], model.eig);
  const brute = bruteForceLeaveOneOut(model.problem, [steps]);
  const U = model.eig.U.data;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < N; j++) {
      let v = 0;
      for (let r = 0; r < N; r++) v += U[r * N + j] * (brute.full[0][r] - brute.loo[0][r * n + i]);
      num += (fast.diffs[0][i * N + j] - v) ** 2;
      den += v * v;
    }
  }
  return { relativeError: Math.sqrt(num / den), etaLambdaMax: fast.etaLambdaMax };
}
