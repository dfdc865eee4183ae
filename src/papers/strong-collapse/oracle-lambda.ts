/**
 * Oracle ridge parameter from the deterministic equivalent of Theorem 1: the λ minimising the predicted test error
 * E(λ) = B + V + ζ at one (n, p₂), found on a log scale (grid, then golden section). Each evaluation is one Theorem 1 sum over
 * the d eigenvalues (O(d) per fixed-point step), so a whole curve costs O(d) per point times a fixed number of steps.
 * "Oracle" because it uses the true Σ, w₁, Δ and σ² — the best any λ could do, i.e. the most favourable tuning.
 */
import { minimizeOnLogScale } from "../../maths/minimize";
import { mixtureRidgeEquivalent, type MixtureProblem } from "./mixture-theory";

/** Result of {@link oracleLambda}. */
export interface OracleLambda {
  lambda: number;
  /** Predicted test error at that λ. */
  testError: number;
}

/**
 * λ ∈ [lambdaMin, lambdaMax] minimising Theorem 1's test error (a log-spaced grid, then golden-section refinement on
 * log λ: minimizeOnLogScale).
 */
export function oracleLambda(problem: Omit<MixtureProblem, "lambda">, lambdaMin = 1e-9, lambdaMax = 1e2): OracleLambda {
  if (!(lambdaMin > 0 && lambdaMax > lambdaMin)) throw new RangeError(`oracleLambda: need 0 < lambdaMin < lambdaMax, got ${lambdaMin}, ${lambdaMax}`);
  const m = minimizeOnLogScale((lambda) => mixtureRidgeEquivalent({ ...problem, lambda }).testError, lambdaMin, lambdaMax);
  return { lambda: m.x, testError: m.value };
}
