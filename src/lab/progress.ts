/**
 * Progress for long loops: one output line updated in place (throttled), leaving only the final state in the
 * executed notebook and the report. Outside a kernel, nothing is printed until `done()`.
 */
import { randomBytes } from "crypto";
import { inKernel, writeDisplay } from "./display";

export interface Progress {
  /** Advances by `by` (default 1) steps. */
  tick(by?: number): void;
  /** Final line with the elapsed time. Idempotent. */
  done(): void;
}

function fmtSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * @param label what is being counted ("seeds", "generation")
 * @param total number of steps (positive integer)
 * @param throttleMs minimum time between screen updates
 */
export function progress(label: string, total: number, throttleMs = 300): Progress {
  if (!Number.isInteger(total) || total <= 0) throw new RangeError(`progress(${JSON.stringify(label)}): total must be a positive integer, got ${total}`);
  const id = randomBytes(8).toString("hex");
  const start = Date.now();
  const live = inKernel();
  let count = 0;
  let last = 0;
  let first = true;
  let finished = false;
  const show = (text: string) => {
    if (!live) return;
    writeDisplay({ "text/plain": text }, { displayId: id, update: !first });
    first = false;
  };
  return {
    tick(by = 1) {
      count = Math.min(total, count + by);
      const now = Date.now();
      if (now - last >= throttleMs) {
        last = now;
        const el = now - start;
        const eta = count > 0 ? (el / count) * (total - count) : NaN;
        show(`${label} ${count}/${total} · ${fmtSeconds(el)}${Number.isFinite(eta) && count < total ? ` · ~${fmtSeconds(eta)} left` : ""}`);
      }
    },
    done() {
      if (finished) return;
      finished = true;
      const text = `${label} ${count}/${total} · ${fmtSeconds(Date.now() - start)}`;
      if (live) show(text);
      else console.log(text);
    },
  };
}
