/**
 * Model size through random projections (Eq. 5 of "Strong Model Collapse"): f(x) = vᵀSx with
 * S ∈ ℝ^{m×d} iid N(0, 1/d) fixed and v fitted by ridge on z = Sx. The paper's Theorem 2 formula was not
 * recovered; this is Theorem 1 applied in z-space, conditional on S [D] (derived here, docs/derivations/strong-collapse.md §3), for isotropic x ~ N(0, I_d),
 * teacher w₁ ~ N(0, r²I/d) and label shift δ ~ N(0, c²I/d):
 *
 *   Σ_z = SSᵀ with eigenvalues μ_l; the problem is ridge in z-space with targets whose components have
 *   variance r²/(d μ_l) (teacher) and c²/(d μ_l) (shift), plus heteroscedastic noise
 *   s₁ = σ² + (1−m/d)⁺r² (real rows), s₂ = σ² + (1−m/d)⁺(r²+c²) (synthetic rows).
 *   E_RP(m) ≈ (1−m/d)⁺r² + B_z + (p₁s₁+p₂s₂)·df2_z/(n−df2_z) + ζ_z   (Theorem 1 in z-space).
 *
 * Only the positive μ_l enter (for m > d, SSᵀ has rank d; its positive eigenvalues equal those of SᵀS).
 */
import { marchenkoPasturQuadrature, MP_DEFAULT_NODES, solveKappa, solveTwoGroupFixedPoint } from "../../theory/ridge/index";
import { checkFraction } from "./mixture-theory";

/** Inputs of the conditional-on-S random-projection theory. */
export interface RandomProjectionProblem {
  /** Eigenvalues of SSᵀ (or SᵀS: the positive ones are the same); zeros are ignored. */
  zEigs: ArrayLike<number>;
  /** Input dimension d. */
  d: number;
  /** Number of projections (model size) m. */
  m: number;
  /** Total sample size n. */
  n: number;
  /** Ridge parameter λ ≥ 0 in z-space. */
  lambda: number;
  sigma2: number;
  /** Teacher energy r² = E‖w₁‖². */
  r2: number;
  /** Shift energy c² = E‖δ‖² (= Tr Δ for isotropic x). */
  c2: number;
  p2: number;
}

/** All terms of the random-projection formula. */
export interface RandomProjectionEquivalent {
  kappa: number;
  df1: number;
  df2: number;
  /** (1 − m/d)⁺ r²: what no v can fit through S. */
  approximation: number;
  bias: number;
  /** (p₁s₁ + p₂s₂)·u. */
  variance: number;
  zeta: number;
  testError: number;
}

/**
 * Conditional-on-S theory for the random-projection model on a real/synthetic mixture.
 * @throws RangeError on invalid sizes, negative energies or p₂ ∉ [0, 1].
 * @example randomProjectionEquivalent({ zEigs, d: 400, m: 50, n: 200, lambda: 1e-6, sigma2: 0.1, r2: 1, c2: 0.5, p2: 0.2 }).testError // ≈ 1.235
 */
export function randomProjectionEquivalent(p: RandomProjectionProblem): RandomProjectionEquivalent {
  const fn = "randomProjectionEquivalent";
  checkProblem(fn, p);
  if (p.zEigs.length > Math.max(p.m, p.d)) throw new RangeError(`${fn}: got ${p.zEigs.length} eigenvalues for m = ${p.m}, d = ${p.d}`);
  return equivalentOnSpectrum(p.zEigs, undefined, solveKappa(p.zEigs, p.n, p.lambda), p);
}

/** Inputs of the S-free theory: the conditional problem without S (only m/d enters the spectrum). */
export type RandomProjectionMpProblem = Omit<RandomProjectionProblem, "zEigs"> & {
  /** Marchenko–Pastur quadrature nodes (default MP_DEFAULT_NODES) */
  nodes?: number;
};

/**
 * S-free deterministic equivalent of the random-projection model [D] (derived here, docs/derivations/strong-collapse.md
 * §3): the conditional-on-S formula with the spectrum of SSᵀ replaced by its Marchenko–Pastur limit (ratio m/d,
 * positive part only: m·π_q eigenvalues at node q), so that κ solves one scalar fixed point over the quadrature nodes
 * (the shared two-group solver with one group).
 * @example randomProjectionEquivalentMP({ d: 400, m: 50, n: 200, lambda: 1e-6, sigma2: 0.1, r2: 1, c2: 0.5, p2: 0.2 }).testError // ≈ 1.235
 */
