/**
 * Table 1 stand-ins (the paper's Table 1 numbers were not available and are not shown): average
 * and worst-group test accuracy of ERM, MAT (XRM held-out shift), GroupDRO with oracle groups and
 * MAT with an oracle shift on three small tasks, mean ± sd over seeds.
 */
import type { Rng } from "../../maths/random";
import { mean, std } from "../../maths/stats";
import type { Estimate } from "../../lab/checks";
import { binomialSe, pairedDifference } from "./analysis";
import type { Tf } from "./tfjs";
import { runBenchmark, METHODS, type BenchmarkConfig, type BenchmarkRun, type MethodName, type MethodResult, type GroupDroSetting, type SelectionRegime, type SelectedCheckpoint, type GroupInferenceQuality } from "./benchmark";
import { spuriousLinearData, FIG1, type LabelledData } from "./spuriousLinear";
import { colorMnist } from "./colorMnist";
import { spuriousMnist } from "./spuriousMnist";
import { textToy } from "./textToy";
import { linearModel, mlpModel, type Inputs, type Model } from "./models";
import type { FigureSpec, Series } from "./figureSpec";

export type TaskName = "synthetic-linear" | "ColorMNIST" | "Spurious-MNIST" | "text-BoW";

export interface SyntheticLinearParams { n: number; dim: number; sigmaEps: number; steps: number; lr: number; evalEvery: number; temperature: number; spuriousDrop?: number }
export interface ColorMnistParams { train: number; val: number; test: number; hidden: number; steps: number; batchSize: number; lr: number; evalEvery: number; temperature: number; hiddenColour?: number }
export interface SpuriousMnistParams { train: number; val: number; test: number; features: number; steps: number; lr: number; evalEvery: number; temperature: number; noiseDim?: number; sigmaEps?: number; patchValue?: number; patchDrop?: number }

export interface TextToyParams { train: number; val: number; test: number; steps: number; lr: number; evalEvery: number; temperature: number; tokenDrop?: number; rareVocab?: number; rareTokens?: number; coreSignal?: number }

export type TaskParams =
  | { task: "synthetic-linear"; p: SyntheticLinearParams }
  | { task: "ColorMNIST"; p: ColorMnistParams }
  | { task: "Spurious-MNIST"; p: SpuriousMnistParams }
  | { task: "text-BoW"; p: TextToyParams };

/** GroupDRO step size η of the XRM README's quick run (kept as one point of the grid). */
export const GROUP_DRO_ETA = 0.1;

/** GroupDRO settings searched per task (η, L2) [U]: points of the XRM registry's ranges η ∈ [1e-3, 1e-1], wd ∈ [1e-6, 1e-3]. */
export const DEFAULT_GROUP_DRO_GRID: GroupDroSetting[] = [{ eta: 0.01, weightDecay: 0 }, { eta: GROUP_DRO_ETA, weightDecay: 0 }];

