/**
 * Stand-in A, "theory-model Deliberate Practice": the paper's loop (Algorithm 1) run on the model of its theory
 * (Section 4: x ~ N(0, I_d), y = sign(w₀ᵀx), ridge learner), where the generator can sample the pruned law exactly.
 *
 *  - static: train on n samples of the plain law P;
 *  - Deliberate Practice: start from `initial` plain samples; repeatedly add `step` samples drawn directly from the
 *    keep-hard-pruned law Q ∝ 1[|xᵀû| ≤ ξ]·P along the current model's direction û = ŵ/‖ŵ‖ (the analogue of sampling
 *    from the tilted law of eq. (3) instead of pruning P, eq. (1)); refit after each addition;
 *  - oversample-then-prune: each addition draws ratio·step plain samples and keeps the `step` hardest under the
 *    current model (the generate-then-select baseline of Fig. 5(a)).
 * The learner is ridge with the loss averaged over the current dataset, ŵ = (XᵀX/N + λI)⁻¹XᵀY/N; test error is exact,
 * arccos(cos∠(ŵ, w₀))/π. By rotation invariance w₀ = e₁.
 */
import { asMatrix, solveSPD } from "../../maths/linalg/index";
import type { Rng } from "../../maths/random";
import { fillGaussian } from "../../maths/gaussian-fill";
import { halfspaceTestError } from "../../maths/gaussian-orthant";
import { normalCdf, normalQuantile } from "../../maths/normal";

/** A growing ridge dataset kept as its Gram matrix XᵀX and XᵀY. */
export class RidgeAccumulator {
  readonly gram: Float64Array;
  readonly xty: Float64Array;
  count = 0;

  constructor(readonly d: number, readonly lambda: number) {
    if (!Number.isInteger(d) || d < 2) throw new RangeError(`RidgeAccumulator: d must be an integer ≥ 2, got ${d}`);
    if (!(lambda > 0)) throw new RangeError(`RidgeAccumulator: the ridge λ must be positive, got ${lambda}`);
    this.gram = new Float64Array(d * d);
    this.xty = new Float64Array(d);
  }

  /** Adds one example (x, y). */
  add(x: ArrayLike<number>, y: number): void {
    const d = this.d, G = this.gram;
    for (let i = 0; i < d; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      this.xty[i] += y * xi;
      for (let j = 0; j <= i; j++) G[i * d + j] += xi * x[j];
    }
    this.count++;
  }

  /** ŵ = (XᵀX/N + λI)⁻¹XᵀY/N (the zero vector before any example). */
  solve(): Float64Array {
    const d = this.d, N = Math.max(this.count, 1);
    const A = new Float64Array(d * d), b = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) A[i * d + j] = A[j * d + i] = this.gram[i * d + j] / N;
      A[i * d + i] += this.lambda;
      b[i] = this.xty[i] / N;
    }
    return solveSPD(asMatrix(d, d, A), b);
  }
}

/** Test error of ŵ against w₀ = e₁. */
function errorOf(w: Float64Array): number {
  const e1 = new Float64Array(w.length);
  e1[0] = 1;
  return halfspaceTestError(w, e1);
}

/** A plain sample x ~ N(0, I_d) with label sign(x₁). */
function plainSample(d: number, rng: Rng, x: Float64Array): number {
  fillGaussian(rng, x);
  return x[0] >= 0 ? 1 : -1;
}

/**
 * A sample of the pruned law: margin t along the unit vector u drawn from N(0, 1) truncated to |t| ≤ ξ (inverse CDF),
 * the orthogonal part isotropic, label sign(x₁).
 */
export function prunedSample(u: Float64Array, xi: number, rng: Rng, x: Float64Array): number {
  const d = u.length;
  fillGaussian(rng, x);
  let proj = 0;
  for (let i = 0; i < d; i++) proj += x[i] * u[i];
  const lo = normalCdf(-xi), hi = normalCdf(xi);
  const t = normalQuantile(lo + (hi - lo) * rng.uniform());
  for (let i = 0; i < d; i++) x[i] += (t - proj) * u[i];
  return x[0] >= 0 ? 1 : -1;
}

function unit(w: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] * w[i];
  const out = new Float64Array(w.length);
  if (s === 0) {
    out[0] = 1; // no model yet: any direction
    return out;
  }
  const r = 1 / Math.sqrt(s);
  for (let i = 0; i < w.length; i++) out[i] = w[i] * r;
  return out;
}

