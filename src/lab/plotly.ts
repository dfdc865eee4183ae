/**
 * Turns figure data into a plotly.js figure (data + layout) and into offline HTML with plotly.js inlined once per
 * kernel process. The JSON part also goes out as `application/vnd.plotly.v1+json` for JupyterLab's plotly renderer.
 *
 * One drawing rule for every paper:
 *  - colour encodes the group (the parameter of a curve): a group's theory line, simulation markers and variants share
 *    one colour, distinct within each panel, the same in every panel; the legend lists each group once, by its label
 *    (`FigureSpec.groupLabels`), and clicking an entry toggles the group everywhere;
 *  - line vs marker encodes the kind (theory solid line, simulation ●, stand-in ◆, paper's values ■, a `variant` its own
 *    dash or symbol), explained once by neutral grey legend entries;
 *  - reference curves (`Series.reference`) and markers are thin dotted lines labelled on the plot, not in the legend;
 *  - panels get explicit domains: a title wrapped to the panel's width above each, and, when the panels show different
 *    groups, a legend under each panel (one shared legend below the grid when they show the same groups);
 *  - TeX-like leftovers (x_{…}, x^{…}, σ_ε) are drawn as sub/superscripts; the width follows the page (responsive),
 *    the height follows the rows.
 */
import * as fs from "fs";
import type { Axis, FigureData, Series } from "./figure";
import { scriptJson } from "./display";

export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  config: Record<string, unknown>;
}

type Trace = Record<string, unknown>;

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#393b79", "#ad494a", "#637939"];
const REFERENCE_COLOR = "#707070";
const NEUTRAL = "#444444";
const LINE_DASHES = ["dash", "dot", "dashdot", "longdash", "longdashdot"];
const MARKER_VARIANTS = ["triangle-up", "square-open", "x", "star", "cross"];
const KIND_SYMBOL: Record<Series["kind"], string> = { theory: "circle", simulation: "circle", "stand-in": "diamond", measured: "square" };
const KIND_LEGEND: Record<Series["kind"], string> = { theory: "theory", simulation: "simulation", "stand-in": "stand-in", measured: "paper's reported values" };

/** Vertical sizes in px (the height is fixed, the width follows the page). */
const SIZE = {
  singlePlot: 380, plot: 260, axis: 50, rowGap: 14, legendRow: 18, panelTitleLine: 15, titleLine: 20,
};

