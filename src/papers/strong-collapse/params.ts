/**
 * Quick and full parameter sets of the Strong Model Collapse notebook. Values marked [U] are choices made
 * here (the paper's figure parameters were not recovered), never the paper's numbers.
 */
import type { GeneratorOutput } from "./mnist-standin";

/** Theorem 1 / Corollary 1 scaling figure (test error vs n for several p₂). */
export interface ScalingParams {
  /** Dimension d [U]. */
  d: number;
  sigma2: number;
  /** Quality c² = Tr(ΣΔ) [U]. */
  c2: number;
  p2s: number[];
  /** Sample sizes simulated (nested). */
  nsSim: number[];
  /** Theory curves run from 1.2·d to this n (exact sums). */
  nTheoryMax: number;
  seeds: number;
  /** Power-law panel: Σ = diag(j^−β) (capacity) [U]. */
  betaPowerLaw: number;
  /** Source exponent s of the power-law teacher, w₁ⱼ² ∝ j^−s [U]. */
  sourcePowerLaw: number;
  /** Signal ‖w₁‖²_Σ of the power-law teacher [U]. */
  signalPowerLaw: number;
  /** Fixed ridge λ of the reference curve at p₂ = fixedLambdaP2 (the other curves use the oracle λ at each n) [U]. */
  lambdaPowerLaw: number;
  fixedLambdaP2: number;
  /** Third panel: isotropic OLS at a small dimension, simulated far enough (d = 20, n ≤ 10⁵ [U]) to reach the plateaus. */
  smallD: { d: number; nsSim: number[]; seeds: number };
}

/** Random-projection sweep (model size) and the Fig. 1 Pareto diagram built from it. */
export interface ModelSizeParams {
  d: number;
  /** Total sample size (the paper's Fig. 1 uses n = 500 [S]). */
  n: number;
  psis: number[];
  lambda: number;
  sigma2: number;
  r2: number;
  /** Synthetic-data qualities (smaller c² = better) [U]. */
  qualities: { name: string; c2: number }[];
  /** Synthetic fractions, 0 included (clean reference). */
  p2s: number[];
  /** Fractions shown as the three Pareto panels [U]. */
  paretoP2s: number[];
  seeds: number;
  /** Independent draws of the shift δ per seed (same X, S, ε), averaged: variance reduction of the synthetic excess. */
  shiftDraws: number;
  /** Fresh projections S over which the conditional-on-S formula is averaged to cross-check the S-free theory. */
  theorySDraws: number;
}

/**
 * Phase diagrams over (n, p₂) and (ψ, p₂) with their collapse boundaries (docs/derivations/strong-collapse.md §6).
 * Theory grids only: the (n, p₂) diagram is drawn at the scaling figure's small-d setting and the (ψ, p₂) diagram at
 * the model-size setting, whose simulations are the cells it is checked against [U].
 */
export interface PhaseParams {
  /** cellP2s: the p₂ of the scaling figure's small-d simulations marked and checked as cells. */
  nPanel: { nRange: [number, number]; p2Range: [number, number]; gridX: number; gridY: number; cellP2s: number[] };
  /** One quality c² of the model-size figure; ψ_peak searched over every integer m in peakRange·n. */
  psiPanel: { c2: number; psiRange: [number, number]; p2Range: [number, number]; gridX: number; gridY: number; peakRange: [number, number] };
}

/** Section 5 mitigations. */
export interface MitigationParams {
  weighted: { d: number; ns: number[]; p2: number; alphas: number[]; sigma2: number; c2: number; seeds: number };
  iterative: { d: number; ns: number[]; nDetail: number; p2: number; iterations: number; sigma2: number; c2: number; seeds: number };
}

/** Fig. 7 stand-in (MNIST). */
export interface MnistParams {
  ns: number[];
  p2s: number[];
  nTest: number;
  nGen: number;
  genLambda: number;
  generatorOutput: GeneratorOutput;
  kernelLambda: number;
  kernelSeeds: number;
  twoLayer: { ns: number[]; p2s: number[]; width: number; steps: number; batch: number; learningRate: number; seeds: number };
}

/** Fig. 8 stand-in (Zipf–Markov language). */
export interface LanguageParams {
  V: number;
  beta: number;
  gamma: number;
  /** Real transitions seen by the generator. */
  tGen: number;
  genK: number;
  /** Student add-k smoothing. */
  k: number;
  tokens: number[];
  p2s: number[];
  /** Capacities K compared on purely synthetic data (and on clean data). */
  capacities: number[];
  seeds: number;
}

export interface StrongCollapseParams {
  scaling: ScalingParams;
  modelSize: ModelSizeParams;
  phase: PhaseParams;
  mitigations: MitigationParams;
  mnist: MnistParams;
  language: LanguageParams;
}

function logGrid(lo: number, hi: number, count: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i < count; i++) out.add(Math.round(lo * Math.pow(hi / lo, i / (count - 1))));
  return [...out].sort((a, b) => a - b);
}

