/**
 * A small LAWT-style sequence-to-sequence transformer for the 3×3 eigenvalue stand-in (Table 1 and Fig. 4).
 *
 * Charton's "Linear algebra with transformers" (LAWT, github.com/facebookresearch/LAWT) writes every number of the
 * input matrix and of the output eigenvalue vector as tokens and trains an encoder–decoder transformer with
 * cross-entropy on the output tokens; its "P1000" positional encoding (src/envs/encoders.py, class Positional) writes a
 * number as a sign token, the base-1000 digits of a 3-significant-digit mantissa, and an exponent token. Here the
 * numbers are small and of known range, so the encoding is a coarse **fixed-point** variant [U]: a sign token and
 * `digits` base-`base` digits of round(|v| / resolution) (the exponent is fixed, so its token is dropped). The model is
 * **decoder-only** [U] (a causal transformer reading "input tokens, separator, output tokens", loss on the output
 * tokens only), which is the cheapest seq2seq form on a CPU. Decoding is constrained to well-formed numbers (a sign
 * token where a sign is due, a digit elsewhere) [U].
 *
 * Decoding: beam search keeping the K prefixes of highest sequence log-probability; K = 1 is greedy decoding. Its
 * result lists the K finished beams of every input in decreasing log-probability, so that "greedy", "best of K by an
 * oracle" and "the model's own pick" (the top beam) are Table 1's three rows.
 */
import type * as TF from "@tensorflow/tfjs";
import type { Rng } from "../../maths/random";
import { fusedAdam } from "../../tf/index";
import { causalMask, transformerHidden, transformerLogits, transformerParams } from "../../tf/transformer";
import { MAX_COEFF, relativeL1, type EigenData } from "./eigen-task";

/** Fixed-point number code: sign token + `digits` digits of round(|v| / resolution) in base `base`. [U] */
export interface NumberCode { base: number; digits: number; resolution: number }

/** Model and optimiser settings. paper value unverified [U] (LAWT's eigenvalue model: 6 encoder layers, d = 512). */
export interface TransformerSettings {
  dModel: number;
  heads: number;
  layers: number;
  ff: number;
  lr: number;
  /** linear warm-up steps, then cosine decay to lr / 10 (LAWT: warm-up then cosine) */
  warmup: number;
  /** constant learning rate with the project's fused Adam (faster; requires warmup = 0) */
  constantLr?: boolean;
  batch: number;
  steps: number;
  code: NumberCode;
}

const SEP = 0, PLUS = 1, MINUS = 2, DIGIT0 = 3;

/** Token layout of one example: 6 input numbers, a separator, 3 output numbers. */
export interface Layout { perNumber: number; inLen: number; outLen: number; seqLen: number; vocab: number }

export function layout(code: NumberCode): Layout {
  if (!(Number.isInteger(code.base) && code.base >= 2 && Number.isInteger(code.digits) && code.digits >= 1 && code.resolution > 0)) {
    throw new RangeError(`eigen-transformer: bad number code ${JSON.stringify(code)}`);
  }
  const perNumber = 1 + code.digits;
  return { perNumber, inLen: 6 * perNumber, outLen: 3 * perNumber, seqLen: 6 * perNumber + 1 + 3 * perNumber, vocab: DIGIT0 + code.base };
}

/** Writes `v` at `out[o..]` (sign then digits); magnitudes beyond the code's range are clipped. */
export function encodeNumber(v: number, code: NumberCode, out: Int32Array, o: number): void {
  const max = code.base ** code.digits - 1;
  let m = Math.min(max, Math.round(Math.abs(v) / code.resolution));
  out[o] = v < 0 && m > 0 ? MINUS : PLUS;
  for (let k = code.digits; k >= 1; k--) {
    out[o + k] = DIGIT0 + (m % code.base);
    m = Math.floor(m / code.base);
  }
}

/** Reads a number written by {@link encodeNumber}. */
export function decodeNumber(tok: ArrayLike<number>, o: number, code: NumberCode): number {
  let m = 0;
  for (let k = 1; k <= code.digits; k++) m = m * code.base + (tok[o + k] - DIGIT0);
  return (tok[o] === MINUS ? -1 : 1) * m * code.resolution;
}

