/**
 * "Model Collapse Demystified: The Case of Regression" (Dohmatob, Feng, Kempe, NeurIPS 2024):
 * fake-data chain, exact OLS and ridge deterministic-equivalent theory, exponential collapse, power-law
 * regime and the figure builders of the notebook `notebooks/demystified.ipynb`.
 */
export { olsChainTestError, olsChainSlope } from "./ols-chain";
export type { OlsChainSetting } from "./ols-chain";
export { rhoEquivalent, chainRidgeTestError, chainRidgeTerms, checkChain, RHO_MODEL_ERROR } from "./rho";
export type { ChainSetting, ChainRidgeTerms } from "./rho";
export { rhoDraw, rhoMonteCarlo } from "./rho-monte-carlo";
export { exponentialCollapseError, exponentialCollapseRate } from "./exponential-collapse";
export { criticalExponent, slowRateExponent, adaptiveLambda, tunedRidge } from "./power-law";
export type { TunedRidge } from "./power-law";
export {
  sampleDesign, fitLinear, runFakeDataChain, sigmaNormError, downstreamRidgePath, downstreamRidge, downstreamRidgeDual, randomUnitVector,
} from "./simulate";
export type { Learner, ChainOptions } from "./simulate";
export { fillGaussian, zigguratNormal } from "../../maths/gaussian-fill";
export { QUICK_PARAMS, FULL_PARAMS, params } from "./params";
export type { DemystifiedParams, Fig1aParams, Fig1bParams, OlsLinearParams, ExponentialParams, CrossoverParams, AdaptiveParams } from "./params";
export { linearSlope, relativeCurvature, semilogSlope, interiorMinimumMargin } from "./analysis";
export { seriesNamed, statistic, pairedStatistic, logLogSlopeEstimate, estimateAt, asEstimate } from "../../lab/series";
export type { FigureSpec, Series, Axis } from "./figure-spec";
export { buildFig1a } from "./figures/fig1a";
export { buildFig1b } from "./figures/fig1b";
export { buildOlsLinear } from "./figures/ols-linear";
export { buildExponential } from "./figures/exponential";
export { buildCrossover, CROSSOVER_CASES } from "./figures/crossover";
export { buildAdaptive } from "./figures/adaptive";
export { buildCrossoverSimulation } from "./figures/crossover-sim";
export { buildFig1bRegime, gaussianChainTeachers } from "./figures/fig1b-regime";
export type { Fig1bRegimeParams } from "./figures/fig1b-regime";
export { buildCrossoverBend, localSlopes } from "./figures/crossover-bend";
export type { CrossoverBendParams } from "./figures/crossover-bend";
export { buildBiasVariance } from "./figures/bias-variance";
export type { BiasVarianceParams } from "./figures/bias-variance";
export { buildNoisyOverparam, noisyCaseKey } from "./figures/noisy-overparam";
export type { NoisyOverparamParams } from "./figures/noisy-overparam";
export { noisyOverparamError, noisyOverparamSaturation } from "./noisy-overparam";
export type { CrossoverSimParams } from "./figures/crossover-sim";
export { buildMnistKrr, loadDigits, rbfKernel } from "./mnist-krr";
export { settingSvg } from "./schematic";
export type { MnistKrrParams, DigitData } from "./mnist-krr";
