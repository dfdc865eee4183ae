/**
 * Training loops shared by every experiment of this paper: cross-entropy classification with
 * ERM, MAT (a constant per-example logit shift) or GroupDRO (Sagawa et al. 2020, online group
 * weights), and MSE regression. Full batch or shuffled minibatches; SGD or Adam.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { Rng } from "../../maths/random";
import type { Tf } from "./tfjs";
import { gatherInputs, type Inputs, type Model } from "./models";

type Tensor2D = tfjs.Tensor2D;

export type Objective =
  | { kind: "erm" }
  /** MAT: cross-entropy of f(x_i) + shift_i (n×K row-major, held constant). */
  | { kind: "mat"; shift: Float64Array }
  /** GroupDRO with oracle groups: weights q_g ∝ q_g·exp(η·loss_g) updated every step. */
  | { kind: "groupdro"; groups: Int32Array; numGroups: number; eta: number };

export interface OptimizerSettings {
  kind: "sgd" | "adam";
  lr: number;
  /** L2 penalty added to the gradient (PyTorch `weight_decay`). */
  weightDecay?: number;
}

export interface ClassifierTrainOptions {
  model: Model;
  inputs: Inputs;
  y: Int32Array;
  numClasses: number;
  objective: Objective;
  optimizer: OptimizerSettings;
  steps: number;
  /** Minibatch size; omit for full-batch training. */
  batchSize?: number;
  rng: Rng;
  /**
   * Called before step 0, then every `evalEvery` steps and after the last step, with the number
   * of steps taken so far. Returning true stops training.
   */
  onEval?: (step: number) => boolean | void;
  evalEvery?: number;
}

export interface TrainStats {
  steps: number;
  wallMs: number;
  stepsPerSecond: number;
  /** Mean training loss of the last step (objective-specific). */
  finalLoss: number;
}

/** Something that applies gradients to a model's parameters. */
export interface StepOptimizer {
  apply(params: tfjs.Variable[], grads: tfjs.Tensor[]): void;
  dispose(): void;
}

/** Adam constants as in PyTorch's defaults (β₁ = 0.9, β₂ = 0.999, ε = 1e-8). */
export const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

/** tfjs SGD or Adam (with PyTorch's ε = 1e-8); weight decay is added to the gradient (PyTorch's `weight_decay`). */
export function makeOptimizer(tf: Tf, settings: OptimizerSettings): StepOptimizer {
  if (!(settings.lr > 0)) throw new RangeError(`makeOptimizer: lr must be positive, got ${settings.lr}`);
  const wd = settings.weightDecay ?? 0;
  const opt: tfjs.Optimizer = settings.kind === "sgd" ? tf.train.sgd(settings.lr) : tf.train.adam(settings.lr, ADAM.beta1, ADAM.beta2, ADAM.eps);
  return {
    apply(params, grads) {
      tf.tidy(() => {
        const named: tfjs.NamedTensorMap = {};
        params.forEach((p, i) => {
          named[p.name] = wd > 0 ? grads[i].add(p.mul(wd)) : grads[i];
        });
        opt.applyGradients(named);
      });
    },
    dispose: () => opt.dispose(),
  };
}

/** Applies gradients (with optional weight decay) to the model's parameters. */
export function applyGradients(_tf: Tf, opt: StepOptimizer, params: tfjs.Variable[], grads: tfjs.Tensor[]): void {
  opt.apply(params, grads);
}

