/**
 * Oracle ridge parameter from the deterministic equivalent of Theorem 1: the λ minimising the predicted test error
 * E(λ) = B + V + ζ at one (n, p₂), found by golden-section search on log λ. Each evaluation is one Theorem 1 sum over
 * the d eigenvalues (O(d) per fixed-point step), so a whole curve costs O(d) per point times a fixed number of steps.
 * "Oracle" because it uses the true Σ, w₁, Δ and σ² — the best any λ could do, i.e. the most favourable tuning.
 */
import { mixtureRidgeEquivalent, type MixtureProblem } from "./mixture-theory";

/** Result of {@link oracleLambda}. */
export interface OracleLambda {
  lambda: number;
  /** Predicted test error at that λ. */
  testError: number;
}

/**
 * λ ∈ [lambdaMin, lambdaMax] minimising Theorem 1's test error (golden-section search on log λ; the error is
 * unimodal in λ in the cases used here — checked against a grid in the unit tests).
 */
export function oracleLambda(problem: Omit<MixtureProblem, "lambda">, lambdaMin = 1e-9, lambdaMax = 1e2, steps = 60): OracleLambda {
  if (!(lambdaMin > 0 && lambdaMax > lambdaMin)) throw new RangeError(`oracleLambda: need 0 < lambdaMin < lambdaMax, got ${lambdaMin}, ${lambdaMax}`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`oracleLambda: steps must be a positive integer, got ${steps}`);
  const E = (logL: number) => mixtureRidgeEquivalent({ ...problem, lambda: Math.exp(logL) }).testError;
  const g = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(lambdaMin), hi = Math.log(lambdaMax);
  let a = hi - g * (hi - lo), c = lo + g * (hi - lo), fa = E(a), fc = E(c);
  for (let i = 0; i < steps; i++) {
    if (fa < fc) {
      hi = c; c = a; fc = fa; a = hi - g * (hi - lo); fa = E(a);
    } else {
      lo = a; a = c; fa = fc; c = lo + g * (hi - lo); fc = E(c);
    }
  }
  const lambda = Math.exp((lo + hi) / 2);
  return { lambda, testError: E(Math.log(lambda)) };
}
