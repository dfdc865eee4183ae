#!/usr/bin/env node
// Notebooks are committed without outputs. This is the git clean filter that guarantees it (the same job as
// nbstripout, which is not installable on every machine this project runs on): `git add`, `git status` and `git diff`
// see a notebook stripped of outputs, execution counts and run-time metadata, while the file on disk keeps what
// JupyterLab saved. tools/setup.sh installs it (`git config filter.nbstrip.clean ...`); .gitattributes selects it.
//
// When the stripped notebook means the same as the version in the git index (only outputs, counts, run metadata or
// JSON layout differ), the index version's exact bytes are returned, so running and saving a notebook leaves
// `git status` clean whatever layout the front end writes.
//
// Usage: node tools/nbstrip.cjs clean PATH < notebook > stripped    (git filter; PATH relative to the repository)
//        node tools/nbstrip.cjs check FILE...                        (exit 1 and list problems if outputs are present)
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");

/** Cell metadata keys written by front ends and runners at run time (not authored content). */
const RUN_CELL_METADATA = ["execution", "ExecuteTime", "collapsed", "scrolled", "trusted"];
/** Notebook metadata keys written at run time. */
const RUN_NB_METADATA = ["widgets", "signature"];

/** Returns a copy of the parsed notebook without outputs, execution counts and run-time metadata. */
function strip(nb) {
  const out = { ...nb, metadata: { ...(nb.metadata || {}) } };
  for (const k of RUN_NB_METADATA) delete out.metadata[k];
  // The kernel fills language_info with its version, mimetype, file extension: keep only the language name.
  if (out.metadata.language_info && typeof out.metadata.language_info === "object") {
    const name = out.metadata.language_info.name;
    out.metadata.language_info = name === undefined ? {} : { name };
  }
  out.cells = (nb.cells || []).map((c) => {
    const cell = { ...c };
    if (cell.metadata && typeof cell.metadata === "object") {
      cell.metadata = { ...cell.metadata };
      for (const k of RUN_CELL_METADATA) delete cell.metadata[k];
      if (cell.metadata.jupyter && typeof cell.metadata.jupyter === "object") {
        const j = { ...cell.metadata.jupyter };
        delete j.outputs_hidden;
        if (Object.keys(j).length) cell.metadata.jupyter = j;
        else delete cell.metadata.jupyter;
      }
    }
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
    return cell;
  });
  return out;
}

/** A layout-independent form for comparison: sorted keys, multi-line strings joined. */
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    const o = {};
    for (const k of Object.keys(value).sort()) {
      const v = value[k];
      o[k] = (k === "source" || k === "text") && Array.isArray(v) ? v.join("") : canonical(v);
    }
    return o;
  }
  return value;
}

function sameNotebook(a, b) {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Serialises a stripped notebook in this repository's layout: one-space indent, each source as one string. */
function serialise(nb) {
  const cells = nb.cells.map((c) => (Array.isArray(c.source) ? { ...c, source: c.source.join("") } : c));
  return JSON.stringify({ ...nb, cells }, null, 1) + "\n";
}

/** Problems that make a notebook unfit to commit (outputs, counts, missing ids, wrong kernel). */
function problems(nb, name) {
  const out = [];
  if (nb.metadata?.kernelspec?.name !== "tslab") out.push(`${name}: kernelspec must be "tslab"`);
  (nb.cells || []).forEach((c, i) => {
    if (!c.id) out.push(`${name}: cell ${i} has no id`);
    if (c.cell_type === "code" && ((c.outputs && c.outputs.length) || c.execution_count != null)) {
      out.push(`${name}: cell ${i} has outputs (commit notebooks without outputs)`);
    }
  });
  return out;
}

function indexVersion(relPath) {
  try {
    return execFileSync("git", ["cat-file", "blob", `:${relPath}`], { stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 30 });
  } catch {
    return null; // a new file, or not in a git checkout
  }
}

function cleanFilter(relPath) {
  const input = fs.readFileSync(0);
  let nb;
  try {
    nb = JSON.parse(input.toString("utf8"));
  } catch {
    process.stdout.write(input); // not JSON (e.g. merge conflict markers): leave it to the user
    return;
  }
  const stripped = strip(nb);
  if (sameNotebook(stripped, nb)) {
    process.stdout.write(input); // already clean: keep the author's layout byte for byte
    return;
  }
  const committed = relPath ? indexVersion(relPath) : null;
  if (committed) {
    try {
      if (sameNotebook(stripped, strip(JSON.parse(committed.toString("utf8"))))) {
        process.stdout.write(committed);
        return;
      }
    } catch {
      // the index version is not JSON: fall through and store the stripped notebook
    }
  }
  const text = serialise(stripped);
  // Keep the file's convention for a final newline (the committed notebooks here have none).
  const finalNewline = (committed ?? input).toString("utf8").endsWith("\n");
  process.stdout.write(finalNewline ? text : text.replace(/\n$/, ""));
}

module.exports = { strip, canonical, sameNotebook, serialise, problems };

if (require.main === module) {
  const [cmd, ...args] = process.argv.slice(2);
  if (cmd === "clean") {
    cleanFilter(args[0]);
  } else if (cmd === "check") {
    const found = args.flatMap((f) => problems(JSON.parse(fs.readFileSync(f, "utf8")), f));
    if (found.length) {
      console.error(found.join("\n"));
      process.exit(1);
    }
  } else {
    console.error("usage: node tools/nbstrip.cjs clean PATH < notebook  |  node tools/nbstrip.cjs check FILE...");
    process.exit(2);
  }
}
