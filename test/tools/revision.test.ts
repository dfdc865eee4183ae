// gitRevision: "-dirty" means the code or notebooks differ in content, not that a notebook was run and saved.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gitRevision } from "../../src/lab/revision";

const strip = path.resolve(__dirname, "..", "..", "tools", "nbstrip.cjs");

test("gitRevision: clean after running and saving a notebook, dirty after a source edit or a new source file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-revision-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  git("init", "-q");
  git("config", "user.email", "t@example.invalid");
  git("config", "user.name", "t");
  git("config", "filter.nbstrip.clean", `node ${JSON.stringify(strip)} clean %f`);
  fs.writeFileSync(path.join(dir, ".gitattributes"), "*.ipynb filter=nbstrip\n");
  fs.writeFileSync(path.join(dir, ".gitignore"), ".ipynb_checkpoints/\n");
  fs.mkdirSync(path.join(dir, "src"));
  fs.mkdirSync(path.join(dir, "notebooks"));
  fs.writeFileSync(path.join(dir, "src", "a.ts"), "export const a = 1;\n");
  const cell = { cell_type: "code", id: "c", metadata: {}, execution_count: null, outputs: [] as unknown[], source: "console.log(1);" };
  const nb = { cells: [cell], metadata: { kernelspec: { name: "tslab" } }, nbformat: 4, nbformat_minor: 5 };
  fs.writeFileSync(path.join(dir, "notebooks", "n.ipynb"), JSON.stringify(nb, null, 1));
  git("add", ".");
  git("commit", "-q", "-m", "init");
  const sha = git("rev-parse", "--short=10", "HEAD").trim();
  assert.equal(gitRevision(dir), sha);

  // Run and save: outputs, a count, another layout, a checkpoint folder.
  const ran = { ...nb, cells: [{ ...cell, execution_count: 1, outputs: [{ output_type: "stream", name: "stdout", text: ["1\n"] }], source: ["console.log(1);"] }] };
  fs.writeFileSync(path.join(dir, "notebooks", "n.ipynb"), JSON.stringify(ran, null, 2) + "\n");
  fs.mkdirSync(path.join(dir, "notebooks", ".ipynb_checkpoints"));
  fs.writeFileSync(path.join(dir, "notebooks", ".ipynb_checkpoints", "n-checkpoint.ipynb"), JSON.stringify(ran));
  assert.equal(gitRevision(dir), sha);

  fs.writeFileSync(path.join(dir, "src", "b.ts"), "export const b = 2;\n");
  assert.equal(gitRevision(dir), `${sha}-dirty`);
  fs.rmSync(path.join(dir, "src", "b.ts"));
  fs.writeFileSync(path.join(dir, "src", "a.ts"), "export const a = 2;\n");
  assert.equal(gitRevision(dir), `${sha}-dirty`);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(gitRevision(os.tmpdir()), "unknown");
});
