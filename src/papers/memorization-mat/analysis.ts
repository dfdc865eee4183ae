/**
 * Standard errors behind the notebook's claims (derived here, see docs/derivations/memorization-mat.md):
 * binomial standard errors of accuracies measured on a finite set of examples (one training run), standard errors
 * over seeds (several runs), and their combinations for differences and pooled bins.
 */
import type { Estimate } from "../../lab/checks";
import { mean, std } from "../../maths/stats";

/**
 * Binomial standard error of an accuracy p̂ measured on n examples, with the add-one (Laplace) estimate
 * p̃ = (k + 1)/(n + 2), k = p̂·n, so that an accuracy of exactly 0 or 1 still carries an uncertainty:
 * √(p̃(1 − p̃)/(n + 2)).
 * @example binomialSe(0.5, 100) // ≈ 0.0495
 */
export function binomialSe(accuracy: number, n: number): number {
  if (!(n >= 1) || !Number.isFinite(n)) throw new RangeError(`binomialSe: n must be ≥ 1, got ${n}`);
  if (!(accuracy >= 0 && accuracy <= 1)) throw new RangeError(`binomialSe: accuracy must lie in [0, 1], got ${accuracy}`);
  const pt = (accuracy * n + 1) / (n + 2);
  return Math.sqrt((pt * (1 - pt)) / (n + 2));
}

/** An accuracy measured on n examples as an estimate with its binomial standard error. */
export function accuracyEstimate(label: string, accuracy: number, n: number): Estimate {
  return { label, mean: accuracy, se: binomialSe(accuracy, n) };
}

/**
 * Pooled accuracy over several cells (Σ correct / Σ n) with the binomial standard error of the pooled proportion,
 * √(Σ p_c(1 − p_c) n_c)/Σ n_c (cells independent; Laplace-adjusted p_c as in {@link binomialSe}).
 */
export function pooledAccuracy(label: string, cells: { accuracy: number; n: number }[]): Estimate {
  if (cells.length === 0) throw new RangeError(`pooledAccuracy: no cells for "${label}"`);
  let correct = 0, total = 0, v = 0;
  for (const c of cells) {
    correct += c.accuracy * c.n;
    total += c.n;
    const se = binomialSe(c.accuracy, c.n);
    v += se * se * c.n * c.n;
  }
  return { label, mean: correct / total, se: Math.sqrt(v) / total };
}

/**
 * Mean over seeds of a per-seed value with a standard error that is at least the binomial one:
 * SE = √(max(s²/S, mean_s(b_s²)/S)), s the sd over the S seeds and b_s each seed's binomial SE
 * (a two- or three-seed sd can be small by luck; the test-set noise cannot be smaller than binomial).
 */
export function seedEstimate(label: string, values: number[], binomialSes: number[]): Estimate {
  const S = values.length;
  if (S === 0 || binomialSes.length !== S) throw new RangeError(`seedEstimate: need one binomial SE per seed value, got ${S} values and ${binomialSes.length} SEs`);
  const seedVar = S > 1 ? std(values) ** 2 / S : 0;
  const binVar = mean(binomialSes.map((b) => b * b)) / S;
  return { label, mean: mean(values), se: Math.sqrt(Math.max(seedVar, binVar)) };
}

/**
 * Mean over seeds of a paired difference a_s − b_s, with SE = √(max(sd(a − b)²/S, mean_s(α_s² + β_s²)/S)):
 * the paired seed spread, floored by the two binomial SEs of each seed (the two methods' test-set noise).
 */
export function pairedDifference(label: string, a: number[], b: number[], seA: number[], seB: number[]): Estimate {
  const S = a.length;
  if (S === 0 || b.length !== S || seA.length !== S || seB.length !== S) throw new RangeError(`pairedDifference: arrays must have equal non-zero length, got ${a.length}, ${b.length}, ${seA.length}, ${seB.length}`);
  const d = a.map((v, i) => v - b[i]);
  const seedVar = S > 1 ? std(d) ** 2 / S : 0;
  const binVar = mean(seA.map((x, i) => x * x + seB[i] * seB[i])) / S;
  return { label, mean: mean(d), se: Math.sqrt(Math.max(seedVar, binVar)) };
}

/** Mean over seeds and standard error sd/√S (S ≥ 2), for quantities without a binomial floor (log errors, log steps). */
export function overSeeds(label: string, values: number[]): Estimate {
  if (values.length < 2) throw new RangeError(`overSeeds: need at least 2 seeds for a standard error, got ${values.length}`);
  return { label, mean: mean(values), se: std(values) / Math.sqrt(values.length) };
}
