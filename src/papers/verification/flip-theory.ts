/**
 * Finite-sample theory of the random-flip data model (derived here; docs/derivations/verification.md §1):
 * x ~ N(0, I_d), y = sign(w*ᵀx), selected labels y′ = −y with probability p′ independently of x, and ridge
 * ŵ = (XᵀX/n + λI)⁻¹Xᵀy′/n on n selected pairs. Writing y′ = a·xᵀw* + ε with a = (1−2p′)√(2/π) and ε
 * uncorrelated with x (variance 1 − a²), the isotropic ridge deterministic equivalent gives the overlap and norm of ŵ,
 * and the test error of sign(xᵀŵ) is arccos(cos∠(ŵ, w*))/π.
 */
import { isotropicSpectrum, solveKappa } from "../../theory/ridge/index";

/** Setting of {@link flipModelTheory}. */
export interface FlipSetting {
  /** number of selected (kept) training pairs nₛ */
  nSel: number;
  /** input dimension d */
  d: number;
  /** label-error rate among the selected pairs p′ */
  pPrime: number;
  /** ridge parameter λ (on the 1/n-normalised Gram matrix) */
  lambda: number;
}

/** The deterministic-equivalent quantities of the random-flip model. */
export interface FlipTheory {
  /** effective regularisation κ: κ − λ = κ·(d/nₛ)/(1+κ) */
  kappa: number;
  /** ν = df₂/(nₛ − df₂), df₂ = d/(1+κ)² */
  nu: number;
  /** a = E[y′·xᵀw*] = (1 − 2p′)√(2/π) */
  a: number;
  /** predicted cosine between ŵ and w* */
  cos: number;
  /** test error arccos(cos)/π */
  error: number;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function checkSetting(fn: string, s: FlipSetting): void {
  if (!Number.isInteger(s.d) || s.d < 1) throw new RangeError(`${fn}: d must be a positive integer, got ${s.d}`);
  if (!(s.pPrime >= 0 && s.pPrime <= 1)) throw new RangeError(`${fn}: pPrime must be a probability in [0, 1], got ${s.pPrime}`);
  if (!(s.lambda >= 0) || !Number.isFinite(s.lambda)) throw new RangeError(`${fn}: lambda must be a finite number ≥ 0, got ${s.lambda}`);
  if (!(s.nSel > 0) || !(Number.isFinite(s.nSel) || s.nSel === Infinity)) throw new RangeError(`${fn}: nSel must be > 0, got ${s.nSel}`);
  if (s.lambda === 0 && !(s.nSel > s.d + 1)) {
    throw new RangeError(`${fn}: ridgeless (lambda = 0) needs nSel > d + 1 selected samples, got nSel = ${s.nSel}, d = ${s.d}; use lambda > 0`);
  }
}

/**
 * Test error of ridge on nₛ selected random-flip pairs (deterministic equivalent; exact as d, nₛ → ∞ at fixed d/nₛ).
 * `nSel = Infinity` gives the infinite-data limit: error 0 if p′ < ½, 1 if p′ > ½, ½ at p′ = ½.
 *
 * @throws RangeError on p′ ∉ [0, 1], λ < 0, nₛ ≤ 0, or λ = 0 with nₛ ≤ d + 1
 * @example flipModelTheory({ nSel: 10000, d: 100, pPrime: 0.2, lambda: 0.01 }).error // ≈ 0.0580141
 */
export function flipModelTheory(s: FlipSetting): FlipTheory {
  checkSetting("flipModelTheory", s);
  const a = (1 - 2 * s.pPrime) * SQRT_2_OVER_PI;
  if (s.nSel === Infinity) {
    const cos = Math.sign(a);
    return { kappa: s.lambda, nu: 0, a, cos, error: Math.acos(cos) / Math.PI };
  }
  const kappa = solveKappa(isotropicSpectrum(s.d), s.nSel, s.lambda);
  const df2 = s.d / ((1 + kappa) * (1 + kappa));
  const nu = df2 / (s.nSel - df2);
  const bias2 = (kappa * kappa * (1 + nu) * a * a) / ((1 + kappa) * (1 + kappa));
  const variance = (1 - a * a) * nu;
  const norm2 = bias2 + variance + a * a * (2 / (1 + kappa) - 1);
  const overlap = a / (1 + kappa);
  const cos = norm2 > 0 ? Math.max(-1, Math.min(1, overlap / Math.sqrt(norm2))) : 0;
  return { kappa, nu, a, cos, error: Math.acos(cos) / Math.PI };
}

/** Test error only ({@link flipModelTheory}). */
export function flipModelError(s: FlipSetting): number {
  return flipModelTheory(s).error;
}
