/**
 * Small analyses behind the notebook's checks: estimates with standard errors taken from the per-seed values of
 * simulated series (points, paired differences, slopes, plateau intercepts), theory-vs-simulation points for the
 * lab's agreement engine, curve shapes and orderings of theory curves, and the random-projection reference table.
 */
import type { Rng } from "../../maths/random";
import { linearFit, logLogSlope, mean, stderr } from "../../maths/stats";
import type { Series } from "../../lab/figure";
import type { ComparedPoint } from "../../lab/agreement";
import type { Estimate } from "../../lab/checks";
import { randomProjectionEquivalent, randomProjectionEquivalentMP } from "./random-projection-theory";
import { projectionEigenvalues } from "./simulate-random-projections";
import { simulateMixtureRidge } from "./simulate-mixture";

function seedsOf(fn: string, s: Series): number[][] {
  if (!s.ySeeds || s.ySeeds.length < 2) throw new RangeError(`${fn}: series "${s.name}" has no per-seed values (ySeeds with ≥ 2 seeds)`);
  return s.ySeeds;
}

function indexOfX(fn: string, s: Series, x: number): number {
  const i = s.x.findIndex((v) => v === x || Math.abs(v - x) <= 1e-9 * Math.abs(x));
  if (i < 0) throw new RangeError(`${fn}: series "${s.name}" has no point at x = ${x}`);
  return i;
}

function estimateOf(label: string, values: number[]): Estimate {
  return { label, mean: mean(values), se: stderr(values) };
}

/** The simulated mean and its standard error at x (from the series' per-seed values). */
export function estimateAt(s: Series, x: number, label = `${s.name} at x = ${x}`): Estimate {
  const rows = seedsOf("estimateAt", s);
  const i = indexOfX("estimateAt", s, x);
  return estimateOf(label, rows.map((r) => r[i]));
}

/**
 * Paired difference a(xa) − b(xb) over seeds (same seed index = same random draws), with its standard error:
 * much tighter than the combined SE of two means when both share their randomness.
 */
export function pairedDifference(a: Series, xa: number, b: Series, xb: number, label = `${a.name} − ${b.name}`): Estimate {
  const ra = seedsOf("pairedDifference", a), rb = seedsOf("pairedDifference", b);
  if (ra.length !== rb.length) throw new RangeError(`pairedDifference: "${a.name}" has ${ra.length} seeds, "${b.name}" has ${rb.length}`);
  const i = indexOfX("pairedDifference", a, xa), j = indexOfX("pairedDifference", b, xb);
  return estimateOf(label, ra.map((r, s) => r[i] - rb[s][j]));
}

/** Per-seed ratio a(xa)/b(xb), its mean over seeds and standard error. */
export function pairedRatio(a: Series, xa: number, b: Series, xb: number, label = `${a.name} / ${b.name}`): Estimate {
  const ra = seedsOf("pairedRatio", a), rb = seedsOf("pairedRatio", b);
  if (ra.length !== rb.length) throw new RangeError(`pairedRatio: "${a.name}" has ${ra.length} seeds, "${b.name}" has ${rb.length}`);
  const i = indexOfX("pairedRatio", a, xa), j = indexOfX("pairedRatio", b, xb);
  return estimateOf(label, ra.map((r, s) => r[i] / rb[s][j]));
}

/** Log–log slope over xMin ≤ x ≤ xMax, fitted per seed; mean over seeds and its standard error. */
export function slopeEstimate(s: Series, xMin: number, xMax: number, label = `slope of ${s.name}`): Estimate {
  const rows = seedsOf("slopeEstimate", s);
  return estimateOf(label, rows.map((r) => logLogSlope(s.x, r, xMin, xMax)));
}

/**
 * Plateau of a curve E(n) ≈ a + b·d/n: the intercept a of a per-seed least-squares line of E against d/n over the
 * points with d/n ≤ maxPhi (the error extrapolated to n → ∞ at fixed d); mean over seeds and its standard error.
 */
