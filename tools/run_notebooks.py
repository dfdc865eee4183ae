#!/usr/bin/env python3
"""Executes collapse-lab notebooks headless on the project's tslab kernel and writes the reports.

Each notebook runs in its own child process (so a per-notebook timeout can kill it and its kernel) and writes into a
staging folder; only a notebook that ran to the end replaces reports/<slug>/, so a broken run never overwrites the
previous good report. Prints `ok`/`FAILED` per notebook and ends with `N passed, N failed`.

Usage: run_notebooks.py [NAME ...] [--mode quick|full] [--seed N] [--timeout SECONDS] [--jobs N] [--out DIR]
                        [--shard I/N [--shard-times RUNS.json]] [--list]

--shard I/N runs only the I-th of N deterministic shares of the selected notebooks (see select_shard), so that N machines
can split a run; tools/merge_reports.py (`node tools/lab.cjs merge`) combines their output folders into one.

Notebooks run in parallel (--jobs, default the number of cores), each in its own child process and kernel; each
notebook's result lines are printed in one piece when it finishes.

A stop (SIGTERM, SIGINT or SIGHUP) ends the kernels the run started; reports of unfinished notebooks stay as they were.
"""
import argparse
import datetime
import html
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = Path(os.environ.get("LAB_NOTEBOOKS_DIR") or ROOT / "notebooks").resolve()


def available():
    return sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb") if not p.name.startswith("."))


def fail_usage(msg):
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(2)


def _text(output):
    t = output.get("text", "")
    return "".join(t) if isinstance(t, list) else (t or "")


EXCEPTION_LINE = re.compile(r"^\[?(?:[A-Za-z_$][\w$.]*)?(?:Error|Exception)(?:\s*\[[^\]]*\])?(?::.*)?\]?$")
TYPE_ERROR_LINE = re.compile(r"^\d+:\d+ - ")
NODE_FRAME = re.compile(r"^\s+at .*(node:|node_modules[\\/]tslab|sigintHandlersWrap|Script\.runIn|runInThisContext)")


def describe_error(cell):
    """Why a cell failed, from its outputs: the exception (or compile errors) first, stderr noise left out.

    Returns {"summary": the error's own lines or "", "stderr": what to print, "tail": the last stderr lines}."""
    outputs = cell.get("outputs", [])
    stderr = "".join(_text(o) for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr")
    errs = [o for o in outputs if o.get("output_type") == "error"]
    lines = stderr.rstrip().splitlines()
    tail = "\n".join(lines[-40:])
    if errs:  # kernels that send proper error messages
        e = errs[-1]
        summary = f"{e.get('ename', 'Error')}: {e.get('evalue', '')}".strip()
        return {"summary": summary, "stderr": "\n".join([summary] + [re.sub(r"\x1b\[[0-9;]*m", "", t) for t in e.get("traceback", [])][-15:]), "tail": tail}
    compile_errors = [l for l in lines if TYPE_ERROR_LINE.match(l)]
    if compile_errors:
        return {"summary": "\n".join(compile_errors), "stderr": "\n".join(compile_errors), "tail": tail}
    at = next((i for i in range(len(lines) - 1, -1, -1) if EXCEPTION_LINE.match(lines[i].strip())), None)
    if at is None:
        return {"summary": "", "stderr": tail, "tail": tail}
    # tslab prints `file:line`, the source line, a caret, a blank line, then `Name: message` and the stack. Show the
    # source excerpt when it is the cell's own code (evalmachine), not compiled library code.
    caret = next((i for i in range(at - 1, max(at - 6, -1), -1) if lines[i].strip() == "^"), None)
    start = caret - 2 if caret is not None and caret >= 2 and "evalmachine" in lines[caret - 2] else at
    summary = lines[at].strip().strip("[]")
    rest = lines[at + 1:]
    more = 0  # a multi-line message continues up to the first stack frame
    while more < len(rest) and more < 20 and not rest[more].lstrip().startswith("at "):
        more += 1
    head = lines[start:at] + [summary] + [l.rstrip("]") for l in rest[:more]]
    frames = [l for l in rest[more:] if l.lstrip().startswith("at ") and not NODE_FRAME.match(l)][:6]
    shown = head + frames
    hidden = len(lines) - len(head) - len(frames)
    if hidden > 0:
        shown.append(f"({hidden} other stderr line(s) of this cell not shown; all are in the executed notebook)")
    return {"summary": summary, "stderr": "\n".join(shown), "tail": tail}


def exit_description(code):
    if code is None:
        return "exit status unknown"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}" + (", e.g. out of memory" if -code == signal.SIGKILL else "")
    return f"exit status {code}"


