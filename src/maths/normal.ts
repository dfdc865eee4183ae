/**
 * The standard normal distribution: density φ, distribution function Φ (through erfc), quantile Φ⁻¹.
 *
 * erfc follows W. J. Cody's rational Chebyshev approximations (Math. Comp. 23, 1969; the CALERF routine), accurate to
 * about 1e-15 relative over the whole real line. The quantile starts from P. J. Acklam's rational approximation
 * (≈ 1e-9) and takes one Halley step on Φ, which brings it to the accuracy of Φ itself.
 *
 * @example
 * normalCdf(1.959963984540054); // 0.975
 * normalQuantile(0.975);        // 1.959963984540054
 */

const SQRT2 = Math.SQRT2;
const INV_SQRT_2PI = 0.3989422804014327;
const INV_SQRT_PI = 0.5641895835477563;

// Cody's coefficients: |x| ≤ 0.46875 (erf), 0.46875 < |x| ≤ 4 and |x| > 4 (erfc).
const A = [3.1611237438705656, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const C = [0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769, 1712.0476126340707,
  2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8];
const D = [15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247,
  3439.3676741437216, 1230.3393548037495];
const P = [0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 6.587491615298378e-4, 0.016315387137302097];
const Q = [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918];

/** exp(−y²) computed as exp(−a²)·exp(−(y−a)(y+a)) with a = y rounded down to 1/16, which keeps full relative accuracy. */
function expMinusSquare(y: number): number {
  const a = Math.trunc(y * 16) / 16;
  return Math.exp(-a * a) * Math.exp(-(y - a) * (y + a));
}

/**
 * Complementary error function erfc(x) = (2/√π)∫ₓ^∞ e^{−t²} dt.
 * @example erfc(0) // returns 1
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  let r: number;
  if (y <= 0.46875) {
    const ysq = y > 1.11e-16 ? y * y : 0;
    let num = A[4] * ysq, den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]) * ysq;
      den = (den + B[i]) * ysq;
    }
    return 1 - (x * (num + A[3])) / (den + B[3]);
  } else if (y <= 4) {
    let num = C[8] * y, den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    r = expMinusSquare(y) * ((num + C[7]) / (den + D[7]));
  } else if (y >= 26.6) {
    r = 0;
  } else {
    const ysq = 1 / (y * y);
    let num = P[5] * ysq, den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * ysq;
      den = (den + Q[i]) * ysq;
    }
    const t = (ysq * (num + P[4])) / (den + Q[4]);
    r = expMinusSquare(y) * ((INV_SQRT_PI - t) / y);
  }
  return x < 0 ? 2 - r : r;
}

/** Standard normal density φ(x) = e^{−x²/2}/√(2π). @example normalPdf(0) // returns 0.3989422804014327 */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/**
 * Standard normal distribution function Φ(x) = P(G ≤ x), accurate in both tails (Φ(−40) > 0 is not lost to 1 − Φ(40)).
 * Φ(±∞) = 1 or 0.
 * @example normalCdf(0) // returns 0.5
 */
export function normalCdf(x: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return 0.5 * erfc(-x / SQRT2);
}

// Acklam's coefficients.
const QA = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const QB = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const QC = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const QD = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/**
 * Quantile Φ⁻¹(u) of the standard normal, for u in [0, 1] (±Infinity at the ends).
 * @throws RangeError when u is outside [0, 1] or NaN
 * @example normalQuantile(0.5) // returns 0
 */
export function normalQuantile(u: number): number {
  if (!(u >= 0 && u <= 1)) throw new RangeError(`normalQuantile: u must lie in [0, 1], got ${u}`);
  if (u === 0) return -Infinity;
  if (u === 1) return Infinity;
  const lo = 0.02425;
  let x: number;
  if (u < lo) {
    const q = Math.sqrt(-2 * Math.log(u));
    x = (((((QC[0] * q + QC[1]) * q + QC[2]) * q + QC[3]) * q + QC[4]) * q + QC[5]) / ((((QD[0] * q + QD[1]) * q + QD[2]) * q + QD[3]) * q + 1);
  } else if (u <= 1 - lo) {
    const q = u - 0.5, r = q * q;
    x = ((((((QA[0] * r + QA[1]) * r + QA[2]) * r + QA[3]) * r + QA[4]) * r + QA[5]) * q) /
      (((((QB[0] * r + QB[1]) * r + QB[2]) * r + QB[3]) * r + QB[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - u));
    x = -(((((QC[0] * q + QC[1]) * q + QC[2]) * q + QC[3]) * q + QC[4]) * q + QC[5]) / ((((QD[0] * q + QD[1]) * q + QD[2]) * q + QD[3]) * q + 1);
  }
  // One Halley step on Φ(x) − u (computed on the smaller tail for accuracy).
  const e = u < 0.5 ? normalCdf(x) - u : 1 - u - normalCdf(-x);
  const step = e / normalPdf(x);
  return x - step / (1 + (x * step) / 2);
}
