/**
 * *A Tale of Tails* §4, tailed bigram model ("Hutter++", probabilistic next token) [S for the setting,
 * D for the formulas, derived here: docs/derivations/tale-of-tails.md §6]. Contexts i ~ Zipf(β) over M contexts; next token j | i ~ Zipf(β') over V
 * tokens (the paper draws a per-context random permutation of the tokens; the learner below treats contexts
 * separately and TV is permutation-invariant, so ranks are used directly). The learner is the empirical
 * conditional frequency of the n_i pairs that carry context i; the loss is Σ_i p_i·E TV(p̂(·|i), p(·|i)),
 * with TV = 1 for a context never seen.
 *
 * AI data: the next-token law of every context is replaced by a tail-cut (top-k) or temperature-τ version q;
 * the learner then estimates q, and the loss against p picks up the floor TV(p, q).
 */
import type { Rng } from "../../maths/random";
import { binomialMeanAbsDeviation, createAliasSampler, type IndexSampler } from "../../theory/zipf/index";

/**
 * Exact expected TV between the empirical law of n draws from q and the target law p:
 * E TV = (1/2n) Σ_j E|X_j − n·p_j|, X_j ~ Bin(n, q_j) (binomial mean absolute deviations, exact).
 * n = 0 gives 1 (nothing learned).
 */
export function expectedEmpiricalTV(p: Float64Array, q: Float64Array, n: number): number {
  if (p.length !== q.length) throw new RangeError(`expectedEmpiricalTV: p has ${p.length} tokens, q has ${q.length}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`expectedEmpiricalTV: n must be a non-negative integer, got ${n}`);
  if (n === 0) return 1;
  let s = 0;
  for (let j = 0; j < p.length; j++) s += binomialMeanAbsDeviation(n, q[j], n * p[j]);
  return s / (2 * n);
}

/** TV(p, q) = ½ Σ |p_j − q_j|. */
export function totalVariation(p: Float64Array, q: Float64Array): number {
  if (p.length !== q.length) throw new RangeError(`totalVariation: lengths differ (${p.length} vs ${q.length})`);
  let s = 0;
  for (let j = 0; j < p.length; j++) s += Math.abs(p[j] - q[j]);
  return s / 2;
}

/**
 * A table of the per-context expected TV, tv(m) = expectedEmpiricalTV(p, q, m): exact for m ≤ `exactUpTo`,
 * log–log linear interpolation between exact values on a geometric grid beyond (tv(m) − floor is smooth
 * in log m there; the interpolation error is measured by the tests).
 */
export class ContextTVTable {
  private readonly small: Float64Array;
  private readonly gridM: number[] = [];
  private readonly gridLogExcess: number[] = [];
  readonly floor: number;
  constructor(readonly p: Float64Array, readonly q: Float64Array, readonly mMax: number, readonly exactUpTo = 64, pointsPerDecade = 24) {
    if (!Number.isInteger(mMax) || mMax < 1) throw new RangeError(`ContextTVTable: mMax must be a positive integer, got ${mMax}`);
    this.floor = totalVariation(p, q);
    const top = Math.min(exactUpTo, mMax);
    this.small = new Float64Array(top + 1);
    for (let m = 0; m <= top; m++) this.small[m] = expectedEmpiricalTV(p, q, m);
    if (mMax > top) {
      const a = Math.log10(top), b = Math.log10(mMax);
      const n = Math.max(2, Math.ceil((b - a) * pointsPerDecade) + 1);
      let last = -1;
      for (let k = 0; k < n; k++) {
        const m = Math.round(Math.pow(10, a + ((b - a) * k) / (n - 1)));
        if (m === last) continue;
        last = m;
        this.gridM.push(m);
        this.gridLogExcess.push(Math.log(Math.max(expectedEmpiricalTV(p, q, m) - this.floor, 1e-300)));
      }
    }
  }
  /** tv(m) for an integer 0 ≤ m ≤ mMax. */
  at(m: number): number {
    if (m < this.small.length) return this.small[m];
    if (m > this.mMax) throw new RangeError(`ContextTVTable.at: m=${m} beyond mMax=${this.mMax}`);
    const g = this.gridM;
    let lo = 0, hi = g.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (g[mid] <= m) lo = mid;
      else hi = mid;
    }
    const t = (Math.log(m) - Math.log(g[lo])) / (Math.log(g[hi]) - Math.log(g[lo]));
    return this.floor + Math.exp(this.gridLogExcess[lo] + t * (this.gridLogExcess[hi] - this.gridLogExcess[lo]));
  }
}

/**
 * Expected bigram loss Σ_i p_i E tv(n_i), n_i ~ Bin(T, ctx_i), averaging the exact per-context table over the
 * binomial law of each context's count (pmf by a stable recursion from the mode, truncated at 1e-16).
 */
export function expectedBigramLoss(ctx: Float64Array, table: ContextTVTable, T: number): number {
  if (!Number.isInteger(T) || T < 0) throw new RangeError(`expectedBigramLoss: T must be a non-negative integer, got ${T}`);
  if (T > table.mMax) throw new RangeError(`expectedBigramLoss: T=${T} exceeds the table's mMax=${table.mMax}`);
  let loss = 0;
  for (let i = 0; i < ctx.length; i++) {
    const c = ctx[i];
    if (c <= 0) {
      loss += 0;
      continue;
    }
    if (T === 0) {
      loss += c;
      continue;
    }
    const mode = Math.min(T, Math.floor((T + 1) * c));
    const logPmf = (m: number) =>
      logChoose(T, m) + m * Math.log(c) + (T - m) * Math.log1p(-c);
    const lp0 = logPmf(mode);
    let s = 0, mass = 0;
    // upward
    let lp = lp0;
    for (let m = mode; m <= T; m++) {
      if (m > mode) lp += Math.log((T - m + 1) / m) + Math.log(c / (1 - c));
      const w = Math.exp(lp);
      s += w * table.at(m);
      mass += w;
      if (w < 1e-16 && m > mode) break;
    }
    lp = lp0;
    for (let m = mode - 1; m >= 0; m--) {
      lp += Math.log((m + 1) / (T - m)) + Math.log((1 - c) / c);
      const w = Math.exp(lp);
      s += w * table.at(m);
      mass += w;
      if (w < 1e-16) break;
    }
    loss += c * (s / mass);
  }
  return loss;
}

function logChoose(n: number, k: number): number {
  // log C(n, k) via a stable sum of logs for the sizes used here (n ≤ 1e8): use lgamma-free Stirling series
  return lfact(n) - lfact(k) - lfact(n - k);
}

function lfact(n: number): number {
  if (n < 2) return 0;
  if (n < 32) {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log(i);
    return s;
  }
  const x = n + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5);
}

