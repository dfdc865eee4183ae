/**
 * Monte-Carlo side of the Demystified paper: the fake-data chain (the shared recursive linear chain of
 * src/theory/chain in its "replace" form, fresh designs, OLS / min-norm / ridge generators) and the downstream
 * ridge fit on a fresh Gaussian design with diagonal covariance.
 *
 * Test error of an estimate ŵ is the excess risk ‖ŵ − w₀‖²_Σ = Σ_j λ_j (ŵ_j − w₀,j)² (Σ diagonal).
 */
import type { Rng } from "../../maths/random";
import { fillGaussian } from "../../maths/gaussian-fill";
import { runLinearChain, sampleDesign, sigmaNormError, type Learner } from "../../theory/chain/index";
import { eighSym, gramOuter, gramTT, isConstant, matTVec, matVec, projectRows, solveSpd } from "./ops";

export { fitLinear, randomUnitVector, sampleDesign, sigmaNormError, type Learner } from "../../theory/chain/index";

/** Options of {@link runFakeDataChain} (the paper's notation T₀, σ₀ for the generators). */
export interface ChainOptions {
  /** samples per generation T₀ */
  T0: number;
  /** generator label-noise standard deviation σ₀ */
  sigma0: number;
  /** number of generations to run (ŵ_1 … ŵ_n) */
  generations: number;
  learner: Learner;
  /** "fresh" (default): a new design per generation (the paper's setting); "fixed": one design reused by every generation */
  design?: "fresh" | "fixed";
}

/**
 * The fake-data chain of the paper: ŵ₀ = w₀; for m = 1…n, a fresh design X_m (T₀ rows; or one fixed design with
 * `design: "fixed"`), labels X_m ŵ_{m−1} + σ₀·noise, and ŵ_m fitted by `learner`. Returns [ŵ₀, ŵ₁, …, ŵ_n].
 * It is the shared chain of src/theory/chain in its "replace" form.
 */
export function runFakeDataChain(eigs: ArrayLike<number>, w0: ArrayLike<number>, opts: ChainOptions, rng: Rng): Float64Array[] {
  return runLinearChain(eigs, w0, { T: opts.T0, sigma: opts.sigma0, generations: opts.generations, learner: opts.learner, design: opts.design, data: "replace" }, rng);
}

/** A downstream design in the eigenbasis of its sample covariance Σ̂ = XᵀX/T (see {@link downstreamSpectralFit}). */
export interface DownstreamSpectrum {
  /** eigenvalues of Σ̂, ascending, those below 1e-10 of the largest set to 0 */
  values: Float64Array;
  /** Vᵀ (row i = eigenvector i) */
  vt: Float64Array;
  /** VᵀXᵀε/T for the label noise ε */
  bE: Float64Array;
  /** Vᵀw₀ */
  a0: Float64Array;
}

/** Draws a fresh design of T rows and label noise of level σ, and diagonalises Σ̂ (one eigendecomposition serves every teacher and λ). */
export function downstreamSpectralFit(eigs: ArrayLike<number>, w0: ArrayLike<number>, T: number, sigma: number, rng: Rng): DownstreamSpectrum {
  const d = eigs.length;
  const X = sampleDesign(T, eigs, rng);
  const noise = new Float64Array(T);
  if (sigma > 0) fillGaussian(rng, noise, sigma);
  const G = gramTT(X, T, d);
  for (let k = 0; k < G.length; k++) G[k] /= T;
  const { values, vt } = eighSym(G, d);
  const tol = 1e-10 * Math.max(values[d - 1], 1e-300);
  for (let i = 0; i < d; i++) if (!(values[i] > tol)) values[i] = 0;
  const bE = projectRows(vt, d, matTVec(X, T, d, noise));
  for (let i = 0; i < d; i++) bE[i] /= T;
  return { values, vt, bE, a0: projectRows(vt, d, w0) };
}

/**
 * Downstream ridge on ONE fresh design of T rows, for several teachers (labels X·teacher + σ·noise, with the
 * same design and noise for every teacher: common random numbers) and every λ in `lambdas`.
 * One eigendecomposition of Σ̂ = XᵀX/T serves all (teacher, λ) pairs. λ = 0 means the
 * min-norm / OLS fit. Returns errors[teacher][λ] = ‖ŵ − w₀‖²_Σ.
 */
