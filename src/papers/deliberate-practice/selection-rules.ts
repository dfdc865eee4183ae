/**
 * Selection rules of the paper's theory (Section 4, eqs. (20)–(30)): which pool examples x are kept for training,
 * as a function of their margin t = xᵀw_s along the selection direction w_s (‖w_s‖ = 1), and the four Gaussian
 * scalars Theorem 1 needs (eq. (15), G ~ N(0, 1), ρ = w_sᵀw₀/‖w₀‖, τ = ρ/√(1−ρ²)):
 *
 *   p = E q(G),   γ = E q(G)G²,   β = 2E q(G)φ(τG),   β̃ = 2E q(G)Φ(τG)G = E q(G)·G·(2Φ(τG) − 1)
 *
 * (the last equality holds for the symmetric rules below, for which E q(G)G = 0). The keep-hard and keep-easy rules
 * have the closed forms of Lemma 1 / eqs. (27) and (29); the soft rule (30) is integrated numerically (Simpson).
 */
import { gaussianExpectation } from "../../maths/gaussian-expectation";
import { normalCdf, normalPdf, normalQuantile } from "../../maths/normal";

/** The four scalars of eq. (15) for one rule and one alignment ρ. */
export interface SelectionScalars {
  /** keep fraction p = E q(G), eq. (11) */
  p: number;
  gamma: number;
  beta: number;
  betaTilde: number;
}

export type RuleKind = "keep-all" | "keep-hard" | "keep-easy" | "soft";

/** A selection rule: keep probability q(t) ∈ [0, 1] of an example with margin t, and its Theorem-1 scalars. */
export interface SelectionRule {
  kind: RuleKind;
  /** ξ for keep-hard / keep-easy, ω for the soft rule, NaN for keep-all */
  parameter: number;
  /** keep probability of an example with margin t along w_s */
  keep(t: number): number;
  /** the scalars of eq. (15) at alignment ρ = w_sᵀw₀/‖w₀‖ */
  scalars(rho: number): SelectionScalars;
}

const PHI0 = normalPdf(0);

/** Throws unless ρ ∈ [−1, 1]. */
export function checkAlignment(fn: string, rho: number): void {
  if (!(rho >= -1 && rho <= 1)) throw new RangeError(`${fn}: the alignment ρ = w_sᵀw₀/‖w₀‖ must lie in [−1, 1], got ${rho}`);
}

function checkXi(fn: string, xi: number): void {
  if (!(xi > 0) || !Number.isFinite(xi)) throw new RangeError(`${fn}: the margin threshold ξ must be a positive finite number, got ${xi}`);
}

/** √(1−ρ²), ε₁-type and ε₂-type quantities of Lemma 1 with their limits at |ρ| = 1 (τ = ±∞). */
function lemma1Parts(rho: number, xi: number): { s: number; e1: number; e2: number } {
  const s = Math.sqrt(Math.max(0, 1 - rho * rho));
  const e1 = s === 0 ? 1 : 2 * normalCdf(xi / s) - 1;
  const e2 = s === 0 ? Math.sign(rho) : 2 * normalCdf((rho / s) * xi) - 1;
  return { s, e1, e2 };
}

/** Keep-all (no pruning): q ≡ 1, so p = γ = 1, β = 2φ(0)√(1−ρ²), β̃ = 2ρφ(0). */
export function keepAll(): SelectionRule {
  return {
    kind: "keep-all",
    parameter: NaN,
    keep: () => 1,
    scalars(rho) {
      checkAlignment("keepAll.scalars", rho);
      return { p: 1, gamma: 1, beta: 2 * PHI0 * Math.sqrt(Math.max(0, 1 - rho * rho)), betaTilde: 2 * rho * PHI0 };
    },
  };
}

/**
 * Keep-hard, q(t) = 1[|t| ≤ ξ] (eqs. (20)/(26)); scalars of eq. (27):
 * p = 2Φ(ξ) − 1, γ = p − 2ξφ(ξ), β = 2φ(0)√(1−ρ²)ε₁, β̃ = 2(ρφ(0)ε₁ − φ(ξ)ε₂),
 * ε₁ = 2Φ(ξ/√(1−ρ²)) − 1, ε₂ = 2Φ(τξ) − 1 (Lemma 1 states ε₁ in β; its proof's last line has ε₂, a typo).
 */
export function keepHard(xi: number): SelectionRule {
  checkXi("keepHard", xi);
  return {
    kind: "keep-hard",
    parameter: xi,
    keep: (t) => (Math.abs(t) <= xi ? 1 : 0),
    scalars(rho) {
      checkAlignment("keepHard.scalars", rho);
      const { s, e1, e2 } = lemma1Parts(rho, xi);
      const p = 2 * normalCdf(xi) - 1;
      return { p, gamma: p - 2 * xi * normalPdf(xi), beta: 2 * PHI0 * s * e1, betaTilde: 2 * (rho * PHI0 * e1 - normalPdf(xi) * e2) };
    },
  };
}

