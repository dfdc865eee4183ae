import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cacheKey, ResultCache } from "../../src/lab/cache";
import { checkClose, checkOrdered, checkRange, checkTrue, Scorecard } from "../../src/lab/checks";
import { parseMode, readConfig } from "../../src/lab/config";
import { figureToCsv, fromSeeds, validateFigure, type FigureSpec } from "../../src/lab/figure";
import { plotlyHtml, resetPlotlyBundle, toPlotly } from "../../src/lab/plotly";
import { rowsToCsv, rowsToHtml, tableColumns } from "../../src/lab/table";
import { Notebook } from "../../src/lab/notebook";
import * as staticPng from "../../src/lab/static";

const meta = { id: "x", kind: "claim" as const, claim: "a claim", source: "Fig. 1", tag: "D" as const };

test("checkClose: pass/fail at the tolerance boundary, rel and abs", () => {
  assert.equal(checkClose({ ...meta, measured: 1.049, expected: 1, rel: 0.05 }).pass, true);
  assert.equal(checkClose({ ...meta, measured: 1.0501, expected: 1, rel: 0.05 }).pass, false);
  assert.equal(checkClose({ ...meta, measured: 0.001, expected: 0, abs: 1e-3 }).pass, true);
  assert.equal(checkClose({ ...meta, measured: NaN, expected: 0, abs: 1 }).pass, false);
  assert.throws(() => checkClose({ ...meta, measured: 1, expected: 1 }), /give a tolerance/);
  assert.throws(() => checkClose({ ...meta, tag: "X" as never, measured: 1, expected: 1, rel: 1 }), /tag must be one of/);
});

test("checkRange and checkTrue", () => {
  assert.equal(checkRange({ ...meta, measured: 0.95, min: 0.9 }).pass, true);
  assert.equal(checkRange({ ...meta, measured: 0.35, max: 0.3 }).pass, false);
  assert.equal(checkRange({ ...meta, measured: 2, min: 1, max: 3 }).expected, "in [1, 3]");
  assert.equal(checkTrue({ ...meta, measured: "a < b", expected: "a < b", pass: true }).pass, true);
  assert.throws(() => checkRange({ ...meta, measured: 1 }), /min and\/or max/);
});

test("Scorecard rejects duplicate ids, counts by kind, headline without implementation checks", () => {
  const s = new Scorecard();
  s.add(checkClose({ ...meta, measured: 1, expected: 1, rel: 0 }));
  s.add(checkClose({ ...meta, id: "y", measured: 2, expected: 1, rel: 0 }));
  s.add(checkTrue({ ...meta, id: "z", kind: "implementation", measured: "ok", expected: "ok", pass: true }));
  assert.throws(() => s.add(checkClose({ ...meta, measured: 1, expected: 1, rel: 0 })), /used twice/);
  assert.equal(s.passed, 2);
  assert.deepEqual(s.failed.map((r) => r.id), ["y"]);
  assert.equal(s.headline(), "claims reproduced 1/2 · agreement checks passed 0/0 · implementation checks 1/1");
  assert.throws(() => checkTrue({ ...meta, kind: "agreement" as never, measured: "", expected: "", pass: true }), /agreement checks go through nb.agree/);
});

test("claims beyond the noise: checkRange and checkClose with se, checkOrdered by 2 combined SE", () => {
  assert.equal(checkRange({ ...meta, measured: 1.3, min: 1, se: 0.1 }).pass, true);
  assert.equal(checkRange({ ...meta, measured: 1.15, min: 1, se: 0.1 }).pass, false); // above the bound, inside 2 SE
  assert.equal(checkClose({ ...meta, measured: -0.62, expected: -0.66, se: 0.025 }).pass, true);
  assert.equal(checkClose({ ...meta, measured: -0.58, expected: -0.66, se: 0.025 }).pass, false); // 3.2 SE off
  assert.equal(checkClose({ ...meta, measured: -0.60, expected: -0.66, se: 0.025, sigmas: 2 }).pass, false);
  const v = (mean: number, se = 0.1) => ({ label: String(mean), mean, se });
  assert.equal(checkOrdered({ ...meta, order: "increasing", values: [v(1), v(1.5), v(2.2)] }).pass, true);
  const weak = checkOrdered({ ...meta, order: "increasing", values: [v(1), v(1.2), v(2.2)] });
  assert.equal(weak.pass, false);
  assert.ok(Math.abs(weak.marginSE! - (0.2 / Math.sqrt(0.02) - 2)) < 1e-12); // SE to spare: negative, it fails
  assert.equal(checkOrdered({ ...meta, order: "decreasing", values: [v(3), v(2), v(1)] }).pass, true);
});

