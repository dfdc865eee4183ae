import test from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import type { FigureData, Series } from "../../src/lab/figure";
import { sub, sup } from "../../src/lab/figure";
import { plotText, staticSize, toPlotly, wrapText } from "../../src/lab/plotly";

type Trace = Record<string, unknown>;

const base = { paper: "p", mode: "quick" as const, seed: 1, runtimeMs: 1, revision: "r", params: {} };
const legendEntries = (data: Trace[]) => data.filter((t) => t.showlegend === true);
const dataTraces = (data: Trace[]) => data.filter((t) => t.showlegend === false);

/** Theory + simulation for each of `keys` in each of `panels` panels. */
function pairs(keys: string[], panels: number, extra: Partial<Series> = {}): Series[] {
  const out: Series[] = [];
  for (let p = 0; p < panels; p++) {
    for (const k of keys) {
      out.push({ name: `theory ${k}`, kind: "theory", x: [1, 2, 3], y: [1, 2, 3], panel: p, group: k, ...extra });
      out.push({ name: `simulation ${k} (simulation)`, kind: "simulation", x: [1, 2, 3], y: [1, 2, 3], yErr: [0.1, 0.1, 0.1], panel: p, group: k, ...extra });
    }
  }
  return out;
}

function figure(series: Series[], nPanels: number, more: Partial<FigureData> = {}): FigureData {
  return {
    ...base, figure: "f", title: "a figure", series, axes: { x: { title: "x" }, y: { title: "y" } },
    panels: nPanels > 1 ? Array.from({ length: nPanels }, (_, i) => ({ title: `panel ${i}` })) : undefined, ...more,
  };
}

test("legend: one entry per group, labelled by groupLabels, never the kind appended to a name", () => {
  const keys = ["σ² = 0.1", "σ² = 1", "σ² = 10"];
  const fig = figure(pairs(keys, 3), 3, { groupLabels: { "σ² = 1": "σ² = 1 (default)" } });
  const p = toPlotly(fig);
  const entries = legendEntries(p.data);
  for (const k of keys) assert.equal(entries.filter((t) => t.legendgroup === k).length, 1, `one legend entry for ${k}`);
  assert.ok(entries.some((t) => t.name === "σ² = 1 (default)"));
  for (const t of p.data) {
    const name = String(t.name);
    assert.ok(!/\((simulation|theory|stand-in|measured)\)\s*\((simulation|theory|stand-in|measured)\)/.test(name), `doubled kind in ${name}`);
    assert.ok(!name.endsWith("(simulation) (simulation)"));
  }
  // the drawing styles are explained once, in neutral grey: a theory line and simulation markers with SE
  const styles = entries.filter((t) => t.legendgroup === "__style");
  assert.deepEqual(styles.map((t) => t.name), ["theory", "simulation (mean ± SE)"]);
  for (const t of styles) assert.equal((t.line as { color: string }).color, "#444444");
  // 9 data traces, none in the legend; the data of one group share its colour in every panel
  assert.equal(dataTraces(p.data).length, 18);
  const colourOf = (t: Trace) => (t.line as { color: string }).color;
  for (const k of keys) assert.equal(new Set(dataTraces(p.data).filter((t) => t.legendgroup === k).map(colourOf)).size, 1);
  assert.equal(new Set(keys.map((k) => colourOf(dataTraces(p.data).find((t) => t.legendgroup === k)!))).size, 3, "distinct colours");
});