/**
 * Keep-easy, q = 1 − q_keep-hard (eq. (28)); scalars of eq. (29): p = 2 − 2Φ(ξ), γ = 1 − γ_KH,
 * β = 2φ(0)√(1−ρ²)ε₁ with ε₁ = 2(1 − Φ(ξ/√(1−ρ²))), β̃ = 2(ρφ(0)ε₁ + φ(ξ)ε₂) with the same ε₂ as keep-hard.
 */
export function keepEasy(xi: number): SelectionRule {
  checkXi("keepEasy", xi);
  const hard = keepHard(xi);
  return {
    kind: "keep-easy",
    parameter: xi,
    keep: (t) => (Math.abs(t) <= xi ? 0 : 1),
    scalars(rho) {
      checkAlignment("keepEasy.scalars", rho);
      const { s, e1: e1Hard, e2 } = lemma1Parts(rho, xi);
      const kh = hard.scalars(rho);
      const e1 = 1 - e1Hard;
      return { p: 1 - kh.p, gamma: 1 - kh.gamma, beta: 2 * PHI0 * s * e1, betaTilde: 2 * (rho * PHI0 * e1 + normalPdf(xi) * e2) };
    },
  };
}

/** σ(t) = 1/(1 + e^{−t}). */
function logistic(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

/**
 * The soft rule of eq. (30), q(t) ∝ σ(t)^ω (1 − σ(t))^ω, used as a keep probability normalised to q(0) = 1:
 * q(t) = (4σ(t)(1 − σ(t)))^ω ∈ (0, 1]. The normalisation is a choice made here (eq. (30) fixes q only up to a
 * constant). ω > 0 favours small margins (hard examples). Scalars by Simpson quadrature with `intervals` sub-intervals.
 */
export function softRule(omega: number, intervals = 4000): SelectionRule {
  if (!(omega > 0) || !Number.isFinite(omega)) throw new RangeError(`softRule: the exponent ω must be a positive finite number, got ${omega}`);
  const q = (t: number) => Math.pow(4 * logistic(t) * logistic(-t), omega);
  return {
    kind: "soft",
    parameter: omega,
    keep: q,
    scalars: (rho) => scalarsByQuadrature(q, rho, intervals),
  };
}

/**
 * The scalars of eq. (15) for any symmetric keep probability q(t) = q(−t), by numerical integration (Simpson with
 * `intervals` sub-intervals on [−10, 10]); at |ρ| = 1, β = 0 and β̃ = sign(ρ)·E q(G)|G|.
 */
export function scalarsByQuadrature(q: (t: number) => number, rho: number, intervals = 4000): SelectionScalars {
  checkAlignment("scalarsByQuadrature", rho);
  const s = Math.sqrt(Math.max(0, 1 - rho * rho));
  const tau = s === 0 ? 0 : rho / s;
  const sign = (g: number) => (s === 0 ? Math.sign(rho * g) : 2 * normalCdf(tau * g) - 1);
  return {
    p: gaussianExpectation(q, intervals),
    gamma: gaussianExpectation((g) => q(g) * g * g, intervals),
    beta: s === 0 ? 0 : gaussianExpectation((g) => 2 * q(g) * normalPdf(tau * g), intervals),
    betaTilde: gaussianExpectation((g) => q(g) * g * sign(g), intervals),
  };
}

/**
 * The keep-hard rule that keeps a fraction p of the pool: ξ = Φ⁻¹((1 + p)/2); p = 1 gives keep-all.
 * @throws RangeError unless 0 < p ≤ 1
 */
export function keepHardFraction(p: number): SelectionRule {
  if (!(p > 0 && p <= 1)) throw new RangeError(`keepHardFraction: the keep fraction p must lie in (0, 1], got ${p}`);
  return p === 1 ? keepAll() : keepHard(normalQuantile((1 + p) / 2));
}

/**
 * The keep-easy rule that keeps a fraction p of the pool: ξ = Φ⁻¹(1 − p/2); p = 1 gives keep-all.
 * @throws RangeError unless 0 < p ≤ 1
 */
export function keepEasyFraction(p: number): SelectionRule {
  if (!(p > 0 && p <= 1)) throw new RangeError(`keepEasyFraction: the keep fraction p must lie in (0, 1], got ${p}`);
  return p === 1 ? keepAll() : keepEasy(normalQuantile(1 - p / 2));
}
