// Sharded runs (`run --shard I/N`) and merging their outputs (`merge DIR ... --out DIR`) on the fixture notebooks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const fixtures = path.join(root, "test", "fixtures", "notebooks");
const all = ["broken", "chatty", "dies", "fixture", "slow", "throws"];
const env = { ...process.env, LAB_NOTEBOOKS_DIR: fixtures };

function lab(args: string[]) {
  const r = spawnSync("node", [path.join(root, "tools", "lab.cjs"), ...args], { cwd: root, env, encoding: "utf8", timeout: 300_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function labAsync(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn("node", [path.join(root, "tools", "lab.cjs"), ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (out += b));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

const listed = (args: string[]): string[] => {
  const r = lab(["list", ...args]);
  assert.equal(r.code, 0, r.out);
  return r.out.split("\n").filter(Boolean);
};

test("shard: bad --shard values give one clear line and exit code 2", () => {
  for (const [value, msg] of [
    ["3/2", /invalid --shard '3\/2': the shard I must be between 1 and N = 2/],
    ["0/2", /invalid --shard '0\/2': the shard I must be between 1 and N = 2 \(shards are numbered from 1\)/],
    ["x", /invalid --shard 'x': give it as I\/N with whole numbers 1 <= I <= N/],
    ["1/0", /invalid --shard '1\/0': the number of shards N must be at least 1/],
    ["-1/2", /invalid --shard '-1\/2': give it as I\/N/],
    ["1.5/2", /invalid --shard '1.5\/2'/],
  ] as const) {
    for (const cmd of ["list", "run"]) {
      const r = lab([cmd, `--shard=${value}`, "--out", os.tmpdir()]);
      assert.equal(r.code, 2, r.out);
      assert.match(r.out, msg);
      assert.doesNotMatch(r.out, /Traceback/);
    }
  }
  const t = lab(["list", "--shard-times", "runs.json"]);
  assert.equal(t.code, 2);
  assert.match(t.out, /--shard-times only applies with --shard I\/N/);
  const u = lab(["list", "--shard", "1/2", "--shard-times", path.join(os.tmpdir(), "no-such-runs.json")]);
  assert.equal(u.code, 2);
  assert.match(u.out, /invalid --shard-times .*cannot read it as a runs\.json/);
});

test("shard: the shares are disjoint, cover every notebook, and do not depend on the order of the names", () => {
  assert.deepEqual(listed([]), all);
  for (const n of [1, 2, 4, 7]) { // 7: more shards than notebooks (an empty share)
    const shares = Array.from({ length: n }, (_, i) => listed(["--shard", `${i + 1}/${n}`]));
    assert.deepEqual(shares.flat().sort(), all, `N = ${n}`);
    // by sorted position modulo N
    shares.forEach((s, i) => assert.deepEqual(s, all.filter((_, k) => k % n === i), `shard ${i + 1}/${n}`));
  }
  const given = ["slow", "fixture", "broken"];
  // the share is picked from the sorted names; it runs in the order given
  assert.deepEqual(listed([...given, "--shard", "1/2"]), ["slow", "broken"]);
  assert.deepEqual(listed([...given].reverse().concat(["--shard", "1/2"])), ["broken", "slow"]);
  assert.deepEqual(listed([...given, "--shard", "2/2"]), ["fixture"]);
});

test("shard: --shard-times balances by an earlier run's times, longest first, the same for every shard", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-shard-"));
  const times = path.join(dir, "runs.json");
  fs.writeFileSync(times, JSON.stringify({ throws: { seconds: 100 }, slow: { seconds: 60 }, chatty: { seconds: 50 }, dies: { seconds: 10 }, fixture: { seconds: 5 } }));
  const a = listed(["--shard", "1/2", "--shard-times", times]);
  const b = listed(["--shard", "2/2", "--shard-times", times]);
  // broken has no time: counted at the median of the known ones (50). Longest first (ties by name) onto the
  // least-loaded shard (ties to the lower): throws→1 (100), slow→2 (60), broken→2 (110), chatty→1 (150),
  // dies→2 (120), fixture→2 (125).
  assert.deepEqual(a, ["chatty", "throws"]);
  assert.deepEqual(b, ["broken", "dies", "fixture", "slow"]);
});

test("shard + merge: two shards run apart, merge into one reports folder with every report, runs.json and the index", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-shard-"));
  const [s1, s2, merged] = ["shard-1", "shard-2", "reports"].map((d) => path.join(dir, d));
  const names = ["fixture", "slow", "broken"];
  // sorted: broken, fixture, slow → shard 1/2: broken, slow; shard 2/2: fixture
  const [r1, r2] = await Promise.all([
    labAsync(["run", ...names, "--shard", "1/2", "--jobs", "1", "--out", s1]),
    labAsync(["run", ...names, "--shard", "2/2", "--jobs", "1", "--out", s2]),
  ]);
  assert.equal(r1.code, 1, r1.out); // broken fails
  assert.match(r1.out, /^running 2 notebook\(s\) in quick mode, seed 1 \(.*shard 1\/2: 2 of 3\): slow, broken$/m);
  assert.match(r1.out, /^1 passed, 1 failed$/m);
  assert.equal(r2.code, 0, r2.out);
  assert.match(r2.out, /shard 2\/2: 1 of 3\): fixture$/m);
  assert.ok(!fs.existsSync(path.join(s2, "slow")) && !fs.existsSync(path.join(s1, "fixture")));

  const m = lab(["merge", s1, s2, "--out", merged]);
  assert.equal(m.code, 1, m.out); // one merged notebook failed
  assert.match(m.out, /^FAILED +broken +from .*shard-1/m);
  assert.match(m.out, /^ok +fixture +from .*shard-2$/m);
  assert.match(m.out, /^ok +slow +from .*shard-1$/m);
  assert.match(m.out, /^2 passed, 1 failed$/m);
  for (const slug of ["fixture", "slow"]) {
    for (const f of ["report.html", "checks.json", `${slug}.ipynb`]) {
      const a = path.join(merged, slug, f);
      if (slug === "slow" && f === "checks.json") continue; // the slow fixture has no scorecard
      assert.ok(fs.existsSync(a), `${a} missing`);
    }
  }
  assert.equal(fs.readFileSync(path.join(merged, "fixture", "report.html"), "utf8"), fs.readFileSync(path.join(s2, "fixture", "report.html"), "utf8"));
  assert.ok(fs.existsSync(path.join(merged, ".failed", "broken")));
  const runs = JSON.parse(fs.readFileSync(path.join(merged, "runs.json"), "utf8")) as Record<string, { status: string }>;
  assert.deepEqual(Object.keys(runs).sort(), ["broken", "fixture", "slow"]);
  assert.equal(runs.fixture.status, "ok");
  assert.equal(runs.broken.status, "failed");
  const index = fs.readFileSync(path.join(merged, "index.html"), "utf8");
  assert.match(index, /fixture\/report\.html/);
  // slow has no scorecard (no meta.json), so the index lists it as not run, like a single run's index does
  assert.match(index, /1 ok, 1 failed, 4 not run/);
  assert.match(index, /FAILED in the last run/);

  // Shards that overlap, a folder that is no run's output, and missing arguments are refused before anything is written.
  const o = lab(["merge", s1, s2, merged, "--out", path.join(dir, "again")]);
  assert.equal(o.code, 2, o.out);
  assert.match(o.out, /notebook \w+ was run in both .* and .*: the shards overlap/);
  assert.ok(!fs.existsSync(path.join(dir, "again")));
  const n = lab(["merge", dir, "--out", path.join(dir, "x")]);
  assert.equal(n.code, 2);
  assert.match(n.out, /has no runs\.json: it is not the output folder of a run/);
  assert.match(lab(["merge", s1]).out, /give the merged folder with --out/);
  assert.match(lab(["merge", s1, "--out", s1]).out, /is also one of the folders to merge/);
});
