/**
 * The per-sample informativeness experiments on real MNIST digits (Fig. 1 stand-in, Fig. 2a stand-in, Fig. 2b,
 * the under-sampled sub-class stand-in): build the data, score every training example with the linearized MLP,
 * and pool the scores of several independent repeats (fresh digits and initialisation per repeat).
 */
import type { Rng } from "../../maths/random";
import { drawDigitSplits, requests, streetLike, withLabelNoise, type Dataset } from "./digits";
import { scoreExamples } from "./scoring";

/** Scores of every training example of every repeat, with its group tag. */
export interface PooledScores {
  fsi: number[];
  weight: number[];
  group: number[];
  label: number[];
  repeat: number[];
  /** the first repeat's training set (images for the extremes) */
  first: Dataset;
  firstFsi: Float64Array;
  valAccuracy: number[];
  etaLambdaMax: number[];
  n: number;
  k: number;
  steps: number;
}

/** Common settings: network width, code learning rate, GD steps, input pooling, repeats. */
export interface RunSettings {
  hidden: number;
  lr: number;
  steps: number;
  pool: number;
  repeats: number;
  l2?: number;
}

function checkRepeats(fn: string, s: RunSettings): void {
  if (!Number.isInteger(s.repeats) || s.repeats < 1) throw new RangeError(`${fn}: repeats must be a positive integer, got ${s.repeats}`);
}

/** Scores `repeats` independent draws of (train, val) made by `make`. */
export function pooledScores(make: (rng: Rng) => [Dataset, Dataset], s: RunSettings, rng: Rng): PooledScores {
  checkRepeats("pooledScores", s);
  const out: PooledScores = { fsi: [], weight: [], group: [], label: [], repeat: [], first: undefined as unknown as Dataset, firstFsi: new Float64Array(0), valAccuracy: [], etaLambdaMax: [], n: 0, k: 0, steps: s.steps };
  for (let r = 0; r < s.repeats; r++) {
    const rr = rng.split();
    const [train, val] = make(rr);
    const sc = scoreExamples(train, val, { hidden: s.hidden, lr: s.lr, l2: s.l2, times: [s.steps] }, rr);
    for (let i = 0; i < train.n; i++) {
      out.fsi.push(sc.fsi[0][i]); out.weight.push(sc.weight[0][i]); out.group.push(train.group[i]); out.label.push(train.labels[i]); out.repeat.push(r);
    }
    if (r === 0) { out.first = train; out.firstFsi = sc.fsi[0]; out.n = train.n; out.k = train.k; }
    out.valAccuracy.push(sc.valAccuracy[0]);
    out.etaLambdaMax.push(sc.etaLambdaMax);
  }
  return out;
}

/** Fig. 2b: MNIST 4 vs 9 (labels 0/1, one output) with a fraction of flipped labels; group 1 = mislabelled. */
export function mislabelledDigits(nTrain: number, nVal: number, noise: number, pool: number): (rng: Rng) => [Dataset, Dataset] {
  if (nTrain % 2 || nVal % 2) throw new RangeError(`mislabelledDigits: nTrain and nVal must be even, got ${nTrain}, ${nVal}`);
  return (rng) => {
    const [tr, va] = drawDigitSplits([
      requests([{ digit: 4, label: 0, count: nTrain / 2 }, { digit: 9, label: 1, count: nTrain / 2 }], rng),
      requests([{ digit: 4, label: 0, count: nVal / 2 }, { digit: 9, label: 1, count: nVal / 2 }], rng),
    ], 1, pool, rng);
    return [withLabelNoise(tr, noise, 2, rng), va];
  };
}

/**
 * Fig. 1 stand-in: digits `classes` with class shares `shares` (one-hot targets over k = classes.length outputs);
 * group = class index. Validation is class-balanced.
 */
export function imbalancedDigits(classes: number[], shares: number[], nTrain: number, nVal: number, pool: number): (rng: Rng) => [Dataset, Dataset] {
  if (classes.length !== shares.length || classes.length < 2) throw new RangeError(`imbalancedDigits: give one share per class (≥ 2 classes), got ${classes.length} classes and ${shares.length} shares`);
  const counts = shares.map((s) => Math.round(s * nTrain));
  if (counts.some((c) => c < 1)) throw new RangeError(`imbalancedDigits: a class would have no training example (counts ${counts.join(", ")}); raise nTrain or the share`);
  const k = classes.length;
  return (rng) => {
    const tr = requests(classes.map((d, a) => ({ digit: d, label: a, count: counts[a], group: a })), rng);
    const va = requests(classes.map((d, a) => ({ digit: d, label: a, count: Math.round(nVal / k), group: a })), rng);
    return drawDigitSplits([tr, va], k, pool, rng) as [Dataset, Dataset];
  };
}

/**
 * Fig. 2a stand-in: the digits `classes` (one-hot over k outputs), half drawn clean (group 0) and half passed through
 * {@link streetLike} (group 1), in both training and validation sets.
 */
export function twoSourceDigits(classes: number[], nTrain: number, nVal: number, pool: number): (rng: Rng) => [Dataset, Dataset] {
  const k = classes.length;
  const per = (n: number) => Math.round(n / (2 * k));
  if (per(nTrain) < 1 || per(nVal) < 1) throw new RangeError(`twoSourceDigits: nTrain and nVal must be ≥ 2·classes, got ${nTrain}, ${nVal}`);
  const plan = (n: number) => classes.flatMap((d, a) => [
    { digit: d, label: a, count: per(n), group: 0 },
    { digit: d, label: a, count: per(n), group: 1, transform: streetLike },
  ]);
  return (rng) => drawDigitSplits([requests(plan(nTrain), rng), requests(plan(nVal), rng)], k, pool, rng) as [Dataset, Dataset];
}

/**
 * Under-sampled sub-class stand-in (the appendix's pets-vs-deer on CIFAR-10): class 1 = 9s plus a few 7s (the
 * unlabelled sub-class, group 1), class 0 = 4s; one output. Validation has the same composition.
 */
export function subclassDigits(n9: number, n7: number, n4: number, valScale: number, pool: number): (rng: Rng) => [Dataset, Dataset] {
  if (n7 < 1) throw new RangeError(`subclassDigits: the sub-class needs at least one example, got ${n7}`);
  const plan = (s: number) => [
    { digit: 9, label: 1, count: Math.round(n9 * s), group: 0 },
    { digit: 7, label: 1, count: Math.max(1, Math.round(n7 * s)), group: 1 },
    { digit: 4, label: 0, count: Math.round(n4 * s), group: 2 },
  ];
  return (rng) => drawDigitSplits([requests(plan(1), rng), requests(plan(valScale), rng)], 1, pool, rng) as [Dataset, Dataset];
}
