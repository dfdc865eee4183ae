/**
 * Root of u = Φ(u) in the two effective regularisations u = (u₁, u₂) of the two-group ridge equivalents, Φ increasing
 * with Φ(ū) ≤ ū at the start ū: damped Newton steps on u − Φ(u), accepted only while they keep u ≥ λ and shrink the
 * relative residual, otherwise the plain monotone step u ← Φ(u). Shared by the spectral and the matrix form.
 */

/** Φ(u) and its Jacobian ∂Φ_k/∂u_l, row-major [11, 12, 21, 22]. */
export interface TwoGroupMapValue {
  f1: number;
  f2: number;
  J: [number, number, number, number];
}

const TOL = 4e-16;
const MAX_IT = 2000;
const BACKTRACKS = 30;

/**
 * Solves u = Φ(u) from `start`.
 * @param name  used in the error message
 * @throws Error if the iteration does not converge in 2000 steps
 */
export function solveTwoGroupMap<V extends TwoGroupMapValue>(
  phi: (u1: number, u2: number) => V, start: [number, number], lambda: number, name: string,
): { u1: number; u2: number; value: V; iterations: number } {
  let [u1, u2] = start;
  let e = phi(u1, u2);
  for (let it = 1; it <= MAX_IT; it++) {
    const g1 = u1 - e.f1, g2 = u2 - e.f2;
    const gn = Math.max(Math.abs(g1) / u1, Math.abs(g2) / u2);
    if (gn <= TOL) return { u1, u2, value: e, iterations: it };
    const [j11, j12, j21, j22] = e.J;
    const A11 = 1 - j11, A12 = -j12, A21 = -j21, A22 = 1 - j22;
    const det = A11 * A22 - A12 * A21;
    const s1 = -(A22 * g1 - A12 * g2) / det, s2 = -(-A21 * g1 + A11 * g2) / det;
    let accepted = false;
    if (Number.isFinite(s1) && Number.isFinite(s2)) {
      for (let alpha = 1, k = 0; k < BACKTRACKS; k++, alpha /= 2) {
        const n1 = u1 + alpha * s1, n2 = u2 + alpha * s2;
        if (!(n1 >= lambda && n2 >= lambda)) continue;
        const en = phi(n1, n2);
        if (Math.max(Math.abs(n1 - en.f1) / n1, Math.abs(n2 - en.f2) / n2) < gn) {
          u1 = n1; u2 = n2; e = en; accepted = true;
          break;
        }
      }
    }
    if (!accepted) {
      u1 = e.f1;
      u2 = e.f2;
      e = phi(u1, u2);
      // no progress at rounding level: done
      if (Math.max(Math.abs(u1 - e.f1) / u1, Math.abs(u2 - e.f2) / u2) >= gn * (1 - 1e-12) && gn < 1e-13) return { u1, u2, value: e, iterations: it };
    }
  }
  throw new Error(`${name}: fixed point did not converge after ${MAX_IT} iterations (λ = ${lambda}, u = ${u1}, ${u2})`);
}
