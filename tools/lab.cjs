#!/usr/bin/env node
// collapse-lab command line: `run [names] [--mode quick|full] [--seed N] [--jobs N] [--shard I/N]`, `list`,
// `merge DIR ... --out DIR` (combine the output folders of shards), `jupyterlab`, `kernel-install`.
// Finds the project's Jupyter (the .venv made by tools/setup.sh, or LAB_JUPYTER) and hands over to the Python runner.
"use strict";
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const fail = (msg) => {
  console.error(`error: ${msg}`);
  process.exit(2);
};

function python() {
  const py = process.env.LAB_JUPYTER || path.join(root, ".venv", "bin", "python");
  if (!fs.existsSync(py)) fail(`no Jupyter toolchain at ${py}. Run \`npm run setup\` first (or set LAB_JUPYTER to a Python with nbclient and nbconvert).`);
  const probe = spawnSync(py, ["-c", "import importlib.util as u, sys; sys.exit(0 if all(u.find_spec(m) for m in ('nbclient', 'nbconvert', 'nbformat')) else 1)"], { stdio: "ignore" });
  if (probe.status !== 0) fail(`${py} lacks nbclient/nbconvert. Run \`npm run setup\` (it rebuilds .venv), or point LAB_JUPYTER at a Python that has them.`);
  return py;
}

function jupyterEnv() {
  const jp = [path.join(root, "jupyter"), process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  return { ...process.env, JUPYTER_PATH: jp };
}

/**
 * Runs `cmd` and exits with its status. The signals in `forward` sent to this process are passed on, and so is the
 * death of this process's parent as SIGTERM (`npm run` passes a SIGTERM to its shell, which dies without passing it
 * on); the signals in `wait` are ignored here (the child gets them from the terminal) until the child ends.
 */
function supervise(cmd, args, forward, wait = []) {
  const child = spawn(cmd, args, { stdio: "inherit", env: jupyterEnv(), cwd: root });
  let sent = null;
  const pass = (sig) => {
    if (sent === sig || child.exitCode !== null || child.signalCode !== null) return;
    sent = sig;
    child.kill(sig);
  };
  for (const sig of forward) process.on(sig, () => pass(sig));
  for (const sig of wait) process.on(sig, () => {});
  const ppid = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== ppid) pass("SIGTERM");
  }, 500);
  watch.unref();
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 1) : 1)));
}

const [cmd = "help", ...rest] = process.argv.slice(2);
if (!fs.existsSync(path.join(root, "node_modules", "tslab"))) fail("node_modules is missing: run `npm run setup` (or `npm ci`) first.");
switch (cmd) {
  case "run":
  case "list": {
    const args = [path.join(root, "tools", "run_notebooks.py"), ...(cmd === "list" ? ["--list"] : []), ...rest];
    // A stop reaches the runner, which ends its kernels and leaves the reports as they were.
    supervise(python(), args, ["SIGTERM", "SIGINT", "SIGHUP"]);
    break;
  }
  case "merge": {
    // Combines the output folders of several runs (shards) into one; needs only Python's standard library.
    const candidates = [process.env.LAB_JUPYTER, path.join(root, ".venv", "bin", "python"), "python3"].filter(Boolean);
    const py = candidates.find((p) => p === "python3" || fs.existsSync(p));
    supervise(py, [path.join(root, "tools", "merge_reports.py"), ...rest], ["SIGTERM", "SIGINT", "SIGHUP"]);
    break;
  }
  case "jupyterlab": {
    // JupyterLab refuses to start as root (containers, CI machines) unless told to: say so and pass the flag.
    const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
    const extra = asRoot && !rest.includes("--allow-root") ? ["--allow-root"] : [];
    if (extra.length) console.error("lab: running as root, so JupyterLab is started with --allow-root");
    // Ctrl-C reaches JupyterLab from the terminal itself (it asks before shutting down): not forwarded, only waited for.
    supervise(python(), ["-m", "jupyterlab", "--notebook-dir", path.join(root, "notebooks"), ...extra, ...rest], ["SIGTERM", "SIGHUP"], ["SIGINT"]);
    break;
  }
  case "kernel-install": {
    const r = spawnSync(python(), ["-m", "jupyter", "kernelspec", "install", "--user", "--name", "tslab", path.join(root, "jupyter", "kernels", "tslab")], { stdio: "inherit", cwd: root });
    process.exit(r.status ?? 1);
  }
  default:
    console.log("usage: node tools/lab.cjs run [NAME ...] [--mode quick|full] [--seed N] [--timeout S] [--jobs N] [--shard I/N [--shard-times RUNS.json]] [--out DIR] | list [--shard I/N] | merge DIR ... --out DIR | jupyterlab [JUPYTER OPTIONS] | kernel-install");
    process.exit(cmd === "help" || cmd === "--help" ? 0 : 2);
}