test("config: modes, seeds and cache switch with clear errors", () => {
  assert.equal(parseMode(undefined), "quick");
  assert.equal(parseMode("FULL"), "full");
  assert.throws(() => parseMode("fast"), /LAB_MODE="fast" is not a mode: use LAB_MODE=quick or LAB_MODE=full/);
  const c = readConfig("demo", { LAB_MODE: "full", LAB_SEED: "9" });
  assert.equal(c.mode, "full");
  assert.equal(c.seed, 9);
  assert.equal(c.cache, true);
  assert.equal(readConfig("demo", { LAB_CACHE: "off", LAB_MODE: "full" }).cache, false);
  assert.throws(() => readConfig("demo", { LAB_SEED: "-3" }), /LAB_SEED="-3" is not a seed/);
  assert.throws(() => readConfig("Bad Name", {}), /lowercase/);
  assert.throws(() => readConfig("demo", {}, os.tmpdir()), /cannot find the collapse-lab checkout/);
});

test("cache key: order-independent, changes with code, params, seed and mode", () => {
  const base = { sourceHash: "abc", paper: "p", id: "f", params: { a: 1, b: [1, 2] }, seed: 1, mode: "quick" };
  assert.equal(cacheKey(base), cacheKey({ ...base, params: { b: [1, 2], a: 1 } }));
  for (const change of [{ sourceHash: "abd" }, { params: { a: 2, b: [1, 2] } }, { seed: 2 }, { mode: "full" }, { id: "g" }]) {
    assert.notEqual(cacheKey(base), cacheKey({ ...base, ...change }));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-cache-"));
  const on = new ResultCache(dir, true), off = new ResultCache(dir, false);
  on.set(base, { v: 1 });
  assert.deepEqual(on.get(base), { v: 1 });
  assert.equal(off.get(base), undefined);
  assert.equal(on.get({ ...base, sourceHash: "other" }), undefined);
});

const spec: FigureSpec = {
  figure: "f1",
  title: "T",
  params: { n: 3 },
  axes: { x: { title: "x", log: true }, y: { title: "y" } },
  series: [
    { name: "a", kind: "theory", x: [1, 2], y: [1, 4], group: "g" },
    { name: "a", kind: "simulation", x: [1, 2], y: [1.1, 3.9], yErr: [0.1, 0.2], group: "g" },
  ],
  markers: [{ name: "n*", x: 1.5 }],
};

test("validateFigure names the problem", () => {
  validateFigure(spec);
  assert.throws(() => validateFigure({ ...spec, series: [{ ...spec.series[0], y: [1] }] }), /x has 2 points but y has 1/);
  assert.throws(() => validateFigure({ ...spec, series: [{ ...spec.series[0], kind: "fit" as never }] }), /kind must be one of/);
  assert.throws(() => validateFigure({ ...spec, series: [{ ...spec.series[0], panel: 1 }] }), /panel 1 does not exist/);
  assert.throws(() => validateFigure({ ...spec, series: [{ ...spec.series[0], x: [1, Infinity] }] }), /x\[1\] is Infinity/);
  assert.throws(() => validateFigure({ ...spec, series: [] }), /no series/);
});

test("figureToCsv and toPlotly: one row per point, shared colour per group, log axes, error bars, markers", () => {
  const csv = figureToCsv(spec).trim().split("\n");
  assert.equal(csv.length, 5);
  assert.equal(csv[0], "panel,series,kind,group,x,y,y_err");
  assert.equal(csv[4], ",a,simulation,g,2,3.9,0.2");
  const p = toPlotly({ ...spec, paper: "p", mode: "quick", seed: 1, runtimeMs: 5, revision: "r" });
  assert.equal(p.data.filter((t) => t.showlegend === false).length, 2, "two data traces (the others are legend entries)");
  assert.equal((p.data[0].line as { color: string }).color, (p.data[1].line as { color: string }).color);
  assert.equal((p.layout.xaxis as { type: string }).type, "log");
  assert.deepEqual((p.data[1].error_y as { array: number[] }).array, [0.1, 0.2]);
  assert.equal((p.layout.shapes as unknown[]).length, 1);
  assert.equal((p.layout.shapes as { x0: number }[])[0].x0, 1.5, "plotly.js 4 shapes take data values on a log axis");
  assert.equal((p.layout.annotations as { x: number }[])[0].x, Math.log10(1.5), "annotations take log10 on a log axis");
});

test("plotlyHtml inlines plotly.js once per process and escapes </script>", () => {
  resetPlotlyBundle();
  const fig = { data: [{ x: [1], y: [1], name: "</script><b>" }], layout: {}, config: {} };
  const first = plotlyHtml(fig);
  const second = plotlyHtml(fig);
  assert.ok(first.length > 1_000_000 && second.length < 10_000);
  assert.ok(!second.includes("</script><b>"));
  assert.ok(!/<\/script/i.test(first.slice(first.indexOf(">") + 1, first.lastIndexOf("</script>", first.indexOf('class="lab-figure"')))));
});

test("tables: columns validated, HTML escaped, CSV quoted", () => {
  const rows = [{ a: 1, b: "x<y" }, { a: 0.000012345, b: 'q"q' }];
  assert.deepEqual(tableColumns(rows), ["a", "b"]);
  assert.match(rowsToHtml(rows), /x&lt;y/);
  assert.match(rowsToHtml(rows), /1\.234e-5/);
  assert.equal(rowsToCsv(rows), 'a,b\n1,x<y\n0.000012345,"q""q"\n');
  assert.throws(() => tableColumns([{ a: 1 }, { b: 2 }]), /row 1 has columns \[b\]/);
  assert.throws(() => tableColumns([]), /no rows/);
});

test("Notebook outside a kernel: saves figure JSON/CSV, checks.json, fails on a failed check", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-nb-"));
  const nb = new Notebook({ paper: "unit", title: "Unit", citation: "none" }, { LAB_REPORT_DIR: dir, LAB_SEED: "3" });
  assert.equal(nb.rng("a").uniform(), nb.rng("a").uniform());
  assert.notEqual(nb.rng("a").uniform(), nb.rng("b").uniform());
  const fig = await nb.figure("f1", () => spec);
  assert.equal(fig.seed, 3);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "figures/f1.json"), "utf8")).series, spec.series);
  assert.ok(fs.existsSync(path.join(dir, "figures/f1.csv")));
  await assert.rejects(nb.figure("f2", () => spec), /builder returned figure id "f1"/);
  await assert.rejects(nb.figure("f3", () => { throw new Error("boom"); }), /figure f3: boom/);
  nb.checkClose({ ...meta, measured: 1, expected: 1, rel: 0.01 });
  nb.checkTrue({ ...meta, id: "bad", measured: "no", expected: "yes", pass: false });
  assert.throws(() => nb.finish(), /1 check\(s\) failed: bad/);
  const checks = JSON.parse(fs.readFileSync(path.join(dir, "checks.json"), "utf8"));
  assert.equal(checks.checks.length, 2);
  const m = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
  assert.deepEqual([m.checks.claim, m.checks.passed, m.checks.failed], [{ passed: 1, total: 2 }, 1, 1]);
  assert.equal(checks.checks[0].kind, "claim");
  assert.equal(m.figures[0].id, "f1");
});

