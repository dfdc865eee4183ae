/**
 * Monte-Carlo for the Section 5 mitigations (isotropic x ~ N(0, I_d), OLS):
 *
 * - weighted mixing (Corollary 2): weights 1−α on real rows and α on synthetic rows;
 * - iterative mixing (Corollary 3): real rows fixed, synthetic design fixed, synthetic labels redrawn at each
 *   iteration from the previous fit with fresh noise (iteration 1 uses the shifted teacher w₁ + δ).
 *
 * Both keep running sums over one stream of rows so that every n of an increasing grid uses the prefix of
 * the same rows (rows are synthetic per {@link isSyntheticRow}). Errors are ‖ŵ − w₁‖² (exact for Σ = I).
 * Fresh synthetic-label noise is drawn exactly in distribution as X₂ᵀε ~ N(0, σ²X₂ᵀX₂) = σ·L₂g,
 * with L₂ the Cholesky factor of X₂ᵀX₂, so the rows never need to be stored.
 */
import type { Rng } from "../../maths/random";
import { cholesky, gram, solveSPD, type Matrix } from "../../maths/linalg/index";
import { isSyntheticRow, syntheticCount } from "./synthetic-rows";

/** Running sums of a real/synthetic row stream. */
interface SplitSums {
  Greal: Float64Array;
  Gsyn: Float64Array;
  breal: Float64Array;
  /** X₂ᵀ(X₂w₂ + ε) with the shifted teacher (iteration 1 / weighted mixing labels). */
  bsyn: Float64Array;
}

function checkGrid(fn: string, d: number, ns: number[]): void {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`${fn}: d must be a positive integer, got ${d}`);
  for (let i = 0; i < ns.length; i++) {
    if (!Number.isInteger(ns[i]) || (i > 0 && ns[i] <= ns[i - 1])) throw new RangeError(`${fn}: ns must be increasing integers, got ${ns.join(",")}`);
  }
  if (ns.length === 0 || ns[0] <= 2 * d + 2) throw new RangeError(`${fn}: needs n > 2d + 2 so that both halves can be fitted, got n = ${ns[0]}, d = ${d}`);
}

/** Streams rows until `target`, adding them to `sums`; returns the new row count. */
function addRows(sums: SplitSums, d: number, from: number, target: number, p2: number, w1: Float64Array, w2: Float64Array, sigma: number, rng: Rng): number {
  const chunk = 256;
  const realBuf = new Float64Array(chunk * d), synBuf = new Float64Array(chunk * d);
  let row = from;
  while (row < target) {
    const rows = Math.min(chunk, target - row);
    let nr = 0, ns = 0;
    for (let r = 0; r < rows; r++) {
      const syn = isSyntheticRow(row + r, p2);
      const buf = syn ? synBuf : realBuf;
      const off = (syn ? ns++ : nr++) * d;
      let y = sigma * rng.normal();
      const w = syn ? w2 : w1;
      for (let j = 0; j < d; j++) {
        const x = rng.normal();
        buf[off + j] = x;
        y += x * w[j];
      }
      const b = syn ? sums.bsyn : sums.breal;
      for (let j = 0; j < d; j++) b[j] += buf[off + j] * y;
    }
    if (nr > 0) {
      const g = gram({ rows: nr, cols: d, data: realBuf.slice(0, nr * d) }).data;
      for (let t = 0; t < d * d; t++) sums.Greal[t] += g[t];
    }
    if (ns > 0) {
      const g = gram({ rows: ns, cols: d, data: synBuf.slice(0, ns * d) }).data;
      for (let t = 0; t < d * d; t++) sums.Gsyn[t] += g[t];
    }
    row += rows;
  }
  return row;
}

function newSums(d: number): SplitSums {
  return { Greal: new Float64Array(d * d), Gsyn: new Float64Array(d * d), breal: new Float64Array(d), bsyn: new Float64Array(d) };
}

function sqErr(w: ArrayLike<number>, w1: Float64Array): number {
  let e = 0;
  for (let j = 0; j < w1.length; j++) e += (w[j] - w1[j]) ** 2;
  return e;
}