/** Data and benchmark configuration of one task for one seed. */
export function taskSetup(tf: Tf, t: TaskParams, rng: Rng, groupDroGrid: GroupDroSetting[] = DEFAULT_GROUP_DRO_GRID): { data: { train: LabelledData; val: LabelledData; test: LabelledData }; cfg: BenchmarkConfig } {
  if (t.task === "synthetic-linear") {
    const p = t.p;
    const dr = rng.split();
    const mk = (maj: number) => spuriousLinearData({ n: p.n, dim: p.dim, majority: maj, sigmaEps: p.sigmaEps, spuriousDrop: p.spuriousDrop }, dr.split());
    const data = { train: mk(FIG1.majorityTrain), val: mk(FIG1.majorityTest), test: mk(FIG1.majorityTest) };
    const opt = { kind: "sgd" as const, lr: p.lr };
    return { data, cfg: { name: t.task, makeModel: (r) => linearModel(tf, p.dim, 2, r), optimizer: opt, steps: p.steps, evalEvery: p.evalEvery, temperature: p.temperature, xrm: { steps: p.steps, optimizer: opt, classBalanced: false }, groupDroGrid } };
  }
  if (t.task === "ColorMNIST") {
    const p = t.p;
    const data = colorMnist({ train: p.train, val: p.val, test: p.test }, rng.split(), { hiddenColour: p.hiddenColour });
    const opt = { kind: "adam" as const, lr: p.lr };
    return { data, cfg: { name: t.task, makeModel: (r) => mlpModel(tf, [392, p.hidden, p.hidden, 2], "relu", r, "xavier"), optimizer: opt, steps: p.steps, batchSize: p.batchSize, evalEvery: p.evalEvery, temperature: p.temperature, xrm: { steps: p.steps, optimizer: opt, batchSize: p.batchSize, classBalanced: true }, groupDroGrid } };
  }
  if (t.task === "text-BoW") {
    const p = t.p;
    const d = textToy({ train: p.train, val: p.val, test: p.test, tokenDrop: p.tokenDrop, rareVocab: p.rareVocab, rareTokens: p.rareTokens, coreSignal: p.coreSignal }, rng.split());
    const opt = { kind: "sgd" as const, lr: p.lr };
    return { data: d, cfg: { name: t.task, makeModel: (r) => linearModel(tf, d.featureDim, 2, r, { bias: true, init: "zero" }), optimizer: opt, steps: p.steps, evalEvery: p.evalEvery, temperature: p.temperature, xrm: { steps: p.steps, optimizer: opt, classBalanced: true }, groupDroGrid } };
  }
  const p = t.p;
  const d = spuriousMnist({ train: p.train, val: p.val, test: p.test, features: p.features, noiseDim: p.noiseDim, sigmaEps: p.sigmaEps, patchValue: p.patchValue, patchDrop: p.patchDrop }, rng.split());
  const opt = { kind: "sgd" as const, lr: p.lr };
  return { data: d, cfg: { name: t.task, makeModel: (r) => linearModel(tf, d.featureDim, 2, r, { bias: true, init: "zero" }), optimizer: opt, steps: p.steps, evalEvery: p.evalEvery, temperature: p.temperature, xrm: { steps: p.steps, optimizer: opt, classBalanced: true }, groupDroGrid } };
}

export interface Table1Result {
  task: TaskName;
  params: TaskParams;
  seeds: BenchmarkRun[];
  groupDroGrid: GroupDroSetting[];
  wallMs: number;
  steps: number;
}

/** Runs every method on `seeds` independent draws of one task. */
export function runTable1Task(
  tf: Tf,
  t: TaskParams,
  seeds: number,
  rng: Rng,
  onSeed?: () => void,
  onModel?: (seed: number, method: MethodName, model: Model, inputs: Inputs, shift: Float64Array | undefined, data: LabelledData) => void,
  groupDroGrid: GroupDroSetting[] = DEFAULT_GROUP_DRO_GRID,
): Table1Result {
  const t0 = Date.now();
  const runs: BenchmarkRun[] = [];
  let steps = 0;
  for (let s = 0; s < seeds; s++) {
    const r = rng.split();
    const { data, cfg } = taskSetup(tf, t, r, groupDroGrid);
    const run = runBenchmark(tf, cfg, data, r, onModel ? (m, model, inp, shift) => onModel(s, m, model, inp, shift, data.train) : undefined);
    steps += run.results.reduce((a, b) => a + b.steps, 0) + (run.xrm ? 2 * run.xrm.steps : 0);
    runs.push(run);
    if (onSeed) onSeed();
  }
  return { task: t.task, params: t, seeds: runs, groupDroGrid, wallMs: Date.now() - t0, steps };
}

export interface Table1Row {
  task: string;
  method: MethodName;
  regime: SelectionRegime;
  averageMean: number;
  averageSd: number;
  worstGroupMean: number;
  worstGroupSd: number;
  /** Average accuracy on the training distribution (test group accuracies weighted by the training group frequencies). */
  inDistributionMean: number;
  seeds: number;
}

const sd = (xs: number[]) => (xs.length > 1 ? std(xs) : 0);
export const REGIMES: SelectionRegime[] = ["val groups", "inferred val groups"];

const sel = (m: MethodResult, regime: SelectionRegime): SelectedCheckpoint => (regime === "val groups" ? m : m.inferredRegime);

