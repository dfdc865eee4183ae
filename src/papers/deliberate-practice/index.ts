/** Deliberate Practice (Askari-Hemmat et al., ICML 2025): theory of training on selected examples, simulations, figures. */
export * from "./selection-rules";
export * from "./theorem1";
export * from "./simulation";
