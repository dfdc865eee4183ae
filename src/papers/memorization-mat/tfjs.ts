/**
 * The one place this paper's code obtains TensorFlow.js: the project's shared backend
 * (`src/tf`: wasm + fast matmul kernels, OpenBLAS when built). Switching backends is one line here.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { initTf, type TfHandle } from "../../tf/index";

export type Tf = typeof tfjs;
export type { TfHandle };

/** Initialises TensorFlow.js once and returns {tf, backend, detail}. */
export function getTf(): Promise<TfHandle> {
  return initTf();
}
