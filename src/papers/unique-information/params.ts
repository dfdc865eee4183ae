/**
 * Quick and full parameters of the notebook. Values from the paper or the official code are marked [V];
 * everything else (sizes, repeats, stand-in settings) is a choice made here [U], never the paper's value.
 */
import type { Mode } from "../../lab/config";
import { PAPER_HIDDEN, PAPER_LR, PAPER_STEPS } from "./scoring";
import type { SummarizationOptions } from "./summarization";
import type { PretrainOptions, Table1Options } from "./table1";
import { PAPER_LISSA } from "./lissa";
import type { SyntheticOptions } from "./synthetic";
import type { SgdStationaryOptions } from "./sgd-stationary";
import type { RunSettings } from "./experiments";

export interface UiParams {
  fig2b: RunSettings & { nTrain: number; nVal: number; noise: number };
  fig1: RunSettings & { classes: number[]; shares: number[]; rare: number[]; nTrain: number; nVal: number };
  fig2a: RunSettings & { classes: number[]; nTrain: number; nVal: number };
  subclass: RunSettings & { n9: number; n7: number; n4: number; valScale: number };
  table1Mlp: Table1Options;
  table1Cnn: Table1Options & { c1: number; c2: number };
  table1Pretrained: Table1Options & { c1: number; c2: number; pretrain: PretrainOptions };
  fig2c: SummarizationOptions;
  synthetic: SyntheticOptions;
  sgdSi: { perClassTrain: number; perClassVal: number; hidden: number; lr: number; steps: number; l2: number };
  sgdStationary: SgdStationaryOptions;
}

/** LiSSA as the official MNIST commands: depth 1000, scale 1000, damping 0.01 (λ = 0) / 0 (λ > 0), one repeat [V]. */
const LISSA = { depth: PAPER_LISSA.depth, scale: PAPER_LISSA.scale, repeats: PAPER_LISSA.repeats, damping: PAPER_LISSA.damping, dampingRegularized: PAPER_LISSA.dampingRegularized };
/** Pretext task of the pretrained CNN: digits 0–3 vs 5–8 (no 4s or 9s) [U]. */
const PRETEXT = { digits0: [0, 1, 2, 3], digits1: [5, 6, 7, 8] };
const PAPER = { hidden: PAPER_HIDDEN, lr: PAPER_LR, steps: PAPER_STEPS, pool: 1 }; // MLP-1024, lr 1e-3, t = 2000, 28×28 [V]
/** Fig. 1 stand-in prior: digits 0–4, digits 1 and 3 at 5% each [U]. */
const FIG1_CLASSES = { classes: [0, 1, 2, 3, 4], shares: [0.3, 0.05, 0.3, 0.05, 0.3], rare: [1, 3] };
/** Under-sampled sub-class composition 450 nines + 25 sevens vs 475 fours [U]. */
const SUBCLASS = { n9: 450, n7: 25, n4: 475, valScale: 1 };

