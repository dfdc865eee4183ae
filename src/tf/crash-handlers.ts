/**
 * Removes the process-wide handlers that the emscripten glue of @tensorflow/tfjs-backend-wasm installs
 * (`uncaughtException` → rethrow, `unhandledRejection` → throw). Inside a tslab kernel they turn any stray error
 * — e.g. tslab's own "Socket is busy writing" (EBUSY) on the iopub socket under load — into a kernel crash,
 * while tslab's own handlers would just log it. Returns how many handlers were removed.
 */
export function removeWasmCrashHandlers(): number {
  let removed = 0;
  const isEmscripten = (listener: unknown): boolean => {
    const src = String(listener).trim();
    return src.includes("ExitStatus") || /^function\s*\(reason\)\s*\{\s*throw reason;?\s*\}$/.test(src);
  };
  for (const listener of process.listeners("uncaughtException")) {
    if (isEmscripten(listener)) {
      process.removeListener("uncaughtException", listener);
      removed++;
    }
  }
  for (const listener of process.listeners("unhandledRejection")) {
    if (isEmscripten(listener)) {
      process.removeListener("unhandledRejection", listener);
      removed++;
    }
  }
  return removed;
}
