/**
 * Phase diagrams of "Strong Model Collapse": the test error over (n, p₂) (isotropic OLS, Eq. 11) and the synthetic
 * excess over (ψ, p₂) (random projections, the S-free theory of §3), each with its collapse boundary drawn on top.
 * The boundaries are derived here (docs/derivations/strong-collapse.md §6):
 *
 *  - (n, p₂): n_b(p₂) is where the local scaling exponent of the mixed model's error, −d log E/d log n under Eq. 11, is
 *    half the clean model's: n_b = d + d(σ² + p₁p₂c²)/(p₂²c²) ≈ σ²d/(p₂²c²) = n* for small p₂. Left of it more data
 *    still pays (the exponent is > ½ of the clean one), right of it the error has stopped improving with n.
 *  - (ψ, p₂): ψ_peak(p₂), the model size at which the synthetic excess (mix − clean) peaks; below it larger models
 *    amplify collapse, above it they mitigate it (Theorem 2's claims).
 */
import { logspace, meanAndStderr } from "../../maths/stats";
import type { FigureSpec, Series } from "../../lab/figure";
import { withHeatmaps, type HeatmapLayer } from "../../lab/heatmap";
import type { ComparedPoint } from "../../lab/agreement";
import type { Estimate } from "../../lab/checks";
import { isotropicMixtureErrorFinite } from "./isotropic-theory";
import { checkFraction } from "./mixture-theory";
import { randomProjectionEquivalentMP } from "./random-projection-theory";
import { modelSizes, fmtP, modelSizeNames } from "./figures";
import { seriesNamed } from "../../lab/series";
import type { ModelSizeParams, PhaseParams, ScalingParams } from "./params";

