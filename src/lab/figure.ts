/**
 * Figure data: what every figure builder returns and what is saved beside the report (JSON + CSV).
 * Plotting happens elsewhere (plotly.ts); this module is DOM-free.
 */
import type { Mode } from "./config";

export interface Axis {
  title: string;
  log?: boolean;
  range?: [number, number];
  /**
   * A categorical axis: the values on it are indices 0..k−1 into these names (e.g. task names of a table). Series on a
   * categorical x axis are drawn as grouped bars unless they set `style`.
   */
  categories?: string[];
}

export type SeriesKind = "theory" | "simulation" | "measured" | "stand-in";
export const SERIES_KINDS: readonly SeriesKind[] = ["theory", "simulation", "measured", "stand-in"];

export interface Series {
  name: string;
  kind: SeriesKind;
  x: number[];
  y: number[];
  /** Standard error of y (error bars). */
  yErr?: number[];
  /** Per-seed values behind a simulated mean: ySeeds[s][i] is seed s at point i (used by the agreement engine). */
  ySeeds?: number[][];
  /** Number of seeds behind each mean when per-seed values are not kept. */
  seeds?: number;
  /** Index into `panels` (default 0). */
  panel?: number;
  /** Default: theory → lines, everything else → markers. */
  style?: "lines" | "markers" | "lines+markers";
  /** Series with the same group share a colour (e.g. theory and simulation of one setting). */
  group?: string;
  /**
   * Tells apart series of one kind inside a group (e.g. "asymptote C_β T⁻ᶜ" beside the exact theory): drawn with a
   * line dash or marker symbol of its own, explained once in the legend. Presentation only.
   */
  variant?: string;
  /**
   * Colour and legend entry of the series when they should differ from `group` (which also pairs theory with
   * simulation in the agreement engine), e.g. a second theory form of one setting. Presentation only.
   */
  colorGroup?: string;
  /**
   * A reference curve (a floor, a scale, a bound), not data: drawn thin and dotted, labelled on the plot rather than
   * in the legend. Presentation only.
   */
  reference?: boolean;
}

export interface Marker {
  name: string;
  /** Position on the axis named by `axis` (default "x": a vertical line). */
  x: number;
  axis?: "x" | "y";
  panel?: number;
}

/** What a paper's figure builder returns. */
export interface FigureSpec {
  figure: string;
  title: string;
  params: Record<string, unknown>;
  series: Series[];
  axes: { x: Axis; y: Axis };
  panels?: { title: string; axes?: { x: Axis; y: Axis } }[];
  notes?: string[];
  markers?: Marker[];
  /** What the error bars show, for the legend (default "mean ± SE", the contract of `yErr`), e.g. "mean ± sd over seeds". */
  errorBars?: string;
  /** Panels per row (default: 1–3 panels side by side, 4 as 2 × 2, more in rows of 3). Presentation only. */
  columns?: number;
  /** Legend text of group keys (default: the key itself), e.g. { R1: "R₁ joint, majority" }. Presentation only. */
  groupLabels?: Record<string, string>;
  /** Named numbers measured from the figure that the notebook checks (slopes, floors, agreement fractions). */
  metrics?: Record<string, number>;
}

/** A figure as saved and rendered: the spec plus how it was produced. */
export interface FigureData extends FigureSpec {
  paper: string;
  mode: Mode;
  seed: number;
  runtimeMs: number;
  revision: string;
}

/**
 * The fields of a simulated series from per-seed rows (rows[s][i] = seed s at point i): mean, standard error and the
 * rows themselves (`ySeeds`, used by the agreement engine's per-seed pooled test).
 * @example fromSeeds([[1, 2], [3, 4]]) // returns { y: [2, 3], yErr: [1, 1], ySeeds: [[1, 2], [3, 4]] }
 */
export function fromSeeds(rows: ArrayLike<number>[]): { y: number[]; yErr: number[]; ySeeds: number[][] } {
  if (rows.length < 2) throw new RangeError(`fromSeeds: need at least 2 seeds for a standard error, got ${rows.length}`);
  const k = rows[0].length;
  const y: number[] = [], yErr: number[] = [];
  for (let i = 0; i < k; i++) {
    let m = 0;
    for (const r of rows) m += r[i];
    m /= rows.length;
    let v = 0;
    for (const r of rows) v += (r[i] - m) * (r[i] - m);
    y.push(m);
    yErr.push(Math.sqrt(v / (rows.length - 1) / rows.length));
  }
  return { y, yErr, ySeeds: rows.map((r) => Array.from(r)) };
}