test("legend: groups of one panel go under that panel, groups of several panels in one legend below the grid", () => {
  const series = [...pairs(["a1", "a2"], 1), ...pairs(["b1", "b2", "b3"], 1).map((s) => ({ ...s, panel: 1 })), ...pairs(["shared"], 2)];
  const p = toPlotly(figure(series, 2));
  const entries = legendEntries(p.data).filter((t) => t.legendgroup !== "__style");
  const legendOf = (k: string) => entries.filter((t) => t.legendgroup === k).map((t) => t.legend);
  assert.deepEqual(legendOf("a1"), ["legend3"]);
  assert.deepEqual(legendOf("b3"), ["legend4"]);
  assert.deepEqual(legendOf("shared"), ["legend2"]);
  assert.equal(entries.length, 6, "each group once");
  // a panel's own legend sits under its panel (left edge of its x domain)
  const l4 = p.layout.legend4 as { x: number; y: number };
  assert.equal(l4.x, (p.layout.xaxis2 as { domain: number[] }).domain[0]);
  assert.ok(l4.y < (p.layout.yaxis2 as { domain: number[] }).domain[0]);
  // colours distinct within a panel: a1, a2 and shared differ; b1..b3 and shared differ
  const colour = (k: string) => ((p.data.find((t) => t.legendgroup === k && t.showlegend === false)!.line) as { color: string }).color;
  assert.equal(new Set(["a1", "a2", "shared"].map(colour)).size, 3);
  assert.equal(new Set(["b1", "b2", "b3", "shared"].map(colour)).size, 4);
});

test("colorGroup and variant: a second theory form shares its setting's colour, drawn dashed, explained once", () => {
  const series: Series[] = [];
  for (const k of ["p=0.5", "p=0.7"]) {
    series.push({ name: `exact ${k}`, kind: "theory", x: [1, 2], y: [1, 2], group: k });
    series.push({ name: `approx ${k}`, kind: "theory", x: [1, 2], y: [1, 2], group: `${k} approx`, colorGroup: k, variant: "approximation" });
    series.push({ name: `sim ${k}`, kind: "simulation", x: [1, 2], y: [1, 2], yErr: [0.1, 0.1], group: k });
  }
  const p = toPlotly(figure(series, 1));
  const entries = legendEntries(p.data);
  assert.equal(entries.filter((t) => t.legendgroup !== "__style").length, 2, "two settings, two colour entries");
  const styles = entries.filter((t) => t.legendgroup === "__style");
  assert.deepEqual(styles.map((t) => t.name), ["theory", "approximation", "simulation (mean ± SE)"]);
  assert.equal((styles[1].line as { dash: string }).dash, "dash");
  const d = dataTraces(p.data);
  assert.equal((d[0].line as { color: string }).color, (d[1].line as { color: string }).color);
  assert.equal((d[1].line as { dash: string }).dash, "dash");
  assert.equal((d[0].line as { dash: string }).dash, "solid");
});

test("reference curves are thin dotted lines labelled on the plot, not in the legend", () => {
  const series: Series[] = [
    ...pairs(["k=10"], 1),
    { name: "floor k=10", kind: "theory", x: [1, 3], y: [0.5, 0.5], group: "ref: floor k=10", reference: true },
    { name: "T* = kᵝ", kind: "theory", x: [2, 2], y: [0.1, 3], group: "ref: T*", reference: true },
  ];
  const p = toPlotly(figure(series, 1));
  assert.ok(!legendEntries(p.data).some((t) => String(t.legendgroup).startsWith("ref:")));
  const refs = dataTraces(p.data).filter((t) => String(t.legendgroup).startsWith("ref:"));
  assert.equal(refs.length, 2);
  for (const t of refs) assert.equal((t.line as { dash: string }).dash, "dot");
  const texts = (p.layout.annotations as { text: string }[]).map((a) => a.text);
  assert.ok(texts.includes("floor k=10") && texts.includes("T* = kᵝ"));
});

