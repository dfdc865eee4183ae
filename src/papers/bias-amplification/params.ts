/**
 * Settings of the Bias Amplification notebook. The paper's figure parameters were not recovered, so every value
 * here is a choice of this project [U], except the model class itself (two Gaussian groups with their own
 * covariance, teacher, noise and size; ridge and ridge on frozen random projections), which is the paper's.
 */
import type { IsotropicTwoGroupSetting } from "../../theory/ridge/index";

/** The base setting: isotropic-with-scales groups, group 2 the minority with 4× the feature variance. */
export const BASE_SETTING: Omit<IsotropicTwoGroupSetting, "lambda"> = {
  phi: 2, psi: 0.5, p1: 0.8, c1: 1, c2: 4, w1Sq: 1, w2Sq: 1, w12: 0.5, sigma1Sq: 0.01, sigma2Sq: 0.01, // paper value unverified [U]
};

export interface HeatmapParams {
  lambda: number;
  p1s: number[];
  /** log-spaced grid size per axis for the stored (φ, ψ) grid */
  gridN: number;
  /** φ values drawn as slices, and the ψ grid of the slices */
  slicePhis: number[];
  slicePsiN: number;
  range: [number, number];
  /** colour range of the ADD heatmap (values outside are clipped in colour only) */
  addRange: [number, number];
}

export interface PsiSweepParams {
  d: number;
  lambdas: number[];
  psisSim: number[];
  seeds: number;
}

export interface NoiseParams {
  d: number;
  psi: number;
  lambda: number;
  sigmas: number[];
  seeds: number;
}

export interface LambdaParams {
  d: number;
  psis: number[];
  lambdasSim: number[];
  seeds: number;
}

export interface TimeParams {
  d: number;
  psi: number;
  times: number[];
  seeds: number;
}

export interface MinorityParams {
  d: number;
  phis: number[];
  psisSim: number[];
  lambda: number;
  seeds: number;
  extraneous: { n: number; core: number; extras: number[]; lambda: number; sigmaSq: number; seeds: number };
}

export interface AppendixParams {
  psis: number[];
  lambdaN: number;
}

export interface ColoredMnistParams {
  /** training rows drawn from the pool per seed */
  nTrains: number[];
  /** frozen random features per training row: m = round(psi·n) */
  psi: number;
  p1: number;
  /** colour leakage ρ: group 1 is [u, ρu], group 2 is brightness·[ρu, u] */
  leak: number;
  /** colour intensity of group 2 (feature scale; group 1 has 1) */
  brightness: number;
  /** fraction of each group's labels flipped (fixed per pool digit) */
  flips: [number, number];
  lambdas: number[];
  seeds: number;
}

export interface BiasAmplificationParams {
  heatmap: HeatmapParams;
  psiSweep: PsiSweepParams;
  noise: NoiseParams;
  lambda: LambdaParams;
  time: TimeParams;
  minority: MinorityParams;
  appendix: AppendixParams;
  coloredMnist: ColoredMnistParams;
}

const LAMBDAS_SIM = [1e-4, 1e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10];
const CM_LAMBDAS = [1e-3, 1e-2, 0.1, 0.3, 1, 3, 10];

export const QUICK_PARAMS: BiasAmplificationParams = {
  heatmap: { lambda: 1e-3, p1s: [0.5, 0.8], gridN: 41, slicePhis: [0.25, 0.5, 1, 2, 4], slicePsiN: 81, range: [0.1, 4], addRange: [0.1, 10] },
  psiSweep: { d: 300, lambdas: [1e-3, 1e-2, 1e-1], psisSim: [0.1, 0.2, 0.3, 0.5, 0.8, 1, 1.5, 2, 4, 8], seeds: 16 },
  noise: { d: 300, psi: 0.5, lambda: 1e-2, sigmas: [0, 0.5, 1, 1.5, 2], seeds: 48 },
  lambda: { d: 300, psis: [0.5, 0.9, 1.1, 2], lambdasSim: LAMBDAS_SIM, seeds: 16 },
  time: { d: 300, psi: 0.5, times: [0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 1000], seeds: 16 },
  minority: {
    d: 200, phis: [0.5, 2], psisSim: [0.5, 1, 2, 5, 10], lambda: 1e-2, seeds: 10,
    extraneous: { n: 400, core: 150, extras: [0, 50, 100, 200, 400], lambda: 1e-2, sigmaSq: 0.1, seeds: 16 },
  },
  appendix: { psis: [0.5, 1, 2, 5], lambdaN: 61 },
  coloredMnist: { nTrains: [100, 200], psi: 0.5, p1: 0.8, leak: 0.5, brightness: 2, flips: [0.3, 0], lambdas: CM_LAMBDAS, seeds: 160 },
};

export const FULL_PARAMS: BiasAmplificationParams = {
  heatmap: { lambda: 1e-3, p1s: [0.5, 0.8], gridN: 81, slicePhis: [0.25, 0.5, 1, 2, 4], slicePsiN: 161, range: [0.1, 4], addRange: [0.1, 10] },
  psiSweep: { d: 400, lambdas: [1e-3, 1e-2, 1e-1], psisSim: [0.1, 0.2, 0.3, 0.5, 0.8, 1, 1.25, 1.5, 2, 3, 4, 6, 8, 10], seeds: 30 },
  noise: { d: 600, psi: 0.5, lambda: 1e-2, sigmas: [0, 0.5, 1, 1.5, 2], seeds: 60 },
  lambda: { d: 600, psis: [0.5, 0.9, 1.1, 2], lambdasSim: LAMBDAS_SIM, seeds: 30 },
  time: { d: 600, psi: 0.5, times: [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 1000, 10000], seeds: 30 },
  minority: {
    d: 300, phis: [0.5, 2], psisSim: [0.5, 1, 2, 5, 10, 20], lambda: 1e-2, seeds: 20,
    extraneous: { n: 800, core: 300, extras: [0, 100, 200, 400, 800, 1200], lambda: 1e-2, sigmaSq: 0.1, seeds: 30 },
  },
  appendix: { psis: [0.5, 1, 2, 5], lambdaN: 121 },
  coloredMnist: { nTrains: [100, 200], psi: 0.5, p1: 0.8, leak: 0.5, brightness: 2, flips: [0.3, 0], lambdas: CM_LAMBDAS, seeds: 400 },
};

/** Parameters for a mode. */
export function biasAmplificationParams(mode: "quick" | "full"): BiasAmplificationParams {
  return mode === "full" ? FULL_PARAMS : QUICK_PARAMS;
}
