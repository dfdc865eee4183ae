/**
 * "Is Model Collapse Inevitable? Breaking the Curse of Recursion by Accumulating Real and Synthetic Data"
 * (Gerstgrasser, Schaeffer, Dey, Rafailov, Sleight, Hughes, Korbak, Agrawal, Pai, Gromov, Roberts, Yang, Donoho,
 * Koyejo; COLM 2024): linear-regression chains on the shared src/theory/chain, the language-model, generative-model
 * and VAE stand-ins, the paper's reported values and the figure builders of `notebooks/accumulate.ipynb`.
 */
export { accumulateBound, harmonic, olsChainError, olsNoiseFactor } from "../../theory/chain/index";
export { simulateLinearCell, scheduleKey } from "./linear-sweep";
export type { LinearRun, LinearCellOptions } from "./linear-sweep";
export { simulationSeries, seededSeries, iterationAxis } from "./series";
export { QUICK_PARAMS, FULL_PARAMS, params } from "./params";
export type { AccumulateParams, LinearParams } from "./params";
export { FIG2_READ, TABLE2, MAIN_LINEAR_READ, FIG4_READ, FIG5_READ } from "./paper-values";
export { buildFig1, buildLinearMain, buildLinearSweep, buildErratum, buildGrowing } from "./figures/linear";
export { countBigram, temperatureChain, addTransitions, fitLm, runLmChain, simulateLmStandin, lmSchedules, crossEntropy, entropyRate, sampleChain, zipfMarkovLanguage } from "./lm-standin";
export type { LmKind, LmSchedule, LmChainOptions, LmStandinParams, LmStandinRun } from "./lm-standin";
export { fitNeuralBigram } from "./neural-bigram";
export type { NeuralBigramOptions } from "./neural-bigram";
export { runLmStandin, buildFig2, buildFig13, table2Rows } from "./figures/lm";
export { ringMixture, sampleGmm, fitGmm, meanNll, simulateGmmStandin } from "./gmm-standin";
export type { Gmm2, EmOptions, GmmStandinParams } from "./gmm-standin";
export { buildFig4 } from "./figures/gmm";
export { loadPooledDigits, SIDE, PIXELS } from "./digits";
export { initVae, trainVae, sampleVae, vaeTestLoss, vaeGradients, decode } from "./vae";
export type { Vae, VaeOptions } from "./vae";
export { trainClassifier, classify, histogramEntropy, simulateVaeStandin } from "./vae-standin";
export type { DigitClassifier, VaeStandinParams, VaeStandinRun } from "./vae-standin";
export { runVaeStandin, buildFig5 } from "./figures/vae";
export { imageGridPng } from "./image-grid";
export type { FigureSpec, Series, Axis } from "./figure-spec";
