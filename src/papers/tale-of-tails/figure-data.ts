/** Figure data types: the lab contract (src/lab/figure.ts), re-exported for this paper's builders. */
import { arrayAgreement, mergeAgreements, type Agreement as LabAgreement } from "../../lab/legacy-agreement";
import type { FigureSpec } from "../../lab/figure";
export type { Axis, FigureSpec, Series } from "../../lab/figure";

/** A figure plus the named numbers its notebook checks. */
export type TaleFigure = FigureSpec & { metrics: Record<string, number> };

/**
 * Theory-vs-simulation agreement of one or more curves, accumulated curve by curve with the lab's rule
 * (spec §1.4: a point agrees when |sim − theory| ≤ max(3·SE, 5%·theory)). Reports the fraction of agreeing points
 * and the worst deviation in units of max(SE, 5%·theory/3) ("z", agreement ⇔ z ≤ 3).
 */
export class Agreement {
  private parts: LabAgreement[] = [];
  add(theory: ArrayLike<number>, mean: ArrayLike<number>, se: ArrayLike<number>, rel = 0.05): this {
    this.parts.push(arrayAgreement(theory, mean, se, { rel }));
    return this;
  }
  private get merged(): LabAgreement {
    return mergeAgreements(this.parts);
  }
  /** fraction of points within max(3·SE, 5%) */
  get fraction(): number {
    const m = this.merged;
    return m.points === 0 ? NaN : (m.points - m.failures) / m.points;
  }
  /** largest z over all points (tolerance max(3·SE, 5%·theory) = 3 z-units) */
  get worstZ(): number {
    return 3 * this.merged.worstRatio;
  }
  get points(): number {
    return this.merged.points;
  }
  /** metrics entries simFraction / simWorstZ / simPoints */
  metrics(prefix = "sim"): Record<string, number> {
    return { [`${prefix}Fraction`]: this.fraction, [`${prefix}WorstZ`]: this.worstZ, [`${prefix}Points`]: this.points };
  }
}

/**
 * Turns a figure's `markers` into dotted-line series ("reference" kind theory lines spanning the panel's data),
 * so reference levels render correctly on log axes whatever the plotting layer does with shapes.
 */
export function markersAsSeries<F extends FigureSpec>(fig: F): F {
  const markers = fig.markers ?? [];
  if (markers.length === 0) return fig;
  const extra: FigureSpec["series"] = [];
  for (const m of markers) {
    const panel = m.panel ?? 0;
    const inPanel = fig.series.filter((s) => (s.panel ?? 0) === panel);
    const xs = inPanel.flatMap((s) => s.x).filter((v) => v > 0 && Number.isFinite(v));
    const ys = inPanel.flatMap((s) => s.y).filter((v) => v > 0 && Number.isFinite(v));
    if (xs.length === 0 || ys.length === 0) continue;
    const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
    const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
    const vertical = (m.axis ?? "x") === "x";
    extra.push(vertical
      ? { name: m.name, kind: "theory", x: [m.x, m.x], y: [y0, y1], panel, style: "lines", group: `ref: ${m.name}` }
      : { name: m.name, kind: "theory", x: [x0, x1], y: [m.x, m.x], panel, style: "lines", group: `ref: ${m.name}` });
  }
  const out = { ...fig, series: [...fig.series, ...extra] };
  delete out.markers;
  return out;
}
