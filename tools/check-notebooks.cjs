#!/usr/bin/env node
// Every notebook must be committed clean: tslab kernel, no outputs, no execution counts, an id on every cell.
"use strict";
const fs = require("fs");
const path = require("path");
const dir = path.resolve(__dirname, "..", "notebooks");
const problems = [];
for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort()) {
  let nb;
  try {
    nb = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
  } catch (e) {
    problems.push(`${name}: not valid JSON (${e.message})`);
    continue;
  }
  if (nb.metadata?.kernelspec?.name !== "tslab") problems.push(`${name}: kernelspec must be "tslab"`);
  (nb.cells || []).forEach((c, i) => {
    if (!c.id) problems.push(`${name}: cell ${i} has no id`);
    if (c.cell_type === "code" && ((c.outputs && c.outputs.length) || c.execution_count != null)) problems.push(`${name}: cell ${i} has outputs (commit notebooks without outputs)`);
  });
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
