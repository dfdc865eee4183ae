/**
 * The news-summarization stand-in (Fig. 5 at CPU size): "articles" x ∈ R^d, human "reference summaries"
 * y = Wx + σ_ref·noise ∈ R^k, and a continuous quality score — the cosine between a summary and the reference (the
 * stand-in's ROUGE-1). The generator is ridge trained on a fraction of the pool with references; it writes one
 * sampled summary per article, Ŵx + σ_gen·noise, σ_gen its residual scale on held-out articles. Selectors keep a
 * fraction of the articles with their synthesized summaries:
 *   random; oracle (score against the reference); self (the generator's own likelihood of its summary);
 *   external (agreement with a separately trained ridge model: twice the references, optionally fewer input features).
 * A student ridge is trained on each selection and scored against fresh references.
 */
import type { Rng } from "../../maths/random";
import { zigguratNormal } from "../../maths/gaussian-fill";
import { asMatrix, gram, matmul, solveSPD } from "../../maths/linalg/index";

export interface SummarizationParams {
  /** article dimension d and summary dimension k */
  d: number;
  k: number;
  /** reference (human label) noise σ_ref */
  refNoise: number;
  /** articles in the pool */
  pool: number;
  /** fraction of the pool with references used to train the generator (the paper: 12.5 %) */
  generatorFraction: number;
  /** fraction of the pool with references the external model is trained on, and the fraction of features it sees */
  externalFraction: number;
  externalFeatures: number;
  /** selection rates (the paper: 12.5 %, 25 %, 50 %) */
  rates: number[];
  lambda: number;
  test: number;
  seeds: number;
}

export const SELECTORS = ["random", "oracle", "self", "external"] as const;
export type SelectorName = (typeof SELECTORS)[number];

interface Data { n: number; x: Float64Array; y: Float64Array }

function sampleData(n: number, W: Float64Array, q: SummarizationParams, rng: Rng): Data {
  const { d, k } = q;
  const x = new Float64Array(n * d), y = new Float64Array(n * k);
  for (let i = 0; i < x.length; i++) x[i] = zigguratNormal(rng);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += W[c * d + j] * x[i * d + j];
    y[i * k + c] = s + q.refNoise * zigguratNormal(rng);
  }
  return { n, x, y };
}

/** Ridge (XᵀX/n + λI)⁻¹Xᵀy/n with k outputs on the first `cols` features; returns B (cols×k). */
function ridge(x: Float64Array, n: number, d: number, cols: number, y: Float64Array, k: number, lambda: number): Float64Array {
  const X = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) X[i * cols + j] = x[i * d + j];
  const Xm = asMatrix(n, cols, X);
  const G = gram(Xm).data;
  for (let t = 0; t < G.length; t++) G[t] /= n;
  for (let j = 0; j < cols; j++) G[j * cols + j] += lambda;
  const R = matmul(Xm, asMatrix(n, k, y.subarray(0, n * k)), { transA: true }).data;
  for (let t = 0; t < R.length; t++) R[t] /= n;
  return solveSPD(asMatrix(cols, cols, G), asMatrix(cols, k, R)).data;
}

function predict(B: Float64Array, x: Float64Array, n: number, d: number, cols: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += x[i * d + j] * B[j * k + c];
    out[i * k + c] = s;
  }
  return out;
}

