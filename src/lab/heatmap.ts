/**
 * Heatmap layers of a figure: a value over a 2-D grid (a phase diagram, a metric over two parameters), drawn under
 * the figure's series. The layers travel in the figure's `params.heatmaps`, so they are saved with its JSON data;
 * plotly.ts draws them. A figure with heatmaps still has at least one series (a boundary, a frontier, a slice).
 */
import type { FigureSpec, SeriesKind } from "./figure";
import { SERIES_KINDS } from "./figure";

export interface HeatmapLayer {
  name: string;
  kind: SeriesKind;
  /** Index into the figure's panels (default 0); one heatmap per panel. */
  panel?: number;
  /** Grid along the panel's x axis: strictly ascending, finite (positive on a log axis). */
  x: number[];
  /** Grid along the panel's y axis: strictly ascending, finite (positive on a log axis). */
  y: number[];
  /** z[j][i] is the value at (x[i], y[j]); null where it is undefined. */
  z: (number | null)[][];
  /** Colour-bar title, short. */
  zTitle: string;
  /** Colour on a log10 scale (every non-null z > 0). */
  zLog?: boolean;
  /** Colour range, in z units. */
  zRange?: [number, number];
  /** A diverging colour scale centred at this value (z units; blue below, red above), e.g. 1 for a ratio, 0 for a difference. */
  zMid?: number;
}

function checkGrid(g: unknown, what: string, log: boolean): number[] {
  if (!Array.isArray(g) || g.length < 2) throw new RangeError(`${what}: needs at least 2 grid points`);
  g.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`${what}[${i}] is ${v}, not a finite number`);
    if (log && v <= 0) throw new RangeError(`${what}[${i}] = ${v} is not positive but the axis is logarithmic`);
    if (i > 0 && v <= g[i - 1]) throw new RangeError(`${what} must be strictly ascending: [${i - 1}] = ${g[i - 1]}, [${i}] = ${v}`);
  });
  return g as number[];
}

/** Throws a RangeError naming the first problem of a figure's heatmap layers (grid, shape, values, panels). */
export function validateHeatmaps(spec: FigureSpec, layers: HeatmapLayer[]): void {
  const nPanels = spec.panels?.length ?? 1;
  const used = new Set<number>();
  layers.forEach((h, k) => {
    const where = `figure ${JSON.stringify(spec.figure)}, heatmap ${k} (${JSON.stringify(h?.name)})`;
    if (!h || typeof h.name !== "string" || !h.name) throw new RangeError(`${where}: needs a name`);
    if (!SERIES_KINDS.includes(h.kind)) throw new RangeError(`${where}: kind must be one of ${SERIES_KINDS.join(", ")}, got ${JSON.stringify(h.kind)}`);
    const p = h.panel ?? 0;
    if (!Number.isInteger(p) || p < 0 || p >= nPanels) throw new RangeError(`${where}: panel ${p} does not exist (figure has ${nPanels})`);
    if (used.has(p)) throw new RangeError(`${where}: panel ${p} already has a heatmap; use one panel per heatmap`);
    used.add(p);
    const axes = spec.panels?.[p]?.axes ?? spec.axes;
    const x = checkGrid(h.x, `${where}: x`, !!axes.x.log), y = checkGrid(h.y, `${where}: y`, !!axes.y.log);
    if (!Array.isArray(h.z) || h.z.length !== y.length) throw new RangeError(`${where}: z needs one row per y value (${y.length}), got ${Array.isArray(h.z) ? h.z.length : typeof h.z}`);
    let finite = 0;
    h.z.forEach((row, j) => {
      if (!Array.isArray(row) || row.length !== x.length) throw new RangeError(`${where}: z[${j}] needs one value per x value (${x.length}), got ${Array.isArray(row) ? row.length : typeof row}`);
      row.forEach((v, i) => {
        if (v === null) return;
        if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`${where}: z[${j}][${i}] is ${v}; use null where the value is undefined`);
        if (h.zLog && v <= 0) throw new RangeError(`${where}: z[${j}][${i}] = ${v} is not positive but zLog is set`);
        finite++;
      });
    });
    if (finite === 0) throw new RangeError(`${where}: every z value is null`);
    if (typeof h.zTitle !== "string" || !h.zTitle) throw new RangeError(`${where}: needs a zTitle (the colour bar's title)`);
    if (h.zRange && !(h.zRange.length === 2 && h.zRange.every(Number.isFinite) && h.zRange[0] < h.zRange[1] && (!h.zLog || h.zRange[0] > 0))) {
      throw new RangeError(`${where}: zRange must be [low, high] with low < high${h.zLog ? " and low > 0 (zLog)" : ""}, got ${JSON.stringify(h.zRange)}`);
    }
    if (h.zMid !== undefined && !(Number.isFinite(h.zMid) && (!h.zLog || h.zMid > 0))) throw new RangeError(`${where}: zMid must be a finite number${h.zLog ? " > 0 (zLog)" : ""}, got ${h.zMid}`);
  });
}

/**
 * A copy of the figure with these heatmap layers (checked; a RangeError names the first problem).
 * @example withHeatmaps(spec, [{ name: "E_test", kind: "theory", x: psi, y: p2, z, zTitle: "E_test", zLog: true }])
 */
export function withHeatmaps(spec: FigureSpec, layers: HeatmapLayer[]): FigureSpec {
  if (!Array.isArray(layers) || layers.length === 0) throw new RangeError(`figure ${JSON.stringify(spec.figure)}: withHeatmaps needs at least one layer`);
  validateHeatmaps(spec, layers);
  return { ...spec, params: { ...spec.params, heatmaps: layers } };
}

/** The heatmap layers of a figure (none if it has none). */
export function heatmapsOf(fig: FigureSpec): HeatmapLayer[] {
  const h = fig.params?.heatmaps;
  return Array.isArray(h) ? (h as HeatmapLayer[]) : [];
}
