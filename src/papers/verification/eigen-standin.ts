/**
 * The eigenvalue stand-in (Table 1 and Fig. 4 at CPU size). A generator network is trained on N_gen clean examples.
 * Its outputs are made stochastic the simplest way that keeps a likelihood: a Gaussian predictive distribution with
 * the network's output as mean and the per-eigenvalue residual standard deviation on held-out clean data as scale
 * (the maximum-likelihood homoscedastic fit). "Beams" are K draws from it.
 *
 * Table-1 analogue: greedy (the mean) vs the best of K candidates chosen by an oracle vs the candidate the generator
 * itself rates most likely (highest density). Fig-4 analogue: a pool of synthesized examples (one draw each), a noisy
 * oracle that keeps correct ones and wrong ones with probability p_noise (p* = 1/(1+p_noise)), and a fresh student of
 * the same size trained on the selection with the same step budget as the generator.
 */
import type * as TF from "@tensorflow/tfjs";
import type { Rng } from "../../maths/random";
import { accuracyAt, relativeL1, sampleEigenData, type EigenData } from "./eigen-task";
import { trainEigenMlp, type EigenRegressor, type MlpSettings } from "./eigen-model";

export interface EigenStandinParams {
  /** clean training examples of the generator N_gen */
  nGen: number;
  /** held-out clean examples for the residual scale */
  nVal: number;
  /** test matrices */
  nTest: number;
  /** synthesized pool size as a multiple of N_gen */
  poolFactor: number;
  /** correctness tolerance τ of the relative L1 metric */
  tau: number;
  /** candidates per input in the Table-1 analogue */
  beams: number;
  generator: MlpSettings;
  student: MlpSettings;
  /** noisy-oracle keep rates of wrong examples */
  pNoise: number[];
  /** students trained per p_noise (independent initialisation, order and selection draws) */
  replicates: number;
}

/** The generator: network, residual scale, accuracy. */
export interface EigenGenerator {
  net: EigenRegressor;
  /** residual standard deviation of each eigenvalue on held-out clean data */
  scale: [number, number, number];
}

/** Residual standard deviation of each output on `data`. */
export function residualScale(pred: Float32Array, data: EigenData): [number, number, number] {
  const s = [0, 0, 0];
  for (let i = 0; i < data.n; i++) for (let k = 0; k < 3; k++) s[k] += (pred[3 * i + k] - data.eig[3 * i + k]) ** 2;
  return [Math.sqrt(s[0] / data.n), Math.sqrt(s[1] / data.n), Math.sqrt(s[2] / data.n)];
}

/** K candidates per test matrix: greedy accuracy, oracle best-of-K, and the generator's own pick (highest density). */
export function beamSelection(mean: Float32Array, scale: readonly number[], data: EigenData, K: number, tau: number, rng: Rng): { greedy: number; oracle: number; self: number } {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`beamSelection: K must be a positive integer, got ${K}`);
  let oracle = 0, self = 0;
  const c = new Float64Array(3);
  for (let i = 0; i < data.n; i++) {
    let hit = false, best = Infinity, bestErr = Infinity;
    for (let k = 0; k < K; k++) {
      let m2 = 0;
      for (let j = 0; j < 3; j++) {
        const e = rng.normal();
        c[j] = mean[3 * i + j] + scale[j] * e;
        m2 += e * e;
      }
      const err = relativeL1(c, 0, data.eig, 3 * i);
      if (err < tau) hit = true;
      if (m2 < best) { best = m2; bestErr = err; }
    }
    if (hit) oracle++;
    if (bestErr < tau) self++;
  }
  return { greedy: accuracyAt(mean, data.eig, tau), oracle: oracle / data.n, self: self / data.n };
}

/** A synthesized pool: inputs, one sampled label per input, and whether that label is correct at τ. */
export interface SynthesizedPool { x: Float32Array; label: Float64Array; correct: Uint8Array; n: number }

/** Labels `data` with one draw from the generator's predictive distribution each. */
export function synthesize(gen: EigenGenerator, data: EigenData, tau: number, rng: Rng): SynthesizedPool {
  const mean = gen.net.predict(data.x);
  const label = new Float64Array(3 * data.n), correct = new Uint8Array(data.n);
  for (let i = 0; i < data.n; i++) {
    for (let k = 0; k < 3; k++) label[3 * i + k] = mean[3 * i + k] + gen.scale[k] * rng.normal();
    correct[i] = relativeL1(label, 3 * i, data.eig, 3 * i) < tau ? 1 : 0;
  }
  return { x: data.x, label, correct, n: data.n };
}

