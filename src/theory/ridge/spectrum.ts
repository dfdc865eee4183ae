/** Covariance spectra and teachers used by the ridge papers. */

/**
 * Power-law spectrum λ_j = j^(−β), j = 1…d (unnormalised, as in this project's reference values).
 * @example powerLawSpectrum(3, 1) // Float64Array [1, 0.5, 0.3333…]
 */
export function powerLawSpectrum(d: number, beta: number): Float64Array {
  checkDim("powerLawSpectrum", d);
  if (!Number.isFinite(beta) || beta < 0) throw new RangeError(`powerLawSpectrum: beta must be a finite number ≥ 0, got ${beta}`);
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) out[j] = Math.pow(j + 1, -beta);
  return out;
}

/** Isotropic spectrum Σ = scale·I_d. */
export function isotropicSpectrum(d: number, scale = 1): Float64Array {
  checkDim("isotropicSpectrum", d);
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`isotropicSpectrum: scale must be > 0, got ${scale}`);
  return new Float64Array(d).fill(scale);
}

/**
 * Squared teacher coordinates for a source condition with exponent r on the spectrum λ_j = j^(−β):
 * λ_j·w_j² = j^(−(1+2βr)), i.e. w_j² = j^(β − 1 − 2βr) (source condition; see docs/derivations/demystified.md §5). Unnormalised; multiply by a
 * constant to fix ‖w‖²_Σ if needed.
 * @example powerLawTeacherW2(3, 2, 0.5) // [1, 1/2, 1/3]
 */
export function powerLawTeacherW2(d: number, beta: number, r: number): Float64Array {
  checkDim("powerLawTeacherW2", d);
  if (!Number.isFinite(beta) || beta <= 0) throw new RangeError(`powerLawTeacherW2: beta must be > 0, got ${beta}`);
  if (!Number.isFinite(r) || r < 0) throw new RangeError(`powerLawTeacherW2: source exponent r must be ≥ 0, got ${r}`);
  const out = new Float64Array(d);
  const e = beta - 1 - 2 * beta * r;
  for (let j = 0; j < d; j++) out[j] = Math.pow(j + 1, e);
  return out;
}

function checkDim(fn: string, d: number): void {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`${fn}: dimension d must be a positive integer, got ${d}`);
}
