/**
 * The 1-D regression of Fig. 3 ("Memorization: the good, the bad and the ugly", official
 * `good_bad_ugly_memorization.py`): 20 noisy samples of f(x) = tanh(x) + 0.5·tanh(−5x), each input
 * extended by 30 example-specific coordinates ε ~ N(0, σ_ε²). As in the script, the 20 training
 * inputs are rows of the sweep: the sweep carries the training ε at those 20 rows and ε = 0 elsewhere.
 */
import type { Rng } from "../../maths/random";

export const FIG3 = {
  sweepPoints: 1000,
  sweepRange: [-1.5, 1.5] as [number, number],
  nTrain: 20,
  epsDim: 30,
  labelNoise: 0.08,
  hidden: 300,
  lr: 1e-3,
  lossTarget: 1e-6,
  maxEpochs: 100000,
  /** σ_ε of the three panels. */
  sigmas: { good: 1e-4, bad: 1e-3, ugly: 0 },
  /** Region used for the sweep error (the figure's x-range). */
  evalRange: 1.2,
} as const;

/** f(x) = tanh(x) + 0.5·tanh(−5x). */
export function trueFunction(x: number): number {
  return Math.tanh(x) + 0.5 * Math.tanh(-5 * x);
}

export interface RegressionData {
  /** sweep inputs x* (length N). */
  sweep: Float64Array;
  /** f on the sweep. */
  fSweep: Float64Array;
  /** training inputs, nTrain×(1 + epsDim) row-major: [x*, ε]. */
  xTrain: Float32Array;
  /** training targets f(x*) + noise. */
  yTrain: Float32Array;
  /** x* of the training points. */
  xStarTrain: Float64Array;
  inputDim: number;
  nTrain: number;
  /** sweep index of each training point, ⌊linspace(0, N−1, nTrain)⌋ (the script writes ε into these sweep rows). */
  trainIndex: Int32Array;
}

/**
 * Builds the regression data. The label noise does not depend on σ_ε (it is drawn first from a
 * child stream), so the three panels share the same targets, as in the official script.
 */
export function goodBadUglyData(sigmaEps: number, rng: Rng, opts: { nTrain?: number; epsDim?: number } = {}): RegressionData {
  if (!(sigmaEps >= 0)) throw new RangeError(`goodBadUglyData: sigmaEps must be ≥ 0, got ${sigmaEps}`);
  const N = FIG3.sweepPoints;
  const nTrain = opts.nTrain ?? FIG3.nTrain;
  const epsDim = opts.epsDim ?? FIG3.epsDim;
  if (!Number.isInteger(nTrain) || nTrain < 2 || nTrain > N) throw new RangeError(`goodBadUglyData: nTrain must be an integer in [2, ${N}], got ${nTrain}`);
  const sweep = new Float64Array(N);
  const fSweep = new Float64Array(N);
  const [lo, hi] = FIG3.sweepRange;
  for (let i = 0; i < N; i++) {
    sweep[i] = lo + ((hi - lo) * i) / (N - 1);
    fSweep[i] = trueFunction(sweep[i]);
  }
  const labelRng = rng.split();
  const epsRng = rng.split();
  const inputDim = 1 + epsDim;
  const xTrain = new Float32Array(nTrain * inputDim);
  const yTrain = new Float32Array(nTrain);
  const xStarTrain = new Float64Array(nTrain);
  const trainIndex = new Int32Array(nTrain);
  for (let j = 0; j < nTrain; j++) {
    const idx = Math.trunc(((N - 1) * j) / (nTrain - 1));
    trainIndex[j] = idx;
    xStarTrain[j] = sweep[idx];
    xTrain[j * inputDim] = sweep[idx];
    yTrain[j] = fSweep[idx] + FIG3.labelNoise * labelRng.normal();
  }
  for (let j = 0; j < nTrain; j++) for (let k = 1; k < inputDim; k++) {
    const z = epsRng.normal();
    if (sigmaEps > 0) xTrain[j * inputDim + k] = sigmaEps * z;
  }
  return { sweep, fSweep, xTrain, yTrain, xStarTrain, inputDim, nTrain, trainIndex };
}
