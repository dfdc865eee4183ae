/**
 * The notebook session: one object per notebook that knows the mode, seed and report folder, and turns figure
 * builders, tables and checks into saved data + rich output. See docs/CONTRIBUTING.md for the contract.
 */
import { createHash } from "crypto";
import * as path from "path";
import { createRng, type Rng } from "../maths/random";
import { ResultCache } from "./cache";
import { describeAgreement, detectableBias, pointsOfFigure, testAgreement, type AgreementOptions, type ComparedPoint, type PointSelection } from "./agreement";
import { checkClose, checkOrdered, checkRange, checkTrue, fmt, Scorecard, type CheckMeta, type CheckResult, type Estimate, type KindMeta, type ScorecardSummary } from "./checks";
import { LabConfigError, readConfig, type LabConfig, type Mode } from "./config";
import { escapeHtml, inKernel, showHtml, writeDisplay, type MimeBundle } from "./display";
import { describeEnvironment, type Environment } from "./environment";
import { figureToCsv, validateFigure, type FigureData, type FigureSpec } from "./figure";
import { writeFileAtomic, writeJsonAtomic } from "./files";
import { plotlyHtml, toPlotly } from "./plotly";
import { progress, type Progress } from "./progress";
import { gitRevision, sourceHash } from "./revision";
import { closeBrowser, renderFigureImages, staticImagesUnavailable } from "./static";
import { rowsToCsv, rowsToHtml, rowsToText, type Row } from "./table";

export interface NotebookMeta {
  /** Slug: the notebook's file name without .ipynb, e.g. "demystified". */
  paper: string;
  title: string;
  citation: string;
}

interface FigureRecord {
  id: string;
  title: string;
  runtimeMs: number;
  cached: boolean;
  json: string;
  csv: string;
  kinds: string[];
  notes: string[];
  /** Anchor of the figure's output in report.html (`report.html#<anchor>`). */
  anchor: string;
  /** Static copies next to the JSON, when a browser rendered them. */
  svg?: string;
  png?: string;
}

export interface ReportMeta extends NotebookMeta {
  mode: Mode;
  seed: number;
  revision: string;
  sourceHash: string;
  environment: Environment;
  startedAt: string;
  finishedAt?: string;
  figures: FigureRecord[];
  tables: { id: string; caption: string; csv: string }[];
  checks?: ScorecardSummary;
  /** Whether the figures' SVG/PNG files were written, and why not. */
  staticImages?: { written: boolean; reason?: string };
}

/** A user-facing error: shown as its message only, without a stack trace. */
function userError(e: Error): Error {
  e.stack = `${e.name}: ${e.message}`;
  return e;
}

function fmtMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export class Notebook {
  readonly config: LabConfig;
  readonly meta: ReportMeta;
  private readonly cache: ResultCache;
  private readonly card = new Scorecard();
  private readonly start = Date.now();
  private staticNoticeShown = false;

  constructor(info: NotebookMeta, env: NodeJS.ProcessEnv = process.env) {
    try {
      this.config = readConfig(info.paper, env);
    } catch (e) {
      throw e instanceof LabConfigError ? userError(e) : e;
    }
    const root = this.config.projectRoot;
    this.cache = new ResultCache(path.join(root, ".cache", "results"), this.config.cache);
    this.meta = {
      ...info,
      mode: this.config.mode,
      seed: this.config.seed,
      revision: gitRevision(root),
      sourceHash: sourceHash(root),
      environment: describeEnvironment(),
      startedAt: new Date().toISOString(),
      figures: [],
      tables: [],
    };
    this.saveMeta();
    this.showHeader();
  }

  get mode(): Mode {
    return this.config.mode;
  }

  get seed(): number {
    return this.config.seed;
  }

  /** `quick` in quick mode, `full` in full mode. */
  pick<T>(quick: T, full: T): T {
    return this.config.mode === "full" ? full : quick;
  }

  /** A random stream determined by (seed, label) only: re-running or reordering cells does not change it. */
  rng(label: string): Rng {
    const h = createHash("sha256").update(`${this.config.seed}\0${label}`).digest();
    return createRng(h.readUInt32LE(0));
  }

  /** Adds entries to the recorded environment (e.g. the TensorFlow.js backend) and prints them. */
  recordEnvironment(extra: Record<string, string | number>): void {
    Object.assign(this.meta.environment, extra);
    this.saveMeta();
    const text = Object.entries(extra).map(([k, v]) => `${k}: ${v}`).join("\n");
    showHtml(`<div class="lab-env">${Object.entries(extra).map(([k, v]) => `<b>${escapeHtml(k)}</b>: ${escapeHtml(String(v))}`).join("<br>")}</div>`, text);
  }

  /**
   * Builds a figure (timed; cached in full mode), validates it, saves `figures/<id>.json` and `.csv` in the report
   * folder, shows it with plotly, and returns the data.
   */
  async figure(id: string, build: (rng: Rng) => FigureSpec | Promise<FigureSpec>, opts: { params?: unknown } = {}): Promise<FigureData> {
    const keyParts = { sourceHash: this.meta.sourceHash, paper: this.meta.paper, id, params: opts.params ?? null, seed: this.seed, mode: this.mode };
    let fig = this.cache.get<FigureData>(keyParts);
    const cached = fig !== undefined;
    if (!fig) {
      const t0 = Date.now();
      let spec: FigureSpec;
      try {
        spec = await build(this.rng(`figure:${id}`));
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        err.message = `figure ${id}: ${err.message}`;
        throw err;
      }
      validateFigure(spec);
      if (spec.figure !== id) throw new RangeError(`figure ${id}: the builder returned figure id ${JSON.stringify(spec.figure)}`);
      fig = { ...spec, paper: this.meta.paper, mode: this.mode, seed: this.seed, runtimeMs: Date.now() - t0, revision: this.meta.revision };
      this.cache.set(keyParts, fig);
    }
    const json = `figures/${id}.json`;
    const csv = `figures/${id}.csv`;
    writeJsonAtomic(path.join(this.config.reportDir, json), fig);
    writeFileAtomic(path.join(this.config.reportDir, csv), figureToCsv(fig));
    const anchor = `figure-${id}`;
    const rec: FigureRecord = { id, title: fig.title, runtimeMs: fig.runtimeMs, cached, json, csv, kinds: [...new Set(fig.series.map((s) => s.kind))], notes: fig.notes ?? [], anchor };
    const runtime = `${cached ? "cached result, computed in" : "runtime"} ${fmtMs(fig.runtimeMs)} · mode ${fig.mode} · seed ${fig.seed}`;
    const caption = [...(fig.notes ?? []), runtime];
    const plot = toPlotly(fig);
    const png = await this.staticImages(id, plot, rec);
    this.meta.figures = this.meta.figures.filter((f) => f.id !== id).concat(rec);
    this.saveMeta();
    const images = rec.svg && rec.png ? ` · images: <a href="${rec.svg}" download>${escapeHtml(rec.svg)}</a> · <a href="${rec.png}" download>${escapeHtml(rec.png)}</a>` : "";
    const links = `<div class="lab-downloads" style="font-size:0.85em">data: <a href="${json}" download>${escapeHtml(json)}</a> · <a href="${csv}" download>${escapeHtml(csv)}</a>${images}</div>`;
    const bundle: MimeBundle = {
      "application/vnd.plotly.v1+json": plot,
      // The anchor lets the index and the contact sheet link to this figure inside report.html.
      "text/html": `<div class="lab-figure-anchor" id="${anchor}" data-figure="${escapeHtml(id)}"></div>` + plotlyHtml(plot, { pngDataUri: png ?? undefined }),
      "text/plain": `[figure ${id}] ${fig.title}`,
    };
    if (png) bundle["image/png"] = png.slice("data:image/png;base64,".length);
    writeDisplay(bundle);
    // Caption (stand-in labels, notes, runtime) and data links as their own output: JupyterLab's plotly renderer
    // shows only the figure of the first output.
    showHtml(
      `<div class="lab-caption" style="font-size:0.9em;color:#444;margin:2px 0 8px 0">${caption.map((c) => `<div>${escapeHtml(c)}</div>`).join("")}${links}</div>`,
      `${caption.join("\n")}\ndata: ${json}, ${csv}${rec.svg && rec.png ? `; images: ${rec.svg}, ${rec.png}` : ""}`,
    );
    return fig;
  }

  /**
   * Renders the static copies of a figure (./static): writes `figures/<id>.svg` and `.png` next to its JSON, records
   * them in `rec`, and returns the fallback PNG data URI. Without a browser (or when rendering fails) it writes
   * nothing, shows one line saying why (once per notebook), records the reason in meta.json, and returns null.
   */
  private async staticImages(id: string, plot: ReturnType<typeof toPlotly>, rec: FigureRecord): Promise<string | null> {
    const unavailable = staticImagesUnavailable(inKernel());
    const r = unavailable === null ? await renderFigureImages(plot) : { reason: unavailable };
    if ("images" in r) {
      rec.svg = `figures/${id}.svg`;
      rec.png = `figures/${id}.png`;
      writeFileAtomic(path.join(this.config.reportDir, rec.svg), r.images.svg);
      writeFileAtomic(path.join(this.config.reportDir, rec.png), r.images.png);
      if (!this.meta.staticImages) this.meta.staticImages = { written: true };
      return r.images.pngDataUri;
    }
    this.meta.staticImages = { written: false, reason: r.reason };
    if (!this.staticNoticeShown && inKernel()) {
      this.staticNoticeShown = true;
      const line = `Static figure images (figures/<id>.svg, .png) not written: ${r.reason}. The interactive figures and their data are complete.`;
      showHtml(`<div class="lab-static-notice" style="font-size:0.85em;color:#a60">${escapeHtml(line)}</div>`, line);
    }
    return null;
  }

  /** Shows rows as a danfojs table and saves `tables/<id>.csv`. */
  table(id: string, rows: Row[], opts: { caption?: string } = {}): void {
    if (!/^[A-Za-z0-9_.-]+$/.test(id)) throw new TypeError(`table id ${JSON.stringify(id)} must be letters, digits, '_', '.', '-'`);
    const csv = `tables/${id}.csv`;
    writeFileAtomic(path.join(this.config.reportDir, csv), rowsToCsv(rows));
    this.meta.tables = this.meta.tables.filter((t) => t.id !== id).concat({ id, caption: opts.caption ?? "", csv });
    this.saveMeta();
    showHtml(rowsToHtml(rows, opts.caption) + `<div style="font-size:0.85em">data: <a href="${csv}" download>${csv}</a></div>`, rowsToText(rows));
  }

  /** A progress line for a long loop (see progress.ts). */
  progress(label: string, total: number): Progress {
    return progress(label, total);
  }

  // The check methods return nothing, so a check as a cell's last statement prints only its one-line verdict
  // (tslab prints a cell's last value); the results are in the scorecard.

  /** Records and prints a check |measured − expected| ≤ max(abs, rel·|expected|) + sigmas·se. */
  checkClose(c: KindMeta & { measured: number; expected: number; rel?: number; abs?: number; se?: number; sigmas?: number }): void {
    this.report(this.card.add(checkClose(c)));
  }

  /** Records and prints a check min ≤ measured ≤ max (by sigmas·se when se is given). */
  checkRange(c: KindMeta & { measured: number; min?: number; max?: number; se?: number; sigmas?: number }): void {
    this.report(this.card.add(checkRange(c)));
  }

  /** Records and prints a relation decided by the caller. */
  checkTrue(c: KindMeta & { measured: string | number; expected: string; pass: boolean }): void {
    this.report(this.card.add(checkTrue(c)));
  }

  /** Records and prints an ordering claim on measured values: each step by ≥ sigmas (2) combined SE. */
  claimOrdered(c: CheckMeta & { values: Estimate[]; order: "increasing" | "decreasing"; sigmas?: number }): void {
    this.report(this.card.add(checkOrdered(c)));
  }

  /**
   * Theory vs simulation through the lab's agreement engine (./agreement): a figure's simulation series (with
   * yErr, and ySeeds where kept) against the theory series of the same panel and group, or explicit points.
   * A non-zero `modelError` needs its `reason`. The check also fails when its power is too low: the smallest bias
   * it detects must be ≤ `maxDetectableBias` (default 10% in quick mode, 5% in full mode).
   */
  agree(data: FigureSpec | ComparedPoint[], c: CheckMeta & AgreementOptions & PointSelection & { reason?: string; maxDetectableBias?: number }): void {
    const eps = c.modelError ?? 0;
    if (eps > 0 && !(typeof c.reason === "string" && c.reason.trim() !== "")) {
      throw userError(new Error(`agreement ${c.id}: a model error of ${eps} needs a 'reason' (what finite-size effect it allows for, and where it was measured)`));
    }
    const points = Array.isArray(data) ? data : pointsOfFigure(data, c);
    const opts: AgreementOptions = { modelError: eps, alpha: c.alpha };
    const r = testAgreement(points, opts);
    const bias = detectableBias(points, opts);
    const target = c.maxDetectableBias ?? this.pick(0.1, 0.05);
    const powered = bias <= target;
    const file = `agreement/${c.id}.json`;
    writeJsonAtomic(path.join(this.config.reportDir, file), { id: c.id, options: opts, maxDetectableBias: target, points });
    const result = checkTrue({
      id: c.id, kind: "implementation", claim: c.claim, source: c.source, tag: c.tag,
      expected: `no test rejects at α = ${r.alpha} (per point, Bonferroni; pooled bias); detects a bias ≤ ${fmt(100 * target)}%`,
      measured: describeAgreement(r, bias) + (r.pass && !powered ? " — too little power: add seeds or size" : ""),
      pass: r.pass && powered,
    });
    const rec: CheckResult = {
      ...result, kind: "agreement", tolerance: c.reason ? `model error ${fmt(eps)}: ${c.reason}` : "—",
      agreement: { detectableBias: bias, maxDetectableBias: target, modelError: eps, modelErrorReason: c.reason, points: r.points, seeds: r.seeds, alpha: r.alpha, data: file },
    };
    this.report(this.card.add(rec));
  }

  private report(r: CheckResult): void {
    console.log(`${r.pass ? "✓" : "✗ FAIL"} ${r.kind} [${r.tag}] ${r.id}: expected ${r.expected}, measured ${r.measured}${r.tolerance !== "—" ? ` (tol ${r.tolerance})` : ""}`);
  }

  /**
   * Shows the scorecard (claims and agreement checks first, implementation checks folded), saves checks.json and
   * meta.json; throws if any check failed or has no kind (so the run fails).
   */
  finish(): void {
    void closeBrowser();
    const summary = this.card.summary();
    this.meta.checks = summary;
    this.meta.finishedAt = new Date().toISOString();
    writeJsonAtomic(path.join(this.config.reportDir, "checks.json"), {
      paper: this.meta.paper, mode: this.mode, seed: this.seed, revision: this.meta.revision, summary, headline: this.card.headline(), checks: this.card.results,
    });
    this.saveMeta();
    const power = (r: CheckResult) =>
      r.agreement ? `detects ≥ ${fmt(100 * r.agreement.detectableBias)}% bias` : r.marginSE !== undefined ? `${fmt(r.marginSE)} SE to spare` : "";
    const row = (r: CheckResult) => ({
      result: r.pass ? "PASS" : "FAIL", id: r.id, kind: r.kind, claim: r.claim, source: r.source, tag: r.tag, expected: r.expected, measured: r.measured,
      tolerance: r.tolerance, "power / margin": power(r),
    });
    const cls = (r: Row) => (r.result === "PASS" ? "lab-pass" : "lab-fail");
    const headline = this.card.headline();
    const legend = "Kinds: claim — the paper's statement tested on simulated or measured data, beyond the noise · agreement — theory vs simulation " +
      "(per-point and pooled-bias tests at α = 1%, with the smallest relative bias the test detects) · implementation — reference values, identities " +
      "and limits of this project's formulas (not evidence of reproduction). Tags: [V] verified from the paper or its code · [S] secondary source · " +
      "[D] derived here and checked by simulation · [U] a choice of this project (not the paper's value).";
    const time = `notebook time ${fmtMs(Date.now() - this.start)}`;
    if (this.card.results.length) {
      const main = this.card.results.filter((r) => r.kind !== "implementation").map(row);
      const impl = this.card.results.filter((r) => r.kind === "implementation").map(row);
      const implFailed = impl.filter((r) => r.result !== "PASS").length;
      showHtml(
        `<style>.lab-fail td{background:#fdd}.lab-pass td:first-child{color:#070;font-weight:bold}</style>` +
          `<p><b>${escapeHtml(headline)}</b> · ${escapeHtml(time)}</p>` +
          (main.length ? rowsToHtml(main, `Scorecard — ${this.meta.title}: claims and agreement`, cls) : "") +
          (impl.length
            ? `<details${implFailed ? " open" : ""}><summary>Implementation checks: ${impl.length - implFailed}/${impl.length} passed</summary>${rowsToHtml(impl, "Implementation checks", cls)}</details>`
            : "") +
          `<p style="font-size:0.85em">${escapeHtml(legend)}</p>`,
        `${this.card.toText()}\n${time}\n${legend}`,
      );
    } else {
      console.log("Scorecard: no checks recorded");
    }
    if (this.card.results.length === 0) throw userError(new Error(`${this.meta.paper}: the scorecard is empty — a notebook must check the numbers it reproduces`));
    const unset = this.card.results.filter((r) => r.kind === "unset");
    if (unset.length) {
      throw userError(new Error(`${unset.length} check(s) have no kind ("claim" or "implementation"): ${unset.map((r) => r.id).join(", ")}`));
    }
    if (this.card.failed.length) {
      throw userError(new Error(`${this.card.failed.length} check(s) failed: ${this.card.failed.map((r) => r.id).join(", ")}`));
    }
  }

  private saveMeta(): void {
    writeJsonAtomic(path.join(this.config.reportDir, "meta.json"), this.meta);
  }

  private showHeader(): void {
    const m = this.meta;
    const rows: [string, string][] = [
      ["paper", `${m.title} — ${m.citation}`],
      ["mode", `${m.mode}${m.mode === "quick" ? " (reduced sizes; LAB_MODE=full for the paper's scale)" : " (paper scale where feasible)"}`],
      ["seed", String(m.seed)],
      ["library revision", `${m.revision} (source hash ${m.sourceHash})`],
      ["machine", `${m.environment.machine}, ${m.environment.cpus} cores, ${m.environment.memoryGiB} GiB`],
      ["runtime", `Node ${m.environment.node}, tslab ${m.environment.tslab}`],
      ["linear algebra", String(m.environment.linalg)],
      ["result cache", this.config.cache ? "on (LAB_CACHE=off to recompute)" : "off"],
      ["outputs", this.config.headless ? "report folder of the headless run" : path.relative(this.config.projectRoot, this.config.reportDir)],
    ];
    showHtml(
      `<table class="lab-env">${rows.map(([k, v]) => `<tr><th style="text-align:left">${escapeHtml(k)}</th><td style="text-align:left">${escapeHtml(v)}</td></tr>`).join("")}</table>`,
      rows.map(([k, v]) => `${k}: ${v}`).join("\n"),
    );
  }
}

/** Opens the session for a notebook: reads LAB_MODE/LAB_SEED, prints the environment header. */
export function openNotebook(info: NotebookMeta): Notebook {
  return new Notebook(info);
}
