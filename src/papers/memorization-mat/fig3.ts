/**
 * Fig. 3, "Memorization: the good, the bad and the ugly" (official `good_bad_ugly_memorization.py`):
 * an MLP [x*, ε] → 300 → 300 → 1 (tanh) fitted with full-batch Adam (lr 1e-3) to 20 noisy points
 * until the training MSE falls below 1e-6, for σ_ε = 1e-4 (good), 1e-3 (bad) and 0 (ugly).
 * The learned function is read on the sweep as the script reads it (the training ε at the 20 training
 * rows, 0 elsewhere) and, beside it, with ε = 0 everywhere (the sweep error uses ε = 0).
 */
import type { Rng } from "../../maths/random";
import type { Tf } from "./tfjs";
import { FIG3, goodBadUglyData } from "./goodBadUgly";
import { disposeInputs, mlpModel, predictAll, toInputs } from "./models";
import { trainRegression } from "./training";
import type { FigureSpec, Series } from "./figureSpec";
import type { Estimate } from "../../lab/checks";
import { overSeeds } from "./analysis";

export type Fig3Panel = "good" | "bad" | "ugly";

export interface Fig3Options {
  panel: Fig3Panel;
  hidden?: number;
  maxSteps?: number;
  lossTarget?: number;
}

export interface Fig3Run {
  panel: Fig3Panel;
  sigmaEps: number;
  hidden: number;
  steps: number;
  converged: boolean;
  finalLoss: number;
  /** Mean squared error of g([x*, 0]) against f(x*) on the sweep points with |x*| ≤ 1.2. */
  sweepError: number;
  sweep: number[];
  fSweep: number[];
  prediction: number[];
  /** g on the script's sweep: the training ε at the 20 training rows, 0 elsewhere. */
  predictionScript: number[];
  /** sweep indices of the training points. */
  trainIndex: number[];
  trainX: number[];
  trainY: number[];
  lossCurve: { step: number[]; loss: number[] };
  stepsPerSecond: number;
  wallMs: number;
}

/**
 * One panel. The data (targets and ε directions) come from `dataRng` and the initialisation from
 * `initRng`; pass the same streams to all panels to share them, as the official script does by
 * resetting its seed.
 */
export function runFig3Panel(tf: Tf, o: Fig3Options, dataRng: Rng, initRng: Rng): Fig3Run {
  const sigma = FIG3.sigmas[o.panel];
  const hidden = o.hidden ?? FIG3.hidden;
  const d = goodBadUglyData(sigma, dataRng);
  const model = mlpModel(tf, [d.inputDim, hidden, hidden, 1], "tanh", initRng, "torch");
  const inp = toInputs(tf, d.xTrain, d.nTrain, d.inputDim);
  const lossCurve = { step: [] as number[], loss: [] as number[] };
  const stats = trainRegression(tf, {
    model,
    inputs: inp,
    targets: d.yTrain,
    optimizer: { kind: "adam", lr: FIG3.lr },
    lossTarget: o.lossTarget ?? FIG3.lossTarget,
    maxSteps: o.maxSteps ?? FIG3.maxEpochs,
    recordEvery: 50,
    onRecord: (s, l) => {
      lossCurve.step.push(s);
      lossCurve.loss.push(l);
    },
  });
  lossCurve.step.push(stats.steps);
  lossCurve.loss.push(stats.finalLoss);
  const N = d.sweep.length;
  const xs = new Float32Array(N * d.inputDim);
  for (let i = 0; i < N; i++) xs[i * d.inputDim] = d.sweep[i];
  const sweepIn = toInputs(tf, xs, N, d.inputDim);
  const pred = Array.from(predictAll(tf, model, sweepIn));
  disposeInputs(sweepIn);
  for (let j = 0; j < d.nTrain; j++) for (let k = 0; k < d.inputDim; k++) xs[d.trainIndex[j] * d.inputDim + k] = d.xTrain[j * d.inputDim + k];
  const scriptIn = toInputs(tf, xs, N, d.inputDim);
  const predScript = Array.from(predictAll(tf, model, scriptIn));
  disposeInputs(scriptIn);
  disposeInputs(inp);
  model.dispose();
  let se = 0;
  let cnt = 0;
  for (let i = 0; i < N; i++) {
    if (Math.abs(d.sweep[i]) <= FIG3.evalRange) {
      se += (pred[i] - d.fSweep[i]) ** 2;
      cnt++;
    }
  }
  const trainX: number[] = [];
  for (let j = 0; j < d.nTrain; j++) trainX.push(d.xTrain[j * d.inputDim]);
  return {
    panel: o.panel,
    sigmaEps: sigma,
    hidden,
    steps: stats.steps,
    converged: stats.converged,
    finalLoss: stats.finalLoss,
    sweepError: se / cnt,
    sweep: Array.from(d.sweep),
    fSweep: Array.from(d.fSweep),
    prediction: pred,
    predictionScript: predScript,
    trainIndex: Array.from(d.trainIndex),
    trainX,
    trainY: Array.from(d.yTrain),
    lossCurve,
    stepsPerSecond: stats.stepsPerSecond,
    wallMs: stats.wallMs,
  };
}

