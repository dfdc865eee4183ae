#!/usr/bin/env node
// Render test of the reports: opens every reports/<name>/report.html in headless Chromium (Debian's `chromium` through
// playwright-core, from file://, no network), and fails a report on
//   * a console error or an uncaught page error,
//   * a figure of its meta.json missing from the page,
//   * a figure that plotly did not draw, or drew empty (no trace with a finite point, or no mark on screen).
// It also checks reports/index.html (no console error; every thumbnail loads; every link is relative and resolves,
// links into ../results aside) when the whole folder is checked, and writes a contact sheet of every figure as it rendered: <reports>/contact-sheet.html (thumbnails in
// <reports>/contact-sheet/) and a picture of it, <reports>/contact-sheet.png.
// Without a Chromium it prints a loud "render test SKIPPED: <reason>" line and exits 0.
//
// Usage: node tools/render-check.cjs [REPORTS_DIR=reports] [NAME ...] [--no-sheet] [--jobs N]   (RENDER_DEBUG=1: load times)
// Prints one line per report and ends with "N passed, N failed" (one test per report); exit 1 when one failed.
"use strict";
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

const root = path.resolve(__dirname, "..");
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
const DRAW_TIMEOUT_MS = 30_000;
const THUMB_WIDTH = 300;
// Thumbnails are rasterized at half the CSS pixel size (about 380 px wide for a 760 px figure) and saved as JPEG: a
// quarter of the pixels of a full-size capture, which keeps the whole test within about a minute.
const THUMB_SCALE = 0.5;

/** The Chromium to use, or the reason there is none (same rules as src/lab/static.ts). */
function chromium(env = process.env) {
  if (env.LAB_CHROMIUM) return fs.existsSync(env.LAB_CHROMIUM) ? { exe: env.LAB_CHROMIUM } : { reason: `LAB_CHROMIUM=${env.LAB_CHROMIUM} does not exist` };
  const exe = CANDIDATES.find((p) => fs.existsSync(p));
  if (!exe) return { reason: `no Chromium found (looked for ${CANDIDATES.join(", ")}); install Debian's chromium package (tools/setup.sh does it as root) or set LAB_CHROMIUM` };
  try {
    require.resolve("playwright-core", { paths: [root] });
  } catch {
    return { reason: "the npm package playwright-core is not installed (npm ci)" };
  }
  return { exe };
}

