/**
 * Fig. 2 stand-in: where memorization concentrates. Per-group distributions of the exact (float64)
 * self-influence of the training examples of a linear head trained by ERM and by MAT on
 * Spurious-MNIST (the paper uses Waterbirds and an estimator not given in its code).
 * Each model is scored on its own training objective (MAT: shifted logits).
 */
import { createRng, type Rng } from "../../maths/random";
import { mean, stderr } from "../../maths/stats";
import type { Tf } from "./tfjs";
import { runBenchmark, type MethodName } from "./benchmark";
import { trainClassifier, type OptimizerSettings } from "./training";
import { taskSetup, type SpuriousMnistParams } from "./table1";
import { disposeInputs, predictAll, toInputs, type Inputs, type Model } from "./models";
import type { LabelledData } from "./spuriousLinear";
import { classOneProbability, leaveOneOutSelfInfluence, linearHeadSelfInfluence } from "./selfInfluence";
import type { FigureSpec, Series } from "./figureSpec";
import type { Estimate } from "../../lab/checks";

export const GROUP_NAMES = ["y=4, patch left (majority)", "y=4, patch right (minority)", "y=9, patch left (minority)", "y=9, patch right (majority)"];

export interface SelfInfluenceByGroup {
  method: MethodName;
  /** "ERM", "MAT" (scored on the predictor f's own cross-entropy) or "MAT (shifted training loss)". */
  label: string;
  /** Leave-one-out self-influence on the own prediction, per group. */
  groups: number[][];
  meanPerGroup: number[];
  /** The leave-one-out score of every training example (index order). */
  perExample: Float64Array;
  /** Influence-function SI g_iᵀ(H+δI)⁻¹g_i, mean per group. */
  meanIfPerGroup: number[];
  damping: number;
  testWorstGroup: number;
}

export interface Fig2Result {
  params: SpuriousMnistParams;
  byMethod: SelfInfluenceByGroup[];
  wallMs: number;
  /** One-Newton-step estimate vs real leave-one-out retraining on a random subset (per method). */
  validation?: LooValidation[];
  /** Held-in minus held-out log-probability of the own label, per method and group. */
  heldInOut?: { method: MethodName; groups: number[][] }[];
}

/**
 * Memorization score from two half-trained models (as XRM's held-in / held-out split): the training set is split in two
 * random halves, one model is trained on each (same initialisation, objective, optimiser and steps; MAT keeps each
 * example's shift), and example i scores log p_in(y_i|x_i) − log p_out(y_i|x_i), "in" the model that trained on i.
 * Scored on the predictor f (without the MAT shift).
 */
export function heldInHeldOutScores(tf: Tf, makeModel: (rng: Rng) => Model, optimizer: OptimizerSettings, tr: LabelledData, shift: Float64Array | undefined, steps: number, rng: Rng, seed = 0): Float64Array {
  const half = new Uint8Array(tr.n);
  for (let i = 0; i < tr.n; i++) half[i] = rng.uniform() < 0.5 ? 1 : 0;
  const allIn = toInputs(tf, tr.x, tr.n, tr.dim);
  const logits: Float32Array[] = [];
  for (const h of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < tr.n; i++) if (half[i] === h) idx.push(i);
    const x = new Float32Array(idx.length * tr.dim), y = new Int32Array(idx.length);
    const sh = shift ? new Float64Array(2 * idx.length) : undefined;
    idx.forEach((i, j) => { x.set(tr.x.subarray(i * tr.dim, (i + 1) * tr.dim), j * tr.dim); y[j] = tr.y[i]; if (sh && shift) { sh[2 * j] = shift[2 * i]; sh[2 * j + 1] = shift[2 * i + 1]; } });
    const inp = toInputs(tf, x, idx.length, tr.dim);
    const m = makeModel(createRng(seed));
    trainClassifier(tf, { model: m, inputs: inp, y, numClasses: 2, objective: sh ? { kind: "mat", shift: sh } : { kind: "erm" }, optimizer, steps, rng: createRng(seed) });
    disposeInputs(inp);
    logits.push(predictAll(tf, m, allIn));
    m.dispose();
  }
  disposeInputs(allIn);
  const out = new Float64Array(tr.n);
  for (let i = 0; i < tr.n; i++) {
    const pin = ownProbability(logits[half[i]], i, tr.y[i]), pout = ownProbability(logits[1 - half[i]], i, tr.y[i]);
    out[i] = Math.log(Math.max(pin, 1e-12)) - Math.log(Math.max(pout, 1e-12));
  }
  return out;
}

