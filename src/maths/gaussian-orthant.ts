/**
 * Orthant probabilities of a bivariate standard Gaussian (Sheppard's formula) and the disagreement of two linear
 * sign classifiers on isotropic Gaussian inputs.
 *
 * For (G₁, G₂) standard normal with correlation c: P(G₁ > 0, G₂ > 0) = 1/4 + arcsin(c)/(2π), hence
 * P(sign G₁ ≠ sign G₂) = arccos(c)/π. With x ~ N(0, I), G₁ = xᵀa/‖a‖ and G₂ = xᵀb/‖b‖ have correlation
 * c = aᵀb/(‖a‖‖b‖), so the test error of the classifier sign(xᵀa) against labels sign(xᵀb) is arccos(c)/π exactly.
 *
 * @example
 * signDisagreement(1);  // 0 (same direction)
 * signDisagreement(0);  // 0.5 (orthogonal: chance)
 */

function checkCorrelation(fn: string, c: number): void {
  if (!(c >= -1 - 1e-12 && c <= 1 + 1e-12)) throw new RangeError(`${fn}: the correlation must lie in [−1, 1], got ${c}`);
}

/** P(G₁ > 0, G₂ > 0) for standard normals with correlation c. */
export function positiveOrthantProbability(c: number): number {
  checkCorrelation("positiveOrthantProbability", c);
  return 0.25 + Math.asin(Math.max(-1, Math.min(1, c))) / (2 * Math.PI);
}

/** P(sign G₁ ≠ sign G₂) = arccos(c)/π for standard normals with correlation c. */
export function signDisagreement(c: number): number {
  checkCorrelation("signDisagreement", c);
  return Math.acos(Math.max(-1, Math.min(1, c))) / Math.PI;
}

/** Cosine of the angle between two vectors of equal length (0 when either is the zero vector). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`cosineSimilarity: vectors of lengths ${a.length} and ${b.length}`);
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/**
 * Exact test error of sign(xᵀw) against labels sign(xᵀw₀) for x ~ N(0, I): arccos(cos∠(w, w₀))/π
 * (0.5 for the zero vector, which predicts nothing).
 */
export function halfspaceTestError(w: ArrayLike<number>, w0: ArrayLike<number>): number {
  return signDisagreement(cosineSimilarity(w, w0));
}
