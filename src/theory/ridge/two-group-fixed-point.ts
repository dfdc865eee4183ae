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
import { solveTwoGroupMap, type TwoGroupMapValue } from "./two-group-newton";

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

type Eval = TwoGroupMapValue;

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
  const { u1, u2, value, iterations } = solveTwoGroupMap((a, b) => evaluate(sp, n, p1, p2, lambda, a, b), [lambda + tr1 / n, lambda + tr2 / n], lambda, `solveTwoGroupFixedPoint (n = ${n})`);
  return finish(sp, lambda, p1, p2, u1, u2, value, iterations);
}

function finish(sp: TwoGroupSpectrum, lambda: number, p1: number, p2: number, u1: number, u2: number, e: Eval, iterations: number): TwoGroupFixedPoint {
  const a1 = p1 / u1, a2 = p2 / u2;
  const r = new Float64Array(sp.s1.length);
  for (let j = 0; j < r.length; j++) r[j] = 1 / (lambda * (1 + a1 * sp.s1[j] + a2 * sp.s2[j]));
  return { delta1: u1 / lambda - 1, delta2: u2 / lambda - 1, u1, u2, r, dT: e.J, iterations };
}
