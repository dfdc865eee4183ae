/**
 * Turns figure data into a plotly.js figure (data + layout) and into offline HTML with plotly.js inlined once per
 * kernel process. The JSON part also goes out as `application/vnd.plotly.v1+json` for JupyterLab's plotly renderer.
 */
import * as fs from "fs";
import type { Axis, FigureData, Series } from "./figure";
import { escapeHtml, scriptJson } from "./display";

export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  config: Record<string, unknown>;
}

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];

function axisLayout(a: Axis): Record<string, unknown> {
  const out: Record<string, unknown> = { title: { text: a.title, standoff: 8 }, automargin: true, type: a.log ? "log" : "linear", exponentformat: "power", showline: true, mirror: true, ticks: "outside" };
  if (a.range) out.range = a.log ? a.range.map((v) => Math.log10(v)) : a.range;
  return out;
}

function traceFor(s: Series, color: string, axisSuffix: string, showlegend: boolean): Record<string, unknown> {
  const style = s.style ?? (s.kind === "theory" ? "lines" : "markers");
  const t: Record<string, unknown> = {
    type: "scatter",
    mode: style,
    name: `${s.name}${s.kind === "theory" ? "" : ` (${s.kind})`}`,
    x: s.x,
    y: s.y.map((v) => (Number.isFinite(v) ? v : null)),
    xaxis: `x${axisSuffix}`,
    yaxis: `y${axisSuffix}`,
    legendgroup: s.group ?? s.name,
    showlegend,
    line: { color, width: 2, dash: s.kind === "theory" ? "dash" : "solid" },
    marker: { color, size: 7, symbol: s.kind === "stand-in" ? "diamond" : s.kind === "measured" ? "square" : "circle" },
  };
  if (s.yErr) t.error_y = { type: "data", array: s.yErr, visible: true, thickness: 1.2, width: 3, color };
  return t;
}

/** The plotly.js figure for `fig`: one subplot per panel, a colour per group, theory dashed, simulations with error bars. */
export function toPlotly(fig: FigureData): PlotlyFigure {
  const panels = fig.panels ?? [{ title: "", axes: fig.axes }];
  const n = panels.length;
  const cols = Math.min(n, 3);
  const rows = Math.ceil(n / cols);
  const colors = new Map<string, string>();
  const seenLegend = new Set<string>();
  const data = fig.series.map((s) => {
    const key = s.group ?? s.name;
    if (!colors.has(key)) colors.set(key, PALETTE[colors.size % PALETTE.length]);
    const p = s.panel ?? 0;
    const legendKey = `${key}|${s.kind}`;
    const show = !seenLegend.has(legendKey);
    seenLegend.add(legendKey);
    return traceFor(s, colors.get(key)!, p === 0 ? "" : String(p + 1), show);
  });
  const layout: Record<string, unknown> = {
    title: { text: fig.title, x: 0.02, xanchor: "left" },
    template: undefined,
    width: n === 1 ? 760 : Math.min(1100, 360 * cols + 80),
    height: 430 * rows + (n > 1 ? 40 : 0),
    margin: { l: 70, r: 20, t: 60, b: 60 },
    legend: { font: { size: 11 } },
    hovermode: "closest",
    plot_bgcolor: "white",
    annotations: [] as Record<string, unknown>[],
    shapes: [] as Record<string, unknown>[],
  };
  if (n > 1) {
    // Several panels: legend below the grid so it never covers or squeezes a panel.
    layout.grid = { rows, columns: cols, pattern: "independent", xgap: 0.12, ygap: 0.18 };
    layout.legend = { orientation: "h", x: 0, xanchor: "left", y: -0.1 / rows - 0.05, yanchor: "top", font: { size: 11 } };
    layout.margin = { l: 70, r: 20, t: 60, b: 80 };
    layout.height = 400 * rows + 40 + 22 * Math.ceil(data.filter((t) => t.showlegend).length / 3);
  }
  panels.forEach((p, i) => {
    const axes = p.axes ?? fig.axes;
    const suffix = i === 0 ? "" : String(i + 1);
    layout[`xaxis${suffix}`] = { ...axisLayout(axes.x), gridcolor: "#eee" };
    layout[`yaxis${suffix}`] = { ...axisLayout(axes.y), gridcolor: "#eee" };
    if (n > 1 && p.title) {
      (layout.annotations as Record<string, unknown>[]).push({
        text: `<b>${escapeHtml(p.title)}</b>`, showarrow: false, xref: `x${suffix} domain`, yref: `y${suffix} domain`, x: 0.5, y: 1.08, xanchor: "center",
      });
    }
  });
  for (const m of fig.markers ?? []) {
    const p = m.panel ?? 0;
    const suffix = p === 0 ? "" : String(p + 1);
    const vertical = (m.axis ?? "x") === "x";
    const axes = panels[p]?.axes ?? fig.axes;
    // plotly.js 4: shapes take data values on log axes, annotations take log10 of them.
    const pos = m.x;
    const labelPos = (vertical ? axes.x.log : axes.y.log) ? Math.log10(m.x) : m.x;
    (layout.shapes as Record<string, unknown>[]).push(
      vertical
        ? { type: "line", xref: `x${suffix}`, yref: `y${suffix} domain`, x0: pos, x1: pos, y0: 0, y1: 1, line: { color: "#555", dash: "dot", width: 1 } }
        : { type: "line", xref: `x${suffix} domain`, yref: `y${suffix}`, x0: 0, x1: 1, y0: pos, y1: pos, line: { color: "#555", dash: "dot", width: 1 } },
    );
    (layout.annotations as Record<string, unknown>[]).push(
      vertical
        ? { text: escapeHtml(m.name), x: labelPos, xref: `x${suffix}`, yref: `y${suffix} domain`, y: 1, yanchor: "bottom", showarrow: false, font: { size: 10, color: "#555" } }
        : { text: escapeHtml(m.name), y: labelPos, yref: `y${suffix}`, xref: `x${suffix} domain`, x: 1, xanchor: "right", yanchor: "bottom", showarrow: false, font: { size: 10, color: "#555" } },
    );
  }
  return { data, layout, config: { responsive: true, displaylogo: false, toImageButtonOptions: { filename: `${fig.paper}-${fig.figure}` } } };
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
 * itself when `window.Plotly` is present; `pngDataUri` is shown until then (or where scripts do not run).
 */
export function plotlyHtml(fig: PlotlyFigure, opts: { pngDataUri?: string } = {}): string {
  const id = `lab-fig-${Date.now().toString(36)}-${divCounter++}`;
  const parts: string[] = [];
  if (!bundleSent) {
    parts.push(`<script type="text/javascript">${plotlyBundle()}</script>`);
    bundleSent = true;
  }
  const fallback = opts.pngDataUri ? `<img alt="figure" src="${opts.pngDataUri}" style="max-width:100%">` : "";
  parts.push(`<div class="lab-figure" id="${id}">${fallback}</div>`);
  parts.push(
    `<script type="text/javascript">(function(){var el=document.getElementById(${scriptJson(id)});` +
      `if(!el||!window.Plotly)return;el.innerHTML="";var f=${scriptJson(fig)};window.Plotly.newPlot(el,f.data,f.layout,f.config);})();</script>`,
  );
  return parts.join("\n");
}
