/**
 * Stand-in B, the learner and the loop: the synthetic-vs-real world, a softmax-regression learner trained by
 * mini-batch Adam with a warm-up / constant / cosine-cool-down (WSD) schedule and label smoothing, and the Deliberate
 * Practice loop of Algorithm 1 — validation on real data every τ iterations, patience T_max with increments after
 * each addition ("incremental patience"), entropy-guided additions under the current classifier, uniform
 * mini-batches over the growing set, and branch-outs (a fork before each addition trained to the end without new
 * data, one point per dataset size).
 *
 * The world: K classes; the generator's law is x | k ~ N(μ_k, diag(s)) sampled through the diffusion of
 * ./standin-diffusion with classifier-free guidance; the real law (validation and test) is N(μ_k + δ_k, diag(s_real))
 * with s_real = 2s on a random half of the coordinates and small class shifts δ_k — real data are more diverse
 * than the generator's, the premise of the paper (static synthetic data saturate below real data).
 */
import type { Rng } from "../../maths/random";
import { fillGaussian } from "../../maths/gaussian-fill";
import { alphaBar, logits, sampleDdim, softmaxEntropy, type GaussianClasses, type LinearClassifier, type SamplerOptions } from "./standin-diffusion";

export interface WorldParams {
  K: number;
  D: number;
  /** class-mean scale: μ_k ~ N(0, (r²/D) I) */
  r: number;
  /** real class shift scale: δ_k ~ N(0, ((shift·r)²/D) I) */
  shift: number;
  /** real variance inflation on half of the coordinates */
  inflate: number;
}

export interface World {
  synth: GaussianClasses;
  realMu: Float64Array;
  realS: Float64Array;
}

/** Draws a world (class means, covariances, real shifts). */
export function makeWorld(P: WorldParams, rng: Rng): World {
  const { K, D } = P;
  if (!Number.isInteger(K) || K < 2 || !Number.isInteger(D) || D < 2) throw new RangeError(`makeWorld: K and D must be integers ≥ 2, got ${K}, ${D}`);
  const mu = fillGaussian(rng, new Float64Array(K * D), P.r / Math.sqrt(D));
  const s = Float64Array.from({ length: D }, () => Math.exp(Math.log(0.1) + Math.log(10) * rng.uniform()));
  const coords = rng.shuffle(Array.from({ length: D }, (_, j) => j)).slice(0, Math.floor(D / 2));
  const realS = s.slice();
  for (const j of coords) realS[j] *= P.inflate;
  const delta = fillGaussian(rng, new Float64Array(K * D), (P.shift * P.r) / Math.sqrt(D));
  const realMu = mu.map((v, i) => v + delta[i]);
  return { synth: { K, D, mu, s }, realMu, realS };
}

/** A labelled dataset with room to grow. */
export class Dataset {
  X: Float64Array;
  y: Int32Array;
  size = 0;
  constructor(readonly D: number, capacity: number) {
    this.X = new Float64Array(Math.max(1, capacity) * D);
    this.y = new Int32Array(Math.max(1, capacity));
  }
  push(x: ArrayLike<number>, label: number): void {
    if (this.size === this.y.length) {
      const X = new Float64Array(this.X.length * 2), y = new Int32Array(this.y.length * 2);
      X.set(this.X);
      y.set(this.y);
      this.X = X;
      this.y = y;
    }
    this.X.set(x as ArrayLike<number>, this.size * this.D);
    this.y[this.size++] = label;
  }
}

/** n real samples, labels cycling over the classes. */
export function sampleReal(w: World, n: number, rng: Rng): Dataset {
  const { K, D } = w.synth;
  const out = new Dataset(D, n), x = new Float64Array(D);
  for (let i = 0; i < n; i++) {
    const k = i % K;
    fillGaussian(rng, x);
    for (let j = 0; j < D; j++) x[j] = w.realMu[k * D + j] + Math.sqrt(w.realS[j]) * x[j];
    out.push(x, k);
  }
  return out;
}

const ABAR = alphaBar();

/** Appends n generated samples (labels cycling over the classes) to `into` and returns the mean learner entropy of them under `o.classifier` (NaN without one). */
export function generateInto(w: World, n: number, o: SamplerOptions, rng: Rng, into: Dataset): number {
  const { K, D } = w.synth;
  const x = new Float64Array(D), z = new Float64Array(K), p = new Float64Array(K);
  let h = 0;
  const first = into.size;
  for (let i = 0; i < n; i++) {
    const k = (first + i) % K;
    sampleDdim(w.synth, k, o, ABAR, rng, x);
    if (o.classifier) h += softmaxEntropy(logits(o.classifier, x, z), p);
    into.push(x, k);
  }
  return o.classifier ? h / n : NaN;
}

