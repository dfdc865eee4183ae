"""Writes reports/index.html: one section per paper with status, run parameters, figures and the scorecard."""
import datetime
import html
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{margin-bottom:0.2em} .sub{color:#555;margin-top:0}
section{border:1px solid #ddd;border-radius:6px;padding:0.8em 1.2em;margin:1.2em 0}
.ok{color:#070;font-weight:bold}.failed{color:#b00;font-weight:bold}.none{color:#777}
table{border-collapse:collapse;margin:0.5em 0;font-size:0.92em} td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f6f6} tr.fail td{background:#fdd} .meta td:first-child{font-weight:bold;background:#fafafa}
.kind{font-size:0.8em;background:#eef;border-radius:3px;padding:0 4px;margin-right:3px} .note{color:#555;font-size:0.85em}
"""


def esc(s):
    return html.escape(str(s), quote=True)


def fmt_ms(ms):
    return f"{ms:.0f} ms" if ms < 1000 else f"{ms / 1000:.1f} s"


def load(p):
    try:
        return json.loads(Path(p).read_text())
    except Exception:
        return None


def source_hash(slug):
    """Hash of the sources a notebook depends on (tools/paper-sources.cjs), or None when it cannot be computed."""
    try:
        r = subprocess.run(["node", str(ROOT / "tools" / "paper-sources.cjs"), slug], capture_output=True, text=True, timeout=60)
        return json.loads(r.stdout)["hash"] if r.returncode == 0 else None
    except Exception:
        return None


def full_result(slug):
    """The published full-mode result of a notebook: (run info, stale?) or (None, None)."""
    run = load(ROOT / "results" / "full" / slug / "run.json")
    if not run:
        return None, None
    now = source_hash(slug)
    return run, (now is not None and now != run.get("sourceHash"))


def scorecards_html(slug, meta, checks):
    """Quick and full scorecards side by side: this report's, and the published full-mode result with its staleness."""
    rows = []
    if checks:
        rows.append((f"this report ({esc(checks.get('mode'))} mode, seed {esc(checks.get('seed'))})", esc(checks.get("headline") or "")))
    run, stale = full_result(slug)
    if run:
        state = "<span class='failed'>stale: the notebook's sources changed since</span>" if stale else "<span class='ok'>current</span>"
        rows.append((f"published full result (<a href='../results/full/{esc(slug)}/checks.json'>checks</a>, revision {esc(run.get('revision'))}, "
                     f"{esc(run.get('notebookSeconds') and round(run['notebookSeconds']))} s)", f"{esc(run.get('headline'))} · {state}"))
    else:
        rows.append(("published full result", "<span class='none'>none yet (npm run reports -- --mode full, then node tools/publish-results.cjs)</span>"))
    return "<table class='meta'>" + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows) + "</table>"


def build(out, notebooks=None):
    out = Path(out)
    runs = load(out / "runs.json") or {}
    slugs = sorted(p.stem for p in Path(notebooks or ROOT / "notebooks").glob("*.ipynb"))
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>collapse-lab reports</title><style>{CSS}</style></head><body>",
             "<h1>collapse-lab — reports</h1>",
             f"<p class='sub'>One executed notebook per paper. Generated {esc(datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'))}. "
             "Scorecards count claims reproduced (the paper's statements tested on data, beyond the noise) and agreement checks passed (theory vs simulation, with the smallest relative bias each detects); "
             "implementation checks of this project's own formulas are counted apart. "
             "Tags: [V] verified from the paper or its code · [S] secondary · [D] derived here and checked by simulation · [U] a choice of this project (not the paper's value).</p>"]
    totals = {"ok": 0, "failed": 0, "none": 0}
    for slug in slugs:
        meta = load(out / slug / "meta.json")
        checks = load(out / slug / "checks.json")
        run = runs.get(slug)
        if run and run.get("status") == "failed":
            st, cls = ("FAILED in the last run" + (" — showing the previous good report" if meta else "")), "failed"
            totals["failed"] += 1
        elif meta:
            st, cls = "ok", "ok"
            totals["ok"] += 1
        else:
            st, cls = "not run yet", "none"
            totals["none"] += 1
        title = meta["title"] if meta else slug
        parts.append(f"<section id='{esc(slug)}'><h2>{esc(title)}</h2>")
        if meta:
            parts.append(f"<p>{esc(meta.get('citation', ''))}</p>")
        parts.append(f"<p>Status: <span class='{cls}'>{esc(st)}</span>")
        if run and run.get("status") == "failed":
            parts.append(f"<br><span class='note'>last run {esc(run.get('at'))} ({esc(run.get('mode'))}, seed {esc(run.get('seed'))}): {esc(run.get('message', ''))}"
                         f"{' at cell #' + esc(run.get('cell')) if run.get('cell') is not None else ''}</span>")
        parts.append("</p>")
        if meta:
            env = meta.get("environment", {})
            secs = None
            if meta.get("startedAt") and meta.get("finishedAt"):
                t0 = datetime.datetime.fromisoformat(meta["startedAt"].replace("Z", "+00:00"))
                t1 = datetime.datetime.fromisoformat(meta["finishedAt"].replace("Z", "+00:00"))
                secs = (t1 - t0).total_seconds()
            rows = [("report", f"<a href='{esc(slug)}/report.html'>{esc(slug)}/report.html</a> · executed notebook <a href='{esc(slug)}/{esc(slug)}.ipynb'>{esc(slug)}.ipynb</a>"),
                    ("mode · seed", f"{esc(meta['mode'])} · {esc(meta['seed'])}"),
                    ("library revision", esc(meta.get("revision", "?"))),
                    ("machine", esc(f"{env.get('machine', '?')}, {env.get('cpus', '?')} cores, {env.get('memoryGiB', '?')} GiB; Node {env.get('node', '?')}")),
                    ("linear algebra", esc(env.get("linalg", "?")))]
            for k, v in env.items():
                if k not in ("machine", "cpus", "memoryGiB", "node", "tslab", "linalg"):
                    rows.append((k, esc(v)))
            if secs is not None:
                rows.append(("notebook time", f"{secs:.1f} s"))
            if run and run.get("seconds") is not None and run.get("status") == "ok":
                rows.append(("run time incl. kernel start and export", f"{run['seconds']} s"
                             + (f" (kernel start {run['kernel_start_s']} s, first cell {run['first_cell_s']} s)" if run.get("kernel_start_s") is not None else "")))
            parts.append("<table class='meta'>" + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows) + "</table>")
            figs = meta.get("figures", [])
            if figs:
                parts.append("<h3>Figures</h3><table><tr><th>figure</th><th>title</th><th>series</th><th>runtime</th><th>data</th></tr>")
                for f in figs:
                    kinds = "".join(f"<span class='kind'>{esc(k)}</span>" for k in f.get("kinds", []))
                    notes = "".join(f"<div class='note'>{esc(n)}</div>" for n in f.get("notes", []))
                    parts.append(f"<tr><td>{esc(f['id'])}</td><td>{esc(f['title'])}{notes}</td><td>{kinds}</td><td>{fmt_ms(f['runtimeMs'])}{' (cached)' if f.get('cached') else ''}</td>"
                                 f"<td><a href='{esc(slug)}/{esc(f['json'])}'>json</a> · <a href='{esc(slug)}/{esc(f['csv'])}'>csv</a></td></tr>")
                parts.append("</table>")
            parts.append("<h3>Scorecards</h3>" + scorecards_html(slug, meta, checks))
            if checks:
                res = checks.get("checks", [])
                npass = sum(1 for c in res if c.get("pass"))
                headline = checks.get("headline") or f"{npass}/{len(res)} checks pass"
                parts.append(f"<h3>Scorecard: <span class='{'ok' if npass == len(res) else 'failed'}'>{esc(headline)}</span></h3>")
                parts.append("<details><summary>all checks</summary><table><tr><th></th><th>kind</th><th>id</th><th>claim</th><th>source</th><th>tag</th><th>expected</th><th>measured</th><th>tolerance</th></tr>")
                order = {"claim": 0, "agreement": 1, "implementation": 2}
                for c in sorted(res, key=lambda c: order.get(c.get("kind"), 3)):
                    parts.append(f"<tr class='{'pass' if c.get('pass') else 'fail'}'><td>{'PASS' if c.get('pass') else 'FAIL'}</td><td>{esc(c.get('kind', '?'))}</td><td>{esc(c['id'])}</td><td>{esc(c['claim'])}</td>"
                                 f"<td>{esc(c['source'])}</td><td>[{esc(c['tag'])}]</td><td>{esc(c['expected'])}</td><td>{esc(c['measured'])}</td><td>{esc(c['tolerance'])}</td></tr>")
                parts.append("</table></details>")
        parts.append("</section>")
    parts.append(f"<p class='sub'>{totals['ok']} ok, {totals['failed']} failed, {totals['none']} not run.</p></body></html>")
    tmp = out / "index.html.tmp"
    tmp.write_text("\n".join(parts), encoding="utf-8")
    tmp.replace(out / "index.html")


if __name__ == "__main__":
    import sys
    build(sys.argv[1] if len(sys.argv) > 1 else ROOT / "reports")