/**
 * The three panels for `seeds` independent draws of the data and initialisation. Seed s takes its streams from
 * `rngFor(s, "data")` and `rngFor(s, "init")`; within a seed the panels share them, as in the official script.
 * Returns runs[seed][panel] in the order good, bad, ugly.
 */
export function runFig3Seeds(tf: Tf, o: Omit<Fig3Options, "panel">, seeds: number, rngFor: (seed: number, stream: "data" | "init") => Rng): Fig3Run[][] {
  if (!Number.isInteger(seeds) || seeds < 1) throw new RangeError(`runFig3Seeds: seeds must be a positive integer, got ${seeds}`);
  const out: Fig3Run[][] = [];
  for (let s = 0; s < seeds; s++) {
    out.push((["good", "bad", "ugly"] as const).map((panel) => runFig3Panel(tf, { ...o, panel }, rngFor(s, "data"), rngFor(s, "init"))));
  }
  return out;
}

const TITLES: Record<Fig3Panel, string> = {
  good: "Good, σ_ε = 1e-4",
  bad: "Bad, σ_ε = 1e-3",
  ugly: "Ugly, σ_ε = 0",
};

/** Three panels: training points, true f (theory, dashed in the paper) and the fitted g. */
export type Fig3Summary = Pick<Fig3Run, "panel" | "sigmaEps" | "hidden" | "steps" | "converged" | "finalLoss" | "sweepError"> & {
  stepsPerSecond: number;
};

/** Per panel, the sweep error and steps to convergence of every seed. */
export interface Fig3SeedSummary {
  panel: Fig3Panel;
  sweepError: number[];
  steps: number[];
  converged: boolean[];
  finalLoss: number[];
}

