/**
 * The MAT logit shift (Bayat et al., Algorithm 1; `algos.py:MAT.get_shift` in the official code).
 *
 * From held-out logits o_i (n×K, e.g. XRM's cross-predictions) and labels y_i:
 *   p(ŷ|x_i)   = softmax(o_i / τ)
 *   p(y, ŷ)    = (1/n) Σ_i p(ŷ|x_i) · 1[y_i = y]
 *   p(y|ŷ)     = p(y, ŷ) / Σ_y' p(y', ŷ)               (each row ŷ sums to one)
 *   p_ho(y|x_i) = Σ_ŷ p(ŷ|x_i) p(y|ŷ)                  (calibrated held-out prediction)
 *   shift_i    = log(p_ho(·|x_i) + 1e-6)
 * The MAT loss is the cross-entropy of f(x_i) + shift_i; predictions use f(x) alone.
 */

/** Additive constant inside the log of the shift, as in the official code. */
export const SHIFT_EPS = 1e-6;

export interface CalibratedShift {
  /** n×K row-major: log(p_ho + 1e-6). */
  shift: Float64Array;
  /** n×K row-major calibrated held-out probabilities p_ho(y|x_i). */
  pHeldOut: Float64Array;
  /** K×K row-major p(y|ŷ): row ŷ, column y. */
  pYGivenYhat: Float64Array;
}

function checkShape(name: string, values: ArrayLike<number>, y: ArrayLike<number>, K: number): number {
  if (!Number.isInteger(K) || K < 2) throw new RangeError(`${name}: numClasses must be an integer ≥ 2, got ${K}`);
  const n = y.length;
  if (n === 0) throw new RangeError(`${name}: empty input`);
  if (values.length !== n * K) throw new RangeError(`${name}: expected ${n}×${K} = ${n * K} values, got ${values.length}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= K) throw new RangeError(`${name}: label out of range at ${i}, got ${y[i]}`);
  }
  return n;
}

/**
 * Calibrated held-out shift of MAT.
 *
 * @param heldOutLogits n×K row-major held-out logits
 * @param y labels in {0, …, K−1}
 * @param numClasses K
 * @param temperature τ > 0 (paper code: 0.1 in Fig. 1; {0.001, 0.01, 0.1} in the benchmark search)
 * @example
 * // two examples, perfectly confident and correct held-out predictions → shift ≈ log(1) on the true class
 * calibratedShift([5, -5, -5, 5], [0, 1], 2, 0.1).pHeldOut // ≈ [1, 0, 0, 1]
 */
export function calibratedShift(
  heldOutLogits: ArrayLike<number>,
  y: ArrayLike<number>,
  numClasses: number,
  temperature: number,
): CalibratedShift {
  const K = numClasses;
  const n = checkShape("calibratedShift", heldOutLogits, y, K);
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new RangeError(`calibratedShift: temperature must be positive, got ${temperature}`);
  // p(ŷ|x_i) = softmax(o_i/τ), numerically stable
  const pHat = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, heldOutLogits[i * K + k] / temperature);
    let s = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(heldOutLogits[i * K + k] / temperature - m);
      pHat[i * K + k] = e;
      s += e;
    }
    for (let k = 0; k < K; k++) pHat[i * K + k] /= s;
  }
  // joint p(y, ŷ) stored as row ŷ, column y
  const joint = new Float64Array(K * K);
  for (let i = 0; i < n; i++) for (let yh = 0; yh < K; yh++) joint[yh * K + y[i]] += pHat[i * K + yh] / n;
  const cond = new Float64Array(K * K);
  for (let yh = 0; yh < K; yh++) {
    let s = 0;
    for (let c = 0; c < K; c++) s += joint[yh * K + c];
    for (let c = 0; c < K; c++) cond[yh * K + c] = s > 0 ? joint[yh * K + c] / s : 1 / K;
  }
  const pHo = new Float64Array(n * K);
  const shift = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < K; c++) {
      let s = 0;
      for (let yh = 0; yh < K; yh++) s += pHat[i * K + yh] * cond[yh * K + c];
      pHo[i * K + c] = s;
      shift[i * K + c] = Math.log(s + SHIFT_EPS);
    }
  }
  return { shift, pHeldOut: pHo, pYGivenYhat: cond };
}

/**
 * "Oracle" shift log p(y | a) estimated from the true group attribute a of each training example
 * (a sanity-check variant of MAT that replaces the held-out predictor by the annotated attribute).
 *
 * @param y labels in {0, …, K−1}
 * @param a attributes in {0, …, A−1}
 * @returns n×K row-major log(p(y=k | a_i) + 1e-6)
 */
export function oracleAttributeShift(y: ArrayLike<number>, a: ArrayLike<number>, numClasses: number, numAttributes = 2): Float64Array {
  const K = numClasses;
  const n = y.length;
  if (a.length !== n) throw new RangeError(`oracleAttributeShift: y and a differ in length, got ${n} and ${a.length}`);
  if (n === 0) throw new RangeError("oracleAttributeShift: empty input");
  const counts = new Float64Array(numAttributes * K);
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(a[i]) || a[i] < 0 || a[i] >= numAttributes) throw new RangeError(`oracleAttributeShift: attribute out of range at ${i}, got ${a[i]}`);
    if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= K) throw new RangeError(`oracleAttributeShift: label out of range at ${i}, got ${y[i]}`);
    counts[a[i] * K + y[i]]++;
  }
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += counts[a[i] * K + k];
    for (let k = 0; k < K; k++) out[i * K + k] = Math.log(counts[a[i] * K + k] / s + SHIFT_EPS);
  }
  return out;
}
