/**
 * The recursive linear-regression chain shared by *Model Collapse Demystified* (Dohmatob, Feng, Kempe 2024) and
 * *Is Model Collapse Inevitable?* (Gerstgrasser et al. 2024).
 *
 * ŵ₀ = w₀ (the truth). Iteration m = 1…n draws labels from the previous model, yₘ = Xₘŵ_{m−1} + σ·noise, and
 * fits ŵₘ by `learner` on a training set that depends on `data`:
 * - "replace": (Xₘ, yₘ) only — the model is trained on the latest dataset (iteration 1 is the real data);
 * - "accumulate": all datasets (X₁, y₁), …, (Xₘ, yₘ) stacked — the real data plus every synthetic set;
 * - "growing-replace": one dataset of m·T rows labelled by ŵ_{m−1} (as large as the accumulated one, but all
 *   synthetic).
 * `design`: "fresh" draws a new Xₘ ~ N(0, Σ)^{T×d} each iteration; "fixed" reuses one X₀ (growing-replace then
 * stacks m copies of X₀, accumulate stacks X₀ once per iteration).
 *
 * Fixed design, mean-label trick: least squares on m stacked copies of X₀ with labels y₁…yₘ equals least squares
 * on X₀ with the mean label ȳₘ, for OLS, for min-norm (the pseudo-inverse of the stacked design maps the stack to
 * X₀⁺ȳ) and for the per-sample-normalised ridge (XᵀX/N + λI)⁻¹Xᵀy/N. So a fixed-design iteration costs one
 * matrix–vector product and one pre-factored solve. For growing-replace on a fixed design the mean of m
 * independent N(0, σ²) label noises is drawn directly as one N(0, σ²/m) vector (same law, T draws instead of mT).
 */
import type { Rng } from "../../maths/random";
import { zigguratNormal } from "../../maths/gaussian-fill";
import { asMatrix, gram, matvec } from "../../maths/linalg/index";
import { sampleDesign } from "./design";
import { fitFromMoments, fitLinear, linearFitter, type Learner } from "./fit";

/** Which data each iteration trains on. */
export type ChainData = "replace" | "accumulate" | "growing-replace";
/** Whether each iteration draws a new design. */
export type ChainDesign = "fresh" | "fixed";

/** Options of {@link runLinearChain}. */
export interface LinearChainOptions {
  /** rows per dataset T */
  T: number;
  /** label-noise standard deviation σ of every dataset (real and synthetic) */
  sigma: number;
  /** number of iterations n (models ŵ₁ … ŵₙ) */
  generations: number;
  learner: Learner;
  /** default "fresh" */
  design?: ChainDesign;
  /** default "replace" */
  data?: ChainData;
}

const DATA: readonly ChainData[] = ["replace", "accumulate", "growing-replace"];
const DESIGNS: readonly ChainDesign[] = ["fresh", "fixed"];

/** Adds σ·N(0, 1) noise to y in place (nothing drawn when σ = 0). */
function addNoise(y: Float64Array, sigma: number, rng: Rng): void {
  if (!(sigma > 0)) return;
  for (let i = 0; i < y.length; i++) y[i] += sigma * zigguratNormal(rng); // the draws of fillGaussian, without the buffer
}

/**
 * Runs the chain (see the file header) from the truth w₀ under Σ = diag(eigs). Returns [ŵ₀ = w₀, ŵ₁, …, ŵₙ].
 * @example
 * // the setting of Gerstgrasser et al. §3: Σ = I, one fixed design, accumulate, OLS
 * const ws = runLinearChain(isotropicSpectrum(32), wStar, { T: 100, sigma: 1, generations: 50, learner: { kind: "ols" }, design: "fixed", data: "accumulate" }, rng);
 */
