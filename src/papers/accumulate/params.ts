/**
 * Parameters of every figure, quick (CI) and full modes. Values marked [V] are the paper's (or its authors'
 * code's); everything else is a choice of this reproduction.
 */
import type { GmmStandinParams } from "./gmm-standin";
import type { LmStandinParams } from "./lm-standin";
import type { VaeStandinParams } from "./vae-standin";

/** Language-model stand-in shared by both modes except the seed and iteration counts. paper value unverified [U] */
const LM_BASE = { V: 100, beta: 1.2, tokens: 20000, temperatures: [1, 0.3], alpha: 0.1, neural: { hidden: 32, steps: 60, lr: 0.05 } };
/** GeoDiff stand-in. paper value unverified [U] */
const GMM_BASE = { K: 8, radius: 4, sd: 0.5, points: 300, iterations: 8, testPoints: 4000, em: { K: 8, iterations: 60, covFloor: 1e-3 } };

/** VAE stand-in. paper value unverified [U] */
const VAE_BASE = { train: 1000, test: 1000, classifierTrain: 2000, samplesForModes: 1000 };

/** Linear-regression experiments. */
export interface LinearParams {
  /** main-text figure: σ² values and iterations [V]; d and T are not stated there — paper value unverified [U] */
  main: { d: number; T: number; sigma2s: number[]; iterations: number; seeds: number };
  /** appendix sweep: d = 32, T ∈ {100, 316, 1000}, σ² ∈ {0.01 … 100}, 50 iterations, 100 seeds [V] (quick mode: 50 seeds) */
  sweep: { d: number; Ts: number[]; sigma2s: number[]; iterations: number; seeds: number };
  /** Fig. 1 sketch and the offset figure: the main-text setting at σ² = 1 with their own seed count (enough power for a 10% bias test) [U] */
  fig1Seeds: number;
  /** a dedicated run of the reference cell d = 32, T = 100, σ² = 1 for the n = 50 replace/accumulate ratio [U] seeds */
  ratio: { d: number; T: number; sigma2: number; iterations: number; seeds: number };
  /** growing-data replace (pure synthetic data of size n·T at iteration n) [U] sizes; fresh designs of n·T rows are run for the first `freshIterations` only (their cost grows as n²) */
  growing: { d: number; T: number; sigma2: number; iterations: number; seeds: number; freshIterations: number };
}

export interface AccumulateParams {
  linear: LinearParams;
  /** language-model stand-in (Fig. 2, Table 2, App. Fig. 13): all sizes [U]; temperatures 1 and 0.3 [V] */
  lm: LmStandinParams;
  /** generative-model stand-in for GeoDiff (Fig. 4): all [U] */
  gmm: GmmStandinParams;
  /** VAE stand-in for CelebA (Figs. 5–6): all [U] */
  vae: VaeStandinParams;
}

export const QUICK_PARAMS: AccumulateParams = {
  linear: {
    main: { d: 32, T: 100, sigma2s: [0.1, 1, 10], iterations: 10, seeds: 100 },
    sweep: { d: 32, Ts: [100, 316, 1000], sigma2s: [0.01, 0.1, 1, 10, 100], iterations: 50, seeds: 50 },
    fig1Seeds: 300,
    ratio: { d: 32, T: 100, sigma2: 1, iterations: 50, seeds: 400 },
    growing: { d: 32, T: 100, sigma2: 1, iterations: 50, seeds: 300, freshIterations: 10 },
  },
  lm: { ...LM_BASE, countIterations: 10, neuralIterations: 5, seeds: 3 },
  gmm: { ...GMM_BASE, seeds: 6 },
  vae: { ...VAE_BASE, iterations: 5, vae: { hidden: 64, latent: 8, steps: 200, batch: 50, lr: 3e-3 }, seeds: 3 },
};

export const FULL_PARAMS: AccumulateParams = {
  linear: {
    main: { d: 32, T: 100, sigma2s: [0.1, 1, 10], iterations: 10, seeds: 300 },
    sweep: { d: 32, Ts: [100, 316, 1000], sigma2s: [0.01, 0.1, 1, 10, 100], iterations: 50, seeds: 100 },
    fig1Seeds: 600,
    ratio: { d: 32, T: 100, sigma2: 1, iterations: 50, seeds: 1000 },
    growing: { d: 32, T: 100, sigma2: 1, iterations: 100, seeds: 300, freshIterations: 30 },
  },
  lm: { ...LM_BASE, countIterations: 10, neuralIterations: 10, seeds: 10 },
  gmm: { ...GMM_BASE, seeds: 30 },
  vae: { ...VAE_BASE, iterations: 10, vae: { hidden: 64, latent: 8, steps: 400, batch: 50, lr: 3e-3 }, seeds: 5 },
};

/** The parameter set of a mode. */
export function params(mode: "quick" | "full"): AccumulateParams {
  if (mode === "quick") return QUICK_PARAMS;
  if (mode === "full") return FULL_PARAMS;
  throw new RangeError(`accumulate params: mode must be "quick" or "full", got ${JSON.stringify(mode)}`);
}
