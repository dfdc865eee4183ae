// The git clean filter that keeps notebook outputs out of git (tools/nbstrip.cjs), on a scratch repository.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const script = path.resolve(__dirname, "..", "..", "tools", "nbstrip.cjs");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { strip, problems } = require(script) as {
  strip: (nb: unknown) => { cells: { outputs?: unknown[]; execution_count?: unknown; metadata: Record<string, unknown> }[]; metadata: Record<string, unknown> };
  problems: (nb: unknown, name: string) => string[];
};

/** A clean notebook in this repository's layout (each source one string, no final newline). */
function cleanNotebook(text = "const x = 1;") {
  return {
    cells: [
      { cell_type: "markdown", id: "m", metadata: {}, source: "# Title\n\nProse." },
      { cell_type: "code", id: "c", metadata: {}, execution_count: null, outputs: [], source: `${text}\nconsole.log(x);` },
    ],
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" }, language_info: { name: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The same notebook as a front end saves it after a run: sorted keys, source as lines, outputs, run metadata. */
function savedAfterRun(text = "const x = 1;") {
  const nb = cleanNotebook(text);
  const code = { ...nb.cells[1], execution_count: 3, metadata: { execution: { "iopub.status.busy": "2026-01-01T00:00:00Z" }, scrolled: true },
    outputs: [{ name: "stdout", output_type: "stream", text: ["1\n"] }], source: [`${text}\n`, "console.log(x);"] };
  const md = { ...nb.cells[0], source: ["# Title\n", "\n", "Prose."] };
  const out = { ...nb, cells: [md, code], metadata: { ...nb.metadata, language_info: { name: "typescript", version: "5.0.4", mimetype: "text/typescript", file_extension: ".ts" } } };
  const sortKeys = (v: unknown): unknown => Array.isArray(v) ? v.map(sortKeys) : v && typeof v === "object"
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sortKeys(out), null, 1) + "\n";
}

test("strip removes outputs, execution counts and run-time metadata, and keeps the rest", () => {
  const nb = strip(JSON.parse(savedAfterRun()));
  assert.deepEqual(nb.cells[1].outputs, []);
  assert.equal(nb.cells[1].execution_count, null);
  assert.deepEqual(nb.cells[1].metadata, {});
  assert.deepEqual(nb.metadata.language_info, { name: "typescript" });
  assert.deepEqual(problems(nb, "x"), []);
  assert.match(problems(JSON.parse(savedAfterRun()), "x").join("\n"), /cell 1 has outputs/);
});

test("clean filter: a notebook only run and saved is unchanged for git; a real edit is stored without outputs", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-nbstrip-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  git("init", "-q");
  git("config", "user.email", "t@example.invalid");
  git("config", "user.name", "t");
  git("config", "filter.nbstrip.clean", `node ${JSON.stringify(script)} clean %f`);
  fs.writeFileSync(path.join(dir, ".gitattributes"), "*.ipynb filter=nbstrip\n");
  const committed = JSON.stringify(cleanNotebook(), null, 1);
  fs.writeFileSync(path.join(dir, "a.ipynb"), committed);
  git("add", ".");
  git("commit", "-q", "-m", "clean");

  fs.writeFileSync(path.join(dir, "a.ipynb"), savedAfterRun());
  assert.equal(spawnSync("git", ["diff", "--quiet", "HEAD"], { cwd: dir }).status, 0, git("diff"));
  git("add", "a.ipynb");
  assert.equal(git("status", "--porcelain"), "");
  assert.equal(git("show", ":a.ipynb"), committed);

  fs.writeFileSync(path.join(dir, "a.ipynb"), savedAfterRun("const x = 2;"));
  assert.equal(spawnSync("git", ["diff", "--quiet", "HEAD"], { cwd: dir }).status, 1);
  git("add", "a.ipynb");
  const staged = JSON.parse(git("show", ":a.ipynb"));
  assert.deepEqual(problems(staged, "a.ipynb"), []);
  assert.equal(staged.cells[1].source, "const x = 2;\nconsole.log(x);");
  assert.doesNotMatch(git("show", ":a.ipynb"), /\n$/);
  fs.rmSync(dir, { recursive: true, force: true });
});