export const FULL_PARAMS: UiParams = {
  fig2b: { ...PAPER, repeats: 2, nTrain: 1000, nVal: 900, noise: 0.1 }, // n = 1000, 10% noise [V]; 900 validation digits (the package has 980 fours) and repeats [U]
  fig1: { ...PAPER, repeats: 1, ...FIG1_CLASSES, nTrain: 500, nVal: 500 },
  fig2a: { ...PAPER, repeats: 1, classes: [0, 1, 2, 3, 4], nTrain: 500, nVal: 500 },
  subclass: { ...PAPER, repeats: 4, ...SUBCLASS },
  table1Mlp: { nTrain: 60, nVal: 500, hidden: PAPER_HIDDEN, etaLambdaMax: 0.5, steps: 300, excluded: 30, l2s: [0, 1], damping: 0.01, pool: 2, lissa: LISSA }, // λ = 0 and l2 = 1 (the paper's λ = 10³ at n = 1000) [V]
  table1Cnn: { nTrain: 60, nVal: 500, hidden: 0, etaLambdaMax: 0.5, steps: 300, excluded: 24, l2s: [0], damping: 0.01, pool: 2, lissa: LISSA, c1: 8, c2: 16 },
  table1Pretrained: { nTrain: 60, nVal: 500, hidden: 0, etaLambdaMax: 0.5, steps: 300, excluded: 24, l2s: [0], damping: 0.01, pool: 2, lissa: LISSA, c1: 8, c2: 16,
    pretrain: { ...PRETEXT, perDigit: 50, steps: 400, etaLambdaMax: 0.5 } },
  fig2c: { nTrain: 500, nVal: 500, nTest: 800, hidden: PAPER_HIDDEN, lr: PAPER_LR, steps: PAPER_STEPS, pool: 1, fractions: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], randomSeeds: 5, iterativeStep: 0.05, repeats: 3 },
  synthetic: { perClassTrain: 300, perClassVal: 300, noiseDims: 100, hidden: PAPER_HIDDEN, lr: 1e-2, times: Array.from({ length: 51 }, (_, i) => 20 * i), topShare: 0.1 }, // 600/class split in half, lr 1e-2, every 20 steps to 1000, top 10% [V]
  sgdSi: { perClassTrain: 50, perClassVal: 100, hidden: 16, lr: 0.05, steps: 1000, l2: 0.01 },
  sgdStationary: { perClass: 50, hidden: 16, l2: 0.01, batch: 8, lrTimesHmax: 0.01, directions: 3, steps: 1000000, burnIn: 20000, seeds: 10 },
};

export const QUICK_PARAMS: UiParams = {
  fig2b: { ...PAPER, repeats: 2, nTrain: 300, nVal: 500, noise: 0.1 },
  fig1: { ...PAPER, steps: 500, repeats: 1, ...FIG1_CLASSES, nTrain: 200, nVal: 500 },
  fig2a: { ...PAPER, steps: 500, repeats: 1, classes: [0, 1, 2, 3, 4], nTrain: 200, nVal: 500 },
  subclass: { ...PAPER, repeats: 3, ...SUBCLASS },
  table1Mlp: { nTrain: 40, nVal: 200, hidden: PAPER_HIDDEN, etaLambdaMax: 0.5, steps: 200, excluded: 24, l2s: [0], damping: 0.01, pool: 2, lissa: LISSA },
  table1Cnn: { nTrain: 40, nVal: 200, hidden: 0, etaLambdaMax: 0.5, steps: 200, excluded: 16, l2s: [0], damping: 0.01, pool: 2, lissa: LISSA, c1: 8, c2: 16 },
  table1Pretrained: { nTrain: 40, nVal: 200, hidden: 0, etaLambdaMax: 0.5, steps: 200, excluded: 16, l2s: [0], damping: 0.01, pool: 2, lissa: LISSA, c1: 8, c2: 16,
    pretrain: { ...PRETEXT, perDigit: 25, steps: 300, etaLambdaMax: 0.5 } },
  fig2c: { nTrain: 200, nVal: 300, nTest: 500, hidden: PAPER_HIDDEN, lr: PAPER_LR, steps: 1000, pool: 1, fractions: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], randomSeeds: 3, iterativeStep: 0.1, repeats: 5 },
  synthetic: { perClassTrain: 100, perClassVal: 150, noiseDims: 100, hidden: PAPER_HIDDEN, lr: 1e-2, times: Array.from({ length: 21 }, (_, i) => 50 * i), topShare: 0.1 },
  sgdSi: { perClassTrain: 50, perClassVal: 100, hidden: 16, lr: 0.05, steps: 1000, l2: 0.01 },
  sgdStationary: { perClass: 50, hidden: 16, l2: 0.01, batch: 8, lrTimesHmax: 0.01, directions: 3, steps: 300000, burnIn: 20000, seeds: 10 },
};

export function params(mode: Mode): UiParams {
  return mode === "full" ? FULL_PARAMS : QUICK_PARAMS;
}