# ---------------------------------------------------------------------------------------------------- child process
def execute_one(slug, staging, cell_timeout):
    """Runs in the child: execute notebooks/<slug>.ipynb, write staging/<slug>.ipynb, report.html, run.json."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(NOTEBOOKS / f"{slug}.ipynb", as_version=4)
    timings = []
    t_launch = time.time()
    state = {"start": None, "error": None, "kernel_ready": None, "cell": None, "kernel_exit": None}

    def on_notebook_start(**kw):
        # The kernel runs in its own session (jupyter_client): record its pid so the parent can end it on a stop.
        pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
        if pid:
            (staging / "kernel.pid").write_text(str(pid))

    def on_notebook_error(**kw):
        # Runs before nbclient cleans up the kernel: keep a dead kernel's exit status for the report.
        proc = getattr(getattr(client.km, "provisioner", None), "process", None)
        if proc is not None:
            end = time.time() + 3
            while proc.poll() is None and time.time() < end:
                time.sleep(0.05)
            state["kernel_exit"] = proc.poll()

    def on_cell_start(cell, cell_index, **kw):
        state["cell"] = (cell_index, cell)
        state["start"] = time.time()
        if state["kernel_ready"] is None:
            state["kernel_ready"] = round(state["start"] - t_launch, 2)

    def on_cell_executed(cell, cell_index, execute_reply=None, **kw):
        timings.append({"cell": cell_index, "seconds": round(time.time() - (state["start"] or time.time()), 3)})

    def on_cell_error(cell, cell_index, execute_reply=None, **kw):
        state["error"] = {"cell": cell_index, "source": cell.get("source", ""), **describe_error(cell)}

    client = NotebookClient(
        nb, timeout=cell_timeout, kernel_name="tslab", allow_errors=False, record_timing=True,
        # outputs still queued on IOPub when the cell's reply arrives (many outputs, a loaded machine) are waited for
        # instead of dropped after nbclient's default 4 s; if they never come, the notebook fails rather than losing them
        iopub_timeout=IOPUB_TIMEOUT_S, raise_on_iopub_timeout=True,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        on_notebook_start=on_notebook_start, on_notebook_error=on_notebook_error, on_cell_start=on_cell_start, on_cell_executed=on_cell_executed, on_cell_error=on_cell_error,
    )
    ok, message = True, ""
    try:
        client.execute()
    except CellTimeoutError as e:
        first = str(e).splitlines()[0] if str(e) else ""
        if f"after {IOPUB_TIMEOUT_S} seconds" in first and cell_timeout != IOPUB_TIMEOUT_S:
            # nbclient reports a wait for IOPub outputs with the same exception as a cell timeout
            ok, message = False, f"a cell's outputs were still missing {IOPUB_TIMEOUT_S} s after it finished (the kernel's output messages were lost)"
        else:
            ok, message = False, f"a cell ran longer than {cell_timeout} s (LAB_CELL_TIMEOUT): {first}"
    except DeadKernelError as e:
        how = exit_description(state["kernel_exit"])
        ok = False
        if state["cell"] is not None:
            index, cell = state["cell"]
            message = f"the kernel died ({how}) while running cell #{index}"
            described = describe_error(cell)
            state["error"] = {"cell": index, "source": cell.get("source", ""), "summary": message,
                              "stderr": "\n".join(filter(None, [described["stderr"] if described["summary"] else described["tail"],
                                                               f"the kernel died ({how})"]))}
        else:
            message = f"the kernel died ({how}) before the first cell ran"
    except CellExecutionError as e:
        ok = False
        summary = (state["error"] or {}).get("summary")
        message = f"cell error: {summary.splitlines()[0]}" if summary else "cell error (the kernel sent no error text)"
    except Exception as e:  # kernel could not start, etc.
        ok, message = False, f"{type(e).__name__}: {e}"
    # tslab sends no execute_input, so nbclient leaves execution counts empty: number the executed cells in order.
    count = 0
    last = state["error"]["cell"] if state["error"] else len(nb.cells) - 1
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and i <= last and (ok or i <= last):
            count += 1
            cell.execution_count = count
            for o in cell.get("outputs", []):
                if o.get("output_type") == "execute_result":
                    o["execution_count"] = count
    staging.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, staging / f"{slug}.ipynb")
    try:
        write_html(nb, staging / "report.html", slug)
    except Exception as e:  # the executed notebook is still useful
        print(f"warning: HTML export of {slug} failed: {e}", file=sys.stderr)
    first = timings[0]["seconds"] if timings else None
    result = {"ok": ok, "message": message, "error": state["error"], "timings": timings,
              "kernel_start_s": state["kernel_ready"], "first_cell_s": first,
              "execute_s": round(time.time() - t_launch, 2)}
    (staging / "run.json").write_text(json.dumps(result, indent=1))
    return 0 if ok else 1


def write_html(nb, dest, slug):
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = False
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": slug}})
    # The report is opened from disk without network: drop the CDN script tags of the template (require.js, MathJax);
    # plotly.js is inlined by the notebook itself.
    body = strip_cdn_scripts(body)
    body = inline_mathjax(body)
    tmp = dest.with_suffix(".tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(dest)


MATHJAX = ROOT / "node_modules" / "mathjax" / "es5" / "tex-svg-full.js"
MATHJAX_CONFIG = (
    "window.MathJax={tex:{inlineMath:[['$','$'],['\\\\(','\\\\)']],displayMath:[['$$','$$'],['\\\\[','\\\\]']],"
    "processEscapes:true,processEnvironments:true},svg:{fontCache:'global'},options:{skipHtmlTags:['script','noscript','style','textarea','pre','code']}};"
)


def inline_mathjax(body):
    """Typesets the prose's LaTeX offline: MathJax 3 (all TeX extensions, SVG output) inlined once per report."""
    if not MATHJAX.exists():
        return body
    js = MATHJAX.read_text(encoding="utf-8").replace("</script", "<\\/script")
    tag = f"<script>{MATHJAX_CONFIG}</script>\n<script>{js}</script>\n"
    i = body.rfind("</body>")
    return body[:i] + tag + body[i:] if i >= 0 else body + tag


