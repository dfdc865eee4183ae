/**
 * A text-like stand-in (the regime of MultiNLI and CivilComments): bag-of-words documents over a
 * synthetic vocabulary, classified by a linear model on token counts.
 *   - core tokens: each document has L tokens, each drawn from its own class's core vocabulary with
 *     probability `coreSignal`, else from the other class's;
 *   - the spurious attribute a ∈ {0, 1} is a "negation" token present when a = 1, with P(a = y) =
 *     `trainCorrelation` in training and ½ in validation/test (groups g = 2y + a); with probability
 *     `tokenDrop` the token is left out of an a = 1 document, so a is not always readable;
 *   - `rareTokens` tokens drawn from a large rare vocabulary, each shared by few documents: the
 *     (nearly) example-specific features that let a linear model memorize, as σ_ε does in Fig. 1.
 * Features: core counts / √L, the negation indicator, rare-token indicators (dim = 2V + 1 + R).
 */
import type { Rng } from "../../maths/random";
import type { LabelledData } from "./spuriousLinear";

export interface TextToyOptions {
  train: number;
  val: number;
  test: number;
  /** P(a = y) in training (default 0.9). */
  trainCorrelation?: number;
  /** Core vocabulary per class (default 25). */
  coreVocab?: number;
  /** Core tokens per document (default 8). */
  coreTokens?: number;
  /** Probability that a core token comes from the document's own class (default 0.7). */
  coreSignal?: number;
  /** Rare vocabulary size (default 5000). */
  rareVocab?: number;
  /** Rare tokens per document (default 3). */
  rareTokens?: number;
  /** Probability that the negation token is left out of an a = 1 document (default 0). */
  tokenDrop?: number;
}

export const TEXT_TOY = { trainCorrelation: 0.9, coreVocab: 25, coreTokens: 8, coreSignal: 0.7, rareVocab: 5000, rareTokens: 3 } as const;

export interface TextToySplits {
  train: LabelledData;
  val: LabelledData;
  test: LabelledData;
  featureDim: number;
}

function check(name: string, v: number, ok: boolean, what: string): void {
  if (!ok) throw new RangeError(`textToy: ${name} must be ${what}, got ${v}`);
}

/** Draws the three splits of the bag-of-words task. */
export function textToy(o: TextToyOptions, rng: Rng): TextToySplits {
  const V = o.coreVocab ?? TEXT_TOY.coreVocab, L = o.coreTokens ?? TEXT_TOY.coreTokens;
  const q = o.coreSignal ?? TEXT_TOY.coreSignal, R = o.rareVocab ?? TEXT_TOY.rareVocab, K = o.rareTokens ?? TEXT_TOY.rareTokens;
  const corr = o.trainCorrelation ?? TEXT_TOY.trainCorrelation, drop = o.tokenDrop ?? 0;
  for (const [k, v] of [["train", o.train], ["val", o.val], ["test", o.test], ["coreVocab", V], ["coreTokens", L]] as const) check(k, v, Number.isInteger(v) && v > 0, "a positive integer");
  check("rareVocab", R, Number.isInteger(R) && R >= 0, "an integer ≥ 0");
  check("rareTokens", K, Number.isInteger(K) && K >= 0 && (K === 0 || K <= R), "an integer in [0, rareVocab]");
  for (const [k, v] of [["coreSignal", q], ["trainCorrelation", corr], ["tokenDrop", drop]] as const) check(k, v, v >= 0 && v <= 1, "in [0, 1]");
  const dim = 2 * V + 1 + R;
  const neg = 2 * V;
  const make = (n: number, c: number): LabelledData => {
    const x = new Float32Array(n * dim);
    const y = new Int32Array(n), a = new Int32Array(n), g = new Int32Array(n);
    const w = 1 / Math.sqrt(L);
    for (let i = 0; i < n; i++) {
      const label = rng.uniform() < 0.5 ? 1 : 0;
      const attr = rng.uniform() < c ? label : 1 - label;
      const row = i * dim;
      for (let t = 0; t < L; t++) {
        const cls = rng.uniform() < q ? label : 1 - label;
        x[row + cls * V + Math.floor(rng.uniform() * V)] += w;
      }
      if (attr === 1 && !(drop > 0 && rng.uniform() < drop)) x[row + neg] = 1;
      for (let t = 0; t < K; t++) x[row + neg + 1 + Math.floor(rng.uniform() * R)] = 1;
      y[i] = label;
      a[i] = attr;
      g[i] = 2 * label + attr;
    }
    return { x, n, dim, y, a, g };
  };
  return { train: make(o.train, corr), val: make(o.val, 0.5), test: make(o.test, 0.5), featureDim: dim };
}
