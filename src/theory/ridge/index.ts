/**
 * Deterministic equivalents of ridge regression with a Gaussian design (spec §1.2), shared by the
 * Demystified, Strong Model Collapse and related notebooks.
 *
 * Conventions: `eigs` are the eigenvalues of the covariance Σ; `w2` are the squared coordinates of the
 * teacher in Σ's eigenbasis; the test error is the excess risk E‖ŵ − w‖²_Σ (label noise excluded).
 *
 * @example
 * const eigs = powerLawSpectrum(200, 1.5);
 * const kappa = solveKappa(eigs, 400, 1e-2);          // ≈ 0.010979744
 * const e = ridgeTestError(eigs, w2, 400, 1e-2, 0.25); // B + V
 */
export { df1, df2, df1Unchecked, df2Unchecked } from "./degrees-of-freedom";
export { solveKappa, solveKappaUnchecked } from "./solve-kappa";
export { ridgeBias, ridgeVariance, ridgeTestError, ridgeEquivalent } from "./bias-variance";
export type { RidgeEquivalent } from "./bias-variance";
export { powerLawSpectrum, isotropicSpectrum, powerLawTeacherW2 } from "./spectrum";