function checkPositive(fn: string, name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${fn}: ${name} must be finite and > 0, got ${v}`);
}

/**
 * Ratio of the local scaling exponents of the mixed and the clean error under Eq. 11 [D]:
 * (d log E_mix/d log n)/(d log E_clean/d log n) = Ag/(Ag + p₂²c²), g = d/(n − d), A = σ² + p₁p₂c².
 * 1 = the mix improves with n as fast as clean data, 0 = it has stopped improving.
 * @example eq11ExponentRatio(20, collapseBoundarySampleSize(20, 0.1, 1, 1), 0.1, 1, 1) // 0.5
 */
export function eq11ExponentRatio(d: number, n: number, p2: number, sigma2: number, c2: number): number {
  const fn = "eq11ExponentRatio";
  checkPositive(fn, "d", d);
  if (!(n > d)) throw new RangeError(`${fn}: needs n > d, got n = ${n}, d = ${d}`);
  checkFraction(fn, "p2", p2);
  checkPositive(fn, "sigma2", sigma2);
  if (!(c2 >= 0) || !Number.isFinite(c2)) throw new RangeError(`${fn}: c2 must be finite and ≥ 0, got ${c2}`);
  const g = d / (n - d), A = sigma2 + (1 - p2) * p2 * c2;
  return (A * g) / (A * g + p2 * p2 * c2);
}

/**
 * Collapse boundary of Eq. 11 [D]: the n at which the mixed model's local scaling exponent is half the clean one,
 * n_b = d + d(σ² + p₁p₂c²)/(p₂²c²) (→ n* = σ²d/(p₂²c²) as p₂ → 0).
 * @example collapseBoundarySampleSize(20, 0.1, 1, 1) // 2200
 */
export function collapseBoundarySampleSize(d: number, p2: number, sigma2: number, c2: number): number {
  const fn = "collapseBoundarySampleSize";
  checkPositive(fn, "d", d);
  if (!(p2 > 0 && p2 <= 1)) throw new RangeError(`${fn}: p2 must be in (0, 1], got ${p2}`);
  checkPositive(fn, "sigma2", sigma2);
  checkPositive(fn, "c2", c2);
  return d + (d * (sigma2 + (1 - p2) * p2 * c2)) / (p2 * p2 * c2);
}

/** The random-projection problem of a phase diagram (the model-size figure's setting at one quality c²). */
export interface RpSetting {
  d: number;
  n: number;
  lambda: number;
  sigma2: number;
  r2: number;
  c2: number;
}

function rpMix(s: RpSetting, m: number, p2: number): number {
  return randomProjectionEquivalentMP({ d: s.d, m, n: s.n, lambda: s.lambda, sigma2: s.sigma2, r2: s.r2, c2: s.c2, p2 }).testError;
}

function rpClean(s: RpSetting, m: number): number {
  return randomProjectionEquivalentMP({ d: s.d, m, n: s.n, lambda: s.lambda, sigma2: s.sigma2, r2: s.r2, c2: 0, p2: 0 }).testError;
}

/** Synthetic excess E_mix − E_clean of the S-free random-projection theory at model size m [D]. */
export function rpExcess(s: RpSetting, m: number, p2: number): number {
  return rpMix(s, m, p2) - rpClean(s, m);
}

/**
 * Model size at which the synthetic excess peaks (the amplify/mitigate boundary of Theorem 2's claims), searched over
 * every integer m in [ψLo·n, ψHi·n] [D].
 */
export function rpExcessPeak(s: RpSetting, p2: number, psiLo = 0.8, psiHi = 1.25): { m: number; psi: number; excess: number } {
  const lo = Math.max(1, Math.ceil(psiLo * s.n)), hi = Math.floor(psiHi * s.n);
  if (!(hi > lo)) throw new RangeError(`rpExcessPeak: empty search range [${psiLo}, ${psiHi}]·n`);
  let best = { m: lo, psi: lo / s.n, excess: -Infinity };
  for (let m = lo; m <= hi; m++) {
    const e = rpExcess(s, m, p2);
    if (e > best.excess) best = { m, psi: m / s.n, excess: e };
  }
  return best;
}

/** Names of the phase-diagram series. */
export const phaseNames = {
  boundaryN: "collapse boundary n_b(p₂): exponent halved (Eq. 11)",
  crossover: "n* = σ²d/(p₂²c²)",
  cells: "simulated cells (scaling figure, small d)",
  boundaryPsi: "excess peak ψ_peak(p₂): amplify | mitigate",
  cellsPsi: "simulated cells (model-size figure)",
};

function sortedUnion(a: number[], b: number[]): number[] {
  return [...new Set([...a, ...b])].sort((u, v) => u - v);
}

/**
 * Phase diagrams (theory heatmaps, boundaries on top), built from the simulations of two other figures:
 * panel 0 the finite-n Eq. 11 test error over (n, p₂) at the scaling figure's small-d setting (isotropic OLS) with
 * n_b(p₂); panel 1 the S-free synthetic excess over (ψ, p₂) at the model-size setting with ψ_peak(p₂). Both grids
 * contain the simulated cells, so the stored heatmaps can be compared with the simulations cell by cell.
 */
export function buildPhaseFigure(p: PhaseParams, sc: ScalingParams, ms: ModelSizeParams): FigureSpec {
  const d = sc.smallD.d, { sigma2, c2 } = sc;
  // --- panel 0: theory heatmap over (n, p₂), the simulated n and p₂ on the grid
  const simP2 = sc.p2s.filter((v) => v > 0);
  const nGrid = sortedUnion(logspace(Math.log10(p.nPanel.nRange[0]), Math.log10(p.nPanel.nRange[1]), p.nPanel.gridX), sc.smallD.nsSim);
  const p2Grid = sortedUnion(logspace(Math.log10(p.nPanel.p2Range[0]), Math.log10(p.nPanel.p2Range[1]), p.nPanel.gridY).map((v) => Number(v.toPrecision(3))), simP2);
  if (!(nGrid[0] > d + 1)) throw new RangeError(`buildPhaseFigure: smallest n = ${nGrid[0]} must exceed d + 1 = ${d + 1}`);
  const zN = p2Grid.map((p2) => nGrid.map((n) => isotropicMixtureErrorFinite(d, n, p2, sigma2, c2)));
  const series: Series[] = [];
  const nb = p2Grid.map((p2) => collapseBoundarySampleSize(d, p2, sigma2, c2));
  const inN = (v: number) => v >= nGrid[0] && v <= nGrid[nGrid.length - 1];
  series.push({ name: phaseNames.boundaryN, kind: "theory", x: nb.filter(inN), y: p2Grid.filter((_, j) => inN(nb[j])), panel: 0, group: "boundary", style: "lines" });
  const nStar = p2Grid.map((p2) => (sigma2 * d) / (p2 * p2 * c2));
  series.push({ name: phaseNames.crossover, kind: "theory", x: nStar.filter(inN), y: p2Grid.filter((_, j) => inN(nStar[j])), panel: 0, group: "n*", colorGroup: "boundary", variant: "small-p₂ form n*", style: "lines" });
  const cells = p.nPanel.cellP2s.filter((v) => simP2.includes(v)).flatMap((p2) => sc.smallD.nsSim.map((n) => ({ x: n, y: p2 })));
  series.push({ name: phaseNames.cells, kind: "simulation", x: cells.map((c) => c.x), y: cells.map((c) => c.y), panel: 0, group: "cells", style: "markers" });
  // --- panel 1: S-free excess over (ψ, p₂) at the model-size setting, quality c² = p.psiPanel.c2
  const rp: RpSetting = { d: ms.d, n: ms.n, lambda: ms.lambda, sigma2: ms.sigma2, r2: ms.r2, c2: p.psiPanel.c2 };
  const pp = p.psiPanel;
  const simMs = modelSizes(ms.psis, ms.n);
  const mGrid = sortedUnion(modelSizes(logspace(Math.log10(pp.psiRange[0]), Math.log10(pp.psiRange[1]), pp.gridX), ms.n), simMs);
  const psiGrid = mGrid.map((m) => m / ms.n);
  const simP2Psi = ms.p2s.filter((v) => v > 0);
  const p2GridPsi = sortedUnion(logspace(Math.log10(pp.p2Range[0]), Math.log10(pp.p2Range[1]), pp.gridY).map((v) => Number(v.toPrecision(3))), simP2Psi);
  const clean = new Map(mGrid.map((m) => [m, rpClean(rp, m)]));
  const zPsi = p2GridPsi.map((p2) => mGrid.map((m) => { const e = rpMix(rp, m, p2) - clean.get(m)!; return e > 0 && Number.isFinite(e) ? e : null; }));
  const peaks = p2GridPsi.map((p2) => rpExcessPeak(rp, p2, pp.peakRange[0], pp.peakRange[1]));
  series.push({ name: phaseNames.boundaryPsi, kind: "theory", x: peaks.map((k) => k.psi), y: p2GridPsi, panel: 1, group: "boundary", style: "lines+markers" });
  const cellsPsi = simP2Psi.flatMap((p2) => simMs.map((m) => ({ x: m / ms.n, y: p2 })));
  series.push({ name: phaseNames.cellsPsi, kind: "simulation", x: cellsPsi.map((c) => c.x), y: cellsPsi.map((c) => c.y), panel: 1, group: "cells", style: "markers" });
  const layers: HeatmapLayer[] = [
    { name: "test error, finite-n Eq. 11 (theory)", kind: "theory", panel: 0, x: nGrid, y: p2Grid, z: zN, zTitle: "E_test", zLog: true },
    { name: `synthetic excess E_mix − E_clean, S-free theory (c² = ${fmtP(rp.c2)})`, kind: "theory", panel: 1, x: psiGrid, y: p2GridPsi, z: zPsi, zTitle: "excess", zLog: true },
  ];
  const spec: FigureSpec = {
    figure: "phase-diagrams",
    title: "Phase diagrams: where the mixed model stops improving with n (left), where larger models stop amplifying collapse (right)",
    params: { ...p, nPanelSetting: { d, sigma2, c2 }, psiPeaks: peaks.map((k, j) => ({ p2: p2GridPsi[j], psi: k.psi, m: k.m, excess: k.excess })), psiSetting: rp },
    series,
    axes: { x: { title: "total sample size n", log: true }, y: { title: "synthetic fraction p₂", log: true } },
    panels: [
      { title: `test error over (n, p₂): isotropic OLS, d = ${d}, σ² = ${sigma2}, c² = ${c2} (finite-n Eq. 11)` },
      { title: `synthetic excess over (ψ, p₂): random projections, d = ${ms.d}, n = ${ms.n}, c² = ${fmtP(rp.c2)} (S-free theory)`, axes: { x: { title: "ψ = m/n", log: true }, y: { title: "synthetic fraction p₂", log: true } } },
    ],
    markers: [{ name: "interpolation threshold ψ = 1", x: 1, axis: "x", panel: 1 }],
    notes: [
      "Collapse boundary (derived here, docs/derivations/strong-collapse.md §6): n_b(p₂) is where the local log–log slope of Eq. 11's error is half the clean error's, n_b = d + d(σ² + p₁p₂c²)/(p₂²c²); dashed: its small-p₂ form n* = σ²d/(p₂²c²). Right of it the error has stopped improving with n: iso-error contours turn from vertical (more data helps) to horizontal (only a smaller p₂ helps).",
      `ψ_peak(p₂): the model size at which the S-free synthetic excess is largest (searched over every integer m in [${pp.peakRange[0]}, ${pp.peakRange[1]}]·n); left of it larger models amplify collapse, right of it they mitigate it (Theorem 2's claims).`,
      "Markers: the cells simulated elsewhere in this notebook (left: the scaling figure's small-d panel; right: the model-size figure), which the notebook compares with the heatmaps' stored values.",
    ],
  };
  return withHeatmaps(spec, layers);
}

