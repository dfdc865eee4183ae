/**
 * Table 1 at reduced scale: how well the linearized closed form (and a Gauss–Newton influence function) predicts
 * the effect of removing one training example from a REAL network trained by full-batch GD from the same
 * initialisation. Ground truth: retraining without each of K excluded examples. Entries: Pearson correlations of
 * ‖w − w₋ᵢ‖² and ‖f(X_val) − f₋ᵢ(X_val)‖² over the K examples.
 */
import type { Rng } from "../../maths/random";
import { asMatrix, matmul, solveSPD } from "../../maths/linalg/index";
import { drawDigitSplits, requests, type Dataset } from "./digits";
import { flatParams, forward, initMlp, mlpNtk, trainMlp, type Mlp } from "./mlp";
import { cnnBatchLossGradient, cnnForward, cnnJacobian, initCnn, trainCnn, type Cnn, type CnnShape } from "./cnn";
import { finiteDifferenceHvp, lissa, lissaBatch, mlpLissaInfluence, type LissaOptions } from "./lissa";
import { fastLeaveOneOut, kernelEigen, predictionChange, validationMap, weightChange, type LinearizedProblem } from "./linearized";
import { pearson } from "./metrics";
import { subset } from "./digits";
import type { FigureSpec, Series } from "./figure-spec";

export interface Table1Options {
  nTrain: number;
  nVal: number;
  hidden: number;
  /** η·λ_max(Θ₀) of the full run; the code's lr is derived from it */
  etaLambdaMax: number;
  steps: number;
  /** number of excluded examples retrained (ground truth) */
  excluded: number;
  /** the code's l2_reg_coef values (λ = n·l2) */
  l2s: number[];
  /** damping of the influence-function Hessian (added to λ) */
  damping: number;
  pool: number;
  /** LiSSA influence functions (the paper's estimator): depth, scale, repeats and damping for λ = 0 / λ > 0; null: skipped */
  lissa: { depth: number; scale: number; repeats: number; damping: number; dampingRegularized: number } | null;
}

/** One excluded example: ground truth and the two estimates, weights and predictions. */
export interface Table1Row {
  l2: number;
  index: number;
  label: number;
  realWeights: number;
  realPredictions: number;
  linWeights: number;
  linPredictions: number;
  ifWeights: number;
  ifPredictions: number;
  /** LiSSA influence functions (NaN when skipped) */
  lissaWeights: number;
  lissaPredictions: number;
}

export interface Table1Result {
  rows: Table1Row[];
  lr: number;
  /** real vs linearized full-data run: validation accuracy and relative output gap */
  realValAccuracy: number;
  linValAccuracy: number;
  outputGap: number;
  retrainSeconds: number;
  lissaSeconds: number;
  /** minibatch size of the LiSSA recursion */
  lissaBatch: number;
}

function sqDist(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s;
}

function acc(F: Float64Array, labels: Int32Array): number {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if ((F[i] > 0.5 ? 1 : 0) === labels[i]) ok++;
  return ok / labels.length;
}

/** Disjoint MNIST 4-vs-9 sets of the given sizes (labels 0/1, one output), drawn in one pass. */
export function fourNineSets(sizes: number[], pool: number, rng: Rng): Dataset[] {
  return drawDigitSplits(sizes.map((n) => requests([{ digit: 4, label: 0, count: Math.floor(n / 2) }, { digit: 9, label: 1, count: n - Math.floor(n / 2) }], rng)), 1, pool, rng);
}

/** MNIST 4 vs 9 training and validation sets, disjoint. */
export function fourNineSplits(nTrain: number, nVal: number, pool: number, rng: Rng): [Dataset, Dataset] {
  return fourNineSets([nTrain, nVal], pool, rng) as [Dataset, Dataset];
}

/** What Table 1 needs from a network: its kernels at init and at trained weights, and real training. */
export interface Table1Net<W> {
  init: W;
  /** NTK Θ(X₁, X₂) at weights w (X₂ omitted: the symmetric training kernel) */
  ntk(w: W, X1: Float64Array, n1: number, X2?: Float64Array, n2?: number): Float64Array;
  forward(w: W, X: Float64Array, n: number): Float64Array;
  train(X: Float64Array, Y: Float64Array, n: number, lr: number, steps: number, l2: number): W;
  flat(w: W): Float64Array;
  /** LiSSA influence (the code's estimator) of the examples `idx` at trained weights w: ‖Δw_i‖² and ‖J_val Δw_i‖² */
  lissa(w: W, X: Float64Array, Y: Float64Array, n: number, Xval: Float64Array, nVal: number, l2: number, idx: number[], o: LissaOptions, rng: Rng): { weights: number[]; predictions: number[] };
}

