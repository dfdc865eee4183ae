/**
 * Theory vs simulation for the premise of Prop. 5.1: the weights of minibatch SGD on a linearized network fluctuate
 * around the minimiser with a stationary covariance Σ solving the Lyapunov equation (14),
 *   ĤΣ + ΣĤ = (lr/b) Λ(w*),
 * with Ĥ the Hessian of the mean loss and Λ the per-example gradient covariance at w* (continuous-time limit of
 * SGD, Eq. (12)). Simulation: SGD with replacement sampling on a tiny linearized MLP, started at w*, and the
 * time-averaged variance of the weights along the stiffest eigen-directions of Ĥ (the directions that mix within a
 * chain; the discrete-time correction there is lr·h_j/2 ≤ 0.5%).
 */
import type { Rng } from "../../maths/random";
import { asMatrix, eigh, matmul, solveLyapunovSymmetric, solveSPD } from "../../maths/linalg/index";
import { forward, initMlp, mlpJacobian, parameterCount } from "./mlp";
import { twoGaussians } from "./synthetic";
import type { FigureSpec } from "./figure-spec";

export interface SgdStationaryOptions {
  perClass: number;
  hidden: number;
  l2: number;
  batch: number;
  /** lr·h_max(Ĥ) — sets the learning rate */
  lrTimesHmax: number;
  /** compare the m stiffest directions */
  directions: number;
  /** SGD steps per chain after burn-in */
  steps: number;
  burnIn: number;
  seeds: number;
}

