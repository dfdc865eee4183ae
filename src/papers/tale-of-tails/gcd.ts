/**
 * GCD stand-in for *A Tale of Tails* §6 (the paper trains a transformer on GCD; not feasible here): a small MLP
 * (TensorFlow.js) classifies gcd(a, b) of integer pairs from the base-B digits of a and b. Outcomes follow
 * P(gcd = k) ∝ 1/k² (a Zipf law with β = 2), so GCD values are "skills" of Zipf-distributed frequency.
 * Generation 0 is trained on clean pairs, labels fresh pairs (argmax), and later generations train on those labels,
 * optionally mixed with a small fraction of clean pairs.
 */
import type * as TF from "@tensorflow/tfjs";
import type { Rng } from "../../maths/random";
import { initTf } from "../../tf/index";

/** Problem and model sizes. paper value unverified [U] (Int2Int defaults differ: transformer, operands ≤ 10⁶) */
export const GCD = { base: 30, maxOperand: 899, classes: 40, hidden: 256, lr: 2e-3, batch: 256 };

/** The TensorFlow.js handle used here (one place to change the backend source). */
export async function loadTf(): Promise<{ tf: typeof TF; detail: string }> {
  const h = await initTf();
  return { tf: h.tf, detail: h.detail };
}

export function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** A data set of operand pairs (with gcd ≤ classes) and labels (class = label − 1). */
export interface GcdData { a: Int32Array; b: Int32Array; label: Int32Array }

/** `n` clean pairs, a and b uniform in [1, maxOperand], conditioned on gcd ≤ classes. */
export function cleanGcdData(n: number, rng: Rng): GcdData {
  const a = new Int32Array(n), b = new Int32Array(n), label = new Int32Array(n);
  for (let t = 0; t < n; ) {
    const x = 1 + rng.int(GCD.maxOperand), y = 1 + rng.int(GCD.maxOperand);
    const g = gcd(x, y);
    if (g > GCD.classes) continue;
    a[t] = x; b[t] = y; label[t] = g; t++;
  }
  return { a, b, label };
}

function features(tf: typeof TF, d: GcdData): TF.Tensor2D {
  const B = GCD.base, n = d.a.length, width = 4 * B;
  const x = new Float32Array(n * width);
  for (let t = 0; t < n; t++) {
    const ops = [d.a[t] % B, Math.floor(d.a[t] / B) % B, d.b[t] % B, Math.floor(d.b[t] / B) % B];
    for (let k = 0; k < 4; k++) x[t * width + k * B + ops[k]] = 1;
  }
  return tf.tensor2d(x, [n, width]);
}