/** Σ_g π_g·acc_g: accuracy on a test set drawn like the training data (π = training group frequencies). */
export function inDistributionAccuracy(perGroup: number[], trainGroupCounts: number[]): number {
  const n = trainGroupCounts.reduce((a, b) => a + b, 0);
  let s = 0;
  for (let g = 0; g < perGroup.length; g++) if (trainGroupCounts[g] > 0) s += (trainGroupCounts[g] / n) * perGroup[g];
  return s;
}

/** Mean ± sd of test average and worst-group accuracy per (task, method, regime). */
export function table1Rows(results: Table1Result[]): Table1Row[] {
  const rows: Table1Row[] = [];
  for (const regime of REGIMES) for (const r of results) {
    for (const m of METHODS) {
      const got = r.seeds.map((s) => ({ s, x: s.results.find((x) => x.method === m) })).filter((q): q is { s: BenchmarkRun; x: MethodResult } => q.x !== undefined);
      if (!got.length) continue;
      const av = got.map((q) => sel(q.x, regime).testAverage), wg = got.map((q) => sel(q.x, regime).testWorstGroup);
      const id = got.map((q) => inDistributionAccuracy(sel(q.x, regime).testPerGroup, q.s.trainGroupCounts));
      rows.push({ task: r.task, method: m, regime, averageMean: mean(av), averageSd: sd(av), worstGroupMean: mean(wg), worstGroupSd: sd(wg), inDistributionMean: mean(id), seeds: av.length });
    }
  }
  return rows;
}

/** The per-seed test results of each task (what the claims' standard errors are computed from). */
export interface Table1TaskSeeds {
  task: string;
  seeds: {
    trainGroupCounts?: number[];
    inference?: GroupInferenceQuality;
    results: (Pick<MethodResult, "method" | "testAverage" | "testWorstGroup" | "testPerGroup" | "testCounts"> & { inferredRegime?: Pick<SelectedCheckpoint, "testAverage" | "testWorstGroup" | "testPerGroup" | "testCounts">; trainPerGroup?: number[] })[];
  }[];
}

/** Per-seed test accuracies of one (task, method) with their binomial standard errors. */
export interface MethodSeeds {
  average: number[];
  averageSe: number[];
  worstGroup: number[];
  /** binomial SE of the worst group's accuracy over that group's test examples */
  worstGroupSe: number[];
  /** accuracy on the training distribution (group accuracies weighted by training frequencies), with its binomial SE */
  inDistribution: number[];
  inDistributionSe: number[];
}

/** Per-seed average and worst-group test accuracy of `method` on `task` under a selection regime, with binomial SEs. */
export function methodSeeds(results: Table1TaskSeeds[], task: string, method: MethodName, regime: SelectionRegime = "val groups"): MethodSeeds {
  const r = results.find((x) => x.task === task);
  if (!r) throw new RangeError(`methodSeeds: no task "${task}"`);
  const out: MethodSeeds = { average: [], averageSe: [], worstGroup: [], worstGroupSe: [], inDistribution: [], inDistributionSe: [] };
  for (const s of r.seeds) {
    const m0 = s.results.find((x) => x.method === method);
    if (!m0) throw new RangeError(`methodSeeds: no method "${method}" on task "${task}"`);
    const m = regime === "val groups" ? m0 : m0.inferredRegime;
    if (!m) throw new RangeError(`methodSeeds: no "${regime}" results for "${method}" on task "${task}"`);
    const n = m.testCounts.reduce((a, b) => a + b, 0);
    let g = -1;
    for (let k = 0; k < m.testPerGroup.length; k++) if (m.testCounts[k] > 0 && (g < 0 || m.testPerGroup[k] < m.testPerGroup[g])) g = k;
    out.average.push(m.testAverage);
    out.averageSe.push(binomialSe(m.testAverage, n));
    out.worstGroup.push(m.testWorstGroup);
    out.worstGroupSe.push(binomialSe(m.testPerGroup[g], m.testCounts[g]));
    if (s.trainGroupCounts) {
      const tc = s.trainGroupCounts, nt = tc.reduce((a, b) => a + b, 0);
      const id = inDistributionAccuracy(m.testPerGroup, tc);
      // SE of Σ π_g acc_g with independent binomial group accuracies
      let v = 0;
      for (let k = 0; k < m.testPerGroup.length; k++) if (tc[k] > 0 && m.testCounts[k] > 0) v += (tc[k] / nt) ** 2 * binomialSe(m.testPerGroup[k], m.testCounts[k]) ** 2;
      out.inDistribution.push(id);
      out.inDistributionSe.push(Math.sqrt(v));
    }
  }
  return out;
}

