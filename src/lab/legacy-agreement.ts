/**
 * Theory-vs-simulation agreement, the rule of the reference specs (collapse spec §1.4): a simulated point agrees
 * with theory when |sim − theory| ≤ max(k·SE, rel·|theory|) (k = 3, rel = 5%; rel = 10% near an interpolation
 * threshold). Applied to hundreds of correlated points the per-point rule fails by chance (≈ 0.3% of points lie
 * beyond 3 SE even for an exact theory), so a figure-wide verdict asks for a fraction of agreeing points (95%) and
 * no point beyond a gross guard max(5·SE, 2·rel·|theory|).
 */
import type { FigureSpec, Series } from "./figure";

/** One simulated point compared with theory. */
export interface AgreementPoint {
  series: string;
  panel: number;
  x: number;
  sim: number;
  se: number;
  theory: number;
  tolerance: number;
  ok: boolean;
}

/** Point-by-point comparison. */
export interface Agreement {
  points: number;
  failures: number;
  /** max over points of |sim − theory| / tolerance (≤ 1: every point passes) */
  worstRatio: number;
  worst?: AgreementPoint;
  /** max over points of |sim − theory| / |theory| */
  maxRelativeGap: number;
  all: AgreementPoint[];
}

export interface AgreementRule {
  /** multiple of the standard error (default 3) */
  k?: number;
  /** relative tolerance (default 0.05) */
  rel?: number;
  /** relative tolerance near a threshold (default 0.10) */
  relNear?: number;
  /** whether a point is near an interpolation threshold */
  nearThreshold?: (panel: number, x: number, s: Series) => boolean;
  /** compare only points whose x passes */
  xFilter?: (x: number) => boolean;
  /** compare only these panels */
  panels?: number[];
}

function summarize(all: AgreementPoint[]): Agreement {
  let worst: AgreementPoint | undefined, worstRatio = 0, maxRel = 0;
  for (const p of all) {
    const ratio = Math.abs(p.sim - p.theory) / p.tolerance;
    if (!worst || ratio > worstRatio) {
      worstRatio = ratio;
      worst = p;
    }
    maxRel = Math.max(maxRel, Math.abs(p.sim - p.theory) / Math.abs(p.theory));
  }
  return { points: all.length, failures: all.filter((p) => !p.ok).length, worstRatio, worst, maxRelativeGap: maxRel, all };
}

function comparePoints(sim: Series, theoryAt: (x: number) => number, rule: AgreementRule, out: AgreementPoint[]): void {
  const k = rule.k ?? 3, rel = rule.rel ?? 0.05, relNear = rule.relNear ?? 0.1;
  const panel = sim.panel ?? 0;
  for (let i = 0; i < sim.x.length; i++) {
    const x = sim.x[i];
    if (rule.xFilter && !rule.xFilter(x)) continue;
    const theory = theoryAt(x);
    const se = sim.yErr ? sim.yErr[i] : 0;
    const near = rule.nearThreshold ? rule.nearThreshold(panel, x, sim) : false;
    const tolerance = Math.max(k * se, (near ? relNear : rel) * Math.abs(theory));
    out.push({ series: sim.name, panel, x, sim: sim.y[i], se, theory, tolerance, ok: Math.abs(sim.y[i] - theory) <= tolerance });
  }
}

/**
 * Compares one simulated series with a theory function.
 * @example seriesAgreement({name: "s", kind: "simulation", x: [1], y: [1.02], yErr: [0.01]}, () => 1).failures // returns 0
 */
export function seriesAgreement(sim: Series, theoryAt: (x: number) => number, rule: AgreementRule = {}): Agreement {
  const all: AgreementPoint[] = [];
  comparePoints(sim, theoryAt, rule, all);
  return summarize(all);
}

/**
 * Compares simulated means `sim` (standard errors `se`) with `theory`, point by point (arrays of equal length).
 * @throws RangeError on arrays of different lengths
 */
