/** Per-seed values → the mean, standard error and per-seed rows a simulated Series carries. */
import { meanAndStderr } from "../../../maths/stats";

/** rows[s][i] = seed s's value at point i. */
export function seedSummary(rows: number[][]): { y: number[]; yErr: number[]; ySeeds: number[][] } {
  const { mean, se } = meanAndStderr(rows);
  return { y: mean, yErr: se, ySeeds: rows.map((r) => r.slice()) };
}

/** The series of a figure with this name (and panel). @throws RangeError when absent */
export function seriesNamed<S extends { name: string; panel?: number }>(fig: { figure: string; series: S[] }, name: string, panel = 0): S {
  const s = fig.series.find((v) => v.name === name && (v.panel ?? 0) === panel);
  if (!s) throw new RangeError(`seriesNamed: figure ${fig.figure} has no series "${name}" in panel ${panel}`);
  return s;
}
