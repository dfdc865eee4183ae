/** Summary statistics of per-example scores: AUROC (with its standard error), correlations, group means. */
import { mean, stderr } from "../../maths/stats";

/**
 * Area under the ROC curve for scores of positives vs negatives (ties count ½), and the Hanley–McNeil (1982)
 * standard error.
 * @throws RangeError when either group is empty
 */
export function auroc(pos: ArrayLike<number>, neg: ArrayLike<number>): { auc: number; se: number } {
  const m = pos.length, n = neg.length;
  if (m === 0 || n === 0) throw new RangeError(`auroc: needs positives and negatives, got ${m} and ${n}`);
  const all = [...Array.from(pos, (v) => ({ v, p: 1 })), ...Array.from(neg, (v) => ({ v, p: 0 }))].sort((a, b) => a.v - b.v);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j].v === all[i].v) j++;
    const r = (i + 1 + j) / 2;
    for (let q = i; q < j; q++) if (all[q].p === 1) rankSum += r;
    i = j;
  }
  const auc = (rankSum - (m * (m + 1)) / 2) / (m * n);
  const q1 = auc / (2 - auc), q2 = (2 * auc * auc) / (1 + auc);
  const v = (auc * (1 - auc) + (m - 1) * (q1 - auc * auc) + (n - 1) * (q2 - auc * auc)) / (m * n);
  return { auc, se: Math.sqrt(Math.max(v, 0)) };
}

/** Pearson correlation. @throws RangeError on different lengths or fewer than 3 points */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length || x.length < 3) throw new RangeError(`pearson: needs two arrays of equal length ≥ 3, got ${x.length} and ${y.length}`);
  const mx = mean(x), my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) { const a = x[i] - mx, b = y[i] - my; sxy += a * b; sxx += a * a; syy += b * b; }
  return sxy / Math.sqrt(sxx * syy);
}

function ranks(x: ArrayLike<number>): number[] {
  const idx = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Array<number>(x.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j < idx.length && x[idx[j]] === x[idx[i]]) j++;
    for (let q = i; q < j; q++) r[idx[q]] = (i + j - 1) / 2;
    i = j;
  }
  return r;
}

/** Spearman rank correlation. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(ranks(x), ranks(y));
}

/** Mean and standard error of the scores whose group tag equals `g`. @throws RangeError on an empty group */
export function groupMean(scores: ArrayLike<number>, group: ArrayLike<number>, g: number): { mean: number; se: number; count: number } {
  const xs: number[] = [];
  for (let i = 0; i < scores.length; i++) if (group[i] === g) xs.push(scores[i]);
  if (xs.length === 0) throw new RangeError(`groupMean: no example has group ${g}; check the class sizes`);
  return { mean: mean(xs), se: xs.length > 1 ? stderr(xs) : Infinity, count: xs.length };
}

/**
 * Ratio of two group means with a delta-method standard error: R = m₁/m₀, se² = R²(se₁²/m₁² + se₀²/m₀²).
 */
export function ratioOfMeans(num: { mean: number; se: number }, den: { mean: number; se: number }): { ratio: number; se: number } {
  const ratio = num.mean / den.mean;
  return { ratio, se: Math.abs(ratio) * Math.sqrt((num.se / num.mean) ** 2 + (den.se / den.mean) ** 2) };
}

/** Accuracy of outputs (n×k; k = 1: threshold ½ on a 0/1 target) against integer labels. */
export function accuracy(F: ArrayLike<number>, labels: ArrayLike<number>, k: number): number {
  const n = labels.length;
  if (F.length !== n * k) throw new RangeError(`accuracy: outputs have ${F.length} entries, expected n·k = ${n}·${k}`);
  let ok = 0;
  for (let i = 0; i < n; i++) {
    let pred: number;
    if (k === 1) pred = F[i] > 0.5 ? 1 : 0;
    else { pred = 0; for (let a = 1; a < k; a++) if (F[i * k + a] > F[i * k + pred]) pred = a; }
    if (pred === labels[i]) ok++;
  }
  return ok / n;
}

/** Fisher's z = atanh(r) of a correlation over `count` pairs, with its standard error 1/√(count − 3). */
export function fisherZ(r: number, count: number): { z: number; se: number } {
  if (!(count > 3)) throw new RangeError(`fisherZ: needs more than 3 pairs, got ${count}`);
  const c = Math.min(Math.max(r, -0.999999), 0.999999);
  return { z: Math.atanh(c), se: 1 / Math.sqrt(count - 3) };
}