export interface LooValidation {
  method: MethodName;
  index: number[];
  group: number[];
  /** one-Newton-step estimate P(y_i|x_i) − P₋ᵢ(y_i|x_i) */
  estimate: number[];
  /** the same from retraining without example i (same initialisation, objective and number of steps) */
  retrained: number[];
}

function ownProbability(logits: ArrayLike<number>, row: number, y: number): number {
  const a = logits[2 * row], b = logits[2 * row + 1];
  const p1 = 1 / (1 + Math.exp(a - b));
  return y === 1 ? p1 : 1 - p1;
}

/**
 * Real leave-one-out self-influence P(y_i|x_i) − P₋ᵢ(y_i|x_i) of the predictor f: the model is retrained from the same
 * initialisation (makeModel(createRng(seed))), with the same objective (MAT: each remaining example keeps its shift),
 * optimiser and number of full-batch steps, once on all n examples and once without each example in `indices`.
 */
export function retrainedSelfInfluence(
  tf: Tf, makeModel: (rng: Rng) => Model, optimizer: OptimizerSettings, tr: LabelledData, shift: Float64Array | undefined, steps: number, indices: number[], seed = 0,
): number[] {
  const fit = (x: Float32Array, y: Int32Array, sh: Float64Array | undefined, n: number) => {
    const inp = toInputs(tf, x, n, tr.dim);
    const m = makeModel(createRng(seed));
    trainClassifier(tf, { model: m, inputs: inp, y, numClasses: 2, objective: sh ? { kind: "mat", shift: sh } : { kind: "erm" }, optimizer, steps, rng: createRng(seed) });
    disposeInputs(inp);
    return m;
  };
  const full = fit(tr.x, tr.y, shift, tr.n);
  const allIn = toInputs(tf, tr.x, tr.n, tr.dim);
  const pFull = predictAll(tf, full, allIn);
  disposeInputs(allIn);
  full.dispose();
  const out: number[] = [];
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= tr.n) throw new RangeError(`retrainedSelfInfluence: index out of range, got ${i}`);
    const n1 = tr.n - 1;
    const x = new Float32Array(n1 * tr.dim);
    x.set(tr.x.subarray(0, i * tr.dim), 0);
    x.set(tr.x.subarray((i + 1) * tr.dim), i * tr.dim);
    const y = new Int32Array(n1);
    y.set(tr.y.subarray(0, i), 0);
    y.set(tr.y.subarray(i + 1), i);
    let sh: Float64Array | undefined;
    if (shift) { sh = new Float64Array(2 * n1); sh.set(shift.subarray(0, 2 * i), 0); sh.set(shift.subarray(2 * (i + 1)), 2 * i); }
    const m = fit(x, y, sh, n1);
    const one = toInputs(tf, tr.x.slice(i * tr.dim, (i + 1) * tr.dim), 1, tr.dim);
    const pl = predictAll(tf, m, one);
    disposeInputs(one);
    m.dispose();
    out.push(ownProbability(pFull, i, tr.y[i]) - ownProbability(pl, 0, tr.y[i]));
  }
  return out;
}

/**
 * Scores every training example of a trained two-class linear head (ERM or MAT): leave-one-out
 * self-influence on the predictor's own cross-entropy, plus (MAT) the same on the shifted loss.
 */
export function scoreSelfInfluence(tf: Tf, method: MethodName, model: Model, inputs: Inputs, shift: Float64Array | undefined, tr: LabelledData, dampingRel = 1e-3): SelfInfluenceByGroup[] {
  const out: SelfInfluenceByGroup[] = [];
  const logits = predictAll(tf, model, inputs);
  const u = new Float64Array(tr.n);
  for (let i = 0; i < tr.n; i++) u[i] = logits[2 * i + 1] - logits[2 * i];
  const variants: { label: string; shift?: Float64Array }[] = [{ label: method }];
  if (shift) variants.push({ label: `${method} (shifted training loss)`, shift });
  for (const v of variants) {
    const prob = classOneProbability(logits, v.shift);
    const si = linearHeadSelfInfluence(tr.x, tr.n, tr.dim, tr.y, prob, { dampingRel });
    const loo = leaveOneOutSelfInfluence(si, tr.y, prob, u);
    const groups: number[][] = [[], [], [], []];
    const ifg: number[][] = [[], [], [], []];
    for (let i = 0; i < tr.n; i++) {
      groups[tr.g[i]].push(loo[i]);
      ifg[tr.g[i]].push(si.values[i]);
    }
    out.push({ method, label: v.label, groups, meanPerGroup: groups.map((g) => mean(g)), perExample: loo, meanIfPerGroup: ifg.map((g) => mean(g)), damping: si.damping, testWorstGroup: NaN });
  }
  return out;
}

