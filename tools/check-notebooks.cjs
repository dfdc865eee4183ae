#!/usr/bin/env node
// Every notebook must be committed clean: tslab kernel, no outputs, no execution counts, an id on every cell.
// In a git checkout this checks what is committed — the staged (index) version of each tracked notebook, as
// `git show :notebooks/<name>.ipynb` gives it — not the working file, which keeps JupyterLab's outputs (the clean
// filter in tools/nbstrip.cjs strips them on the way into git). A notebook not yet tracked is checked as `git add`
// would store it (stripped when the filter is installed). Outside git, the files on disk are checked.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { strip, problems } = require("./nbstrip.cjs");

const root = path.resolve(__dirname, "..");
const dir = path.join(root, "notebooks");
const git = (args) => execFileSync("git", args, { cwd: root, stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 30 });

let inGit = false;
try {
  inGit = git(["rev-parse", "--is-inside-work-tree"]).toString().trim() === "true";
} catch {
  inGit = false;
}
let filterOn = false;
if (inGit) {
  try {
    filterOn = git(["config", "--get", "filter.nbstrip.clean"]).toString().trim() !== "";
  } catch {
    filterOn = false;
  }
}
const tracked = new Set(inGit ? git(["ls-files", "-z", "--", "notebooks"]).toString().split("\0").filter((f) => f.endsWith(".ipynb")) : []);

const found = [];
const names = fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();
for (const rel of tracked) if (!names.includes(path.basename(rel)) && path.dirname(rel) === "notebooks") names.push(path.basename(rel));
for (const name of names.sort()) {
  const rel = `notebooks/${name}`;
  let text, what;
  if (tracked.has(rel)) {
    text = git(["cat-file", "blob", `:${rel}`]).toString("utf8");
    what = `${name} (staged version)`;
  } else {
    text = fs.readFileSync(path.join(dir, name), "utf8");
    what = name;
  }
  let nb;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    found.push(`${what}: not valid JSON (${e.message})`);
    continue;
  }
  if (!tracked.has(rel) && filterOn) nb = strip(nb);
  found.push(...problems(nb, what));
}
if (found.length) {
  console.error(found.join("\n"));
  if (inGit && !filterOn) console.error("(run `npm run setup` to install the git filter that strips outputs on `git add`)");
  process.exit(1);
}
