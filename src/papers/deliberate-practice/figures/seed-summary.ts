/** Per-seed values → the mean, standard error and per-seed rows a simulated Series carries. */
import { meanAndStderr } from "../../../maths/stats";

/** rows[s][i] = seed s's value at point i. */
export function seedSummary(rows: number[][]): { y: number[]; yErr: number[]; ySeeds: number[][] } {
  const { mean, se } = meanAndStderr(rows);
  return { y: mean, yErr: se, ySeeds: rows.map((r) => r.slice()) };
}