/** The value a heatmap layer stores at grid cell (x, y) (exact grid values; throws if (x, y) is not on the grid). */
export function heatmapValueAt(layer: HeatmapLayer, x: number, y: number): number {
  const i = layer.x.findIndex((v) => Math.abs(v - x) <= 1e-9 * Math.abs(x)), j = layer.y.findIndex((v) => Math.abs(v - y) <= 1e-9 * Math.abs(y));
  if (i < 0 || j < 0) throw new RangeError(`heatmapValueAt: (${x}, ${y}) is not a cell of "${layer.name}"`);
  const z = layer.z[j][i];
  if (z === null) throw new RangeError(`heatmapValueAt: "${layer.name}" is undefined at (${x}, ${y})`);
  return z;
}

/**
 * The consecutive simulated sample sizes (a, b) whose geometric midpoint is closest to n_b·f from the side away from
 * the boundary: f < 1 → the largest pair with √(ab) ≤ f·n_b; f > 1 → the smallest pair with √(ab) ≥ f·n_b.
 * Undefined when the grid does not reach that far.
 */
export function boundaryPair(ns: number[], nb: number, f: number): [number, number] | undefined {
  const pairs = ns.slice(1).map((b, k) => [ns[k], b] as [number, number]);
  const mid = (q: [number, number]) => Math.sqrt(q[0] * q[1]);
  if (f < 1) return pairs.filter((q) => mid(q) <= f * nb).pop();
  return pairs.find((q) => mid(q) >= f * nb);
}

