/** Per-seed rows → a simulated Series with means, standard errors and the per-seed values. */
import { meanAndStderr } from "../../maths/stats";
import type { Series } from "./figure-spec";

/** rows[s][i] = seed s at point i. */
export function simulatedSeries(base: Omit<Series, "y" | "yErr" | "ySeeds">, rows: number[][]): Series {
  if (rows.length === 0) throw new RangeError(`simulatedSeries: no seeds for series ${JSON.stringify(base.name)}`);
  const m = meanAndStderr(rows);
  return { ...base, y: m.mean, yErr: m.se, ySeeds: rows.map((r) => r.slice()) };
}

/** The series of a figure with this name (and panel); throws if absent. */
export function seriesNamed<T extends { series: Series[] }>(fig: T, name: string, panel?: number): Series {
  const s = fig.series.find((x) => x.name === name && (panel === undefined || (x.panel ?? 0) === panel));
  if (!s) throw new RangeError(`seriesNamed: no series ${JSON.stringify(name)}${panel === undefined ? "" : ` in panel ${panel}`}`);
  return s;
}
