/**
 * Parameters of every figure, quick (CI) and full modes. Values marked [V] are the paper's (or its authors'
 * code's); everything else is a choice of this reproduction.
 */

/** Linear-regression experiments. */
export interface LinearParams {
  /** main-text figure: σ² values and iterations [V]; d and T are not stated there — paper value unverified [U] */
  main: { d: number; T: number; sigma2s: number[]; iterations: number; seeds: number };
  /** appendix sweep: d = 32, T ∈ {100, 316, 1000}, σ² ∈ {0.01 … 100}, 50 iterations, 100 seeds [V] (quick mode: 50 seeds) */
  sweep: { d: number; Ts: number[]; sigma2s: number[]; iterations: number; seeds: number };
  /** growing-data replace (pure synthetic data of size n·T at iteration n) [U] sizes; fresh designs of n·T rows are run for the first `freshIterations` only (their cost grows as n²) */
  growing: { d: number; T: number; sigma2: number; iterations: number; seeds: number; freshIterations: number };
}

export interface AccumulateParams {
  linear: LinearParams;
}

export const QUICK_PARAMS: AccumulateParams = {
  linear: {
    main: { d: 32, T: 100, sigma2s: [0.1, 1, 10], iterations: 10, seeds: 100 },
    sweep: { d: 32, Ts: [100, 316, 1000], sigma2s: [0.01, 0.1, 1, 10, 100], iterations: 50, seeds: 50 },
    growing: { d: 32, T: 100, sigma2: 1, iterations: 50, seeds: 100, freshIterations: 12 },
  },
};

export const FULL_PARAMS: AccumulateParams = {
  linear: {
    main: { d: 32, T: 100, sigma2s: [0.1, 1, 10], iterations: 10, seeds: 300 },
    sweep: { d: 32, Ts: [100, 316, 1000], sigma2s: [0.01, 0.1, 1, 10, 100], iterations: 50, seeds: 100 },
    growing: { d: 32, T: 100, sigma2: 1, iterations: 100, seeds: 300, freshIterations: 30 },
  },
};

/** The parameter set of a mode. */
export function params(mode: "quick" | "full"): AccumulateParams {
  if (mode === "quick") return QUICK_PARAMS;
  if (mode === "full") return FULL_PARAMS;
  throw new RangeError(`accumulate params: mode must be "quick" or "full", got ${JSON.stringify(mode)}`);
}
