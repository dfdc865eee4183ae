/**
 * TensorFlow.js backend selection for collapse-lab.
 *
 * Order: `@tensorflow/tfjs-node` when a genuine copy is installed (it is an optional dependency that cannot
 * install offline; the project's npm override puts the project's own @tensorflow/tfjs 4.22 under that name for
 * danfojs, so the process loads one TensorFlow.js; the alias is detected and skipped); otherwise the wasm backend (SIMD, single-threaded in Node) with
 * its slow transposed/batched matmuls replaced — by OpenBLAS sgemm when the native addon is built, else by
 * a pure-wasm fix (see ./matmul-kernels). `setMatmulMode("stock")` restores the original kernels (for comparisons).
 *
 * For training, {@link fusedAdam} is a drop-in for `tf.train.adam` that updates each variable in one kernel.
 *
 * Env: `LAB_TF_BACKEND` = `auto` (default) | `tensorflow` | `wasm` | `cpu`;
 *      `LAB_TF_MATMUL` = `auto` (default) | `blas` | `fix` | `stock` (wasm matmul kernels).
 *
 * @example
 * const { tf, backend, detail } = await initTf();
 * const y = tf.matMul(tf.ones([2, 3]), tf.ones([3, 4]));
 */
import * as fs from "fs";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs";
import { loadObla } from "../maths/linalg/native";
import { installWasmMatmulKernels, matmulMode, MatmulMode, setMatmulMode } from "./matmul-kernels";
import { removeWasmCrashHandlers } from "./crash-handlers";
import { installWasmCopyKernels } from "./copy-kernels";
import { installGradients } from "./gradients";

export { removeWasmCrashHandlers } from "./crash-handlers";

export { setMatmulMode, matmulMode } from "./matmul-kernels";
export { fusedAdam } from "./adam";
export type { MatmulMode } from "./matmul-kernels";

export interface TfHandle {
  tf: typeof TF;
  /** The active tfjs backend name: "tensorflow", "wasm" or "cpu". */
  backend: string;
  /** One line for notebook headers: backend, SIMD, matmul kernels. */
  detail: string;
}

let pending: Promise<TfHandle> | undefined;

function envChoice(name: string, allowed: string[]): string {
  const raw = (process.env[name] ?? "").trim().toLowerCase();
  if (raw === "" || raw === "auto") return "auto";
  if (!allowed.includes(raw)) {
    throw new RangeError(`${name} must be one of auto, ${allowed.join(", ")}; got ${JSON.stringify(process.env[name])}`);
  }
  return raw;
}

/** Whether a genuine @tensorflow/tfjs-node is resolvable (not the tfjs alias installed under its name). */
export function probeTfjsNode(): { ok: boolean; reason: string } {
  let pj: string;
  try {
    pj = require.resolve("@tensorflow/tfjs-node/package.json");
  } catch {
    return { ok: false, reason: "@tensorflow/tfjs-node not installed" };
  }
  try {
    const meta = JSON.parse(fs.readFileSync(pj, "utf8")) as { name?: string; version?: string };
    if (meta.name !== "@tensorflow/tfjs-node") {
      return { ok: false, reason: `@tensorflow/tfjs-node is an alias of ${meta.name}@${meta.version}, not the native binding` };
    }
    const binding = path.join(path.dirname(pj), "lib");
    if (!fs.existsSync(binding)) return { ok: false, reason: "@tensorflow/tfjs-node has no built binding (lib/ missing)" };
    return { ok: true, reason: `@tensorflow/tfjs-node ${meta.version}` };
  } catch (err) {
    return { ok: false, reason: `@tensorflow/tfjs-node unreadable: ${(err as Error).message}` };
  }
}

async function init(): Promise<TfHandle> {
  const want = envChoice("LAB_TF_BACKEND", ["tensorflow", "wasm", "cpu"]);
  const wantMatmul = envChoice("LAB_TF_MATMUL", ["blas", "fix", "stock"]);
  const probe = probeTfjsNode();
  if (want === "tensorflow" || (want === "auto" && probe.ok)) {
    if (!probe.ok) throw new Error(`initTf: LAB_TF_BACKEND=tensorflow but ${probe.reason}`);
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const tfn = require("@tensorflow/tfjs-node") as typeof TF;
    await tfn.setBackend("tensorflow");
    await tfn.ready();
    return { tf: tfn, backend: "tensorflow", detail: `tfjs-node (libtensorflow, ${probe.reason})` };
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const tf = require("@tensorflow/tfjs") as typeof TF;
  if (want === "cpu") {
    await tf.setBackend("cpu");
    await tf.ready();
    return { tf, backend: "cpu", detail: `tfjs ${tf.version.tfjs} cpu backend (pure JS, slow; selected by LAB_TF_BACKEND=cpu)` };
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  require("@tensorflow/tfjs-backend-wasm");
  const ok = await tf.setBackend("wasm");
  if (!ok) throw new Error("initTf: the tfjs wasm backend failed to initialise");
  await tf.ready();
  removeWasmCrashHandlers();
  const simd = (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) === true;
  const obla = loadObla();
  installWasmMatmulKernels(tf, obla.addon);
  installWasmCopyKernels(tf);
  installGradients(tf);
  let chosen: MatmulMode = obla.addon ? "blas" : "fix";
  if (wantMatmul !== "auto") chosen = wantMatmul as MatmulMode;
  setMatmulMode(chosen);
  const kernels =
    matmulMode() === "blas" ? `OpenBLAS sgemm for BatchMatMul/_FusedMatMul (${obla.threads} thread${obla.threads > 1 ? "s" : ""})`
      : matmulMode() === "fix" ? `pure-wasm transposed/batched matmul fix (XNNPACK)${obla.addon ? "" : `; OpenBLAS unavailable: ${obla.detail}`}`
        : "stock kernels";
  const copies = matmulMode() === "stock" ? "" : ", copy-free Identity/Cast and heap-view Slice/SplitV";
  const why = want === "wasm" ? "selected by LAB_TF_BACKEND=wasm" : probe.reason;
  return {
    tf,
    backend: "wasm",
    detail: `tfjs ${tf.version.tfjs} wasm backend (${simd ? "SIMD" : "no SIMD"}, 1 thread) + ${kernels}${copies}; ${why}`,
  };
}

/**
 * Initialises TensorFlow.js once per process (later calls return the same promise) and returns the
 * namespace, the backend name and a one-line description.
 * @throws Error if the requested backend cannot be initialised.
 */
export function initTf(): Promise<TfHandle> {
  if (!pending) {
    pending = init().catch((err) => {
      pending = undefined;
      throw err;
    });
  }
  return pending;
}
