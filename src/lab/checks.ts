/**
 * The scorecard: each check of a notebook with its kind, the paper's source, the confidence tag, what was expected,
 * what was measured and pass/fail. Pure functions, DOM-free.
 *
 * Kinds: `claim` — a statement of the paper evaluated on simulated or measured data, with a margin against noise;
 * `agreement` — theory vs simulation through the agreement engine (./agreement), with its detectable bias;
 * `implementation` — reference values of this project's formulas, identities, limits (never the headline).
 */

/** Confidence tags: verified from the paper or its code, secondary source, derived here and checked, our choice. */
export type Tag = "V" | "S" | "D" | "U";
export const TAGS: readonly Tag[] = ["V", "S", "D", "U"];

export type CheckKind = "claim" | "agreement" | "implementation";
export const CHECK_KINDS: readonly CheckKind[] = ["claim", "agreement", "implementation"];

export interface CheckMeta {
  /** Short unique id, e.g. "ols-linear-growth". */
  id: string;
  /** The claim in words. */
  claim: string;
  /** Where it comes from in the paper: "Fig. 1a", "Thm 1", "§4.2, eq. (7)"; or "derived here, see docs/derivations/…". */
  source: string;
  tag: Tag;
}

/** What claim and implementation checks declare. */
export interface KindMeta extends CheckMeta {
  /** "claim" (the paper's statement on data) or "implementation" (our formulas, identities, limits). */
  kind?: Exclude<CheckKind, "agreement">;
}

/** The record of an agreement check (see ./agreement for the statistics). */
export interface AgreementRecord {
  /** smallest relative bias of theory the verdict detects (both directions) */
  detectableBias: number;
  /** the largest detectable bias this check must reach (its power requirement) */
  maxDetectableBias: number;
  modelError: number;
  modelErrorReason?: string;
  points: number;
  seeds: number;
  alpha: number;
  /** report-relative path of the compared points, to re-evaluate the verdict from saved data */
  data?: string;
}

export interface CheckResult extends CheckMeta {
  kind: CheckKind | "unset";
  expected: string;
  measured: string;
  tolerance: string;
  pass: boolean;
  /** for claims with a standard error: how many SE the check has to spare (≥ 0 when it passes) */
  marginSE?: number;
  agreement?: AgreementRecord;
}

