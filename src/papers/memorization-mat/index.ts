/**
 * Memorization-aware training (MAT; Bayat, Pezeshki, Dohmatob, Lopez-Paz, Vincent, ICLR 2025):
 * reusable pieces (held-out XRM predictions, calibrated shift, MAT/ERM/GroupDRO training, group
 * metrics, self-influence), data generators, and the notebook's figure builders.
 */
export * from "./tfjs";
export * from "./figureSpec";
export * from "./groupMetrics";
export * from "./calibratedShift";
export * from "./spuriousLinear";
export * from "./goodBadUgly";
export * from "./mnistDigits";
export * from "./colorMnist";
export * from "./spuriousMnist";
export * from "./textToy";
export * from "./models";
export * from "./training";
export * from "./xrm";
export * from "./selfInfluence";
export * from "./benchmark";
export * from "./fig1";
export * from "./fig3";
export * from "./theorySweep";
export * from "./table1";
export * from "./fig2";
export * from "./params";
export * from "./analysis";
