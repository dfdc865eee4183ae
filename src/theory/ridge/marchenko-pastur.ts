/**
 * The Marchenko–Pastur law and a quadrature for integrals against it.
 *
 * Convention: for S ∈ R^{d×m} with i.i.d. N(0, 1/d) entries, the eigenvalues of C = scale·SᵀS (m×m) follow,
 * as d, m → ∞ with m/d → γ, the law with support [scale·(1−√γ)², scale·(1+√γ)²], density
 * f(s) = √((b−s)(s−a))/(2πγ·s) (a, b the edges) on its continuous part, and an atom of mass (1 − 1/γ)₊ at 0.
 * Its mean is scale, its second moment scale²·(1+γ), and its Stieltjes transform m(z) = ∫ dμ(s)/(s − z)
 * solves γ·z·m² + (z + γ − 1)·m + 1 = 0 (scale = 1).
 *
 * The quadrature maps the support to t ∈ [0, π] by s = a + (b−a)·cos²(t/2) and applies Gauss–Legendre in t.
 * The density's square-root edges become the smooth factor sin² t, so the rule converges geometrically for
 * integrands analytic near the support, including γ = 1 where the support touches 0.
 *
 * @example
 * const q = marchenkoPasturQuadrature(0.5);
 * mpIntegrate(q, (s) => s); // ≈ 1 (the mean)
 */
import { gaussLegendre } from "./gauss-legendre";

/** Nodes and probability weights of the continuous part of a Marchenko–Pastur law, plus its atom at 0. */
export interface MarchenkoPasturQuadrature {
  gamma: number;
  scale: number;
  /** support edges of the continuous part, scale·(1 ∓ √γ)² */
  lower: number;
  upper: number;
  /** nodes inside (lower, upper), ascending */
  nodes: Float64Array;
  /** probability weights of the nodes; they sum to min(1, 1/γ) */
  weights: Float64Array;
  /** mass of the atom at 0, max(0, 1 − 1/γ) */
  atom: number;
}

/** Default number of nodes (relative accuracy ≈ 1e-10 for integrands whose poles stay ≳ 1e-3 away from the support). */
export const MP_DEFAULT_NODES = 400;

function checkGammaScale(fn: string, gamma: number, scale: number): void {
  if (typeof gamma !== "number" || !Number.isFinite(gamma) || gamma <= 0) {
    throw new RangeError(`${fn}: ratio gamma must be a finite number > 0, got ${gamma}`);
  }
  if (typeof scale !== "number" || !Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`${fn}: scale must be a finite number > 0, got ${scale}`);
  }
}

/** Support edges [scale·(1−√γ)², scale·(1+√γ)²] of the continuous part. */
export function marchenkoPasturEdges(gamma: number, scale = 1): [number, number] {
  checkGammaScale("marchenkoPasturEdges", gamma, scale);
  const r = Math.sqrt(gamma);
  return [scale * (1 - r) * (1 - r), scale * (1 + r) * (1 + r)];
}

/**
 * Density of the continuous part at s (0 outside the support; the atom at 0 is not included).
 * @example marchenkoPasturDensity(1, 1) // 1/(2π)·√3 ≈ 0.2757
 */
export function marchenkoPasturDensity(s: number, gamma: number, scale = 1): number {
  const [a, b] = marchenkoPasturEdges(gamma, scale);
  if (!(s > a && s < b)) return 0;
  return Math.sqrt((b - s) * (s - a)) / (2 * Math.PI * gamma * s * scale);
}

/**
 * Stieltjes transform m(z) = ∫ dμ(s)/(s − z) of the whole law (atom included) at a real z < lower edge, z ≠ 0
 * (for γ > 1 the atom makes m singular at 0), or at z > upper edge.
 * @example marchenkoPasturStieltjes(-1, 1) // (√5 − 1)/2 ≈ 0.618
 */
export function marchenkoPasturStieltjes(z: number, gamma: number, scale = 1): number {
  const [a, b] = marchenkoPasturEdges(gamma, scale);
  if (typeof z !== "number" || !Number.isFinite(z) || (z >= a && z <= b) || z === 0) {
    throw new RangeError(`marchenkoPasturStieltjes: z must be real, non-zero and outside the support [${a}, ${b}], got ${z}`);
  }
  const x = z / scale;
  const disc = Math.sqrt((x - 1 - gamma) * (x - 1 - gamma) - 4 * gamma);
  // Branch with m(z) ~ −1/z at infinity: the root's sign follows the side of the support.
  const root = x < a / scale ? -disc : disc;
  return (1 - gamma - x + root) / (2 * gamma * x) / scale;
}

/**
 * K-node quadrature for the continuous part of the Marchenko–Pastur law with ratio γ and scale.
 * @param gamma ratio m/d (> 0)
 * @param opts.scale multiplies every eigenvalue (default 1)
 * @param opts.nodes number of nodes K (default {@link MP_DEFAULT_NODES})
 */
export function marchenkoPasturQuadrature(gamma: number, opts: { scale?: number; nodes?: number } = {}): MarchenkoPasturQuadrature {
  const scale = opts.scale ?? 1;
  const K = opts.nodes ?? MP_DEFAULT_NODES;
  checkGammaScale("marchenkoPasturQuadrature", gamma, scale);
  if (!Number.isInteger(K) || K < 2) throw new RangeError(`marchenkoPasturQuadrature: nodes must be an integer ≥ 2, got ${K}`);
  const r = Math.sqrt(gamma);
  const a = (1 - r) * (1 - r), b = (1 + r) * (1 + r);
  const h = (b - a) / 2; // = 2√γ
  const gl = gaussLegendre(K);
  const nodes = new Float64Array(K), weights = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    // t ∈ (0, π); node order reversed so that s ascends (s decreases in t).
    const t = (Math.PI * (gl.nodes[i] + 1)) / 2;
    const c = Math.cos(t / 2);
    const s = a + 2 * h * c * c;
    const sin = Math.sin(t);
    // dμ = √((b−s)(s−a))/(2πγs) ds with √(...) = h·sin t, ds = h·sin t dt, dt = (π/2)·dx.
    const w = (gl.weights[i] * (Math.PI / 2) * h * h * sin * sin) / (2 * Math.PI * gamma * s);
    nodes[K - 1 - i] = scale * s;
    weights[K - 1 - i] = w;
  }
  return { gamma, scale, lower: scale * a, upper: scale * b, nodes, weights, atom: Math.max(0, 1 - 1 / gamma) };
}

/**
 * ∫ f dμ over the continuous part (plus f(0)·atom when `includeAtom`).
 * @example mpIntegrate(marchenkoPasturQuadrature(2), (s) => s * s, true) // ≈ 1 + γ = 3
 */
export function mpIntegrate(q: MarchenkoPasturQuadrature, f: (s: number) => number, includeAtom = false): number {
  let acc = includeAtom && q.atom > 0 ? q.atom * f(0) : 0;
  for (let i = 0; i < q.nodes.length; i++) acc += q.weights[i] * f(q.nodes[i]);
  return acc;
}
