/** Deliberate Practice (Askari-Hemmat et al., ICML 2025): theory of training on selected examples, simulations, figures. */
export * from "./selection-rules";
export * from "./theorem1";
export * from "./simulation";
export * from "./params";
export { seriesNamed } from "../../lab/series";
export * from "./figures/fig3";
export * from "./figures/fig5c";
export * from "./figures/fig7";
export * from "./paper-data";
export * from "./figures/paper-curves";
export * from "./standin-theory-dp";
export * from "./figures/standin-a";
export * from "./figures/error-points";
export * from "./standin-diffusion";
export * from "./standin-diffusion-dp";
export * from "./figures/standin-b";
export * from "./figures/standin-b-extra";