export interface TheoryDpSetting {
  d: number;
  lambda: number;
  /** plain samples before the first addition */
  initial: number;
  /** samples per addition */
  step: number;
  /** keep fraction of the pruned law (ξ = Φ⁻¹((1 + p)/2)) */
  keepFraction: number;
  /** dataset sizes at which the error is recorded (multiples of `step` beyond `initial`) */
  sizes: number[];
}

function checkTheorySetting(fn: string, s: TheoryDpSetting): void {
  if (!(s.keepFraction > 0 && s.keepFraction <= 1)) throw new RangeError(`${fn}: keepFraction must lie in (0, 1], got ${s.keepFraction}`);
  if (!Number.isInteger(s.initial) || s.initial < 1 || !Number.isInteger(s.step) || s.step < 1) {
    throw new RangeError(`${fn}: initial and step must be positive integers, got ${s.initial}, ${s.step}`);
  }
  for (const n of s.sizes) {
    if (n < s.initial || (n - s.initial) % s.step !== 0) throw new RangeError(`${fn}: every size must be initial + k·step, got ${n}`);
  }
}

/** Static baseline: error at each size of one nested stream of plain samples. */
export function staticCurve(s: TheoryDpSetting, rng: Rng): number[] {
  checkTheorySetting("staticCurve", s);
  const acc = new RidgeAccumulator(s.d, s.lambda);
  const x = new Float64Array(s.d);
  const out: number[] = [];
  const sizes = [...s.sizes].sort((a, b) => a - b);
  for (const n of sizes) {
    while (acc.count < n) acc.add(x, plainSample(s.d, rng, x));
    out.push(errorOf(acc.solve()));
  }
  return s.sizes.map((n) => out[sizes.indexOf(n)]);
}

/**
 * The adaptive loop: after `initial` plain samples, additions of `step` samples, each drawn from the pruned law
 * under the current model (`ratio` = 0) or selected as the `step` hardest of ratio·step plain samples (`ratio` ≥ 1).
 * Returns the error at each size and the number of samples generated to reach it (the cost).
 */
export function adaptiveCurve(s: TheoryDpSetting, rng: Rng, ratio = 0): { errors: number[]; generated: number[] } {
  checkTheorySetting("adaptiveCurve", s);
  if (ratio !== 0 && !(ratio >= 1)) throw new RangeError(`adaptiveCurve: the oversampling ratio must be 0 (direct generation) or ≥ 1, got ${ratio}`);
  const d = s.d;
  const acc = new RidgeAccumulator(d, s.lambda);
  const x = new Float64Array(d);
  let generated = 0;
  while (acc.count < s.initial) {
    acc.add(x, plainSample(d, rng, x));
    generated++;
  }
  const xi = normalQuantile((1 + s.keepFraction) / 2);
  const maxSize = Math.max(...s.sizes);
  const errAt = new Map<number, number>(), genAt = new Map<number, number>();
  let w = acc.solve();
  errAt.set(acc.count, errorOf(w));
  genAt.set(acc.count, generated);
  while (acc.count < maxSize) {
    const u = unit(w);
    if (ratio === 0) {
      for (let k = 0; k < s.step; k++) acc.add(x, prunedSample(u, xi, rng, x));
      generated += s.step;
    } else {
      const m = Math.round(ratio * s.step);
      const pool = new Float64Array(m * d), ys = new Float64Array(m), margin = new Float64Array(m);
      for (let k = 0; k < m; k++) {
        const row = pool.subarray(k * d, (k + 1) * d);
        ys[k] = plainSample(d, rng, row);
        let t = 0;
        for (let i = 0; i < d; i++) t += row[i] * u[i];
        margin[k] = Math.abs(t);
      }
      const order = Array.from({ length: m }, (_, k) => k).sort((a, b) => margin[a] - margin[b]);
      for (let k = 0; k < s.step; k++) acc.add(pool.subarray(order[k] * d, (order[k] + 1) * d), ys[order[k]]);
      generated += m;
    }
    w = acc.solve();
    errAt.set(acc.count, errorOf(w));
    genAt.set(acc.count, generated);
  }
  return { errors: s.sizes.map((n) => errAt.get(n)!), generated: s.sizes.map((n) => genAt.get(n)!) };
}
