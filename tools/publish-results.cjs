#!/usr/bin/env node
// Publishes full-mode results into the repository: for each notebook whose report in <reports> was made in full mode,
// writes results/full/<name>/ with checks.json, figures/*.json|csv (the figure data) and run.json (revision, the
// hash of the sources that notebook depends on, machine, timings). No HTML. Usage:
//   node tools/publish-results.cjs [--reports reports] [--out results/full] [name ...]
"use strict";
const fs = require("fs");
const path = require("path");
const { paperSources } = require("./paper-sources.cjs");

const ROOT = path.resolve(__dirname, "..");

function parseArgs(argv) {
  const a = { reports: path.join(ROOT, "reports"), out: path.join(ROOT, "results", "full"), names: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--reports") a.reports = path.resolve(argv[++i] ?? "");
    else if (argv[i] === "--out") a.out = path.resolve(argv[++i] ?? "");
    else if (argv[i].startsWith("-")) throw new Error(`unknown option ${argv[i]} (use --reports DIR, --out DIR, names)`);
    else a.names.push(argv[i]);
  }
  return a;
}

function readJson(f) {
  return JSON.parse(fs.readFileSync(f, "utf8"));
}

/** Writes dir atomically: build in a sibling temp folder, then swap. */
function replaceDir(target, build) {
  const tmp = `${target}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  build(tmp);
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(tmp, target);
}

function publish(reports, out, name) {
  const dir = path.join(reports, name);
  const meta = readJson(path.join(dir, "meta.json"));
  const checks = readJson(path.join(dir, "checks.json"));
  if (meta.mode !== "full" || checks.mode !== "full") return `skipped (its report is ${meta.mode} mode; run with --mode full)`;
  // the hash of the sources as the run started (written by the runner), not as they are now
  const sourcesFile = path.join(dir, "sources.json");
  if (!fs.existsSync(sourcesFile)) return "skipped (its report does not say which sources it was made from; re-run it with tools/lab.cjs)";
  const src = readJson(sourcesFile);
  const current = paperSources(name).hash;
  const runs = fs.existsSync(path.join(reports, "runs.json")) ? readJson(path.join(reports, "runs.json")) : {};
  const run = runs[name] ?? {};
  const seconds = meta.startedAt && meta.finishedAt ? (Date.parse(meta.finishedAt) - Date.parse(meta.startedAt)) / 1000 : null;
  replaceDir(path.join(out, name), (tmp) => {
    fs.writeFileSync(path.join(tmp, "checks.json"), JSON.stringify(checks, null, 1) + "\n");
    fs.mkdirSync(path.join(tmp, "figures"));
    for (const f of meta.figures ?? []) {
      for (const rel of [f.json, f.csv]) fs.copyFileSync(path.join(dir, rel), path.join(tmp, "figures", path.basename(rel)));
    }
    const info = {
      paper: name, title: meta.title, mode: meta.mode, seed: meta.seed, revision: meta.revision, sourceHash: src.hash, sourceFiles: src.files,
      headline: checks.headline, passed: checks.summary?.passed, failed: checks.summary?.failed,
      machine: meta.environment, startedAt: meta.startedAt, finishedAt: meta.finishedAt, notebookSeconds: seconds,
      runSeconds: run.seconds ?? null, figures: (meta.figures ?? []).map((f) => ({ id: f.id, title: f.title, runtimeMs: f.runtimeMs })),
    };
    fs.writeFileSync(path.join(tmp, "run.json"), JSON.stringify(info, null, 1) + "\n");
  });
  return `published (${checks.headline})${current !== src.hash ? " — already stale: its sources changed since the run started" : ""}`;
}

function main() {
  let a;
  try {
    a = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`publish-results: ${e.message}`);
    process.exit(2);
  }
  const names = a.names.length ? a.names : fs.readdirSync(a.reports).filter((d) => fs.existsSync(path.join(a.reports, d, "checks.json"))).sort();
  let bad = 0;
  for (const n of names) {
    try {
      console.log(`${n}: ${publish(a.reports, a.out, n)}`);
    } catch (e) {
      bad++;
      console.log(`${n}: not published — ${e.message}`);
    }
  }
  process.exit(bad ? 1 : 0);
}

module.exports = { publish };
if (require.main === module) main();
