/**
 * Spurious-MNIST, a "Waterbirds-like" stand-in built from real digits: the core task is 4 vs 9
 * (y = 1 for 9); a spurious "background" attribute a ∈ {0, 1} is drawn as a bright 3×3 patch in
 * the top-left (a = 0) or top-right (a = 1) corner of the 14×14 subsampled image, with
 * P(a = y) = 0.95 in training and 0.5 in validation/test (four groups g = 2y + a).
 * As in Waterbirds' frozen-feature regime, a fixed random ReLU feature map (seeded) turns each
 * image into F features on which a linear head is trained; optional example-specific Gaussian
 * features (σ_ε) add memorization capacity as in Fig. 1. A fainter patch (patchValue) or one left
 * out on a fraction of the images (patchDrop) makes the attribute imperfectly learnable.
 */
import type { Rng } from "../../maths/random";
import { loadMnistDigits, subsample14 } from "./mnistDigits";
import type { LabelledData } from "./spuriousLinear";

export interface SpuriousMnistOptions {
  train: number;
  val: number;
  test: number;
  /** P(a = y) in training (default 0.95). */
  trainCorrelation?: number;
  /** Random ReLU features (default 1024). */
  features?: number;
  /** Example-specific noise features appended to the representation (default 0). */
  noiseDim?: number;
  sigmaEps?: number;
  /** Patch intensity (default 1). */
  patchValue?: number;
  /**
   * Probability that the patch is not drawn on an example (default 0): the attribute a is still
   * defined (it sets the group) but invisible, so it cannot be inferred from that image.
   */
  patchDrop?: number;
}

export const SPURIOUS_MNIST = { trainCorrelation: 0.95, features: 1024, patch: 3 } as const;

export interface SpuriousMnistSplits {
  train: LabelledData;
  val: LabelledData;
  test: LabelledData;
  /** Dimension of the representation: F random features + noiseDim noise features. */
  featureDim: number;
}

/** Draws the three splits; features are computed with a random map shared by the splits. */
export function spuriousMnist(o: SpuriousMnistOptions, rng: Rng): SpuriousMnistSplits {
  const digits = loadMnistDigits();
  const pool: [number, number][] = [];
  for (const cls of [4, 9]) for (let i = 0; i < digits[cls].count; i++) pool.push([cls, i]);
  const total = o.train + o.val + o.test;
  if (![o.train, o.val, o.test].every((s) => Number.isInteger(s) && s > 0) || total > pool.length) {
    throw new RangeError(`spuriousMnist: split sizes must be positive integers summing to at most ${pool.length}, got ${JSON.stringify([o.train, o.val, o.test])}`);
  }
  const F = o.features ?? SPURIOUS_MNIST.features;
  const noiseDim = o.noiseDim ?? 0;
  const sigma = o.sigmaEps ?? 0;
  const corr = o.trainCorrelation ?? SPURIOUS_MNIST.trainCorrelation;
  const pv = o.patchValue ?? 1;
  const drop = o.patchDrop ?? 0;
  if (!(drop >= 0 && drop <= 1)) throw new RangeError(`spuriousMnist: patchDrop must lie in [0, 1], got ${drop}`);
  rng.shuffle(pool);
  // random feature map: φ_f(x) = relu(w_f·x + b_f)·8/√F with w_f ~ N(0, (2/√196)² I), b_f ~ N(0, 0.5²)
  const mapRng = rng.split();
  const P = 196;
  const W = new Float64Array(F * P);
  mapRng.fillNormal(W, 1 / Math.sqrt(P / 4));
  const bias = new Float64Array(F);
  mapRng.fillNormal(bias, 0.5);
  const dim = F + noiseDim;
  const img = new Float32Array(P);
  const make = (from: number, n: number, c: number): LabelledData => {
    const x = new Float32Array(n * dim);
    const y = new Int32Array(n);
    const a = new Int32Array(n);
    const g = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const [cls, idx] = pool[from + j];
      const label = cls === 9 ? 1 : 0;
      const attr = rng.uniform() < c ? label : 1 - label;
      subsample14(digits[cls].images, idx, img, 0);
      const c0 = attr === 0 ? 0 : 14 - SPURIOUS_MNIST.patch;
      if (!(drop > 0 && rng.uniform() < drop)) for (let r = 0; r < SPURIOUS_MNIST.patch; r++) for (let q = 0; q < SPURIOUS_MNIST.patch; q++) img[r * 14 + c0 + q] = pv;
      for (let f = 0; f < F; f++) {
        let s = bias[f];
        const off = f * P;
        for (let p = 0; p < P; p++) s += W[off + p] * img[p];
        x[j * dim + f] = s > 0 ? s / Math.sqrt(F / 64) : 0;
      }
      for (let k = 0; k < noiseDim; k++) x[j * dim + F + k] = sigma * rng.normal();
      y[j] = label;
      a[j] = attr;
      g[j] = 2 * label + attr;
    }
    return { x, n, dim, y, a, g };
  };
  return {
    train: make(0, o.train, corr),
    val: make(o.train, o.val, 0.5),
    test: make(o.train + o.val, o.test, 0.5),
    featureDim: dim,
  };
}
