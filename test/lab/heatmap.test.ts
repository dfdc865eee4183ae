import test from "node:test";
import assert from "node:assert/strict";
import type { FigureSpec } from "../../src/lab/figure";
import { heatmapsOf, withHeatmaps, type HeatmapLayer } from "../../src/lab/heatmap";
import { toPlotly } from "../../src/lab/plotly";

type Trace = Record<string, unknown>;
const logAxes = { x: { title: "ψ", log: true }, y: { title: "p₂" } };
const spec = (panels = 1): FigureSpec => ({
  figure: "phase", title: "a phase diagram", params: { d: 3 }, axes: logAxes,
  panels: panels > 1 ? Array.from({ length: panels }, (_, i) => ({ title: `panel ${i}`, axes: logAxes })) : undefined,
  series: [{ name: "boundary", kind: "theory", x: [0.1, 10], y: [0.5, 0.5] }],
});
const layer = (more: Partial<HeatmapLayer> = {}): HeatmapLayer => ({
  name: "error", kind: "theory", x: [0.1, 1, 10], y: [0, 0.5], z: [[1, 10, 100], [2, null, 200]], zTitle: "E", ...more,
});

test("withHeatmaps keeps the spec and stores the layers in params (saved with the figure's JSON)", () => {
  const s = spec();
  const f = withHeatmaps(s, [layer()]);
  assert.equal(f.params.d, 3);
  assert.deepEqual(heatmapsOf(f), [layer()]);
  assert.deepEqual(heatmapsOf(s), []);
  assert.equal(JSON.parse(JSON.stringify(f)).params.heatmaps[0].z[1][1], null);
});

test("withHeatmaps rejects bad grids, shapes, values and panels with a message naming the problem", () => {
  const bad: [Partial<HeatmapLayer>, RegExp][] = [
    [{ x: [0.1, 0.1, 10] }, /strictly ascending/],
    [{ x: [0, 1, 10] }, /not positive but the axis is logarithmic/],
    [{ z: [[1, 2, 3]] }, /one row per y value \(2\)/],
    [{ z: [[1, 2], [1, 2]] }, /z\[0\] needs one value per x value \(3\)/],
    [{ z: [[1, NaN, 3], [1, 2, 3]] }, /z\[0\]\[1\] is NaN; use null/],
    [{ zLog: true, z: [[1, -2, 3], [1, 2, 3]] }, /not positive but zLog/],
    [{ z: [[null, null, null], [null, null, null]] }, /every z value is null/],
    [{ panel: 1 }, /panel 1 does not exist/],
    [{ zRange: [2, 1] }, /zRange must be \[low, high\]/],
    [{ zTitle: "" }, /needs a zTitle/],
  ];
  for (const [more, message] of bad) assert.throws(() => withHeatmaps(spec(), [layer(more)]), message, JSON.stringify(more));
  assert.throws(() => withHeatmaps(spec(2), [layer(), layer()]), /already has a heatmap/);
  assert.throws(() => withHeatmaps(spec(), []), /at least one layer/);
});

test("toPlotly draws heatmaps under the series, log colour in log10 units, diverging scale centred at zMid, colour bar beside the panel", () => {
  const f = withHeatmaps(spec(2), [layer({ zLog: true, zMid: 10, z: [[1, 10, 100], [2, 20, 200]] }), layer({ panel: 1 })]);
  const p = toPlotly({ ...f, paper: "p", mode: "quick", seed: 1, runtimeMs: 1, revision: "r" });
  const maps = p.data.filter((t: Trace) => t.type === "heatmap");
  assert.equal(maps.length, 2);
  assert.equal(p.data.indexOf(maps[0]), 0, "heatmaps are drawn first");
  const [a, b] = maps;
  assert.deepEqual((a.z as number[][])[0], [0, 1, 2]);
  assert.equal(a.zmid, 1);
  assert.equal(a.colorscale, "RdBu");
  assert.deepEqual((a.customdata as number[][])[0], [1, 10, 100], "hover shows the values, not their logarithms");
  assert.equal(b.colorscale, "Viridis");
  assert.equal(b.xaxis, "x2");
  const ticks = (a.colorbar as Trace).ticktext as string[];
  assert.ok(ticks.includes("10<sup>1</sup>"), ticks.join(" "));
  const xd = (p.layout.xaxis as Trace).domain as number[];
  assert.ok(Math.abs(((a.colorbar as Trace).x as number) - (xd[1] + 0.01)) < 1e-12);
});

test("a reference series (a boundary drawn dotted) in a figure with heatmaps is styled on its own trace", () => {
  const s = spec();
  s.series.push({ name: "boundary ψ = 1", kind: "theory", x: [1, 1], y: [0, 0.5], reference: true });
  const p = toPlotly({ ...withHeatmaps(s, [layer()]), paper: "p", mode: "quick", seed: 1, runtimeMs: 1, revision: "r" });
  const ref = p.data.find((t: Trace) => t.name === "boundary ψ = 1")!;
  assert.equal((ref.line as Trace).dash, "dot");
  assert.equal(p.data[0].type, "heatmap");
});
