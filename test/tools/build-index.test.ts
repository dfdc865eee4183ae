// The front page (tools/build_index.py) on a fixture reports folder: a gallery card per figure linking to the figure's
// anchor in its report, thumbnails where the PNG exists and a stated reason where it does not, scorecards coloured by
// result, failed and unrun papers marked, and only relative links that resolve.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

function write(file: string, content: string | object): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
}

function build(out: string, notebooks: string): string {
  const code = `import sys; sys.path.insert(0, ${JSON.stringify(path.join(root, "tools"))}); import build_index; build_index.build(${JSON.stringify(out)}, ${JSON.stringify(notebooks)})`;
  const r = spawnSync("python3", ["-c", code], { encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return fs.readFileSync(path.join(out, "index.html"), "utf8");
}

const summary = (claims: [number, number], agreement: [number, number]) => ({
  claim: { passed: claims[0], total: claims[1] },
  agreement: { passed: agreement[0], total: agreement[1], detectableBias: { min: 0.012, max: 0.064 } },
  implementation: { passed: 2, total: 2 }, unset: 0, passed: claims[0] + agreement[0] + 2, failed: claims[1] - claims[0] + agreement[1] - agreement[0],
});

test("index: figure gallery with anchors and thumbnails, reasons for missing images, scorecards, statuses; relative links only", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lab-index-"));
  const out = path.join(tmp, "reports"), notebooks = path.join(tmp, "notebooks");
  for (const n of ["paperx", "papery", "paperz"]) write(path.join(notebooks, `${n}.ipynb`), "{}");
  const fig = (id: string, extra: object = {}) => ({ id, title: `Title ${id}`, runtimeMs: 1200, cached: false, json: `figures/${id}.json`, csv: `figures/${id}.csv`, kinds: ["theory", "simulation"], notes: [], ...extra });
  write(path.join(out, "paperx", "meta.json"), {
    title: "Paper X", citation: "X et al. 2025", mode: "quick", seed: 1, revision: "abc", environment: {},
    figures: [fig("f1", { anchor: "figure-f1", png: "figures/f1.png", svg: "figures/f1.svg" }), fig("f2", { anchor: "figure-f2" })],
    staticImages: { written: false, reason: "no Chromium found (looked for /usr/bin/chromium)" },
  });
  write(path.join(out, "paperx", "checks.json"), { mode: "quick", seed: 1, summary: summary([3, 3], [1, 2]), headline: "h", checks: [] });
  for (const f of ["report.html", "paperx.ipynb", "figures/f1.png", "figures/f1.svg", "figures/f1.json", "figures/f1.csv", "figures/f2.json", "figures/f2.csv"]) write(path.join(out, "paperx", f), "x");
  // papery: a report from before figure anchors and images; its last run failed
  write(path.join(out, "papery", "meta.json"), { title: "Paper Y", citation: "Y 2024", mode: "quick", seed: 1, environment: {}, figures: [fig("g1")] });
  for (const f of ["report.html", "papery.ipynb", "figures/g1.json", "figures/g1.csv"]) write(path.join(out, "papery", f), "x");
  write(path.join(out, "runs.json"), { papery: { status: "failed", mode: "quick", seed: 1, at: "now", message: "cell error", cell: 3 } });

  let html = build(out, notebooks);
  assert.match(html, /<a class='fig' href='paperx\/report\.html#figure-f1'[^>]*><img src='paperx\/figures\/f1\.png' loading='lazy'/);
  assert.match(html, /<a class='fig' href='paperx\/report\.html#figure-f2'[^>]*><div class='noimg'>/);
  assert.match(html, /No image for 1 of 2 figures: no Chromium found \(looked for \/usr\/bin\/chromium\)/);
  assert.match(html, /<a href='paperx\/figures\/f1\.svg'>svg<\/a> · <a href='paperx\/figures\/f1\.png'>png<\/a>/);
  assert.match(html, /<span class='score pass'>claims 3\/3<\/span><span class='score bad'>agreement 1\/2 · detects ≥ 1\.2%–6\.4%<\/span><span class='score impl'>impl\. 2\/2<\/span>/);
  assert.match(html, /<a class='fig' href='papery\/report\.html'[^>]*><div class='noimg'>/);
  assert.match(html, /No image for 1 of 1 figures: this report was made before figure images were written/);
  assert.match(html, /FAILED in the last run — showing the previous good report/);
  assert.match(html, /<section id='paperz'><h2>paperz<\/h2>[\s\S]*?not run yet/);
  assert.doesNotMatch(html, /contact-sheet\.html/);
  assert.doesNotMatch(html, /<script/);

  // Every link and image is relative and resolves (in-page anchors aside).
  const refs = [...html.matchAll(/(?:href|src)='([^']+)'/g)].map((m) => m[1]);
  assert.ok(refs.length > 10);
  for (const r of refs) {
    assert.doesNotMatch(r, /^(?:[a-z]+:|\/)/, `not relative: ${r}`);
    if (r.startsWith("#")) continue;
    assert.ok(fs.existsSync(path.join(out, r.split("#")[0])), `does not resolve: ${r}`);
  }

  write(path.join(out, "contact-sheet.html"), "<html></html>");
  html = build(out, notebooks);
  assert.match(html, /<a href='contact-sheet\.html'>contact sheet<\/a>/);
});
