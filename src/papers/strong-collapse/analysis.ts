/**
 * Small analyses behind the notebook's checks: theory-vs-simulation agreement (spec §1.4), curve shapes,
 * orderings and the spec's reference tables recomputed.
 */
import type { Rng } from "../../maths/random";
import { meanAndStderr } from "../../maths/stats";
import { seriesAgreement } from "../../lab/legacy-agreement";
import type { Series } from "../../lab/figure";
import { randomProjectionEquivalent } from "./random-projection-theory";
import { projectionEigenvalues } from "./simulate-random-projections";
import { simulateMixtureRidge } from "./simulate-mixture";

/** Result of comparing simulated points with theory. */
export interface Agreement {
  /** Points compared. */
  count: number;
  /** Points outside the tolerance. */
  failures: number;
  /** Largest |sim − theory| / tolerance (≤ 1 means every point passed). */
  worstRatio: number;
  /** Description of the worst point. */
  worst: string;
  /** Distinct x values (sample sizes, ψ, …) of the points outside the tolerance. */
  failedX?: number[];
  /** Every distinct x value compared. */
  xs?: number[];
}

/**
 * Spec §1.4 rule |sim − theory| ≤ max(3·SE, rel·|theory|) (`relNear` where `near(x)`), applied by the lab's
 * {@link seriesAgreement}; kept in this shape for the cluster-counting verdict below.
 */
export function agreement(sim: Series, theoryAt: (x: number) => number, rel = 0.05, near?: (x: number) => boolean, relNear = 0.1): Agreement {
  const a = seriesAgreement(sim, theoryAt, { k: 3, rel, relNear, nearThreshold: near ? (_p, x) => near(x) : undefined });
  const w = a.worst;
  const worst = w && a.worstRatio > 0 ? `${sim.name} at x = ${w.x}: sim ${w.sim.toPrecision(4)} ± ${w.se.toPrecision(2)} vs theory ${w.theory.toPrecision(4)}` : "";
  const failedX = [...new Set(a.all.filter((pt) => !pt.ok).map((pt) => pt.x))];
  return { count: a.points, failures: a.failures, worstRatio: a.worstRatio, worst, failedX, xs: [...new Set(sim.x)] };
}

/** Merges agreements of several series. */
export function mergeAgreements(list: Agreement[]): Agreement {
  let best: Agreement = { count: 0, failures: 0, worstRatio: 0, worst: "", failedX: [], xs: [] };
  for (const a of list) {
    best = {
      count: best.count + a.count,
      failures: best.failures + a.failures,
      worstRatio: Math.max(best.worstRatio, a.worstRatio),
      worst: a.worstRatio > best.worstRatio ? a.worst : best.worst,
      failedX: [...new Set([...(best.failedX ?? []), ...(a.failedX ?? [])])],
      xs: [...new Set([...(best.xs ?? []), ...(a.xs ?? [])])],
    };
  }
  return best;
}

/** Whether ys[k][i] strictly increases in k at every i; returns the first violation if not. */
export function increasingAcross(ys: number[][], labels: string[], xs: number[]): { pass: boolean; violation: string } {
  for (let i = 0; i < xs.length; i++) {
    for (let k = 1; k < ys.length; k++) {
      if (!(ys[k][i] > ys[k - 1][i])) {
        return { pass: false, violation: `at x = ${xs[i]}: ${labels[k]} (${ys[k][i].toPrecision(4)}) ≤ ${labels[k - 1]} (${ys[k - 1][i].toPrecision(4)})` };
      }
    }
  }
  return { pass: true, violation: "none" };
}

/** Whether ys is non-increasing (up to a relative slack). */
export function nonIncreasing(ys: number[], slack = 1e-12): boolean {
  for (let i = 1; i < ys.length; i++) if (ys[i] > ys[i - 1] * (1 + slack)) return false;
  return true;
}

/** Shape of a synthetic-excess curve against ψ (spec §3.6 check 5). */
export interface ExcessShape {
  increasingBelow: boolean;
  peakPsi: number;
  decreasingAbove: boolean;
  atLast: number;
}

/** Increasing on (0, rise], peak location, decreasing on (fall, ∞), value at the largest ψ. */
export function excessShape(psi: number[], excess: number[], rise = 0.9, fall = 1.2): ExcessShape {
  let increasingBelow = true, decreasingAbove = true, peak = 0;
  for (let i = 0; i < psi.length; i++) {
    if (excess[i] > excess[peak]) peak = i;
    if (i > 0 && psi[i] <= rise && !(excess[i] > excess[i - 1])) increasingBelow = false;
    if (i > 0 && psi[i - 1] > fall && !(excess[i] < excess[i - 1])) decreasingAbove = false;
  }
  return { increasingBelow, peakPsi: psi[peak], decreasingAbove, atLast: excess[excess.length - 1] };
}

