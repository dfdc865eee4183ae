/**
 * Infinite-data limit of ridge on a linear generator's selected labels (derived here; docs/derivations/verification.md §3).
 * With x ~ N(0, I_d), labels and selection depend on x only through its projection u·r on span(e₁, e₂) (angle t
 * uniform, radius r Rayleigh, independent), so as nₛ → ∞
 *   ŵ∞ = (E[xxᵀ | kept] + λI)⁻¹ E[x y′ | kept]
 * lies in that plane, with E[xxᵀ 1_kept] = (1/π)∫_K u uᵀ dt and E[x y′ 1_kept] = (1/2π)·√(π/2)·∫_K y′(t) u dt over
 * the kept arcs K. The labels are piecewise constant in t, so the integrals are exact sums over arcs.
 */
import type { Rng } from "../../maths/random";
import type { LabelAndSelect } from "./selection-simulation";

const NO_RNG: Rng = new Proxy({} as Rng, {
  get() {
    throw new RangeError("halfspaceLimit: the selector must be deterministic (it drew a random number)");
  },
});

/**
 * Test error arccos(ŵ∞₁/‖ŵ∞‖)/π of the infinite-data ridge fit on a deterministic selector's kept pairs.
 * @param breakAngles angles (radians) where the selector's label or decision may change (directions orthogonal to
 *   w*, w_gen and w_prune: θ ± π/2); extra angles are harmless
 * @example halfspaceLimit(linearGeneratorSelector(Math.PI / 6, { kind: "none" }), [Math.PI / 6], 0.01) // ≈ 1/6
 */
export function halfspaceLimit(select: LabelAndSelect, directions: number[], lambda: number): { error: number; keepRate: number } {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`halfspaceLimit: lambda must be a finite number ≥ 0, got ${lambda}`);
  const TWO_PI = 2 * Math.PI;
  const cuts = [0, ...[0, ...directions].flatMap((t) => [t + Math.PI / 2, t - Math.PI / 2])]
    .map((t) => ((t % TWO_PI) + TWO_PI) % TWO_PI).sort((a, b) => a - b);
  cuts.push(TWO_PI);
  let mcc = 0, mss = 0, mcs = 0, bc = 0, bs = 0, arc = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const t0 = cuts[i], t1 = cuts[i + 1];
    if (t1 - t0 < 1e-15) continue;
    const tm = 0.5 * (t0 + t1);
    const y = select(Math.cos(tm), Math.sin(tm), NO_RNG);
    if (y === 0) continue;
    arc += t1 - t0;
    mcc += (t1 - t0) / 2 + (Math.sin(2 * t1) - Math.sin(2 * t0)) / 4;
    mss += (t1 - t0) / 2 - (Math.sin(2 * t1) - Math.sin(2 * t0)) / 4;
    mcs += (Math.sin(t1) ** 2 - Math.sin(t0) ** 2) / 2;
    bc += y * (Math.sin(t1) - Math.sin(t0));
    bs += y * (Math.cos(t0) - Math.cos(t1));
  }
  if (arc === 0) return { error: 0.5, keepRate: 0 };
  const pk = arc / TWO_PI;
  // conditional moments given "kept"
  const a = mcc / Math.PI / pk + lambda, c = mss / Math.PI / pk + lambda, off = mcs / Math.PI / pk;
  const s = Math.sqrt(Math.PI / 2) / TWO_PI / pk;
  const r1 = s * bc, r2 = s * bs;
  const det = a * c - off * off;
  const w1 = (c * r1 - off * r2) / det, w2 = (a * r2 - off * r1) / det;
  const n = Math.hypot(w1, w2);
  return { error: n > 0 ? Math.acos(Math.max(-1, Math.min(1, w1 / n))) / Math.PI : 0.5, keepRate: pk };
}
