/**
 * The 2-D synthetic task of the official code (synthetic_example_make_informativeness_video.py): class 0 ~
 * N((0, 1), diag(0.25², 0.5²)), class 1 ~ N((1, 0), diag(0.5², 0.25²)), plus `noiseDims` N(0, 1) coordinates; one
 * output, MSE on 0/1 labels. Used for the weight-vs-function contrast over training time and for the SGD-noise
 * smoothed SI (Prop. 5.1, Lyapunov equation (14)) on a tiny MLP.
 */
import type { Rng } from "../../maths/random";
import { asMatrix, matmul, solveLyapunovSymmetric, solveSPD, type Matrix } from "../../maths/linalg/index";
import type { Dataset } from "./digits";
import { forward, initMlp, mlpJacobian, mlpNtk, parameterCount } from "./mlp";
import { fastLeaveOneOut, kernelEigen, predictionChange, validationMap, weightChange } from "./linearized";
import { spearman } from "./metrics";
import type { FigureSpec, Series } from "./figure-spec";

/** Draws `perClass` examples of each class (shuffled), inputs of dimension 2 + noiseDims. */
export function twoGaussians(perClass: number, noiseDims: number, rng: Rng): Dataset {
  if (!Number.isInteger(perClass) || perClass < 1) throw new RangeError(`twoGaussians: perClass must be a positive integer, got ${perClass}`);
  const n = 2 * perClass, dim = 2 + noiseDims;
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i % 2));
  const X = new Float64Array(n * dim), Y = new Float64Array(n), labels = new Int32Array(n);
  order.forEach((c, i) => {
    X[i * dim] = c === 0 ? 0.25 * rng.normal() : 1 + 0.5 * rng.normal();
    X[i * dim + 1] = c === 0 ? 1 + 0.5 * rng.normal() : 0.25 * rng.normal();
    for (let p = 2; p < dim; p++) X[i * dim + p] = rng.normal();
    Y[i] = c; labels[i] = c;
  });
  return { X, n, dim, Y, k: 1, labels, trueLabels: labels.slice(), digits: labels.slice(), group: new Int32Array(n), images: [] };
}

export interface SyntheticOptions {
  perClassTrain: number;
  perClassVal: number;
  noiseDims: number;
  hidden: number;
  lr: number;
  times: number[];
  /** share of examples marked as "most informative" (code: top 10%) */
  topShare: number;
}

function topSet(x: ArrayLike<number>, share: number): Set<number> {
  const idx = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[b] - x[a]);
  return new Set(idx.slice(0, Math.max(1, Math.round(share * x.length))));
}

/** Distance of a 2-D point from the Bayes-ish boundary x₂ = x₁ (the classes are mirror images across it). */
function boundaryDistance(X: Float64Array, dim: number, i: number): number {
  return Math.abs(X[i * dim + 1] - X[i * dim]) / Math.SQRT2;
}

/**
 * Weight SI (‖w − w₋ᵢ‖²) vs functional SI (F-SI) over training time on the synthetic task: rank correlation of
 * the two, overlap of their top sets, and how far from the boundary each measure's top set lies.
 */