test("categorical x axis: task names as ticks, drawn as grouped bars with error bars", () => {
  const tasks = ["synthetic-linear", "ColorMNIST", "Spurious-MNIST"];
  const series: Series[] = ["ERM", "MAT"].flatMap((m) => [0, 1].map((panel): Series => ({ name: m, kind: "stand-in", x: [0, 1, 2], y: [0.5, 0.6, 0.7], yErr: [0.01, 0.02, 0.03], group: m, panel })));
  const fig = figure(series, 2, { axes: { x: { title: "task", categories: tasks }, y: { title: "accuracy" } } });
  const p = toPlotly(fig);
  // named ticks on a numeric axis: x stays the category index (finite, so renderers and checks see real points)
  assert.deepEqual((p.layout.xaxis2 as { ticktext: string[] }).ticktext, tasks);
  assert.deepEqual((p.layout.xaxis as { tickvals: number[] }).tickvals, [0, 1, 2]);
  assert.deepEqual((p.layout.xaxis as { range: number[] }).range, [-0.5, 2.5]);
  const bars = dataTraces(p.data);
  assert.ok(bars.every((t) => t.type === "bar"));
  assert.deepEqual(bars[0].x, [0, 1, 2]);
  assert.deepEqual(bars[0].customdata, tasks);
  assert.equal(p.layout.barmode, "group");
  assert.equal(legendEntries(p.data).filter((t) => t.legendgroup === "ERM").length, 1);
});

test("size: responsive width (none in the JSON), height grows with rows; static copies get a nominal width", () => {
  const one = toPlotly(figure(pairs(["a"], 1), 1));
  const six = toPlotly(figure(pairs(["a"], 6), 6));
  for (const p of [one, six]) {
    assert.equal(p.config.responsive, true);
    assert.equal(p.layout.autosize, true);
    assert.ok(!("width" in JSON.parse(JSON.stringify(p.layout))), "no fixed width in the figure JSON");
  }
  assert.ok((six.layout.height as number) > (one.layout.height as number) + 200, "two rows are taller than one panel");
  assert.equal(staticSize(six).width, 1150);
  assert.equal(staticSize(six).height, six.layout.height);
  assert.equal(Number(six.layout.width), 1150, "the layout still answers a width to static renderers");
});

test("text: long panel titles wrap to the panel width, TeX leftovers become sub/superscripts, HTML is escaped", () => {
  const long = "(b) tail cut at k: floor Σᵢ₌ₖ₊₁ pᵢ ≈ k⁻⁽ᵝ⁻¹⁾, crossover T* ≈ kᵝ where the clean law and the floor meet";
  const fig = figure(pairs(["a"], 3), 3);
  fig.panels![1].title = long;
  const p = toPlotly(fig);
  const title = (p.layout.annotations as { text: string }[]).find((a) => a.text.includes("tail cut"))!.text;
  const lines = title.split("<br>");
  assert.ok(lines.length >= 2);
  for (const l of lines) assert.ok(l.replace(/<\/?b>/g, "").length <= 45, `line too long for a third of the figure: ${l}`);
  assert.equal(plotText("E ≍ T^{-c}, floor Σ_{i>k} p_i"), "E ≍ T<sup>-c</sup>, floor Σ<sub>i&gt;k</sub> p<sub>i</sub>");
  assert.equal(plotText("σ_ε = 0.5, x_core"), "σ<sub>ε</sub> = 0.5, x<sub>core</sub>");
  assert.equal(plotText("a < b & c"), "a &lt; b &amp; c");
  assert.deepEqual(wrapText("one two three four", 9), ["one two", "three", "four"]);
  assert.equal(sup("-1.5"), "⁻¹·⁵");
  assert.equal(sub("k+1"), "ₖ₊₁");
  assert.throws(() => sup("q"), /no Unicode form for "q"/);
});