/** The MLP of the paper's MNIST column (closed-form NTK, float64 GD). */
export function mlpTable1Net(dim: number, hidden: number, rng: Rng): Table1Net<Mlp> {
  const init = initMlp(dim, hidden, 1, rng);
  return {
    init,
    ntk: (w, X1, n1, X2, n2) => mlpNtk(w, X1, n1, X2, n2),
    forward: (w, X, n) => forward(w, X, n),
    train: (X, Y, n, lr, steps, l2) => trainMlp(init, X, Y, n, { lr, steps, l2 }),
    flat: flatParams,
    lissa: (w, X, Y, n, Xv, nv, l2, idx, o, r) => mlpLissaInfluence(w, X, Y, n, Xv, nv, l2, idx, o, r),
  };
}

/**
 * Runs the reduced Table 1 for one network: real retraining of the full set and of K leave-one-out sets per l2
 * (same initialisation), the exact linearized estimates, and Gauss–Newton influence functions at the trained weights.
 */
export function runTable1<W>(o: Table1Options, makeNet: (dim: number, rng: Rng) => Table1Net<W>, rng: Rng): Table1Result {
  if (o.excluded < 3 || o.excluded > o.nTrain) throw new RangeError(`runTable1: excluded must be in [3, nTrain], got ${o.excluded}`);
  const [train, val] = fourNineSplits(o.nTrain, o.nVal, o.pool, rng);
  const n = train.n;
  const net = makeNet(train.dim, rng);
  const init = net.init;
  const theta = net.ntk(init, train.X, n);
  const eig = kernelEigen(theta, n);
  const lr = (o.etaLambdaMax * n) / eig.values[n - 1];
  const thetaVal = net.ntk(init, val.X, val.n, train.X, n);
  const vmap = validationMap(thetaVal, val.n, eig);
  const f0 = net.forward(init, train.X, n), f0Val = net.forward(init, val.X, val.n);
  const r0 = Float64Array.from(f0, (v, i) => v - train.Y[i]);
  const excluded = rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, o.excluded).sort((a, b) => a - b);
  const rows: Table1Row[] = [];
  let realValAccuracy = 0, linValAccuracy = 0, outputGap = 0, lissaSeconds = 0;
  const t0 = Date.now();
  for (const l2 of o.l2s) {
    const prob: LinearizedProblem = { theta, n, k: 1, r0, lr, l2 };
    const loo = fastLeaveOneOut(prob, [o.steps], eig);
    const linW = weightChange(loo.diffs[0], eig, n), linF = predictionChange(loo.diffs[0], vmap, n, 1);
    const full = net.train(train.X, train.Y, n, lr, o.steps, l2);
    const wFull = net.flat(full), fFull = net.forward(full, val.X, val.n);
    if (l2 === o.l2s[0]) {
      realValAccuracy = acc(fFull, val.labels);
      const d = matmul(vmap, asMatrix(n, 1, loo.full[0])).data;
      const fLin = Float64Array.from(f0Val, (v, i) => v + d[i]);
      linValAccuracy = acc(fLin, val.labels);
      outputGap = Math.sqrt(sqDist(fFull, fLin) / fFull.reduce((s, v) => s + v * v, 0));
    }
    // Gauss–Newton influence at the trained weights: Δw ≈ (JᵀJ + (λ+δ)I)⁻¹J_iᵀr_i = Jᵀ(Θ_T + (λ+δ)I)⁻¹e_i r_i
    const thT = net.ntk(full, train.X, n), thTv = net.ntk(full, val.X, val.n, train.X, n);
    const fT = net.forward(full, train.X, n);
    const damp = n * l2 + o.damping;
    const thD = thT.slice();
    for (let i = 0; i < n; i++) thD[i * n + i] += damp;
    const thTm = asMatrix(n, n, thD);
    let lis: { weights: number[]; predictions: number[] } | undefined;
    if (o.lissa) {
      const lo: LissaOptions = { depth: o.lissa.depth, scale: o.lissa.scale, repeats: o.lissa.repeats, damping: l2 > 0 ? o.lissa.dampingRegularized : o.lissa.damping, batch: lissaBatch(n) };
      const tl = Date.now();
      lis = net.lissa(full, train.X, train.Y, n, val.X, val.n, l2, excluded, lo, rng.split());
      lissaSeconds += (Date.now() - tl) / 1000;
    }
    for (const [ei, i] of excluded.entries()) {
      const keep = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
      const s = subset(train, keep);
      const m = net.train(s.X, s.Y, n - 1, lr, o.steps, l2);
      const e = new Float64Array(n);
      e[i] = fT[i] - train.Y[i];
      const v = solveSPD(thTm, e);
      let wq = 0;
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) wq += v[a] * thT[a * n + b] * v[b];
      const df = matmul(asMatrix(val.n, n, thTv), asMatrix(n, 1, v)).data;
      rows.push({
        l2, index: i, label: train.labels[i],
        realWeights: sqDist(wFull, net.flat(m)), realPredictions: sqDist(fFull, net.forward(m, val.X, val.n)),
        linWeights: linW[i], linPredictions: linF[i] * val.n,
        ifWeights: wq, ifPredictions: df.reduce((q, x) => q + x * x, 0),
        lissaWeights: lis ? lis.weights[ei] : NaN, lissaPredictions: lis ? lis.predictions[ei] : NaN,
      });
    }
  }
  return { rows, lr, realValAccuracy, linValAccuracy, outputGap, retrainSeconds: (Date.now() - t0) / 1000 - lissaSeconds, lissaSeconds, lissaBatch: lissaBatch(n) };
}

