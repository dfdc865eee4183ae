/** Smooth Unique Information (Harutyunyan et al., ICLR 2021): linearized networks, exact leave-one-out scores, experiments. */
export * from "./digits";
export * from "./mlp";
export * from "./cnn";
export * from "./linearized";
export * from "./metrics";
export * from "./scoring";
export * from "./experiments";
export * from "./figures";
export * from "./table1";
export * from "./lissa";
export * from "./summarization";
export * from "./synthetic";
export * from "./sgd-stationary";
export * from "./params";