def strip_cdn_scripts(body):
    out = []
    for line in body.splitlines(keepends=True):
        if "<script" in line and ("cdnjs.cloudflare.com" in line or "cdn.jsdelivr.net" in line or "unpkg.com" in line):
            continue
        out.append(line)
    return "".join(out)


# ---------------------------------------------------------------------------------------------------- parent process
IOPUB_TIMEOUT_S = 120  # how long outputs still queued when a cell's reply arrives are waited for
STOP_GRACE_S = 3.0  # how long a kernel gets to exit on SIGTERM before SIGKILL


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def _end_group(pgid, grace=STOP_GRACE_S):
    """SIGTERM a process group, then SIGKILL whatever is left after `grace` seconds."""
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        return
    end = time.time() + grace
    while time.time() < end and _group_alive(pgid):
        time.sleep(0.05)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def record_sources(slug, folder):
    """Writes sources.json: the hash of the sources this notebook depends on as the run starts (tools/paper-sources.cjs),
    so a published full result names the sources it was made from."""
    try:
        r = subprocess.run(["node", str(ROOT / "tools" / "paper-sources.cjs"), slug], capture_output=True, text=True, timeout=120)
        if r.returncode == 0:
            (folder / "sources.json").write_text(r.stdout)
    except Exception:
        pass