/** Mean over seeds of worst-group accuracy of method a minus method b, paired by seed (see analysis.pairedDifference). */
export function worstGroupGap(results: Table1TaskSeeds[], task: string, a: MethodName, b: MethodName, regime: SelectionRegime = "val groups"): Estimate {
  const A = methodSeeds(results, task, a, regime), B = methodSeeds(results, task, b, regime);
  return pairedDifference(`${a} − ${b}`, A.worstGroup, B.worstGroup, A.worstGroupSe, B.worstGroupSe);
}

/** Mean over seeds of average minus worst-group test accuracy of one method (its accuracy trade-off). */
export function averageMinusWorst(results: Table1TaskSeeds[], task: string, method: MethodName, regime: SelectionRegime = "val groups"): Estimate {
  const m = methodSeeds(results, task, method, regime);
  return pairedDifference(`${method}: average − worst-group`, m.average, m.worstGroup, m.averageSe, m.worstGroupSe);
}

/** In-distribution average accuracy of method a minus b (paired by seed): the average-accuracy price of a. */
export function inDistributionGap(results: Table1TaskSeeds[], task: string, a: MethodName, b: MethodName, regime: SelectionRegime = "val groups"): Estimate {
  const A = methodSeeds(results, task, a, regime), B = methodSeeds(results, task, b, regime);
  return pairedDifference(`${a} − ${b}, in-distribution average`, A.inDistribution, B.inDistribution, A.inDistributionSe, B.inDistributionSe);
}

/** Training accuracy of `method` on the true minority groups (pooled over the minority groups, per seed). */
export function minorityTrainAccuracy(results: Table1TaskSeeds[], task: string, method: MethodName): number[] {
  const r = results.find((x) => x.task === task);
  if (!r) throw new RangeError(`minorityTrainAccuracy: no task "${task}"`);
  return r.seeds.map((s) => {
    const m = s.results.find((x) => x.method === method);
    if (!m?.trainPerGroup || !s.trainGroupCounts) throw new RangeError(`minorityTrainAccuracy: no training accuracies for "${method}" on "${task}"`);
    const c = s.trainGroupCounts;
    return (m.trainPerGroup[1] * c[1] + m.trainPerGroup[2] * c[2]) / (c[1] + c[2]);
  });
}

/** Rows for `nb.table`: formatted mean ± sd strings. */
export function table1Display(rows: Table1Row[]): Record<string, string | number>[] {
  return rows.map((r) => ({
    task: `${r.task} (${STANDS_FOR[r.task as TaskName] ?? "?"})`,
    "model selection": r.regime,
    method: r.method,
    "avg acc (mean ± sd)": `${r.averageMean.toFixed(3)} ± ${r.averageSd.toFixed(3)}`,
    "worst-group acc (mean ± sd)": `${r.worstGroupMean.toFixed(3)} ± ${r.worstGroupSd.toFixed(3)}`,
    "avg acc, training distribution": r.inDistributionMean.toFixed(3),
    seeds: r.seeds,
    "paper value": "not available",
  }));
}

/** Which Table 1 dataset each stand-in stands for (the regime it imitates) [U]. */
export const STANDS_FOR: Record<TaskName, string> = {
  "synthetic-linear": "Fig. 1 model; no Table 1 dataset",
  ColorMNIST: "CelebA-like: attribute visible, label noisy; MLP trained end to end",
  "Spurious-MNIST": "Waterbirds: frozen features + linear head",
  "text-BoW": "MultiNLI / CivilComments: a token that co-occurs with one class; bag-of-words linear model",
};

/** Short axis label of each stand-in. */
const SHORT_NAME: Record<TaskName, string> = { "synthetic-linear": "Fig. 1 data", ColorMNIST: "≈ CelebA", "Spurious-MNIST": "≈ Waterbirds", "text-BoW": "≈ MultiNLI / CivilComments" };