/** Token sequences (n × seqLen) of `data`: the 6 entries (unscaled, as in the matrix) then SEP then the 3 targets. */
export function encodeExamples(x: Float32Array, eig: ArrayLike<number> | undefined, code: NumberCode): Int32Array {
  const L = layout(code), n = x.length / 6;
  const out = new Int32Array(n * L.seqLen);
  for (let i = 0; i < n; i++) {
    const o = i * L.seqLen;
    for (let k = 0; k < 6; k++) encodeNumber(x[6 * i + k] * MAX_COEFF, code, out, o + k * L.perNumber);
    out[o + L.inLen] = SEP;
    if (eig) for (let k = 0; k < 3; k++) encodeNumber(eig[3 * i + k], code, out, o + L.inLen + 1 + k * L.perNumber);
  }
  return out;
}

/** A trained sequence model. */
export interface EigenSeqModel {
  readonly code: NumberCode;
  /** Beam search with `K` beams on the inputs (n×6, scaled as EigenData.x). */
  beamSearch(x: Float32Array, K: number): BeamResult;
  /** Greedy decoding (K = 1): n×3 eigenvalues. */
  greedy(x: Float32Array): Float64Array;
  /** Mean cross-entropy per output token over the last 100 training steps. */
  finalLoss: number;
  dispose(): void;
}

/** K finished beams per input, sorted by decreasing sequence log-probability. */
export interface BeamResult { n: number; K: number; values: Float64Array; logProb: Float64Array }

/**
 * Trains a fresh transformer on inputs `x` (n×6, scaled by 1/MAX_COEFF) and eigenvalue targets `y` (n×3, unscaled):
 * `steps` Adam steps on mini-batches from reshuffled epochs. Initialisation and order come from `rng`.
 * @throws RangeError on bad shapes or settings
 */