class Job:
    """One notebook executing in its own child process (own session) with its own kernel (another session)."""

    def __init__(self, slug, args, out, env):
        self.slug = slug
        self.staging = out / ".staging" / slug
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        env = {**env, "LAB_REPORT_DIR": str(self.staging)}
        record_sources(slug, self.staging)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", slug, "--_staging", str(self.staging),
               "--cell-timeout", str(args.cell_timeout)]
        self.log = open(self.staging / "runner.log", "wb")
        self.t0 = time.time()
        self.deadline = self.t0 + args.timeout
        self.timeout_msg = None
        self.proc = subprocess.Popen(cmd, env=env, cwd=str(NOTEBOOKS), start_new_session=True,
                                     stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)

    def kernel_pid(self):
        try:
            return int((self.staging / "kernel.pid").read_text().strip())
        except Exception:
            return None

    def ours(self, pid):
        """Whether `pid` is still this notebook's kernel (not a reused pid): it carries this job's LAB_REPORT_DIR."""
        if not Path("/proc/self/environ").exists():
            return True  # no /proc to ask: trust the pid
        try:
            env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            return False  # gone, or another user's process
        return f"LAB_REPORT_DIR={self.staging}".encode() in env

    def end(self):
        """Ends the kernel (its whole process group) and then the child; safe to call more than once."""
        kpid = self.kernel_pid()
        if kpid and _group_alive(kpid) and self.ours(kpid):
            _end_group(kpid)
        if self.proc.poll() is None:
            _end_group(self.proc.pid, grace=1.0)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self.log.close()

    def poll(self):
        """None while running; the child's exit status once it has ended (its kernel ended too)."""
        rc = self.proc.poll()
        if rc is None and time.time() > self.deadline:
            self.timeout_msg = f"timed out after {round(self.deadline - self.t0)} s (per-notebook limit, --timeout)"
            self.end()
            return -1
        if rc is not None:
            self.end()  # a kernel left behind by a crashed child
        return rc


SHARD_HINT = "give it as I/N with whole numbers 1 <= I <= N, e.g. --shard 1/2 and --shard 2/2 on two machines"


def parse_shard(text):
    """'I/N' -> (I, N) with 1 <= I <= N; a clear usage error otherwise."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(text))
    if not m:
        fail_usage(f"invalid --shard {text!r}: {SHARD_HINT}")
    i, n = int(m.group(1)), int(m.group(2))
    if n < 1:
        fail_usage(f"invalid --shard {text!r}: the number of shards N must be at least 1; {SHARD_HINT}")
    if not 1 <= i <= n:
        fail_usage(f"invalid --shard {text!r}: the shard I must be between 1 and N = {n} (shards are numbered from 1); {SHARD_HINT}")
    return i, n


def shard_times(path):
    """Expected seconds per notebook from a runs.json written by an earlier run (its "seconds" entries)."""
    try:
        runs = json.loads(Path(path).read_text())
        if not isinstance(runs, dict):
            raise ValueError("not a JSON object")
    except Exception as e:
        fail_usage(f"invalid --shard-times {str(path)!r}: cannot read it as a runs.json of an earlier run ({e})")
    times = {}
    for slug, entry in runs.items():
        secs = entry.get("seconds") if isinstance(entry, dict) else None
        if isinstance(secs, (int, float)) and secs >= 0:
            times[slug] = float(secs)
    return times


def select_shard(names, i, n, times=None):
    """The I-th (1-based) of N disjoint shares of `names`, which together cover them; the same for every shard given the
    same names (in any order) and the same times.

    Without times: the names sorted, every N-th from position I-1. With times (expected seconds, e.g. from an earlier
    run's runs.json): longest first onto the least-loaded shard (ties: the lower shard), a notebook without a time
    counted at the median of the known ones; each share is returned sorted."""
    ordered = sorted(set(names))
    if not times:
        return ordered[i - 1::n]
    known = sorted(times[s] for s in ordered if s in times)
    default = known[len(known) // 2] if known else 1.0
    cost = {s: times.get(s, default) for s in ordered}
    loads = [0.0] * n
    shares = [[] for _ in range(n)]
    for s in sorted(ordered, key=lambda s: (-cost[s], s)):
        k = min(range(n), key=lambda k: (loads[k], k))
        shares[k].append(s)
        loads[k] += cost[s]
    return sorted(shares[i - 1])


def positive_int(name, value, hint):
    text = str(value).strip()
    if not text.isdigit() or int(text) < 1:
        fail_usage(f"invalid {name} {value!r}: {hint}")
    return int(text)


def finish_job(job, rc, out, mode, seed, status):
    """Moves a finished notebook's output into place and prints its result lines in one write. Returns ok."""
    slug, staging = job.slug, job.staging
    secs = time.time() - job.t0
    try:
        result = json.loads((staging / "run.json").read_text())
    except Exception:
        result = {"ok": False, "message": job.timeout_msg or f"runner child exited with code {rc}", "error": None}
    if job.timeout_msg:
        result = {**result, "ok": False, "message": job.timeout_msg}
    lines = []
    try:
        noise = (staging / "runner.log").read_text(errors="replace").strip()
    except Exception:
        noise = ""
    entry = {"mode": mode, "seed": int(seed), "seconds": round(secs, 1), "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
             "started": datetime.datetime.fromtimestamp(job.t0, datetime.timezone.utc).isoformat(timespec="milliseconds"),
             "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds"),
             "kernel_start_s": result.get("kernel_start_s"), "first_cell_s": result.get("first_cell_s")}
    ok = bool(result.get("ok")) and rc == 0
    if ok:
        final = out / slug
        old = out / ".staging" / f"{slug}.old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        staging.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(out / ".failed" / slug, ignore_errors=True)
        status[slug] = {**entry, "status": "ok"}
        ks = f", kernel start {entry['kernel_start_s']} s + first cell {entry['first_cell_s']} s" if entry.get("kernel_start_s") is not None else ""
        lines.append(f"ok      {slug}  ({secs:.1f} s{ks}) -> {final.relative_to(out.parent) if out.parent in final.parents else final}/report.html")
        lines.extend("  " + l for l in noise.splitlines() if l.startswith("warning:"))
    else:
        dest = out / ".failed" / slug
        shutil.rmtree(dest, ignore_errors=True)
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(dest)
        err = result.get("error") or {}
        status[slug] = {**entry, "status": "failed", "message": result.get("message", ""), "cell": err.get("cell")}
        lines.append(f"FAILED  {slug}  ({secs:.1f} s): {result.get('message', '')}")
        if err:
            src = err.get("source", "")
            lines.append(f"  notebook: notebooks/{slug}.ipynb, cell #{err.get('cell')}")
            lines.append("  source:\n" + "\n".join("    " + l for l in src.splitlines()[:15]))
            lines.append("  error:\n" + "\n".join("    " + l for l in (err.get("stderr") or "(no error text)").splitlines()[:40]))
        if noise:
            lines.append("  runner/kernel output (last lines):\n" + "\n".join("    " + l for l in noise.splitlines()[-20:]))
        kept = out / slug
        lines.append(f"  partial output kept in {dest}; " + (f"previous good report left in place: {kept}" if kept.exists() else "no previous report"))
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
    return ok