/** Per-seed local log–log slope of a simulated series between x = a and x = b (rows[s][i] from ySeeds). */
function seedSlopes(s: Series, a: number, b: number): number[] {
  const i = s.x.indexOf(a), j = s.x.indexOf(b);
  if (i < 0 || j < 0 || !s.ySeeds) throw new RangeError(`seedSlopes: ${s.name} lacks x = ${a} or ${b} or per-seed values`);
  return s.ySeeds.map((r) => Math.log(r[j] / r[i]) / Math.log(b / a));
}

/**
 * Boundary test on simulated (n, p₂) cells [D]: per seed, the mixed model's local log–log slope between a and b minus
 * half the clean model's (same rows): negative = still scaling at more than half the clean rate, positive = stopped.
 * `mix` and `clean` are simulated series with per-seed values; the theory value is from the finite-n Eq. 11.
 */
export function boundarySlopeGap(mix: Series, clean: Series, a: number, b: number, theoryAt: (n: number, clean: boolean) => number): Estimate & { theory: number } {
  const m = seedSlopes(mix, a, b), c = seedSlopes(clean, a, b);
  const r = meanAndStderr(m.map((v, s) => [v - c[s] / 2]));
  const sl = (isClean: boolean) => Math.log(theoryAt(b, isClean) / theoryAt(a, isClean)) / Math.log(b / a);
  return { mean: r.mean[0], se: r.se[0], label: `${mix.name}, n ∈ [${a}, ${b}]`, theory: sl(false) - sl(true) / 2 };
}

