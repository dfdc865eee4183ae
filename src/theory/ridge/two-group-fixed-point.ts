/**
 * The two-group fixed point of the ridge deterministic equivalent (BA-1, BA-2 of the derivation notes):
 *   r_j = 1 / (p₁ s1_j/(1+δ₁) + p₂ s2_j/(1+δ₂) + λ),   δ_k = (1/n)·Σ_j mult_j·s_kj·r_j,  k = 1, 2.
 *
 * Solved in the effective regularisations u_k = λ(1 + δ_k), the two-group analogue of the one-group κ of
 * {@link solveKappa} (with one group, u₁ = κ): u_k = Φ_k(u) = λ + (1/n)·Σ_j mult_j·s_kj / D_j,
 * D_j = 1 + p₁s1_j/u₁ + p₂s2_j/u₂. Φ is increasing in u, and ū_k = λ + (1/n)·Σ mult·s_k satisfies Φ(ū) ≤ ū,
 * so plain iteration from ū descends monotonically to the root; Newton steps on u − Φ(u) (accepted only while
 * they keep u > 0 and shrink the residual) make it converge in a handful of iterations. In δ the problem is
 * badly conditioned (δ − T(δ) is not monotone when λ is small and the model over-parameterised), which is why u is
 * used.
 */
import type { TwoGroupSpectrum } from "./two-group-spectrum";

/** Root (δ₁, δ₂), the resolvent diagonal r at it, and the Jacobian of the map. */
export interface TwoGroupFixedPoint {
  delta1: number;
  delta2: number;
  /** effective regularisations u_k = λ(1 + δ_k) */
  u1: number;
  u2: number;
  /** r_j at the root */
  r: Float64Array;
  /** Jacobian ∂δ-map_k/∂δ_l = ∂Φ_k/∂u_l at the root, row-major [11, 12, 21, 22] */
  dT: [number, number, number, number];
  iterations: number;
}

const TOL = 4e-16;
const MAX_IT = 2000;

interface Eval { f1: number; f2: number; J: [number, number, number, number]; }

function evaluate(sp: TwoGroupSpectrum, n: number, p1: number, p2: number, lambda: number, u1: number, u2: number): Eval {
  const a1 = p1 / u1, a2 = p2 / u2;
  let t1 = 0, t2 = 0, b11 = 0, b12 = 0, b22 = 0;
  const { s1, s2, mult } = sp;
  for (let j = 0; j < s1.length; j++) {
    const x1 = s1[j], x2 = s2[j];
    const inv = 1 / (1 + a1 * x1 + a2 * x2);
    const m = mult[j] * inv;
    t1 += m * x1;
    t2 += m * x2;
    const m2 = m * inv;
    b11 += m2 * x1 * x1;
    b12 += m2 * x1 * x2;
    b22 += m2 * x2 * x2;
  }
  const c1 = p1 / (u1 * u1 * n), c2 = p2 / (u2 * u2 * n);
  return { f1: lambda + t1 / n, f2: lambda + t2 / n, J: [b11 * c1, b12 * c2, b12 * c1, b22 * c2] };
}

/**
 * Solves the two-group fixed point.
 * @param p1, p2 group fractions (p₂ = 0 for a one-group model: then u₁ is the one-group κ)
 * @throws Error if the iteration does not converge
 */
export function solveTwoGroupFixedPoint(sp: TwoGroupSpectrum, n: number, p1: number, p2: number, lambda: number): TwoGroupFixedPoint {
  let tr1 = 0, tr2 = 0;
  for (let j = 0; j < sp.s1.length; j++) {
    tr1 += sp.mult[j] * sp.s1[j];
    tr2 += sp.mult[j] * sp.s2[j];
  }
  let u1 = lambda + tr1 / n, u2 = lambda + tr2 / n;
  let e = evaluate(sp, n, p1, p2, lambda, u1, u2);
  for (let it = 1; it <= MAX_IT; it++) {
    const g1 = u1 - e.f1, g2 = u2 - e.f2;
    const gn = Math.max(Math.abs(g1) / u1, Math.abs(g2) / u2);
    if (gn <= TOL) return finish(sp, lambda, p1, p2, u1, u2, e, it);
    const [j11, j12, j21, j22] = e.J;
    const A11 = 1 - j11, A12 = -j12, A21 = -j21, A22 = 1 - j22;
    const det = A11 * A22 - A12 * A21;
    const s1 = -(A22 * g1 - A12 * g2) / det, s2 = -(-A21 * g1 + A11 * g2) / det;
    let accepted = false;
    if (Number.isFinite(s1) && Number.isFinite(s2)) {
      for (let alpha = 1, k = 0; k < 30; k++, alpha /= 2) {
        const n1 = u1 + alpha * s1, n2 = u2 + alpha * s2;
        if (!(n1 >= lambda && n2 >= lambda)) continue;
        const en = evaluate(sp, n, p1, p2, lambda, n1, n2);
        if (Math.max(Math.abs(n1 - en.f1) / n1, Math.abs(n2 - en.f2) / n2) < gn) {
          u1 = n1; u2 = n2; e = en; accepted = true;
          break;
        }
      }
    }
    if (!accepted) {
      // Plain monotone step u ← Φ(u).
      u1 = e.f1;
      u2 = e.f2;
      e = evaluate(sp, n, p1, p2, lambda, u1, u2);
      if (Math.max(Math.abs(u1 - e.f1) / u1, Math.abs(u2 - e.f2) / u2) >= gn * (1 - 1e-12) && gn < 1e-13) {
        return finish(sp, lambda, p1, p2, u1, u2, e, it); // at rounding level
      }
    }
  }
  throw new Error(`solveTwoGroupFixedPoint: no convergence after ${MAX_IT} iterations (n = ${n}, λ = ${lambda}, u = ${u1}, ${u2})`);
}

function finish(sp: TwoGroupSpectrum, lambda: number, p1: number, p2: number, u1: number, u2: number, e: Eval, iterations: number): TwoGroupFixedPoint {
  const a1 = p1 / u1, a2 = p2 / u2;
  const r = new Float64Array(sp.s1.length);
  for (let j = 0; j < r.length; j++) r[j] = 1 / (lambda * (1 + a1 * sp.s1[j] + a2 * sp.s2[j]));
  return { delta1: u1 / lambda - 1, delta2: u2 / lambda - 1, u1, u2, r, dT: e.J, iterations };
}
