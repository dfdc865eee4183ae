/**
 * Inputs and scoring of the recursive linear-regression chain: Gaussian designs with a diagonal covariance,
 * a random unit teacher, and the excess risk of an estimate.
 */
import type { Rng } from "../../maths/random";
import { fillGaussian } from "../../maths/gaussian-fill";

/** T×d design with i.i.d. rows N(0, diag(eigs)), row-major. */
export function sampleDesign(T: number, eigs: ArrayLike<number>, rng: Rng): Float64Array {
  const d = eigs.length;
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`sampleDesign: T must be a positive integer, got ${T}`);
  const sd = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    if (!(eigs[j] >= 0)) throw new RangeError(`sampleDesign: eigs[${j}] must be ≥ 0, got ${eigs[j]}`);
    sd[j] = Math.sqrt(eigs[j]);
  }
  const X = new Float64Array(T * d);
  fillGaussian(rng, X);
  for (let i = 0; i < T; i++) {
    const r = i * d;
    for (let j = 0; j < d; j++) X[r + j] *= sd[j];
  }
  return X;
}

/** A random unit-norm direction in ℝᵈ (isotropic teacher; only ‖w₀‖ matters when Σ = I). */
export function randomUnitVector(d: number, rng: Rng): Float64Array {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`randomUnitVector: d must be a positive integer, got ${d}`);
  const w = fillGaussian(rng, new Float64Array(d));
  let s = 0;
  for (let j = 0; j < d; j++) s += w[j] * w[j];
  const inv = 1 / Math.sqrt(s);
  for (let j = 0; j < d; j++) w[j] *= inv;
  return w;
}

/**
 * Excess risk ‖w − w₀‖²_Σ = Σ_j λ_j (w_j − w₀,j)² for diagonal Σ = diag(eigs): the expected squared error of
 * w on a fresh noiseless test point x ~ N(0, Σ).
 */
export function sigmaNormError(eigs: ArrayLike<number>, w: ArrayLike<number>, w0: ArrayLike<number>): number {
  if (w.length !== eigs.length || w0.length !== eigs.length) {
    throw new RangeError(`sigmaNormError: w (${w.length}) and w0 (${w0.length}) must have length d = ${eigs.length}`);
  }
  let s = 0;
  for (let j = 0; j < eigs.length; j++) {
    const e = w[j] - w0[j];
    s += eigs[j] * e * e;
  }
  return s;
}
