#!/usr/bin/env node
// The sources one notebook depends on: its code cells and every file of src/ reachable from its imports (relative
// imports followed transitively), with one hash over them. A published full-mode result is stale when this hash
// differs from the one recorded with it. Drawing-only modules (DRAWING) are followed but not hashed: they turn figure
// data into plotly figures, HTML and images and never change a number of a result.
// Usage: node tools/paper-sources.cjs <slug> [--files]   prints {"paper", "hash", "files": n} (or the file list)
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

const ROOT = path.resolve(__dirname, "..");
const IMPORT = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g;

const DRAWING = new Set(["src/lab/plotly.ts", "src/lab/static.ts", "src/lab/display.ts", "src/lab/progress.ts", "src/lab/diagram.ts"]);

function resolveModule(fromDir, spec) {
  if (!spec.startsWith(".")) return null; // a package: versioned by package-lock.json
  const base = path.resolve(fromDir, spec);
  for (const cand of [base, `${base}.ts`, `${base}.cts`, path.join(base, "index.ts")]) {
    if (fs.existsSync(cand) && fs.statSync(cand).isFile()) return fs.realpathSync(cand);
  }
  return null;
}

function importsOf(text) {
  const out = [];
  for (const m of text.matchAll(IMPORT)) out.push(m[1] || m[2] || m[3]);
  return out;
}

/** Code of a notebook's cells (outputs and metadata do not change a result). */
function notebookCode(file) {
  const nb = JSON.parse(fs.readFileSync(file, "utf8"));
  return nb.cells.map((c) => `${c.cell_type}\n${Array.isArray(c.source) ? c.source.join("") : c.source}`).join("\n\0\n");
}

function paperSources(slug, root = ROOT) {
  const nbFile = path.join(root, "notebooks", `${slug}.ipynb`);
  if (!fs.existsSync(nbFile)) throw new Error(`no notebook notebooks/${slug}.ipynb`);
  const code = notebookCode(nbFile);
  const seen = new Set();
  const queue = importsOf(code).map((s) => resolveModule(path.join(root, "notebooks"), s)).filter(Boolean);
  while (queue.length) {
    const f = queue.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    const dir = path.dirname(f);
    for (const s of importsOf(fs.readFileSync(f, "utf8"))) {
      const r = resolveModule(dir, s);
      if (r && !seen.has(r)) queue.push(r);
    }
  }
  const realRoot = fs.realpathSync(root);
  const files = [...seen].map((f) => path.relative(realRoot, f)).sort();
  const h = crypto.createHash("sha256");
  h.update(`notebooks/${slug}.ipynb\0${code}\0`);
  for (const f of files) if (!DRAWING.has(f)) h.update(`${f}\0${fs.readFileSync(path.join(realRoot, f))}\0`);
  return { paper: slug, hash: h.digest("hex").slice(0, 16), files };
}

module.exports = { paperSources };

if (require.main === module) {
  const [slug, flag] = process.argv.slice(2);
  if (!slug) {
    console.error("usage: node tools/paper-sources.cjs <notebook name> [--files]");
    process.exit(2);
  }
  try {
    const r = paperSources(slug);
    console.log(flag === "--files" ? r.files.join("\n") : JSON.stringify({ paper: r.paper, hash: r.hash, files: r.files.length }));
  } catch (e) {
    console.error(`paper-sources: ${e.message}`);
    process.exit(1);
  }
}