export function downstreamRidgePath(
  eigs: ArrayLike<number>, w0: ArrayLike<number>, teachers: ArrayLike<number>[], T: number, sigma: number,
  lambdas: readonly number[], rng: Rng,
): number[][] {
  const d = eigs.length;
  for (const l of lambdas) if (!(l >= 0) || !Number.isFinite(l)) throw new RangeError(`downstreamRidgePath: every lambda must be finite and ≥ 0, got ${l}`);
  if (!(sigma >= 0)) throw new RangeError(`downstreamRidgePath: sigma must be ≥ 0, got ${sigma}`);
  const { values, vt, bE, a0 } = downstreamSpectralFit(eigs, w0, T, sigma, rng);
  const isotropic = isConstant(eigs);
  const scale = eigs[0];
  const out: number[][] = [];
  const c = new Float64Array(d);
  const w = new Float64Array(d);
  for (const teacher of teachers) {
    const at = projectRows(vt, d, teacher); // Vᵀ teacher
    const row: number[] = [];
    for (const lambda of lambdas) {
      for (let i = 0; i < d; i++) {
        const s = values[i];
        const b = s * at[i] + (s > 0 ? bE[i] : 0);
        c[i] = s + lambda > 0 ? b / (s + lambda) : 0;
      }
      if (isotropic) {
        let e = 0;
        for (let i = 0; i < d; i++) {
          const t = c[i] - a0[i];
          e += t * t;
        }
        row.push(scale * e);
      } else {
        w.fill(0);
        for (let i = 0; i < d; i++) {
          const ci = c[i];
          if (ci === 0) continue;
          const r = i * d;
          for (let j = 0; j < d; j++) w[j] += ci * vt[r + j];
        }
        row.push(sigmaNormError(eigs, w, w0));
      }
    }
    out.push(row);
  }
  return out;
}

/**
 * Downstream ridge at ONE λ > 0 (or OLS for λ = 0 and T > d) on a fresh design, for several teachers with
 * common design and noise; a Cholesky solve with one right-hand side per teacher. Returns errors per teacher.
 */
export function downstreamRidge(
  eigs: ArrayLike<number>, w0: ArrayLike<number>, teachers: ArrayLike<number>[], T: number, sigma: number,
  lambda: number, rng: Rng,
): number[] {
  const d = eigs.length, k = teachers.length;
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`downstreamRidge: lambda must be finite and ≥ 0, got ${lambda}`);
  if (lambda === 0 && T <= d) throw new RangeError(`downstreamRidge: λ = 0 needs T > d (T = ${T}, d = ${d}); use downstreamRidgePath for min-norm`);
  const X = sampleDesign(T, eigs, rng);
  const noise = new Float64Array(T);
  if (sigma > 0) fillGaussian(rng, noise, sigma);
  const G = gramTT(X, T, d);
  for (let q = 0; q < G.length; q++) G[q] /= T;
  const xe = matTVec(X, T, d, noise);
  // RHS (d×k): Σ̂·teacher + Xᵀnoise/T
  const B = new Float64Array(d * k);
  for (let t = 0; t < k; t++) {
    const tw = teachers[t];
    for (let i = 0; i < d; i++) {
      let s = 0;
      const r = i * d;
      for (let j = 0; j < d; j++) s += G[r + j] * tw[j];
      B[i * k + t] = s + xe[i] / T;
    }
  }
  for (let j = 0; j < d; j++) G[j * d + j] += lambda;
  const W = solveSpd(G, d, B, k);
  const out: number[] = [];
  const w = new Float64Array(d);
  for (let t = 0; t < k; t++) {
    for (let i = 0; i < d; i++) w[i] = W[i * k + t];
    out.push(sigmaNormError(eigs, w, w0));
  }
  return out;
}

/**
 * Downstream ridge at one λ > 0 in its dual form ŵ = Xᵀ(XXᵀ + TλI)⁻¹y on a fresh design of T rows (T ≪ d: a T×T
 * solve instead of a d×d one), for several teachers with common design and noise. Returns ‖ŵ − w₀‖²_Σ per teacher.
 */
export function downstreamRidgeDual(
  eigs: ArrayLike<number>, w0: ArrayLike<number>, teachers: ArrayLike<number>[], T: number, sigma: number,
  lambda: number, rng: Rng,
): number[] {
  const d = eigs.length, k = teachers.length;
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new RangeError(`downstreamRidgeDual: lambda must be finite and > 0, got ${lambda}`);
  if (!(sigma >= 0)) throw new RangeError(`downstreamRidgeDual: sigma must be ≥ 0, got ${sigma}`);
  for (const t of teachers) if (t.length !== d) throw new RangeError(`downstreamRidgeDual: every teacher must have length d = ${d}, got ${t.length}`);
  const X = sampleDesign(T, eigs, rng);
  const noise = new Float64Array(T);
  if (sigma > 0) fillGaussian(rng, noise, sigma);
  const K = gramOuter(X, T, d);
  for (let i = 0; i < T; i++) K[i * T + i] += T * lambda;
  const Y = new Float64Array(T * k);
  teachers.forEach((tw, t) => {
    const y = matVec(X, T, d, tw);
    for (let i = 0; i < T; i++) Y[i * k + t] = y[i] + noise[i];
  });
  const A = solveSpd(K, T, Y, k);
  const a = new Float64Array(T);
  return teachers.map((_, t) => {
    for (let i = 0; i < T; i++) a[i] = A[i * k + t];
    return sigmaNormError(eigs, matTVec(X, T, d, a), w0);
  });
}

