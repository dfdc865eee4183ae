/**
 * Monte-Carlo counterpart of Theorem 1: draw a pool X ∈ R^{n×d}, x ~ N(0, I), y = sign(w₀ᵀx) (eqs. (8)–(9)), select
 * with a rule along w_s, fit the pool-normalised weighted ridge of eq. (12), ŵ = (XᵀDX/n + λI)⁻¹XᵀDY/n, and score
 * it exactly: for Gaussian test inputs the error of sign(xᵀŵ) is arccos(cos∠(ŵ, w₀))/π (no test set, no test noise).
 *
 * By rotation invariance of N(0, I) we take w₀ = e₁ and w_s = ρe₁ + √(1−ρ²)e₂ without loss of generality.
 * Keep-hard and keep-easy sets are nested in the margin |xᵀw_s|, so after sorting the pool by |t| every rule's
 * XᵀDX is a prefix (keep-hard, keep-all) or suffix (keep-easy) sum of one pass of chunked Gram products; each
 * (rule, λ) then costs one d×d Cholesky solve. Coordinates 3…d of rows that no rule keeps are never drawn.
 */
import { asMatrix, gram, solveSPD } from "../../maths/linalg/index";
import type { Rng } from "../../maths/random";
import { fillGaussian } from "../../maths/gaussian-fill";
import { halfspaceTestError } from "../../maths/gaussian-orthant";
import { checkAlignment, type SelectionRule } from "./selection-rules";

/** One pool draw: the sizes, the alignment of w_s with w₀ and the rules and ridge parameters to fit. */
export interface SelectedRidgeSetting {
  d: number;
  n: number;
  rho: number;
  rules: SelectionRule[];
  lambdas: number[];
}

/** Errors of one pool draw: errors[r][l] for rule r and ridge λ_l; kept[r] = number of kept examples. */
export interface SelectedRidgeDraw {
  errors: number[][];
  kept: number[];
}

function checkSetting(s: SelectedRidgeSetting): void {
  const fn = "simulateSelectedRidge";
  if (!Number.isInteger(s.d) || s.d < 2) throw new RangeError(`${fn}: the dimension d must be an integer ≥ 2, got ${s.d}`);
  if (!Number.isInteger(s.n) || s.n < 1) throw new RangeError(`${fn}: the pool size n must be a positive integer, got ${s.n}`);
  checkAlignment(fn, s.rho);
  if (s.rules.length === 0) throw new RangeError(`${fn}: give at least one selection rule`);
  for (const r of s.rules) {
    if (r.kind === "soft") throw new RangeError(`${fn}: only nested (keep-all, keep-hard, keep-easy) rules are simulated, got a ${r.kind} rule`);
  }
  for (const l of s.lambdas) if (!(l > 0)) throw new RangeError(`${fn}: every ridge λ must be positive, got ${l}`);
  if (s.lambdas.length === 0) throw new RangeError(`${fn}: give at least one ridge λ`);
}

/** Number of sorted margins |t| that are ≤ xi (binary search). */
function countAtMost(sortedAbs: Float64Array, xi: number): number {
  let lo = 0, hi = sortedAbs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedAbs[mid] <= xi) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rows of the rules' kept sets among n rows sorted by |t|: [0, prefixEnd) ∪ [suffixStart, n), and each rule's cut. */
function keptRange(rules: SelectionRule[], sortedAbs: Float64Array): { cutOf: number[]; prefixEnd: number; suffixStart: number } {
  const n = sortedAbs.length;
  // Cut points: keep-hard keeps the prefix |t| ≤ ξ, keep-easy the suffix, keep-all everything.
  const cutOf = rules.map((r) => (r.kind === "keep-all" ? n : countAtMost(sortedAbs, r.parameter)));
  const prefixEnd = Math.max(0, ...rules.map((r, i) => (r.kind === "keep-easy" ? 0 : cutOf[i])));
  const suffixStart = Math.min(n, ...rules.map((r, i) => (r.kind === "keep-easy" ? cutOf[i] : n)));
  return { cutOf, prefixEnd, suffixStart };
}

/**
 * The pool-normalised weighted ridge fits ŵ (eq. (12)) of every nested rule and λ on one pool whose n rows are sorted
 * by their margin |t| (ascending, `sortedAbs`): weights[r][l] and the kept counts. Rows that no rule keeps are never
 * read (they may hold anything).
 * @throws RangeError on mismatched sizes or a soft rule
 */
