/**
 * Theorem 1 of the paper (Section 4.2, proof in App. B): the limiting test error of weighted ridge regression
 * ŵ = (XᵀDX/n + λI)⁻¹XᵀDY/n on a pool of n examples x ~ N(0, I_d), y = sign(w₀ᵀx), of which a rule q keeps those with
 * D = diag(q(Xw_s)), in the proportional limit d/n → φ (eqs. (8)–(19)).
 *
 * Implemented with the corrections derived in docs/derivations/deliberate-practice.md:
 *  - m₀ = √(2/π)(ω·m + ω̃·m̃) and r = β²m + β̃²m̃ (as in the proof, App. B.2; the main text's eq. (18) squares ω, ω̃);
 *  - the derivatives m′ and m̃′ are exact (implicit differentiation of (16), Lemma 6 for m̃′), not finite differences;
 *  - besides the paper's Gaussian-margin error Φ(−m₀/√(ν₀ − m₀²)), the exact error for Gaussian inputs
 *    arccos(√(π/2)·m₀/√ν₀)/π (the test margin is not Gaussian; derived here).
 */
import { normalCdf } from "../../maths/normal";
import { signDisagreement } from "../../maths/gaussian-orthant";
import { checkAlignment, type SelectionRule, type SelectionScalars } from "./selection-rules";

/** The limiting accuracy of the Gaussian-margin form as φ → 0 (perfect alignment): Φ(√(2/(π − 2))) ≈ 0.9072. */
export const GAUSSIAN_MARGIN_CEILING = normalCdf(Math.sqrt(2 / (Math.PI - 2)));

/** m(z) of eq. (16) at z = −λ and its derivative dm/dz. */
export interface SpectralValue {
  m: number;
  mPrime: number;
}

function checkPositive(fn: string, what: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${fn}: ${what} must be a positive finite number, got ${v}`);
}

/**
 * The distorted Marchenko–Pastur Stieltjes transform of eq. (16) at z = −λ < 0: the root of φz·m² − (p − φ − z)·m + 1 = 0
 * that is positive, m = [p − φ − z − √((p − φ − z)² − 4φz)]/(2φz), computed without cancellation, and
 * m′ = dm/dz = (φm² + m)/√((p − φ − z)² − 4φz) by implicit differentiation. p = 1 gives the Marchenko–Pastur law.
 * @throws RangeError unless p, φ, λ > 0
 */
export function distortedMarchenkoPastur(p: number, phi: number, lambda: number): SpectralValue {
  checkPositive("distortedMarchenkoPastur", "the keep fraction p", p);
  checkPositive("distortedMarchenkoPastur", "the ratio φ = d/n", phi);
  checkPositive("distortedMarchenkoPastur", "the ridge λ (the derivatives need λ > 0)", lambda);
  const b = p - phi + lambda;
  const root = Math.sqrt(b * b + 4 * phi * lambda);
  const m = b >= 0 ? 2 / (b + root) : (root - b) / (2 * phi * lambda);
  return { m, mPrime: (phi * m * m + m) / root };
}

/** Every intermediate quantity of Theorem 1 and both error forms. */
export interface Theorem1Result extends SelectionScalars {
  phi: number;
  lambda: number;
  rho: number;
  m: number;
  mPrime: number;
  mTilde: number;
  mTildePrime: number;
  /** s(−λ) = γ/(1 + φm), eq. (17) */
  s: number;
  r: number;
  rPrime: number;
  /** ω = √(1 − ρ²)β and ω̃ = ρβ̃ of eq. (19) */
  omega: number;
  omegaTilde: number;
  m0: number;
  nu0: number;
  /** the paper's Gaussian-margin form Φ(−m₀/√(ν₀ − m₀²)) */
  errorGaussianMargin: number;
  /** the exact form for Gaussian inputs, arccos(√(π/2)·m₀/√ν₀)/π */
  errorArccos: number;
}

/** Theorem 1 from precomputed scalars (see {@link theorem1}). */
export function theorem1FromScalars(sc: SelectionScalars, phi: number, lambda: number, rho: number): Theorem1Result {
  checkAlignment("theorem1", rho);
  const { p, gamma, beta, betaTilde } = sc;
  const { m, mPrime } = distortedMarchenkoPastur(p, phi, lambda);
  const s = gamma / (1 + phi * m);
  const mTilde = 1 / (s + lambda);
  const mTildePrime = mTilde * mTilde * (1 + (gamma * phi * mPrime) / ((1 + phi * m) * (1 + phi * m)));
  const r = beta * beta * m + betaTilde * betaTilde * mTilde;
  const rPrime = beta * beta * mPrime + betaTilde * betaTilde * mTildePrime;
  const nu0 = p * phi * mPrime + rPrime - ((2 * phi * mPrime) / (1 + phi * m)) * r;
  const omega = Math.sqrt(Math.max(0, 1 - rho * rho)) * beta;
  const omegaTilde = rho * betaTilde;
  const m0 = Math.sqrt(2 / Math.PI) * (omega * m + omegaTilde * mTilde);
  const errorGaussianMargin = normalCdf(-m0 / Math.sqrt(Math.max(nu0 - m0 * m0, 0)));
  const cos = Math.sqrt(Math.PI / 2) * m0 / Math.sqrt(nu0);
  const errorArccos = signDisagreement(Math.max(-1, Math.min(1, cos)));
  return { ...sc, phi, lambda, rho, m, mPrime, mTilde, mTildePrime, s, r, rPrime, omega, omegaTilde, m0, nu0, errorGaussianMargin, errorArccos };
}

/**
 * Theorem 1 for a selection rule at d/n → φ, ridge λ and alignment ρ of the selection direction with the truth.
 * @throws RangeError unless φ > 0, λ > 0, ρ ∈ [−1, 1] and the rule keeps a positive fraction
 * @example theorem1(keepHard(0.5), 0.5, 0.01, 1).errorArccos // ≈ 0.375929
 */
export function theorem1(rule: SelectionRule, phi: number, lambda: number, rho: number): Theorem1Result {
  checkPositive("theorem1", "the ratio φ = d/n", phi);
  checkPositive("theorem1", "the ridge λ (the derivatives need λ > 0)", lambda);
  checkAlignment("theorem1", rho);
  const sc = rule.scalars(rho);
  if (!(sc.p > 0)) throw new RangeError(`theorem1: the rule keeps a fraction p = ${sc.p} of the pool; it must keep a positive fraction`);
  return theorem1FromScalars(sc, phi, lambda, rho);
}
