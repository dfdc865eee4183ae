/** Zipf laws and the Hutter memorisation model (shared theory for *A Tale of Tails* and others). */
export * from "./special";
export * from "./zipf";
export * from "./sampler";
export * from "./exp-sum";
export * from "./hutter";
export * from "./simulate";