/** Theory and per-seed simulated variances along the stiffest directions. */
export function sgdStationarySpec(o: SgdStationaryOptions, rng: Rng): FigureSpec {
  if (!Number.isInteger(o.batch) || o.batch < 1) throw new RangeError(`sgdStationarySpec: batch must be a positive integer, got ${o.batch}`);
  if (!(o.lrTimesHmax > 0 && o.lrTimesHmax < 1)) throw new RangeError(`sgdStationarySpec: lrTimesHmax must be in (0, 1), got ${o.lrTimesHmax}`);
  const data = twoGaussians(o.perClass, 0, rng);
  const net = initMlp(2, o.hidden, 1, rng);
  const n = data.n, P = parameterCount(net);
  const J = mlpJacobian(net, data.X, n);
  const Jm = asMatrix(n, P, J);
  const f0 = forward(net, data.X, n);
  const r0 = Float64Array.from(f0, (v, i) => v - data.Y[i]);
  // mean-loss Hessian Ĥ = JᵀJ/n + l2·I and minimiser v* = −Ĥ⁻¹Jᵀr₀/n (v = w − w₀)
  const H = matmul(Jm, Jm, { transA: true }).data;
  for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) H[a * P + b] = H[a * P + b] / n + (a === b ? o.l2 : 0);
  for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) H[a * P + b] = H[b * P + a];
  const Hm = asMatrix(P, P, H);
  const rhs = matmul(Jm, asMatrix(n, 1, r0), { transA: true }).data.map((v) => -v / n);
  const vStar = solveSPD(Hm, rhs);
  const rStar = matmul(Jm, asMatrix(P, 1, vStar)).data.map((v, i) => v + r0[i]);
  // Λ = (1/n)Σ g_i g_iᵀ − ḡḡᵀ, g_i = J_iᵀ r*_i (the shared l2·v* term drops out of the covariance)
  const gbar = new Float64Array(P);
  for (let i = 0; i < n; i++) for (let p = 0; p < P; p++) gbar[p] += (J[i * P + p] * rStar[i]) / n;
  const L = new Float64Array(P * P);
  for (let i = 0; i < n; i++) for (let a = 0; a < P; a++) { const ga = J[i * P + a] * rStar[i]; if (ga === 0) continue; for (let b = 0; b < P; b++) L[a * P + b] += (ga * J[i * P + b] * rStar[i]) / n; }
  for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) L[a * P + b] -= gbar[a] * gbar[b];
  for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) { const v = 0.5 * (L[a * P + b] + L[b * P + a]); L[a * P + b] = v; L[b * P + a] = v; }
  const { values: h, vectors: U } = eigh(Hm, { vectors: true });
  const lr = o.lrTimesHmax / h[P - 1];
  const Sigma = solveLyapunovSymmetric(Hm, asMatrix(P, P, L.map((v) => (lr / o.batch) * v)));
  const m = Math.min(o.directions, P);
  const dirs = Array.from({ length: m }, (_, q) => P - 1 - q); // stiffest first
  const u = dirs.map((j) => Float64Array.from({ length: P }, (_, p) => U!.data[p * P + j]));
  const theory = u.map((uj) => { const Su = matmul(Sigma, asMatrix(P, 1, uj)).data; return uj.reduce((s, v, p) => s + v * Su[p], 0); });
  // SGD chains from v* (e = v − v*): e ← e − lr[(1/b)Σ_{i∈B} J_iᵀ(r*_i + J_i e) + l2 e − (full gradient at v*, = 0)]
  const perSeed: number[][] = [];
  for (let s = 0; s < o.seeds; s++) {
    const cr = rng.split();
    const e = new Float64Array(P), g = new Float64Array(P);
    const acc = new Float64Array(m);
    for (let t = 0; t < o.burnIn + o.steps; t++) {
      g.fill(0);
      for (let q = 0; q < o.batch; q++) {
        const i = cr.int(n), row = i * P;
        let r = rStar[i];
        for (let p = 0; p < P; p++) r += J[row + p] * e[p];
        for (let p = 0; p < P; p++) g[p] += J[row + p] * r;
      }
      // the minibatch gradient of the mean loss at v* + e, minus the zero full gradient at v* written out:
      // (1/b)Σ J_iᵀ(r*_i + J_i e) + l2(v* + e)  and  l2·v* = −(1/n)Σ J_iᵀ r*_i = −ḡ
      for (let p = 0; p < P; p++) e[p] -= lr * (g[p] / o.batch + o.l2 * e[p] - gbar[p]);
      if (t >= o.burnIn) for (let q = 0; q < m; q++) { let d = 0; const uq = u[q]; for (let p = 0; p < P; p++) d += uq[p] * e[p]; acc[q] += d * d; }
    }
    perSeed.push(Array.from(acc, (v) => v / o.steps));
  }
  const x = dirs.map((_, q) => q + 1);
  const sim = x.map((_, q) => perSeed.reduce((a, r) => a + r[q], 0) / o.seeds);
  const se = x.map((_, q) => Math.sqrt(perSeed.reduce((a, r) => a + (r[q] - sim[q]) ** 2, 0) / (o.seeds - 1) / o.seeds));
  return {
    figure: "sgd-stationary", title: "SGD weight fluctuations vs the Lyapunov covariance of Eq. (14)",
    params: { ...o, lr, parameters: P, n },
    series: [
      { name: "Eq. (14): uⱼᵀΣuⱼ", kind: "theory", x, y: theory, group: "var", style: "lines+markers" },
      { name: "SGD, time-averaged (uⱼᵀ(w − w*))²", kind: "simulation", x, y: sim, yErr: se, ySeeds: perSeed, group: "var" },
    ],
    axes: { x: { title: "eigen-direction j of Ĥ (1 = stiffest)" }, y: { title: "stationary variance", log: true } },
    metrics: { lr, hmax: h[P - 1], hRatioLast: h[dirs[m - 1]] / h[P - 1], maxDiscreteCorrection: (lr * h[P - 1]) / 2 },
    notes: [`Tiny linearized MLP-${o.hidden} (${P} parameters) on the 2-D synthetic task, ${n} examples, batch ${o.batch}, l2 = ${o.l2}, lr·h_max = ${o.lrTimesHmax}; ${o.seeds} chains of ${o.steps} steps after ${o.burnIn} burn-in [U].`],
  };
}