/** The spec's random-projection check table (§3.3): d = 400, n = 200, σ² = 0.1, r² = 1, c² = 0.5, p₂ = 0.2, λ = 1e-6. */
export const RP_SPEC_TABLE = {
  d: 400, n: 200, sigma2: 0.1, r2: 1, c2: 0.5, p2: 0.2, lambda: 1e-6,
  psi: [0.25, 0.5, 0.75, 0.9, 1.1, 1.3, 1.5, 1.75],
  theory: [1.235, 1.7, 3.085, 7.23, 7.61, 2.985, 2.063, 1.603],
  excess: [0.035, 0.1, 0.29, 0.83, 0.99, 0.39, 0.27, 0.21],
};

/** Recomputes the spec's table with the conditional-on-S theory for one fresh S (nested in m). */
export function randomProjectionSpecTable(rng: Rng): { psi: number; theory: number; excess: number }[] {
  const t = RP_SPEC_TABLE;
  const ms = t.psi.map((p) => Math.round(p * t.n));
  const mMax = ms[ms.length - 1];
  const S = { rows: mMax, cols: t.d, data: rng.fillNormal(new Float64Array(mMax * t.d), Math.sqrt(1 / t.d)) };
  return ms.map((m, i) => {
    const zEigs = projectionEigenvalues(S, m);
    const base = { zEigs, d: t.d, m, n: t.n, lambda: t.lambda, sigma2: t.sigma2, r2: t.r2, c2: t.c2 };
    const mix = randomProjectionEquivalent({ ...base, p2: t.p2 }).testError;
    const clean = randomProjectionEquivalent({ ...base, p2: 0 }).testError;
    return { psi: t.psi[i], theory: mix, excess: mix - clean };
  });
}

/** Monte-Carlo of the isotropic OLS mixture at one (d, n, p₂): mean and SE over `seeds` streams. */
export function isotropicMonteCarlo(d: number, n: number, p2: number, sigma2: number, c2: number, seeds: number, rng: Rng): { mean: number; se: number } {
  const rows: number[][] = [];
  const w1 = new Float64Array(d).fill(1 / Math.sqrt(d));
  const deltaDiag = new Float64Array(d).fill(c2 / d);
  for (let s = 0; s < seeds; s++) {
    rows.push(simulateMixtureRidge({ eigs: new Float64Array(d).fill(1), w1, deltaDiag, sigma2, lambda: 0, ns: [n], p2s: [p2] }, rng.split())[0]);
  }
  const r = meanAndStderr(rows);
  return { mean: r.mean[0], se: r.se[0] };
}

/**
 * Number of independent "miss events": runs of consecutive grid values (in the sorted x grid) at which some
 * point misses. Nested designs reuse the rows of smaller n inside larger n, and the curves of one panel share
 * their random rows, so one unlucky draw makes neighbouring points of several curves miss together.
 */
export function missClusters(a: Agreement): number {
  if (!a.failedX || !a.xs) return a.failures;
  const grid = [...a.xs].sort((u, v) => u - v);
  const bad = new Set(a.failedX);
  let clusters = 0;
  for (let i = 0; i < grid.length; i++) if (bad.has(grid[i]) && (i === 0 || !bad.has(grid[i - 1]))) clusters++;
  return clusters;
}

/**
 * Family-wise verdict for many theory-vs-simulation points, each tested at max(3·SE, rel): the figure passes when
 * the misses form at most max(1, ⌊2%·k⌋) clusters ({@link missClusters}) and no point misses by more than 1.5× its
 * tolerance (a guard against real disagreement).
 */
export function agreementPasses(a: Agreement): boolean {
  return missClusters(a) <= Math.max(1, Math.floor(0.02 * a.count)) && a.worstRatio <= 1.5;
}

/** One-line description of an agreement for the scorecard. */
export function describeAgreement(a: Agreement): string {
  return `${a.failures}/${a.count} points outside, in ${missClusters(a)} cluster(s) of neighbouring x (allowed ≤ ${Math.max(1, Math.floor(0.02 * a.count))}); worst ${a.worstRatio.toFixed(2)}× tol (${a.worst})`;
}