/** Agreement points: a simulated series' points against the value a heatmap stores at (x, y = p₂). */
export function heatmapAgreementPoints(sim: Series, layer: HeatmapLayer, p2: number, panel: number, xs?: number[]): ComparedPoint[] {
  return sim.x.flatMap((x, i) => (xs && !xs.includes(x) ? [] : [{ series: sim.name, panel, x, sim: sim.y[i], se: sim.yErr![i], theory: heatmapValueAt(layer, x, p2), seeds: sim.ySeeds!.map((r) => r[i]) }]));
}

/**
 * Agreement points of the (ψ, p₂) heatmap: the model-size figure's simulated synthetic excess (per seed, mix − clean on
 * the same X, S, ε) at quality c² and each p₂, against the excess the heatmap stores at that cell.
 */
export function psiExcessAgreementPoints(modelSize: FigureSpec, layer: HeatmapLayer, c2: number, p2s: number[]): ComparedPoint[] {
  const clean = seriesNamed(modelSize, modelSizeNames.sim(0, 0), 0);
  return p2s.flatMap((p2) => {
    const mix = seriesNamed(modelSize, modelSizeNames.sim(c2, p2));
    return mix.x.map((psi, i) => {
      const seeds = mix.ySeeds!.map((r, s) => r[i] - clean.ySeeds![s][i]);
      const r = meanAndStderr(seeds.map((v) => [v]));
      return { series: `excess, c² = ${fmtP(c2)}, p₂ = ${fmtP(p2)}`, panel: 1, x: psi, sim: r.mean[0], se: r.se[0], theory: heatmapValueAt(layer, psi, p2), seeds };
    });
  });
}

/** Paired step of the simulated excess (c², p₂) between two model sizes: excess(ψ_b) − excess(ψ_a), per seed. */
export function psiExcessStep(modelSize: FigureSpec, c2: number, p2: number, psiA: number, psiB: number): Estimate {
  const clean = seriesNamed(modelSize, modelSizeNames.sim(0, 0), 0), mix = seriesNamed(modelSize, modelSizeNames.sim(c2, p2));
  const i = mix.x.indexOf(psiA), j = mix.x.indexOf(psiB);
  if (i < 0 || j < 0) throw new RangeError(`psiExcessStep: ψ = ${psiA} or ${psiB} not simulated`);
  const v = mix.ySeeds!.map((r, s) => (r[j] - clean.ySeeds![s][j]) - (r[i] - clean.ySeeds![s][i]));
  const { mean: m, se } = meanAndStderr(v.map((x) => [x]));
  return { mean: m[0], se: se[0], label: `p₂ = ${fmtP(p2)}: excess(ψ = ${fmtP(psiB)}) − excess(ψ = ${fmtP(psiA)})` };
}