/** Escapes text for plotly (which reads a subset of HTML) and draws x_{…}, x^{…} and x_y as sub/superscripts. */
export function plotText(s: string): string {
  let t = s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  t = t.replace(/\^\{([^{}]*)\}/g, "<sup>$1</sup>").replace(/_\{([^{}]*)\}/g, "<sub>$1</sub>");
  t = t.replace(/([^\s_([{])_([A-Za-z0-9\u0370-\u03ff*]+)/g, "$1<sub>$2</sub>");
  return t;
}

/** Splits text into lines of at most `maxChars` characters at spaces (a longer word gets its own line). */
export function wrapText(text: string, maxChars: number): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let cur = "";
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > maxChars) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

const keyOf = (s: Series) => s.colorGroup ?? s.group ?? s.name;
const panelOf = (s: Series) => s.panel ?? 0;

/** The legend text of a group: its label, else the name its series share, else the key. */
function groupLabel(fig: FigureData, key: string): string {
  const label = fig.groupLabels?.[key];
  if (label !== undefined) return label;
  const names = new Set(fig.series.filter((s) => keyOf(s) === key).map((s) => s.name.trim()));
  // the kind is told by the drawing style: a leading "simulation …" / "theory …" is not repeated in the legend
  return names.size === 1 ? [...names][0].replace(/^(theory|simulation|stand-in)[,:]?\s+(?=[^\s(])/i, "") : key;
}

/**
 * Colour per group key, the same in every panel: all distinct when the palette has enough colours, else distinct
 * within every panel; reference-only keys are grey.
 */
function assignColours(series: Series[], nPanels: number): Map<string, string> {
  const colours = new Map<string, string>();
  const all = [...new Set(series.filter((s) => !s.reference).map(keyOf))];
  if (all.length <= PALETTE.length) {
    all.forEach((k, i) => colours.set(k, PALETTE[i]));
    return colours;
  }
  for (let p = 0; p < nPanels; p++) {
    const keys = [...new Set(series.filter((s) => panelOf(s) === p && !s.reference).map(keyOf))];
    const used = new Set(keys.filter((k) => colours.has(k)).map((k) => colours.get(k)!));
    for (const k of keys) {
      if (colours.has(k)) continue;
      const free = PALETTE.find((c) => !used.has(c)) ?? PALETTE[colours.size % PALETTE.length];
      colours.set(k, free);
      used.add(free);
    }
  }
  return colours;
}

type Mode = "lines" | "markers" | "lines+markers" | "bar";

/** Category names wrapped to lines of `maxChars` (plotly draws <br> in tick labels). */
function categoryLabels(a: Axis, maxChars: number): string[] {
  return (a.categories ?? []).map((c) => wrapText(c, maxChars).map(plotText).join("<br>"));
}

function axisLayout(a: Axis, withTitle = true, catChars = 1000): Record<string, unknown> {
  const out: Record<string, unknown> = {
    title: { text: withTitle ? plotText(a.title) : "", standoff: 6, font: { size: 12 } },
    type: a.log && !a.categories ? "log" : "linear",
    exponentformat: "power", showline: true, mirror: true, ticks: "outside", linecolor: "#444", gridcolor: "#ececec",
    zeroline: false, tickfont: { size: 11 },
  };
  if (a.categories) {
    // a categorical axis as numbers with named ticks: x stays the index (finite, like every other axis)
    const k = a.categories.length;
    Object.assign(out, { tickmode: "array", tickvals: a.categories.map((_, i) => i), ticktext: categoryLabels(a, catChars), tickangle: 0, showgrid: false, range: [-0.5, k - 0.5] });
  }
  if (a.range) out.range = a.log && !a.categories ? a.range.map((v) => Math.log10(v)) : a.range;
  return out;
}

/** Nominal width in px of a figure with `cols` panels per row (the figure is responsive; PNG/SVG use this width). */
function nominalWidth(cols: number): number {
  return cols === 1 ? 820 : cols === 2 ? 1000 : cols === 3 ? 1150 : 1250;
}

/** Width and height a static copy (PNG/SVG) of `fig` should be rendered at. */
export function staticSize(fig: PlotlyFigure): { width: number; height: number } {
  const meta = fig.layout.meta as { staticWidth?: number } | undefined;
  return { width: Number(meta?.staticWidth ?? 820), height: Number(fig.layout.height ?? 460) };
}

/**
 * Rows a horizontal legend of these labels takes at `width` px: one when they fit on a line, else plotly.js aligns
 * them in columns as wide as the widest entry (estimate: 7 px per character at 11 px, 46 px of symbol and padding).
 */
function horizontalLegendRows(labels: string[], width: number): number {
  if (labels.length === 0) return 0;
  if (legendPx(labels) <= width) return 1;
  const item = 46 + 7 * Math.max(...labels.map((l) => l.length));
  return Math.ceil(labels.length / Math.max(1, Math.floor(width / item)));
}

/** Estimated width in px of a one-line horizontal legend of these labels. */
function legendPx(labels: string[]): number {
  return labels.reduce((a, l) => a + 46 + 7 * l.length, 0);
}

/** The plotly.js figure for `fig` (see the module comment for the drawing rule). */
/** A heatmap layer as saved in a figure's params.heatmaps (src/lab/heatmap.ts builds and checks them). */
interface HeatmapData {
  name: string; kind: Series["kind"]; panel?: number; x: number[]; y: number[]; z: (number | null)[][];
  zTitle: string; zLog?: boolean; zRange?: [number, number]; zMid?: number;
}

function heatmapLayers(fig: FigureData): HeatmapData[] {
  const h = (fig.params as Record<string, unknown> | undefined)?.heatmaps;
  return Array.isArray(h) ? (h as HeatmapData[]) : [];
}

/** Colour-bar ticks of a log10 colour scale over [lo, hi] (log10 units): 1·10ᵏ, with 2 and 5 on short ranges. */
function logTicks(lo: number, hi: number): { vals: number[]; text: string[] } {
  const vals: number[] = [], text: string[] = [];
  const mantissas = hi - lo < 2.5 ? [1, 2, 5] : [1];
  for (let k = Math.floor(lo) - 1; k <= Math.ceil(hi); k++) {
    for (const m of mantissas) {
      const v = k + Math.log10(m);
      if (v < lo - 1e-9 || v > hi + 1e-9) continue;
      vals.push(v);
      text.push(m === 1 ? `10<sup>${k}</sup>` : `${m}·10<sup>${k}</sup>`);
    }
  }
  return { vals, text };
}

/** The plotly trace of a heatmap layer (its colour bar is placed once the panel's domain is known). */
function heatmapTrace(h: HeatmapData, sx: string): Trace {
  const f = (v: number | null) => (v === null ? null : h.zLog ? Math.log10(v) : v);
  const z = h.z.map((row) => row.map(f));
  const finite = z.flat().filter((v): v is number => v !== null);
  let lo = h.zRange ? f(h.zRange[0])! : Math.min(...finite), hi = h.zRange ? f(h.zRange[1])! : Math.max(...finite);
  if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
  const mid = h.zMid === undefined ? undefined : f(h.zMid)!;
  const colorbar: Trace = { title: { text: plotText(h.zTitle), side: "top", font: { size: 11 } }, thickness: 11, outlinewidth: 0, tickfont: { size: 10 } };
  if (h.zLog) { const t = logTicks(lo, hi); Object.assign(colorbar, { tickmode: "array", tickvals: t.vals, ticktext: t.text }); }
  const name = plotText(h.name);
  return {
    type: "heatmap", name, x: h.x, y: h.y, z, customdata: h.z, xaxis: `x${sx}`, yaxis: `y${sx}`, showlegend: false, hoverongaps: false,
    zmin: lo, zmax: hi, ...(mid !== undefined ? { zmid: mid, colorscale: "RdBu" } : { colorscale: "Viridis" }),
    colorbar, hovertemplate: `${name}<br>x = %{x:.4g}<br>y = %{y:.4g}<br>${plotText(h.zTitle)} = %{customdata:.4g}<extra></extra>`,
  };
}

export function toPlotly(fig: FigureData): PlotlyFigure {
  const panels = fig.panels ?? [{ title: "", axes: fig.axes }];
  const n = panels.length;
  const cols = Math.max(1, Math.min(n, Math.round(fig.columns ?? (n <= 3 ? n : n === 4 ? 2 : 3))));
  const rows = Math.ceil(n / cols);
  const width = nominalWidth(cols);
  const axesOf = (p: number) => panels[p]?.axes ?? fig.axes;
  const cats = (p: number) => axesOf(p).x.categories;
  const modeOf = (s: Series): Mode => s.style ?? (cats(panelOf(s)) ? "bar" : s.kind === "theory" ? "lines" : "markers");
  const colours = assignColours(fig.series, n);
  const colourOf = (s: Series) => colours.get(keyOf(s)) ?? REFERENCE_COLOR;
  const variants = new Map<string, number>();
  for (const s of fig.series) if (s.variant && !s.reference && !variants.has(s.variant)) variants.set(s.variant, variants.size);
  const suffixOf = (p: number) => (p === 0 ? "" : String(p + 1));
  // characters per line of a category label: the panel's width shared by its categories
  const plotWidth = n === 1 ? (width - 100) * 0.6 : (width - 100) / cols; // a single panel shares the width with its legend
  const catChars = (p: number) => Math.max(8, Math.floor(plotWidth / Math.max(1, cats(p)?.length ?? 1) / 7));
  const catLines = (p: number) => Math.max(1, ...categoryLabels(axesOf(p).x, catChars(p)).map((l) => l.split("<br>").length));
  const axisBand = (p: number) => SIZE.axis + (cats(p) ? (catLines(p) - 1) * 14 : 0);

  // --- traces of the data (no legend entries of their own; entries are added below)
  const data: Trace[] = [];
  // heatmaps first, so the series draw on top of them
  const maps = heatmapLayers(fig);
  const mapTraces = maps.map((h) => ({ p: h.panel ?? 0, trace: heatmapTrace(h, suffixOf(h.panel ?? 0)) }));
  data.push(...mapTraces.map((m) => m.trace));
  for (const s of fig.series) {
    const p = panelOf(s), sx = suffixOf(p), colour = colourOf(s), mode = modeOf(s);
    const c = cats(p);
    const name = plotText(s.name);
    const t: Trace = {
      name, x: s.x, y: s.y.map((v) => (Number.isFinite(v) ? v : null)),
      xaxis: `x${sx}`, yaxis: `y${sx}`, legendgroup: keyOf(s), showlegend: false,
      hovertemplate: `${name}<br>${c ? "%{customdata}" : "x = %{x}"}<br>y = %{y:.4g}<extra></extra>`,
      ...(c ? { customdata: s.x.map((i) => plotText(c[i] ?? String(i))) } : {}),
    };
    const vi = s.variant && !s.reference ? variants.get(s.variant) : undefined;
    if (mode === "bar") {
      Object.assign(t, { type: "bar", offsetgroup: keyOf(s), marker: { color: colour, opacity: s.kind === "measured" ? 0.6 : 0.9, line: { color: colour, width: 1 }, ...(s.kind === "measured" ? { pattern: { shape: "/" } } : {}) } });
    } else if (s.reference) {
      Object.assign(t, { type: "scatter", mode: "lines", line: { color: colour, width: 1.3, dash: "dot" } });
    } else {
      const theory = s.kind === "theory";
      Object.assign(t, {
        type: "scatter", mode,
        line: { color: colour, width: theory ? 2.2 : 1.5, dash: theory && vi !== undefined ? LINE_DASHES[vi % LINE_DASHES.length] : "solid" },
        // dense scatters (hundreds of points: pixels of a digit, a cloud of examples) get smaller markers
        marker: { color: colour, size: mode === "markers" ? Math.max(2.5, Math.min(7, 7 * Math.sqrt(300 / Math.max(1, s.x.length)))) : 5.5, symbol: !theory && vi !== undefined ? MARKER_VARIANTS[vi % MARKER_VARIANTS.length] : KIND_SYMBOL[s.kind] },
      });
    }
    if (s.yErr) t.error_y = { type: "data", array: s.yErr.map((v) => (Number.isFinite(v) ? v : null)), visible: true, thickness: 1.2, width: mode === "bar" ? 4 : 3, color: mode === "bar" ? "#333" : colour };
    data.push(t);
  }

  // --- legend entries: one per group (colour), one per drawing style (kind / variant)
  const keysByPanel = panels.map((_, p) => [...new Set(fig.series.filter((s) => panelOf(s) === p && !s.reference).map(keyOf))]);
  const allKeys = [...new Set(keysByPanel.flat())];
  const groupEntry = (key: string, p: number, legend: string): Trace => {
    const members = fig.series.filter((s) => keyOf(s) === key && !s.reference);
    const bar = members.find((s) => modeOf(s) === "bar");
    const colour = colours.get(key) ?? REFERENCE_COLOR;
    if (bar) {
      return { type: "bar", offsetgroup: key, x: [null], y: [null], name: plotText(groupLabel(fig, key)), legendgroup: key, showlegend: true, legend, xaxis: `x${suffixOf(p)}`, yaxis: `y${suffixOf(p)}`, marker: { color: colour, opacity: bar.kind === "measured" ? 0.6 : 0.9, ...(bar.kind === "measured" ? { pattern: { shape: "/" } } : {}) }, hoverinfo: "skip" };
    }
    const hasLine = members.some((s) => modeOf(s).includes("lines"));
    const marked = members.find((s) => modeOf(s).includes("markers"));
    const mode = hasLine && marked ? "lines+markers" : hasLine ? "lines" : "markers";
    return {
      type: "scatter", x: [null], y: [null], mode, name: plotText(groupLabel(fig, key)), legendgroup: key, showlegend: true, legend,
      xaxis: `x${suffixOf(p)}`, yaxis: `y${suffixOf(p)}`, hoverinfo: "skip",
      line: { color: colour, width: 2.2 }, marker: { color: colour, size: 7, symbol: marked ? KIND_SYMBOL[marked.kind] : "circle" },
    };
  };
  // drawing styles present (neutral grey), in the order they first appear
  const styles = new Map<string, Trace>();
  const errorBars = fig.errorBars ?? "mean ± SE";
  for (const s of fig.series) {
    if (s.reference) continue;
    const mode = modeOf(s);
    if (mode === "bar") continue; // bars: colour is the group; kinds are in the group labels
    const vi = s.variant ? variants.get(s.variant) : undefined;
    // markers with or without a joining line are one style (the markers carry the meaning)
    const look = s.kind === "theory" ? "lines" : mode === "lines" ? "lines" : "markers";
    const id = vi !== undefined ? `variant:${s.variant}` : `${s.kind}:${look}`;
    if (styles.has(id)) continue;
    const theory = s.kind === "theory";
    const errs = fig.series.some((o) => o.kind === s.kind && !o.variant && !o.reference && (modeOf(o) === "lines") === (look === "lines") && o.yErr);
    const label = vi !== undefined ? s.variant! : theory ? "theory" : `${KIND_LEGEND[s.kind]}${errs ? ` (${errorBars})` : ""}`;
    // a variant used by theory and by data shows its dash and its symbol
    const sameVariant = vi !== undefined ? fig.series.filter((o) => o.variant === s.variant && !o.reference) : [s];
    const vLine = sameVariant.some((o) => o.kind === "theory" || modeOf(o).includes("lines"));
    const vMarker = sameVariant.some((o) => o.kind !== "theory" && modeOf(o).includes("markers"));
    const entryMode = vi !== undefined ? (vLine && vMarker ? "lines+markers" : vLine ? "lines" : "markers") : theory ? "lines" : mode;
    styles.set(id, {
      type: "scatter", x: [null], y: [null], mode: entryMode, name: plotText(label), legendgroup: "__style", showlegend: true, legend: "legend",
      hoverinfo: "skip", line: { color: NEUTRAL, width: theory ? 2.2 : 1.5, dash: vi !== undefined && sameVariant.some((o) => o.kind === "theory") ? LINE_DASHES[vi % LINE_DASHES.length] : "solid" },
      marker: { color: NEUTRAL, size: 7, symbol: vi !== undefined && vMarker ? MARKER_VARIANTS[vi % MARKER_VARIANTS.length] : KIND_SYMBOL[s.kind] },
      ...(errs && !theory && vi === undefined ? { error_y: { type: "data", array: [null], visible: true, color: NEUTRAL } } : {}),
    });
  }
  if (fig.series.some((s) => !s.reference && modeOf(s) === "bar" && s.yErr)) {
    styles.set("bar-errors", {
      type: "scatter", x: [null], y: [null], mode: "markers", name: plotText(`error bars: ${errorBars}`), legendgroup: "__style", showlegend: true, legend: "legend",
      hoverinfo: "skip", marker: { color: NEUTRAL, size: 11, symbol: "line-ns-open", line: { color: NEUTRAL, width: 1.5 } },
    });
  }
  // the same kind drawn both as points and as curves: say which is which
  const twins = [...styles].filter(([id, t]) => [...styles].some(([o, u]) => o !== id && u.name === t.name));
  for (const [id, t] of twins) t.name = `${t.name} (${id.endsWith(":lines") ? "curves" : "points"})`;
  const styleEntries = [...styles.values()];
  const showStyles = styleEntries.length >= 2 || fig.series.some((s) => s.yErr && !s.reference);

  // --- vertical layout (px): figure title, then per row: panel titles, plot, x axis, per-panel legends
  // a one-panel figure given as panels[0] keeps that panel's title, after the figure's
  const soleTitle = n === 1 && panels[0].title ? ` — ${panels[0].title}` : "";
  const titleLines = fig.title || soleTitle ? wrapText(`${fig.title ?? ""}${soleTitle}`.replace(/^ — /, ""), Math.floor((width - 40) / 8.4)) : [];
  const marginTop = titleLines.length * SIZE.titleLine + 22;
  const panelTitleChars = Math.max(16, Math.floor(((width - 90) / cols - 30) / 7.2));
  const panelTitleLines = panels.map((p) => (n > 1 && p.title ? wrapText(p.title, panelTitleChars) : []));
  const rowOf = (p: number) => Math.floor(p / cols);
  const inRow = (r: number) => panels.map((_, p) => p).filter((p) => rowOf(p) === r);
  const layout: Record<string, unknown> = {
    autosize: true,
    font: { size: 12, color: "#222" },
    hovermode: "closest", plot_bgcolor: "white", paper_bgcolor: "white", barmode: "group", bargap: 0.25, bargroupgap: 0.05,
    annotations: [] as Trace[], shapes: [] as Trace[],
  };
  const annotations = layout.annotations as Trace[];
  const shapes = layout.shapes as Trace[];
  const legendFont = { size: 11 };

  let height: number;
  if (n === 1) {
    const plotH = SIZE.singlePlot;
    const marginBottom = axisBand(0) + 10;
    height = marginTop + plotH + marginBottom;
    layout.margin = { l: 70, r: 20, t: marginTop, b: marginBottom, autoexpand: true };
    layout.xaxis = axisLayout(axesOf(0).x, true, catChars(0));
    layout.yaxis = { ...axisLayout(axesOf(0).y), automargin: true };
    const groups = keysByPanel[0].map((k) => groupEntry(k, 0, "legend"));
    layout.legend = { x: maps.length ? 1.16 : 1.02, xanchor: "left", y: 1, yanchor: "top", font: legendFont, traceorder: "grouped", tracegroupgap: 0, bgcolor: "rgba(255,255,255,0)" };
    if (showStyles) styleEntries.forEach((t, i) => { if (i === 0) t.legendgrouptitle = { text: "drawn as", font: { size: 10, color: "#666" } }; });
    data.push(...groups, ...(showStyles ? styleEntries : []));
  } else {
    const gx = cols === 1 ? 0 : maps.length ? 0.15 : 0.075; // room for colour bars beside the panels
    const dw = (1 - gx * (cols - 1)) / cols;
    const xDomain = (p: number) => { const c = p % cols; return [c * (dw + gx), c * (dw + gx) + dw]; };
    // groups seen in one panel only get a legend under that panel; groups seen in several, one legend below the grid
    const panelsOfKey = new Map<string, number>();
    for (const ks of keysByPanel) for (const k of ks) panelsOfKey.set(k, (panelsOfKey.get(k) ?? 0) + 1);
    const ownKeys = keysByPanel.map((ks) => ks.filter((k) => panelsOfKey.get(k) === 1));
    const sharedKeys = allKeys.filter((k) => (panelsOfKey.get(k) ?? 0) > 1);
    const rowPx: { titleH: number; legendH: number; axisH: number }[] = [];
    for (let r = 0; r < rows; r++) {
      const ps = inRow(r);
      const titleH = Math.max(0, ...ps.map((p) => panelTitleLines[p].length)) * SIZE.panelTitleLine + 8;
      const own = Math.max(0, ...ps.map((p) => ownKeys[p].length));
      rowPx.push({ titleH, legendH: own ? own * SIZE.legendRow + 6 : 0, axisH: Math.max(...ps.map(axisBand)) });
    }
    const paperH = rowPx.reduce((a, r) => a + r.titleH + SIZE.plot + r.axisH + r.legendH, 0) + SIZE.rowGap * (rows - 1);
    // below the grid: first the drawing styles (one short line), then the shared groups
    const legendWidth = width - 100;
    const styleRows = showStyles ? horizontalLegendRows(styleEntries.map((t) => String(t.name)), legendWidth) : 0;
    const groupRows = horizontalLegendRows(sharedKeys.map((k) => groupLabel(fig, k)), legendWidth);
    const marginBottom = (styleRows + groupRows) * 21 + 12;
    height = marginTop + paperH + marginBottom;
    layout.margin = { l: 70, r: 24, t: marginTop, b: marginBottom, autoexpand: true };
    const yPaper = (px: number) => 1 - px / paperH;
    let top = 0;
    for (let r = 0; r < rows; r++) {
      const { titleH, legendH, axisH } = rowPx[r];
      const plotTop = top + titleH, plotBottom = plotTop + SIZE.plot;
      for (const p of inRow(r)) {
        const sx = suffixOf(p), axes = axesOf(p), xd = xDomain(p);
        layout[`xaxis${sx}`] = { ...axisLayout(axes.x, true, catChars(p)), domain: xd, anchor: `y${sx}`, automargin: false };
        layout[`yaxis${sx}`] = { ...axisLayout(axes.y), domain: [yPaper(plotBottom), yPaper(plotTop)], anchor: `x${sx}`, automargin: p % cols === 0 };
        if (panelTitleLines[p].length) {
          annotations.push({
            text: panelTitleLines[p].map((l) => `<b>${plotText(l)}</b>`).join("<br>"), showarrow: false, xref: "paper", yref: "paper",
            x: (xd[0] + xd[1]) / 2, xanchor: "center", y: yPaper(plotTop), yanchor: "bottom", yshift: 2, font: { size: 12 },
          });
        }
        if (ownKeys[p].length) {
          const id = `legend${p + 3}`;
          layout[id] = { x: xd[0], xanchor: "left", y: yPaper(plotBottom + axisH), yanchor: "top", orientation: "v", font: legendFont, bgcolor: "rgba(255,255,255,0)", tracegroupgap: 0 };
          data.push(...ownKeys[p].map((k) => groupEntry(k, p, id)));
        }
      }
      top = plotBottom + axisH + legendH + SIZE.rowGap;
    }
    const bottom = { orientation: "h", x: 0, xanchor: "left", yanchor: "top", font: legendFont, traceorder: "normal", bgcolor: "rgba(255,255,255,0)" };
    layout.legend = { ...bottom, y: -8 / paperH };
    layout.legend2 = { ...bottom, y: -(8 + styleRows * 21) / paperH };
    if (showStyles) data.push(...styleEntries);
    data.push(...sharedKeys.map((k) => groupEntry(k, panelOf(fig.series.find((s) => keyOf(s) === k && !s.reference)!), "legend2")));
  }
  layout.height = Math.round(height);
  // colour bars: beside their panel, as tall as it
  for (const { p, trace } of mapTraces) {
    const sx = suffixOf(p);
    const xd = ((layout[`xaxis${sx}`] as Trace | undefined)?.domain as number[] | undefined) ?? [0, 1];
    const yd = ((layout[`yaxis${sx}`] as Trace | undefined)?.domain as number[] | undefined) ?? [0, 1];
    Object.assign(trace.colorbar as Trace, { x: xd[1] + 0.01, xanchor: "left", y: (yd[0] + yd[1]) / 2, yanchor: "middle", len: yd[1] - yd[0], lenmode: "fraction" });
  }
  layout.meta = { staticWidth: width };
  // static.ts (PNG/SVG) reads layout.width; kept out of the JSON so the interactive figure follows the page width
  Object.defineProperty(layout, "width", { value: width, enumerable: false, configurable: true, writable: true });

  // --- reference curves and markers: dotted lines labelled on the plot. One that names a group of its panel (e.g.
  // "plateau, p₂ = 0.1") takes that group's colour; in a crowded panel (more than 3 names) only the part of the name
  // the lines share ("plateau") is written, once, and the colours tell the lines apart.
  type Ref = { p: number; name: string; vertical: boolean; x: number; y?: number; trace?: Trace };
  const refs: Ref[] = [];
  fig.series.forEach((s, i) => {
    if (!s.reference) return;
    let j = -1;
    for (let q = 0; q < s.x.length; q++) if (Number.isFinite(s.y[q]) && (j < 0 || s.x[q] >= s.x[j])) j = q;
    if (j < 0) return;
    const vertical = s.x.length >= 2 && s.x.every((v) => v === s.x[0]);
    refs.push({ p: panelOf(s), name: s.name, vertical, x: s.x[vertical ? 0 : j], y: vertical ? undefined : s.y[j], trace: data[mapTraces.length + i] }); // the heatmaps come first
  });
  for (const m of fig.markers ?? []) {
    const vertical = (m.axis ?? "x") === "x";
    refs.push({ p: m.panel ?? 0, name: m.name, vertical, x: m.x });
  }
  const groupMatch = (name: string, p: number): { key: string; label: string } | undefined => {
    let best: { key: string; label: string } | undefined;
    for (const key of keysByPanel[p] ?? []) {
      for (const label of new Set([groupLabel(fig, key), key])) {
        const at = name.indexOf(label);
        if (at < 0 || (best && best.label.length >= label.length)) continue;
        const before = at === 0 ? " " : name[at - 1], after = name[at + label.length] ?? " ";
        if (/[\s,(;:]/.test(before) && /[\s,);:]/.test(after)) best = { key, label };
      }
    }
    return best;
  };
  const verticalCount = new Map<number, number>();
  const written = new Set<string>();
  for (let p = 0; p < n; p++) {
    const inPanel = refs.filter((r) => r.p === p);
    const crowded = new Set(inPanel.map((r) => r.name)).size > 3;
    const sx = suffixOf(p), axes = axesOf(p);
    const ax = (v: number, a: Axis) => (a.log ? Math.log10(v) : v);
    for (const r of inPanel) {
      const match = groupMatch(r.name, p);
      const colour = match ? colours.get(match.key) ?? REFERENCE_COLOR : REFERENCE_COLOR;
      if (r.trace) (r.trace.line as Trace).color = colour;
      else {
        // plotly.js 4: shapes take data values on log axes, annotations take log10 of them.
        shapes.push(
          r.vertical
            ? { type: "line", xref: `x${sx}`, yref: `y${sx} domain`, x0: r.x, x1: r.x, y0: 0, y1: 1, line: { color: colour, dash: "dot", width: 1 } }
            : { type: "line", xref: `x${sx} domain`, yref: `y${sx}`, x0: 0, x1: 1, y0: r.x, y1: r.x, line: { color: colour, dash: "dot", width: 1 } },
        );
      }
      let text = r.name;
      if (crowded && match) {
        text = r.name.replace(match.label, "").replace(/\(\s*\)/g, "").replace(/^[\s,;:]+|[\s,;:(]+$/g, "").trim();
      }
      if (!text || written.has(`${p}|${text}`)) continue;
      written.add(`${p}|${text}`);
      const font = { size: 10, color: match && !crowded ? colour : "#555" };
      if (r.vertical) {
        // labels of vertical lines stacked from the top of the panel, so neighbours do not overprint
        const k = verticalCount.get(p) ?? 0;
        verticalCount.set(p, k + 1);
        annotations.push({ text: plotText(text), showarrow: false, xref: `x${sx}`, yref: `y${sx} domain`, x: ax(r.x, axes.x), y: 0.99 - 0.075 * (k % 8), xanchor: "left", yanchor: "top", xshift: 2, font, bgcolor: "rgba(255,255,255,0.7)" });
      } else if (r.trace && r.y !== undefined) {
        annotations.push({ text: plotText(text), showarrow: false, xref: `x${sx}`, yref: `y${sx}`, x: ax(r.x, axes.x), y: ax(r.y, axes.y), xanchor: "right", yanchor: "bottom", font });
      } else {
        annotations.push({ text: plotText(text), showarrow: false, xref: `x${sx} domain`, yref: `y${sx}`, x: 0.99, y: ax(r.x, axes.y), xanchor: "right", yanchor: "bottom", font });
      }
    }
  }
  // the figure title as an annotation: plotly.js anchors a multi-line layout.title by its first line, so it would leave
  // the top of the figure; an annotation is anchored by its box
  if (titleLines.length) {
    const m = layout.margin as { t: number; b: number };
    const paperPx = height - m.t - m.b;
    annotations.push({
      text: titleLines.map(plotText).join("<br>"), showarrow: false, xref: "paper", yref: "paper", x: 0, xanchor: "left", xshift: -60,
      y: 1 + (m.t - 10) / paperPx, yanchor: "top", align: "left", font: { size: 15 },
    });
  }
  return {
    data, layout,
    config: { responsive: true, displaylogo: false, toImageButtonOptions: { filename: `${fig.paper}-${fig.figure}`, format: "png", width, height: layout.height, scale: 2 } },
  };
}

let bundleSent = false;
let bundleCache: string | null = null;

function plotlyBundle(): string {
  if (bundleCache === null) {
    const file = require.resolve("plotly.js-dist-min/plotly.min.js");
    bundleCache = fs.readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script");
  }
  return bundleCache;
}

/** Forget that the bundle was sent (tests; a new kernel process starts fresh anyway). */
export function resetPlotlyBundle(): void {
  bundleSent = false;
}

let divCounter = 0;

/**
 * Offline HTML for a plotly figure: plotly.js is inlined in the first figure of the process only; every figure draws
 * itself when `window.Plotly` is present, at the width of the output area (and follows it when the page resizes);
 * `pngDataUri` is shown until then (or where scripts do not run).
 */
export function plotlyHtml(fig: PlotlyFigure, opts: { pngDataUri?: string } = {}): string {
  const id = `lab-fig-${Date.now().toString(36)}-${divCounter++}`;
  const parts: string[] = [];
  if (!bundleSent) {
    parts.push(`<script type="text/javascript">${plotlyBundle()}</script>`);
    bundleSent = true;
  }
  const fallback = opts.pngDataUri ? `<img alt="figure" src="${opts.pngDataUri}" style="max-width:100%;height:auto">` : "";
  parts.push(`<div class="lab-figure" id="${id}" style="width:100%;max-width:100%">${fallback}</div>`);
  parts.push(
    `<script type="text/javascript">(function(){var el=document.getElementById(${scriptJson(id)});` +
      `if(!el||!window.Plotly)return;el.innerHTML="";var f=${scriptJson(fig)};window.Plotly.newPlot(el,f.data,f.layout,f.config);})();</script>`,
  );
  return parts.join("\n");
}
