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
import { runBenchmark, METHODS, type BenchmarkConfig, type BenchmarkRun, type MethodName, type MethodResult } from "./benchmark";
import { spuriousLinearData, FIG1, type LabelledData } from "./spuriousLinear";
import { colorMnist } from "./colorMnist";
import { spuriousMnist } from "./spuriousMnist";
import { linearModel, mlpModel, type Inputs, type Model } from "./models";
import type { FigureSpec, Series } from "./figureSpec";

export type TaskName = "synthetic-linear" | "ColorMNIST" | "Spurious-MNIST";

export interface SyntheticLinearParams { n: number; dim: number; sigmaEps: number; steps: number; lr: number; evalEvery: number; temperature: number }
export interface ColorMnistParams { train: number; val: number; test: number; hidden: number; steps: number; batchSize: number; lr: number; evalEvery: number; temperature: number }
export interface SpuriousMnistParams { train: number; val: number; test: number; features: number; steps: number; lr: number; evalEvery: number; temperature: number }

export type TaskParams =
  | { task: "synthetic-linear"; p: SyntheticLinearParams }
  | { task: "ColorMNIST"; p: ColorMnistParams }
  | { task: "Spurious-MNIST"; p: SpuriousMnistParams };

/** GroupDRO step size η (the XRM README's GroupDRO setting). */
export const GROUP_DRO_ETA = 0.1;

/** Data and benchmark configuration of one task for one seed. */
export function taskSetup(tf: Tf, t: TaskParams, rng: Rng): { data: { train: LabelledData; val: LabelledData; test: LabelledData }; cfg: BenchmarkConfig } {
  if (t.task === "synthetic-linear") {
    const p = t.p;
    const dr = rng.split();
    const mk = (maj: number) => spuriousLinearData({ n: p.n, dim: p.dim, majority: maj, sigmaEps: p.sigmaEps }, dr.split());
    const data = { train: mk(FIG1.majorityTrain), val: mk(FIG1.majorityTest), test: mk(FIG1.majorityTest) };
    const opt = { kind: "sgd" as const, lr: p.lr };
    return { data, cfg: { name: t.task, makeModel: (r) => linearModel(tf, p.dim, 2, r), optimizer: opt, steps: p.steps, evalEvery: p.evalEvery, temperature: p.temperature, xrm: { steps: p.steps, optimizer: opt, classBalanced: false }, groupDroEta: GROUP_DRO_ETA } };
  }
  if (t.task === "ColorMNIST") {
    const p = t.p;
    const data = colorMnist({ train: p.train, val: p.val, test: p.test }, rng.split());
    const opt = { kind: "adam" as const, lr: p.lr };
    return { data, cfg: { name: t.task, makeModel: (r) => mlpModel(tf, [392, p.hidden, p.hidden, 2], "relu", r, "xavier"), optimizer: opt, steps: p.steps, batchSize: p.batchSize, evalEvery: p.evalEvery, temperature: p.temperature, xrm: { steps: p.steps, optimizer: opt, batchSize: p.batchSize, classBalanced: true }, groupDroEta: GROUP_DRO_ETA } };
  }
  const p = t.p;
  const d = spuriousMnist({ train: p.train, val: p.val, test: p.test, features: p.features }, rng.split());
  const opt = { kind: "sgd" as const, lr: p.lr };
  return { data: d, cfg: { name: t.task, makeModel: (r) => linearModel(tf, d.featureDim, 2, r, { bias: true, init: "zero" }), optimizer: opt, steps: p.steps, evalEvery: p.evalEvery, temperature: p.temperature, xrm: { steps: p.steps, optimizer: opt, classBalanced: true }, groupDroEta: GROUP_DRO_ETA } };
}

export interface Table1Result {
  task: TaskName;
  params: TaskParams;
  seeds: BenchmarkRun[];
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
): Table1Result {
  const t0 = Date.now();
  const runs: BenchmarkRun[] = [];
  let steps = 0;
  for (let s = 0; s < seeds; s++) {
    const r = rng.split();
    const { data, cfg } = taskSetup(tf, t, r);
    const run = runBenchmark(tf, cfg, data, r, onModel ? (m, model, inp, shift) => onModel(s, m, model, inp, shift, data.train) : undefined);
    steps += run.results.reduce((a, b) => a + b.steps, 0) + (run.xrm ? 2 * run.xrm.steps : 0);
    runs.push(run);
    if (onSeed) onSeed();
  }
  return { task: t.task, params: t, seeds: runs, wallMs: Date.now() - t0, steps };
}

export interface Table1Row {
  task: string;
  method: MethodName;
  averageMean: number;
  averageSd: number;
  worstGroupMean: number;
  worstGroupSd: number;
  seeds: number;
}

const sd = (xs: number[]) => (xs.length > 1 ? std(xs) : 0);

/** Mean ± sd of test average and worst-group accuracy per (task, method). */
export function table1Rows(results: Table1Result[]): Table1Row[] {
  const rows: Table1Row[] = [];
  for (const r of results) {
    for (const m of METHODS) {
      const av = r.seeds.map((s) => s.results.find((x) => x.method === m)?.testAverage).filter((v): v is number => v !== undefined);
      const wg = r.seeds.map((s) => s.results.find((x) => x.method === m)?.testWorstGroup).filter((v): v is number => v !== undefined);
      if (!av.length) continue;
      rows.push({ task: r.task, method: m, averageMean: mean(av), averageSd: sd(av), worstGroupMean: mean(wg), worstGroupSd: sd(wg), seeds: av.length });
    }
  }
  return rows;
}

