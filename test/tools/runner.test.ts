// End-to-end tests of the headless runner on fixture notebooks (real tslab kernel, real nbclient).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "child_process";
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
    [["nosuch"], /no notebook named nosuch in notebooks\/\. Available: broken, chatty, dies, fixture, slow, throws/],
    [["--timeout", "0"], /invalid --timeout '0': give the per-notebook limit as a whole number of seconds, at least 1/],
    [["--timeout", "ten"], /invalid --timeout 'ten'/],
    [["--cell-timeout", "-5"], /invalid cell timeout/],
    [["--jobs", "0"], /invalid --jobs '0': give how many notebooks to run at once, at least 1/],
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
  assert.match(before, /Implementation checks: 1\/1 passed/);
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

test("runner: --jobs 3 runs the notebooks at once, prints each notebook's result in one piece, same summary", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lab-runner-"));
  const r = run(["fixture", "broken", "slow", "--jobs", "3", "--out", out], { FIXTURE_SLEEP_MS: "3000" });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /^running 3 notebook\(s\) in quick mode, seed 1 \(per-notebook limit 900 s, 3 at a time\)$/m);
  assert.match(r.out, /^ok +fixture/m);
  assert.match(r.out, /^ok +slow/m);
  assert.match(r.out, /^2 passed, 1 failed$/m);
  // The failing notebook's block is contiguous: its indented lines follow its FAILED line, not another notebook's.
  const lines = r.out.split("\n");
  const at = lines.findIndex((l) => /^FAILED +broken/.test(l));
  assert.ok(at >= 0, r.out);
  let end = at + 1;
  while (end < lines.length && lines[end].startsWith("  ")) end++;
  const block = lines.slice(at, end).join("\n");
  assert.match(block, /cell #1/);
  assert.match(block, /Type 'string' is not assignable to type 'number'/);
  assert.match(block, /partial output kept in/);
  // All three ran at once: every notebook started before any of them finished.
  const runs = JSON.parse(fs.readFileSync(path.join(out, "runs.json"), "utf8")) as Record<string, { started: string; finished: string }>;
  const starts = ["fixture", "broken", "slow"].map((n) => Date.parse(runs[n].started));
  const ends = ["fixture", "broken", "slow"].map((n) => Date.parse(runs[n].finished));
  assert.ok(Math.max(...starts) < Math.min(...ends), JSON.stringify(runs));
});

test("runner: a failing cell is reported by its exception, not the stderr noise before it; a dead kernel by its exit status or signal", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lab-runner-"));
  const r = run(["throws", "dies", "--jobs", "2", "--out", out]);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /^FAILED +throws .*: cell error: RangeError: fitModel: the fixture failed on purpose \(give a positive size\)$/m);
  assert.match(r.out, /^ {4}RangeError: fitModel: the fixture failed on purpose/m);
  assert.match(r.out, /at fitModel \(evalmachine/);
  assert.doesNotMatch(r.out, /noise line 1\b/);
  assert.match(r.out, /other stderr line\(s\) of this cell not shown/);
  assert.match(r.out, /^FAILED +dies .*: the kernel died \(exit status 3\) while running cell #2$/m);
  assert.match(r.out, /process\.exit\(3\);/);
  const killed = run(["dies", "--out", out], { FIXTURE_SIGNAL: "SIGKILL" });
  assert.match(killed.out, /^FAILED +dies .*: the kernel died \(killed by SIGKILL, e\.g\. out of memory\) while running cell #2$/m);
});

test("runner: a cell that sends more than 512 outputs at once completes (the kernel queues its socket sends)", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lab-runner-"));
  const r = run(["chatty", "--out", out]);
  assert.equal(r.code, 0, r.out);
  const nb = JSON.parse(fs.readFileSync(path.join(out, "chatty", "chatty.ipynb"), "utf8"));
  assert.equal(nb.cells[1].outputs.length, 1200);
  assert.equal([nb.cells[1].outputs[1199].data["text/plain"]].flat().join(""), "output 1199");
});

