/**
 * Two-group spectra for the ridge deterministic equivalents of a two-group Gaussian mixture with
 * simultaneously diagonalisable covariances (Subramonian, Bell, Sagun, Dohmatob, ICLR 2025 model class).
 *
 * A spectrum is a list of atoms j. Atom j carries the eigenvalues s1[j], s2[j] of the two group covariances in a
 * common eigenbasis, its multiplicity mult[j] in the traces ((1/n)·Σⱼ mult[j]·g(j)), and the teacher products
 * summed over the atom: w11[j] = Σ w₁², w12[j] = Σ w₁w₂, w22[j] = Σ w₂². Explicit coordinates have mult = 1 and
 * w11 = w₁ⱼ²; a Marchenko–Pastur quadrature node q stands for m·π_q eigenvalues and the teacher mass
 * (w_kᵀw_l)·γ·π_q/s_q (derived here, docs/derivations/bias-amplification.md §2).
 *
 * `residual` is teacher energy outside the model's span (random projections): it acts as extra independent label
 * noise for training and adds to the test risk of its group.
 */
import { marchenkoPasturQuadrature, MP_DEFAULT_NODES } from "./marchenko-pastur";

export interface TwoGroupSpectrum {
  s1: Float64Array;
  s2: Float64Array;
  mult: Float64Array;
  w11: Float64Array;
  w12: Float64Array;
  w22: Float64Array;
  /** unexplained teacher energy of groups 1 and 2 (default 0, 0) */
  residual?: [number, number];
}

/** A two-group training problem: n samples, a fraction p1 from group 1, ridge λ, label-noise variances. */
export interface TwoGroupProblem {
  spectrum: TwoGroupSpectrum;
  n: number;
  p1: number;
  lambda: number;
  sigma1Sq: number;
  sigma2Sq: number;
}

function finite(fn: string, name: string, x: number, min = -Infinity): void {
  if (typeof x !== "number" || !Number.isFinite(x) || x < min) {
    throw new RangeError(`${fn}: ${name} must be a finite number${min > -Infinity ? ` ≥ ${min}` : ""}, got ${x}`);
  }
}

/** Throws a RangeError naming the first malformed field of a spectrum. */
export function checkTwoGroupSpectrum(fn: string, sp: TwoGroupSpectrum): void {
  const J = sp?.s1?.length;
  if (!J) throw new RangeError(`${fn}: spectrum.s1 must be a non-empty array of group-1 eigenvalues`);
  for (const key of ["s2", "mult", "w11", "w12", "w22"] as const) {
    if (!sp[key] || sp[key].length !== J) {
      throw new RangeError(`${fn}: spectrum.${key} must have one entry per atom (${J}), got ${sp[key] ? sp[key].length : sp[key]}`);
    }
  }
  let pos1 = false, pos2 = false;
  for (let j = 0; j < J; j++) {
    finite(fn, `spectrum.s1[${j}] (an eigenvalue of Σ₁; a covariance must be positive semi-definite)`, sp.s1[j], 0);
    finite(fn, `spectrum.s2[${j}] (an eigenvalue of Σ₂; a covariance must be positive semi-definite)`, sp.s2[j], 0);
    finite(fn, `spectrum.mult[${j}]`, sp.mult[j], 0);
    finite(fn, `spectrum.w11[${j}]`, sp.w11[j], 0);
    finite(fn, `spectrum.w22[${j}]`, sp.w22[j], 0);
    finite(fn, `spectrum.w12[${j}]`, sp.w12[j]);
    if (sp.s1[j] > 0) pos1 = true;
    if (sp.s2[j] > 0) pos2 = true;
  }
  if (!pos1 && !pos2) throw new RangeError(`${fn}: both covariances are zero`);
  if (sp.residual) {
    finite(fn, "spectrum.residual[0]", sp.residual[0], 0);
    finite(fn, "spectrum.residual[1]", sp.residual[1], 0);
  }
}

/** Throws a RangeError naming the first bad field of a problem (p1 ∈ (0, 1), λ > 0, n > 0, σ² ≥ 0). */
export function checkTwoGroupProblem(fn: string, pr: TwoGroupProblem): void {
  checkTwoGroupSpectrum(fn, pr.spectrum);
  finite(fn, "n (sample size)", pr.n);
  if (!(pr.n > 0)) throw new RangeError(`${fn}: n (sample size) must be > 0, got ${pr.n}`);
  if (!(pr.p1 > 0 && pr.p1 < 1)) throw new RangeError(`${fn}: p1 (fraction of group-1 samples) must be in (0, 1), got ${pr.p1}`);
  if (!(typeof pr.lambda === "number" && Number.isFinite(pr.lambda) && pr.lambda > 0)) {
    throw new RangeError(`${fn}: lambda must be a finite number > 0 (use a small λ for the ridgeless limit), got ${pr.lambda}`);
  }
  finite(fn, "sigma1Sq", pr.sigma1Sq, 0);
  finite(fn, "sigma2Sq", pr.sigma2Sq, 0);
}

/**
 * Spectrum of explicit simultaneously-diagonal covariances Σ₁ = diag(s1), Σ₂ = diag(s2) and teachers w1, w2
 * given in that eigenbasis.
 */
