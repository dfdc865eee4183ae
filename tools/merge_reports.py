#!/usr/bin/env python3
"""Combines the output folders of several runs (e.g. the shards of `run --shard I/N`) into one reports folder.

Usage: merge_reports.py DIR [DIR ...] --out OUT      (node tools/lab.cjs merge DIR ... --out reports)

Each DIR is an output folder of tools/run_notebooks.py (it has a runs.json). For every notebook a DIR ran, its report
folder (DIR/<name>/) — or, for a notebook that failed there, its partial output (DIR/.failed/<name>/) — is copied into
OUT, replacing what OUT had for that notebook; OUT's other reports are kept. The runs.json entries are merged, and the
index is rebuilt with tools/build_index.py. A notebook that two DIRs both ran is an error (the shards overlap), and so
is a DIR that is not a run's output. Prints one line per notebook and ends with `N passed, N failed`; the exit status
is 0 when every merged notebook passed, 1 when one failed, 2 on bad arguments.
"""
import argparse
import json
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOTEBOOKS = Path(os.environ.get("LAB_NOTEBOOKS_DIR") or ROOT / "notebooks").resolve()


def fail_usage(msg):
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(2)


def read_runs(folder):
    path = folder / "runs.json"
    if not folder.is_dir():
        fail_usage(f"{folder} is not a folder: give the output folders of the runs to merge (each has a runs.json)")
    try:
        runs = json.loads(path.read_text())
        if not isinstance(runs, dict):
            raise ValueError("not a JSON object")
    except FileNotFoundError:
        fail_usage(f"{folder} has no runs.json: it is not the output folder of a run (node tools/lab.cjs run ... --out {folder})")
    except Exception as e:
        fail_usage(f"{path} is unreadable ({e})")
    return runs


def copy_tree(src, dest):
    """dest := a copy of src, replaced atomically enough: copied beside it first, then swapped in."""
    tmp = dest.parent / f".{dest.name}.merge-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(src, tmp)
    old = dest.parent / f".{dest.name}.old-{os.getpid()}"
    if dest.exists():
        dest.rename(old)
    tmp.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description="Merge the output folders of several runs (shards) into one reports folder.")
    ap.add_argument("dirs", nargs="*", help="output folders of the runs to merge")
    ap.add_argument("--out", default=None, help="the merged reports folder (created if missing)")
    args = ap.parse_args()
    if not args.dirs:
        fail_usage("give the output folders to merge, e.g. node tools/lab.cjs merge shard-1 shard-2 --out reports")
    if not args.out:
        fail_usage("give the merged folder with --out, e.g. --out reports")
    out = Path(args.out).resolve()
    dirs = [Path(d).resolve() for d in args.dirs]
    if len(set(dirs)) != len(dirs):
        fail_usage("the same folder is given twice")
    if out in dirs:
        fail_usage(f"--out {out} is also one of the folders to merge: merge into a new or another folder")

    # Read everything first: nothing is written when an argument is wrong or two shards overlap.
    owner = {}
    entries = {}
    for d in dirs:
        for slug, entry in read_runs(d).items():
            if slug in owner:
                fail_usage(f"notebook {slug} was run in both {owner[slug]} and {d}: the shards overlap "
                           f"(run every shard with the same notebook list and N, e.g. --shard 1/2 and --shard 2/2)")
            ok = isinstance(entry, dict) and entry.get("status") == "ok"
            src = d / slug if ok else d / ".failed" / slug
            if ok and not src.is_dir():
                fail_usage(f"{d}/runs.json says {slug} passed but {src} is missing: is the folder complete?")
            owner[slug] = d
            entries[slug] = (entry, src if src.is_dir() else None, ok)

    out.mkdir(parents=True, exist_ok=True)
    try:
        merged_runs = json.loads((out / "runs.json").read_text())
        if not isinstance(merged_runs, dict):
            merged_runs = {}
    except Exception:
        merged_runs = {}
    passed = failed = 0
    for slug in sorted(entries):
        entry, src, ok = entries[slug]
        if ok:
            copy_tree(src, out / slug)
            shutil.rmtree(out / ".failed" / slug, ignore_errors=True)
            passed += 1
        else:
            # A failed notebook keeps OUT's previous good report, as the runner does; its partial output goes to .failed/.
            if src is not None:
                (out / ".failed").mkdir(exist_ok=True)
                copy_tree(src, out / ".failed" / slug)
            previous = owner[slug] / slug
            if previous.is_dir() and not (out / slug).exists():
                copy_tree(previous, out / slug)  # the shard's previous good report, which it kept
            failed += 1
        merged_runs[slug] = entry
        state = "ok    " if ok else "FAILED"
        print(f"{state}  {slug}  from {owner[slug]}" + ("" if ok else f": {entry.get('message', '') if isinstance(entry, dict) else ''}"))
    tmp = out / f"runs.json.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(merged_runs, indent=1))
    tmp.replace(out / "runs.json")

    sys.path.insert(0, str(HERE))
    import build_index
    build_index.build(out, NOTEBOOKS)
    print(f"merged {len(entries)} notebook(s) from {len(dirs)} folder(s) into {out}")
    print(f"index: {out / 'index.html'}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