/** Pids of live processes whose environment carries `tag` (the runner, its child, the kernel, anything they started). */
function processesTagged(tag: string): number[] {
  const pids: number[] = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/environ`, "latin1").split("\0").includes(`LAB_STOP_TAG=${tag}`)) {
        const st = fs.readFileSync(`/proc/${d}/stat`, "latin1");
        if (!/^\d+ \(.*\) Z /.test(st)) pids.push(Number(d));
      }
    } catch {
      // the process ended meanwhile, or is not ours to read
    }
  }
  return pids;
}

function kernelRunning(tag: string): boolean {
  return processesTagged(tag).some((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, "latin1").includes("launch.cjs");
    } catch {
      return false;
    }
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Starts a run of the slow fixture, waits until its kernel runs, stops it with `stop`, returns its exit and output. */
async function stoppedRun(out: string, tag: string, viaShell: boolean, stop: (pid: number) => void, busy = false) {
  const mark = path.join(out, `${tag}.mark`);
  const env = { ...process.env, LAB_NOTEBOOKS_DIR: fixtures, FIXTURE_SLEEP_MS: "600000", LAB_STOP_TAG: tag, FIXTURE_BUSY: busy ? "yes" : "no", FIXTURE_MARK: mark };
  const lab = [path.join(root, "tools", "lab.cjs"), "run", "slow", "--out", out];
  // viaShell: like `npm run reports`, whose shell dies on SIGTERM without passing it on.
  const child = viaShell
    ? spawn("sh", ["-c", `node ${lab.map((a) => JSON.stringify(a)).join(" ")}; echo after`], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] })
    : spawn("node", lab, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout!.on("data", (b) => (text += b));
  child.stderr!.on("data", (b) => (text += b));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code, sig) => resolve(code ?? (sig ? -1 : null))));
  await waitFor("the kernel to start", () => kernelRunning(tag), 120_000);
  await waitFor("the long cell to start", () => fs.existsSync(mark), 120_000);
  await sleep(500);
  stop(child.pid!);
  const code = await exited;
  // The runner may still be ending the kernel (viaShell: the shell is gone at once): wait for every tagged process.
  await waitFor(`no process left (${processesTagged(tag).join(", ")})`, () => processesTagged(tag).length === 0, 30_000).catch(() => undefined);
  return { code, text, left: processesTagged(tag) };
}

test("runner: SIGTERM to the runner ends its kernel (even one stuck in a busy cell), says so, and keeps the previous good report", async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lab-runner-"));
  const good = run(["slow", "--out", out]);
  assert.equal(good.code, 0, good.out);
  const report = path.join(out, "slow", "report.html");
  const before = fs.readFileSync(report, "utf8");
  const tag = `term-${process.pid}-${Date.now()}`;
  const r = await stoppedRun(out, tag, false, (pid) => process.kill(pid, "SIGTERM"), true);
  assert.deepEqual(r.left, [], `processes left running:\n${r.text}`);
  assert.equal(r.code, 128 + 15, r.text);
  assert.match(r.text, /stopped by SIGTERM: ended the kernels of slow/);
  assert.match(r.text, /^0 passed, 0 failed, 1 stopped$/m);
  assert.equal(fs.readFileSync(report, "utf8"), before);
  assert.ok(!fs.existsSync(path.join(out, ".staging", "slow")));
});

test("runner: killing the shell that started it (as `npm run` does) still ends the run and its kernel", async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lab-runner-"));
  const tag = `shell-${process.pid}-${Date.now()}`;
  const r = await stoppedRun(out, tag, true, (pid) => process.kill(pid, "SIGTERM"));
  assert.deepEqual(r.left, [], `processes left running:\n${r.text}`);
  assert.ok(!fs.existsSync(path.join(out, "slow")), "a stopped notebook must not publish a report");
});

test("runner: when a notebook's runner child is killed outright, its busy kernel is still ended", async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lab-runner-"));
  const tag = `child-${process.pid}-${Date.now()}`;
  const r = await stoppedRun(out, tag, false, () => {
    const kernel = Number(fs.readFileSync(path.join(out, ".staging", "slow", "kernel.pid"), "utf8"));
    const ppid = Number(fs.readFileSync(`/proc/${kernel}/stat`, "latin1").replace(/^.*\) /, "").split(" ")[1]);
    process.kill(ppid, "SIGKILL"); // the child that runs nbclient: no chance to shut its kernel down
  }, true);
  assert.deepEqual(r.left, [], `processes left running:\n${r.text}`);
  assert.match(r.text, /^FAILED +slow .*: runner child exited with code -9$/m);
});
