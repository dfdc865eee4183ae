/**
 * Numbers the notebook checks, computed from a figure's data (theory vs simulation agreement, fits).
 */
import { linearFit } from "../../maths/stats";
import type { FigureSpec, Series } from "./figure-spec";

export {
  agreementVerdict, theoryAgreement, type Agreement, type AgreementPoint, type AgreementVerdict,
} from "../../lab/legacy-agreement";

/** The unique series of `spec` with this name (and panel, if given). */
export function seriesNamed(spec: FigureSpec, name: string, panel?: number): Series {
  const found = spec.series.filter((s) => s.name === name && (panel === undefined || (s.panel ?? 0) === panel));
  if (found.length !== 1) throw new RangeError(`seriesNamed: expected one series "${name}"${panel === undefined ? "" : ` in panel ${panel}`}, found ${found.length}`);
  return found[0];
}

/** Least-squares line of a series' y on x (optionally only x ≤ xMax). */
export function seriesLinearFit(s: Series, xMax = Infinity): { slope: number; intercept: number; r2: number } {
  const x: number[] = [], y: number[] = [];
  s.x.forEach((v, i) => {
    if (v <= xMax) {
      x.push(v);
      y.push(s.y[i]);
    }
  });
  return linearFit(x, y);
}

/** Slope of log y against x over the points with y > floor (exponential decay rate). */
export function semilogSlope(s: Series, xMin: number, xMax: number, floor = 0): number {
  const x: number[] = [], y: number[] = [];
  s.x.forEach((v, i) => {
    if (v >= xMin && v <= xMax && s.y[i] > floor) {
      x.push(v);
      y.push(Math.log(s.y[i]));
    }
  });
  return linearFit(x, y).slope;
}

/** The x at which a series is minimal. */
export function argMin(s: Series): number {
  let best = 0;
  for (let i = 1; i < s.y.length; i++) if (s.y[i] < s.y[best]) best = i;
  return s.x[best];
}
