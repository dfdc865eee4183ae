/**
 * Quick and full parameters of the notebook. Paper-code values are marked [V]; everything else is
 * a choice made here [U] (sizes, seeds, stand-in settings), never the paper's value.
 */
import { FIG1 } from "./spuriousLinear";
import { FIG3 } from "./goodBadUgly";
import type { TheorySweepParams } from "./theorySweep";
import type { ColorMnistParams, SpuriousMnistParams, SyntheticLinearParams, TextToyParams } from "./table1";
import type { GroupDroSetting } from "./benchmark";

export interface MatParams {
  fig1: { epochs: number; recordEvery: number };
  fig3: { hidden: number; maxSteps: number; seeds: number };
  theory: TheorySweepParams;
  table1: {
    seeds: number;
    syntheticLinear: SyntheticLinearParams;
    colorMnist: ColorMnistParams;
    spuriousMnist: SpuriousMnistParams;
    textBow: TextToyParams;
    /** GroupDRO (η, L2) settings searched, both GroupDRO rows. */
    groupDroGrid: GroupDroSetting[];
  };
  fig2: SpuriousMnistParams;
  /** Training examples (half minority, half majority) whose self-influence score is checked by real leave-one-out retraining. */
  fig2Loo: number;
}

// [U] 1000 example-specific noise features (σ_ε = 0.15, σ_ε√d ≈ 4.7) give
// ERM the memorization capacity of Fig. 1 (features + noise > n); the patch is left out of 10% of the images so the
// attribute is not perfectly inferable from an image
const SPURIOUS_MNIST_FULL: SpuriousMnistParams = { train: 1000, val: 400, test: 558, features: 1024, steps: 2000, lr: 0.1, evalEvery: 50, temperature: 0.1, noiseDim: 1000, sigmaEps: 0.15, patchDrop: 0.1 };

// [U] text stand-in: 1000 documents, negation token left out of 10% of the a = 1 documents, full-batch SGD; lr 0.5 lets
// ERM fit most of its minority training documents through their rare tokens (at lr 0.1 it fitted under half)
const TEXT_BOW_FULL: TextToyParams = { train: 1000, val: 500, test: 1000, steps: 1000, lr: 0.5, evalEvery: 50, temperature: 0.1, tokenDrop: 0.1 };

export const FULL_PARAMS: MatParams = {
  fig1: { epochs: FIG1.epochs, recordEvery: 1 }, // [V] 1000 epochs, recorded every epoch
  fig3: { hidden: FIG3.hidden, maxSteps: FIG3.maxEpochs, seeds: 3 }, // [V] width 300, ≤ 1e5 epochs; 3 draws of data and initialisation [U]
  theory: { sigmas: [0, 0.1, 0.25, 0.5, 1, 2], noiseDims: [10, 100, 500, 1798], n: 1000, epochs: 3000, lr: 1e-2, seeds: 3 }, // [U] grid chosen here; 3000 epochs: at 1000 the d = 10 cells stopped at 0.994–0.999 training accuracy, at 3000 every cell fits its training set
  table1: {
    seeds: 5, // [U]
    syntheticLinear: { n: 1000, dim: 1800, sigmaEps: FIG1.sigmaEpsCode, steps: 1000, lr: 1e-2, evalEvery: 50, temperature: 0.1, spuriousDrop: 0.1 }, // Fig. 1 recipe [V]; evalEvery and the spurious coordinate hidden on 10% of the examples [U]
    colorMnist: { train: 7000, val: 1500, test: 1500, hidden: 390, steps: 1001, batchSize: 64, lr: 1e-3, evalEvery: 50, temperature: 0.01, hiddenColour: 0.1 }, // XRM recipe sizes [V] except splits/batch/lr/τ and the 10% of images without colour [U]
    spuriousMnist: SPURIOUS_MNIST_FULL,
    textBow: TEXT_BOW_FULL,
    groupDroGrid: [{ eta: 0.01, weightDecay: 0 }, { eta: 0.1, weightDecay: 0 }, { eta: 0.01, weightDecay: 1e-4 }, { eta: 0.1, weightDecay: 1e-4 }], // [U] points of the XRM registry's η and wd ranges
  },
  fig2: { train: 1000, val: 400, test: 558, features: 1024, steps: 2000, lr: 0.1, evalEvery: 50, temperature: 0.1 }, // [U] the earlier Spurious-MNIST setting: visible patch, no noise features
  fig2Loo: 20, // [U]
};

const SPURIOUS_MNIST_QUICK: SpuriousMnistParams = { ...SPURIOUS_MNIST_FULL, features: 512, steps: 1000 }; // [U]

export const QUICK_PARAMS: MatParams = {
  fig1: { epochs: FIG1.epochs, recordEvery: 10 },
  fig3: { hidden: 150, maxSteps: 30000, seeds: 3 }, // [U] width 150 for speed
  theory: { sigmas: [0, 0.25, 0.5, 1, 2], noiseDims: [10, 100, 500], n: 1000, epochs: 1000, lr: 1e-2, seeds: 1 },
  table1: {
    seeds: 2,
    syntheticLinear: { n: 500, dim: 900, sigmaEps: FIG1.sigmaEpsCode, steps: 600, lr: 1e-2, evalEvery: 50, temperature: 0.1, spuriousDrop: 0.1 },
    colorMnist: { train: 3000, val: 1000, test: 1000, hidden: 128, steps: 300, batchSize: 64, lr: 1e-3, evalEvery: 25, temperature: 0.01, hiddenColour: 0.1 },
    spuriousMnist: SPURIOUS_MNIST_QUICK,
    textBow: { ...TEXT_BOW_FULL, steps: 600 }, // [U]
    groupDroGrid: [{ eta: 0.1, weightDecay: 0 }], // quick: one point (the XRM README's η)
  },
  fig2: { train: 1000, val: 400, test: 558, features: 512, steps: 1000, lr: 0.1, evalEvery: 50, temperature: 0.1 }, // [U] as above, 512 features
  fig2Loo: 6, // [U]
};

/** Parameters for a notebook mode. */
export function params(mode: "quick" | "full"): MatParams {
  return mode === "full" ? FULL_PARAMS : QUICK_PARAMS;
}