export function randomProjectionEquivalentMP(p: RandomProjectionMpProblem): RandomProjectionEquivalent {
  const fn = "randomProjectionEquivalentMP";
  checkProblem(fn, p);
  if (!(p.lambda > 0)) throw new RangeError(`${fn}: lambda must be > 0 (the fixed point is solved in λ(1 + δ)), got ${p.lambda}`);
  const q = marchenkoPasturQuadrature(p.m / p.d, { nodes: p.nodes ?? MP_DEFAULT_NODES });
  const K = q.nodes.length;
  const mult = Float64Array.from(q.weights, (w) => p.m * w);
  const zeros = new Float64Array(K);
  const fp = solveTwoGroupFixedPoint({ s1: q.nodes, s2: q.nodes, mult, w11: zeros, w12: zeros, w22: zeros }, p.n, 1, 0, p.lambda);
  return equivalentOnSpectrum(q.nodes, mult, fp.u1, p);
}

function checkProblem(fn: string, p: Omit<RandomProjectionProblem, "zEigs">): void {
  const { d, m, sigma2, r2, c2, p2 } = p;
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`${fn}: d must be a positive integer, got ${d}`);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`${fn}: m must be a positive integer, got ${m}`);
  if (!(Number.isFinite(p.n) && p.n > 0)) throw new RangeError(`${fn}: n must be > 0, got ${p.n}`);
  if (!(p.lambda >= 0)) throw new RangeError(`${fn}: lambda must be ≥ 0, got ${p.lambda}`);
  for (const [name, v] of [["sigma2", sigma2], ["r2", r2], ["c2", c2]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${fn}: ${name} must be finite and ≥ 0, got ${v}`);
  }
  checkFraction(fn, "p2", p2);
}

/** The formula on a spectrum μ with multiplicities (1 each when `mult` is undefined) at a solved κ. */
function equivalentOnSpectrum(mu: ArrayLike<number>, mult: ArrayLike<number> | undefined, kappa: number, p: Omit<RandomProjectionProblem, "zEigs">): RandomProjectionEquivalent {
  const { d, m, n, sigma2, r2, c2, p2 } = p;
  const p1 = 1 - p2;
  let d1 = 0, d2 = 0, bSum = 0, t3 = 0, tMix = 0;
  for (let l = 0; l < mu.length; l++) {
    const s = mu[l];
    if (!(s > 0)) continue;
    const w = mult ? mult[l] : 1;
    const r = 1 / (s + kappa);
    d1 += w * s * r;
    d2 += w * s * s * r * r;
    // component variances r²/(dμ) and c²/(dμ): multiplied by μ they give r²/d and c²/d.
    bSum += w * r * r;
    t3 += w * s * s * r * r;
    const a = (p1 * s + kappa) * r;
    tMix += w * a * a;
  }
  const u = d2 < n ? d2 / (n - d2) : Infinity;
  const miss = Math.max(0, 1 - m / d);
  const s1 = sigma2 + miss * r2;
  const s2 = sigma2 + miss * (r2 + c2);
  const bias = kappa === 0 ? 0 : d2 < n ? (kappa * kappa * (r2 / d) * bSum) / (1 - d2 / n) : Infinity;
  const noise = p1 * s1 + p2 * s2;
  const variance = noise === 0 ? 0 : noise * u;
  let zeta: number;
  if (p2 === 0 || c2 === 0) zeta = 0;
  else if (!Number.isFinite(u)) zeta = Infinity;
  else zeta = (c2 / d) * (p2 * p2 * (1 + p1 * u) * t3 + p2 * u * tMix);
  const approximation = miss * r2;
  return { kappa, df1: d1, df2: d2, approximation, bias, variance, zeta, testError: approximation + bias + variance + zeta };
}

/**
 * Small-ψ closed form (m < n, m ≪ d, λ → 0) [D]:
 * (1−m/d)r² + (p₁s₁+p₂s₂)·ψ/(1−ψ) + (m/d)c²·(p₂² + p₁p₂ψ/(1−ψ)), ψ = m/n.
 */
export function randomProjectionSmallPsi(d: number, m: number, n: number, sigma2: number, r2: number, c2: number, p2: number): number {
  const fn = "randomProjectionSmallPsi";
  if (!(m > 0 && m < n)) throw new RangeError(`${fn}: needs 0 < m < n, got m = ${m}, n = ${n}`);
  if (!(m <= d)) throw new RangeError(`${fn}: needs m ≤ d, got m = ${m}, d = ${d}`);
  checkFraction(fn, "p2", p2);
  const psi = m / n;
  const g = psi / (1 - psi);
  const miss = 1 - m / d;
  const s1 = sigma2 + miss * r2;
  const s2 = sigma2 + miss * (r2 + c2);
  const p1 = 1 - p2;
  return miss * r2 + (p1 * s1 + p2 * s2) * g + (m / d) * c2 * (p2 * p2 + p1 * p2 * g);
}
