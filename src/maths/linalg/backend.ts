/**
 * Chooses between the native (OpenBLAS/LAPACKE addon) and portable (pure TypeScript) implementations.
 *
 * Selection, in order: `setLinalgBackend(...)` if called, else env `LAB_LINALG` = `native` | `portable` | `auto`
 * (default `auto`: native when the addon loads, else portable). Asking for native when the addon is
 * unavailable throws an Error that says why it is unavailable.
 */
import { loadObla, OblaAddon } from "./native";

export type BackendChoice = "native" | "portable" | "auto";

export interface ActiveBackend {
  name: "native" | "portable";
  addon?: OblaAddon;
  detail: string;
}

let override: BackendChoice | undefined;
let current: ActiveBackend | undefined;

function parseChoice(raw: string, source: string): BackendChoice {
  const v = raw.trim().toLowerCase();
  if (v === "" || v === "auto") return "auto";
  if (v === "native" || v === "portable") return v;
  throw new RangeError(`${source} must be "native", "portable" or "auto", got ${JSON.stringify(raw)}`);
}

function resolve(choice: BackendChoice): ActiveBackend {
  if (choice === "portable") {
    return { name: "portable", detail: "pure TypeScript (blocked float64 kernels), selected explicitly" };
  }
  const load = loadObla();
  if (load.addon) return { name: "native", addon: load.addon, detail: load.detail };
  if (choice === "native") {
    throw new Error(`linalg: the native backend was requested but is unavailable: ${load.detail}`);
  }
  return { name: "portable", detail: `pure TypeScript (blocked float64 kernels); native unavailable: ${load.detail}` };
}

/** The backend in use (resolved once, then cached until {@link setLinalgBackend}). */
export function activeBackend(): ActiveBackend {
  if (!current) {
    const choice = override ?? parseChoice(process.env.LAB_LINALG ?? "", "LAB_LINALG");
    current = resolve(choice);
  }
  return current;
}

/**
 * Forces a backend for this process (tests use it to exercise both paths). `auto` restores the default rule.
 * @throws Error when `native` is requested and the addon is unavailable.
 */
export function setLinalgBackend(choice: BackendChoice): ActiveBackend {
  const c = parseChoice(String(choice), "setLinalgBackend");
  const next = resolve(c);
  override = c;
  current = next;
  return next;
}

let scratchBuf = new Float64Array(0);

/**
 * A copy of `src` in a reused module-level workspace, for inputs that a factorisation destroys and that are
 * NOT returned to the caller (allocating a fresh n² array per call costs as much as a 1000×1000 solve's
 * arithmetic on a busy machine). Valid until the next call; calls are synchronous, so they cannot interleave.
 */
export function scratchCopy(src: Float64Array): Float64Array {
  if (scratchBuf.length < src.length) scratchBuf = new Float64Array(src.length);
  const out = scratchBuf.subarray(0, src.length);
  out.set(src);
  return out;
}

/** Whether the native addon can be loaded (independently of the selected backend). */
export function nativeAvailable(): boolean {
  return loadObla().addon !== undefined;
}