export function fitNestedRules(X: Float64Array, y: Float64Array, sortedAbs: Float64Array, d: number, rules: SelectionRule[], lambdas: number[]): { weights: Float64Array[][]; kept: number[] } {
  const n = sortedAbs.length;
  if (X.length !== n * d || y.length !== n) throw new RangeError(`fitNestedRules: X must be n×d = ${n}×${d} and y of length ${n}, got ${X.length} and ${y.length}`);
  for (const r of rules) if (r.kind === "soft") throw new RangeError("fitNestedRules: soft rules are not nested; give keep-all, keep-hard or keep-easy rules");
  const { cutOf, prefixEnd, suffixStart } = keptRange(rules, sortedAbs);
  const used = (i: number) => i < prefixEnd || i >= suffixStart;
  const cuts = [...new Set([0, n, prefixEnd, suffixStart, ...cutOf])].sort((a, b) => a - b);
  const prefixG = new Map<number, Float64Array>(), prefixB = new Map<number, Float64Array>();
  let G = new Float64Array(d * d), bsum = new Float64Array(d);
  prefixG.set(0, G.slice());
  prefixB.set(0, bsum.slice());
  for (let j = 1; j < cuts.length; j++) {
    const a = cuts[j - 1], b = cuts[j];
    // A chunk no rule keeps (between the last keep-hard cut and the first keep-easy cut) contributes zero: it cancels
    // in every keep-easy suffix difference and lies beyond every keep-hard prefix.
    if (b > a && used(a)) {
      const g = gram(asMatrix(b - a, d, X.subarray(a * d, b * d))).data;
      G = G.slice();
      for (let k = 0; k < G.length; k++) G[k] += g[k];
      bsum = bsum.slice();
      for (let i = a; i < b; i++) {
        const yi = y[i], off = i * d;
        for (let k = 0; k < d; k++) bsum[k] += yi * X[off + k];
      }
    }
    prefixG.set(b, G);
    prefixB.set(b, bsum);
  }
  const Gn = prefixG.get(n)!, Bn = prefixB.get(n)!;
  const weights: Float64Array[][] = [], kept: number[] = [];
  rules.forEach((r, ri) => {
    const c = cutOf[ri];
    const suffix = r.kind === "keep-easy";
    const Gp = prefixG.get(c)!, Bp = prefixB.get(c)!;
    kept.push(suffix ? n - c : c);
    weights.push(lambdas.map((lambda) => {
      const A = new Float64Array(d * d), rhs = new Float64Array(d);
      for (let k = 0; k < d * d; k++) A[k] = (suffix ? Gn[k] - Gp[k] : Gp[k]) / n;
      for (let k = 0; k < d; k++) {
        A[k * d + k] += lambda;
        rhs[k] = (suffix ? Bn[k] - Bp[k] : Bp[k]) / n;
      }
      // Symmetrise exactly (the suffix difference can leave last-bit asymmetry).
      for (let i = 0; i < d; i++) for (let k = 0; k < i; k++) A[k * d + i] = A[i * d + k];
      return solveSPD(asMatrix(d, d, A), rhs);
    }));
  });
  return { weights, kept };
}

/**
 * One pool draw, every rule and λ of `setting` fitted on the same pool (common random numbers across rules).
 * @throws RangeError on a bad setting (sizes, ρ ∉ [−1, 1], λ ≤ 0, a soft rule)
 */
export function simulateSelectedRidge(setting: SelectedRidgeSetting, rng: Rng): SelectedRidgeDraw {
  checkSetting(setting);
  const { d, n, rho } = setting;
  const s = Math.sqrt(Math.max(0, 1 - rho * rho));
  // The margin and the label depend on the first two coordinates only; the other d − 2 are independent of the
  // selection, so they are drawn (exactly) only for rows that some rule keeps.
  const U = fillGaussian(rng, new Float64Array(2 * n));
  const absT = new Float64Array(n);
  for (let i = 0; i < n; i++) absT[i] = Math.abs(rho * U[2 * i] + s * U[2 * i + 1]);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => absT[a] - absT[b]);
  const sortedAbs = new Float64Array(n);
  order.forEach((src, i) => (sortedAbs[i] = absT[src]));
  const { prefixEnd, suffixStart } = keptRange(setting.rules, sortedAbs);
  const Xs = new Float64Array(n * d), ys = new Float64Array(n);
  const z = new Float64Array(d - 2);
  order.forEach((src, i) => {
    ys[i] = U[2 * src] >= 0 ? 1 : -1;
    if (i >= prefixEnd && i < suffixStart) return;
    Xs[i * d] = U[2 * src];
    Xs[i * d + 1] = U[2 * src + 1];
    Xs.set(fillGaussian(rng, z), i * d + 2);
  });
  const { weights, kept } = fitNestedRules(Xs, ys, sortedAbs, d, setting.rules, setting.lambdas);
  const w0 = new Float64Array(d);
  w0[0] = 1;
  return { errors: weights.map((row) => row.map((w) => halfspaceTestError(w, w0))), kept };
}