/** Throws a TypeError/RangeError naming the first problem of a figure spec (lengths, kinds, non-finite x, panels). */
export function validateFigure(spec: FigureSpec): void {
  const where = `figure ${JSON.stringify(spec?.figure)}`;
  if (!spec || typeof spec.figure !== "string" || !/^[A-Za-z0-9_.-]+$/.test(spec.figure)) {
    throw new TypeError(`${where}: 'figure' must be an id of letters, digits, '_', '.', '-'`);
  }
  if (!Array.isArray(spec.series) || spec.series.length === 0) throw new RangeError(`${where}: no series`);
  const nPanels = spec.panels?.length ?? 1;
  spec.series.forEach((s, i) => {
    const sw = `${where}, series ${i} (${JSON.stringify(s.name)})`;
    if (!SERIES_KINDS.includes(s.kind)) throw new TypeError(`${sw}: kind must be one of ${SERIES_KINDS.join(", ")}, got ${JSON.stringify(s.kind)}`);
    if (s.x.length !== s.y.length) throw new RangeError(`${sw}: x has ${s.x.length} points but y has ${s.y.length}`);
    if (s.yErr && s.yErr.length !== s.y.length) throw new RangeError(`${sw}: yErr has ${s.yErr.length} points but y has ${s.y.length}`);
    if (s.ySeeds) {
      s.ySeeds.forEach((row, r) => {
        if (row.length !== s.y.length) throw new RangeError(`${sw}: ySeeds[${r}] has ${row.length} points but y has ${s.y.length}`);
      });
    }
    if (s.seeds !== undefined && !(Number.isInteger(s.seeds) && s.seeds >= 1)) throw new RangeError(`${sw}: seeds must be a positive integer, got ${s.seeds}`);
    for (let j = 0; j < s.x.length; j++) {
      if (!Number.isFinite(s.x[j])) throw new RangeError(`${sw}: x[${j}] is ${s.x[j]}`);
      if (typeof s.y[j] !== "number" || Number.isNaN(s.y[j])) throw new RangeError(`${sw}: y[${j}] is ${s.y[j]}`);
    }
    const p = s.panel ?? 0;
    if (!Number.isInteger(p) || p < 0 || p >= nPanels) throw new RangeError(`${sw}: panel ${p} does not exist (figure has ${nPanels})`);
    const cats = (spec.panels?.[p]?.axes ?? spec.axes).x.categories;
    if (cats) {
      s.x.forEach((v, j) => {
        if (!(Number.isInteger(v) && v >= 0 && v < cats.length)) {
          throw new RangeError(`${sw}: x[${j}] = ${v} is not an index into the x axis's ${cats.length} categories`);
        }
      });
    }
  });
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = typeof v === "number" ? (Number.isFinite(v) ? String(v) : String(v)) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The series of a figure as one long CSV table: panel, series, kind, x, y, y_err. */
export function figureToCsv(fig: FigureSpec): string {
  const lines = ["panel,series,kind,group,x,y,y_err"];
  for (const s of fig.series) {
    const panel = fig.panels ? fig.panels[s.panel ?? 0].title : "";
    for (let j = 0; j < s.x.length; j++) {
      lines.push([panel, s.name, s.kind, s.group ?? "", s.x[j], s.y[j], s.yErr ? s.yErr[j] : ""].map(csvCell).join(","));
    }
  }
  return lines.join("\n") + "\n";
}

const SUPERSCRIPT: Record<string, string> = {
  "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "+": "⁺", "-": "⁻",
  "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", ".": "·", "/": "ᐟ", a: "ᵃ", b: "ᵇ", c: "ᶜ", d: "ᵈ", e: "ᵉ", f: "ᶠ", g: "ᵍ", h: "ʰ",
  i: "ⁱ", j: "ʲ", k: "ᵏ", l: "ˡ", m: "ᵐ", n: "ⁿ", o: "ᵒ", p: "ᵖ", r: "ʳ", s: "ˢ", t: "ᵗ", u: "ᵘ", v: "ᵛ", w: "ʷ", x: "ˣ",
  y: "ʸ", z: "ᶻ", T: "ᵀ", β: "ᵝ", γ: "ᵞ", δ: "ᵟ", θ: "ᶿ", φ: "ᵠ", χ: "ᵡ", " ": "",
};
const SUBSCRIPT: Record<string, string> = {
  "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉", "+": "₊", "-": "₋",
  "−": "₋", "=": "₌", "(": "₍", ")": "₎", a: "ₐ", e: "ₑ", h: "ₕ", i: "ᵢ", j: "ⱼ", k: "ₖ", l: "ₗ", m: "ₘ", n: "ₙ", o: "ₒ",
  p: "ₚ", r: "ᵣ", s: "ₛ", t: "ₜ", u: "ᵤ", v: "ᵥ", x: "ₓ", β: "ᵦ", γ: "ᵧ", ρ: "ᵨ", φ: "ᵩ", χ: "ᵪ", " ": "",
};

function scriptForm(text: string, table: Record<string, string>, fn: string): string {
  let out = "";
  for (const ch of text) {
    const c = table[ch];
    if (c === undefined) throw new RangeError(`${fn}: no Unicode form for ${JSON.stringify(ch)} in ${JSON.stringify(text)}; write the label another way`);
    out += c;
  }
  return out;
}

/**
 * Unicode superscript of a short exponent for figure labels (digits, signs, '.', '/', parentheses, most Latin letters, β γ δ θ φ χ).
 * @example sup("-1.5") // "⁻¹·⁵"  —  `j${sup("-1.5")}` reads j⁻¹·⁵
 */
export function sup(text: string | number): string {
  return scriptForm(String(text), SUPERSCRIPT, "sup");
}

/**
 * Unicode subscript of a short index for figure labels (digits, signs, parentheses, a e h i j k l m n o p r s t u v x, β γ ρ φ χ).
 * @example sub("k+1") // "ₖ₊₁"
 */
export function sub(text: string | number): string {
  return scriptForm(String(text), SUBSCRIPT, "sub");
}
