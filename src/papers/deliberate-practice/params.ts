/**
 * Figure parameters by mode. The paper states d = 512 for Fig. 3 and d = 350 for Fig. 7 (Section 4, App. B); every
 * other value below is a choice of this reproduction, marked [U] (the paper does not state ρ, λ for Fig. 3, the
 * pool sizes of Fig. 7, or the settings of Fig. 5(c)).
 */
import type { Mode } from "../../lab/config";
import type { TheoryDpSetting } from "./standin-theory-dp";

export interface Fig3Params {
  /** [V] d = 512 (Fig. 3 caption) */
  d: number;
  lambda: number;
  rho: number;
  /** keep fractions p (1 = keep all) */
  keepFractions: number[];
  /** kept-set sizes n₀ = p·n of the theory curves */
  theorySizes: number[];
  /** kept-set sizes of the simulated points */
  simSizes: number[];
  seeds: number;
}

export interface Fig5cParams {
  d: number;
  lambda: number;
  settings: { rho: number; keptSize: number }[];
  /** oversampling ratios n/n₀ = 1/p */
  ratios: number[];
  /** settings (indices) that are also simulated */
  simulated: number[];
  seeds: number;
}

export interface Fig7Params {
  /** [V] d = 350 (Fig. 7 caption) */
  d: number;
  pools: number[];
  rhos: number[];
  /** top row (the paper's Corollary 1, λ → 0⁺, evaluated as Theorem 1 at λ = 10⁻⁶) and bottom row (Theorem 1) */
  lambdas: number[];
  keepFractions: number[];
  seeds: number;
}

export interface DpParams {
  fig3: Fig3Params;
  fig5c: Fig5cParams;
  fig7: Fig7Params;
}

const log2Grid = (lo: number, hi: number, perOctave: number): number[] => {
  const out: number[] = [];
  for (let e = lo; e <= hi + 1e-9; e += 1 / perOctave) out.push(Math.round(2 ** e));
  return out;
};

/** Quick or full parameters (quick: fewer seeds and grid points, same d). */
export function params(mode: Mode): DpParams {
  const full = mode === "full";
  const simSizes = full ? [256, 512, 1024, 2048, 4096] : [256, 512, 1024, 2048];
  return {
    fig3: {
      d: 512,
      lambda: 1e-2, // paper value unverified [U]
      rho: 1, // paper value unverified [U]
      keepFractions: [1, 0.7, 0.5, 0.3, 0.1], // paper value unverified [U]
      theorySizes: [...new Set([...log2Grid(8, 14, 8), ...simSizes])].sort((a, b) => a - b),
      simSizes,
      seeds: full ? 16 : 4,
    },
    fig5c: {
      d: 512,
      lambda: 1e-2, // paper value unverified [U]
      settings: [{ rho: 1, keptSize: 1024 }, { rho: 0.9, keptSize: 1024 }, { rho: 0.7, keptSize: 4096 }], // [U]
      ratios: [1, 1.5, 2, 3, 4, 6, 8, 12, 18], // the paper's Fig. 5(a) pool ratios run from 1 to 18
      simulated: full ? [0, 1, 2] : [0, 1],
      seeds: full ? 12 : 4,
    },
    fig7: {
      d: 350,
      pools: [175, 350, 700, 1400], // paper value unverified [U]
      rhos: [1, 0.9], // paper value unverified [U]
      lambdas: [1e-6, 1e-2],
      keepFractions: full ? Array.from({ length: 20 }, (_, i) => (i + 1) / 20) : Array.from({ length: 10 }, (_, i) => (i + 1) / 10),
      seeds: full ? 20 : 8,
    },
  };
}

/** Stand-in A (theory-model Deliberate Practice); every value is a choice of this reproduction [U]. */
export interface StandinAParams extends TheoryDpSetting {
  seeds: number;
  /** Fig. 5(a) analogue: one addition of `oneStep` samples to `oneInitial`, selected from ratio·oneStep candidates */
  oneInitial: number;
  oneStep: number;
  ratios: number[];
  ratioSeeds: number;
}