/** Monte-Carlo bigram learner: counts of (context, token) pairs, TV loss at checkpoints. */
export function simulateBigramLoss(
  ctx: Float64Array,
  p: Float64Array,
  q: Float64Array,
  checkpoints: number[],
  rng: Rng,
): Float64Array {
  const M = ctx.length, V = p.length;
  const ctxSampler = createAliasSampler(ctx);
  const tokSampler: IndexSampler = createAliasSampler(q);
  const counts = new Int32Array(M * V);
  const nCtx = new Int32Array(M);
  const out = new Float64Array(checkpoints.length);
  let t = 0;
  for (let j = 0; j < checkpoints.length; j++) {
    const target = checkpoints[j];
    if (!Number.isInteger(target) || target < t) throw new RangeError(`simulateBigramLoss: bad checkpoint ${target}`);
    for (; t < target; t++) {
      const i = ctxSampler.sample(rng);
      counts[i * V + tokSampler.sample(rng)]++;
      nCtx[i]++;
    }
    let loss = 0;
    for (let i = 0; i < M; i++) {
      const n = nCtx[i];
      if (n === 0) {
        loss += ctx[i];
        continue;
      }
      let tv = 0;
      const base = i * V;
      for (let k = 0; k < V; k++) tv += Math.abs(counts[base + k] / n - p[k]);
      loss += (ctx[i] * tv) / 2;
    }
    out[j] = loss;
  }
  return out;
}

/** Monte-Carlo per-context TV: n draws from q, TV of the empirical law against p, at checkpoints. */
export function simulateContextTV(p: Float64Array, q: Float64Array, checkpoints: number[], rng: Rng): Float64Array {
  const V = p.length;
  const sampler = createAliasSampler(q);
  const counts = new Int32Array(V);
  const out = new Float64Array(checkpoints.length);
  let t = 0;
  for (let j = 0; j < checkpoints.length; j++) {
    for (; t < checkpoints[j]; t++) counts[sampler.sample(rng)]++;
    let tv = 0;
    for (let k = 0; k < V; k++) tv += Math.abs(counts[k] / t - p[k]);
    out[j] = t === 0 ? 1 : tv / 2;
  }
  return out;
}