/** A CNN Table-1 net from given initial weights (float64, empirical NTK from exact per-example gradients). */
export function cnnNetFrom(init: Cnn): Table1Net<Cnn> {
  const P = init.theta.length;
  return {
    init,
    ntk: (w, X1, n1, X2, n2) => {
      const A = cnnJacobian(w, X1, n1), B = X2 ? cnnJacobian(w, X2, n2!) : A;
      return matmul(asMatrix(n1, P, A), asMatrix(X2 ? n2! : n1, P, B), { transB: true }).data;
    },
    forward: (w, X, n) => cnnForward(w, X, n),
    train: (X, Y, n, lr, steps, l2) => trainCnn(init, X, Y, n, { lr, steps, l2 }),
    flat: (w) => w.theta,
    lissa: (w, X, Y, n, Xv, nv, l2, idx, o, r) => cnnLissaInfluence(w, X, Y, n, Xv, nv, l2, idx, o, r),
  };
}

/** The scratch CNN. */
export function cnnTable1Net(shape: Omit<CnnShape, "side">): (dim: number, rng: Rng) => Table1Net<Cnn> {
  return (dim, rng) => cnnNetFrom(initCnn({ side: Math.round(Math.sqrt(dim)), ...shape }, rng));
}

/** Pretraining of the CNN on digits outside the 4-vs-9 task (the analogue of the paper's EMNIST-letters pretraining). */
export interface PretrainOptions {
  /** digits labelled 0 and 1 in the pretext task (none may be 4 or 9) */
  digits0: number[];
  digits1: number[];
  perDigit: number;
  steps: number;
  /** η·λ_max(Θ₀) of the pretraining run */
  etaLambdaMax: number;
}

/** What pretraining reached (filled in by the net factory). */
export interface PretrainInfo { trainAccuracy: number; lr: number; n: number }

/**
 * The same CNN, first trained by full-batch GD on a pretext task made of other digits (e.g. 0–3 vs 5–8), then given a
 * fresh output layer (the paper replaces the 26-way head by one output [V]) and fine-tuned on 4 vs 9 from there; the
 * linearization is taken around these pretrained weights. The pretext task and sizes are choices here [U].
 */
export function pretrainedCnnTable1Net(shape: Omit<CnnShape, "side">, pre: PretrainOptions, info?: PretrainInfo): (dim: number, rng: Rng) => Table1Net<Cnn> {
  if ([...pre.digits0, ...pre.digits1].some((d) => d === 4 || d === 9)) throw new RangeError("pretrainedCnnTable1Net: the pretext task must not use 4s or 9s");
  return (dim, rng) => {
    const side = Math.round(Math.sqrt(dim)), pool = 28 / side;
    const c0 = initCnn({ side, ...shape }, rng);
    const plan = [...pre.digits0.map((d) => ({ digit: d, label: 0, count: pre.perDigit })), ...pre.digits1.map((d) => ({ digit: d, label: 1, count: pre.perDigit }))];
    const [ds] = drawDigitSplits([requests(plan, rng)], 1, pool, rng);
    const J = cnnJacobian(c0, ds.X, ds.n), P = c0.theta.length;
    const th = matmul(asMatrix(ds.n, P, J), asMatrix(ds.n, P, J), { transB: true }).data;
    const lr = (pre.etaLambdaMax * ds.n) / kernelEigen(th, ds.n).values[ds.n - 1];
    const trained = trainCnn(c0, ds.X, ds.Y, ds.n, { lr, steps: pre.steps });
    if (info) { info.trainAccuracy = acc(cnnForward(trained, ds.X, ds.n), ds.labels); info.lr = lr; info.n = ds.n; }
    // fresh one-output head, PyTorch default init U(±1/√fan_in)
    const theta = trained.theta.slice(), f = shape.c2 * trained.s2 * trained.s2, oW = P - 1 - f, s = 1 / Math.sqrt(f);
    for (let q = oW; q < P; q++) theta[q] = s * (2 * rng.uniform() - 1);
    return cnnNetFrom({ ...trained, theta });
  };
}

