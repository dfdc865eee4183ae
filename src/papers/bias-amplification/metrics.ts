/**
 * Disparity metrics of "An Effective Theory of Bias Amplification" (§2): with R_k the group-k risk of the model
 * trained on both groups and E_k that of the model trained on group k alone,
 *   ODD = |R₂ − R₁| (observed difficulty disparity), EDD = |E₂ − E₁| (expected difficulty disparity),
 * and ADD compares them. ADD = ODD/EDD (> 1: the joint model amplifies the disparity) is this project's choice
 * [U]; the difference ODD − EDD (> 0: amplification) is available as the alternative.
 */

/** ADD as a ratio (default, [U]) or a difference. */
export type AddDefinition = "ratio" | "difference";

/** The default ADD definition of this project ([U]: the paper's exact form was not recovered). */
export const ADD_DEFINITION: AddDefinition = "ratio"; // paper value unverified [U]

export interface Disparities {
  odd: number;
  edd: number;
  add: number;
}

/**
 * ODD, EDD and ADD from the four risks.
 * @example disparities({ R1: 1, R2: 3, E1: 1, E2: 2 }).add // 2
 */
export function disparities(r: { R1: number; R2: number; E1: number; E2: number }, def: AddDefinition = ADD_DEFINITION): Disparities {
  const odd = Math.abs(r.R2 - r.R1), edd = Math.abs(r.E2 - r.E1);
  return { odd, edd, add: def === "ratio" ? odd / edd : odd - edd };
}

/** The value of ADD meaning "no amplification": 1 for the ratio, 0 for the difference. */
export function neutralAdd(def: AddDefinition = ADD_DEFINITION): number {
  return def === "ratio" ? 1 : 0;
}
