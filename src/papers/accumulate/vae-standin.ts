/**
 * Stand-in for Figs. 5–6 (VAE on CelebA) of Gerstgrasser et al. (2024): the small MLP VAE of ./vae on 14×14 MNIST
 * digits. Iteration 0 trains on real digits; each later iteration samples as many images as the real set from the
 * previous VAE (decoder means of z ~ N(0, I)) and trains a fresh VAE on them (replace) or on the real set plus every
 * synthetic set (accumulate). Test loss: the VAE loss per image on held-out real digits. Mode collapse: the entropy of
 * the class histogram of 1000 samples under a fixed classifier trained on other real digits (ln 10 = 2.30 when all ten
 * digits appear equally).
 */
import type { Rng } from "../../maths/random";
import { asMatrix, matmul } from "../../maths/linalg/index";
import { loadPooledDigits, PIXELS } from "./digits";
import { sampleVae, trainVae, vaeTestLoss, type Vae, type VaeOptions } from "./vae";

/** A softmax-regression digit classifier on 196 pooled pixels: logits = xW + b. */
export interface DigitClassifier {
  W: Float64Array;
  b: Float64Array;
}

/** Trains the classifier by full-batch gradient descent with momentum on (X, labels). */
export function trainClassifier(X: Float64Array, labels: Int32Array, n: number, steps = 100, lr = 0.5): DigitClassifier {
  const D = PIXELS, C = 10;
  const W = new Float64Array(D * C), b = new Float64Array(C);
  const vW = new Float64Array(D * C), vb = new Float64Array(C);
  for (let it = 0; it < steps; it++) {
    const Z = matmul(asMatrix(n, D, X), asMatrix(D, C, W)).data;
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let c = 0; c < C; c++) mx = Math.max(mx, (Z[i * C + c] += b[c]));
      let s = 0;
      for (let c = 0; c < C; c++) s += (Z[i * C + c] = Math.exp(Z[i * C + c] - mx));
      for (let c = 0; c < C; c++) Z[i * C + c] = (Z[i * C + c] / s - (labels[i] === c ? 1 : 0)) / n;
    }
    const gW = matmul(asMatrix(n, D, X), asMatrix(n, C, Z), { transA: true }).data;
    for (let k = 0; k < gW.length; k++) W[k] += (vW[k] = 0.9 * vW[k] - lr * gW[k]);
    for (let c = 0; c < C; c++) {
      let g = 0;
      for (let i = 0; i < n; i++) g += Z[i * C + c];
      b[c] += (vb[c] = 0.9 * vb[c] - lr * g);
    }
  }
  return { W, b };
}

/** Predicted classes of n images. */
export function classify(f: DigitClassifier, X: Float64Array, n: number): Int32Array {
  const C = 10, Z = matmul(asMatrix(n, PIXELS, X), asMatrix(PIXELS, C, f.W)).data;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (Z[i * C + c] + f.b[c] > Z[i * C + best] + f.b[best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Entropy (nats) of the class histogram of `classes`. */
export function histogramEntropy(classes: Int32Array, C = 10): number {
  const h = new Float64Array(C);
  for (const c of classes) h[c]++;
  let e = 0;
  for (const v of h) if (v > 0) e -= (v / classes.length) * Math.log(v / classes.length);
  return e;
}

/** Parameters of {@link simulateVaeStandin} (all [U]). */
export interface VaeStandinParams {
  /** real training images per seed */
  train: number;
  test: number;
  /** images for the classifier (disjoint from the others) */
  classifierTrain: number;
  /** model-fitting iterations 0 … iterations − 1 */
  iterations: number;
  samplesForModes: number;
  vae: VaeOptions;
  seeds: number;
}

export interface VaeStandinRun {
  /** per schedule: loss[seed][iteration], entropy[seed][iteration] */
  loss: Record<"replace" | "accumulate", number[][]>;
  entropy: Record<"replace" | "accumulate", number[][]>;
  /** classifier accuracy on the real test images, and the entropy of their predicted classes */
  classifierAccuracy: number;
  realEntropy: number;
  /** sample images (decoder means) of the first seed at the first and last iterations, per schedule */
  grids: Record<string, Float64Array>;
}

function gather(X: Float64Array, idx: number[]): Float64Array {
  const out = new Float64Array(idx.length * PIXELS);
  idx.forEach((j, i) => out.set(X.subarray(j * PIXELS, (j + 1) * PIXELS), i * PIXELS));
  return out;
}

/** Runs replace and accumulate for `seeds` disjoint draws of real training images. */
export function simulateVaeStandin(p: VaeStandinParams, rng: Rng, gridSize = 16): VaeStandinRun {
  const dg = loadPooledDigits();
  const need = p.classifierTrain + p.test + p.train;
  if (need > dg.count) throw new RangeError(`simulateVaeStandin: needs ${need} digits, the package has ${dg.count}`);
  const perm = rng.shuffle(Array.from({ length: dg.count }, (_, i) => i));
  const clsIdx = perm.slice(0, p.classifierTrain), testIdx = perm.slice(p.classifierTrain, p.classifierTrain + p.test);
  const rest = perm.slice(p.classifierTrain + p.test);
  const clf = trainClassifier(gather(dg.X, clsIdx), Int32Array.from(clsIdx.map((i) => dg.labels[i])), clsIdx.length);
  const test = gather(dg.X, testIdx);
  const pred = classify(clf, test, p.test);
  let correct = 0;
  testIdx.forEach((j, i) => (correct += pred[i] === dg.labels[j] ? 1 : 0));
  const run: VaeStandinRun = {
    loss: { replace: [], accumulate: [] }, entropy: { replace: [], accumulate: [] },
    classifierAccuracy: correct / p.test, realEntropy: histogramEntropy(pred), grids: {},
  };
  for (let s = 0; s < p.seeds; s++) {
    const r = rng.split();
    const trIdx = r.shuffle(rest.slice()).slice(0, p.train);
    const real = gather(dg.X, trIdx);
    const first = trainVae(real, p.train, PIXELS, p.vae, r);
    const modes = (v: Vae, rs: Rng) => histogramEntropy(classify(clf, sampleVae(v, p.samplesForModes, rs), p.samplesForModes));
    const firstLoss = vaeTestLoss(first, test, p.test), firstModes = modes(first, r);
    for (const schedule of ["replace", "accumulate"] as const) {
      const rs = r.split();
      let v = first, pool = real, poolN = p.train;
      const loss = [firstLoss], ent = [firstModes];
      if (s === 0) run.grids[`${schedule} 0`] = sampleVae(first, gridSize, rs);
      for (let it = 1; it < p.iterations; it++) {
        const syn = sampleVae(v, p.train, rs);
        if (schedule === "accumulate") {
          const next = new Float64Array(pool.length + syn.length);
          next.set(pool);
          next.set(syn, pool.length);
          pool = next;
          poolN += p.train;
          v = trainVae(pool, poolN, PIXELS, p.vae, rs);
        } else v = trainVae(syn, p.train, PIXELS, p.vae, rs);
        loss.push(vaeTestLoss(v, test, p.test));
        ent.push(modes(v, rs));
      }
      if (s === 0) run.grids[`${schedule} ${p.iterations - 1}`] = sampleVae(v, gridSize, rs);
      run.loss[schedule].push(loss);
      run.entropy[schedule].push(ent);
    }
  }
  return run;
}