export interface TrainParams {
  iterations: number;
  batch: number;
  lr: number;
  labelSmoothing: number;
  /** fractions of the iterations for warm-up and cool-down (paper: 10 % and 20 %) */
  warmup: number;
  cooldown: number;
}

/** Learning rate at iteration i of the warm-up / constant / cosine cool-down schedule. */
export function wsdRate(P: TrainParams, i: number): number {
  const w = Math.floor(P.warmup * P.iterations), c0 = Math.floor((1 - P.cooldown) * P.iterations);
  if (i < w) return (P.lr * (i + 1)) / w;
  if (i < c0) return P.lr;
  return 0.5 * P.lr * (1 + Math.cos((Math.PI * (i - c0)) / Math.max(1, P.iterations - c0)));
}

/** Softmax regression with Adam state. */
export class SoftmaxLearner implements LinearClassifier {
  W: Float64Array;
  b: Float64Array;
  private mW: Float64Array;
  private vW: Float64Array;
  private mb: Float64Array;
  private vb: Float64Array;
  private t = 0;
  constructor(readonly K: number, readonly D: number) {
    this.W = new Float64Array(K * D);
    this.b = new Float64Array(K);
    this.mW = new Float64Array(K * D);
    this.vW = new Float64Array(K * D);
    this.mb = new Float64Array(K);
    this.vb = new Float64Array(K);
  }

  clone(): SoftmaxLearner {
    const c = new SoftmaxLearner(this.K, this.D);
    c.W.set(this.W); c.b.set(this.b); c.mW.set(this.mW); c.vW.set(this.vW); c.mb.set(this.mb); c.vb.set(this.vb);
    c.t = this.t;
    return c;
  }

  /** One Adam step on a mini-batch of `rows` of `data`; returns the mean (label-smoothed) cross-entropy. */
  step(data: Dataset, rows: Int32Array, lr: number, smoothing: number): number {
    const { K, D } = this;
    const gW = new Float64Array(K * D), gb = new Float64Array(K), z = new Float64Array(K), p = new Float64Array(K);
    let loss = 0;
    for (const r of rows) {
      const off = r * D, y = data.y[r];
      logits(this, data.X.subarray(off, off + D), z);
      softmaxEntropy(z, p);
      for (let k = 0; k < K; k++) {
        const target = (k === y ? 1 - smoothing : 0) + smoothing / K;
        loss -= target * Math.log(Math.max(p[k], 1e-300));
        const g = p[k] - target;
        gb[k] += g;
        for (let j = 0; j < D; j++) gW[k * D + j] += g * data.X[off + j];
      }
    }
    const inv = 1 / rows.length;
    this.t++;
    const b1 = 0.9, b2 = 0.999, c1 = 1 - Math.pow(b1, this.t), c2 = 1 - Math.pow(b2, this.t);
    const upd = (w: Float64Array, m: Float64Array, v: Float64Array, g: Float64Array) => {
      for (let i = 0; i < w.length; i++) {
        const gi = g[i] * inv;
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-8);
      }
    };
    upd(this.W, this.mW, this.vW, gW);
    upd(this.b, this.mb, this.vb, gb);
    return loss * inv;
  }

  /** Accuracy on a dataset. */
  accuracy(data: Dataset): number {
    const z = new Float64Array(this.K);
    let hit = 0;
    for (let i = 0; i < data.size; i++) {
      logits(this, data.X.subarray(i * this.D, (i + 1) * this.D), z);
      let best = 0;
      for (let k = 1; k < this.K; k++) if (z[k] > z[best]) best = k;
      if (best === data.y[i]) hit++;
    }
    return hit / Math.max(1, data.size);
  }
}

/** Trains from iteration `from` to the end of the schedule on the first `size` rows of `data` (uniform mini-batches). */
export function trainSpan(L: SoftmaxLearner, data: Dataset, size: number, T: TrainParams, from: number, to: number, rng: Rng): void {
  const rows = new Int32Array(T.batch);
  for (let i = from; i < to; i++) {
    for (let b = 0; b < T.batch; b++) rows[b] = rng.int(size);
    L.step(data, rows, wsdRate(T, i), T.labelSmoothing);
  }
}

