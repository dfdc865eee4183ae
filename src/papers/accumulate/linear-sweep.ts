/**
 * Monte-Carlo side of the linear-regression experiments of Gerstgrasser et al. (2024, §3 and App. A): Σ = I,
 * one fixed design X₀ ∈ ℝ^{T×d} per seed, OLS at every iteration, labels from the previous model plus fresh
 * N(0, σ²) noise; iteration 1 is the model fitted on the real data. The test error of ŵₙ is its excess risk
 * ‖ŵₙ − w*‖² (the expected squared error on a fresh noiseless test point; the authors average over 1000 test
 * points, whose mean this is). The chain itself is the shared one of src/theory/chain.
 */
import { createRng, type Rng } from "../../maths/random";
import { isotropicSpectrum } from "../../theory/ridge/index";
import { randomUnitVector, runLinearChain, sigmaNormError, type ChainData, type ChainDesign } from "../../theory/chain/index";

/** One cell of a sweep: errors[data][seed][n − 1] for n = 1 … iterations. */
export interface LinearRun {
  d: number;
  T: number;
  sigma2: number;
  iterations: number;
  errors: Record<string, number[][]>;
}

/** Options of {@link simulateLinearCell}. */
export interface LinearCellOptions {
  d: number;
  T: number;
  sigma2: number;
  iterations: number;
  seeds: number;
  /** which data schedules to run (default replace and accumulate) */
  schedules?: { data: ChainData; design: ChainDesign }[];
}

/** Key of a schedule in {@link LinearRun.errors}: "replace", "accumulate", "growing-replace/fresh", … */
export function scheduleKey(s: { data: ChainData; design: ChainDesign }): string {
  return s.design === "fixed" ? s.data : `${s.data}/${s.design}`;
}

/**
 * Test errors of every schedule for `seeds` seeds. All schedules of one seed start from the same teacher, design
 * and real labels (common random numbers: iteration 1 is identical across schedules, as in the paper's setting
 * where both start from the model fitted on real data).
 */
export function simulateLinearCell(o: LinearCellOptions, rng: Rng): LinearRun {
  const fn = "simulateLinearCell";
  const { d, T, sigma2, iterations, seeds } = o;
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`${fn}: d must be a positive integer, got ${d}`);
  if (!Number.isInteger(T) || T < d + 2) throw new RangeError(`${fn}: OLS on a fixed design needs T ≥ d + 2 = ${d + 2} for a finite error, got T = ${T}`);
  if (!(sigma2 >= 0) || !Number.isFinite(sigma2)) throw new RangeError(`${fn}: sigma2 must be finite and ≥ 0, got ${sigma2}`);
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`${fn}: iterations must be an integer ≥ 1, got ${iterations}`);
  if (!Number.isInteger(seeds) || seeds < 2) throw new RangeError(`${fn}: seeds must be an integer ≥ 2 (standard errors), got ${seeds}`);
  const schedules = o.schedules ?? [{ data: "replace", design: "fixed" }, { data: "accumulate", design: "fixed" }];
  const eigs = isotropicSpectrum(d);
  const errors: Record<string, number[][]> = {};
  for (const s of schedules) errors[scheduleKey(s)] = [];
  for (let k = 0; k < seeds; k++) {
    const r = rng.split();
    const wStar = randomUnitVector(d, r);
    const streamSeed = r.int(4294967296);
    for (const s of schedules) {
      const ws = runLinearChain(eigs, wStar, { T, sigma: Math.sqrt(sigma2), generations: iterations, learner: { kind: "ols" }, design: s.design, data: s.data }, createRng(streamSeed));
      errors[scheduleKey(s)].push(ws.slice(1).map((w) => sigmaNormError(eigs, w, wStar)));
    }
  }
  return { d, T, sigma2, iterations, errors };
}
