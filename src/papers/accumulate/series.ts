/** Small helpers that turn per-seed curves into figure series (mean, standard error and the per-seed values). */
import { meanAndStderr } from "../../maths/stats";
import type { Series } from "./figure-spec";

/** A simulation series from per-seed rows (rows[seed][i] at x[i]), keeping the rows as ySeeds. */
export function simulationSeries(name: string, x: number[], rows: number[][], extra: Partial<Series> = {}): Series {
  if (rows.length < 2) throw new RangeError(`simulationSeries: need ≥ 2 seeds for a standard error, got ${rows.length}`);
  const m = meanAndStderr(rows);
  return { name, kind: "simulation", x: [...x], y: m.mean, yErr: m.se, ySeeds: rows.map((r) => Array.from(r)), ...extra };
}

/** Iterations 1 … n. */
export function iterationAxis(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
