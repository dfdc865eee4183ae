/**
 * Gauss–Legendre quadrature on [−1, 1]: nodes are the roots of the Legendre polynomial P_K, found by Newton's
 * method from Tricomi's asymptotic guesses, weights 2/((1 − x²)·P_K′(x)²). Exact for polynomials of degree
 * ≤ 2K − 1. Used by the Marchenko–Pastur quadrature.
 */

/** Nodes (ascending) and weights of a K-point rule on [−1, 1]. */
export interface QuadratureRule {
  nodes: Float64Array;
  weights: Float64Array;
}

const cache = new Map<number, QuadratureRule>();

/**
 * K-point Gauss–Legendre rule on [−1, 1] (cached; do not modify the returned arrays).
 * @example gaussLegendre(2).nodes // [−1/√3, 1/√3]
 */
export function gaussLegendre(K: number): QuadratureRule {
  if (!Number.isInteger(K) || K < 1 || K > 100000) {
    throw new RangeError(`gaussLegendre: number of nodes K must be an integer in [1, 100000], got ${K}`);
  }
  const hit = cache.get(K);
  if (hit) return hit;
  const nodes = new Float64Array(K), weights = new Float64Array(K);
  const half = Math.floor((K + 1) / 2);
  for (let i = 0; i < half; i++) {
    // Tricomi's guess for the i-th largest root.
    const th = (Math.PI * (4 * i + 3)) / (4 * K + 2);
    let x = Math.cos(th) * (1 - (K - 1) / (8 * K * K * K));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = x;
      for (let k = 2; k <= K; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pK = K === 1 ? x : p1, pKm1 = K === 1 ? 1 : p0;
      dp = (K * (x * pK - pKm1)) / (x * x - 1);
      const dx = pK / dp;
      x -= dx;
      if (Math.abs(dx) <= 1e-16) break;
    }
    // Recompute the derivative at the converged root for the weight.
    let p0 = 1, p1 = x;
    for (let k = 2; k <= K; k++) {
      const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    const pK = K === 1 ? x : p1, pKm1 = K === 1 ? 1 : p0;
    dp = (K * (x * pK - pKm1)) / (x * x - 1);
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[K - 1 - i] = x;
    weights[K - 1 - i] = w;
    nodes[i] = -x;
    weights[i] = w;
  }
  if (K % 2 === 1) nodes[(K - 1) / 2] = 0;
  const rule = { nodes, weights };
  cache.set(K, rule);
  return rule;
}
