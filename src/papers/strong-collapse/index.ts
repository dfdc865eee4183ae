/**
 * "Strong Model Collapse" (Dohmatob, Feng, Subramonian, Kempe, ICLR 2025): theory, simulations,
 * stand-ins and figure builders. Derivations made here: docs/derivations/strong-collapse.md.
 */
export * from "./mixture-theory";
export * from "./isotropic-theory";
export * from "./random-projection-theory";
export * from "./mitigation-theory";
export * from "./synthetic-rows";
export * from "./simulate-mixture";
export * from "./simulate-random-projections";
export * from "./simulate-mitigations";
export * from "./zipf-markov-lm";
export * from "./mnist-standin";
export * from "./mnist-two-layer";
export * from "./params";
export * from "./figures";
export * from "./analysis";
export * from "./oracle-lambda";
export * from "./phase-diagrams";
export * from "./pareto";