/** Cosine between row i of a and row i of b (k columns). */
export function rowCosine(a: Float64Array, b: Float64Array, i: number, k: number): number {
  let ab = 0, aa = 0, bb = 0;
  for (let c = 0; c < k; c++) { const u = a[i * k + c], v = b[i * k + c]; ab += u * v; aa += u * u; bb += v * v; }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

function meanScore(pred: Float64Array, ref: Float64Array, n: number, k: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += rowCosine(pred, ref, i, k);
  return s / n;
}

/** Indices of the `m` largest scores. */
function topIndices(score: Float64Array, m: number): number[] {
  return Array.from(score, (_, i) => i).sort((a, b) => score[b] - score[a]).slice(0, m);
}

/** One seed of the stand-in: scores of the generator, the all-true-labels model and every (selector, rate) student. */
export interface SummarizationRun {
  generator: number;
  allTrue: number;
  external: number;
  /** student[selector][rate index] */
  student: Record<SelectorName, number[]>;
  /** breakdown point p* = ϕ/(ϕ+ψ) of each selector and rate, "correct" = score ≥ median generator-sample score */
  pStar: Record<SelectorName, number[]>;
}

export function runSummarization(q: SummarizationParams, rng: Rng): SummarizationRun {
  const { d, k } = q;
  for (const [name, v] of [["d", d], ["k", k], ["pool", q.pool], ["test", q.test]] as const) {
    if (!Number.isInteger(v) || v < 2) throw new RangeError(`runSummarization: ${name} must be an integer ≥ 2, got ${v}`);
  }
  for (const r of [...q.rates, q.generatorFraction, q.externalFraction, q.externalFeatures]) {
    if (!(r > 0 && r <= 1)) throw new RangeError(`runSummarization: rates and fractions must be in (0, 1], got ${r}`);
  }
  const W = new Float64Array(k * d);
  for (let i = 0; i < W.length; i++) W[i] = zigguratNormal(rng) / Math.sqrt(d);
  const pool = sampleData(q.pool, W, q, rng), test = sampleData(q.test, W, q, rng);
  const nGen = Math.round(q.generatorFraction * q.pool);
  const Bg = ridge(pool.x, nGen, d, d, pool.y, k, q.lambda);
  // residual scale of the generator on held-out articles with references (its calibration set, nGen of them)
  const cal = sampleData(nGen, W, q, rng);
  const fitCal = predict(Bg, cal.x, nGen, d, d, k);
  let rss = 0;
  for (let t = 0; t < nGen * k; t++) rss += (fitCal[t] - cal.y[t]) ** 2;
  const sGen = Math.sqrt(rss / (nGen * k));
  const meanPool = predict(Bg, pool.x, q.pool, d, d, k);
  const synth = new Float64Array(q.pool * k);
  const selfScore = new Float64Array(q.pool);
  for (let i = 0; i < q.pool; i++) {
    let e2 = 0;
    for (let c = 0; c < k; c++) { const e = zigguratNormal(rng); synth[i * k + c] = meanPool[i * k + c] + sGen * e; e2 += e * e; }
    selfScore[i] = -e2; // log-likelihood of the sample under the generator, up to constants
  }
  const oracleScore = Float64Array.from({ length: q.pool }, (_, i) => rowCosine(synth, pool.y, i, k));
  const nExt = Math.round(q.externalFraction * q.pool), cols = Math.max(1, Math.round(q.externalFeatures * d));
  const Be = ridge(pool.x, nExt, d, cols, pool.y, k, q.lambda);
  const extPool = predict(Be, pool.x, q.pool, d, cols, k);
  const extScore = Float64Array.from({ length: q.pool }, (_, i) => rowCosine(synth, extPool, i, k));
  const randScore = Float64Array.from({ length: q.pool }, () => rng.uniform());
  const median = Array.from(oracleScore).sort((a, b) => a - b)[Math.floor(q.pool / 2)];
  const scores: Record<SelectorName, Float64Array> = { random: randScore, oracle: oracleScore, self: selfScore, external: extScore };
  const student = {} as Record<SelectorName, number[]>, pStar = {} as Record<SelectorName, number[]>;
  for (const s of SELECTORS) {
    student[s] = []; pStar[s] = [];
    for (const rate of q.rates) {
      const idx = topIndices(scores[s], Math.max(d + 1, Math.round(rate * q.pool)));
      const xs = new Float64Array(idx.length * d), ys = new Float64Array(idx.length * k);
      let keptGood = 0;
      idx.forEach((i, r) => {
        xs.set(pool.x.subarray(i * d, i * d + d), r * d);
        ys.set(synth.subarray(i * k, i * k + k), r * k);
        if (oracleScore[i] >= median) keptGood++;
      });
      const B = ridge(xs, idx.length, d, d, ys, k, q.lambda);
      student[s].push(meanScore(predict(B, test.x, q.test, d, d, k), test.y, q.test, k));
      let good = 0;
      for (let i = 0; i < q.pool; i++) if (oracleScore[i] >= median) good++;
      const phi = keptGood / good, psi = (idx.length - keptGood) / (q.pool - good);
      pStar[s].push(phi / (phi + psi));
    }
  }
  return {
    generator: meanScore(predict(Bg, test.x, q.test, d, d, k), test.y, q.test, k),
    allTrue: meanScore(predict(ridge(pool.x, q.pool, d, d, pool.y, k, q.lambda), test.x, q.test, d, d, k), test.y, q.test, k),
    external: meanScore(predict(Be, test.x, q.test, d, cols, k), test.y, q.test, k),
    student, pStar,
  };
}
