// Static figure images (src/lab/static.ts): the reasons given when none can be made, data-URI decoding, and — where a
// Chromium is installed — a real render whose PNG has the requested pixel size and whose SVG is a plotly document.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { closeBrowser, findChromium, PNG_FILE_SCALE, pngFromDataUri, renderFigureImages, staticImagesUnavailable, svgFromDataUri } from "../../src/lab/static";
import { Notebook } from "../../src/lab/notebook";
import { toPlotly } from "../../src/lab/plotly";
import type { FigureData, FigureSpec } from "../../src/lab/figure";

test("static images: each reason for not rendering names what to change", () => {
  assert.equal(staticImagesUnavailable(true, { LAB_PNG: "off" }), "turned off by LAB_PNG=off");
  assert.equal(staticImagesUnavailable(true, { LAB_CHROMIUM: "/nonexistent/chromium" }), "LAB_CHROMIUM=/nonexistent/chromium does not exist");
  if (findChromium({}) !== null) {
    assert.match(staticImagesUnavailable(false, {}) ?? "", /outside a Jupyter kernel .*LAB_PNG=on/);
    assert.equal(staticImagesUnavailable(false, { LAB_PNG: "on" }), null);
    assert.equal(staticImagesUnavailable(true, {}), null);
  } else {
    assert.match(staticImagesUnavailable(true, {}) ?? "", /no Chromium found .*apt-get install chromium/);
  }
});

test("static images: data URIs as plotly.js writes them decode to SVG text and PNG bytes; other input is a RangeError", () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"><text>a & "b" — ü</text></svg>`;
  assert.equal(svgFromDataUri(`data:image/svg+xml,${encodeURIComponent(svg)}`), svg);
  assert.equal(svgFromDataUri(`data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`), svg);
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
  assert.deepEqual(pngFromDataUri(`data:image/png;base64,${bytes.toString("base64")}`), bytes);
  assert.throws(() => svgFromDataUri("data:image/png;base64,AAAA"), RangeError);
  assert.throws(() => pngFromDataUri("data:image/svg+xml,%3Csvg"), RangeError);
});

test("static images: without a browser the renderer returns the reason instead of throwing", async () => {
  const r = await renderFigureImages(toPlotly(figure()), { LAB_CHROMIUM: "/nonexistent/chromium" });
  assert.ok("reason" in r && /does not exist/.test(r.reason));
});

test("Notebook.figure outside a kernel writes no images and records why in meta.json", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-static-"));
  const nb = new Notebook({ paper: "unit", title: "Unit", citation: "none" }, { LAB_REPORT_DIR: dir });
  await nb.figure("f1", () => spec());
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
  assert.equal(meta.figures[0].anchor, "figure-f1");
  assert.equal(meta.staticImages.written, false);
  assert.ok(typeof meta.staticImages.reason === "string" && meta.staticImages.reason.length > 10);
  assert.ok(!fs.existsSync(path.join(dir, "figures", "f1.svg")) && !fs.existsSync(path.join(dir, "figures", "f1.png")));
});

function spec(): FigureSpec {
  return {
    figure: "f1", title: "static test", params: {}, axes: { x: { title: "n", log: true }, y: { title: "error" } },
    series: [
      { name: "theory", kind: "theory", x: [1, 10, 100], y: [1, 0.5, 0.2] },
      { name: "sim", kind: "simulation", x: [1, 10, 100], y: [1.1, 0.45, 0.21], yErr: [0.05, 0.05, 0.02] },
    ],
  };
}

function figure(): FigureData {
  return { ...spec(), paper: "unit", mode: "quick", seed: 1, runtimeMs: 1, revision: "test" };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(b: Buffer): [number, number] {
  assert.deepEqual([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

test("static images through Chromium: PNG file at twice the layout size, fallback at the layout size, SVG with the traces", async (t) => {
  if (findChromium() === null) {
    t.skip("SKIPPED: no Chromium installed (apt-get install chromium) — the real render is not tested here");
    return;
  }
  const plot = toPlotly(figure());
  const r = await renderFigureImages(plot);
  await closeBrowser();
  assert.ok("images" in r, "reason" in r ? r.reason : "");
  const w = Number(plot.layout.width), h = Number(plot.layout.height);
  assert.deepEqual(pngSize(r.images.png), [PNG_FILE_SCALE * w, PNG_FILE_SCALE * h]);
  assert.deepEqual(pngSize(pngFromDataUri(r.images.pngDataUri)), [w, h]);
  assert.match(r.images.svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(r.images.svg, /static test/);
  // the theory line and the simulation's markers are drawn (the lab's plotly layer may add traces of its own)
  assert.ok((r.images.svg.match(/class="trace scatter/g) ?? []).length >= 2);
  assert.match(r.images.svg, /class="js-line"[^>]*d="M[^"]+"/);
  assert.match(r.images.svg, /class="point"/);
});
