/**
 * Group risks of the joint and the separate models for isotropic-with-scales groups Σ_k = c_k·I_d, in the
 * proportional limit: plain ridge (φ = d/n) or ridge on m = ψ·n random projections (BA-7, S averaged out by the
 * Marchenko–Pastur quadrature). Only the ratios φ, ψ enter, so n is set to 1.
 */
import { MP_DEFAULT_NODES } from "./marchenko-pastur";
import { separateGroupRisk, twoGroupRidgeRisk } from "./two-group-risk";
import { isotropicTwoGroupSpectrum, randomProjectionTwoGroupSpectrum, type IsotropicTwoGroup, type TwoGroupProblem } from "./two-group-spectrum";

/** One isotropic two-group setting. */
export interface IsotropicTwoGroupSetting extends IsotropicTwoGroup {
  /** φ = d/n */
  phi: number;
  /** ψ = m/n for random projections; omit for plain ridge on x */
  psi?: number;
  p1: number;
  lambda: number;
  sigma1Sq: number;
  sigma2Sq: number;
  /** quadrature nodes (random projections only) */
  nodes?: number;
}

/** Risks of the joint model (R₁, R₂) and of the models trained on one group each (E₁, E₂). */
export interface GroupRisks {
  joint: [number, number];
  separate: [number, number];
}

/** The training problem of a setting (n = 1; d = φ, m = ψ). */
export function isotropicTwoGroupProblem(s: IsotropicTwoGroupSetting): TwoGroupProblem {
  const fn = "isotropicTwoGroupProblem";
  if (!(Number.isFinite(s.phi) && s.phi > 0)) throw new RangeError(`${fn}: phi = d/n must be > 0, got ${s.phi}`);
  if (s.psi !== undefined && !(Number.isFinite(s.psi) && s.psi > 0)) throw new RangeError(`${fn}: psi = m/n must be > 0 (or omitted for plain ridge), got ${s.psi}`);
  const spectrum = s.psi === undefined ? isotropicTwoGroupSpectrum(s, s.phi) : randomProjectionTwoGroupSpectrum(s, s.phi, s.psi, s.nodes ?? MP_DEFAULT_NODES);
  return { spectrum, n: 1, p1: s.p1, lambda: s.lambda, sigma1Sq: s.sigma1Sq, sigma2Sq: s.sigma2Sq };
}

/**
 * R₁, R₂ of the joint model and E₁, E₂ of the separate models (each trained on its own p_k·n rows, same λ and m).
 * @example isotropicGroupRisks({ phi: 2, psi: 0.5, p1: 0.8, lambda: 1, c1: 1, c2: 4, w1Sq: 1, w2Sq: 1, w12: 0.5, sigma1Sq: 0.01, sigma2Sq: 0.01 })
 */
export function isotropicGroupRisks(s: IsotropicTwoGroupSetting): GroupRisks {
  const pr = isotropicTwoGroupProblem(s);
  return {
    joint: [twoGroupRidgeRisk(pr, 1).risk, twoGroupRidgeRisk(pr, 2).risk],
    separate: [separateGroupRisk(pr, 1), separateGroupRisk(pr, 2)],
  };
}
