"""Writes reports/index.html, the project's front page: an overview of every paper's scorecards (this run's report and
the published full-mode result, marked stale when its sources changed), then per paper a gallery of its figures —
each thumbnail (figures/<id>.png, written by the kernel's headless Chromium) links to the figure in report.html
(anchor figure-<id>) — with run details and all checks folded. Offline: relative links only, no scripts."""
import datetime
import html
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1320px;margin:1.5em auto;padding:0 1em;color:#222}
h1{margin-bottom:0.1em} .sub{color:#555;margin-top:0.2em;font-size:0.92em}
section{border:1px solid #ddd;border-radius:6px;padding:0.6em 1.2em 0.8em;margin:1.4em 0}
section h2{margin:0.3em 0 0.1em} .cite{color:#444;margin:0.1em 0 0.5em;font-size:0.92em}
.ok{color:#070;font-weight:bold}.failed{color:#b00;font-weight:bold}.none{color:#777}
table{border-collapse:collapse;margin:0.5em 0;font-size:0.9em} td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f6f6} tr.fail td{background:#fdd} .meta td:first-child{font-weight:bold;background:#fafafa;white-space:nowrap}
.kind{font-size:0.8em;background:#eef;border-radius:3px;padding:0 4px;margin-right:3px} .note{color:#555;font-size:0.85em}
.score{display:inline-block;border-radius:3px;padding:0 5px;margin:1px 3px 1px 0;font-size:0.88em;white-space:nowrap}
.score.pass{background:#e3f4e3;color:#050} .score.bad{background:#fbdada;color:#900} .score.impl{background:#f0f0f0;color:#444}
.stale{background:#fff0c2;color:#7a5200;border-radius:3px;padding:0 5px;font-size:0.88em;font-weight:bold}
.gallery{display:flex;flex-wrap:wrap;gap:12px;margin:0.6em 0;align-items:flex-start}
.card{width:300px;border:1px solid #ccc;border-radius:5px;background:#fafafa;overflow:hidden}
.card a.fig{color:inherit;text-decoration:none;display:block} .card a.fig:hover{background:#eef4ff}
.card img{width:100%;display:block;background:#fff;border-bottom:1px solid #e4e4e4}
.card .noimg{height:110px;display:flex;align-items:center;justify-content:center;color:#888;background:#f2f2f2;font-size:0.85em;border-bottom:1px solid #e4e4e4}
.card .cap{padding:4px 6px;font-size:0.84em;line-height:1.3} .card .id{font-weight:bold} .card .links{padding:0 6px 5px;font-size:0.78em;color:#555}
.overview td:nth-child(1){max-width:290px} .overview td:nth-child(2){white-space:nowrap} .overview{width:100%} details{margin:0.4em 0} summary{cursor:pointer;color:#333}
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
    """The published full-mode result of a notebook: (run info, its scorecard summary or None, stale?) or (None, None, None)."""
    run = load(ROOT / "results" / "full" / slug / "run.json")
    if not run:
        return None, None, None
    checks = load(ROOT / "results" / "full" / slug / "checks.json") or {}
    now = source_hash(slug)
    return run, checks.get("summary"), (now is not None and now != run.get("sourceHash"))


def pct(v):
    return f"{100 * v:.2g}%" if v < 0.01 else f"{100 * v:.1f}%"


def score_html(summary, headline=None):
    """Compact scorecard: claims and agreement checks (with the bias they detect) in colour, implementation apart."""
    if not summary:
        return esc(headline) if headline else "<span class='none'>no scorecard</span>"

    def part(label, k, extra=""):
        c = summary.get(k) or {"passed": 0, "total": 0}
        cls = "impl" if k == "implementation" else ("pass" if c["passed"] == c["total"] else "bad")
        return f"<span class='score {cls}'>{label} {c['passed']}/{c['total']}{extra}</span>"

    b = (summary.get("agreement") or {}).get("detectableBias")
    power = ""
    if b:
        power = f" · detects ≥ {pct(b['max'])}" if abs(b["min"] - b["max"]) < 1e-12 else f" · detects ≥ {pct(b['min'])}–{pct(b['max'])}"
    out = part("claims", "claim") + part("agreement", "agreement", power) + part("impl.", "implementation")
    if summary.get("unset"):
        out += f"<span class='score bad'>{summary['unset']} without a kind</span>"
    return out


def full_html(slug, run, summary, stale, link=True):
    if not run:
        return "<span class='none'>none published yet</span>"
    if link:
        state = "<span class='stale'>stale: the notebook's sources changed since</span>" if stale else "<span class='ok'>current</span>"
    else:
        state = "<span class='stale' title=\"the notebook's sources changed since this result was made\">stale</span>" if stale else "<span class='ok'>current</span>"
    where = f" <a href='../results/full/{esc(slug)}/checks.json'>checks</a>" if link else ""
    return f"{score_html(summary, run.get('headline'))} {state}{where}"


def report_status(meta, run):
    """(text, css class, counter key) of a paper's report."""
    if run and run.get("status") == "failed":
        return ("FAILED in the last run" + (" — showing the previous good report" if meta else "")), "failed", "failed"
    if meta:
        return "ok", "ok", "ok"
    return "not run yet", "none", "none"


def gallery_html(slug, meta, folder):
    figs = meta.get("figures", [])
    if not figs:
        return "<p class='note'>No figures.</p>"
    parts = []
    images = meta.get("staticImages") or {}
    missing = [f for f in figs if not (f.get("png") and (folder / f["png"]).exists())]
    if missing:
        why = images.get("reason") or "this report was made before figure images were written"
        parts.append(f"<p class='note'>No image for {len(missing)} of {len(figs)} figures: {esc(why)}. The figures are interactive in the report.</p>")
    parts.append("<div class='gallery'>")
    for f in figs:
        href = f"{esc(slug)}/report.html" + (f"#{esc(f['anchor'])}" if f.get("anchor") else "")
        if f.get("png") and (folder / f["png"]).exists():
            img = f"<img src='{esc(slug)}/{esc(f['png'])}' loading='lazy' alt='{esc(f['id'])}: {esc(f['title'])}'>"
        else:
            img = "<div class='noimg'>no image — open the report</div>"
        kinds = "".join(f"<span class='kind'>{esc(k)}</span>" for k in f.get("kinds", []))
        files = [("json", f.get("json")), ("csv", f.get("csv")), ("svg", f.get("svg")), ("png", f.get("png"))]
        links = " · ".join(f"<a href='{esc(slug)}/{esc(p)}'>{k}</a>" for k, p in files if p and (folder / p).exists())
        notes = " ".join(f.get("notes", []))
        parts.append(f"<div class='card'><a class='fig' href='{href}' title='{esc(notes)}'>{img}<div class='cap'><span class='id'>{esc(f['id'])}</span> {esc(f['title'])}</div></a>"
                     f"<div class='links'>{kinds} {fmt_ms(f['runtimeMs'])}{' (cached)' if f.get('cached') else ''} · {links}</div></div>")
    parts.append("</div>")
    return "".join(parts)


def details_html(slug, meta, run):
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
    return "<table class='meta'>" + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows) + "</table>"


def checks_html(checks):
    res = checks.get("checks", [])
    parts = ["<table><tr><th></th><th>kind</th><th>id</th><th>claim</th><th>source</th><th>tag</th><th>expected</th><th>measured</th><th>tolerance</th></tr>"]
    order = {"claim": 0, "agreement": 1, "implementation": 2}
    for c in sorted(res, key=lambda c: order.get(c.get("kind"), 3)):
        parts.append(f"<tr class='{'pass' if c.get('pass') else 'fail'}'><td>{'PASS' if c.get('pass') else 'FAIL'}</td><td>{esc(c.get('kind', '?'))}</td><td>{esc(c['id'])}</td><td>{esc(c['claim'])}</td>"
                     f"<td>{esc(c['source'])}</td><td>[{esc(c['tag'])}]</td><td>{esc(c['expected'])}</td><td>{esc(c['measured'])}</td><td>{esc(c['tolerance'])}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


def build(out, notebooks=None):
    out = Path(out)
    runs = load(out / "runs.json") or {}
    slugs = sorted(p.stem for p in Path(notebooks or ROOT / "notebooks").glob("*.ipynb"))
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    papers = []
    totals = {"ok": 0, "failed": 0, "none": 0}
    for slug in slugs:
        meta = load(out / slug / "meta.json")
        checks = load(out / slug / "checks.json")
        run = runs.get(slug)
        st, cls, key = report_status(meta, run)
        totals[key] += 1
        papers.append((slug, meta, checks, run, st, cls, full_result(slug)))

    sheet = (out / "contact-sheet.html").exists()
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>collapse-lab — reproductions, figure by figure</title><style>{CSS}</style></head><body>",
             "<h1>collapse-lab</h1>",
             "<p class='sub'>Machine-learning theory papers on what data does to learning, reproduced figure by figure as executed TypeScript notebooks. "
             "Click a figure to open it in its report. "
             "Scorecards: <b>claims</b> reproduced (the paper's statements tested on data, beyond the noise) · <b>agreement</b> checks passed (theory vs simulation, "
             "with the smallest relative bias each detects) · <b>impl.</b>: implementation checks of this project's own formulas, counted apart. "
             "Tags in the checks: [V] verified from the paper or its code · [S] secondary · [D] derived here and checked by simulation · [U] a choice of this project (not the paper's value).</p>",
             f"<p class='sub'>Generated {esc(now)}. {totals['ok']} ok, {totals['failed']} failed, {totals['none']} not run."
             + (" · <a href='contact-sheet.html'>contact sheet</a> (every figure as rendered by the last render test)" if sheet else "") + "</p>"]
    parts.append("<table class='overview'><tr><th>paper</th><th>report</th><th>figures</th><th>scorecard of this report</th><th>published full-mode result</th></tr>")
    for slug, meta, checks, run, st, cls, (frun, fsum, stale) in papers:
        title = (meta or {}).get("title") or (frun or {}).get("title") or slug
        label = f"{esc(checks.get('mode'))}, seed {esc(checks.get('seed'))}: " if checks else ""
        quick = f"{label}{score_html(checks.get('summary'), checks.get('headline'))}" if checks else "<span class='none'>—</span>"
        report = f"<a href='{esc(slug)}/report.html'>report</a> <span class='{cls}'>{esc(st if cls != 'ok' else 'ok')}</span>" if meta else f"<span class='{cls}'>{esc(st)}</span>"
        parts.append(f"<tr><td><a href='#{esc(slug)}'>{esc(slug)}</a><div class='note'>{esc(title)}</div></td><td>{report}</td>"
                     f"<td>{len(meta.get('figures', [])) if meta else ''}</td><td>{quick}</td><td>{full_html(slug, frun, fsum, stale, link=False)}</td></tr>")
    parts.append("</table>")

    for slug, meta, checks, run, st, cls, (frun, fsum, stale) in papers:
        title = (meta or {}).get("title") or (frun or {}).get("title") or slug
        parts.append(f"<section id='{esc(slug)}'><h2>{esc(title)}</h2>")
        if meta:
            parts.append(f"<p class='cite'>{esc(meta.get('citation', ''))} · notebook <code>{esc(slug)}</code></p>")
        parts.append(f"<p>Status: <span class='{cls}'>{esc(st)}</span>")
        if meta:
            parts.append(f" · <a href='{esc(slug)}/report.html'>report</a> · <a href='{esc(slug)}/{esc(slug)}.ipynb'>executed notebook</a>")
        if run and run.get("status") == "failed":
            parts.append(f"<br><span class='note'>last run {esc(run.get('at'))} ({esc(run.get('mode'))}, seed {esc(run.get('seed'))}): {esc(run.get('message', ''))}"
                         f"{' at cell #' + esc(run.get('cell')) if run.get('cell') is not None else ''}</span>")
        parts.append("</p>")
        rows = []
        if checks:
            rows.append((f"this report ({esc(checks.get('mode'))} mode, seed {esc(checks.get('seed'))})", score_html(checks.get("summary"), checks.get("headline"))))
        if frun:
            rows.append((f"published full result (revision {esc(frun.get('revision'))}, {esc(frun.get('notebookSeconds') and round(frun['notebookSeconds']))} s)",
                         full_html(slug, frun, fsum, stale)))
        else:
            rows.append(("published full result", "<span class='none'>none yet (npm run reports -- --mode full, then node tools/publish-results.cjs)</span>"))
        parts.append("<table class='meta'>" + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows) + "</table>")
        if meta:
            parts.append(gallery_html(slug, meta, out / slug))
            parts.append(f"<details><summary>run details (mode, seed, revision, machine, times)</summary>{details_html(slug, meta, run)}</details>")
        if checks:
            res = checks.get("checks", [])
            npass = sum(1 for c in res if c.get("pass"))
            parts.append(f"<details><summary>all {len(res)} checks: <span class='{'ok' if npass == len(res) else 'failed'}'>{npass} pass</span>"
                         f"{'' if npass == len(res) else f', {len(res) - npass} FAIL'}</summary>{checks_html(checks)}</details>")
        parts.append("</section>")
    parts.append(f"<p class='sub'>{totals['ok']} ok, {totals['failed']} failed, {totals['none']} not run.</p></body></html>")
    tmp = out / "index.html.tmp"
    tmp.write_text("\n".join(parts), encoding="utf-8")
    tmp.replace(out / "index.html")


if __name__ == "__main__":
    import sys
    build(sys.argv[1] if len(sys.argv) > 1 else ROOT / "reports")