/** Stand-in A parameters by mode [U]. */
export function standinAParams(mode: Mode): StandinAParams {
  const full = mode === "full";
  return {
    d: 100, lambda: 1e-2, initial: 200, step: 200, keepFraction: 0.3, sizes: [200, 400, 800, 1600, 3200, 6400],
    seeds: full ? 40 : 12,
    oneInitial: 400, oneStep: 400, ratios: [1, 1.5, 2, 3, 4, 6, 8, 12, 18],
    ratioSeeds: full ? 80 : 24,
  };
}

/** The threshold measurement of Fig. 7's top row [U]. */
export function fig7ThresholdParams(mode: Mode): { dims: number[]; phi: number; lambda: number; rho: number; seeds: number; rules: ("KH" | "KE")[] } {
  return mode === "full"
    ? { dims: [175, 350, 700, 1400], phi: 0.5, lambda: 1e-6, rho: 1, seeds: 24, rules: ["KH", "KE"] }
    : { dims: [175, 350, 700], phi: 0.5, lambda: 1e-6, rho: 1, seeds: 8, rules: ["KH", "KE"] };
}

/** Stand-in B (diffusion Deliberate Practice); every value is a choice of this reproduction [U]. */
export interface StandinBParams {
  world: { K: number; D: number; r: number; shift: number; inflate: number };
  train: { iterations: number; batch: number; lr: number; labelSmoothing: number; warmup: number; cooldown: number };
  cfg: number;
  steps: number;
  /** ω of the DP runs, chosen once on development worlds (seeds not used here) */
  omega: number;
  initial: number;
  add: number;
  tau: number;
  maxSize: number;
  staticSizes: number[];
  realSize: number;
  valSize: number;
  testSize: number;
  worlds: number;
  /** Fig. 5(b) analogue: one addition of `initial` samples at `addAt` iterations, for each ω */
  omegas: number[];
  addAt: number;
  omegaWorlds: number;
}

/** Stand-in B parameters by mode [U]. */
export function standinBParams(mode: Mode): StandinBParams {
  const full = mode === "full";
  return {
    world: { K: 10, D: 32, r: 1.5, shift: 0.3, inflate: 3 },
    train: { iterations: 2000, batch: 64, lr: 0.01, labelSmoothing: 0.1, warmup: 0.1, cooldown: 0.2 },
    cfg: 3, steps: 50, omega: 0.01,
    initial: 200, add: 100, tau: 50, maxSize: 1000,
    staticSizes: full ? [200, 300, 400, 500, 600, 800, 1000, 2000] : [200, 400, 600, 1000],
    realSize: 1000, valSize: 1000, testSize: 3000,
    worlds: full ? 16 : 6,
    omegas: [0, 0.003, 0.01, 0.03, 0.1],
    addAt: 600,
    omegaWorlds: full ? 16 : 6,
  };
}

/** Stand-in B, section 9's figures (Figs. 6, 8, 9, 10–13 and Tables 2–3 analogues); every value is a choice of this reproduction [U]. */
export interface StandinBExtraParams {
  /** worlds of the Fig. 6-left, Fig. 9 and Tables 2–3 analogues (the same worlds for all), and the ω = 0 reference batch per addition */
  worlds: number;
  referenceBatch: number;
  /** Fig. 8 / 10–13 analogues: samples per class for x̂₀ statistics, classes and samples drawn, ω values of the scatter */
  projectionSamples: number;
  projectionClasses: number;
  scatterPerClass: number;
  trajectoriesPerClass: number;
  scatterOmegas: number[];
  /** dataset sizes of the upfront arms (Fig. 9) */
  upfrontSizes: number[];
  /** Table 3 ω rows (besides the DP default and ω = 0) */
  ablationOmegas: number[];
  /** Table 2 analogue: CFG scales (generator diversity) of static sets of `generatorSize` samples */
  generatorCfgs: number[];
  generatorSize: number;
}

export function standinBExtraParams(mode: Mode): StandinBExtraParams {
  const full = mode === "full";
  return {
    worlds: full ? 16 : 4,
    referenceBatch: 100,
    projectionSamples: full ? 400 : 200,
    projectionClasses: 3,
    scatterPerClass: 40,
    trajectoriesPerClass: 2,
    scatterOmegas: [0, 0.01, 0.03, 0.1],
    upfrontSizes: [400, 600],
    ablationOmegas: [0.003, 0.03],
    generatorCfgs: [0, 1, 3, 6],
    generatorSize: 600,
  };
}
