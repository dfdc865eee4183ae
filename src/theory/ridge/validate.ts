/** Input checks shared by the ridge deterministic-equivalent functions. */

/** Throws unless `eigs` is a non-empty array of finite, non-negative numbers with at least one positive entry. */
export function checkEigs(fn: string, eigs: ArrayLike<number>): void {
  if (eigs == null || typeof eigs.length !== "number" || eigs.length === 0) {
    throw new RangeError(`${fn}: eigs must be a non-empty array of covariance eigenvalues, got ${eigs == null ? eigs : `length ${eigs.length}`}`);
  }
  let positive = false;
  for (let j = 0; j < eigs.length; j++) {
    const v = eigs[j];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`${fn}: eigs[${j}] must be a finite non-negative number, got ${v}`);
    }
    if (v > 0) positive = true;
  }
  if (!positive) throw new RangeError(`${fn}: eigs must contain at least one positive eigenvalue`);
}

/** Throws unless `w2` has the same length as `eigs` and holds finite non-negative numbers. */
export function checkW2(fn: string, eigs: ArrayLike<number>, w2: ArrayLike<number>): void {
  if (w2 == null || w2.length !== eigs.length) {
    throw new RangeError(`${fn}: w2 must have one entry per eigenvalue (${eigs.length}), got ${w2 == null ? w2 : `length ${w2.length}`}`);
  }
  for (let j = 0; j < w2.length; j++) {
    const v = w2[j];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`${fn}: w2[${j}] must be a finite non-negative number, got ${v}`);
    }
  }
}

/** Throws unless `n` is a finite number > 0 (a sample size; non-integers allowed for proportional limits). */
export function checkSampleSize(fn: string, n: number): void {
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) {
    throw new RangeError(`${fn}: sample size n must be a finite number > 0, got ${n}`);
  }
}

/** Throws unless `x` is a finite number ≥ 0. */
export function checkNonNegative(fn: string, name: string, x: number): void {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
    throw new RangeError(`${fn}: ${name} must be a finite number ≥ 0, got ${x}`);
  }
}
