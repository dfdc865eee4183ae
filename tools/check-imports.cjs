#!/usr/bin/env node
// tslab resolves a relative import only to a file (`./x` → `./x.ts`), never to a folder's index: list every relative
// import under src/ (and notebooks) that points at a folder. With --fix, rewrite them to `<folder>/index`.
"use strict";
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..");
const fix = process.argv.includes("--fix");

function walk(d, out) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

const bad = [];
for (const f of walk(path.join(root, "src"), [])) {
  let text = fs.readFileSync(f, "utf8");
  let changed = false;
  text = text.replace(/(from\s+|import\s*\(\s*|require\(\s*)"(\.{1,2}\/[^"]*)"/g, (all, pre, spec) => {
    const target = path.resolve(path.dirname(f), spec);
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
      bad.push(`${path.relative(root, f)}: "${spec}" is a folder; tslab needs "${spec}/index"`);
      changed = true;
      return `${pre}"${spec}/index"`;
    }
    return all;
  });
  if (fix && changed) fs.writeFileSync(f, text);
}
module.exports = { bad };
if (require.main === module) {
  if (bad.length) {
    console.log(bad.join("\n"));
    if (!fix) process.exit(1);
  }
}