/** Figure of the first seed's runs; `allSeeds` (runs[seed][panel]) adds the per-seed numbers to the summary. */
export function fig3Spec(runs: Fig3Run[], params: Record<string, unknown> = {}, allSeeds: Fig3Run[][] = [runs]): FigureSpec & { summary: Fig3Summary[]; seeds: Fig3SeedSummary[] } {
  const series: Series[] = [];
  runs.forEach((r, p) => {
    const keep = r.sweep.map((x, i) => (Math.abs(x) <= 1.25 ? i : -1)).filter((i) => i >= 0 && i % 4 === 0);
    // the script's curve keeps every training row (and its neighbours) so the spikes through the noisy labels show
    const isTrain = new Set(r.trainIndex);
    const keepScript = r.sweep.map((x, i) => (Math.abs(x) <= 1.25 && (i % 4 === 0 || isTrain.has(i) || isTrain.has(i - 1) || isTrain.has(i + 1)) ? i : -1)).filter((i) => i >= 0);
    series.push({ name: "true f(x*)", kind: "theory", x: keep.map((i) => r.sweep[i]), y: keep.map((i) => r.fSweep[i]), panel: p, style: "lines", group: "f" });
    series.push({ name: "g on the script's sweep (training ε at the 20 training rows)", kind: "simulation", x: keepScript.map((i) => r.sweep[i]), y: keepScript.map((i) => r.predictionScript[i]), panel: p, style: "lines", group: "g" });
    series.push({ name: "g([x*, 0]) (ε = 0 everywhere)", kind: "simulation", x: keep.map((i) => r.sweep[i]), y: keep.map((i) => r.prediction[i]), panel: p, style: "lines", group: "g0" });
    series.push({ name: "noisy training points", kind: "simulation", x: r.trainX, y: r.trainY, panel: p, style: "markers", group: "train" });
  });
  return {
    figure: "fig3",
    title: "Fig. 3: memorization — the good, the bad and the ugly",
    params: { ...params, seeds: allSeeds.length, runs: runs.map((r) => ({ panel: r.panel, sigmaEps: r.sigmaEps, hidden: r.hidden, steps: r.steps, converged: r.converged, finalLoss: r.finalLoss, sweepError: r.sweepError })) },
    series,
    axes: { x: { title: "x* (core input)", range: [-1.2, 1.2] }, y: { title: "f and g", range: [-0.5, 0.5] } },
    groupLabels: { f: "true f(x*)", g: "g, script's sweep (training ε at the training rows)", g0: "g([x*, 0])", train: "noisy training points" },
    panels: runs.map((r) => ({ title: `${TITLES[r.panel]}: ${r.steps} steps${r.converged ? "" : " (not converged)"}, sweep MSE ${r.sweepError.toExponential(1)}` })),
    notes: [
      `MLP [x*, ε(30)] → ${runs[0]?.hidden ?? FIG3.hidden} → ${runs[0]?.hidden ?? FIG3.hidden} → 1 (tanh), full-batch Adam lr 1e-3, stop at training MSE < 1e-6 (official recipe: width 300).`,
      "As in good_bad_ugly_memorization.py, the plotted sweep carries the training ε at the 20 training rows (ε = 0 at the other 980): g passes through the noisy labels there. The ε = 0 curve is drawn beside it; the sweep error uses ε = 0.",
    ],
    summary: runs.map((r) => ({ panel: r.panel, sigmaEps: r.sigmaEps, hidden: r.hidden, steps: r.steps, converged: r.converged, finalLoss: r.finalLoss, sweepError: r.sweepError, stepsPerSecond: r.stepsPerSecond })),
    seeds: runs.map((r) => {
      const of = allSeeds.map((seedRuns) => seedRuns.find((x) => x.panel === r.panel)!);
      return { panel: r.panel, sweepError: of.map((x) => x.sweepError), steps: of.map((x) => x.steps), converged: of.map((x) => x.converged), finalLoss: of.map((x) => x.finalLoss) };
    }),
  };
}

/** Training-loss curves of the three runs (log scale): the 'steps to convergence' panel. */
export function fig3LossSpec(runs: Fig3Run[]): FigureSpec {
  return {
    figure: "fig3-loss",
    title: "Fig. 3 companion: training MSE vs Adam steps",
    params: { lossTarget: FIG3.lossTarget, runs: runs.map((r) => ({ panel: r.panel, steps: r.steps, converged: r.converged })) },
    series: runs.map((r) => ({ name: TITLES[r.panel], kind: "simulation" as const, x: r.lossCurve.step, y: r.lossCurve.loss, style: "lines" as const })),
    axes: { x: { title: "Adam steps" }, y: { title: "training MSE", log: true } },
    markers: [{ name: "stop at 1e-6", x: FIG3.lossTarget, axis: "y" }],
  };
}

/** log10 of a panel's sweep error (or steps to convergence) over seeds, mean and SE over seeds. */
export function fig3LogOverSeeds(seeds: Fig3SeedSummary[], panel: Fig3Panel, what: "sweepError" | "steps"): Estimate {
  const s = seeds.find((x) => x.panel === panel);
  if (!s) throw new RangeError(`fig3LogOverSeeds: no panel "${panel}"`);
  return overSeeds(`${panel}: log10 ${what === "steps" ? "steps" : "sweep MSE"}`, s[what].map((v) => Math.log10(v)));
}