def main():
    ap = argparse.ArgumentParser(description="Execute collapse-lab notebooks and write HTML reports.")
    ap.add_argument("names", nargs="*", help="notebook names (default: all)")
    ap.add_argument("--mode", default=os.environ.get("LAB_MODE", "quick"))
    ap.add_argument("--seed", default=os.environ.get("LAB_SEED", "1"))
    ap.add_argument("--timeout", default=None, help="per-notebook limit in seconds (default 900 quick, 3600 full)")
    ap.add_argument("--cell-timeout", default=os.environ.get("LAB_CELL_TIMEOUT", "1800"))
    ap.add_argument("--jobs", "-j", default=None, help="notebooks run at once, each in its own kernel (default: the number of cores)")
    ap.add_argument("--out", default=str(ROOT / "reports"))
    ap.add_argument("--list", action="store_true", help="print the selected notebooks' names (after --shard) and exit")
    ap.add_argument("--shard", default=None, help="I/N: run only the I-th of N deterministic shares of the selected notebooks")
    ap.add_argument("--shard-times", default=None, help="runs.json of an earlier run: balance the shards by its times (the same file for every shard)")
    ap.add_argument("--_child")
    ap.add_argument("--_staging")
    args = ap.parse_args()

    if args._child:
        sys.exit(execute_one(args._child, Path(args._staging), int(args.cell_timeout)))

    names = available()
    shard = parse_shard(args.shard) if args.shard is not None else None
    if args.shard_times is not None and shard is None:
        fail_usage("--shard-times only applies with --shard I/N")
    times = shard_times(args.shard_times) if args.shard_times is not None else None
    if args.list and not args.names:
        print("\n".join(select_shard(names, *shard, times) if shard else names))
        return 0
    mode = args.mode.strip().lower()
    if mode not in ("quick", "full"):
        fail_usage(f"unknown mode {args.mode!r}: use --mode quick or --mode full")
    seed = args.seed.strip()
    if not seed.isdigit() or int(seed) >= 2**32:
        fail_usage(f"invalid seed {args.seed!r}: use a whole number from 0 to 4294967295")
    if args.timeout is not None:
        args.timeout = positive_int("--timeout", args.timeout, "give the per-notebook limit as a whole number of seconds, at least 1 (default 900 in quick mode, 3600 in full)")
    args.cell_timeout = positive_int("cell timeout (--cell-timeout or LAB_CELL_TIMEOUT)", args.cell_timeout, "give a whole number of seconds, at least 1 (default 1800)")
    wanted = [n[:-6] if n.endswith(".ipynb") else n for n in (args.names or names)]
    wanted = list(dict.fromkeys(Path(n).name for n in wanted))
    unknown = [n for n in wanted if n not in names]
    if unknown:
        fail_usage(f"no notebook named {', '.join(unknown)} in notebooks/. Available: {', '.join(names) or '(none)'}")
    shard_note = ""
    if shard:
        chosen = set(select_shard(wanted, *shard, times))
        shard_note = f", shard {shard[0]}/{shard[1]}: {len(chosen)} of {len(wanted)}" + (" balanced by --shard-times" if times else "")
        wanted = [n for n in wanted if n in chosen]
    if args.list:
        print("\n".join(wanted))
        return 0
    timeout = args.timeout or (900 if mode == "quick" else 3600)
    args.timeout = timeout
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    jobs = cores if args.jobs is None else positive_int("--jobs", args.jobs, f"give how many notebooks to run at once, at least 1 (default: the number of cores, {cores})")
    jobs = min(jobs, max(1, len(wanted)))

    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update({"LAB_MODE": mode, "LAB_SEED": seed, "JUPYTER_PATH": os.pathsep.join(filter(None, [str(ROOT / "jupyter"), env.get("JUPYTER_PATH", "")]))})
    env.setdefault("OPENBLAS_NUM_THREADS", "1")

    # A stop (SIGTERM, SIGINT, SIGHUP) ends the kernels this run started and leaves every report as it was.
    stop = {"signal": None}

    def on_signal(signum, frame):
        stop["signal"] = stop["signal"] or signum

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)

    status_file = out / "runs.json"
    status = {}
    passed = failed = 0
    print(f"running {len(wanted)} notebook(s) in {mode} mode, seed {seed} (per-notebook limit {timeout} s, {jobs} at a time{shard_note})"
          + (f": {', '.join(wanted)}" if shard else ""), flush=True)
    pending = list(wanted)
    running = []
    while (pending or running) and not stop["signal"]:
        while pending and len(running) < jobs and not stop["signal"]:
            running.append(Job(pending.pop(0), args, out, env))
        for job in list(running):
            rc = job.poll()
            if rc is None:
                continue
            running.remove(job)
            if finish_job(job, rc, out, mode, seed, status):
                passed += 1
            else:
                failed += 1
        time.sleep(0.1)
    if stop["signal"]:
        name = signal.Signals(stop["signal"]).name
        for job in running:
            job.end()
            shutil.rmtree(job.staging, ignore_errors=True)
        stopped = [j.slug for j in running] + pending
        print(f"stopped by {name}: ended the kernels of {', '.join(j.slug for j in running) or 'no running notebook'}; "
              f"not finished: {', '.join(stopped) or 'none'} (their previous reports are left in place)", flush=True)
    # Merge into the newest runs.json (another run may have finished meanwhile) and write it atomically.
    try:
        latest = json.loads(status_file.read_text())
    except Exception:
        latest = {}
    latest.update({slug: status[slug] for slug in wanted if slug in status})
    tmp = status_file.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(latest, indent=1))
    tmp.replace(status_file)
    for slug in wanted:
        shutil.rmtree(out / ".staging" / f"{slug}.old", ignore_errors=True)
    if stop["signal"]:
        print(f"{passed} passed, {failed} failed, {len(wanted) - passed - failed} stopped")
        return 128 + stop["signal"]
    import build_index
    build_index.build(out, NOTEBOOKS)
    print(f"index: {out / 'index.html'}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