/** Parameters shared by the mitigation simulations. */
export interface MitigationSimParams {
  d: number;
  ns: number[];
  p2: number;
  sigma2: number;
  c2: number;
  /**
   * How the shift δ is drawn: "gaussian" (default, δ ~ N(0, c²I/d)) or "signs" (δ_j = ±√(c²/d), independent fair
   * signs: same mean and covariance, so the same expected error, but ‖δ‖² = c² exactly in every seed).
   */
  deltaSampling?: "gaussian" | "signs";
}

/** Teacher w₁ ~ N(0, I/d) and the synthetic teacher w₂ = w₁ + δ of one seed. */
function teachers(fn: string, p: MitigationSimParams, rng: Rng): { w1: Float64Array; w2: Float64Array } {
  const signs = p.deltaSampling === "signs";
  if (p.deltaSampling !== undefined && !signs && p.deltaSampling !== "gaussian") throw new RangeError(`${fn}: deltaSampling must be "gaussian" or "signs", got ${p.deltaSampling}`);
  const d = p.d;
  const w1 = rng.fillNormal(new Float64Array(d), Math.sqrt(1 / d));
  const s = Math.sqrt(p.c2 / d);
  const w2 = Float64Array.from(w1, (v) => v + s * (signs ? (rng.uniform() < 0.5 ? -1 : 1) : rng.normal()));
  return { w1, w2 };
}

/**
 * Weighted mixing: errors[a][i] for alphas[a] at ns[i] (one seed).
 * Teacher w₁ ~ N(0, I/d) and shift δ (see {@link MitigationSimParams.deltaSampling}) per seed.
 */
export function simulateWeightedMixing(p: MitigationSimParams & { alphas: number[] }, rng: Rng): number[][] {
  const fn = "simulateWeightedMixing";
  checkGrid(fn, p.d, p.ns);
  for (const a of p.alphas) if (!(a >= 0 && a <= 1)) throw new RangeError(`${fn}: alpha must be in [0, 1], got ${a}`);
  const d = p.d;
  const { w1, w2 } = teachers(fn, p, rng);
  const sums = newSums(d);
  const out = p.alphas.map(() => [] as number[]);
  let row = 0;
  for (const n of p.ns) {
    row = addRows(sums, d, row, n, p.p2, w1, w2, Math.sqrt(p.sigma2), rng);
    p.alphas.forEach((a, k) => {
      const A: Matrix = { rows: d, cols: d, data: new Float64Array(d * d) };
      for (let t = 0; t < d * d; t++) A.data[t] = (1 - a) * sums.Greal[t] + a * sums.Gsyn[t];
      const b = Float64Array.from(sums.breal, (v, j) => (1 - a) * v + a * sums.bsyn[j]);
      out[k].push(sqErr(solveSPD(A, b), w1));
    });
  }
  return out;
}

/** Result of {@link simulateIterativeMixing} for one seed. */
export interface IterativeMixingRun {
  /** errors[i][t−1]: error after iteration t at ns[i]. */
  iterative: number[][];
  /** OLS on all n rows labelled by w₁ (all real). */
  allReal: number[];
  /** OLS on the real rows only (≈ p₁n rows). */
  realOnly: number[];
}

/**
 * Right-hand side Xᵀy of all rows after relabelling the synthetic rows by `v` with fresh noise:
 * b_real + G_syn·v + σ·L·g, where L Lᵀ = G_syn and g ~ N(0, I) (the noise Xᵀε has covariance σ²G_syn).
 */
function relabelledRhs(sums: { breal: Float64Array; Gsyn: Float64Array }, L2: Float64Array, v: Float64Array, sigma: number, rng: Rng): Float64Array {
  const d = v.length;
  const g = rng.fillNormal(new Float64Array(d));
  const b = Float64Array.from(sums.breal);
  for (let i = 0; i < d; i++) {
    let gsw = 0, noise = 0;
    for (let j = 0; j < d; j++) gsw += sums.Gsyn[i * d + j] * v[j];
    for (let j = 0; j <= i; j++) noise += L2[i * d + j] * g[j];
    b[i] += gsw + sigma * noise;
  }
  return b;
}