export function runLinearChain(eigs: ArrayLike<number>, w0: ArrayLike<number>, opts: LinearChainOptions, rng: Rng): Float64Array[] {
  const fn = "runLinearChain";
  const d = eigs.length;
  if (d < 1) throw new RangeError(`${fn}: eigs must be non-empty`);
  if (w0.length !== d) throw new RangeError(`${fn}: w0 has length ${w0.length}, expected d = ${d}`);
  const { T, sigma, generations, learner } = opts;
  if (!Number.isInteger(generations) || generations < 0) throw new RangeError(`${fn}: generations must be an integer ≥ 0, got ${generations}`);
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`${fn}: T must be a positive integer, got ${T}`);
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`${fn}: sigma must be finite and ≥ 0, got ${sigma}`);
  const design = opts.design ?? "fresh";
  const data = opts.data ?? "replace";
  if (!DESIGNS.includes(design)) throw new RangeError(`${fn}: design must be "fresh" or "fixed", got ${JSON.stringify(design)}`);
  if (!DATA.includes(data)) throw new RangeError(`${fn}: data must be one of ${DATA.join(", ")}, got ${JSON.stringify(data)}`);
  const out: Float64Array[] = [Float64Array.from(w0)];
  if (generations === 0) return out;
  if (design === "fixed") return runFixed(eigs, out, opts, data, rng);
  if (data === "replace") {
    for (let m = 1; m <= generations; m++) {
      const X = sampleDesign(T, eigs, rng);
      const y = matvec(asMatrix(T, d, X), out[m - 1]);
      addNoise(y, sigma, rng);
      out.push(fitLinear(X, T, d, y, learner));
    }
    return out;
  }
  if (data === "growing-replace") {
    for (let m = 1; m <= generations; m++) {
      const N = m * T;
      const X = sampleDesign(N, eigs, rng);
      const y = matvec(asMatrix(N, d, X), out[m - 1]);
      addNoise(y, sigma, rng);
      out.push(fitLinear(X, N, d, y, learner));
    }
    return out;
  }
  // fresh accumulate
  if (learner.kind === "minnorm") {
    const Xs: Float64Array[] = [], ys: Float64Array[] = [];
    for (let m = 1; m <= generations; m++) {
      const X = sampleDesign(T, eigs, rng);
      const y = matvec(asMatrix(T, d, X), out[m - 1]);
      addNoise(y, sigma, rng);
      Xs.push(X);
      ys.push(y);
      out.push(fitLinear(concat(Xs), m * T, d, concat(ys), learner));
    }
    return out;
  }
  const G = new Float64Array(d * d), b = new Float64Array(d);
  for (let m = 1; m <= generations; m++) {
    const X = sampleDesign(T, eigs, rng);
    const Xm = asMatrix(T, d, X);
    const y = matvec(Xm, out[m - 1]);
    addNoise(y, sigma, rng);
    const g = gram(Xm).data, xy = matvec(Xm, y, true);
    for (let k = 0; k < G.length; k++) G[k] += g[k];
    for (let j = 0; j < d; j++) b[j] += xy[j];
    out.push(fitFromMoments(G, b, m * T, d, learner));
  }
  return out;
}

function runFixed(eigs: ArrayLike<number>, out: Float64Array[], opts: LinearChainOptions, data: ChainData, rng: Rng): Float64Array[] {
  const d = eigs.length;
  const { T, sigma, generations, learner } = opts;
  const X = sampleDesign(T, eigs, rng);
  const Xm = asMatrix(T, d, X);
  const fit = linearFitter(X, T, d, learner);
  const ybar = new Float64Array(T);
  for (let m = 1; m <= generations; m++) {
    const y = matvec(Xm, out[m - 1]);
    if (data === "growing-replace") {
      addNoise(y, sigma / Math.sqrt(m), rng);
      out.push(fit(y));
    } else if (data === "accumulate") {
      addNoise(y, sigma, rng);
      for (let i = 0; i < T; i++) ybar[i] += (y[i] - ybar[i]) / m;
      out.push(fit(ybar));
    } else {
      addNoise(y, sigma, rng);
      out.push(fit(y));
    }
  }
  return out;
}

function concat(parts: Float64Array[]): Float64Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Float64Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