function parseArgs(argv) {
  const o = { dir: null, names: [], sheet: true, jobs: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--no-sheet") o.sheet = false;
    else if (a === "--jobs") o.jobs = Math.max(1, parseInt(argv[++i], 10) || 1);
    else if (a.startsWith("--")) throw new Error(`unknown option ${a} (usage: render-check.cjs [REPORTS_DIR] [NAME ...] [--no-sheet] [--jobs N])`);
    else if (o.dir === null) o.dir = a;
    else o.names.push(a);
  }
  o.dir = path.resolve(o.dir ?? path.join(root, "reports"));
  return o;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** Report folders: <dir>/<name>/report.html, not the runner's .staging/.failed nor JupyterLab's interactive/. */
function reportsIn(dir, names) {
  if (!fs.existsSync(dir)) return [];
  const all = fs.readdirSync(dir).filter((n) => !n.startsWith(".") && n !== "interactive" && n !== "contact-sheet" && fs.existsSync(path.join(dir, n, "report.html"))).sort();
  return names.length ? all.filter((n) => names.includes(n)) : all;
}

/** Runs in the page: every plotly figure of the report, with what was drawn. */
function inspectFigures() {
  const out = [];
  document.querySelectorAll(".lab-figure").forEach((el, i) => {
    // The figure's anchor precedes it in the same output (with plotly.js's <script> between them in the first one).
    let prev = el.previousElementSibling;
    while (prev && !prev.classList.contains("lab-figure-anchor") && !prev.classList.contains("lab-figure")) prev = prev.previousElementSibling;
    if (prev && !prev.classList.contains("lab-figure-anchor")) prev = null;
    const anchor = prev ? prev.id : null;
    const figure = prev ? prev.getAttribute("data-figure") : null;
    const r = el.getBoundingClientRect();
    const data = Array.isArray(el.data) ? el.data : [];
    // A coordinate is there when it is a finite number or a category / date (a non-empty string); a point needs both.
    const present = (v) => (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && v.trim() !== "");
    const pointsOf = (t) => (Array.isArray(t.y) ? t.y.filter((y, k) => present(y) && (!Array.isArray(t.x) || present(t.x[k]))).length : 0);
    const tracesWithPoints = data.filter((t) => pointsOf(t) > 0).length;
    // Marks on screen: drawn paths (lines, markers, bars, error bars) and images (heatmaps), per subplot.
    const drawnIn = (root) => [...root.querySelectorAll(".overplot path, .overplot image")].filter((n) => n.tagName === "image" || (n.getAttribute("d") || "").length > 2).length;
    const subplots = [...el.querySelectorAll(".cartesianlayer .subplot")].map((sp) => ({ name: [...sp.classList].filter((c) => c !== "subplot").join(" "), marks: drawnIn(sp) }));
    const marks = subplots.reduce((a, sp) => a + sp.marks, 0);
    const emptyPanels = subplots.length > 1 ? subplots.filter((sp) => sp.marks === 0).map((sp) => sp.name) : [];
    out.push({
      index: i, anchor, figure, drawn: el.classList.contains("js-plotly-plot"), svgs: el.querySelectorAll(".main-svg").length,
      width: Math.round(r.width), height: Math.round(r.height), traces: data.length, tracesWithPoints, marks, emptyPanels, panels: subplots.length,
      title: (el.layout && el.layout.title && el.layout.title.text) || "",
    });
  });
  return out;
}

/** What is wrong with one figure as drawn, or null. */
function problemOf(f) {
  if (!f.drawn || f.svgs === 0) return "not drawn by plotly";
  if (f.width < 50 || f.height < 50) return `drawn ${f.width}×${f.height} px`;
  if (f.traces === 0) return "empty plot: no traces";
  if (f.tracesWithPoints === 0) return `empty plot: none of its ${f.traces} traces has a finite point`;
  if (f.marks === 0) return "empty plot: no line, marker or bar on screen";
  if (f.emptyPanels.length) return `empty panel(s) ${f.emptyPanels.join(", ")} of ${f.panels}: nothing drawn there`;
  return null;
}

async function checkReport(browser, dir, name, sheetDir) {
  const t0 = Date.now();
  const file = path.join(dir, name, "report.html");
  const meta = readJson(path.join(dir, name, "meta.json"));
  const expected = meta && Array.isArray(meta.figures) ? meta.figures : null;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: THUMB_SCALE });
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console error: ${m.text().split("\n")[0].slice(0, 300)}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${String(e.message || e).split("\n")[0].slice(0, 300)}`));
  // No network: a report must be self-contained; any request off file:// is refused and reported.
  await page.route(/^(?!file:|data:|blob:|about:)/, (route) => {
    errors.push(`network request from an offline report: ${route.request().url().slice(0, 200)}`);
    return route.abort();
  });
  const problems = [];
  let figures = [];
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 60_000 });
    await page
      .waitForFunction(() => [...document.querySelectorAll(".lab-figure")].every((el) => el.classList.contains("js-plotly-plot")), null, { timeout: DRAW_TIMEOUT_MS })
      .catch(() => problems.push(`not every figure was drawn within ${DRAW_TIMEOUT_MS / 1000} s`));
    figures = await page.evaluate(inspectFigures);
    if (process.env.RENDER_DEBUG) console.log(`  ${name}: loaded and drawn in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    problems.push(`could not load: ${String(e.message || e).split("\n")[0]}`);
  }
  // Each figure the notebook saved must be on the page (figures are matched by their anchor when the report has them).
  const found = new Set(figures.map((f) => f.figure).filter(Boolean));
  if (expected) {
    if (found.size) {
      for (const f of expected) if (!found.has(f.id)) problems.push(`figure ${f.id}: saved (figures/${f.id}.json) but not in the report`);
    } else if (figures.length < expected.length) {
      problems.push(`${expected.length} figures saved but ${figures.length} in the report`);
    }
  }
  const shots = [];
  for (const f of figures) {
    const label = f.figure ?? `#${f.index + 1}`;
    const problem = problemOf(f);
    if (problem) problems.push(`figure ${label}: ${problem}`);
    let thumb = null;
    if (sheetDir && f.drawn && f.width > 0 && f.height > 0) {
      thumb = `${name}--${String(f.figure ?? `figure${String(f.index + 1).padStart(2, "0")}`).replace(/[^A-Za-z0-9_.-]/g, "_")}.jpg`;
      try {
        const el = (await page.$$(".lab-figure"))[f.index];
        await el.scrollIntoViewIfNeeded();
        await el.screenshot({ path: path.join(sheetDir, thumb), type: "jpeg", quality: 80, timeout: 10_000 });
      } catch (e) {
        thumb = null;
      }
    }
    const rec = expected && f.figure ? expected.find((x) => x.id === f.figure) : null;
    shots.push({ label, anchor: f.anchor, title: (rec && rec.title) || f.title, problem, thumb, marks: f.marks, traces: f.traces });
  }
  await page.close();
  problems.push(...errors);
  return { name, title: meta ? meta.title : name, mode: meta && meta.mode, seed: meta && meta.seed, figures: shots, problems, seconds: (Date.now() - t0) / 1000 };
}

