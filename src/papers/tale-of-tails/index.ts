/** *A Tale of Tails* (Dohmatob, Feng, Yang, Charton, Kempe, ICML 2024): figure builders and models. */
export * from "./figure-data";
export * from "./hutter-figures";
export * from "./bigram";
export * from "./bigram-figure";
export * from "./assoc-memory";
export * from "./assoc-memory-figure";
export * from "./zipf-markov-lm";
export * from "./lm-figure";
export * from "./gcd";
export * from "./gcd-figure";
export * from "./analysis";
export * from "./zipf-fit";
