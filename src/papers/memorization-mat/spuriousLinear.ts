/**
 * The synthetic task of Fig. 1 (official `interpretable_experiment.py:problem_1`): a core feature,
 * a spurious feature scaled ×5, and example-specific noise coordinates.
 *
 *   y ~ Bernoulli(½), s = 2y − 1
 *   x_core = (0.12·N(0,1) − 1)·s
 *   x_spu' = (0.12·N(0,1) − 1)·s, sign flipped on a random ⌊(1 − maj)·n⌋ subset; x_spu = 5·x_spu'
 *   ε ~ N(0, σ_ε² I) in ℝ^{dim−2};  x = [x_core, x_spu, ε]
 * An example is in the majority when x_core·x_spu > 0 (decided before `spuriousDrop` hides x_spu). The attribute a is the label the spurious
 * feature points to (a = y for the majority, 1 − y for the minority); group g = 2y + a.
 */
import type { Rng } from "../../maths/random";

export interface SpuriousLinearOptions {
  /** Number of examples (paper code: 1000 per split). */
  n: number;
  /** Total input dimension (paper code: 1800 = 2 + 1798 noise coordinates). */
  dim: number;
  /** Fraction of majority examples (paper code: 0.9 train, 0.5 validation/test). */
  majority: number;
  /** Standard deviation of the example-specific noise (paper code: 0 or 0.5). */
  sigmaEps: number;
  /** Scale of the spurious coordinate (paper code: 5). */
  spuriousScale?: number;
  /** Standard deviation of the within-class spread of both coordinates (paper code: 0.12). */
  featureNoise?: number;
  /**
   * Probability that the spurious coordinate is set to 0 on an example (default 0, as in the paper
   * code): its attribute still sets the group but cannot be read from x.
   */
  spuriousDrop?: number;
}

export interface LabelledData {
  /** n×dim row-major inputs. */
  x: Float32Array;
  n: number;
  dim: number;
  /** labels in {0, 1}. */
  y: Int32Array;
  /** spurious attribute in {0, 1}. */
  a: Int32Array;
  /** group g = 2y + a. */
  g: Int32Array;
}

/** Fig. 1 paper-code constants. */
export const FIG1 = {
  n: 1000,
  dim: 1800,
  majorityTrain: 0.9,
  majorityTest: 0.5,
  spuriousScale: 5,
  featureNoise: 0.12,
  epochs: 1000,
  lrErmNoNoise: 3e-2,
  lrNoisy: 1e-2,
  /** σ_ε used by the official code for the "with noise" runs (the figure titles say 1). */
  sigmaEpsCode: 0.5,
  temperature: 0.1,
} as const;

/** Draws one split of the Fig. 1 task. */
export function spuriousLinearData(opts: SpuriousLinearOptions, rng: Rng): LabelledData {
  const { n, dim, majority, sigmaEps } = opts;
  const scale = opts.spuriousScale ?? FIG1.spuriousScale;
  const noise = opts.featureNoise ?? FIG1.featureNoise;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`spuriousLinearData: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(dim) || dim < 2) throw new RangeError(`spuriousLinearData: dim must be an integer ≥ 2, got ${dim}`);
  if (!(majority >= 0 && majority <= 1)) throw new RangeError(`spuriousLinearData: majority must lie in [0, 1], got ${majority}`);
  if (!(sigmaEps >= 0)) throw new RangeError(`spuriousLinearData: sigmaEps must be ≥ 0, got ${sigmaEps}`);
  const drop = opts.spuriousDrop ?? 0;
  if (!(drop >= 0 && drop <= 1)) throw new RangeError(`spuriousLinearData: spuriousDrop must lie in [0, 1], got ${drop}`);
  const y = new Int32Array(n);
  const a = new Int32Array(n);
  const g = new Int32Array(n);
  const x = new Float32Array(n * dim);
  const spu = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.uniform() < 0.5 ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const s = 2 * y[i] - 1;
    x[i * dim] = (noise * rng.normal() - 1) * s;
  }
  for (let i = 0; i < n; i++) spu[i] = (noise * rng.normal() - 1) * (2 * y[i] - 1);
  const idx = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const nFlip = Math.floor((1 - majority) * n);
  for (let j = 0; j < nFlip; j++) spu[idx[j]] = -spu[idx[j]];
  for (let i = 0; i < n; i++) {
    x[i * dim + 1] = scale * spu[i];
    if (sigmaEps > 0) for (let j = 2; j < dim; j++) x[i * dim + j] = sigmaEps * rng.normal();
    const majorityEx = x[i * dim] * x[i * dim + 1] > 0;
    a[i] = majorityEx ? y[i] : 1 - y[i];
    g[i] = 2 * y[i] + a[i];
  }
  // drawn after everything else so that spuriousDrop = 0 leaves the paper's data unchanged
  if (drop > 0) for (let i = 0; i < n; i++) if (rng.uniform() < drop) x[i * dim + 1] = 0;
  return { x, n, dim, y, a, g };
}

/** True where the example is in a minority group (attribute disagrees with the label). */
export function minorityMask(d: LabelledData): Uint8Array {
  const m = new Uint8Array(d.n);
  for (let i = 0; i < d.n; i++) m[i] = d.a[i] !== d.y[i] ? 1 : 0;
  return m;
}