export function syntheticTimeSpec(o: SyntheticOptions, rng: Rng): FigureSpec {
  const train = twoGaussians(o.perClassTrain, o.noiseDims, rng), val = twoGaussians(o.perClassVal, o.noiseDims, rng);
  const net = initMlp(train.dim, o.hidden, 1, rng);
  const n = train.n;
  const theta = mlpNtk(net, train.X, n), thetaVal = mlpNtk(net, val.X, val.n, train.X, n);
  const f0 = forward(net, train.X, n);
  const r0 = Float64Array.from(f0, (v, i) => v - train.Y[i]);
  const eig = kernelEigen(theta, n);
  const times = o.times.filter((t) => t > 0);
  const loo = fastLeaveOneOut({ theta, n, k: 1, r0, lr: o.lr }, times, eig);
  const vmap = validationMap(thetaVal, val.n, eig);
  const rho: number[] = [], overlap: number[] = [], distW: number[] = [], distF: number[] = [], meanW: number[] = [], meanF: number[] = [];
  let lastW = new Float64Array(0), lastF = new Float64Array(0);
  const dist = Array.from({ length: n }, (_, i) => boundaryDistance(train.X, train.dim, i));
  const meanDist = (s: Set<number>) => Array.from(s).reduce((a, i) => a + dist[i], 0) / s.size;
  times.forEach((_, ti) => {
    const w = weightChange(loo.diffs[ti], eig, n), f = predictionChange(loo.diffs[ti], vmap, n, 1);
    rho.push(spearman(w, f));
    const tw = topSet(w, o.topShare), tf = topSet(f, o.topShare);
    overlap.push(Array.from(tw).filter((i) => tf.has(i)).length / tw.size);
    distW.push(meanDist(tw)); distF.push(meanDist(tf));
    meanW.push(w.reduce((a, v) => a + v, 0) / n); meanF.push(f.reduce((a, v) => a + v, 0) / n);
    lastW = w; lastF = f;
  });
  const tw = topSet(lastW, o.topShare), tf = topSet(lastF, o.topShare);
  const pts = (s: Set<number> | undefined, name: string, group: string): Series => {
    const idx = s ? Array.from(s) : Array.from({ length: n }, (_, i) => i);
    return { name, kind: "simulation", style: "markers", panel: 2, group, x: idx.map((i) => train.X[i * train.dim]), y: idx.map((i) => train.X[i * train.dim + 1]) };
  };
  const maxW = Math.max(...meanW), maxF = Math.max(...meanF);
  return {
    figure: "synthetic-time", title: "Weight SI vs functional SI over training time (2-D synthetic task)",
    params: { ...o },
    series: [
      { name: "Spearman(weight SI, F-SI)", kind: "simulation", x: times, y: rho, panel: 0, style: "lines+markers", group: "rho" },
      { name: `overlap of the top ${100 * o.topShare}% sets`, kind: "simulation", x: times, y: overlap, panel: 0, style: "lines+markers", group: "overlap" },
      { name: "mean weight SI (÷ max over t)", kind: "simulation", x: times, y: meanW.map((v) => v / maxW), panel: 1, style: "lines+markers", group: "w" },
      { name: "mean F-SI (÷ max over t)", kind: "simulation", x: times, y: meanF.map((v) => v / maxF), panel: 1, style: "lines+markers", group: "f" },
      { name: "boundary distance of top weight-SI set", kind: "simulation", x: times, y: distW, panel: 3, style: "lines+markers", group: "w" },
      { name: "boundary distance of top F-SI set", kind: "simulation", x: times, y: distF, panel: 3, style: "lines+markers", group: "f" },
      pts(undefined, "training points", "all"),
      pts(tw, `top ${100 * o.topShare}% by weight SI (t = ${times[times.length - 1]})`, "w"),
      pts(tf, `top ${100 * o.topShare}% by F-SI (t = ${times[times.length - 1]})`, "f"),
    ],
    axes: { x: { title: "GD step t" }, y: { title: "" } },
    groupLabels: { rho: "Spearman(weight SI, F-SI)", overlap: `overlap of the top ${100 * o.topShare}% sets`, w: "weight SI", f: "F-SI", all: "training points" },
    panels: [
      { title: "agreement of the two rankings", axes: { x: { title: "GD step t" }, y: { title: "correlation / overlap" } } },
      { title: "average informativeness", axes: { x: { title: "GD step t" }, y: { title: "relative value" } } },
      { title: "most informative training points at the last step", axes: { x: { title: "x₁" }, y: { title: "x₂" } } },
      { title: "mean |x₂ − x₁|/√2 of the top set", axes: { x: { title: "GD step t" }, y: { title: "distance to the diagonal" } } },
    ],
    metrics: {
      rhoFirst: rho[0], rhoLast: rho[rho.length - 1], overlapLast: overlap[overlap.length - 1],
      distAll: dist.reduce((a, v) => a + v, 0) / n, distWLast: distW[distW.length - 1], distFLast: distF[distF.length - 1],
      etaLambdaMax: loo.etaLambdaMax,
    },
    notes: [`Setting of the official synthetic example (two Gaussians, ${o.noiseDims} noise dimensions, MLP-${o.hidden}, lr ${o.lr}) with ${n} training points [V setting; sizes U].`],
  };
}

