#!/usr/bin/env node
// collapse-lab command line: `run [names] [--mode quick|full] [--seed N] [--jobs N]`, `list`, `jupyterlab`, `kernel-install`.
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

const [cmd = "help", ...rest] = process.argv.slice(2);
if (!fs.existsSync(path.join(root, "node_modules", "tslab"))) fail("node_modules is missing: run `npm run setup` (or `npm ci`) first.");
switch (cmd) {
  case "run":
  case "list": {
    const args = [path.join(root, "tools", "run_notebooks.py"), ...(cmd === "list" ? ["--list"] : []), ...rest];
    const child = spawn(python(), args, { stdio: "inherit", env: jupyterEnv(), cwd: root });
    // A stop reaches the runner, which ends its kernels and leaves the reports as they were. SIGTERM/SIGINT/SIGHUP
    // to this process alone are forwarded; so is the death of the parent (`npm run` passes a SIGTERM to its shell,
    // which dies without passing it on).
    let forwarded = null;
    const forward = (sig) => {
      if (forwarded === sig || child.exitCode !== null) return;
      forwarded = sig;
      child.kill(sig);
    };
    for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(sig, () => forward(sig));
    const ppid = process.ppid;
    const watch = setInterval(() => {
      if (process.ppid !== ppid) forward("SIGTERM");
    }, 500);
    watch.unref();
    child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 1) : 1)));
    break;
  }
  case "jupyterlab": {
    // JupyterLab refuses to start as root (containers, CI machines) unless told to: say so and pass the flag.
    const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
    const extra = asRoot && !rest.includes("--allow-root") ? ["--allow-root"] : [];
    if (extra.length) console.error("lab: running as root, so JupyterLab is started with --allow-root");
    const r = spawnSync(python(), ["-m", "jupyterlab", "--notebook-dir", path.join(root, "notebooks"), ...extra, ...rest], { stdio: "inherit", env: jupyterEnv(), cwd: root });
    process.exit(r.status ?? 1);
  }
  case "kernel-install": {
    const r = spawnSync(python(), ["-m", "jupyter", "kernelspec", "install", "--user", "--name", "tslab", path.join(root, "jupyter", "kernels", "tslab")], { stdio: "inherit", cwd: root });
    process.exit(r.status ?? 1);
  }
  default:
    console.log("usage: node tools/lab.cjs run [NAME ...] [--mode quick|full] [--seed N] [--timeout S] [--jobs N] | list | jupyterlab [JUPYTER OPTIONS] | kernel-install");
    process.exit(cmd === "help" || cmd === "--help" ? 0 : 2);
}