/** Mean ± sd over seeds of XRM's group-inference quality per task. */
export function groupInferenceRows(results: Table1Result[]): Record<string, string | number>[] {
  const f = (xs: number[]) => `${mean(xs).toFixed(3)} ± ${sd(xs).toFixed(3)}`;
  return results.map((r) => {
    const q = r.seeds.map((s) => s.xrm?.inference).filter((v): v is GroupInferenceQuality => v !== undefined);
    return {
      task: r.task,
      "train: inferred = true minority flag": f(q.map((v) => v.trainAccuracy)),
      "val (cross-mistake): inferred = true": f(q.map((v) => v.valAccuracy)),
      "train minority recall": f(q.map((v) => v.trainMinorityRecall)),
      "train minority precision": f(q.map((v) => v.trainMinorityPrecision)),
      seeds: q.length,
    };
  });
}

/** The stand-in table as a grouped bar chart: average (panel 0) and worst-group accuracy in both selection regimes (panels 1, 2). */
export function table1Spec(results: Table1Result[]): FigureSpec & { summary: Table1Row[]; perSeed: Table1TaskSeeds[]; inference: Record<string, string | number>[] } {
  const rows = table1Rows(results);
  const tasks = results.map((r) => r.task);
  const series: Series[] = [];
  METHODS.forEach((m) => {
    const panelOf: [SelectionRegime, "averageMean" | "worstGroupMean", number][] = [["val groups", "averageMean", 0], ["val groups", "worstGroupMean", 1], ["inferred val groups", "worstGroupMean", 2]];
    for (const [regime, key, panel] of panelOf) {
      const pts = tasks.map((t, i) => ({ i, r: rows.find((r) => r.task === t && r.method === m && r.regime === regime) })).filter((q): q is { i: number; r: Table1Row } => q.r !== undefined && Number.isFinite(q.r[key]));
      series.push({ name: m, kind: "stand-in", x: pts.map((q) => q.i), y: pts.map((q) => q.r[key]), yErr: pts.map((q) => (key === "averageMean" ? q.r.averageSd : q.r.worstGroupSd)), panel, group: m });
    }
  });
  return {
    figure: "table1-standin",
    title: "Table 1 stand-in: average and worst-group test accuracy",
    params: { tasks: results.map((r) => r.params), seeds: results.map((r) => r.seeds.length), groupDroGrid: results.map((r) => r.groupDroGrid), trainGroupCounts: results.map((r) => r.seeds[0]?.trainGroupCounts), standsFor: STANDS_FOR },
    series,
    axes: { x: { title: "task (stand-in)", categories: tasks.map((t) => `${t} (${SHORT_NAME[t]})`) }, y: { title: "test accuracy", range: [0, 1.02] } },
    errorBars: "mean ± sd over seeds",
    panels: [{ title: "average accuracy (selection: val groups)" }, { title: "worst-group accuracy (selection: val groups)" }, { title: "worst-group accuracy (selection: XRM-inferred val groups)" }],
    notes: [
      "Stand-in for Table 1 (Waterbirds, CelebA, MultiNLI, CivilComments cannot be used offline). The paper's Table 1 numbers were not available: none are shown or compared.",
      "Panels 0–1: checkpoints chosen by validation worst-group accuracy with true validation groups (the paper's first regime); panel 2: with validation groups inferred by XRM's cross-mistake rule (the second regime). Error bars: sd over seeds.",
      "All methods start from the same initialisation and minibatch order in each seed. GroupDRO rows: best (η, L2) of the grid under each regime.",
      "[U] every optimiser/size setting of these stand-ins (fixed, no random search).",
    ],
    summary: rows,
    inference: groupInferenceRows(results),
    perSeed: results.map((r) => ({
      task: r.task,
      seeds: r.seeds.map((s) => ({
        trainGroupCounts: s.trainGroupCounts,
        inference: s.xrm?.inference,
        results: s.results.map((m) => ({ method: m.method, testAverage: m.testAverage, testWorstGroup: m.testWorstGroup, testPerGroup: m.testPerGroup, testCounts: m.testCounts, trainPerGroup: m.trainPerGroup,
          inferredRegime: { testAverage: m.inferredRegime.testAverage, testWorstGroup: m.inferredRegime.testWorstGroup, testPerGroup: m.inferredRegime.testPerGroup, testCounts: m.inferredRegime.testCounts } })),
      })),
    })),
  };
}