export function fmt(v: number): string {
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

function kindOf(m: KindMeta): CheckKind | "unset" {
  if (m.kind === undefined) return "unset";
  if (m.kind !== "claim" && m.kind !== "implementation") {
    throw new TypeError(`check ${m.id}: kind must be "claim" or "implementation" (agreement checks go through nb.agree), got ${JSON.stringify(m.kind)}`);
  }
  return m.kind;
}

function base(m: KindMeta): Pick<CheckResult, "id" | "kind" | "claim" | "source" | "tag"> {
  validateMeta(m);
  return { id: m.id, kind: kindOf(m), claim: m.claim, source: m.source, tag: m.tag };
}

function checkSe(id: string, se: number | undefined, sigmas: number | undefined): void {
  if (se !== undefined && !(se >= 0)) throw new RangeError(`check ${id}: se must be ≥ 0, got ${se}`);
  if (sigmas !== undefined && !(sigmas > 0)) throw new RangeError(`check ${id}: sigmas must be > 0, got ${sigmas}`);
}

/**
 * Passes when |measured − expected| ≤ max(abs, rel·|expected|) + sigmas·se: the claim's allowance plus the
 * measurement's noise. sigmas defaults to 3: an equality test at 2 SE fails 4.6% of the time for an exact value, so a
 * notebook with a dozen such claims would fail one by chance in every second run; at 3 SE it is 0.27% per claim.
 * At least one of rel, abs, se must be given.
 * @example checkClose({id:"a",kind:"claim",claim:"c",source:"s",tag:"D",measured:1.01,expected:1,rel:0.05}).pass // returns true
 */
export function checkClose(c: KindMeta & { measured: number; expected: number; rel?: number; abs?: number; se?: number; sigmas?: number }): CheckResult {
  const b = base(c);
  if (c.rel === undefined && c.abs === undefined && c.se === undefined) throw new TypeError(`check ${c.id}: give a tolerance (rel and/or abs) or the measurement's standard error se`);
  if ((c.rel ?? 0) < 0 || (c.abs ?? 0) < 0) throw new RangeError(`check ${c.id}: tolerances must be ≥ 0`);
  checkSe(c.id, c.se, c.sigmas);
  const k = c.sigmas ?? 3;
  const allowance = Math.max(c.abs ?? 0, (c.rel ?? 0) * Math.abs(c.expected));
  const tol = allowance + (c.se !== undefined ? k * c.se : 0);
  const gap = Math.abs(c.measured - c.expected);
  const pass = Number.isFinite(c.measured) && Number.isFinite(c.expected) && gap <= tol;
  const parts: string[] = [];
  if (c.rel !== undefined) parts.push(`rel ${fmt(c.rel)}`);
  if (c.abs !== undefined) parts.push(`abs ${fmt(c.abs)}`);
  if (c.se !== undefined) parts.push(`${fmt(k)}·SE (SE ${fmt(c.se)})`);
  const r: CheckResult = { ...b, expected: fmt(c.expected), measured: fmt(c.measured), tolerance: parts.join(" + "), pass };
  if (c.se) r.marginSE = (tol - gap) / c.se;
  return r;
}

/**
 * Passes when min ≤ measured ≤ max; with a standard error `se`, the bound must hold by sigmas·se (default 2):
 * a claim that a quantity exceeds a bound is only reproduced when it does so beyond the noise.
 */
export function checkRange(c: KindMeta & { measured: number; min?: number; max?: number; se?: number; sigmas?: number }): CheckResult {
  const b = base(c);
  if (c.min === undefined && c.max === undefined) throw new TypeError(`check ${c.id}: give min and/or max`);
  checkSe(c.id, c.se, c.sigmas);
  const k = c.sigmas ?? 2;
  const s = c.se ?? 0;
  const lo = c.min !== undefined ? c.measured - c.min : Infinity;
  const hi = c.max !== undefined ? c.max - c.measured : Infinity;
  const margin = Math.min(lo, hi);
  const pass = Number.isFinite(c.measured) && margin >= k * s;
  const expected = c.min !== undefined && c.max !== undefined ? `in [${fmt(c.min)}, ${fmt(c.max)}]` : c.min !== undefined ? `≥ ${fmt(c.min)}` : `≤ ${fmt(c.max!)}`;
  const r: CheckResult = { ...b, expected, measured: fmt(c.measured), tolerance: c.se !== undefined ? `by ≥ ${fmt(k)}·SE (SE ${fmt(s)})` : "—", pass };
  if (c.se) r.marginSE = margin / c.se - k;
  return r;
}

/** A relation decided by the caller (`pass`), with what was expected and what was seen, in words. */
export function checkTrue(c: KindMeta & { measured: string | number; expected: string; pass: boolean }): CheckResult {
  const b = base(c);
  if (typeof c.pass !== "boolean") throw new TypeError(`check ${c.id}: 'pass' must be a boolean`);
  const measured = typeof c.measured === "number" ? fmt(c.measured) : c.measured;
  return { ...b, expected: c.expected, measured, tolerance: "—", pass: c.pass };
}

/** A value with its standard error, for orderings. */
export interface Estimate {
  label: string;
  mean: number;
  se: number;
}

/**
 * An ordering claim on measured data: each consecutive pair moves in the stated direction by at least
 * sigmas·√(se₁² + se₂²) (default 2), so an ordering inside the noise is not counted as reproduced.
 * @example checkOrdered({id:"o",claim:"c",source:"s",tag:"V",order:"increasing",values:[{label:"a",mean:1,se:0.1},{label:"b",mean:2,se:0.1}]}).pass // returns true
 */
export function checkOrdered(c: CheckMeta & { values: Estimate[]; order: "increasing" | "decreasing"; sigmas?: number }): CheckResult {
  validateMeta(c);
  if (!Array.isArray(c.values) || c.values.length < 2) throw new RangeError(`check ${c.id}: an ordering needs at least 2 values`);
  if (c.order !== "increasing" && c.order !== "decreasing") throw new TypeError(`check ${c.id}: order must be "increasing" or "decreasing", got ${JSON.stringify(c.order)}`);
  const k = c.sigmas ?? 2;
  checkSe(c.id, undefined, k);
  let minMargin = Infinity;
  for (let i = 1; i < c.values.length; i++) {
    const a = c.values[i - 1], b = c.values[i];
    if (!(a.se >= 0 && b.se >= 0)) throw new RangeError(`check ${c.id}: standard errors must be ≥ 0 (${a.label}: ${a.se}, ${b.label}: ${b.se})`);
    const step = c.order === "increasing" ? b.mean - a.mean : a.mean - b.mean;
    const s = Math.sqrt(a.se * a.se + b.se * b.se);
    const m = s > 0 ? step / s : step > 0 ? Infinity : step < 0 ? -Infinity : 0;
    if (!Number.isFinite(a.mean) || !Number.isFinite(b.mean)) minMargin = -Infinity;
    minMargin = Math.min(minMargin, m);
  }
  const sign = c.order === "increasing" ? " < " : " > ";
  return {
    id: c.id, kind: "claim", claim: c.claim, source: c.source, tag: c.tag,
    expected: `${c.values.map((v) => v.label).join(sign)}, each step by ≥ ${fmt(k)} SE`,
    measured: c.values.map((v) => `${v.label}: ${fmt(v.mean)} ± ${fmt(v.se)}`).join("; "),
    tolerance: `${fmt(k)}·SE`, pass: minMargin >= k, marginSE: minMargin - k,
  };
}

export interface KindCount {
  passed: number;
  total: number;
}

export interface ScorecardSummary {
  claim: KindCount;
  agreement: KindCount & { detectableBias?: { min: number; max: number } };
  implementation: KindCount;
  unset: number;
  passed: number;
  failed: number;
}

function pct(v: number): string {
  if (!Number.isFinite(v)) return "∞";
  return `${v !== 0 && v < 0.001 ? (100 * v).toPrecision(2) : (100 * v).toFixed(v < 0.01 ? 2 : 1)}%`;
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

  summary(): ScorecardSummary {
    const count = (k: CheckKind): KindCount => {
      const of = this.results.filter((r) => r.kind === k);
      return { passed: of.filter((r) => r.pass).length, total: of.length };
    };
    const biases = this.results.filter((r) => r.agreement).map((r) => r.agreement!.detectableBias);
    const agreement: ScorecardSummary["agreement"] = count("agreement");
    if (biases.length) agreement.detectableBias = { min: Math.min(...biases), max: Math.max(...biases) };
    return {
      claim: count("claim"), agreement, implementation: count("implementation"),
      unset: this.results.filter((r) => r.kind === "unset").length, passed: this.passed, failed: this.failed.length,
    };
  }

  /** The headline: claims reproduced, agreement checks passed with their power, implementation checks apart. */
  headline(): string {
    return headlineOf(this.summary());
  }

  /** Plain-text table, one line per check. */
  toText(): string {
    const lines = this.results.map((r) => `${r.pass ? "PASS" : "FAIL"}  ${r.kind} [${r.tag}] ${r.id}: ${r.claim} (${r.source}) — expected ${r.expected}, measured ${r.measured}${r.tolerance !== "—" ? `, tol ${r.tolerance}` : ""}`);
    lines.push(this.headline());
    return lines.join("\n");
  }
}

/** "claims reproduced 5/6 · agreement checks passed 3/3 (smallest detectable bias 1.2–4.0%) · implementation 7/7". */
export function headlineOf(s: ScorecardSummary): string {
  const b = s.agreement.detectableBias;
  const power = b ? ` (smallest detectable bias ${b.min === b.max ? pct(b.max) : `${pct(b.min)}–${pct(b.max)}`})` : "";
  return `claims reproduced ${s.claim.passed}/${s.claim.total} · agreement checks passed ${s.agreement.passed}/${s.agreement.total}${power}` +
    ` · implementation checks ${s.implementation.passed}/${s.implementation.total}${s.unset ? ` · ${s.unset} without a kind` : ""}`;
}
