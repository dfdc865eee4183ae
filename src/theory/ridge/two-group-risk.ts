/**
 * Deterministic equivalent of the group test risks of ridge regression trained on a two-group Gaussian mixture
 * (BA-1)–(BA-3), for simultaneously diagonalisable covariances given as a {@link TwoGroupSpectrum}.
 *
 * Model: group k has x ~ N(0, Σ_k), y = xᵀw_k + ε, ε ~ N(0, σ_k²), a fraction p_k of the n training rows;
 * ŵ = (XᵀX/n + λI)⁻¹Xᵀy/n. Risk on group 1: R₁ = (ŵ − w₁)ᵀΣ₁(ŵ − w₁) ≃ B_a + B_b + B_c + V (+ residual₁):
 *   B_a = −λ²·F_a′(0),  B_c = 2λp₂·F_c′(0),  B_b = −F_b′(0),
 *   V = −[p₁σ₁²δ₁′(0)/(1+δ₁)² + p₂σ₂²δ₂′(0)/(1+δ₂)²],
 * where ′ is the derivative in a test-covariance perturbation z·Σ₁ added inside the resolvent, taken here by
 * implicit differentiation of the fixed point (exact, no finite differences). Group 2: every label 1 ↔ 2 swapped.
 * Derived here; see docs/derivations/bias-amplification.md.
 */
import { solveTwoGroupFixedPoint } from "./two-group-fixed-point";
import { checkTwoGroupProblem, swapGroups, type TwoGroupProblem, type TwoGroupSpectrum } from "./two-group-spectrum";

/** The risk of one group and its parts. */
export interface TwoGroupRisk {
  group: 1 | 2;
  /** fixed point of the training problem (in the problem's own labels) */
  delta1: number;
  delta2: number;
  /** B_a: ridge shrinkage toward the tested group's teacher */
  shrinkage: number;
  /** B_b: contamination by the other group's teacher */
  contamination: number;
  /** B_c: cross term */
  cross: number;
  /** V: label noise (including the other group's and the residual noise) */
  variance: number;
  /** teacher energy outside the model (random projections), part of the risk */
  residual: number;
  /** shrinkage + contamination + cross + variance + residual */
  risk: number;
}

/**
 * Risk on group 1 of a model trained with fractions (p1, p2) (p2 = 0 allowed: a one-group model).
 * Noise variances exclude the residuals, which are added here.
 */
export function groupOneRiskTerms(sp: TwoGroupSpectrum, n: number, p1: number, p2: number, lambda: number, sigma1Sq: number, sigma2Sq: number): Omit<TwoGroupRisk, "group"> {
  const fp = solveTwoGroupFixedPoint(sp, n, p1, p2, lambda);
  const { delta1: d1, delta2: d2, r } = fp;
  const res1 = sp.residual ? sp.residual[0] : 0, res2 = sp.residual ? sp.residual[1] : 0;
  const { s1, s2, mult, w11, w12, w22 } = sp;
  const J = s1.length;
  // Right-hand side of (I − ∂T)·δ′ = b, with b_k = −(1/n)·Σ mult·s_k·a·r², a = s1 (test covariance).
  let b1 = 0, b2 = 0;
  for (let j = 0; j < J; j++) {
    const q = mult[j] * r[j] * r[j] * s1[j];
    b1 += q * s1[j];
    b2 += q * s2[j];
  }
  b1 = -b1 / n;
  b2 = -b2 / n;
  const [j11, j12, j21, j22] = fp.dT;
  const A11 = 1 - j11, A12 = -j12, A21 = -j21, A22 = 1 - j22;
  const det = A11 * A22 - A12 * A21;
  const dd1 = (A22 * b1 - A12 * b2) / det, dd2 = (-A21 * b1 + A11 * b2) / det;
  const e1 = 1 + d1, e2 = 1 + d2;
  const g1 = (p1 * dd1) / (e1 * e1), g2 = (p2 * dd2) / (e2 * e2);
  let Fa = 0, Fc = 0, Fb2 = 0, Q = 0;
  for (let j = 0; j < J; j++) {
    const rj = r[j];
    const dr = -rj * rj * (s1[j] - g1 * s1[j] - g2 * s2[j]);
    Fa += w11[j] * dr;
    const wd = w12[j] - w11[j]; // w₁·Δ
    Fc += wd * s2[j] * (dr / e2 - (rj * dd2) / (e2 * e2));
    const dsq = w22[j] - 2 * w12[j] + w11[j]; // Δ²
    Q += s2[j] * dsq;
    Fb2 += s2[j] * s2[j] * dsq * (dr / (e2 * e2) - (2 * rj * dd2) / (e2 * e2 * e2));
  }
  const Fb = p2 * Q * dd2 / (e2 * e2) + p2 * p2 * Fb2;
  const shrinkage = -lambda * lambda * Fa;
  const cross = 2 * lambda * p2 * Fc;
  const contamination = -Fb;
  const variance = -((sigma1Sq + res1) * p1 * dd1 / (e1 * e1) + (p2 > 0 ? (sigma2Sq + res2) * p2 * dd2 / (e2 * e2) : 0));
  return { delta1: d1, delta2: d2, shrinkage, contamination, cross, variance, residual: res1, risk: shrinkage + contamination + cross + variance + res1 };
}

/**
 * Deterministic equivalent of the test risk of group `group` for the joint ridge model (BA-3).
 * @example twoGroupRidgeRisk({ spectrum, n: 400, p1: 0.8, lambda: 1e-2, sigma1Sq: 0.01, sigma2Sq: 0.01 }, 2).risk
 * @throws RangeError on p1 ∉ (0, 1), λ ≤ 0, a negative eigenvalue or mismatched array lengths
 */
export function twoGroupRidgeRisk(pr: TwoGroupProblem, group: 1 | 2 = 1): TwoGroupRisk {
  checkTwoGroupProblem("twoGroupRidgeRisk", pr);
  if (group !== 1 && group !== 2) throw new RangeError(`twoGroupRidgeRisk: group must be 1 or 2, got ${group}`);
  if (group === 1) {
    return { group, ...groupOneRiskTerms(pr.spectrum, pr.n, pr.p1, 1 - pr.p1, pr.lambda, pr.sigma1Sq, pr.sigma2Sq) };
  }
  const t = groupOneRiskTerms(swapGroups(pr.spectrum), pr.n, 1 - pr.p1, pr.p1, pr.lambda, pr.sigma2Sq, pr.sigma1Sq);
  return { group, ...t, delta1: t.delta2, delta2: t.delta1 };
}

/**
 * Risk of a model trained on group `group` alone (n_k = p_k·n rows, same λ), tested on that group: the
 * one-group case p₂ = 0 of {@link groupOneRiskTerms}. For explicit coordinates it equals the one-group
 * {@link ridgeEquivalent} test error (checked in the unit tests).
 */
export function separateGroupRisk(pr: TwoGroupProblem, group: 1 | 2): number {
  checkTwoGroupProblem("separateGroupRisk", pr);
  if (group !== 1 && group !== 2) throw new RangeError(`separateGroupRisk: group must be 1 or 2, got ${group}`);
  const sp = group === 1 ? pr.spectrum : swapGroups(pr.spectrum);
  const nk = (group === 1 ? pr.p1 : 1 - pr.p1) * pr.n;
  const sig = group === 1 ? pr.sigma1Sq : pr.sigma2Sq;
  // One group: δ₂ still solves its equation but has weight p₂ = 0.
  return groupOneRiskTerms({ ...sp, s2: sp.s1 }, nk, 1, 0, pr.lambda, sig, 0).risk;
}