/** String and template literals of a TypeScript source, comments removed (good enough for label strings). */
function literals(src: string): string[] {
  const out: string[] = [];
  const re = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g;
  for (const m of src.matchAll(re)) if (!m[0].startsWith("/")) out.push(m[0]);
  return out;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

test("no raw TeX (^{…}, _{…}) in any string of the papers' figure builders", () => {
  const root = path.join(__dirname, "../../src/papers");
  const bad: string[] = [];
  for (const f of filesUnder(root)) {
    for (const lit of literals(fs.readFileSync(f, "utf8"))) {
      if (/[\^_]\{/.test(lit.replace(/\$\{/g, ""))) bad.push(`${path.relative(root, f)}: ${lit.slice(0, 80)}`);
    }
  }
  assert.deepEqual(bad, []);
});

test("no raw TeX in the titles, axes and legend names of saved figure data (reports/*/figures/*.json, when present)", () => {
  const reports = path.join(__dirname, "../../reports");
  if (!fs.existsSync(reports)) return;
  const bad: string[] = [];
  const newest = Math.max(...filesUnder(path.join(__dirname, "../../src/papers")).map((f) => fs.statSync(f).mtimeMs));
  for (const paper of fs.readdirSync(reports)) {
    const dir = path.join(reports, paper, "figures");
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".json"))) {
      const file = path.join(dir, f);
      if (fs.statSync(file).mtimeMs < newest) continue; // made before the current builders: not evidence about them
      const fig = JSON.parse(fs.readFileSync(file, "utf8")) as FigureData;
      const texts = [fig.title, fig.axes.x.title, fig.axes.y.title, ...(fig.panels ?? []).flatMap((p) => [p.title, p.axes?.x.title ?? "", p.axes?.y.title ?? ""]), ...fig.series.map((s) => s.name), ...Object.values(fig.groupLabels ?? {})];
      for (const t of texts) if (/[\^_]\{/.test(t)) bad.push(`${paper}/${f}: ${t}`);
    }
  }
  assert.deepEqual(bad, []);
});

test("markers naming a group take its colour; in a crowded panel their shared name is written once", () => {
  const ps = ["p₂ = 0.1", "p₂ = 0.2", "p₂ = 0.5", "p₂ = 0.05"];
  const series = ps.flatMap((g) => pairs([g], 1));
  const markers = ps.flatMap((g, i) => [{ name: `plateau, ${g}`, x: 0.1 * (i + 1), axis: "y" as const }, { name: `n* = σ²d/c², ${g}`, x: 100 * (i + 1) }]);
  const p = toPlotly(figure(series, 1, { markers }));
  const texts = (p.layout.annotations as { text: string }[]).map((a) => a.text);
  assert.equal(texts.filter((t) => t === "plateau").length, 1, "the family name once");
  assert.equal(texts.filter((t) => t.startsWith("n* = ")).length, 1);
  assert.ok(!texts.some((t) => t.includes("p₂ = 0.2")), "the group part is told by colour, not by text");
  const shapes = p.layout.shapes as { line: { color: string } }[];
  const colourOfGroup = (g: string) => ((dataTraces(p.data).find((t) => t.legendgroup === g)!.line) as { color: string }).color;
  assert.equal(shapes[0].line.color, colourOfGroup("p₂ = 0.1"));
  assert.equal(shapes[2].line.color, colourOfGroup("p₂ = 0.2"));
  // a panel with few markers keeps their full names
  const few = toPlotly(figure(pairs(["k=10"], 1), 1, { markers: [{ name: "floor k=10", x: 0.5, axis: "y" }] }));
  assert.ok((few.layout.annotations as { text: string }[]).some((a) => a.text === "floor k=10"));
});

test("styles: one kind drawn as points and as curves is told apart; bars keep one slot per group", () => {
  const series: Series[] = [
    { name: "train y=0", kind: "simulation", x: [1, 2], y: [1, 2], style: "markers", group: "y0" },
    { name: "boundary", kind: "simulation", x: [1, 2], y: [2, 1], style: "lines", group: "b" },
  ];
  const p = toPlotly(figure(series, 1));
  assert.deepEqual(legendEntries(p.data).filter((t) => t.legendgroup === "__style").map((t) => t.name), ["simulation (points)", "simulation (curves)"]);
  const bars: Series[] = ["A", "B"].map((m): Series => ({ name: m, kind: "stand-in", x: [0, 1], y: [0.5, 0.6], group: m }));
  const q = toPlotly(figure(bars, 1, { axes: { x: { title: "task", categories: ["t1", "t2"] }, y: { title: "acc" } } }));
  for (const t of q.data.filter((u) => u.type === "bar")) assert.equal(t.offsetgroup, t.legendgroup, "legend entries share their group's bar slot");
});