/** SGD-noise smoothed SI (Prop. 5.1) of every training example of a tiny linearized MLP, with the plain measures. */
export interface SgdSiResult {
  sgd: Float64Array;
  weight: Float64Array;
  fsi: Float64Array;
  /** ‖HΣ + ΣH − Λ‖/‖Λ‖ */
  lyapunovResidual: number;
  /** max relative gap between ΔwᵀΣ⁻¹Δw with Λ = I and 2ΔwᵀHΔw (Eq. (15) with σ = 1) */
  langevinGap: number;
  parameters: number;
  n: number;
}

/**
 * Eq. (13)–(14): Σ solves HΣ + ΣH = Λ(w*) with H = JᵀJ + λI and Λ the covariance of per-example gradients at the
 * final linearized weights (the code's get_sgd_covariance_full, + 1e-10·I); SI_SGD = Δwᵀ Σ⁻¹ Δw (the code's
 * "weights-full", without the ½ and the η/b factor, which only rescale).
 */
export function sgdNoiseSi(o: { perClassTrain: number; perClassVal: number; hidden: number; lr: number; steps: number; l2: number }, rng: Rng): SgdSiResult {
  const train = twoGaussians(o.perClassTrain, 0, rng), val = twoGaussians(o.perClassVal, 0, rng);
  const net = initMlp(2, o.hidden, 1, rng);
  const n = train.n, P = parameterCount(net);
  if (P > 2000) throw new RangeError(`sgdNoiseSi: ${P} parameters is too many for d×d matrices; use hidden ≤ ${Math.floor(1990 / 4)}`);
  const J = mlpJacobian(net, train.X, n);
  const Jm = asMatrix(n, P, J);
  const theta = matmul(Jm, Jm, { transB: true }).data;
  for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) theta[a * n + b] = theta[b * n + a];
  const thetaVal = mlpNtk(net, val.X, val.n, train.X, n);
  const f0 = forward(net, train.X, n);
  const r0 = Float64Array.from(f0, (v, i) => v - train.Y[i]);
  const eig = kernelEigen(theta, n);
  const loo = fastLeaveOneOut({ theta, n, k: 1, r0, lr: o.lr, l2: o.l2 }, [o.steps], eig);
  const weight = weightChange(loo.diffs[0], eig, n);
  const fsi = predictionChange(loo.diffs[0], validationMap(thetaVal, val.n, eig), n, 1);
  // final residuals r_T = r₀ + Θ a_T; per-example gradients g_i = J_iᵀ r_T,i (+ λ(w − w₀)/n, shared, drops out of Λ)
  const aT = matmul(eig.U, asMatrix(n, 1, loo.full[0])).data;
  const rT = matmul(asMatrix(n, n, theta), asMatrix(n, 1, aT)).data.map((v, i) => v + r0[i]);
  const G = new Float64Array(n * P);
  for (let i = 0; i < n; i++) for (let p = 0; p < P; p++) G[i * P + p] = J[i * P + p] * rT[i];
  const gbar = new Float64Array(P);
  for (let i = 0; i < n; i++) for (let p = 0; p < P; p++) gbar[p] += G[i * P + p] / n;
  const L = matmul(asMatrix(n, P, G), asMatrix(n, P, G), { transA: true }).data;
  for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) L[a * P + b] = L[a * P + b] / n - gbar[a] * gbar[b] + (a === b ? 1e-10 : 0);
  for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) { const v = 0.5 * (L[a * P + b] + L[b * P + a]); L[a * P + b] = v; L[b * P + a] = v; }
  const H = matmul(Jm, Jm, { transA: true }).data;
  const lam = n * o.l2;
  for (let a = 0; a < P; a++) { H[a * P + a] += lam; for (let b = 0; b < a; b++) H[a * P + b] = H[b * P + a]; }
  const Hm = asMatrix(P, P, H), Lm = asMatrix(P, P, L);
  const Sigma = solveLyapunovSymmetric(Hm, Lm);
  const res = matmul(Hm, Sigma).data, res2 = matmul(Sigma, Hm).data;
  let num = 0, den = 0;
  for (let q = 0; q < P * P; q++) { num += (res[q] + res2[q] - L[q]) ** 2; den += L[q] ** 2; }
  // Δw_i = Jᵀ U Δ_i for every i (P × n)
  const D = asMatrix(n, n, loo.diffs[0]);
  const Dw = matmul(Jm, matmul(eig.U, D, { transB: true }), { transA: true }); // P × n
  const SinvDw = solveSPD(Sigma, Dw);
  const Sl = solveLyapunovSymmetric(Hm, identityLike(P));
  const SlDw = solveSPD(Sl, Dw);
  const HDw = matmul(Hm, Dw);
  const sgd = new Float64Array(n);
  let langevinGap = 0;
  for (let i = 0; i < n; i++) {
    let s = 0, sl = 0, h = 0;
    for (let p = 0; p < P; p++) { const d = Dw.data[p * n + i]; s += d * SinvDw.data[p * n + i]; sl += d * SlDw.data[p * n + i]; h += d * HDw.data[p * n + i]; }
    sgd[i] = s;
    langevinGap = Math.max(langevinGap, Math.abs(sl - 2 * h) / Math.abs(2 * h));
  }
  return { sgd, weight, fsi, lyapunovResidual: Math.sqrt(num / den), langevinGap, parameters: P, n };
}