/**
 * Trains ERM and MAT once on Spurious-MNIST and scores every training example. With `looCount` > 0, the score is
 * validated against real leave-one-out retraining on looCount/2 random minority and looCount/2 random majority examples.
 */
export function runFig2(tf: Tf, p: SpuriousMnistParams, rng: Rng, dampingRel = 1e-3, looCount = 0): Fig2Result {
  const t0 = Date.now();
  const { data, cfg } = taskSetup(tf, { task: "Spurious-MNIST", p }, rng);
  const out: SelfInfluenceByGroup[] = [];
  const run = runBenchmark(tf, { ...cfg, methods: ["ERM", "MAT"] }, data, rng, (method, model, inputs, shift) => {
    out.push(...scoreSelfInfluence(tf, method, model, inputs, shift, data.train, dampingRel));
  });
  for (const r of run.results) for (const o of out) if (o.method === r.method) o.testWorstGroup = r.testWorstGroup;
  let validation: LooValidation[] | undefined;
  if (looCount > 0) {
    const tr = data.train;
    const minority: number[] = [], majority: number[] = [];
    for (let i = 0; i < tr.n; i++) (tr.a[i] !== tr.y[i] ? minority : majority).push(i);
    const vr = rng.split();
    const index = [...vr.shuffle(minority).slice(0, Math.ceil(looCount / 2)), ...vr.shuffle(majority).slice(0, Math.floor(looCount / 2))];
    validation = run.results.map((r) => {
      const est = out.find((o) => o.label === r.method) as SelfInfluenceByGroup;
      return { method: r.method, index, group: index.map((i) => tr.g[i]), estimate: index.map((i) => est.perExample[i]),
        retrained: retrainedSelfInfluence(tf, cfg.makeModel, cfg.optimizer, tr, r.shift, r.selectedStep, index) };
    });
  }
  const hr = rng.split();
  const heldInOut = run.results.map((r) => {
    const sc = heldInHeldOutScores(tf, cfg.makeModel, cfg.optimizer, data.train, r.shift, r.selectedStep, hr);
    const groups: number[][] = [[], [], [], []];
    for (let i = 0; i < data.train.n; i++) groups[data.train.g[i]].push(sc[i]);
    return { method: r.method, groups };
  });
  return { params: p, byMethod: out, wallMs: Date.now() - t0, validation, heldInOut };
}

/** Estimate-vs-retraining summary of one method: ratio of means, Pearson correlation, per-group means. */
export function looValidationSummary(v: LooValidation): { method: MethodName; count: number; meanEstimate: number; meanRetrained: number; ratio: number; pearson: number } {
  const me = mean(v.estimate), mr = mean(v.retrained);
  let sxy = 0, sxx = 0, syy = 0;
  for (let k = 0; k < v.estimate.length; k++) { const a = v.estimate[k] - me, b = v.retrained[k] - mr; sxy += a * b; sxx += a * a; syy += b * b; }
  return { method: v.method, count: v.estimate.length, meanEstimate: me, meanRetrained: mr, ratio: me / mr, pearson: sxy / Math.sqrt(sxx * syy) };
}

function histogram(values: number[], lo: number, hi: number, bins: number): { x: number[]; y: number[] } {
  const w = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / w)));
    counts[b]++;
  }
  return { x: counts.map((_, i) => lo + (i + 0.5) * w), y: counts.map((c) => c / (values.length * w)) };
}

