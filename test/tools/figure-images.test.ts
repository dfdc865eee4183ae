// End to end on the real kernel and runner: a notebook's figures get SVG/PNG files next to their JSON and an anchor in
// report.html; with no browser the report says why in one line and the run still passes; the index shows the gallery,
// and the render test passes on the real reports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findChromium } from "../../src/lab/static";

const root = path.resolve(__dirname, "..", "..");

/** Two figures: the first with a browser, the second after pointing LAB_CHROMIUM at nothing. */
function notebook(slug: string): string {
  const cell = (id: string, source: string) => ({ cell_type: "code", id, metadata: {}, source, outputs: [], execution_count: null });
  const fig = (id: string) =>
    `await nb.figure("${id}", () => ({ figure: "${id}", title: "figure ${id}", params: {}, axes: { x: { title: "n" }, y: { title: "error" } }, ` +
    `series: [{ name: "theory", kind: "theory", x: [1, 2, 3], y: [3, 2, 1] }, { name: "sim", kind: "simulation", x: [1, 2, 3], y: [3.1, 1.9, 1.05], yErr: [0.1, 0.1, 0.05] }] }));`;
  return JSON.stringify({
    cells: [
      cell("c1", `import { openNotebook } from "./src/lab/index";\nconst nb = openNotebook({ paper: "${slug}", title: "Images ${slug}", citation: "test" });`),
      cell("c2", fig("fa")),
      cell("c3", `process.env.LAB_CHROMIUM = "/nonexistent/chromium";\n${fig("fb")}`),
      cell("c4", fig("fc")),
      cell("c5", `nb.checkTrue({ id: "runs", kind: "implementation", claim: "runs", source: "test", tag: "D", measured: "yes", expected: "yes", pass: true });\nnb.finish();`),
    ],
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript (tslab, collapse-lab)", language: "typescript" } },
    nbformat: 4, nbformat_minor: 5,
  });
}

test("figure images end to end: SVG/PNG files and anchors with a browser; one reason line without; gallery; render test", (t) => {
  if (findChromium() === null) {
    t.skip("SKIPPED: no Chromium installed (apt-get install chromium) — figure images are not tested end to end");
    return;
  }
  // The kernel finds tslab above the notebook folder: the notebook goes in the checkout's (ignored) .cache/.
  fs.mkdirSync(path.join(root, ".cache"), { recursive: true });
  const nbs = fs.mkdtempSync(path.join(root, ".cache", "test-notebooks-"));
  t.after(() => fs.rmSync(nbs, { recursive: true, force: true }));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lab-images-")), "reports");
  fs.symlinkSync(path.join(root, "src"), path.join(nbs, "src"));
  fs.writeFileSync(path.join(nbs, "images.ipynb"), notebook("images"));
  const r = spawnSync("node", [path.join(root, "tools", "lab.cjs"), "run", "--out", out], {
    cwd: root, env: { ...process.env, LAB_NOTEBOOKS_DIR: nbs, LAB_CACHE: "off" }, encoding: "utf8", timeout: 300_000,
  });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);

  const dir = path.join(out, "images");
  assert.match(fs.readFileSync(path.join(dir, "figures", "fa.svg"), "utf8"), /^<svg[\s\S]*figure fa[\s\S]*<\/svg>$/);
  assert.deepEqual([...fs.readFileSync(path.join(dir, "figures", "fa.png")).subarray(1, 4)], [0x50, 0x4e, 0x47]);
  assert.deepEqual(fs.readdirSync(path.join(dir, "figures")).filter((f) => /^f[bc]\./.test(f)).sort(), ["fb.csv", "fb.json", "fc.csv", "fc.json"]);
  const report = fs.readFileSync(path.join(dir, "report.html"), "utf8");
  const has = (re: RegExp) => assert.ok(re.test(report), `report.html lacks ${re}`);
  // (nbconvert writes attributes in alphabetical order)
  for (const id of ["fa", "fb", "fc"]) has(new RegExp(`<div class="lab-figure-anchor" data-figure="${id}" id="figure-${id}">`));
  has(/<a download="" href="figures\/fa\.svg">|<a href="figures\/fa\.svg" download/);
  const notice = /Static figure images \(figures\/&lt;id&gt;\.svg, \.png\) not written: LAB_CHROMIUM=\/nonexistent\/chromium does not exist/g;
  assert.equal((report.match(notice) ?? []).length, 1, "one notice line for the two figures without images");
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8")).staticImages, { written: false, reason: "LAB_CHROMIUM=/nonexistent/chromium does not exist" });

  const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
  assert.match(index, /href='images\/report\.html#figure-fa'[^>]*><img src='images\/figures\/fa\.png'/);
  assert.match(index, /href='images\/report\.html#figure-fb'[^>]*><div class='noimg'>/);
  assert.match(index, /No image for 2 of 3 figures: LAB_CHROMIUM=\/nonexistent\/chromium does not exist/);

  const rc = spawnSync("node", [path.join(root, "tools", "render-check.cjs"), out], { cwd: root, encoding: "utf8", timeout: 180_000 });
  assert.equal(rc.status, 0, rc.stdout + rc.stderr);
  assert.match(rc.stdout, /^ok +images +\(3 figures/m);
  assert.match(rc.stdout, /^ok +index\.html +\(1 thumbnails/m);
  assert.match(rc.stdout, /^2 passed, 0 failed$/m);
});