export function arrayAgreement(theory: ArrayLike<number>, sim: ArrayLike<number>, se: ArrayLike<number>, rule: AgreementRule = {}, name = "simulation"): Agreement {
  if (sim.length !== theory.length || se.length !== theory.length) {
    throw new RangeError(`arrayAgreement: theory has ${theory.length} points, simulation ${sim.length}, standard errors ${se.length}`);
  }
  const x = Array.from({ length: theory.length }, (_, i) => i);
  return seriesAgreement({ name, kind: "simulation", x, y: Array.from(sim), yErr: Array.from(se) }, (i) => theory[i], rule);
}

/** All points of several comparisons as one. */
export function mergeAgreements(list: Agreement[]): Agreement {
  return summarize(list.flatMap((a) => a.all));
}

/**
 * Pairs every simulation series (with error bars) of a figure with the theory series of the same panel and group,
 * evaluated on the same x grid, and compares them point by point.
 * @throws RangeError when a simulation has no matching theory series or theory lacks one of its x values
 */
export function theoryAgreement(spec: FigureSpec, rule: AgreementRule = {}): Agreement {
  const all: AgreementPoint[] = [];
  for (const sim of spec.series) {
    if (sim.kind !== "simulation" || !sim.yErr) continue;
    const panel = sim.panel ?? 0;
    if (rule.panels && !rule.panels.includes(panel)) continue;
    const th = spec.series.find((s) => s.kind === "theory" && (s.panel ?? 0) === panel && s.group === sim.group);
    if (!th) throw new RangeError(`theoryAgreement: no theory series for simulation "${sim.name}" (panel ${panel}, group ${sim.group})`);
    comparePoints(sim, (x) => {
      const j = th.x.indexOf(x);
      if (j < 0) throw new RangeError(`theoryAgreement: theory "${th.name}" has no point at x = ${x}`);
      return th.y[j];
    }, rule, all);
  }
  return summarize(all);
}

/** Figure-wide verdict. */
export interface AgreementVerdict {
  /** fraction of points within max(3·SE, rel·|theory|) */
  fraction: number;
  /** points beyond the gross guard max(5·SE, 2·rel·|theory|) */
  gross: number;
  points: number;
  maxRelativeGap: number;
  pass: boolean;
  /** one line for a scorecard */
  text: string;
}

/**
 * Verdict from a strict (k = 3) and a loose (k = 5, 2·rel) comparison of the same points: passes when at most
 * max(1, ⌊(1 − minFraction)·points⌋) points miss the strict rule (a 3·SE miss now and then is expected even for an
 * exact theory, also on small figures) and none misses the loose one.
 */
export function verdictOf(strict: Agreement, loose: Agreement, rel = 0.05, minFraction = 0.95): AgreementVerdict {
  const fraction = strict.points === 0 ? 0 : (strict.points - strict.failures) / strict.points;
  const allowed = Math.max(1, Math.floor((1 - minFraction) * strict.points + 1e-9));
  const pass = strict.points > 0 && strict.failures <= allowed && loose.failures === 0;
  const text = `${strict.points - strict.failures}/${strict.points} points within max(3·SE, ${100 * rel}%), ` +
    `${loose.failures} beyond max(5·SE, ${200 * rel}%); max gap ${(100 * strict.maxRelativeGap).toFixed(1)}%`;
  return { fraction, gross: loose.failures, points: strict.points, maxRelativeGap: strict.maxRelativeGap, pass, text };
}

/** Figure-wide verdict (see {@link verdictOf}): about `minFraction` (95%) of points within the §1.4 rule, none beyond the gross guard. */
export function agreementVerdict(spec: FigureSpec, rule: AgreementRule & { minFraction?: number } = {}): AgreementVerdict {
  const rel = rule.rel ?? 0.05, relNear = rule.relNear ?? 0.1;
  const strict = theoryAgreement(spec, { ...rule, k: 3, rel, relNear });
  const loose = theoryAgreement(spec, { ...rule, k: 5, rel: 2 * rel, relNear: 2 * relNear });
  return verdictOf(strict, loose, rel, rule.minFraction);
}