/** The front page: no console error, and every thumbnail and link of it resolves (lazy images are loaded explicitly). */
async function checkIndex(browser, dir) {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text().split("\n")[0].slice(0, 300)}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${String(e.message || e).split("\n")[0].slice(0, 300)}`));
  await page.goto(pathToFileURL(path.join(dir, "index.html")).href, { waitUntil: "load", timeout: 60_000 });
  const refs = await page.evaluate(() => ({
    images: [...document.images].map((i) => i.getAttribute("src")),
    links: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
  }));
  const broken = await page.evaluate((srcs) => Promise.all(srcs.map((src) => new Promise((done) => {
    const img = new Image();
    img.onload = () => done(img.naturalWidth > 0 ? null : src);
    img.onerror = () => done(src);
    img.src = src;
  }))), refs.images);
  for (const b of broken) if (b) problems.push(`thumbnail does not load: ${b}`);
  for (const href of refs.links) {
    if (/^[a-z]+:/i.test(href) || href.startsWith("/")) problems.push(`link is not relative: ${href}`);
    else if (!href.startsWith("#") && !href.startsWith("../") && !fs.existsSync(path.join(dir, decodeURIComponent(href.split("#")[0])))) problems.push(`link does not resolve: ${href}`);
  }
  await page.close();
  return { images: refs.images.length, links: refs.links.length, problems };
}

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function contactSheetHtml(results, stamp) {
  const css = `body{font-family:system-ui,sans-serif;margin:16px;color:#222;background:#fff} h1{font-size:20px;margin:0 0 4px} .sub{color:#555;font-size:13px;margin:0 0 12px}
h2{font-size:15px;margin:14px 0 6px;border-bottom:1px solid #ddd} .grid{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start}
.card{width:${THUMB_WIDTH}px;border:1px solid #ccc;border-radius:4px;padding:4px;font-size:11px;background:#fafafa} .card.bad{border:3px solid #c00;background:#fee}
.card img{width:100%;display:block;background:#fff} .cap{margin-top:3px;line-height:1.25} .id{font-weight:bold} .prob{color:#c00;font-weight:bold}
.fail{color:#c00;font-weight:bold} .ok{color:#070;font-weight:bold} a{color:inherit;text-decoration:none}`;
  const nFig = results.reduce((a, r) => a + r.figures.length, 0);
  const nBad = results.filter((r) => r.problems.length).length;
  const parts = [`<!doctype html><html><head><meta charset="utf-8"><title>collapse-lab contact sheet</title><style>${css}</style></head><body>`,
    `<h1>collapse-lab — every figure as rendered in its report</h1>`,
    `<p class="sub">${results.length} reports, ${nFig} figures, rendered in headless Chromium ${esc(stamp)}. ${nBad ? `<span class="fail">${nBad} report(s) with problems (red)</span>` : `<span class="ok">no problems found</span>`}. Each thumbnail links to the figure in its report.</p>`];
  for (const r of results) {
    parts.push(`<h2><a href="${esc(r.name)}/report.html">${esc(r.name)}</a> — ${esc(r.title)} <span style="font-weight:normal;color:#555">(${esc(r.mode ?? "?")} mode, seed ${esc(r.seed ?? "?")})</span> ${r.problems.length ? `<span class="fail">${r.problems.length} problem(s)</span>` : ""}</h2>`);
    const general = r.problems.filter((p) => !r.figures.some((f) => f.problem && p === `figure ${f.label}: ${f.problem}`));
    if (general.length) parts.push(`<ul class="prob">${general.slice(0, 10).map((p) => `<li>${esc(p)}</li>`).join("")}</ul>`);
    parts.push(`<div class="grid">`);
    for (const f of r.figures) {
      const href = `${esc(r.name)}/report.html${f.anchor ? `#${esc(f.anchor)}` : ""}`;
      const img = f.thumb ? `<img src="contact-sheet/${esc(f.thumb)}" alt="${esc(f.label)}">` : `<div style="height:120px;display:flex;align-items:center;justify-content:center;color:#c00">no image</div>`;
      parts.push(`<div class="card${f.problem ? " bad" : ""}"><a href="${href}">${img}<div class="cap"><span class="id">${esc(f.label)}</span> ${esc(f.title)}` +
        `${f.problem ? `<div class="prob">${esc(f.problem)}</div>` : ""}</div></a></div>`);
    }
    parts.push(`</div>`);
  }
  parts.push(`</body></html>`);
  return parts.join("\n");
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`error: ${e.message}`);
    process.exit(2);
  }
  const c = chromium();
  if (!c.exe) {
    console.log(`!!! render test SKIPPED: ${c.reason} — no report was opened in a browser`);
    console.log("0 passed, 0 failed, 1 skipped");
    return 0;
  }
  const names = reportsIn(opts.dir, opts.names);
  if (!names.length) {
    console.log(`render test FAILED: no reports (<name>/report.html) in ${opts.dir}${opts.names.length ? ` named ${opts.names.join(", ")}` : ""}`);
    console.log("0 passed, 1 failed");
    return 1;
  }
  const t0 = Date.now();
  const sheetDir = opts.sheet ? path.join(opts.dir, "contact-sheet") : null;
  if (sheetDir) {
    fs.rmSync(sheetDir, { recursive: true, force: true });
    fs.mkdirSync(sheetDir, { recursive: true });
  }
  const { chromium: pw } = require(require.resolve("playwright-core", { paths: [root] }));
  const browser = await pw.launch({ executablePath: c.exe, args: ARGS });
  const results = new Array(names.length);
  let next = 0, passed = 0, failed = 0;
  async function worker() {
    while (next < names.length) {
      const i = next++;
      const r = await checkReport(browser, opts.dir, names[i], sheetDir);
      results[i] = r;
      const head = `${r.problems.length ? "FAILED " : "ok     "} ${r.name}  (${r.figures.length} figures, ${r.seconds.toFixed(1)} s)`;
      console.log([head, ...r.problems.map((p) => `  ${p}`)].join("\n"));
      if (r.problems.length) failed++;
      else passed++;
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(opts.jobs, names.length) }, worker));
    if (fs.existsSync(path.join(opts.dir, "index.html")) && !opts.names.length) {
      const ix = await checkIndex(browser, opts.dir);
      console.log([`${ix.problems.length ? "FAILED " : "ok     "} index.html  (${ix.images} thumbnails, ${ix.links} links)`, ...ix.problems.slice(0, 20).map((p) => `  ${p}`)].join("\n"));
      if (ix.problems.length) failed++;
      else passed++;
    }
    if (sheetDir) {
      const html = path.join(opts.dir, "contact-sheet.html");
      fs.writeFileSync(html, contactSheetHtml(results, new Date().toISOString().slice(0, 19).replace("T", " ") + " UTC"));
      const page = await browser.newPage({ viewport: { width: 4 * (THUMB_WIDTH + 20) + 40, height: 800 }, deviceScaleFactor: 1 });
      await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
      await page.screenshot({ path: path.join(opts.dir, "contact-sheet.png"), fullPage: true });
      await page.close();
      console.log(`contact sheet: ${html} (and contact-sheet.png)`);
    }
  } finally {
    await browser.close();
  }
  console.log(`render test: ${names.length} reports, ${results.reduce((a, r) => a + r.figures.length, 0)} figures in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.log(`render test FAILED: ${String(e && e.stack || e).split("\n").slice(0, 3).join(" | ")}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
