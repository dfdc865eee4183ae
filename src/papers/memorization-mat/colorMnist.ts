/**
 * ColorMNIST after XRM's `datasets.py:ColorMNIST` (DomainBed's colored MNIST), built from the
 * package's 10 000 real digits:
 *   image 28×28 → [::2, ::2] → 14×14, copied into two "colour" channels of which one is zeroed
 *   y = 1[digit < 5] xor Bernoulli(0.25)   (25% label noise)
 *   colour = y xor Bernoulli(e), e = 0.2 / 0.1 in the two training environments, 0.9 at test
 * The colour is the spurious attribute: group g = 2y + colour. Option `hiddenColour` (not in XRM's
 * recipe) leaves the colour unshown on a fraction of images, so it is not perfectly inferable.
 */
import type { Rng } from "../../maths/random";
import { loadMnistDigits, subsample14 } from "./mnistDigits";
import type { LabelledData } from "./spuriousLinear";

export const COLOR_MNIST = {
  labelNoise: 0.25,
  trainColorNoise: [0.2, 0.1] as [number, number],
  testColorNoise: 0.9,
  dim: 392,
} as const;

export interface ColorMnistSplits {
  train: LabelledData;
  val: LabelledData;
  test: LabelledData;
}

/**
 * Splits the 10 000 digits (shuffled with `rng`) into train / val / test of the given sizes.
 * Train and validation examples alternate between the two training environments; the test split
 * uses colour noise 0.9.
 */
export function colorMnist(sizes: { train: number; val: number; test: number }, rng: Rng, opts: { hiddenColour?: number } = {}): ColorMnistSplits {
  const hidden = opts.hiddenColour ?? 0;
  if (!(hidden >= 0 && hidden <= 1)) throw new RangeError(`colorMnist: hiddenColour must lie in [0, 1], got ${hidden}`);
  const digits = loadMnistDigits();
  const all: [number, number][] = [];
  digits.forEach((d, cls) => { for (let i = 0; i < d.count; i++) all.push([cls, i]); });
  const total = sizes.train + sizes.val + sizes.test;
  if (![sizes.train, sizes.val, sizes.test].every((s) => Number.isInteger(s) && s > 0) || total > all.length) {
    throw new RangeError(`colorMnist: sizes must be positive integers summing to at most ${all.length}, got ${JSON.stringify(sizes)}`);
  }
  rng.shuffle(all);
  const make = (from: number, n: number, envNoise: (j: number) => number): LabelledData => {
    const x = new Float32Array(n * COLOR_MNIST.dim);
    const y = new Int32Array(n);
    const a = new Int32Array(n);
    const g = new Int32Array(n);
    const tmp = new Float32Array(196);
    for (let j = 0; j < n; j++) {
      const [cls, idx] = all[from + j];
      let label = cls < 5 ? 1 : 0;
      if (rng.uniform() < COLOR_MNIST.labelNoise) label = 1 - label;
      let colour = label;
      if (rng.uniform() < envNoise(j)) colour = 1 - colour;
      subsample14(digits[cls].images, idx, tmp, 0);
      // channel `colour` keeps the image, the other channel is zero; with probability `hiddenColour`
      // the colour is not shown (both channels at half intensity) although it still sets the group
      if (hidden > 0 && rng.uniform() < hidden) {
        for (let k = 0; k < 196; k++) { x[j * 392 + k] = 0.5 * tmp[k]; x[j * 392 + 196 + k] = 0.5 * tmp[k]; }
      } else x.set(tmp, j * 392 + colour * 196);
      y[j] = label;
      a[j] = colour;
      g[j] = 2 * label + colour;
    }
    return { x, n, dim: COLOR_MNIST.dim, y, a, g };
  };
  const trainNoise = (j: number) => COLOR_MNIST.trainColorNoise[j % 2];
  return {
    train: make(0, sizes.train, trainNoise),
    val: make(sizes.train, sizes.val, trainNoise),
    test: make(sizes.train + sizes.val, sizes.test, () => COLOR_MNIST.testColorNoise),
  };
}
