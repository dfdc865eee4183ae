/**
 * The scorecard: each claim of a paper a notebook reproduces, with its source, the spec's confidence tag, the
 * expected value or relation, the measured value, the tolerance and pass/fail. Pure functions, DOM-free.
 */

/** Confidence tags of the reference specs: verified, secondary, derived-and-checked, unverified choice. */
export type Tag = "V" | "S" | "D" | "U";
export const TAGS: readonly Tag[] = ["V", "S", "D", "U"];

export interface CheckMeta {
  /** Short unique id, e.g. "ols-linear-growth". */
  id: string;
  /** The claim in words. */
  claim: string;
  /** Where it comes from: "Fig. 1a", "§4.6 check 1", "Thm 1". */
  source: string;
  tag: Tag;
}

export interface CheckResult extends CheckMeta {
  expected: string;
  measured: string;
  tolerance: string;
  pass: boolean;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(4);
  return Number(v.toPrecision(6)).toString();
}

function validateMeta(m: CheckMeta): void {
  if (!m || typeof m.id !== "string" || m.id.trim() === "") throw new TypeError("check: 'id' must be a non-empty string");
  if (typeof m.claim !== "string" || m.claim.trim() === "") throw new TypeError(`check ${m.id}: 'claim' must be a non-empty string`);
  if (typeof m.source !== "string" || m.source.trim() === "") throw new TypeError(`check ${m.id}: 'source' must say where the claim comes from`);
  if (!TAGS.includes(m.tag)) throw new TypeError(`check ${m.id}: tag must be one of V, S, D, U, got ${JSON.stringify(m.tag)}`);
}

/**
 * Passes when |measured − expected| ≤ max(abs, rel·|expected|). At least one tolerance must be given.
 * @example checkClose({id:"a",claim:"c",source:"s",tag:"D",measured:1.01,expected:1,rel:0.05}).pass // returns true
 */
export function checkClose(c: CheckMeta & { measured: number; expected: number; rel?: number; abs?: number }): CheckResult {
  validateMeta(c);
  if (c.rel === undefined && c.abs === undefined) throw new TypeError(`check ${c.id}: give a tolerance (rel and/or abs)`);
  if ((c.rel ?? 0) < 0 || (c.abs ?? 0) < 0) throw new RangeError(`check ${c.id}: tolerances must be ≥ 0`);
  const tol = Math.max(c.abs ?? 0, (c.rel ?? 0) * Math.abs(c.expected));
  const pass = Number.isFinite(c.measured) && Number.isFinite(c.expected) && Math.abs(c.measured - c.expected) <= tol;
  const parts: string[] = [];
  if (c.rel !== undefined) parts.push(`rel ${fmt(c.rel)}`);
  if (c.abs !== undefined) parts.push(`abs ${fmt(c.abs)}`);
  return { id: c.id, claim: c.claim, source: c.source, tag: c.tag, expected: fmt(c.expected), measured: fmt(c.measured), tolerance: parts.join(", "), pass };
}

/** Passes when min ≤ measured ≤ max (either bound may be omitted, not both). */
export function checkRange(c: CheckMeta & { measured: number; min?: number; max?: number }): CheckResult {
  validateMeta(c);
  if (c.min === undefined && c.max === undefined) throw new TypeError(`check ${c.id}: give min and/or max`);
  const pass = Number.isFinite(c.measured) && (c.min === undefined || c.measured >= c.min) && (c.max === undefined || c.measured <= c.max);
  const expected = c.min !== undefined && c.max !== undefined ? `in [${fmt(c.min)}, ${fmt(c.max)}]` : c.min !== undefined ? `≥ ${fmt(c.min)}` : `≤ ${fmt(c.max!)}`;
  return { id: c.id, claim: c.claim, source: c.source, tag: c.tag, expected, measured: fmt(c.measured), tolerance: "—", pass };
}

/** A relation or ordering decided by the caller (`pass`), with what was expected and what was seen, in words. */
export function checkTrue(c: CheckMeta & { measured: string | number; expected: string; pass: boolean }): CheckResult {
  validateMeta(c);
  if (typeof c.pass !== "boolean") throw new TypeError(`check ${c.id}: 'pass' must be a boolean`);
  const measured = typeof c.measured === "number" ? fmt(c.measured) : c.measured;
  return { id: c.id, claim: c.claim, source: c.source, tag: c.tag, expected: c.expected, measured, tolerance: "—", pass: c.pass };
}

/** Collects check results; ids must be unique. */
export class Scorecard {
  readonly results: CheckResult[] = [];

  add(r: CheckResult): CheckResult {
    if (this.results.some((x) => x.id === r.id)) throw new RangeError(`check id ${JSON.stringify(r.id)} is used twice`);
    this.results.push(r);
    return r;
  }

  get passed(): number {
    return this.results.filter((r) => r.pass).length;
  }

  get failed(): CheckResult[] {
    return this.results.filter((r) => !r.pass);
  }

  /** Plain-text table, one line per check. */
  toText(): string {
    const lines = this.results.map((r) => `${r.pass ? "PASS" : "FAIL"}  [${r.tag}] ${r.id}: ${r.claim} (${r.source}) — expected ${r.expected}, measured ${r.measured}${r.tolerance !== "—" ? `, tol ${r.tolerance}` : ""}`);
    lines.push(`${this.passed} passed, ${this.failed.length} failed`);
    return lines.join("\n");
  }
}