/** Index stream over epochs of shuffled minibatches (or the full set). */
export function batchSampler(n: number, batchSize: number | undefined, rng: Rng): () => Int32Array | null {
  if (batchSize === undefined || batchSize >= n) return () => null;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSampler: batchSize must be a positive integer, got ${batchSize}`);
  let perm: number[] = [];
  let pos = n;
  return () => {
    if (pos + batchSize > n) {
      perm = rng.shuffle(Array.from({ length: n }, (_, i) => i));
      pos = 0;
    }
    const out = Int32Array.from(perm.slice(pos, pos + batchSize));
    pos += batchSize;
    return out;
  };
}

function take<T extends Int32Array | Float64Array>(arr: T, idx: Int32Array | null, width = 1): T {
  if (idx === null) return arr;
  const out = new (arr.constructor as { new (n: number): T })(idx.length * width);
  for (let j = 0; j < idx.length; j++) for (let k = 0; k < width; k++) out[j * width + k] = arr[idx[j] * width + k];
  return out;
}

/**
 * Trains a classifier with softmax cross-entropy under the chosen objective.
 * The per-example loss gradient is (softmax(z_i) − e_{y_i})·w_i with z_i = f(x_i) (+ shift_i for
 * MAT) and w_i = 1/b (ERM, MAT) or q_{g_i}/b_{g_i} (GroupDRO; b_g = batch count of group g).
 */
export function trainClassifier(tf: Tf, o: ClassifierTrainOptions): TrainStats {
  const { model, inputs, y, numClasses: K, objective, steps } = o;
  const n = y.length;
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`trainClassifier: steps must be a non-negative integer, got ${steps}`);
  if (inputs.x.shape[0] !== n) throw new RangeError(`trainClassifier: inputs have ${inputs.x.shape[0]} rows but y has ${n}`);
  if (objective.kind === "mat" && objective.shift.length !== n * K) throw new RangeError(`trainClassifier: MAT shift must be n×K = ${n * K}, got ${objective.shift.length}`);
  if (objective.kind === "groupdro" && objective.groups.length !== n) throw new RangeError(`trainClassifier: GroupDRO groups must have length ${n}, got ${objective.groups.length}`);
  const opt = makeOptimizer(tf, o.optimizer);
  const next = batchSampler(n, o.batchSize, o.rng);
  const q = objective.kind === "groupdro" ? new Float64Array(objective.numGroups).fill(1 / objective.numGroups) : undefined;
  const evalEvery = o.evalEvery ?? 0;
  // full-batch constants are uploaded once
  const fullBatch = o.batchSize === undefined || o.batchSize >= n;
  const constOneHot = fullBatch ? (tf.keep(tf.oneHot(tf.tensor1d(y, "int32"), K).cast("float32")) as Tensor2D) : undefined;
  const constShift = fullBatch && objective.kind === "mat" ? tf.tensor2d(Float32Array.from(objective.shift), [n, K]) : undefined;
  let finalLoss = NaN;
  let stopped = o.onEval ? o.onEval(0) === true : false;
  const t0 = Date.now();
  let s = 0;
  for (; s < steps && !stopped; s++) {
    const idx = next();
    const last = s + 1 === steps;
    tf.tidy(() => {
      const batch = idx === null ? inputs : gatherInputs(tf, inputs, idx);
      const yb = take(y, idx);
      const b = yb.length;
      const fwd = model.forward(batch);
      let z: Tensor2D = fwd.out;
      if (objective.kind === "mat") z = z.add(constShift ?? tf.tensor2d(Float32Array.from(take(objective.shift, idx, K)), [b, K]));
      const logp = tf.logSoftmax(z) as Tensor2D;
      const onehot = constOneHot ?? (tf.oneHot(tf.tensor1d(yb, "int32"), K).cast("float32") as Tensor2D);
      let dOut: Tensor2D;
      if (objective.kind === "groupdro" && q) {
        const ce = logp.mul(onehot).sum(1).neg();
        const ceV = ce.dataSync();
        const gb = take(objective.groups, idx);
        const G = objective.numGroups;
        const sum = new Float64Array(G);
        const cnt = new Float64Array(G);
        for (let i = 0; i < b; i++) {
          sum[gb[i]] += ceV[i];
          cnt[gb[i]]++;
        }
        let tot = 0;
        for (let g = 0; g < G; g++) {
          if (cnt[g] > 0) q[g] *= Math.exp(objective.eta * (sum[g] / cnt[g]));
          tot += q[g];
        }
        let lossV = 0;
        for (let g = 0; g < G; g++) {
          q[g] /= tot;
          if (cnt[g] > 0) lossV += q[g] * (sum[g] / cnt[g]);
        }
        const w = new Float32Array(b);
        for (let i = 0; i < b; i++) w[i] = q[gb[i]] / cnt[gb[i]];
        finalLoss = lossV;
        dOut = tf.exp(logp).sub(onehot).mul(tf.tensor2d(w, [b, 1])) as Tensor2D;
      } else {
        if (last) finalLoss = (logp.mul(onehot).sum(1).neg().mean().dataSync() as Float32Array)[0];
        dOut = tf.exp(logp).sub(onehot).mul(1 / b) as Tensor2D;
      }
      const grads = fwd.backward(dOut);
      applyGradients(tf, opt, model.params, grads);
    });
    if (o.onEval && ((evalEvery > 0 && (s + 1) % evalEvery === 0) || last)) stopped = o.onEval(s + 1) === true;
  }
  constOneHot?.dispose();
  constShift?.dispose();
  const wallMs = Date.now() - t0;
  opt.dispose();
  return { steps: s, wallMs, stepsPerSecond: s / Math.max(wallMs / 1000, 1e-9), finalLoss };
}

export interface RegressionTrainOptions {
  model: Model;
  inputs: Inputs;
  /** targets, n×outDim row-major. */
  targets: Float32Array;
  optimizer: OptimizerSettings;
  /** Stop once the mean squared error falls below this value. */
  lossTarget: number;
  maxSteps: number;
  /** Called every `recordEvery` steps with (step, loss). */
  onRecord?: (step: number, loss: number) => void;
  recordEvery?: number;
}

export interface RegressionStats extends TrainStats {
  converged: boolean;
}

/**
 * Full-batch MSE regression, stopping when the loss (measured before each update, as in the
 * official script) falls below `lossTarget` or after `maxSteps` updates.
 */
export function trainRegression(tf: Tf, o: RegressionTrainOptions): RegressionStats {
  const n = o.inputs.x.shape[0];
  const k = o.model.outDim;
  if (o.targets.length !== n * k) throw new RangeError(`trainRegression: targets must be ${n}×${k}, got ${o.targets.length}`);
  const yT = tf.tensor2d(o.targets, [n, k]);
  const opt = makeOptimizer(tf, o.optimizer);
  const t0 = Date.now();
  let steps = 0;
  let loss = Infinity;
  let converged = false;
  while (steps < o.maxSteps) {
    loss = tf.tidy(() => {
      const fwd = o.model.forward(o.inputs);
      const r = fwd.out.sub(yT) as Tensor2D;
      const lv = (r.square().mean().dataSync() as Float32Array)[0];
      const grads = fwd.backward(r.mul(2 / (n * k)) as Tensor2D);
      applyGradients(tf, opt, o.model.params, grads);
      return lv;
    });
    steps++;
    if (o.onRecord && o.recordEvery && steps % o.recordEvery === 0) o.onRecord(steps, loss);
    if (loss < o.lossTarget) {
      converged = true;
      break;
    }
  }
  const wallMs = Date.now() - t0;
  yT.dispose();
  opt.dispose();
  return { steps, wallMs, stepsPerSecond: steps / Math.max(wallMs / 1000, 1e-9), finalLoss: loss, converged };
}