export interface DpLoopParams {
  train: TrainParams;
  /** initial samples (ω = 0), samples per addition, evaluation interval τ */
  initial: number;
  add: number;
  tau: number;
  /** initial patience and its increment per addition (0: fixed patience) */
  patience: number;
  patienceStep: number;
  omega: number;
  cfg: number;
  steps: number;
  maxSize: number;
  /** no additions once the cool-down has started (Algorithm 1: cool down after the last addition) */
  branchOuts: boolean;
  /** weight of the newest addition in mini-batches (1 = uniform over the set) */
  newWeight?: number;
}

export interface DpTrace {
  iteration: number[];
  trainLoss: number[];
  valAccuracy: number[];
  additions: number[];
  /**
   * Per addition, the counterfactual of Fig. 2: a fork taken just before the addition trains the next τ iterations
   * without the new samples; its mean training loss and final validation accuracy over that window.
   */
  forkLoss: number[];
  forkValAccuracy: number[];
}

export interface DpResult {
  finalSize: number;
  testAccuracy: number;
  /** branch-outs: dataset size at the fork and final test accuracy of the branch */
  branches: { size: number; testAccuracy: number }[];
  trace: DpTrace;
  /** mean learner entropy of each addition under the classifier that requested it */
  additionEntropy: number[];
}

/**
 * Observers of a DP run (they must not draw from the run's random stream, so a run with hooks is the run without).
 * `onEvaluation` sees the learner after each validation (every τ iterations, before any addition that evaluation
 * triggers); `onAddition` sees the learner that requested addition k (0-based) and the rows [start, end) it added,
 * before any training on them.
 */
export interface DpHooks {
  onEvaluation?(iteration: number, learner: SoftmaxLearner): void;
  onAddition?(e: { k: number; iteration: number; learner: SoftmaxLearner; data: Dataset; start: number; end: number }): void;
}

/** The Deliberate Practice loop (Algorithm 1) on a world; validation on `val`, test accuracy on `test`. */
export function runDeliberatePractice(w: World, P: DpLoopParams, val: Dataset, test: Dataset, rng: Rng, hooks: DpHooks = {}): DpResult {
  const { K, D } = w.synth;
  const T = P.train;
  const data = new Dataset(D, P.maxSize);
  generateInto(w, P.initial, { cfg: P.cfg, omega: 0, steps: P.steps }, rng, data);
  const L = new SoftmaxLearner(K, D);
  const cool = Math.floor((1 - T.cooldown) * T.iterations);
  let best = -Infinity, stale = 0, tmax = P.patience, lossSum = 0, lossCount = 0, lastAdd = 0;
  const trace: DpTrace = { iteration: [], trainLoss: [], valAccuracy: [], additions: [], forkLoss: [], forkValAccuracy: [] };
  const forks: { size: number; learner: SoftmaxLearner; from: number }[] = [];
  const additionEntropy: number[] = [];
  const rows = new Int32Array(T.batch);
  const nw = P.newWeight ?? 1;
  for (let i = 0; i < T.iterations; i++) {
    for (let b = 0; b < T.batch; b++) {
      // Uniform over the set, or the newest addition up-weighted by newWeight.
      if (nw !== 1 && lastAdd > 0 && lastAdd < data.size) {
        const nNew = data.size - lastAdd, wNew = nw * nNew, wOld = lastAdd;
        rows[b] = rng.uniform() * (wNew + wOld) < wNew ? lastAdd + rng.int(nNew) : rng.int(lastAdd);
      } else rows[b] = rng.int(data.size);
    }
    lossSum += L.step(data, rows, wsdRate(T, i), T.labelSmoothing);
    lossCount++;
    if ((i + 1) % P.tau !== 0) continue;
    const acc = L.accuracy(val);
    trace.iteration.push(i + 1);
    trace.trainLoss.push(lossSum / lossCount);
    trace.valAccuracy.push(acc);
    hooks.onEvaluation?.(i + 1, L);
    lossSum = 0;
    lossCount = 0;
    if (acc > best) {
      best = acc;
      stale = 0;
    } else stale++;
    if (stale >= tmax && i + 1 < cool && data.size + P.add <= P.maxSize) {
      if (P.branchOuts) forks.push({ size: data.size, learner: L.clone(), from: i + 1 });
      // Counterfactual window (Fig. 2's run without this addition), on its own random stream.
      const cf = L.clone(), cfRng = rng.split(), cfRows = new Int32Array(T.batch), oldSize = data.size;
      let cfLoss = 0;
      for (let j = i + 1; j < Math.min(i + 1 + P.tau, T.iterations); j++) {
        for (let b = 0; b < T.batch; b++) cfRows[b] = cfRng.int(oldSize);
        cfLoss += cf.step(data, cfRows, wsdRate(T, j), T.labelSmoothing);
      }
      trace.forkLoss.push(cfLoss / P.tau);
      trace.forkValAccuracy.push(cf.accuracy(val));
      lastAdd = data.size;
      additionEntropy.push(generateInto(w, P.add, { cfg: P.cfg, omega: P.omega, classifier: L, steps: P.steps }, rng, data));
      hooks.onAddition?.({ k: trace.additions.length, iteration: i + 1, learner: L, data, start: lastAdd, end: data.size });
      trace.additions.push(i + 1);
      stale = 0;
      tmax += P.patienceStep;
    }
  }
  const branches = forks.map((f) => {
    trainSpan(f.learner, data, f.size, T, f.from, T.iterations, rng);
    return { size: f.size, testAccuracy: f.learner.accuracy(test) };
  });
  return { finalSize: data.size, testAccuracy: L.accuracy(test), branches, trace, additionEntropy };
}