/**
 * LiSSA influence for the CNN in its flat parameter space: v_i = r_i∇f(x_i) at the trained weights, minibatch
 * Hessian-vector products by differences of exact gradients, Δw_i = (1/n)·LiSSA(v_i) [V recursion, U HVP].
 */
export function cnnLissaInfluence(w: Cnn, X: Float64Array, Y: Float64Array, n: number, Xval: Float64Array, nVal: number, l2: number,
  idx: number[], o: LissaOptions, rng: Rng): { weights: number[]; predictions: number[] } {
  const P = w.theta.length, J = cnnJacobian(w, X, n), f = cnnForward(w, X, n), K = idx.length;
  const v = new Float64Array(K * P);
  idx.forEach((i, k) => { const r = f[i] - Y[i]; for (let q = 0; q < P; q++) v[k * P + q] = r * J[i * P + q]; });
  const hvp = finiteDifferenceHvp(w.theta, cnnBatchLossGradient(w, X, Y, n, true), l2);
  const est = lissa(hvp, v, n, o, rng);
  for (let q = 0; q < est.length; q++) est[q] /= n;
  const Jv = cnnJacobian(w, Xval, nVal);
  const D = matmul(asMatrix(K, P, est), asMatrix(nVal, P, Jv), { transB: true }).data;
  return {
    weights: idx.map((_, k) => { let s = 0; for (let q = 0; q < P; q++) s += est[k * P + q] ** 2; return s; }),
    predictions: idx.map((_, k) => { let s = 0; for (let a = 0; a < nVal; a++) s += D[k * nVal + a] ** 2; return s; }),
  };
}

/** Pearson correlations of one l2 setting: linearization and influence functions, weights and predictions. */
export function table1Correlations(rows: Table1Row[], l2: number): { linWeights: number; ifWeights: number; linPredictions: number; ifPredictions: number; lissaWeights: number; lissaPredictions: number } {
  const r = rows.filter((x) => x.l2 === l2);
  const col = (f: (x: Table1Row) => number) => r.map(f);
  return {
    linWeights: pearson(col((x) => x.linWeights), col((x) => x.realWeights)),
    ifWeights: pearson(col((x) => x.ifWeights), col((x) => x.realWeights)),
    linPredictions: pearson(col((x) => x.linPredictions), col((x) => x.realPredictions)),
    ifPredictions: pearson(col((x) => x.ifPredictions), col((x) => x.realPredictions)),
    lissaWeights: r.some((x) => Number.isNaN(x.lissaWeights)) ? NaN : pearson(col((x) => x.lissaWeights), col((x) => x.realWeights)),
    lissaPredictions: r.some((x) => Number.isNaN(x.lissaPredictions)) ? NaN : pearson(col((x) => x.lissaPredictions), col((x) => x.realPredictions)),
  };
}

/** The paper's Table 1, MNIST MLP (scratch) and MNIST CNN scratch columns (paper's reported values). */
export const PAPER_TABLE1 = {
  mlp: { l2_0: { linWeights: 0.987, ifWeights: 0.935, linPredictions: 0.993, ifPredictions: 0.920 }, l2_1: { linWeights: 0.977, ifWeights: 0.978, linPredictions: 0.993, ifPredictions: 0.990 } },
  cnnScratch: { l2_0: { linWeights: 0.193, ifWeights: 0.319, linPredictions: 0.033, ifPredictions: 0.647 }, l2_1: { linWeights: -0.012, ifWeights: 0.069, linPredictions: 0.070, ifPredictions: 0.407 } },
  cnnPretrained: { l2_0: { linWeights: 0.870, ifWeights: 0.736, linPredictions: 0.875, ifPredictions: 0.770 }, l2_1: { linWeights: 0.964, ifWeights: 0.979, linPredictions: 0.974, ifPredictions: 0.954 } },
} as const;

