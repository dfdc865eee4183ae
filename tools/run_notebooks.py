#!/usr/bin/env python3
"""Executes collapse-lab notebooks headless on the project's tslab kernel and writes the reports.

Each notebook runs in its own child process (so a per-notebook timeout can kill it and its kernel) and writes into a
staging folder; only a notebook that ran to the end replaces reports/<slug>/, so a broken run never overwrites the
previous good report. Prints `ok`/`FAILED` per notebook and ends with `N passed, N failed`.

Usage: run_notebooks.py [NAME ...] [--mode quick|full] [--seed N] [--timeout SECONDS] [--out DIR]
"""
import argparse
import datetime
import html
import json
import os
import platform
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


# ---------------------------------------------------------------------------------------------------- child process
def execute_one(slug, staging, cell_timeout):
    """Runs in the child: execute notebooks/<slug>.ipynb, write staging/<slug>.ipynb, report.html, run.json."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(NOTEBOOKS / f"{slug}.ipynb", as_version=4)
    timings = []
    t_launch = time.time()
    state = {"start": None, "error": None, "kernel_ready": None}

    def on_cell_start(cell, cell_index, **kw):
        state["start"] = time.time()
        if state["kernel_ready"] is None:
            state["kernel_ready"] = round(state["start"] - t_launch, 2)

    def on_cell_executed(cell, cell_index, execute_reply=None, **kw):
        timings.append({"cell": cell_index, "seconds": round(time.time() - (state["start"] or time.time()), 3)})

    def on_cell_error(cell, cell_index, execute_reply=None, **kw):
        stderr = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr")
        errs = "".join(o.get("evalue", "") + "\n" + "\n".join(o.get("traceback", [])) for o in cell.get("outputs", []) if o.get("output_type") == "error")
        state["error"] = {"cell": cell_index, "source": cell.get("source", ""), "stderr": (stderr + errs).strip()}

    client = NotebookClient(
        nb, timeout=cell_timeout, kernel_name="tslab", allow_errors=False, record_timing=True,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        on_cell_start=on_cell_start, on_cell_executed=on_cell_executed, on_cell_error=on_cell_error,
    )
    ok, message = True, ""
    try:
        client.execute()
    except CellTimeoutError as e:
        ok, message = False, f"a cell ran longer than {cell_timeout} s (LAB_CELL_TIMEOUT): {str(e).splitlines()[0] if str(e) else ''}"
    except DeadKernelError as e:
        ok, message = False, f"the kernel died: {e}"
    except CellExecutionError as e:
        ok, message = False, "cell error"
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
def run_child(slug, args, staging, env):
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", slug, "--_staging", str(staging), "--cell-timeout", str(args.cell_timeout)]
    proc = subprocess.Popen(cmd, env=env, cwd=str(NOTEBOOKS), start_new_session=True)
    try:
        proc.wait(timeout=args.timeout)
        return proc.returncode, None
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        return -1, f"timed out after {args.timeout} s (per-notebook limit, --timeout)"


def main():
    ap = argparse.ArgumentParser(description="Execute collapse-lab notebooks and write HTML reports.")
    ap.add_argument("names", nargs="*", help="notebook names (default: all)")
    ap.add_argument("--mode", default=os.environ.get("LAB_MODE", "quick"))
    ap.add_argument("--seed", default=os.environ.get("LAB_SEED", "1"))
    ap.add_argument("--timeout", type=int, default=None, help="per-notebook limit in seconds (default 900 quick, 3600 full)")
    ap.add_argument("--cell-timeout", type=int, default=int(os.environ.get("LAB_CELL_TIMEOUT", "1800")))
    ap.add_argument("--out", default=str(ROOT / "reports"))
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--_child")
    ap.add_argument("--_staging")
    args = ap.parse_args()

    if args._child:
        sys.exit(execute_one(args._child, Path(args._staging), args.cell_timeout))

    names = available()
    if args.list:
        print("\n".join(names))
        return 0
    mode = args.mode.strip().lower()
    if mode not in ("quick", "full"):
        fail_usage(f"unknown mode {args.mode!r}: use --mode quick or --mode full")
    seed = args.seed.strip()
    if not seed.isdigit() or int(seed) >= 2**32:
        fail_usage(f"invalid seed {args.seed!r}: use a whole number from 0 to 4294967295")
    wanted = [n[:-6] if n.endswith(".ipynb") else n for n in (args.names or names)]
    wanted = [Path(n).name for n in wanted]
    unknown = [n for n in wanted if n not in names]
    if unknown:
        fail_usage(f"no notebook named {', '.join(unknown)} in notebooks/. Available: {', '.join(names) or '(none)'}")
    timeout = args.timeout or (900 if mode == "quick" else 3600)
    args.timeout = timeout

    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update({"LAB_MODE": mode, "LAB_SEED": seed, "JUPYTER_PATH": os.pathsep.join(filter(None, [str(ROOT / "jupyter"), env.get("JUPYTER_PATH", "")]))})
    env.setdefault("OPENBLAS_NUM_THREADS", "1")

    status_file = out / "runs.json"
    status = {}

    passed = failed = 0
    print(f"running {len(wanted)} notebook(s) in {mode} mode, seed {seed} (per-notebook limit {timeout} s)", flush=True)
    for slug in wanted:
        staging = out / ".staging" / slug
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        env["LAB_REPORT_DIR"] = str(staging)
        t0 = time.time()
        rc, timeout_msg = run_child(slug, args, staging, env)
        secs = time.time() - t0
        try:
            result = json.loads((staging / "run.json").read_text())
        except Exception:
            result = {"ok": False, "message": timeout_msg or f"runner child exited with code {rc}", "error": None}
        if timeout_msg:
            result = {**result, "ok": False, "message": timeout_msg}
        entry = {"mode": mode, "seed": int(seed), "seconds": round(secs, 1), "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                 "kernel_start_s": result.get("kernel_start_s"), "first_cell_s": result.get("first_cell_s")}
        if result.get("ok") and rc == 0:
            final = out / slug
            old = out / ".staging" / f"{slug}.old"
            shutil.rmtree(old, ignore_errors=True)
            if final.exists():
                final.rename(old)
            staging.rename(final)
            shutil.rmtree(old, ignore_errors=True)
            shutil.rmtree(out / ".failed" / slug, ignore_errors=True)
            passed += 1
            status[slug] = {**entry, "status": "ok"}
            ks = f", kernel start {entry['kernel_start_s']} s + first cell {entry['first_cell_s']} s" if entry.get("kernel_start_s") is not None else ""
            print(f"ok      {slug}  ({secs:.1f} s{ks}) -> {final.relative_to(out.parent) if out.parent in final.parents else final}/report.html", flush=True)
        else:
            failed += 1
            dest = out / ".failed" / slug
            shutil.rmtree(dest, ignore_errors=True)
            dest.parent.mkdir(parents=True, exist_ok=True)
            staging.rename(dest)
            err = result.get("error") or {}
            status[slug] = {**entry, "status": "failed", "message": result.get("message", ""), "cell": err.get("cell")}
            print(f"FAILED  {slug}  ({secs:.1f} s): {result.get('message', '')}", flush=True)
            if err:
                src = err.get("source", "")
                print(f"  notebook: notebooks/{slug}.ipynb, cell #{err.get('cell')}", flush=True)
                print("  source:\n" + "\n".join("    " + l for l in src.splitlines()[:15]), flush=True)
                print("  error:\n" + "\n".join("    " + l for l in (err.get("stderr") or "(no error text)").splitlines()[:40]), flush=True)
            kept = out / slug
            print(f"  partial output kept in {dest}; " + (f"previous good report left in place: {kept}" if kept.exists() else "no previous report"), flush=True)
    # Merge into the newest runs.json (another run may have finished meanwhile) and write it atomically.
    try:
        latest = json.loads(status_file.read_text())
    except Exception:
        latest = {}
    latest.update({slug: status[slug] for slug in wanted})
    tmp = status_file.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(latest, indent=1))
    tmp.replace(status_file)
    for slug in wanted:
        shutil.rmtree(out / ".staging" / f"{slug}.old", ignore_errors=True)
    import build_index
    build_index.build(out, NOTEBOOKS)
    print(f"index: {out / 'index.html'}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
