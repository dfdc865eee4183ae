/**
 * Tables as danfojs-node DataFrames, shown as an HTML table (styled by JupyterLab and nbconvert as `dataframe`)
 * plus the DataFrame's text rendering. danfojs is loaded lazily (≈ 3 s) on the first table.
 */
import { escapeHtml } from "./display";

export type Row = Record<string, string | number | boolean | null>;

function fmtCell(v: unknown): string {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return String(v);
    if (Number.isInteger(v)) return String(v);
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
  }
  return v === null || v === undefined ? "" : String(v);
}

/** Validates rows: non-empty, every row has exactly the first row's columns. Returns the column names. */
export function tableColumns(rows: Row[]): string[] {
  if (!Array.isArray(rows) || rows.length === 0) throw new RangeError("table: no rows");
  const cols = Object.keys(rows[0]);
  if (cols.length === 0) throw new RangeError("table: rows have no columns");
  rows.forEach((r, i) => {
    const k = Object.keys(r);
    if (k.length !== cols.length || k.some((c) => !cols.includes(c))) {
      throw new RangeError(`table: row ${i} has columns [${k.join(", ")}], expected [${cols.join(", ")}]`);
    }
  });
  return cols;
}

/** HTML table of rows (numbers formatted to 5 significant digits). */
export function rowsToHtml(rows: Row[], caption?: string, rowClass?: (r: Row) => string | undefined): string {
  const cols = tableColumns(rows);
  const head = `<thead><tr>${cols.map((c) => `<th${typeof rows[0][c] === "number" ? "" : ' style="text-align:left"'}>${escapeHtml(c)}</th>`).join("")}</tr></thead>`;
  const body = rows
    .map((r) => {
      const cls = rowClass?.(r);
      return `<tr${cls ? ` class="${cls}"` : ""}>${cols.map((c) => `<td${typeof r[c] === "number" ? "" : ' style="text-align:left"'}>${escapeHtml(fmtCell(r[c]))}</td>`).join("")}</tr>`;
    })
    .join("");
  const cap = caption ? `<caption style="caption-side:top;text-align:left;font-weight:bold">${escapeHtml(caption)}</caption>` : "";
  return `<table class="dataframe lab-table">${cap}${head}<tbody>${body}</tbody></table>`;
}

/** CSV of rows. */
export function rowsToCsv(rows: Row[]): string {
  const cols = tableColumns(rows);
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.map(cell).join(","), ...rows.map((r) => cols.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let dfd: any = null;

/** A danfojs-node DataFrame of the rows (danfojs stores floats as float32: keep the rows for exact values). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toDataFrame(rows: Row[]): any {
  tableColumns(rows);
  if (!dfd) {
    const saved = process.stderr.isTTY;
    dfd = require("danfojs-node");
    process.stderr.isTTY = saved;
  }
  return new dfd.DataFrame(rows.map((r) => ({ ...r })));
}

/** Plain-text rendering through danfojs (falls back to a simple layout if danfojs cannot print the frame). */
export function rowsToText(rows: Row[]): string {
  try {
    return String(toDataFrame(rows).toString());
  } catch {
    const cols = tableColumns(rows);
    return [cols.join("\t"), ...rows.map((r) => cols.map((c) => fmtCell(r[c])).join("\t"))].join("\n");
  }
}