/** Scatter of estimate vs ground truth (log–log), one panel per measure, plus the paper's correlations. */
export function table1Spec(res: Table1Result, o: Table1Options): FigureSpec {
  const series: Series[] = [];
  const panels = [{ title: "‖w − w₋ᵢ‖² (weights)" }, { title: "‖f(X_val) − f₋ᵢ(X_val)‖² (predictions)" }];
  o.l2s.forEach((l2) => {
    const r = res.rows.filter((x) => x.l2 === l2);
    const tag = `λ = ${o.nTrain * l2}`;
    series.push({ name: `linearization, ${tag}`, kind: "simulation", x: r.map((x) => x.realWeights), y: r.map((x) => x.linWeights), panel: 0, group: `lin${l2}` });
    series.push({ name: `influence (Gauss–Newton), ${tag}`, kind: "simulation", x: r.map((x) => x.realWeights), y: r.map((x) => x.ifWeights), panel: 0, group: `if${l2}` });
    series.push({ name: `linearization, ${tag}`, kind: "simulation", x: r.map((x) => x.realPredictions), y: r.map((x) => x.linPredictions), panel: 1, group: `lin${l2}` });
    if (o.lissa) {
      series.push({ name: `influence (LiSSA), ${tag}`, kind: "simulation", x: r.map((x) => x.realWeights), y: r.map((x) => x.lissaWeights), panel: 0, group: `lissa${l2}` });
      series.push({ name: `influence (LiSSA), ${tag}`, kind: "simulation", x: r.map((x) => x.realPredictions), y: r.map((x) => x.lissaPredictions), panel: 1, group: `lissa${l2}` });
    }
    series.push({ name: `influence (Gauss–Newton), ${tag}`, kind: "simulation", x: r.map((x) => x.realPredictions), y: r.map((x) => x.ifPredictions), panel: 1, group: `if${l2}` });
  });
  for (const p of [0, 1]) {
    const all = res.rows.map((x) => (p === 0 ? x.realWeights : x.realPredictions));
    const lo = Math.min(...all), hi = Math.max(...all);
    series.push({ name: "y = x", kind: "theory", x: [lo, hi], y: [lo, hi], panel: p, group: "diag", reference: true });
  }
  const metrics: Record<string, number> = { lr: res.lr, realValAccuracy: res.realValAccuracy, linValAccuracy: res.linValAccuracy, outputGap: res.outputGap, retrainSeconds: res.retrainSeconds, lissaSeconds: res.lissaSeconds, lissaBatch: res.lissaBatch };
  for (const l2 of o.l2s) {
    const c = table1Correlations(res.rows, l2);
    for (const [k, v] of Object.entries(c)) if (!Number.isNaN(v)) metrics[`${k}_l2_${l2}`] = v;
  }
  return {
    figure: "table1", title: "Table 1 (reduced) — removing one example: real retraining vs the linearized closed form",
    params: { ...o }, series, axes: { x: { title: "real retraining (ground truth)", log: true }, y: { title: "estimate", log: true } },
    groupLabels: Object.fromEntries(o.l2s.flatMap((l2) => [[`lin${l2}`, `linearization, λ = ${o.nTrain * l2}`], [`if${l2}`, `influence (Gauss–Newton), λ = ${o.nTrain * l2}`], [`lissa${l2}`, `influence (LiSSA), λ = ${o.nTrain * l2}`]])),
    panels, metrics,
    notes: [
      `MNIST 4 vs 9 at 14×14, ${o.nTrain} training / ${o.nVal} validation digits, MLP-${o.hidden}, full-batch GD for ${o.steps} steps with lr = ${res.lr.toExponential(2)} (η·λ_max = ${o.etaLambdaMax}); ${o.excluded} excluded examples, each retrained from the same initialisation [U sizes].`,
      "Influence functions: (i) the Gauss–Newton Hessian at the trained weights, exact in function space [U]; (ii) LiSSA on the true minibatch Hessian, the paper's estimator" + (o.lissa ? ` (depth ${o.lissa.depth}, scale ${o.lissa.scale}, damping ${o.lissa.damping} at λ = 0 / ${o.lissa.dampingRegularized} at λ > 0 [V]; minibatch ${res.lissaBatch} = 128/1000 of n [U])` : " (not run)") + ".",
    ],
  };
}
