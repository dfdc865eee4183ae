/**
 * The one place this paper's code obtains TensorFlow.js: the project's shared backend
 * (`src/tf`: wasm + fast matmul kernels, OpenBLAS when built). Switching backends is one line here.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { initTf, matmulMode, setMatmulMode, type MatmulMode, type TfHandle } from "../../tf/index";

export type Tf = typeof tfjs;
export type { TfHandle };

/** Initialises TensorFlow.js once and returns {tf, backend, detail}. */
export function getTf(): Promise<TfHandle> {
  return initTf();
}

/**
 * Runs `fn` with the wasm matmul kernels of `src/tf` set to `mode`, then restores the previous
 * mode. The bias-free linear models of Fig. 1 and the theory sweep multiply a 2×d weight by d×n
 * data: such skinny products measured ~25% faster on the XNNPACK path ("fix") than on OpenBLAS.
 */
export function withMatmulMode<T>(mode: MatmulMode, fn: () => T): T {
  const prev = matmulMode();
  try {
    setMatmulMode(mode);
  } catch {
    return fn();
  }
  try {
    return fn();
  } finally {
    setMatmulMode(prev);
  }
}