/** Trains a fresh MLP on `data` for `epochs` epochs (seeded initialisation and shuffling). */
export async function trainGcdModel(tf: typeof TF, data: GcdData, epochs: number, rng: Rng): Promise<TF.Sequential> {
  const model = tf.sequential();
  const seed = rng.int(2 ** 31);
  model.add(tf.layers.dense({ inputShape: [4 * GCD.base], units: GCD.hidden, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  model.add(tf.layers.dense({ units: GCD.classes, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  model.compile({ optimizer: tf.train.adam(GCD.lr), loss: "sparseCategoricalCrossentropy" });
  const n = data.a.length;
  const x = features(tf, data);
  const y = tf.tensor1d(Float32Array.from(data.label, (l) => l - 1));
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let e = 0; e < epochs; e++) {
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i]; order[i] = order[j]; order[j] = t;
    }
    for (let s = 0; s < n; s += GCD.batch) {
      const idx = tf.tensor1d(order.subarray(s, Math.min(n, s + GCD.batch)), "int32");
      const xb = tf.gather(x, idx), yb = tf.gather(y, idx);
      await model.trainOnBatch(xb, yb);
      tf.dispose([idx, xb, yb]);
    }
  }
  tf.dispose([x, y]);
  return model;
}

/** Argmax predictions (gcd values) of a model on pairs. */
export function predictGcd(tf: typeof TF, model: TF.Sequential, d: GcdData): Int32Array {
  const out = new Int32Array(d.a.length);
  const chunk = 8192;
  for (let s = 0; s < d.a.length; s += chunk) {
    const sub: GcdData = { a: d.a.subarray(s, s + chunk), b: d.b.subarray(s, s + chunk), label: d.label.subarray(s, s + chunk) };
    const pred = tf.tidy(() => (model.predict(features(tf, sub)) as TF.Tensor2D).argMax(1));
    const v = pred.dataSync();
    pred.dispose();
    for (let t = 0; t < v.length; t++) out[s + t] = v[t] + 1;
  }
  return out;
}

/** Per-GCD accuracy (index k−1 ↔ gcd k; NaN where the test set has no example) and counts. */
export function perGcdAccuracy(d: GcdData, pred: Int32Array): { acc: number[]; count: number[] } {
  const hit = new Array(GCD.classes).fill(0), count = new Array(GCD.classes).fill(0);
  for (let t = 0; t < d.label.length; t++) {
    count[d.label[t] - 1]++;
    if (pred[t] === d.label[t]) hit[d.label[t] - 1]++;
  }
  return { acc: hit.map((h, k) => (count[k] ? h / count[k] : NaN)), count };
}

/** The same pairs relabelled by a model: AI-generated data. */
export function relabel(tf: typeof TF, model: TF.Sequential, d: GcdData): GcdData {
  return { a: d.a, b: d.b, label: predictGcd(tf, model, d) };
}

/** Concatenates data sets. */
export function concatData(...ds: GcdData[]): GcdData {
  const cat = (f: (d: GcdData) => Int32Array) => {
    const out = new Int32Array(ds.reduce((s, d) => s + d.a.length, 0));
    let o = 0;
    for (const d of ds) { out.set(f(d), o); o += d.a.length; }
    return out;
  };
  return { a: cat((d) => d.a), b: cat((d) => d.b), label: cat((d) => d.label) };
}

/**
 * Trains a fresh MLP on a stream of pairs seen once each, in order, in batches of `batch`, and returns the per-GCD test
 * accuracy after the first n pairs for every n in `checkpoints` (ascending; each rounded down to whole batches): the
 * paper's x-axis in §6, accuracy against the number of training examples.
 */
export async function streamGcdCurve(tf: typeof TF, stream: GcdData, checkpoints: number[], test: GcdData, rng: Rng, batch = 64): Promise<number[][]> {
  for (let j = 1; j < checkpoints.length; j++) if (!(checkpoints[j] > checkpoints[j - 1])) throw new RangeError("streamGcdCurve: checkpoints must increase");
  if (checkpoints[checkpoints.length - 1] > stream.a.length) throw new RangeError(`streamGcdCurve: last checkpoint ${checkpoints[checkpoints.length - 1]} beyond the stream (${stream.a.length})`);
  const model = tf.sequential();
  const seed = rng.int(2 ** 31);
  model.add(tf.layers.dense({ inputShape: [4 * GCD.base], units: GCD.hidden, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  model.add(tf.layers.dense({ units: GCD.classes, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  model.compile({ optimizer: tf.train.adam(GCD.lr), loss: "sparseCategoricalCrossentropy" });
  const out: number[][] = [];
  let s = 0;
  for (const c of checkpoints) {
    const end = Math.max(batch, Math.floor(c / batch) * batch);
    if (end > s) {
      const sub: GcdData = { a: stream.a.subarray(s, end), b: stream.b.subarray(s, end), label: stream.label.subarray(s, end) };
      const x = features(tf, sub);
      const y = tf.tensor1d(Float32Array.from(sub.label, (l) => l - 1));
      for (let o = 0; o < end - s; o += batch) {
        const xb = x.slice([o, 0], [Math.min(batch, end - s - o), -1]), yb = y.slice([o], [Math.min(batch, end - s - o)]);
        await model.trainOnBatch(xb, yb);
        tf.dispose([xb, yb]);
      }
      tf.dispose([x, y]);
      s = end;
    }
    out.push(perGcdAccuracy(test, predictGcd(tf, model, test)).acc);
  }
  model.dispose();
  return out;
}

/**
 * A training stream of n fresh pairs in which each pair keeps its true label with probability π (clean data) and is
 * otherwise labelled by `teacher` (AI data): the mixed corpus of §6.
 */
export function mixedStream(tf: typeof TF, teacher: TF.Sequential, n: number, pi: number, rng: Rng): GcdData {
  if (!(pi >= 0 && pi <= 1)) throw new RangeError(`mixedStream: π must be in [0, 1], got ${pi}`);
  const d = cleanGcdData(n, rng);
  if (pi === 1) return d;
  const ai = predictGcd(tf, teacher, d);
  const label = new Int32Array(n);
  for (let t = 0; t < n; t++) label[t] = rng.uniform() < pi ? d.label[t] : ai[t];
  return { a: d.a, b: d.b, label };
}