export function plateauEstimate(s: Series, d: number, maxPhi: number, label = `plateau of ${s.name}`): Estimate {
  const rows = seedsOf("plateauEstimate", s);
  const idx = s.x.map((_, i) => i).filter((i) => d / s.x[i] <= maxPhi);
  if (idx.length < 2) throw new RangeError(`plateauEstimate: need ≥ 2 points with d/n ≤ ${maxPhi} in "${s.name}", got ${idx.length}`);
  const phi = idx.map((i) => d / s.x[i]);
  return estimateOf(label, rows.map((r) => linearFit(phi, idx.map((i) => r[i])).intercept));
}

/** The estimate closest to its bound `min` in units of its SE (the one a "holds at every point" claim hinges on). */
export function weakestAbove(list: Estimate[], min = 0): Estimate {
  if (list.length === 0) throw new RangeError("weakestAbove: no estimates");
  const z = (e: Estimate) => (e.se > 0 ? (e.mean - min) / e.se : e.mean > min ? Infinity : -Infinity);
  return list.reduce((w, e) => (z(e) < z(w) ? e : w));
}

/**
 * Points for the agreement engine: every simulated point of `sim` (optionally filtered) against `theoryAt(x)`,
 * with its per-seed values.
 */
export function pointsAgainst(sim: Series, theoryAt: (x: number) => number, keep?: (x: number) => boolean): ComparedPoint[] {
  if (!sim.yErr) throw new RangeError(`pointsAgainst: series "${sim.name}" has no standard errors`);
  const out: ComparedPoint[] = [];
  sim.x.forEach((x, i) => {
    if (keep && !keep(x)) return;
    const p: ComparedPoint = { series: sim.name, panel: sim.panel ?? 0, x, sim: sim.y[i], se: sim.yErr![i], theory: theoryAt(x) };
    if (sim.ySeeds) p.seeds = sim.ySeeds.map((r) => r[i]);
    out.push(p);
  });
  return out;
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

/** Shape of a synthetic-excess curve against ψ. */
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

/**
 * Reference values of the conditional-on-S random-projection formula (derived here, docs/derivations/
 * strong-collapse.md §3) from an independent numpy implementation, with one draw of S at d = 400, n = 200,
 * σ² = 0.1, r² = 1, c² = 0.5, p₂ = 0.2, λ = 1e-6: test error and synthetic excess (mix − clean) per ψ = m/n.
 */
export const RP_REFERENCE_TABLE = {
  d: 400, n: 200, sigma2: 0.1, r2: 1, c2: 0.5, p2: 0.2, lambda: 1e-6,
  psi: [0.25, 0.5, 0.75, 0.9, 1.1, 1.3, 1.5, 1.75],
  theory: [1.235, 1.7, 3.085, 7.23, 7.61, 2.985, 2.063, 1.603],
  excess: [0.035, 0.1, 0.29, 0.83, 0.99, 0.39, 0.27, 0.21],
};

/** Recomputes the reference table with the conditional-on-S theory for one fresh S (nested in m). */
export function randomProjectionReferenceTable(rng: Rng): { psi: number; theory: number; excess: number }[] {
  const t = RP_REFERENCE_TABLE;
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

/** Monte-Carlo of the isotropic OLS mixture at one (d, n, p₂): per-seed errors, their mean and SE. */
export function isotropicMonteCarlo(d: number, n: number, p2: number, sigma2: number, c2: number, seeds: number, rng: Rng): { mean: number; se: number; values: number[] } {
  if (!Number.isInteger(seeds) || seeds < 2) throw new RangeError(`isotropicMonteCarlo: seeds must be an integer ≥ 2, got ${seeds}`);
  const values: number[] = [];
  const w1 = new Float64Array(d).fill(1 / Math.sqrt(d));
  const deltaDiag = new Float64Array(d).fill(c2 / d);
  for (let s = 0; s < seeds; s++) {
    values.push(simulateMixtureRidge({ eigs: new Float64Array(d).fill(1), w1, deltaDiag, sigma2, lambda: 0, ns: [n], p2s: [p2] }, rng.split())[0][0]);
  }
  return { mean: mean(values), se: stderr(values), values };
}

/**
 * Consecutive paired differences series[k+1](x) − series[k](x) over seeds (the series share their random draws):
 * for an ordering claim on curves whose common noise would swamp unpaired standard errors.
 */
export function pairedSteps(series: Series[], x: number): Estimate[] {
  if (series.length < 2) throw new RangeError(`pairedSteps: need at least 2 series, got ${series.length}`);
  return series.slice(1).map((s, k) => pairedDifference(s, x, series[k], x, `${s.name} − ${series[k].name}`));
}

/**
 * Tokens (or samples) the curve `slow` needs to reach the value of `fast` at x = xs[iRef], relative to xs[iRef],
 * by log–log interpolation, per seed; a seed whose `slow` curve never reaches it contributes the lower bound
 * xs[last]/xs[iRef]. Mean over seeds and its standard error; `reached` counts the seeds that reached it.
 */
export function delayFactor(fast: Series, slow: Series, iRef: number): Estimate & { reached: number } {
  const rf = seedsOf("delayFactor", fast), rs = seedsOf("delayFactor", slow);
  if (rf.length !== rs.length) throw new RangeError(`delayFactor: "${fast.name}" has ${rf.length} seeds, "${slow.name}" has ${rs.length}`);
  const xs = slow.x;
  if (!(iRef >= 0 && iRef < xs.length)) throw new RangeError(`delayFactor: iRef must index the x grid, got ${iRef}`);
  let reached = 0;
  const values = rf.map((f, s) => {
    const target = f[iRef], y = rs[s];
    for (let i = 1; i < xs.length; i++) {
      if (y[i - 1] > target && y[i] <= target) {
        reached++;
        const t = Math.log(y[i - 1] / target) / Math.log(y[i - 1] / y[i]);
        return Math.exp(Math.log(xs[i - 1]) + t * Math.log(xs[i] / xs[i - 1])) / xs[iRef];
      }
    }
    return y[0] <= target ? xs[0] / xs[iRef] : xs[xs.length - 1] / xs[iRef];
  });
  return { ...estimateOf(`x needed by ${slow.name} / x of ${fast.name}`, values), reached };
}

/**
 * The S-free (Marchenko–Pastur) random-projection theory against the conditional-on-S formula averaged over
 * `draws` fresh projections S (nested in m), at every model size of `ms` and every (c², p₂): the largest relative
 * difference of the test error and of the synthetic excess (mix − clean), and where it occurs.
 */
export function sFreeVersusConditional(
  p: { d: number; n: number; lambda: number; sigma2: number; r2: number },
  ms: number[], labels: { c2: number; p2: number }[], draws: number, rng: Rng,
): { maxRelError: number; maxRelExcess: number; where: string } {
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`sFreeVersusConditional: draws must be an integer ≥ 1, got ${draws}`);
  const mMax = Math.max(...ms);
  const avg = ms.map(() => labels.map(() => 0)), avg0 = ms.map(() => 0);
  for (let s = 0; s < draws; s++) {
    const S = { rows: mMax, cols: p.d, data: rng.fillNormal(new Float64Array(mMax * p.d), Math.sqrt(1 / p.d)) };
    ms.forEach((m, i) => {
      const zEigs = projectionEigenvalues(S, m);
      avg0[i] += randomProjectionEquivalent({ ...p, zEigs, m, c2: 0, p2: 0 }).testError / draws;
      labels.forEach((lab, l) => { avg[i][l] += randomProjectionEquivalent({ ...p, zEigs, m, ...lab }).testError / draws; });
    });
  }
  let maxRelError = 0, maxRelExcess = 0, where = "";
  ms.forEach((m, i) => {
    const free0 = randomProjectionEquivalentMP({ ...p, m, c2: 0, p2: 0 }).testError;
    labels.forEach((lab, l) => {
      const free = randomProjectionEquivalentMP({ ...p, m, ...lab }).testError;
      const e = Math.abs(free / avg[i][l] - 1);
      const ex = Math.abs((free - free0) / (avg[i][l] - avg0[i]) - 1);
      if (e > maxRelError) maxRelError = e;
      if (ex > maxRelExcess) { maxRelExcess = ex; where = `m = ${m}, c² = ${lab.c2}, p₂ = ${lab.p2}`; }
    });
  });
  return { maxRelError, maxRelExcess, where };
}
