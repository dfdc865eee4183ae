/** Per-seed rows → a simulated Series with means, standard errors and the per-seed values. */
import { fromSeeds } from "../../lab/figure";
import type { Series } from "./figure-spec";

/** rows[s][i] = seed s at point i. */
export function simulatedSeries(base: Omit<Series, "y" | "yErr" | "ySeeds">, rows: number[][]): Series {
  if (rows.length === 0) throw new RangeError(`simulatedSeries: no seeds for series ${JSON.stringify(base.name)}`);
  return { ...base, ...fromSeeds(rows) };
}
