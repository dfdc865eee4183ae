// The render test of the reports (tools/render-check.cjs) on small fixture reports: a good one passes; a console
// error, an uncaught error, an empty plot, a plot with no finite point, an empty panel of a figure with several and a
// saved figure missing from the page each fail their report; a thumbnail of the index that does not load fails the
// index; the contact sheet links every thumbnail to its figure. Without a Chromium it must say SKIPPED.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { findChromium } from "../../src/lab/static";

const root = path.resolve(__dirname, "..", "..");
const tool = path.join(root, "tools", "render-check.cjs");
const plotlyUrl = pathToFileURL(require.resolve("plotly.js-dist-min/plotly.min.js")).href;

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync("node", [tool, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", timeout: 180_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

type Trace = { x: (number | string | null)[]; y: (number | null)[]; type?: string; mode?: string; xaxis?: string; yaxis?: string };

/** A figure output as src/lab/notebook.ts writes it: anchor, plotly div, drawing script. */
function figureHtml(id: string, data: Trace[], extra: object = {}): string {
  const layout = { width: 500, height: 300, title: { text: `figure ${id}` }, ...extra };
  return `<div class="lab-figure-anchor" id="figure-${id}" data-figure="${id}"></div><div class="lab-figure" id="div-${id}"></div>` +
    `<script>Plotly.newPlot(document.getElementById("div-${id}"), ${JSON.stringify(data)}, ${JSON.stringify(layout)});</script>`;
}

function writeReport(dir: string, name: string, figures: string[], body: string): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, "report.html"), `<!doctype html><html><head><meta charset="utf-8"><script src="${plotlyUrl}"></script></head><body>${body}</body></html>`);
  fs.writeFileSync(path.join(dir, name, "meta.json"), JSON.stringify({ title: `fixture ${name}`, mode: "quick", seed: 1, figures: figures.map((id) => ({ id, title: `figure ${id}` })) }));
}

const line: Trace = { x: [1, 2, 3], y: [2, 1, 3], mode: "lines+markers" };

test("render check: without a Chromium it prints a loud SKIPPED line with the reason and passes nothing", () => {
  const r = run([fs.mkdtempSync(path.join(os.tmpdir(), "lab-render-"))], { LAB_CHROMIUM: "/nonexistent/chromium" });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /render test SKIPPED: LAB_CHROMIUM=\/nonexistent\/chromium does not exist/);
  assert.match(r.out, /^0 passed, 0 failed, 1 skipped$/m);
});

test("render check: a console error, a page error, empty plots and a missing figure fail; a good report passes; contact sheet", (t) => {
  if (findChromium() === null) {
    t.skip("SKIPPED: no Chromium installed (apt-get install chromium) — the render check itself is not tested here");
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-render-"));
  writeReport(dir, "good", ["a", "b", "c", "d"], figureHtml("a", [line]) + "<p>prose</p>" + figureHtml("b", [line, { x: [1, 2], y: [null, 4] }]) +
    figureHtml("c", [line, { ...line, xaxis: "x2", yaxis: "y2" }], { grid: { rows: 1, columns: 2, pattern: "independent" } }) +
    figureHtml("d", [{ type: "bar", x: ["greedy", "best of K"], y: [0.2, 0.7] }]));
  writeReport(dir, "noisy", ["a"], figureHtml("a", [line]) + `<script>console.error("boom from the page")</script>`);
  writeReport(dir, "thrower", ["a"], figureHtml("a", [line]) + `<script>throw new Error("kaboom")</script>`);
  writeReport(dir, "empty", ["a", "b"], figureHtml("a", []) + figureHtml("b", [{ x: [1, 2], y: [null, null] }]));
  writeReport(dir, "missing", ["a", "b"], figureHtml("a", [line]));
  const grid = { grid: { rows: 1, columns: 2, pattern: "independent" } };
  writeReport(dir, "panel", ["a"], figureHtml("a", [line, { x: [1, 2], y: [null, null], xaxis: "x2", yaxis: "y2" }], grid));
  fs.writeFileSync(path.join(dir, "index.html"), `<html><body><a href="good/report.html#figure-a"><img src="good/missing.png"></a><a href="nosuch/report.html">x</a><a href="#top">top</a></body></html>`);
  fs.mkdirSync(path.join(dir, ".failed", "old"), { recursive: true });
  fs.writeFileSync(path.join(dir, ".failed", "old", "report.html"), "<script>console.error('not a report')</script>");

  const r = run([dir]);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /^ok +good +\(4 figures/m);
  assert.match(r.out, /^FAILED +panel[^\n]*\n +figure a: empty panel\(s\) x2y2 of 2: nothing drawn there$/m);
  assert.match(r.out, /^FAILED +noisy[^\n]*\n +console error: boom from the page$/m);
  assert.match(r.out, /^FAILED +thrower[^\n]*\n +page error: kaboom$/m);
  assert.match(r.out, /^FAILED +empty[^\n]*\n +figure a: empty plot: no traces\n +figure b: empty plot: none of its 1 traces has a finite point$/m);
  assert.match(r.out, /^FAILED +missing[^\n]*\n +figure b: saved \(figures\/b\.json\) but not in the report$/m);
  const indexBlock = r.out.slice(r.out.indexOf("FAILED  index.html"));
  assert.match(indexBlock, /^FAILED +index\.html +\(1 thumbnails, 3 links\)\n/);
  assert.match(indexBlock, /^ +thumbnail does not load: good\/missing\.png$/m);
  assert.match(indexBlock, /^ +link does not resolve: nosuch\/report\.html$/m);
  assert.doesNotMatch(r.out, /not a report|old/);
  assert.match(r.out, /^1 passed, 6 failed$/m);

  const sheet = fs.readFileSync(path.join(dir, "contact-sheet.html"), "utf8");
  assert.match(sheet, /href="good\/report\.html#figure-a"/);
  assert.match(sheet, /href="good\/report\.html#figure-b"/);
  assert.match(sheet, /<div class="card bad">[\s\S]*?empty plot: no traces/);
  const thumbs = fs.readdirSync(path.join(dir, "contact-sheet"));
  assert.ok(thumbs.includes("good--a.jpg") && thumbs.includes("good--b.jpg"), thumbs.join(", "));
  for (const m of sheet.matchAll(/src="(contact-sheet\/[^"]+)"/g)) assert.ok(fs.existsSync(path.join(dir, m[1])), m[1]);
  const png = fs.readFileSync(path.join(dir, "contact-sheet.png"));
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
});