export function diagonalTwoGroupSpectrum(s1: ArrayLike<number>, s2: ArrayLike<number>, w1: ArrayLike<number>, w2: ArrayLike<number>): TwoGroupSpectrum {
  const fn = "diagonalTwoGroupSpectrum";
  const d = s1?.length;
  if (!d) throw new RangeError(`${fn}: s1 must be a non-empty array`);
  for (const [name, v] of [["s2", s2], ["w1", w1], ["w2", w2]] as const) {
    if (!v || v.length !== d) throw new RangeError(`${fn}: ${name} must have length ${d} (the dimension of s1), got ${v ? v.length : v}`);
  }
  const sp: TwoGroupSpectrum = {
    s1: Float64Array.from(s1), s2: Float64Array.from(s2), mult: new Float64Array(d).fill(1),
    w11: new Float64Array(d), w12: new Float64Array(d), w22: new Float64Array(d),
  };
  for (let j = 0; j < d; j++) {
    finite(fn, `w1[${j}]`, w1[j]);
    finite(fn, `w2[${j}]`, w2[j]);
    sp.w11[j] = w1[j] * w1[j];
    sp.w12[j] = w1[j] * w2[j];
    sp.w22[j] = w2[j] * w2[j];
  }
  checkTwoGroupSpectrum(fn, sp);
  return sp;
}

/** Isotropic-with-scales groups Σ_k = c_k·I_d, teachers given by ‖w₁‖², ‖w₂‖² and w₁ᵀw₂. */
export interface IsotropicTwoGroup {
  /** covariance scales c₁, c₂ */
  c1: number;
  c2: number;
  /** ‖w₁‖², ‖w₂‖², w₁ᵀw₂ */
  w1Sq: number;
  w2Sq: number;
  w12: number;
}

function checkIsotropic(fn: string, g: IsotropicTwoGroup): void {
  for (const k of ["c1", "c2"] as const) if (!(Number.isFinite(g[k]) && g[k] > 0)) throw new RangeError(`${fn}: ${k} (covariance scale) must be > 0, got ${g[k]}`);
  finite(fn, "w1Sq", g.w1Sq, 0);
  finite(fn, "w2Sq", g.w2Sq, 0);
  finite(fn, "w12", g.w12);
  if (g.w12 * g.w12 > g.w1Sq * g.w2Sq * (1 + 1e-12)) {
    throw new RangeError(`${fn}: w12² must be ≤ w1Sq·w2Sq (Cauchy–Schwarz), got w12 = ${g.w12}, w1Sq = ${g.w1Sq}, w2Sq = ${g.w2Sq}`);
  }
}

/** Spectrum of plain ridge (no projection) on Σ_k = c_k·I_d: one atom of multiplicity d. */
export function isotropicTwoGroupSpectrum(g: IsotropicTwoGroup, d: number): TwoGroupSpectrum {
  checkIsotropic("isotropicTwoGroupSpectrum", g);
  if (!(Number.isFinite(d) && d > 0)) throw new RangeError(`isotropicTwoGroupSpectrum: dimension d must be > 0, got ${d}`);
  const one = (v: number) => Float64Array.of(v);
  return { s1: one(g.c1), s2: one(g.c2), mult: one(d), w11: one(g.w1Sq), w12: one(g.w12), w22: one(g.w2Sq) };
}

/**
 * Spectrum of ridge on random projections z = Sᵀx, S ∈ R^{d×m} i.i.d. N(0, 1/d), for Σ_k = c_k·I_d, with S
 * averaged out: the eigenvalues of C = SᵀS follow the Marchenko–Pastur law with γ = m/d, C_k = c_k·C, the
 * feature-space teachers have mass (w_kᵀw_l)·γ·π_q/s_q at node q, and the residual c_k·‖w_k‖²·(1 − min(γ, 1))
 * is the teacher energy outside the span of S. The atom of C at 0 carries neither trace nor teacher mass.
 * @param m number of random features (any positive real: only m/d and m enter)
 */
export function randomProjectionTwoGroupSpectrum(g: IsotropicTwoGroup, d: number, m: number, nodes = MP_DEFAULT_NODES): TwoGroupSpectrum {
  const fn = "randomProjectionTwoGroupSpectrum";
  checkIsotropic(fn, g);
  if (!(Number.isFinite(d) && d > 0)) throw new RangeError(`${fn}: dimension d must be > 0, got ${d}`);
  if (!(Number.isFinite(m) && m > 0)) throw new RangeError(`${fn}: number of features m must be > 0, got ${m}`);
  const gamma = m / d;
  const q = marchenkoPasturQuadrature(gamma, { nodes });
  const K = q.nodes.length;
  const sp: TwoGroupSpectrum = {
    s1: new Float64Array(K), s2: new Float64Array(K), mult: new Float64Array(K),
    w11: new Float64Array(K), w12: new Float64Array(K), w22: new Float64Array(K),
    residual: [g.c1 * g.w1Sq * (1 - Math.min(gamma, 1)), g.c2 * g.w2Sq * (1 - Math.min(gamma, 1))],
  };
  for (let i = 0; i < K; i++) {
    const s = q.nodes[i], pi = q.weights[i];
    sp.s1[i] = g.c1 * s;
    sp.s2[i] = g.c2 * s;
    sp.mult[i] = m * pi;
    const t = (gamma * pi) / s;
    sp.w11[i] = g.w1Sq * t;
    sp.w12[i] = g.w12 * t;
    sp.w22[i] = g.w2Sq * t;
  }
  return sp;
}

/** The same spectrum with the roles of groups 1 and 2 exchanged. */
export function swapGroups(sp: TwoGroupSpectrum): TwoGroupSpectrum {
  return {
    s1: sp.s2, s2: sp.s1, mult: sp.mult, w11: sp.w22, w12: sp.w12, w22: sp.w11,
    residual: sp.residual ? [sp.residual[1], sp.residual[0]] : undefined,
  };
}
