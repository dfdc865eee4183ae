/** Figure data types: the lab contract (src/lab/figure.ts), re-exported for this paper's builders. */
import { fromSeeds, type FigureSpec, type Series } from "../../lab/figure";
export type { Axis, FigureSpec, Series } from "../../lab/figure";

/** A figure plus the named numbers its notebook checks. */
export type TaleFigure = FigureSpec & { metrics: Record<string, number> };

/**
 * A simulated series from per-seed rows (rows[s][i] = seed s at point i): mean, standard error and the per-seed
 * values the agreement engine's pooled test and the jackknife standard errors of the claims need.
 */
export function seededSeries(
  name: string, kind: "simulation" | "stand-in", x: number[], rows: ArrayLike<number>[], panel: number, group: string,
  style: Series["style"] = "markers",
): Series {
  return { name, kind, x, ...fromSeeds(rows), panel, group, style };
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
      ? { name: m.name, kind: "theory", x: [m.x, m.x], y: [y0, y1], panel, style: "lines", group: `ref: ${m.name}`, reference: true }
      : { name: m.name, kind: "theory", x: [x0, x1], y: [m.x, m.x], panel, style: "lines", group: `ref: ${m.name}`, reference: true });
  }
  const out = { ...fig, series: [...fig.series, ...extra] };
  delete out.markers;
  return out;
}
