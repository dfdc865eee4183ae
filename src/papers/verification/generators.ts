/**
 * Generators and verifiers of the paper's theory and simulations (§4.1, §5.1), as {@link LabelAndSelect} functions
 * on the first two coordinates of x (true label y = sign(x₁)).
 *
 * - Random-flip generator: y′ = −y with probability p, independently of x. A verifier keeps a correct label with
 *   probability ϕ and a wrong one with probability ψ, independently of x (Theorem 4.2's setting).
 * - Linear generator: y′ = sign(w_genᵀx) with w_gen at angle θ_gen from w*; a linear verifier keeps the pair iff
 *   sign(w_pruneᵀx) = y′ (w_prune at angle θ_prune, on the generator's side or the opposite side); the oracle keeps
 *   iff y′ = y (§5's simulation setting).
 */
import type { Rng } from "../../maths/random";
import { checkVerifier, type Verifier } from "./breakdown";
import type { LabelAndSelect } from "./selection-simulation";

/** Random-flip generator with error rate p, filtered by a verifier (ϕ, ψ). */
export function randomFlipSelector(p: number, v: Verifier): LabelAndSelect {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`randomFlipSelector: p must be a probability in [0, 1], got ${p}`);
  checkVerifier("randomFlipSelector", v);
  return (x1, _x2, rng) => {
    const y = x1 >= 0 ? 1 : -1;
    const wrong = rng.uniform() < p;
    const keep = rng.uniform() < (wrong ? v.psi : v.phi);
    if (!keep) return 0;
    return wrong ? -y : y;
  };
}

/** How a linear generator's labels are selected. */
export type LinearSelection =
  | { kind: "none" }
  | { kind: "oracle" }
  /** keep iff sign(w_pruneᵀx) = y′; side +1 puts w_prune on the generator's side of w*, −1 on the opposite side */
  | { kind: "linear"; thetaPrune: number; side: 1 | -1 };

/** Unit vector of the plane span(e₁, e₂) at angle θ from e₁. */
function direction(theta: number): [number, number] {
  return [Math.cos(theta), Math.sin(theta)];
}

/**
 * Deterministic linear generator at angle θ_gen from w* (y′ = sign(w_genᵀx)) with a selection rule.
 * θ_gen = 0 gives clean labels.
 */
export function linearGeneratorSelector(thetaGen: number, sel: LinearSelection): LabelAndSelect {
  if (!(thetaGen >= 0 && thetaGen <= Math.PI)) throw new RangeError(`linearGeneratorSelector: thetaGen must be in [0, π], got ${thetaGen}`);
  const [g1, g2] = direction(thetaGen);
  let prune: [number, number] | undefined;
  if (sel.kind === "linear") {
    if (!(sel.thetaPrune >= 0 && sel.thetaPrune <= Math.PI)) throw new RangeError(`linearGeneratorSelector: thetaPrune must be in [0, π], got ${sel.thetaPrune}`);
    if (sel.side !== 1 && sel.side !== -1) throw new RangeError(`linearGeneratorSelector: side must be 1 or −1, got ${sel.side}`);
    prune = direction(sel.side * sel.thetaPrune);
  } else if (sel.kind !== "none" && sel.kind !== "oracle") {
    throw new RangeError(`linearGeneratorSelector: unknown selection ${JSON.stringify(sel)}`);
  }
  return (x1, x2) => {
    const yg = g1 * x1 + g2 * x2 >= 0 ? 1 : -1;
    if (sel.kind === "oracle") return yg === (x1 >= 0 ? 1 : -1) ? yg : 0;
    if (prune) return (prune[0] * x1 + prune[1] * x2 >= 0 ? 1 : -1) === yg ? yg : 0;
    return yg;
  };
}
