/**
 * The generator and student networks of the eigenvalue stand-in: an MLP 6 → H → H → 3 (ReLU) regressing the scaled
 * eigenvalues (λ / MAX_COEFF) with mean-squared error and Adam, in TensorFlow.js with the project's fast kernels.
 * Every student gets the same number of gradient steps, whatever the size of its selected data set.
 */
import type * as TF from "@tensorflow/tfjs";
import type { Rng } from "../../maths/random";
import { initTf, fusedAdam } from "../../tf/index";
import { MAX_COEFF } from "./eigen-task";

/** Network and optimiser settings. paper value unverified [U] (the paper trains LAWT transformers) */
export interface MlpSettings { hidden: number; lr: number; batch: number; steps: number }

/** The TensorFlow.js handle (one place to change the backend source). */
export async function loadTf(): Promise<{ tf: typeof TF; detail: string }> {
  const h = await initTf();
  return { tf: h.tf, detail: h.detail };
}

/** A trained regressor: predictions are unscaled eigenvalues, n×3. */
export interface EigenRegressor {
  predict(x: Float32Array): Float32Array;
  dispose(): void;
}

/**
 * Trains a fresh MLP on inputs `x` (n×6) and eigenvalue targets `y` (n×3, unscaled): `steps` Adam steps on
 * mini-batches drawn by reshuffled epochs (seeded initialisation and order).
 */
export async function trainEigenMlp(tf: typeof TF, x: Float32Array, y: ArrayLike<number>, s: MlpSettings, rng: Rng): Promise<EigenRegressor> {
  const n = x.length / 6;
  if (!Number.isInteger(n) || n < 1 || y.length !== 3 * n) throw new RangeError(`trainEigenMlp: x must be n×6 and y n×3, got ${x.length} and ${y.length} values`);
  if (!(s.steps >= 1 && s.batch >= 1 && s.hidden >= 1 && s.lr > 0)) throw new RangeError(`trainEigenMlp: bad settings ${JSON.stringify(s)}`);
  const seed = rng.int(2 ** 31);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [6], units: s.hidden, activation: "relu", kernelInitializer: tf.initializers.heNormal({ seed }) }));
  model.add(tf.layers.dense({ units: s.hidden, activation: "relu", kernelInitializer: tf.initializers.heNormal({ seed: seed + 1 }) }));
  model.add(tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  model.compile({ optimizer: fusedAdam(tf, s.lr), loss: "meanSquaredError" });
  const ys = new Float32Array(3 * n);
  for (let i = 0; i < ys.length; i++) ys[i] = y[i] / MAX_COEFF;
  const batch = Math.min(s.batch, n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let pos = n;
  const xb = new Float32Array(batch * 6), yb = new Float32Array(batch * 3);
  for (let step = 0; step < s.steps; step++) {
    for (let r = 0; r < batch; r++) {
      if (pos >= n) {
        for (let i = n - 1; i > 0; i--) { const j = rng.int(i + 1); const t = order[i]; order[i] = order[j]; order[j] = t; }
        pos = 0;
      }
      const i = order[pos++];
      xb.set(x.subarray(6 * i, 6 * i + 6), 6 * r);
      yb.set(ys.subarray(3 * i, 3 * i + 3), 3 * r);
    }
    const tx = tf.tensor2d(xb, [batch, 6]), ty = tf.tensor2d(yb, [batch, 3]);
    await model.trainOnBatch(tx, ty);
    tf.dispose([tx, ty]);
  }
  return {
    predict(xin: Float32Array): Float32Array {
      const m = xin.length / 6;
      const out = new Float32Array(3 * m);
      const chunk = 16384;
      for (let s0 = 0; s0 < m; s0 += chunk) {
        const k = Math.min(chunk, m - s0);
        const t = tf.tidy(() => (model.predict(tf.tensor2d(xin.subarray(6 * s0, 6 * (s0 + k)), [k, 6])) as TF.Tensor).mul(MAX_COEFF));
        out.set(t.dataSync() as Float32Array, 3 * s0);
        t.dispose();
      }
      return out;
    },
    dispose(): void {
      model.dispose();
    },
  };
}