/** Static baseline: `n` samples generated upfront (ω = 0), trained for the full schedule; test accuracy. */
export function runStatic(w: World, n: number, P: DpLoopParams, test: Dataset, rng: Rng): number {
  const data = new Dataset(w.synth.D, n);
  generateInto(w, n, { cfg: P.cfg, omega: 0, steps: P.steps }, rng, data);
  const L = new SoftmaxLearner(w.synth.K, w.synth.D);
  trainSpan(L, data, n, P.train, 0, P.train.iterations, rng);
  return L.accuracy(test);
}

/**
 * Fig. 9's "upfront" arm: the whole dataset of size n generated before training. The first `P.initial` samples with
 * ω = 0; a learner trained on them for `guideAt` iterations of the schedule then guides the other n − initial samples
 * with entropy guidance `omega` (ω = 0: plain samples, a static set); a fresh learner is trained on all n for the full
 * schedule. Returns its test accuracy.
 */
export function runUpfront(w: World, n: number, P: DpLoopParams, omega: number, guideAt: number, test: Dataset, rng: Rng): number {
  if (!(n >= P.initial)) throw new RangeError(`runUpfront: n = ${n} is below the initial size ${P.initial}`);
  const { K, D } = w.synth;
  const data = new Dataset(D, n);
  generateInto(w, P.initial, { cfg: P.cfg, omega: 0, steps: P.steps }, rng.split(), data);
  const r = rng.split();
  let guide: SoftmaxLearner | undefined;
  if (omega > 0) {
    guide = new SoftmaxLearner(K, D);
    trainSpan(guide, data, P.initial, P.train, 0, guideAt, rng.split());
  }
  generateInto(w, n - P.initial, { cfg: P.cfg, omega, classifier: guide, steps: P.steps }, r, data);
  const L = new SoftmaxLearner(K, D);
  trainSpan(L, data, n, P.train, 0, P.train.iterations, rng.split());
  return L.accuracy(test);
}

/** Mean learner entropy and error rate of `f` on rows [start, end) of `data`. */
export function hardness(f: LinearClassifier, data: Dataset, start = 0, end = data.size): { entropy: number; error: number } {
  const z = new Float64Array(f.K), p = new Float64Array(f.K);
  let h = 0, err = 0;
  for (let i = start; i < end; i++) {
    logits(f, data.X.subarray(i * f.D, (i + 1) * f.D), z);
    h += softmaxEntropy(z, p);
    let best = 0;
    for (let k = 1; k < f.K; k++) if (z[k] > z[best]) best = k;
    if (best !== data.y[i]) err++;
  }
  const n = Math.max(1, end - start);
  return { entropy: h / n, error: err / n };
}

/** Reference: the same learner trained on `n` real samples. */
export function runReal(w: World, n: number, T: TrainParams, test: Dataset, rng: Rng): number {
  const data = sampleReal(w, n, rng);
  const L = new SoftmaxLearner(w.synth.K, w.synth.D);
  trainSpan(L, data, n, T, 0, T.iterations, rng);
  return L.accuracy(test);
}