test("Notebook: an empty scorecard fails; a bad LAB_MODE is a one-line user error", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-nb-"));
  const nb = new Notebook({ paper: "unit", title: "Unit", citation: "none" }, { LAB_REPORT_DIR: dir });
  assert.throws(() => nb.finish(), /scorecard is empty/);
  try {
    new Notebook({ paper: "unit", title: "Unit", citation: "none" }, { LAB_REPORT_DIR: dir, LAB_MODE: "turbo" });
    assert.fail("should throw");
  } catch (e) {
    assert.equal((e as Error).stack, 'LabConfigError: LAB_MODE="turbo" is not a mode: use LAB_MODE=quick or LAB_MODE=full');
  }
});

test("static PNG: wanted only with a browser; LAB_PNG=off disables it; a missing LAB_CHROMIUM means no browser", async () => {
  const { findChromium, pngWanted } = staticPng;
  assert.equal(findChromium({ LAB_CHROMIUM: "/nonexistent/chromium" }), null);
  assert.equal(pngWanted(true, { LAB_CHROMIUM: "/nonexistent/chromium" }), false);
  assert.equal(pngWanted(true, { LAB_PNG: "off" }), false);
  assert.equal(pngWanted(false, { LAB_PNG: "auto" }), false);
});

test("Notebook.agree: records detectable bias and the compared points; fails without power; model error needs a reason", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-nb-"));
  const nb = new Notebook({ paper: "unit", title: "Unit", citation: "none" }, { LAB_REPORT_DIR: dir });
  const x = [1, 2, 3, 4, 5, 6, 7, 8];
  const th = x.map((v) => 10 / v);
  const ySeeds = [0, 1, 2, 3, 4, 5, 6, 7].map((s) => th.map((t, i) => t * (1 + 0.01 * Math.sin(3 * s + i))));
  const mean = th.map((_, i) => ySeeds.reduce((a, r) => a + r[i], 0) / 8);
  const se = th.map((_, i) => Math.sqrt(ySeeds.reduce((a, r) => a + (r[i] - mean[i]) ** 2, 0) / 7 / 8));
  const fig: FigureSpec = { figure: "a", title: "t", params: {}, axes: { x: { title: "x" }, y: { title: "y" } }, series: [
    { name: "theory", kind: "theory", x, y: th, group: "g" },
    { name: "sim", kind: "simulation", x, y: mean, yErr: se, ySeeds, group: "g" },
  ] };
  const m = { claim: "sim = theory", source: "Thm 1", tag: "D" as const };
  nb.agree(fig, { ...m, id: "ok" });
  assert.throws(() => nb.agree(fig, { ...m, id: "eps", modelError: 0.01 }), /needs a 'reason'/);
  const noisy = { ...fig, series: [fig.series[0], { ...fig.series[1], yErr: th.map((t) => 0.2 * t), ySeeds: undefined, seeds: 4 }] };
  nb.agree(noisy, { ...m, id: "weak" });
  assert.throws(() => nb.finish(), /1 check\(s\) failed: weak/);
  const checks = JSON.parse(fs.readFileSync(path.join(dir, "checks.json"), "utf8"));
  const ok = checks.checks.find((c: { id: string }) => c.id === "ok");
  assert.equal(ok.kind, "agreement");
  assert.ok(ok.agreement.detectableBias > 0 && ok.agreement.detectableBias < 0.05);
  assert.equal(ok.agreement.seeds, 8);
  const saved = JSON.parse(fs.readFileSync(path.join(dir, ok.agreement.data), "utf8"));
  assert.equal(saved.points.length, 8);
  assert.match(checks.headline, /agreement checks passed 1\/2/);
});

test("fromSeeds: mean, standard error and the per-seed rows of a simulated series", () => {
  assert.deepEqual(fromSeeds([[1, 2], [3, 4]]), { y: [2, 3], yErr: [1, 1], ySeeds: [[1, 2], [3, 4]] });
  assert.throws(() => fromSeeds([[1]]), /at least 2 seeds/);
  assert.throws(() => validateFigure({ ...spec, series: [{ ...spec.series[0], ySeeds: [[1]] }] }), /ySeeds\[0\] has 1 points/);
});
