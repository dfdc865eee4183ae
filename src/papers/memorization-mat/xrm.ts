/**
 * Held-out predictions by cross-risk minimisation (XRM phase 1; Pezeshki et al., ICML 2024), as
 * used by MAT: two models, each training example held in by exactly one of them (a fair coin,
 * fixed), both trained on the held-in logits against dynamic labels ỹ; after every step each
 * ỹ_i is replaced by the held-out model's prediction ŷ_i with probability (p_i − 1/K)·K/(K−1),
 * p_i = max_k softmax(o_i)_k. The held-out logits o_i are what MAT calibrates into its shift.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { Rng } from "../../maths/random";
import type { Tf } from "./tfjs";
import { gatherInputs, predictAll, type Inputs, type Model } from "./models";
import { applyGradients, batchSampler, makeOptimizer, type OptimizerSettings } from "./training";
import { argmaxRows } from "./groupMetrics";

type Tensor2D = tfjs.Tensor2D;

export interface XrmOptions {
  modelA: Model;
  modelB: Model;
  inputs: Inputs;
  y: Int32Array;
  numClasses: number;
  optimizer: OptimizerSettings;
  steps: number;
  batchSize?: number;
  /**
   * true: loss = Σ_k mean_{i: ỹ_i = k} CE (XRM's class-balanced loss);
   * false: plain mean (the official Fig. 1 script).
   */
  classBalanced: boolean;
  rng: Rng;
}

export interface XrmResult {
  /** n×K row-major held-out logits of the training set after training. */
  heldOutLogits: Float32Array;
  /** 1 where example i is held in by model A. */
  heldInByA: Uint8Array;
  /** Final fraction of dynamic labels that differ from the true labels. */
  flipRate: number;
  /** Flip rate recorded every step. */
  flipHistory: number[];
  steps: number;
  wallMs: number;
  stepsPerSecond: number;
}

/** Runs XRM phase 1 and returns the held-out logits of the training set. */
export function runXrm(tf: Tf, o: XrmOptions): XrmResult {
  const { modelA, modelB, inputs, y, numClasses: K, steps, rng } = o;
  const n = y.length;
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`runXrm: steps must be a non-negative integer, got ${steps}`);
  if (inputs.x.shape[0] !== n) throw new RangeError(`runXrm: inputs have ${inputs.x.shape[0]} rows but y has ${n}`);
  const heldInByA = new Uint8Array(n);
  for (let i = 0; i < n; i++) heldInByA[i] = rng.uniform() < 0.5 ? 1 : 0;
  const yDyn = Int32Array.from(y);
  const opt = makeOptimizer(tf, o.optimizer);
  const params = [...modelA.params, ...modelB.params];
  const next = batchSampler(n, o.batchSize, rng);
  const flipHistory: number[] = [];
  const t0 = Date.now();
  for (let s = 0; s < steps; s++) {
    const idx = next();
    const b = idx === null ? n : idx.length;
    const at = (j: number) => (idx === null ? j : idx[j]);
    const cMask = new Float32Array(b);
    const yb = new Int32Array(b);
    for (let j = 0; j < b; j++) {
      cMask[j] = heldInByA[at(j)];
      yb[j] = yDyn[at(j)];
    }
    const w = new Float32Array(b);
    if (o.classBalanced) {
      const cnt = new Float64Array(K);
      for (let j = 0; j < b; j++) cnt[yb[j]]++;
      for (let j = 0; j < b; j++) w[j] = 1 / cnt[yb[j]];
    } else w.fill(1 / b);
    const hoLogits = tf.tidy(() => {
      const batch = idx === null ? inputs : gatherInputs(tf, inputs, idx);
      const fa = modelA.forward(batch);
      const fb = modelB.forward(batch);
      const c = tf.tensor2d(cMask, [b, 1]);
      const notC = tf.scalar(1).sub(c);
      const hi = fa.out.mul(c).add(fb.out.mul(notC)) as Tensor2D;
      const ho = fa.out.mul(notC).add(fb.out.mul(c)) as Tensor2D;
      const onehot = tf.oneHot(tf.tensor1d(yb, "int32"), K).cast("float32");
      const dHi = tf.softmax(hi).sub(onehot).mul(tf.tensor2d(w, [b, 1])) as Tensor2D;
      const gA = fa.backward(dHi.mul(c) as Tensor2D);
      const gB = fb.backward(dHi.mul(notC) as Tensor2D);
      applyGradients(tf, opt, params, [...gA, ...gB]);
      return ho.dataSync() as Float32Array;
    });
    // label flipping from the held-out predictions of this step
    for (let j = 0; j < b; j++) {
      let m = -Infinity;
      let arg = 0;
      for (let k = 0; k < K; k++) if (hoLogits[j * K + k] > m) { m = hoLogits[j * K + k]; arg = k; }
      let z = 0;
      for (let k = 0; k < K; k++) z += Math.exp(hoLogits[j * K + k] - m);
      const p = 1 / z;
      const flipProb = ((p - 1 / K) * K) / (K - 1);
      if (rng.uniform() < flipProb) yDyn[at(j)] = arg;
    }
    let flips = 0;
    for (let i = 0; i < n; i++) if (yDyn[i] !== y[i]) flips++;
    flipHistory.push(flips / n);
  }
  const wallMs = Date.now() - t0;
  opt.dispose();
  const la = predictAll(tf, modelA, inputs);
  const lb = predictAll(tf, modelB, inputs);
  const heldOutLogits = new Float32Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) heldOutLogits[i * K + k] = heldInByA[i] ? lb[i * K + k] : la[i * K + k];
  return {
    heldOutLogits,
    heldInByA,
    flipRate: flipHistory.length ? flipHistory[flipHistory.length - 1] : 0,
    flipHistory,
    steps,
    wallMs,
    stepsPerSecond: steps / Math.max(wallMs / 1000, 1e-9),
  };
}

/**
 * XRM's inferred groups on any labelled set ("cross-mistake"): an example is flagged (1) when
 * either model misclassifies it. Group index g = 2·y + flag.
 */
export function crossMistakeGroups(tf: Tf, modelA: Model, modelB: Model, inputs: Inputs, y: Int32Array, numClasses: number): Int32Array {
  const pa = argmaxRows(predictAll(tf, modelA, inputs), numClasses);
  const pb = argmaxRows(predictAll(tf, modelB, inputs), numClasses);
  const g = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) g[i] = 2 * y[i] + (pa[i] !== y[i] || pb[i] !== y[i] ? 1 : 0);
  return g;
}