export async function trainEigenTransformer(tf: typeof TF, x: Float32Array, y: ArrayLike<number>, s: TransformerSettings, rng: Rng): Promise<EigenSeqModel> {
  const n = x.length / 6;
  if (!Number.isInteger(n) || n < 1 || y.length !== 3 * n) throw new RangeError(`trainEigenTransformer: x must be n×6 and y n×3, got ${x.length} and ${y.length} values`);
  if (!(s.steps >= 1 && s.batch >= 1 && s.dModel % s.heads === 0 && s.layers >= 1 && s.ff >= 1 && s.lr > 0 && s.warmup >= 0)) {
    throw new RangeError(`trainEigenTransformer: bad settings ${JSON.stringify(s)}`);
  }
  const L = layout(s.code), d = s.dModel, V = L.vocab, T = L.seqLen - 1;
  const P = transformerParams(tf, { vocab: V, maxLen: T, dModel: d, heads: s.heads, ff: s.ff, layers: s.layers }, { embedding: 0.1, residualOut: 1 / Math.sqrt(2 * s.layers) }, rng);
  const vars = P.vars;
  // Which tokens are allowed at each output position (sign or digit): an additive mask on the logits.
  const typeMaskData = new Float32Array(L.outLen * V);
  for (let j = 0; j < L.outLen; j++) {
    const isSign = j % L.perNumber === 0;
    for (let v = 0; v < V; v++) {
      const ok = isSign ? v === PLUS || v === MINUS : v >= DIGIT0;
      typeMaskData[j * V + v] = ok ? 0 : -1e9;
    }
  }
  const typeMask = tf.tensor2d(typeMaskData, [L.outLen, V]);
  const masks = new Map<number, TF.Tensor2D>();
  const causal = (t: number): TF.Tensor2D => {
    let m = masks.get(t);
    if (!m) {
      m = tf.keep(causalMask(tf, t)); // cached across tidy scopes
      masks.set(t, m);
    }
    return m;
  };
  /** Hidden states [B, t, d] after the last block (before the final LayerNorm) for tokens [B, t]. */
  const body = (tok: TF.Tensor2D): TF.Tensor3D => {
    const [B, t] = tok.shape;
    const oh = tf.oneHot(tf.reshape(tok, [B * t]), V) as TF.Tensor2D;
    return tf.reshape(transformerHidden(tf, P, oh, B, t, causal(t)), [B, t, d]) as TF.Tensor3D;
  };
  const head = (h: TF.Tensor2D): TF.Tensor2D => transformerLogits(tf, P, h);

  // Training data as token sequences.
  const seqs = encodeExamples(x, y, s.code);
  const batch = Math.min(s.batch, n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let cursor = n;
  const inTok = new Int32Array(batch * T), tgtTok = new Int32Array(batch * L.outLen);
  let lr = s.lr;
  const opt = s.warmup === 0 && s.constantLr ? fusedAdam(tf, s.lr) : scheduledAdam(tf, () => lr);
  const losses: number[] = [];
  const tiledMask = tf.tile(typeMask, [batch, 1]);
  for (let step = 0; step < s.steps; step++) {
    lr = step < s.warmup ? (s.lr * (step + 1)) / s.warmup
      : s.lr * (0.1 + 0.45 * (1 + Math.cos((Math.PI * (step - s.warmup)) / Math.max(1, s.steps - s.warmup))));
    for (let r = 0; r < batch; r++) {
      if (cursor >= n) {
        for (let i = n - 1; i > 0; i--) { const j = rng.int(i + 1); const t = order[i]; order[i] = order[j]; order[j] = t; }
        cursor = 0;
      }
      const i = order[cursor++];
      inTok.set(seqs.subarray(i * L.seqLen, i * L.seqLen + T), r * T);
      tgtTok.set(seqs.subarray(i * L.seqLen + L.inLen + 1, (i + 1) * L.seqLen), r * L.outLen);
    }
    const tIn = tf.tensor2d(inTok, [batch, T], "int32");
    const tTgt = tf.oneHot(tf.tensor1d(tgtTok, "int32"), V);
    const cost = opt.minimize(() => {
      const h = body(tIn).slice([0, L.inLen, 0], [batch, L.outLen, d]).reshape([batch * L.outLen, d]) as TF.Tensor2D;
      return tf.losses.softmaxCrossEntropy(tTgt, tf.add(head(h), tiledMask)) as TF.Scalar;
    }, true, vars) as TF.Scalar;
    const lv = (await cost.data())[0];
    losses.push(lv);
    tf.dispose([cost, tIn, tTgt]);
  }
  tiledMask.dispose();
  opt.dispose();
  const tail = losses.slice(-100);
  const finalLoss = tail.reduce((a, b) => a + b, 0) / tail.length;

  /** Log-probabilities [m, V] of the next token after prefixes `tok` (m × t), for output position j. */
  const nextLogProbs = (tok: Int32Array, m: number, t: number, j: number): Float32Array => {
    const out = new Float32Array(m * V);
    const chunk = Math.max(1, Math.floor(65536 / t));
    for (let s0 = 0; s0 < m; s0 += chunk) {
      const k = Math.min(chunk, m - s0);
      const r = tf.tidy(() => {
        const h = body(tf.tensor2d(tok.subarray(s0 * t, (s0 + k) * t), [k, t], "int32")).slice([0, t - 1, 0], [k, 1, d]).reshape([k, d]) as TF.Tensor2D;
        return tf.logSoftmax(tf.add(head(h), typeMask.slice([j, 0], [1, V])));
      });
      out.set(r.dataSync() as Float32Array, s0 * V);
      r.dispose();
    }
    return out;
  };

  const beamSearch = (xin: Float32Array, K: number): BeamResult => {
    if (!Number.isInteger(K) || K < 1) throw new RangeError(`beamSearch: K must be a positive integer, got ${K}`);
    const m = xin.length / 6;
    const prompts = encodeExamples(xin, undefined, s.code);
    // beams: (m·K) × seqLen tokens, scores m·K
    let tok = new Int32Array(m * K * L.seqLen);
    let score = new Float64Array(m * K);
    for (let i = 0; i < m; i++) {
      for (let b = 0; b < K; b++) {
        tok.set(prompts.subarray(i * L.seqLen, i * L.seqLen + L.inLen + 1), (i * K + b) * L.seqLen);
        score[i * K + b] = b === 0 ? 0 : -Infinity; // identical prompts: start from one live beam
      }
    }
    const cand = new Float64Array(K * V);
    const idx = new Int32Array(K * V);
    for (let j = 0; j < L.outLen; j++) {
      const t = L.inLen + 1 + j;
      const pref = new Int32Array(m * K * t);
      for (let r = 0; r < m * K; r++) pref.set(tok.subarray(r * L.seqLen, r * L.seqLen + t), r * t);
      const lp = nextLogProbs(pref, m * K, t, j);
      const nextTok = new Int32Array(m * K * L.seqLen), nextScore = new Float64Array(m * K);
      for (let i = 0; i < m; i++) {
        let c = 0;
        for (let b = 0; b < K; b++) {
          const sb = score[i * K + b];
          if (sb === -Infinity) continue;
          for (let v = 0; v < V; v++) {
            const val = sb + lp[(i * K + b) * V + v];
            if (val > -1e8) { cand[c] = val; idx[c] = b * V + v; c++; }
          }
        }
        // partial selection of the K best candidates (K is small)
        const keep = Math.min(K, c);
        for (let q = 0; q < keep; q++) {
          let best = q;
          for (let u = q + 1; u < c; u++) if (cand[u] > cand[best]) best = u;
          const tv = cand[q]; cand[q] = cand[best]; cand[best] = tv;
          const ti = idx[q]; idx[q] = idx[best]; idx[best] = ti;
          const b = Math.floor(idx[q] / V), v = idx[q] % V;
          const dst = (i * K + q) * L.seqLen;
          nextTok.set(tok.subarray((i * K + b) * L.seqLen, (i * K + b) * L.seqLen + t), dst);
          nextTok[dst + t] = v;
          nextScore[i * K + q] = cand[q];
        }
        for (let q = keep; q < K; q++) nextScore[i * K + q] = -Infinity;
      }
      tok = nextTok;
      score = nextScore;
    }
    const values = new Float64Array(m * K * 3);
    for (let r = 0; r < m * K; r++) {
      for (let k = 0; k < 3; k++) values[3 * r + k] = decodeNumber(tok, r * L.seqLen + L.inLen + 1 + k * L.perNumber, s.code);
    }
    return { n: m, K, values, logProb: score };
  };

  return {
    code: s.code,
    finalLoss,
    beamSearch,
    greedy(xin: Float32Array): Float64Array {
      return beamSearch(xin, 1).values;
    },
    dispose(): void {
      for (const v of vars) v.dispose();
      typeMask.dispose();
      for (const m of masks.values()) m.dispose();
    },
  };
}

/**
 * Adam whose learning rate is read from `lr()` at every step (warm-up + cosine schedule): tfjs's Adam reads its
 * `learningRate` field on every update, so the field is set before each step.
 */
function scheduledAdam(tf: typeof TF, lr: () => number): TF.Optimizer {
  const opt = tf.train.adam(lr());
  const mutable = opt as unknown as { learningRate: number };
  const apply = opt.applyGradients.bind(opt);
  opt.applyGradients = (grads: Parameters<TF.Optimizer["applyGradients"]>[0]): void => {
    mutable.learningRate = lr();
    apply(grads as Parameters<typeof apply>[0]);
  };
  return opt;
}

/** Settings of the transformer Table-1 analogue. paper value unverified [U] */
export interface TransformerTable1Params {
  /** clean training examples (fresh matrices; the step budget, not the data, limits the model here) */
  nTrain: number;
  nTest: number;
  /** beams of the beam search */
  beams: number;
  /** tolerance of the asserted comparison */
  tau: number;
  /** tolerances of the reported table */
  taus: number[];
  model: TransformerSettings;
}

/** Greedy, oracle best-of-K and the model's own pick (the top beam) at one tolerance. */
export interface DecodingRow { tau: number; greedy: number; oracle: number; self: number; n: number }

export interface TransformerTable1Result {
  rows: DecodingRow[];
  /** per test matrix at `tau`: greedy correct, oracle (some beam) correct, top beam correct (0/1) */
  perExample: { greedy: Uint8Array; oracle: Uint8Array; self: Uint8Array };
  finalLoss: number;
  K: number;
}

/**
 * Trains the generator transformer on clean examples and decodes the test matrices greedily and with a K-beam
 * search: Table 1's three rows at every tolerance of `taus`.
 */
export async function runTransformerTable1(tf: typeof TF, q: TransformerTable1Params, data: { train: EigenData; test: EigenData }, rng: Rng): Promise<TransformerTable1Result> {
  const model = await trainEigenTransformer(tf, data.train.x, data.train.eig, q.model, rng);
  const test = data.test;
  const g = model.greedy(test.x), bs = model.beamSearch(test.x, q.beams);
  model.dispose();
  const K = q.beams;
  const judge = (tau: number) => {
    const greedy = new Uint8Array(test.n), oracle = new Uint8Array(test.n), self = new Uint8Array(test.n);
    for (let i = 0; i < test.n; i++) {
      greedy[i] = relL1(g, 3 * i, test.eig, 3 * i) < tau ? 1 : 0;
      self[i] = relL1(bs.values, 3 * i * K, test.eig, 3 * i) < tau ? 1 : 0;
      for (let b = 0; b < K; b++) if (relL1(bs.values, 3 * (i * K + b), test.eig, 3 * i) < tau) { oracle[i] = 1; break; }
    }
    return { greedy, oracle, self };
  };
  const mean = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const rows = q.taus.map((tau) => { const j = judge(tau); return { tau, greedy: mean(j.greedy), oracle: mean(j.oracle), self: mean(j.self), n: test.n }; });
  return { rows, perExample: judge(q.tau), finalLoss: model.finalLoss, K };
}

const relL1 = relativeL1;
