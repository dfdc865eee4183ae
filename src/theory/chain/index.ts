/**
 * The recursive linear-regression chain (replace / accumulate / growing-replace; fixed or fresh designs;
 * OLS, ridge or min-norm fits) and its exact OLS test errors — shared by *Model Collapse Demystified* and
 * *Is Model Collapse Inevitable?*.
 */
export * from "./design";
export * from "./fit";
export * from "./linear-chain";
export * from "./ols-theory";
