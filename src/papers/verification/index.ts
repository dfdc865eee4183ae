/**
 * "Beyond Model Collapse: Scaling Up with Synthesized Data Requires Verification" (Feng, Dohmatob, Yang, Charton,
 * Kempe, ICLR 2025): Theorem 4.2's breakdown point, the random-flip data model with its finite-sample closed form,
 * selection simulations, the linear generator/verifier setting, the eigenvalue and summarization stand-ins, and the
 * figure builders of `notebooks/verification.ipynb`.
 */
export {
  breakdownPoint, keepRate, keptErrorRate, infiniteDataAccuracy, noisyOracle, noiseForBreakdown, checkVerifier, NO_VERIFIER, ORACLE_VERIFIER,
} from "./breakdown";
export type { Verifier } from "./breakdown";
export { flipModelTheory, flipModelError } from "./flip-theory";
export type { FlipSetting, FlipTheory } from "./flip-theory";
export { selectedRidgePath, angleError } from "./selection-simulation";
export type { LabelAndSelect, RidgePath, RidgePathOptions } from "./selection-simulation";
export { randomFlipSelector, linearGeneratorSelector } from "./generators";
export type { LinearSelection } from "./generators";
export { halfspaceLimit } from "./halfspace-limit";
export { symmetricEigen3, sampleEigenData, relativeL1, accuracyAt, MAX_COEFF } from "./eigen-task";
export type { EigenData } from "./eigen-task";
export { loadTf, trainEigenMlp } from "./eigen-model";
export type { MlpSettings, EigenRegressor } from "./eigen-model";
export { trainEigenTransformer, runTransformerTable1, encodeNumber, decodeNumber, encodeExamples, layout } from "./eigen-transformer";
export type { NumberCode, TransformerSettings, EigenSeqModel, BeamResult, TransformerTable1Params, TransformerTable1Result, DecodingRow } from "./eigen-transformer";
export { runEigenStandin, beamSelection, synthesize, noisyOracleSelect, residualScale, crossingPoint } from "./eigen-standin";
export type { EigenStandinParams, EigenStandinResult, SynthesizedPool } from "./eigen-standin";
export { runSummarization, rowCosine, SELECTORS } from "./summarization-standin";
export type { SummarizationParams, SummarizationRun, SelectorName } from "./summarization-standin";
export { simulatedSeries } from "./series-stats";
export { seriesNamed } from "../../lab/series";
export { QUICK_PARAMS, FULL_PARAMS, params } from "./params";
export type { VerificationParams } from "./params";
export { pipelineSvg, settingSvg, settingPoints } from "./figures/fig1";
export type { SettingPoint } from "./figures/fig1";
export { buildFig2 } from "./figures/fig2";
export type { Fig2Params } from "./figures/fig2";
export { buildFig3 } from "./figures/fig3";
export type { Fig3Params } from "./figures/fig3";
export { buildTable1Figure, buildTable1TransformerFigure, buildFig4, PAPER_TABLE1, PAPER_FIG4 } from "./figures/fig4";
export { buildFig5, summarizeRuns } from "./figures/fig5";
