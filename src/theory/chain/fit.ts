/**
 * Linear fits of the chain: OLS (XᵀX)⁻¹Xᵀy (T > d), min-norm interpolation Xᵀ(XXᵀ)⁻¹y (T < d) and ridge
 * (XᵀX/T + λI)⁻¹Xᵀy/T. {@link linearFitter} factors the design once, so a fixed design relabelled many
 * times costs one factorisation plus two matrix–vector products and two triangular solves per fit.
 */
import { asMatrix, cholesky, choleskySolve, gram, matvec, outerGram, type Matrix } from "../../maths/linalg/index";

/** How a model of the chain (or a downstream model) is fitted. */
export type Learner = { kind: "ols" } | { kind: "minnorm" } | { kind: "ridge"; lambda: number };

/** Checks a learner against the design shape and returns a description of what is wrong, or throws. */
function checkLearner(fn: string, T: number, d: number, learner: Learner): void {
  switch (learner.kind) {
    case "ols":
      if (T <= d) throw new RangeError(`${fn}: OLS needs more samples than features (T = ${T}, d = ${d}); use "minnorm" or "ridge"`);
      return;
    case "minnorm":
      if (T >= d) throw new RangeError(`${fn}: min-norm interpolation needs T < d (T = ${T}, d = ${d}); use "ols"`);
      return;
    case "ridge":
      if (!(learner.lambda > 0) || !Number.isFinite(learner.lambda)) throw new RangeError(`${fn}: ridge lambda must be a finite number > 0, got ${learner.lambda}`);
      return;
    default:
      throw new TypeError(`${fn}: unknown learner ${JSON.stringify(learner)}`);
  }
}

/**
 * Factors the T×d row-major design X for `learner` and returns y ↦ ŵ (the fitted coefficients for labels y).
 * @example
 * const fit = linearFitter(X, 100, 5, { kind: "ols" });
 * const w1 = fit(y1), w2 = fit(y2); // one Cholesky factorisation of XᵀX serves both
 */
export function linearFitter(X: Float64Array, T: number, d: number, learner: Learner): (y: Float64Array) => Float64Array {
  const fn = "linearFitter";
  if (!Number.isInteger(T) || !Number.isInteger(d) || T < 1 || d < 1 || X.length !== T * d) {
    throw new RangeError(`${fn}: X must be a ${T}×${d} row-major array, got length ${X.length}`);
  }
  checkLearner(fn, T, d, learner);
  const Xm = asMatrix(T, d, X);
  const checkY = (y: Float64Array): void => {
    if (y.length !== T) throw new RangeError(`${fn}: y must have length T = ${T}, got ${y.length}`);
  };
  if (learner.kind === "minnorm") {
    const L = cholesky(outerGram(Xm));
    return (y) => {
      checkY(y);
      return matvec(Xm, choleskySolve(L, y), true);
    };
  }
  const G = gram(Xm).data;
  let scale = 1;
  if (learner.kind === "ridge") {
    scale = 1 / T;
    for (let k = 0; k < G.length; k++) G[k] /= T;
    for (let j = 0; j < d; j++) G[j * d + j] += learner.lambda;
  }
  const L: Matrix = cholesky(asMatrix(d, d, G));
  return (y) => {
    checkY(y);
    const b = matvec(Xm, y, true);
    if (scale !== 1) for (let j = 0; j < d; j++) b[j] /= T;
    return choleskySolve(L, b);
  };
}

/** One fit of (X, y) by `learner` (see {@link linearFitter}). */
export function fitLinear(X: Float64Array, T: number, d: number, y: Float64Array, learner: Learner): Float64Array {
  if (X.length !== T * d || y.length !== T) throw new RangeError(`fitLinear: X must be ${T}×${d} and y of length ${T}`);
  return linearFitter(X, T, d, learner)(y);
}

/**
 * Fit from accumulated sufficient statistics G = Σ XᵢᵀXᵢ, b = Σ Xᵢᵀyᵢ over N stacked rows (OLS: G⁻¹b; ridge:
 * (G/N + λI)⁻¹ b/N). Min-norm needs the stacked design itself and is not available here.
 */
export function fitFromMoments(G: Float64Array, b: Float64Array, N: number, d: number, learner: Learner): Float64Array {
  const fn = "fitFromMoments";
  if (G.length !== d * d || b.length !== d) throw new RangeError(`${fn}: G must be ${d}×${d} and b of length ${d}`);
  if (learner.kind === "minnorm") throw new RangeError(`${fn}: min-norm needs the stacked design; use fitLinear on the stacked rows`);
  checkLearner(fn, N, d, learner);
  const A = G.slice();
  const r = b.slice();
  if (learner.kind === "ridge") {
    for (let k = 0; k < A.length; k++) A[k] /= N;
    for (let j = 0; j < d; j++) A[j * d + j] += learner.lambda;
    for (let j = 0; j < d; j++) r[j] /= N;
  }
  return choleskySolve(cholesky(asMatrix(d, d, A)), r);
}
