/**
 * The eigenvalue task of §3 and §6.1 at CPU size: symmetric matrices with i.i.d. U[−10, 10] entries on and above
 * the diagonal (the generator of the LAWT code the paper builds on), targets the eigenvalues in decreasing order, and
 * the paper's correctness metric — a prediction is correct iff Σ|λ̂ᵢ − λᵢ| / Σ|λᵢ| < τ. The stand-in uses 3×3
 * matrices, whose eigenvalues have a closed form (trigonometric solution of the characteristic cubic).
 */
import type { Rng } from "../../maths/random";

/** Largest absolute entry of the generated matrices (LAWT `max_input_coeff`). */
export const MAX_COEFF = 10;

/**
 * Eigenvalues of the symmetric 3×3 matrix [[a, b, c], [b, d, e], [c, e, f]] in decreasing order.
 * @example symmetricEigen3(2, 0, 0, 3, 0, 1) // [3, 2, 1]
 */
export function symmetricEigen3(a: number, b: number, c: number, d: number, e: number, f: number): [number, number, number] {
  const p1 = b * b + c * c + e * e;
  const q = (a + d + f) / 3;
  const p2 = (a - q) ** 2 + (d - q) ** 2 + (f - q) ** 2 + 2 * p1;
  if (p2 === 0) return [q, q, q];
  const p = Math.sqrt(p2 / 6);
  const A = (a - q) / p, D = (d - q) / p, F = (f - q) / p, B = b / p, C = c / p, E = e / p;
  const det = A * (D * F - E * E) - B * (B * F - E * C) + C * (B * E - D * C);
  const r = Math.max(-1, Math.min(1, det / 2));
  const phi = Math.acos(r) / 3;
  const l1 = q + 2 * p * Math.cos(phi);
  const l3 = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  return [l1, 3 * q - l1 - l3, l3];
}

/** A data set of n matrices: inputs (upper triangle a, b, c, d, e, f, divided by MAX_COEFF) and eigenvalues. */
export interface EigenData {
  n: number;
  /** n×6, row-major, scaled by 1/MAX_COEFF */
  x: Float32Array;
  /** n×3 true eigenvalues (unscaled), decreasing */
  eig: Float64Array;
}

/** `n` random symmetric 3×3 matrices with entries U[−MAX_COEFF, MAX_COEFF]. */
export function sampleEigenData(n: number, rng: Rng): EigenData {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sampleEigenData: n must be a positive integer, got ${n}`);
  const x = new Float32Array(n * 6), eig = new Float64Array(n * 3);
  const m = new Float64Array(6);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 6; k++) m[k] = MAX_COEFF * (2 * rng.uniform() - 1);
    const l = symmetricEigen3(m[0], m[1], m[2], m[3], m[4], m[5]);
    for (let k = 0; k < 6; k++) x[i * 6 + k] = m[k] / MAX_COEFF;
    eig[i * 3] = l[0]; eig[i * 3 + 1] = l[1]; eig[i * 3 + 2] = l[2];
  }
  return { n, x, eig };
}

/** Relative L1 error Σ|λ̂ᵢ − λᵢ| / Σ|λᵢ| of prediction `pred` (3 values at offset `po`) against `eig` at `eo`. */
export function relativeL1(pred: ArrayLike<number>, po: number, eig: ArrayLike<number>, eo: number): number {
  let num = 0, den = 0;
  for (let k = 0; k < 3; k++) {
    num += Math.abs(pred[po + k] - eig[eo + k]);
    den += Math.abs(eig[eo + k]);
  }
  return den > 0 ? num / den : num > 0 ? Infinity : 0;
}

/** Fraction of rows whose prediction is correct at tolerance τ (relative L1 < τ). */
export function accuracyAt(pred: ArrayLike<number>, eig: ArrayLike<number>, tau: number): number {
  if (!(tau > 0)) throw new RangeError(`accuracyAt: tau must be > 0, got ${tau}`);
  const n = eig.length / 3;
  if (pred.length !== eig.length) throw new RangeError(`accuracyAt: ${pred.length / 3} predictions for ${n} matrices`);
  let ok = 0;
  for (let i = 0; i < n; i++) if (relativeL1(pred, 3 * i, eig, 3 * i) < tau) ok++;
  return ok / n;
}
