/** Small helpers that turn per-seed curves into figure series (mean, standard error and the per-seed values). */
import { fromSeeds } from "../../lab/figure";
import type { Series } from "./figure-spec";

/** A series of kind `kind` from per-seed rows (rows[seed][i] at x[i]), keeping the rows as ySeeds. */
export function seededSeries(name: string, kind: "simulation" | "stand-in", x: number[], rows: ArrayLike<number>[], extra: Partial<Series> = {}): Series {
  if (rows.length > 0 && rows[0].length !== x.length) throw new RangeError(`seededSeries: rows have ${rows[0].length} points but x has ${x.length}`);
  return { name, kind, x: [...x], ...fromSeeds(rows), ...extra };
}

/** A simulation series from per-seed rows (see {@link seededSeries}). */
export function simulationSeries(name: string, x: number[], rows: ArrayLike<number>[], extra: Partial<Series> = {}): Series {
  return seededSeries(name, "simulation", x, rows, extra);
}

/** Iterations 1 … n. */
export function iterationAxis(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
