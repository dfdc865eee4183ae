/**
 * Deterministic equivalents of ridge regression with a Gaussian design, shared by the Demystified, Strong Model
 * Collapse, Bias Amplification and related notebooks: one group (κ, df₁, df₂, bias, variance), two groups with their
 * own covariances, teachers and noise (two-group-*.ts; diagonal, matrix and random-projection versions), and a
 * Marchenko–Pastur quadrature (marchenko-pastur.ts).
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
export { gaussLegendre } from "./gauss-legendre";
export type { QuadratureRule } from "./gauss-legendre";
export {
  marchenkoPasturQuadrature, marchenkoPasturDensity, marchenkoPasturEdges, marchenkoPasturStieltjes, mpIntegrate, MP_DEFAULT_NODES,
} from "./marchenko-pastur";
export type { MarchenkoPasturQuadrature } from "./marchenko-pastur";
export {
  diagonalTwoGroupSpectrum, isotropicTwoGroupSpectrum, randomProjectionTwoGroupSpectrum, swapGroups, checkTwoGroupSpectrum, checkTwoGroupProblem,
} from "./two-group-spectrum";
export type { TwoGroupSpectrum, TwoGroupProblem, IsotropicTwoGroup } from "./two-group-spectrum";
export { solveTwoGroupFixedPoint } from "./two-group-fixed-point";
export type { TwoGroupFixedPoint } from "./two-group-fixed-point";
export { twoGroupRidgeRisk, separateGroupRisk, groupOneRiskTerms } from "./two-group-risk";
export type { TwoGroupRisk } from "./two-group-risk";
export { equalCovarianceTwoGroupRisk, separateRidgeRisk } from "./two-group-closed-forms";
export { matrixTwoGroupRidgeRisk, matrixSeparateGroupRisk, checkCovariance } from "./two-group-matrix";
export type { MatrixTwoGroupProblem } from "./two-group-matrix";
export { projectedFeatures, projectedTwoGroupProblem } from "./two-group-projection";
export type { ProjectedFeatures, Covariance } from "./two-group-projection";
export { isotropicGroupRisks, isotropicTwoGroupProblem } from "./two-group-isotropic";
export type { IsotropicTwoGroupSetting, GroupRisks } from "./two-group-isotropic";
