/**
 * "An Effective Theory of Bias Amplification" (Subramonian, Bell, Sagun, Dohmatob, ICLR 2025): disparity metrics,
 * the two-group simulation and the figure builders. The theory lives in src/theory/ridge (two-group files).
 */
export * from "./metrics";
export * from "./params";
export * from "./seeds";
export * from "./simulate";
export * from "./figures";
export * from "./colored-mnist";