const SCALING_P2S = [0, 0.001, 0.01, 0.05, 0.1, 0.2, 0.5];
const MNIST_P2S = [0, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 0.9]; // Fig. 7 legend [V]
const QUALITIES = [
  { name: "very high quality (c² = 0.05)", c2: 0.05 }, // paper value unverified [U]
  { name: "high quality (c² = 0.3)", c2: 0.3 }, // paper value unverified [U]
  { name: "low quality (c² = 1)", c2: 1 }, // paper value unverified [U]
];

/** Quick mode: the notebook must run in ≤ 3 min on 2 cores. */
export const QUICK_PARAMS: StrongCollapseParams = {
  scaling: {
    d: 100, sigma2: 1, c2: 1, p2s: SCALING_P2S,
    nsSim: logGrid(200, 10000, 7), nTheoryMax: 1e9, seeds: 16,
    betaPowerLaw: 1.5, sourcePowerLaw: 0.5, signalPowerLaw: 1, lambdaPowerLaw: 1e-4, fixedLambdaP2: 0.1,
    smallD: { d: 20, nsSim: logGrid(50, 50000, 7), seeds: 48 },
  },
  modelSize: {
    d: 400, n: 200, // setting of the random-projection reference table [U]
    psis: [0.1, 0.25, 0.5, 0.75, 0.9, 1.1, 1.3, 1.5, 1.75, 2.5, 4],
    lambda: 1e-6, sigma2: 0.1, r2: 1, qualities: QUALITIES,
    p2s: [0, 0.1, 0.2, 0.5], paretoP2s: [0.1, 0.2, 0.5],
    seeds: 32, shiftDraws: 4, theorySDraws: 8,
  },
  phase: {
    nPanel: { nRange: [30, 1e8], p2Range: [1e-3, 0.5], gridX: 61, gridY: 37, cellP2s: [0.01, 0.05, 0.1, 0.2, 0.5] },
    psiPanel: { c2: 1, psiRange: [0.05, 4], p2Range: [0.01, 0.9], gridX: 41, gridY: 19, peakRange: [0.8, 1.25] },
  },
  mitigations: {
    weighted: { d: 50, ns: logGrid(500, 20000, 6), p2: 0.5, alphas: [0.1, 0.3, 0.5, 0.8], sigma2: 1, c2: 1, seeds: 48 },
    iterative: { d: 50, ns: logGrid(200, 20000, 6), nDetail: 2000, p2: 0.5, iterations: 12, sigma2: 1, c2: 1, seeds: 32 },
  },
  mnist: {
    ns: [100, 200, 400, 800, 1600, 3000], p2s: MNIST_P2S, nTest: 1500, nGen: 500, genLambda: 1, generatorOutput: "soft",
    kernelLambda: 1e-5, kernelSeeds: 3,
    twoLayer: { ns: [300, 3000], p2s: [0, 0.5, 0.9], width: 128, steps: 200, batch: 128, learningRate: 3e-3, seeds: 2 },
  },
  language: {
    V: 100, beta: 1.3, gamma: 0.8, tGen: 5000, genK: 0.1, k: 0.05,
    tokens: logGrid(100, 1e6, 9), p2s: [0, 0.001, 0.01, 0.1, 0.2, 0.5, 1], capacities: [10, 30, 100], seeds: 6,
  },
};

/** Full mode: paper scale where feasible, ≥ 20 seeds for the Gaussian simulations, ≤ 30 min in total. */
export const FULL_PARAMS: StrongCollapseParams = {
  scaling: { ...QUICK_PARAMS.scaling, d: 200, nsSim: logGrid(300, 20000, 10), seeds: 20, smallD: { d: 20, nsSim: logGrid(50, 100000, 12), seeds: 64 } },
  modelSize: {
    ...QUICK_PARAMS.modelSize,
    d: 1000, n: 500, // n = 500 as in Fig. 1 [S]; d = 1000 [U]
    psis: [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.05, 1.1, 1.15, 1.2, 1.3, 1.4, 1.5, 1.75, 2, 2.5, 3, 3.5, 4],
    seeds: 64, shiftDraws: 4, theorySDraws: 4,
  },
  phase: QUICK_PARAMS.phase,
  mitigations: {
    weighted: { ...QUICK_PARAMS.mitigations.weighted, ns: logGrid(300, 20000, 9), seeds: 120 },
    iterative: { ...QUICK_PARAMS.mitigations.iterative, ns: logGrid(200, 20000, 9), seeds: 96 },
  },
  mnist: {
    ...QUICK_PARAMS.mnist, ns: [100, 200, 400, 800, 1600, 3200, 5000, 7000], nTest: 2000, kernelSeeds: 5,
    twoLayer: { ns: [300, 1000, 3000, 7000], p2s: [0, 0.01, 0.1, 0.5, 0.9], width: 256, steps: 1000, batch: 128, learningRate: 2e-3, seeds: 2 },
  },
  language: { ...QUICK_PARAMS.language, tokens: logGrid(100, 3e6, 12), seeds: 10 },
};

/** The parameter set of a mode. */
export function strongCollapseParams(mode: "quick" | "full"): StrongCollapseParams {
  if (mode !== "quick" && mode !== "full") throw new RangeError(`strongCollapseParams: mode must be "quick" or "full", got ${JSON.stringify(mode)}`);
  return mode === "quick" ? QUICK_PARAMS : FULL_PARAMS;
}
