/**
 * Reading numbers off a figure's series for claims: the series by name, and statistics of a simulated series with
 * their standard errors over seeds — the SE of a mean from its per-seed values (`ySeeds`), and statistics of the mean
 * curve (slopes, ratios, differences) with a jackknife SE.
 */
import { jackknife, logLogSlope } from "../maths/stats";
import type { Estimate } from "./checks";
import type { Series } from "./figure";

/**
 * The one series of `fig` with this name (and panel, if given).
 * @throws RangeError when none or several match, naming the series the figure has
 */
export function seriesNamed<S extends { name: string; panel?: number }>(fig: { figure?: string; series: S[] }, name: string, panel?: number): S {
  const found = fig.series.filter((s) => s.name === name && (panel === undefined || (s.panel ?? 0) === panel));
  if (found.length !== 1) {
    const where = `${fig.figure ? ` in figure ${fig.figure}` : ""}${panel === undefined ? "" : ` panel ${panel}`}`;
    const have = [...new Set(fig.series.map((s) => JSON.stringify(s.name)))].join(", ");
    throw new RangeError(`seriesNamed: expected one series ${JSON.stringify(name)}${where}, found ${found.length}; it has ${have}${found.length > 1 ? " (give the panel)" : ""}`);
  }
  return found[0];
}

/** The per-seed rows of a simulated series. @throws RangeError when it has none */
export function seedRows(s: Series): number[][] {
  if (!s.ySeeds) throw new RangeError(`series "${s.name}" has no per-seed values (ySeeds): its statistics have no standard error`);
  return s.ySeeds;
}

/** A statistic of a simulated series' mean curve with its jackknife standard error over seeds. */
export function statistic(s: Series, stat: (meanCurve: number[]) => number): { value: number; se: number } {
  return jackknife(seedRows(s), stat);
}

/**
 * A statistic of two simulated series with the same seeds (paired: row s of both comes from seed s), with its
 * jackknife standard error.
 */
export function pairedStatistic(a: Series, b: Series, stat: (meanA: number[], meanB: number[]) => number): { value: number; se: number } {
  const ra = seedRows(a), rb = seedRows(b);
  if (ra.length !== rb.length) throw new RangeError(`pairedStatistic: "${a.name}" has ${ra.length} seeds, "${b.name}" ${rb.length}`);
  const k = a.x.length;
  const rows = ra.map((r, s) => [...r, ...rb[s]]);
  return jackknife(rows, (m) => stat(m.slice(0, k), m.slice(k)));
}

/** Log–log slope of a simulated series over [xMin, xMax], with its jackknife standard error. */
export function logLogSlopeEstimate(s: Series, xMin = -Infinity, xMax = Infinity): { value: number; se: number } {
  return statistic(s, (y) => logLogSlope(s.x, y, xMin, xMax));
}

/** The simulated mean at x with its standard error, as an estimate for an ordering claim. */
export function estimateAt(s: Series, x: number, label = s.name): Estimate {
  const i = s.x.findIndex((v) => v === x);
  if (i < 0) throw new RangeError(`estimateAt: series "${s.name}" has no point at x = ${x}`);
  if (!s.yErr) throw new RangeError(`estimateAt: series "${s.name}" has no standard errors`);
  return { label, mean: s.y[i], se: s.yErr[i] };
}

/** The last point of a simulated series, as an estimate. */
export function estimateAtEnd(s: Series, label = s.name): Estimate {
  return estimateAt(s, s.x[s.x.length - 1], label);
}

/** A value with a standard error, labelled, as an estimate for an ordering claim. */
export function asEstimate(e: { value: number; se: number }, label: string): Estimate {
  return { label, mean: e.value, se: e.se };
}

/** Mean and standard error of per-seed values. @throws RangeError on fewer than 2 values */
export function meanSe(values: ArrayLike<number>): { value: number; se: number } {
  const n = values.length;
  if (n < 2) throw new RangeError(`meanSe: need at least 2 values, got ${n}`);
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i];
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i] - m) ** 2;
  return { value: m, se: Math.sqrt(v / (n - 1) / n) };
}