/** The per-seed test results of each task (what the claims' standard errors are computed from). */
export interface Table1TaskSeeds {
  task: string;
  seeds: { results: Pick<MethodResult, "method" | "testAverage" | "testWorstGroup" | "testPerGroup" | "testCounts">[] }[];
}

/** Per-seed test accuracies of one (task, method) with their binomial standard errors. */
export interface MethodSeeds {
  average: number[];
  averageSe: number[];
  worstGroup: number[];
  /** binomial SE of the worst group's accuracy over that group's test examples */
  worstGroupSe: number[];
}

/** Per-seed average and worst-group test accuracy of `method` on `task`, with binomial SEs. */
export function methodSeeds(results: Table1TaskSeeds[], task: string, method: MethodName): MethodSeeds {
  const r = results.find((x) => x.task === task);
  if (!r) throw new RangeError(`methodSeeds: no task "${task}"`);
  const out: MethodSeeds = { average: [], averageSe: [], worstGroup: [], worstGroupSe: [] };
  for (const s of r.seeds) {
    const m = s.results.find((x) => x.method === method);
    if (!m) throw new RangeError(`methodSeeds: no method "${method}" on task "${task}"`);
    const n = m.testCounts.reduce((a, b) => a + b, 0);
    let g = -1;
    for (let k = 0; k < m.testPerGroup.length; k++) if (m.testCounts[k] > 0 && (g < 0 || m.testPerGroup[k] < m.testPerGroup[g])) g = k;
    out.average.push(m.testAverage);
    out.averageSe.push(binomialSe(m.testAverage, n));
    out.worstGroup.push(m.testWorstGroup);
    out.worstGroupSe.push(binomialSe(m.testPerGroup[g], m.testCounts[g]));
  }
  return out;
}

/** Mean over seeds of worst-group accuracy of method a minus method b, paired by seed (see analysis.pairedDifference). */
export function worstGroupGap(results: Table1TaskSeeds[], task: string, a: MethodName, b: MethodName): Estimate {
  const A = methodSeeds(results, task, a), B = methodSeeds(results, task, b);
  return pairedDifference(`${a} − ${b}`, A.worstGroup, B.worstGroup, A.worstGroupSe, B.worstGroupSe);
}

/** Mean over seeds of average minus worst-group test accuracy of one method (its accuracy trade-off). */
export function averageMinusWorst(results: Table1TaskSeeds[], task: string, method: MethodName): Estimate {
  const m = methodSeeds(results, task, method);
  return pairedDifference(`${method}: average − worst-group`, m.average, m.worstGroup, m.averageSe, m.worstGroupSe);
}

/** Rows for `nb.table`: formatted mean ± sd strings. */
export function table1Display(rows: Table1Row[]): Record<string, string | number>[] {
  return rows.map((r) => ({
    task: r.task,
    method: r.method,
    "avg acc (mean ± sd)": `${r.averageMean.toFixed(3)} ± ${r.averageSd.toFixed(3)}`,
    "worst-group acc (mean ± sd)": `${r.worstGroupMean.toFixed(3)} ± ${r.worstGroupSd.toFixed(3)}`,
    seeds: r.seeds,
    "paper value": "not available",
  }));
}

/** The stand-in table as a figure: average (panel 0) and worst-group (panel 1) accuracy per task and method. */
export function table1Spec(results: Table1Result[]): FigureSpec & { summary: Table1Row[]; perSeed: Table1TaskSeeds[] } {
  const rows = table1Rows(results);
  const tasks = results.map((r) => r.task);
  const series: Series[] = [];
  METHODS.forEach((m) => {
    const pts = tasks.map((t, i) => ({ i, r: rows.find((r) => r.task === t && r.method === m) })).filter((q): q is { i: number; r: Table1Row } => q.r !== undefined);
    const xs = pts.map((q) => q.i);
    series.push({ name: m, kind: "stand-in", x: xs, y: pts.map((q) => q.r.averageMean), yErr: pts.map((q) => q.r.averageSd), panel: 0, group: m });
    series.push({ name: m, kind: "stand-in", x: xs, y: pts.map((q) => q.r.worstGroupMean), yErr: pts.map((q) => q.r.worstGroupSd), panel: 1, group: m });
  });
  return {
    figure: "table1-standin",
    title: "Table 1 stand-in: average and worst-group test accuracy",
    params: { tasks: results.map((r) => r.params), seeds: results.map((r) => r.seeds.length), groupDroEta: GROUP_DRO_ETA, trainGroupCounts: results.map((r) => r.seeds[0]?.trainGroupCounts) },
    series,
    axes: { x: { title: "task", categories: tasks }, y: { title: "test accuracy", range: [0, 1.02] } },
    errorBars: "mean ± sd over seeds",
    panels: [{ title: "average accuracy" }, { title: "worst-group accuracy" }],
    notes: [
      "Stand-in for Table 1 (Waterbirds, CelebA, MultiNLI, CivilComments cannot be used offline). The paper's Table 1 numbers were not available: none are shown or compared.",
      "Checkpoints chosen by validation worst-group accuracy (true validation groups), as in the paper's first model-selection regime. Error bars: sd over seeds.",
      "[U] every optimiser/size setting of these stand-ins (fixed, no random search).",
    ],
    summary: rows,
    perSeed: results.map((r) => ({
      task: r.task,
      seeds: r.seeds.map((s) => ({ results: s.results.map((m) => ({ method: m.method, testAverage: m.testAverage, testWorstGroup: m.testWorstGroup, testPerGroup: m.testPerGroup, testCounts: m.testCounts })) })),
    })),
  };
}