function identityLike(P: number): Matrix {
  const m = asMatrix(P, P, new Float64Array(P * P));
  for (let i = 0; i < P; i++) m.data[i * P + i] = 1;
  return m;
}

/** Scatter of the SGD-noise SI against the plain weight SI and against F-SI (log–log), with rank correlations. */
export function sgdSiSpec(r: SgdSiResult, o: Record<string, unknown>): FigureSpec {
  return {
    figure: "sgd-si", title: "SGD-noise smoothed SI (Prop. 5.1) on a tiny MLP vs the plain measures",
    params: { ...o, parameters: r.parameters, n: r.n },
    series: [
      { name: "examples: SI_SGD vs ‖Δw‖²", kind: "simulation", x: Array.from(r.weight), y: Array.from(r.sgd), panel: 0 },
      { name: "examples: SI_SGD vs F-SI", kind: "simulation", x: Array.from(r.fsi), y: Array.from(r.sgd), panel: 1 },
    ],
    axes: { x: { title: "", log: true }, y: { title: "Δwᵀ Σ⁻¹ Δw", log: true } },
    panels: [{ title: "against the plain weight SI", axes: { x: { title: "‖w − w₋ᵢ‖²", log: true }, y: { title: "Δwᵀ Σ⁻¹ Δw", log: true } } },
      { title: "against F-SI", axes: { x: { title: "F-SI", log: true }, y: { title: "Δwᵀ Σ⁻¹ Δw", log: true } } }],
    metrics: { spearmanWeight: spearman(r.sgd, r.weight), spearmanFsi: spearman(r.sgd, r.fsi), lyapunovResidual: r.lyapunovResidual, langevinGap: r.langevinGap },
  };
}
