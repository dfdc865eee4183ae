/**
 * The one place this paper's code obtains TensorFlow.js.
 *
 * Until the project's shared backend module (`src/tf`, wasm + fast matmul kernels) is used here,
 * this loads `@tensorflow/tfjs` and selects the stock wasm backend (falling back to `cpu`).
 * Switching to the shared module is a one-line change inside {@link getTf}.
 */
import * as tfjs from "@tensorflow/tfjs";

export type Tf = typeof tfjs;

export interface TfHandle {
  tf: Tf;
  backend: string;
  detail: string;
}

let cached: Promise<TfHandle> | undefined;

/** Initialises TensorFlow.js once (wasm if available, else cpu) and returns the module. */
export function getTf(): Promise<TfHandle> {
  if (cached === undefined) cached = init();
  return cached;
}

async function init(): Promise<TfHandle> {
  const tf = tfjs;
  let ok = false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require("@tensorflow/tfjs-backend-wasm");
    ok = await tf.setBackend("wasm");
  } catch {
    ok = false;
  }
  if (!ok) await tf.setBackend("cpu");
  await tf.ready();
  const backend = tf.getBackend();
  return { tf, backend, detail: `@tensorflow/tfjs ${tf.version.tfjs}, backend ${backend} (stock kernels)` };
}