/** Checks the parameters of an iterative-mixing run and draws its teachers (w₁ true, w₂ shifted). */
function iterativeSetup(fn: string, p: MitigationSimParams & { iterations: number }, rng: Rng): { d: number; sigma: number; w1: Float64Array; w2: Float64Array } {
  checkGrid(fn, p.d, p.ns);
  if (!Number.isInteger(p.iterations) || p.iterations < 1) throw new RangeError(`${fn}: iterations must be ≥ 1, got ${p.iterations}`);
  if (!(p.p2 > 0 && p.p2 < 1)) throw new RangeError(`${fn}: p2 must be in (0, 1), got ${p.p2}`);
  return { d: p.d, sigma: Math.sqrt(p.sigma2), ...teachers(fn, p, rng) };
}

/** Iterative mixing with `iterations` rounds at every n (one seed). */
export function simulateIterativeMixing(p: MitigationSimParams & { iterations: number }, rng: Rng): IterativeMixingRun {
  const fn = "simulateIterativeMixing";
  const { d, sigma, w1, w2 } = iterativeSetup(fn, p, rng);
  const sums = newSums(d);
  const res: IterativeMixingRun = { iterative: [], allReal: [], realOnly: [] };
  let row = 0;
  for (const n of p.ns) {
    row = addRows(sums, d, row, n, p.p2, w1, w2, sigma, rng);
    const G: Matrix = { rows: d, cols: d, data: Float64Array.from(sums.Greal, (v, t) => v + sums.Gsyn[t]) };
    const Gs: Matrix = { rows: d, cols: d, data: sums.Gsyn };
    const L2 = cholesky(Gs).data;
    const errs: number[] = [];
    // iteration 1: labels from w₂ (already in bsyn)
    let w = solveSPD(G, Float64Array.from(sums.breal, (v, j) => v + sums.bsyn[j]));
    errs.push(sqErr(w, w1));
    for (let t = 2; t <= p.iterations; t++) {
      w = solveSPD(G, relabelledRhs(sums, L2, w, sigma, rng));
      errs.push(sqErr(w, w1));
    }
    res.iterative.push(errs);
    // All real: the synthetic rows relabelled by w₁ with fresh noise; real only: the real rows alone.
    res.allReal.push(sqErr(solveSPD(G, relabelledRhs(sums, L2, w1, sigma, rng)), w1));
    res.realOnly.push(sqErr(solveSPD({ rows: d, cols: d, data: sums.Greal }, sums.breal), w1));
  }
  return res;
}

/**
 * Variant of {@link simulateIterativeMixing} with a FRESH synthetic design at every iteration (one seed): the real
 * rows stay fixed, and at iteration t ≥ 2 a new set of ⌊p₂n⌋ Gaussian synthetic rows is drawn and labelled by the
 * previous fit with fresh noise (iteration 1: the shifted teacher on the initial synthetic rows). Returns
 * errors[i][t−1], the error after iteration t at ns[i]; each n is simulated from scratch (no shared prefix).
 * Used only to show whether the fixed-design choice of the main scheme matters.
 */
export function simulateIterativeMixingFreshDesign(p: MitigationSimParams & { iterations: number }, rng: Rng): number[][] {
  const fn = "simulateIterativeMixingFreshDesign";
  const { d, sigma, w1, w2 } = iterativeSetup(fn, p, rng);
  return p.ns.map((n) => {
    const sums = newSums(d);
    addRows(sums, d, 0, n, p.p2, w1, w2, sigma, rng);
    const n2 = syntheticCount(n, p.p2);
    const errs: number[] = [];
    let G: Matrix = { rows: d, cols: d, data: Float64Array.from(sums.Greal, (v, t) => v + sums.Gsyn[t]) };
    let w = solveSPD(G, Float64Array.from(sums.breal, (v, j) => v + sums.bsyn[j]));
    errs.push(sqErr(w, w1));
    for (let t = 2; t <= p.iterations; t++) {
      const fresh = newSums(d);
      addRows(fresh, d, 0, n2, 1, w1, w2, sigma, rng); // all rows synthetic; only the new design Gram is used
      G = { rows: d, cols: d, data: Float64Array.from(sums.Greal, (v, k) => v + fresh.Gsyn[k]) };
      w = solveSPD(G, relabelledRhs({ breal: sums.breal, Gsyn: fresh.Gsyn }, cholesky({ rows: d, cols: d, data: fresh.Gsyn }).data, w, sigma, rng));
      errs.push(sqErr(w, w1));
    }
    return errs;
  });
}