/** Densities of the leave-one-out self-influence per group (one panel per method) and per-group means. */
export function fig2Spec(res: Fig2Result, bins = 25): FigureSpec & { summary: { label: string; meanPerGroup: number[]; sePerGroup: number[]; countPerGroup: number[]; meanIfPerGroup: number[]; testWorstGroup: number }[]; validation: LooValidation[]; heldInOut: { label: string; meanPerGroup: number[]; sePerGroup: number[]; countPerGroup: number[] }[] } {
  const series: Series[] = [];
  const main = res.byMethod.filter((m) => m.label === m.method);
  const all = main.flatMap((m) => m.groups.flat());
  const lo = Math.min(0, Math.floor(Math.min(...all) * 20) / 20);
  const hi = Math.max(0.05, Math.ceil(Math.max(...all) * 20) / 20);
  main.forEach((m, p) => {
    m.groups.forEach((g, gi) => {
      const h = histogram(g, lo, hi, bins);
      series.push({ name: `${GROUP_NAMES[gi]} (${m.method})`, kind: "stand-in", x: h.x, y: h.y, panel: p, style: "lines", group: `g${gi}` });
    });
  });
  (res.heldInOut ?? []).forEach((h) => {
    series.push({ name: `held-in − held-out log p(own label), ${h.method}`, kind: "stand-in", x: [0, 1, 2, 3], y: h.groups.map((g) => mean(g)), yErr: h.groups.map((g) => stderr(g)), panel: main.length + 1, style: "lines+markers", group: `hiho-${h.method}` });
  });
  res.byMethod.forEach((m) => {
    series.push({ name: `mean self-influence, ${m.label}`, kind: "stand-in", x: [0, 1, 2, 3], y: m.meanPerGroup, yErr: m.groups.map((g) => stderr(g)), panel: main.length, style: "lines+markers", group: m.label });
  });
  return {
    figure: "fig2-standin",
    title: "Fig. 2 stand-in: self-influence of training examples per group, ERM vs MAT (Spurious-MNIST, linear head)",
    params: { ...res.params, damping: res.byMethod.map((m) => m.damping), groups: GROUP_NAMES, meanInfluenceFunctionSI: res.byMethod.map((m) => ({ variant: m.label, perGroup: m.meanIfPerGroup })) },
    series,
    axes: { x: { title: "self-influence (Δ p(own label), left out)" }, y: { title: "density" } },
    groupLabels: Object.fromEntries(GROUP_NAMES.map((g, gi) => [`g${gi}`, g])),
    panels: [
      ...main.map((m) => ({ title: `${m.method} (test WGA ${m.testWorstGroup.toFixed(2)})` })),
      { title: "mean per group (1, 2 = minority)", axes: { x: { title: "group g = 2y + a", categories: ["0: y=4, left (maj.)", "1: y=4, right (min.)", "2: y=9, left (min.)", "3: y=9, right (maj.)"] }, y: { title: "mean self-influence" } } },
      ...(res.heldInOut?.length ? [{ title: "held-in − held-out log-probability of the own label (two half-trained models), mean per group", axes: { x: { title: "group g = 2y + a", categories: ["0: y=4, left (maj.)", "1: y=4, right (min.)", "2: y=9, left (min.)", "3: y=9, right (maj.)"] }, y: { title: "log p_in − log p_out" } } }] : []),
    ],
    notes: [
      "Stand-in for Fig. 2 (Waterbirds ResNet-50 features are unavailable offline; the paper's estimator is not in its code).",
      "Self-influence here = P(yᵢ|xᵢ) − P₋ᵢ(yᵢ|xᵢ): exact one-Newton-step leave-one-out of the linear head (float64, Sherman–Morrison), scored on the cross-entropy of the predictor f(x) (for MAT without the shift, a [U] choice); damping δ = 1e-3·tr(H)/dim.",
      "'MAT (shifted training loss)' scores the same MAT model on its shifted training objective instead (mean only): the ranking of methods depends on this choice, see the notebook.",
      "The influence-function score g_iᵀ(H+δI)⁻¹g_i per group is recorded in params.meanInfluenceFunctionSI.",
    ],
    validation: res.validation ?? [],
    heldInOut: (res.heldInOut ?? []).map((h) => ({ label: h.method, meanPerGroup: h.groups.map((g) => mean(g)), sePerGroup: h.groups.map((g) => stderr(g)), countPerGroup: h.groups.map((g) => g.length) })),
    summary: res.byMethod.map((m) => ({ label: m.label, meanPerGroup: m.meanPerGroup, sePerGroup: m.groups.map((g) => stderr(g)), countPerGroup: m.groups.map((g) => g.length), meanIfPerGroup: m.meanIfPerGroup, testWorstGroup: m.testWorstGroup })),
  };
}

/** Mean self-influence of one group under one scoring variant, with its SE over the group's training examples. */
export function fig2GroupMean(summary: { label: string; meanPerGroup: number[]; sePerGroup: number[] }[], variant: string, group: number): Estimate {
  const s = summary.find((x) => x.label === variant);
  if (!s) throw new RangeError(`fig2GroupMean: no variant "${variant}"`);
  return { label: `${variant}, g${group}`, mean: s.meanPerGroup[group], se: s.sePerGroup[group] };
}