/** The noisy oracle: keeps every correct example and each wrong one with probability p_noise. */
export function noisyOracleSelect(pool: SynthesizedPool, pNoise: number, rng: Rng): { x: Float32Array; y: Float64Array; kept: number; wrongKept: number } {
  if (!(pNoise >= 0 && pNoise <= 1)) throw new RangeError(`noisyOracleSelect: pNoise must be a probability in [0, 1], got ${pNoise}`);
  const idx: number[] = [];
  let wrong = 0;
  for (let i = 0; i < pool.n; i++) {
    if (pool.correct[i]) idx.push(i);
    else if (rng.uniform() < pNoise) { idx.push(i); wrong++; }
  }
  if (idx.length === 0) throw new RangeError("noisyOracleSelect: nothing kept (no correct example in the pool and pNoise = 0)");
  const x = new Float32Array(6 * idx.length), y = new Float64Array(3 * idx.length);
  idx.forEach((i, r) => {
    x.set(pool.x.subarray(6 * i, 6 * i + 6), 6 * r);
    y.set(pool.label.subarray(3 * i, 3 * i + 3), 3 * r);
  });
  return { x, y, kept: idx.length, wrongKept: wrong };
}

/** Everything the notebook shows for Table 1 and Fig. 4. */
export interface EigenStandinResult {
  generatorAccuracy: number;
  generatorAccuracySe: number;
  scale: [number, number, number];
  table1: { greedy: number; oracle: number; self: number; K: number; tau: number };
  poolSize: number;
  /** fraction of pool labels that are correct (the generator's sampled-label accuracy) */
  poolAccuracy: number;
  students: { pNoise: number; pStar: number; accuracy: number[]; kept: number[]; wrongFraction: number[] }[];
  nTest: number;
}

/**
 * Runs the whole stand-in. `onStep` is called after each trained network (progress).
 * @throws RangeError on bad sizes or probabilities
 */
export async function runEigenStandin(tf: typeof TF, q: EigenStandinParams, rng: Rng, onStep?: (what: string) => void): Promise<EigenStandinResult> {
  for (const [k, v] of [["nGen", q.nGen], ["nVal", q.nVal], ["nTest", q.nTest], ["poolFactor", q.poolFactor], ["beams", q.beams], ["replicates", q.replicates]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`runEigenStandin: ${k} must be a positive integer, got ${v}`);
  }
  q.pNoise.forEach((p) => { if (!(p >= 0 && p <= 1)) throw new RangeError(`runEigenStandin: every pNoise must be in [0, 1], got ${p}`); });
  const train = sampleEigenData(q.nGen, rng), val = sampleEigenData(q.nVal, rng), test = sampleEigenData(q.nTest, rng);
  const net = await trainEigenMlp(tf, train.x, train.eig, q.generator, rng.split());
  onStep?.("generator");
  const gen: EigenGenerator = { net, scale: residualScale(net.predict(val.x), val) };
  const meanTest = net.predict(test.x);
  const ga = accuracyAt(meanTest, test.eig, q.tau);
  const table1 = { ...beamSelection(meanTest, gen.scale, test, q.beams, q.tau, rng.split()), K: q.beams, tau: q.tau };
  const pool = synthesize(gen, sampleEigenData(q.poolFactor * q.nGen, rng), q.tau, rng.split());
  let poolCorrect = 0;
  for (let i = 0; i < pool.n; i++) poolCorrect += pool.correct[i];
  net.dispose();
  const students: EigenStandinResult["students"] = [];
  for (const pNoise of q.pNoise) {
    const row = { pNoise, pStar: 1 / (1 + pNoise), accuracy: [] as number[], kept: [] as number[], wrongFraction: [] as number[] };
    for (let r = 0; r < q.replicates; r++) {
      const sel = noisyOracleSelect(pool, pNoise, rng.split());
      const st = await trainEigenMlp(tf, sel.x, sel.y, q.student, rng.split());
      row.accuracy.push(accuracyAt(st.predict(test.x), test.eig, q.tau));
      row.kept.push(sel.kept);
      row.wrongFraction.push(sel.wrongKept / sel.kept);
      st.dispose();
      onStep?.(`student p_noise = ${pNoise}`);
    }
    students.push(row);
  }
  return {
    generatorAccuracy: ga, generatorAccuracySe: Math.sqrt((ga * (1 - ga)) / q.nTest), scale: gen.scale, table1,
    poolSize: pool.n, poolAccuracy: poolCorrect / pool.n, students, nTest: q.nTest,
  };
}

/**
 * Where the student's accuracy crosses the generator's, by linear interpolation between consecutive p* values
 * (sorted increasingly); NaN when it never crosses from below to above.
 */
export function crossingPoint(pStar: number[], student: number[], generator: number): number {
  const idx = pStar.map((_, i) => i).sort((a, b) => pStar[a] - pStar[b]);
  for (let k = 0; k + 1 < idx.length; k++) {
    const i = idx[k], j = idx[k + 1];
    const a = student[i] - generator, b = student[j] - generator;
    if (a < 0 && b >= 0) return pStar[i] + (pStar[j] - pStar[i]) * (-a / (b - a));
  }
  return NaN;
}
