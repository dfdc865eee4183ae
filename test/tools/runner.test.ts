// End-to-end tests of the headless runner on fixture notebooks (real tslab kernel, real nbclient).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const fixtures = path.join(root, "test", "fixtures", "notebooks");

function run(args: string[], extraEnv: Record<string, string> = {}) {
  const r = spawnSync("node", [path.join(root, "tools", "lab.cjs"), "run", ...args], {
    cwd: root,
    env: { ...process.env, LAB_NOTEBOOKS_DIR: fixtures, ...extraEnv },
    encoding: "utf8",
    timeout: 300_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test("runner: bad arguments give one clear line and exit code 2", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lab-runner-"));
  for (const [args, msg] of [
    [["--mode", "turbo"], /unknown mode 'turbo': use --mode quick or --mode full/],
    [["--seed", "-1"], /invalid seed '-1'/],
    [["nosuch"], /no notebook named nosuch in notebooks\/\. Available: broken, fixture/],
  ] as const) {
    const r = run([...args, "--out", out]);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, msg);
    assert.doesNotMatch(r.out, /Traceback/);
  }
});

test("runner: ok and failing notebooks, error text of the failing cell, previous good report kept", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lab-runner-"));
  const first = run(["fixture", "broken", "--out", out]);
  assert.equal(first.code, 1, first.out);
  assert.match(first.out, /^ok +fixture/m);
  assert.match(first.out, /^FAILED +broken/m);
  assert.match(first.out, /cell #1/);
  assert.match(first.out, /Type 'string' is not assignable to type 'number'/);
  assert.match(first.out, /^1 passed, 1 failed$/m);
  const report = path.join(out, "fixture", "report.html");
  const before = fs.readFileSync(report, "utf8");
  assert.match(before, /Scorecard/);
  assert.ok(fs.existsSync(path.join(out, "fixture", "checks.json")));
  assert.ok(fs.existsSync(path.join(out, "fixture", "fixture.ipynb")));
  const executed = JSON.parse(fs.readFileSync(path.join(out, "fixture", "fixture.ipynb"), "utf8"));
  assert.deepEqual(executed.cells.filter((c: { cell_type: string }) => c.cell_type === "code").map((c: { execution_count: number }) => c.execution_count), [1, 2]);

  // A failing re-run (a check fails) must not overwrite the previous good report.
  const second = run(["fixture", "--out", out], { FIXTURE_FAIL: "yes" });
  assert.equal(second.code, 1, second.out);
  assert.match(second.out, /FAILED +fixture/);
  assert.match(second.out, /1 check\(s\) failed: runs/);
  assert.match(second.out, /previous good report left in place/);
  assert.equal(fs.readFileSync(report, "utf8"), before);
  const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
  assert.match(index, /FAILED in the last run — showing the previous good report/);
  assert.match(index, /fixture\/report\.html/);
});
