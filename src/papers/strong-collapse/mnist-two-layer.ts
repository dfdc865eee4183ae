/**
 * Fig. 7 stand-in, second model: a two-layer ReLU network f(x) = W₂ReLU(W₁x + b₁) + b₂ trained with Adam on
 * the MSE between its 10 outputs and the (real or synthetic) targets, in TensorFlow.js (float32).
 * The paper's network has width 2000 [V]; width, steps, batch and learning rate here are [U], scaled to a
 * 2-core CPU. Same data, generator and test loss as {@link simulateMnistKernel}.
 */
import type { Rng } from "../../maths/random";
import { initTf } from "../../tf/index";
import { isSyntheticRow } from "./synthetic-rows";
import { generatorTargets, oneHot, splitDigits, takeRows, type DigitData, type GeneratorOutput } from "./mnist-standin";

/** Parameters of {@link simulateMnistTwoLayer}. */
export interface MnistTwoLayerParams {
  ns: number[];
  p2s: number[];
  /** Hidden width [U] (paper: 2000). */
  width: number;
  /** Adam steps per fit [U]. */
  steps: number;
  batch: number;
  learningRate: number;
  nTest: number;
  nGen: number;
  genLambda: number;
  generatorOutput: GeneratorOutput;
}

/** Gets TensorFlow.js through the project's backend module (one place to change). */
export async function strongCollapseTf() {
  const handle = await initTf();
  return handle;
}

/**
 * One seed: loss[q][i] (test MSE per entry against the true labels) for p2s[q], ns[i]. Every fit starts from
 * its own initialisation drawn from `rng`; minibatches are drawn from `rng` too.
 */
export async function simulateMnistTwoLayer(
  data: DigitData,
  p: MnistTwoLayerParams,
  rng: Rng,
  onFit?: () => void,
): Promise<{ loss: number[][]; generatorAccuracy: number }> {
  const fn = "simulateMnistTwoLayer";
  const nMax = p.ns[p.ns.length - 1];
  for (const [name, v] of [["width", p.width], ["steps", p.steps], ["batch", p.batch]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${name} must be a positive integer, got ${v}`);
  }
  if (!(p.learningRate > 0)) throw new RangeError(`${fn}: learningRate must be > 0, got ${p.learningRate}`);
  if (nMax + p.nTest + p.nGen > data.n) throw new RangeError(`${fn}: n_max + nTest + nGen exceeds the ${data.n} digits`);
  const { tf } = await strongCollapseTf();
  const split = splitDigits(data.n, p.nTest, p.nGen, rng);
  const train = split.pool.subarray(0, nMax);
  const gen = generatorTargets(data, split.gen, train, p.genLambda, p.generatorOutput);
  const { dim } = data;
  const Xtr = Float32Array.from(takeRows(data.X, dim, train));
  const Xte = tf.tensor2d(Float32Array.from(takeRows(data.X, dim, split.test)), [split.test.length, dim]);
  const Yte = tf.tensor2d(Float32Array.from(oneHot(Array.from(split.test, (i) => data.labels[i]))), [split.test.length, 10]);
  const loss: number[][] = p.p2s.map(() => []);
  try {
    for (let q = 0; q < p.p2s.length; q++) {
      const T = new Float32Array(nMax * 10);
      for (let i = 0; i < nMax; i++) {
        if (isSyntheticRow(i, p.p2s[q])) for (let c = 0; c < 10; c++) T[i * 10 + c] = gen.targets[i * 10 + c];
        else T[i * 10 + data.labels[train[i]]] = 1;
      }
      for (const n of p.ns) {
        const h = p.width;
        const W1 = tf.variable(tf.tensor2d(Float32Array.from(rng.fillNormal(new Float64Array(dim * h), Math.sqrt(2 / dim))), [dim, h]));
        const b1 = tf.variable(tf.zeros([h]));
        const W2 = tf.variable(tf.tensor2d(Float32Array.from(rng.fillNormal(new Float64Array(h * 10), Math.sqrt(1 / h))), [h, 10]));
        const b2 = tf.variable(tf.zeros([10]));
        const opt = tf.train.adam(p.learningRate);
        const bs = Math.min(p.batch, n);
        const xbuf = new Float32Array(bs * dim), ybuf = new Float32Array(bs * 10);
        for (let s = 0; s < p.steps; s++) {
          // minibatch assembled in JS (cheaper than tf.gather on the wasm backend)
          for (let k = 0; k < bs; k++) {
            const i = rng.int(n);
            xbuf.set(Xtr.subarray(i * dim, (i + 1) * dim), k * dim);
            ybuf.set(T.subarray(i * 10, (i + 1) * 10), k * 10);
          }
          tf.tidy(() => {
            const xb = tf.tensor2d(xbuf, [bs, dim]);
            const yb = tf.tensor2d(ybuf, [bs, 10]);
            opt.minimize(() => tf.losses.meanSquaredError(yb, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xb, W1), b1)), W2), b2)) as ReturnType<typeof tf.scalar>);
          });
        }
        const mse = tf.tidy(() => tf.losses.meanSquaredError(Yte, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(Xte, W1), b1)), W2), b2)));
        loss[q].push((await mse.data())[0]);
        mse.dispose();
        opt.dispose();
        for (const v of [W1, b1, W2, b2]) v.dispose();
        onFit?.();
      }
    }
  } finally {
    Xte.dispose();
    Yte.dispose();
  }
  return { loss, generatorAccuracy: gen.accuracy };
}
