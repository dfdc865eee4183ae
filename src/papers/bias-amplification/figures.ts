/**
 * Figure builders of the Bias Amplification notebook (BA-F1…F6, F8; F7 is in colored-mnist.ts). Each returns a
 * FigureSpec: theory lines from the two-group deterministic equivalents of src/theory/ridge, simulation points
 * (mean ± SE over seeds, per-seed values kept) from simulate.ts.
 */
import type { FigureSpec, Series } from "../../lab/figure";
import { withHeatmaps, type HeatmapLayer } from "../../lab/heatmap";
import type { Rng } from "../../maths/random";
import { createRng } from "../../maths/random";
import { logspace } from "../../maths/stats";
import {
  diagonalTwoGroupSpectrum, isotropicGroupRisks, separateGroupRisk, twoGroupRidgeRisk, type IsotropicTwoGroupSetting,
} from "../../theory/ridge/index";
import { disparities, type Disparities } from "./metrics";
import { BASE_SETTING, type AppendixParams, type HeatmapParams, type LambdaParams, type MinorityParams, type NoiseParams, type PsiSweepParams, type TimeParams } from "./params";
import { ratioSeries, seedSeries } from "./seeds";
import { isotropicDesign, simulateTwoGroups, type FitRisks, type GroupDesign } from "./simulate";

type Setting = IsotropicTwoGroupSetting;
type Tick = () => void;

const RISK_KEYS = ["R1", "R2", "E1", "E2"] as const;
type RiskKey = (typeof RISK_KEYS)[number];
/** Display names of the four risks. */
export const RISK_NAMES: Record<RiskKey, string> = { R1: "R₁ joint (majority)", R2: "R₂ joint (minority)", E1: "E₁ separate (group 1)", E2: "E₂ separate (group 2)" };
/** Legend text of the group keys used by these figures. */
export const GROUP_LABELS: Record<string, string> = {
  ...RISK_NAMES, add: "ADD", odd: "ODD", edd: "EDD", proxy: "ridge proxy λ = 1/τ", flow: "gradient flow (exact)",
  ...Object.fromEntries(RISK_KEYS.map((k) => [`${k} flow`, `${RISK_NAMES[k]}, gradient flow`])),
};

function theoryRisks(s: Setting): FitRisks {
  const g = isotropicGroupRisks(s);
  return { R1: g.joint[0], R2: g.joint[1], E1: g.separate[0], E2: g.separate[1] };
}

function mergeGrid(a: number[], b: number[]): number[] {
  const all = [...a, ...b].sort((x, y) => x - y);
  return all.filter((v, i) => i === 0 || Math.abs(v - all[i - 1]) > 1e-12 * v);
}

function theorySeries(name: string, x: number[], y: number[], panel: number, group: string): Series {
  return { name, kind: "theory", x, y, panel, group };
}

/** Simulation parameters of the isotropic base setting at dimension d (n = d/φ). */
function baseDesign(d: number, s: Omit<Setting, "lambda">): GroupDesign {
  return isotropicDesign(d, s);
}

// ---------------------------------------------------------------------------------------------------------------
// BA-F1: EDD, ODD, ADD over (φ, ψ)

/** The (φ, ψ) grid of EDD, ODD, ADD (theory), one entry per p₁. */
export interface DisparityGrid {
  p1: number;
  phi: number[];
  psi: number[];
  /** [iφ][iψ] */
  edd: number[][];
  odd: number[][];
  add: number[][];
}

/** EDD, ODD, ADD over a log grid of (φ, ψ) (theory, BA-7). */
export function disparityGrid(p: HeatmapParams, p1: number, phis: number[], psis: number[]): DisparityGrid {
  const out: DisparityGrid = { p1, phi: phis, psi: psis, edd: [], odd: [], add: [] };
  for (const phi of phis) {
    const e: number[] = [], o: number[] = [], a: number[] = [];
    for (const psi of psis) {
      const r = disparities(theoryRisks({ ...BASE_SETTING, phi, psi, p1, lambda: p.lambda }));
      e.push(r.edd); o.push(r.odd); a.push(r.add);
    }
    out.edd.push(e); out.odd.push(o); out.add.push(a);
  }
  return out;
}

/** Legend text of the phase-boundary series of BA-F1. */
const BOUNDARY_LABELS: Record<string, string> = {
  "boundary joint": "min(φ, ψ) = 1 (joint model interpolates)",
  "boundary separate": "min(φ, ψ) = p_s (model of group s interpolates)",
};

/** The L-shaped line min(φ, ψ) = c on [·, hi]² as a polyline (φ = c for ψ ≥ c, ψ = c for φ ≥ c). */
function minBoundary(c: number, hi: number): { x: number[]; y: number[] } {
  return { x: [c, c, hi], y: [hi, c, c] };
}

/**
 * BA-F1 (Fig. 1): EDD, ODD and ADD over (φ, ψ) on log axes, balanced and imbalanced groups, theory, as heatmaps,
 * with the phase boundaries min(φ, ψ) = 1 and min(φ, ψ) = p_s drawn on top. ADD uses a diverging log scale centred at 1.
 * The grids are in params.grids ([iφ][iψ]) as well as in the heatmap layers (z[iψ][iφ]).
 */
export function buildHeatmapFigure(p: HeatmapParams): FigureSpec {
  const [lo, hi] = p.range;
  const axis = logspace(Math.log10(lo), Math.log10(hi), p.gridN);
  const series: Series[] = [];
  const grids: DisparityGrid[] = [];
  const panels: FigureSpec["panels"] = [];
  const layers: HeatmapLayer[] = [];
  const keys = ["edd", "odd", "add"] as const;
  p.p1s.forEach((p1, k) => {
    const g = disparityGrid(p, p1, axis, axis);
    grids.push(g);
    const label = p1 === 0.5 ? "balanced p₁ = 0.5" : `imbalanced p₁ = ${p1}`;
    keys.forEach((key, j) => {
      const panel = keys.length * k + j;
      const title = key === "add" ? "ADD = ODD/EDD" : key.toUpperCase();
      panels.push({ title: `${title}, ${label}`, axes: { x: { title: "φ = d/n", log: true, range: [lo, hi] }, y: { title: "ψ = m/n", log: true, range: [lo, hi] } } });
      const z = axis.map((_, jPsi) => axis.map((__, iPhi) => { const v = g[key][iPhi][jPsi]; return Number.isFinite(v) && v > 0 ? v : null; }));
      layers.push({
        name: `${title} (theory), ${label}`, kind: "theory", panel, x: axis, y: axis, z, zTitle: key.toUpperCase(), zLog: true,
        ...(key === "add" ? { zMid: 1, zRange: p.addRange } : {}),
      });
      const b1 = minBoundary(1, hi);
      series.push({ name: `min(φ, ψ) = 1, ${key.toUpperCase()}, p₁ = ${p1}`, kind: "theory", ...b1, panel, style: "lines", group: "boundary joint" });
      for (const ps of [...new Set([p1, +(1 - p1).toPrecision(12)])]) {
        series.push({ name: `min(φ, ψ) = ${ps}, ${key.toUpperCase()}, p₁ = ${p1}`, kind: "theory", ...minBoundary(ps, hi), panel, style: "lines", group: "boundary separate" });
      }
    });
  });
  const spec: FigureSpec = {
    figure: "ba-f1-heatmaps",
    title: `Fig. 1: EDD, ODD and ADD = ODD/EDD over (φ, ψ) (theory, λ = ${p.lambda}), with the interpolation boundaries`,
    groupLabels: { ...GROUP_LABELS, ...BOUNDARY_LABELS },
    params: { ...p, base: BASE_SETTING, grids },
    series, panels,
    columns: 3,
    axes: { x: { title: "φ = d/n", log: true }, y: { title: "ψ = m/n", log: true } },
    notes: [
      "Theory only: random-projection deterministic equivalent with Marchenko–Pastur quadrature (derived here).",
      `Heatmaps on a ${p.gridN}×${p.gridN} log grid; lines: min(φ, ψ) = 1 (joint model) and min(φ, ψ) = p_s (model of group s alone). ADD colours: diverging log scale centred at 1, clipped to [${p.addRange.join(", ")}].`,
      "[U] parameters: c₁ = 1, c₂ = 4, ‖w₁‖ = ‖w₂‖ = 1, w₁ᵀw₂ = 0.5, σ₁ = σ₂ = 0.1; ADD as the ratio ODD/EDD.",
    ],
  };
  return withHeatmaps(spec, layers);
}

/**
 * BA-F1, slices: the same quantities as lines against ψ at fixed φ (one curve per φ), for reading values off the
 * phase diagram; markers at ψ = 1 and ψ = p_s.
 */
export function buildSliceFigure(p: HeatmapParams): FigureSpec {
  const [lo, hi] = p.range;
  const slicePsi = logspace(Math.log10(lo), Math.log10(hi), p.slicePsiN);
  const series: Series[] = [];
  const panels: FigureSpec["panels"] = [];
  const markers: NonNullable<FigureSpec["markers"]> = [];
  p.p1s.forEach((p1, k) => {
    const slices = disparityGrid(p, p1, p.slicePhis, slicePsi);
    const label = p1 === 0.5 ? "balanced p₁ = 0.5" : `imbalanced p₁ = ${p1}`;
    (["edd", "odd", "add"] as const).forEach((key, j) => {
      const panel = 3 * k + j;
      panels.push({ title: `${key.toUpperCase()}, ${label}`, axes: { x: { title: "ψ = m/n", log: true }, y: { title: key.toUpperCase(), log: true } } });
      p.slicePhis.forEach((phi, i) => series.push(theorySeries(`${key.toUpperCase()} φ = ${phi}, p₁ = ${p1}`, slicePsi, slices[key][i], panel, `φ = ${phi}`)));
      markers.push({ name: "ψ = 1", x: 1, panel });
      for (const ps of [...new Set([p1, 1 - p1])]) markers.push({ name: `ψ = p = ${+ps.toPrecision(6)}`, x: ps, panel });
    });
  });
  return {
    figure: "ba-f1-slices",
    title: "Fig. 1, slices: EDD, ODD and ADD at fixed φ against ψ (theory, λ = " + p.lambda + ")",
    groupLabels: GROUP_LABELS,
    params: { ...p, base: BASE_SETTING },
    series, panels, markers,
    axes: { x: { title: "ψ = m/n", log: true }, y: { title: "disparity", log: true } },
    notes: ["Theory only, as in ba-f1-heatmaps; one line per φ = d/n."],
  };
}

/** Argmax of y over x (first maximum). */
export function argmax(x: number[], y: number[]): number {
  let k = 0;
  for (let i = 1; i < y.length; i++) if (y[i] > y[k]) k = i;
  return x[k];
}

// ---------------------------------------------------------------------------------------------------------------
// BA-F2: group risks vs ψ

/** Runs seeds of the isotropic random-projection simulation; returns values[seed][mIndex][filter] risks. */
function runSeeds(design: GroupDesign, n: number, p1: number, ms: number[] | null, lambdas: number[], times: number[] | undefined, seeds: number, rng: Rng, tick?: Tick) {
  const out: { ridge: FitRisks[][]; flow: FitRisks[][] }[] = [];
  for (let s = 0; s < seeds; s++) {
    out.push(simulateTwoGroups(design, { n, p1, ms, lambdas, times }, rng.split()));
    tick?.();
  }
  return out;
}

/** BA-F2: R₁, R₂ (joint) and E₁, E₂ (separate) vs ψ, one panel per λ; theory lines, simulation points. */
export function buildPsiSweepFigure(p: PsiSweepParams, rng: Rng, tick?: Tick): FigureSpec {
  const s0 = BASE_SETTING;
  const n = Math.round(p.d / s0.phi);
  const ms = [...new Set(p.psisSim.map((v) => Math.max(1, Math.round(v * n))))];
  const psiSim = ms.map((m) => m / n);
  const runs = runSeeds(baseDesign(p.d, s0), n, s0.p1, ms, p.lambdas, undefined, p.seeds, rng, tick);
  const grid = mergeGrid(logspace(-1, 1, 61), psiSim);
  const series: Series[] = [];
  p.lambdas.forEach((lambda, li) => {
    const th = grid.map((psi) => theoryRisks({ ...s0, psi, lambda }));
    for (const k of RISK_KEYS) {
      series.push(theorySeries(`theory ${RISK_NAMES[k]}, λ = ${lambda}`, grid, th.map((r) => r[k]), li, k));
      series.push(seedSeries(`simulation ${RISK_NAMES[k]}, λ = ${lambda}`, psiSim, runs.map((r) => r.ridge.map((row) => row[li][k])), { panel: li, group: k }));
    }
  });
  const markers = p.lambdas.flatMap((_, li) => [{ name: "ψ = 1 (joint)", x: 1, panel: li }, { name: `ψ = p₁`, x: s0.p1, panel: li }, { name: "ψ = p₂", x: 1 - s0.p1, panel: li }]);
  return {
    figure: "ba-f2-psi-sweep",
    title: `Group risks vs model size ψ = m/n (d = ${p.d}, n = ${n}, p₁ = ${s0.p1})`,
    groupLabels: GROUP_LABELS,
    params: { ...p, n, ms, base: s0 },
    series, markers,
    panels: p.lambdas.map((l) => ({ title: `λ = ${l}`, axes: { x: { title: "ψ = m/n", log: true }, y: { title: "excess risk", log: true } } })),
    axes: { x: { title: "ψ = m/n", log: true }, y: { title: "excess risk", log: true } },
    notes: [`Simulation: ${p.seeds} seeds, one S, X, ε per seed for every m (nested projections) and λ; exact Gaussian risks.`, "[U] parameters: see the notebook."],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// BA-F3: label noise

/** Disparities of each seed's risks. */
function dispOf(r: FitRisks): Disparities {
  return disparities(r);
}

/** BA-F3: ODD, EDD and ADD vs the minority's noise σ₂ (σ₁ fixed) and vs a common noise σ₁ = σ₂. */
export function buildNoiseFigure(p: NoiseParams, rng: Rng, tick?: Tick): FigureSpec {
  const s0 = { ...BASE_SETTING, psi: p.psi };
  const n = Math.round(p.d / s0.phi), m = Math.round(p.psi * n);
  const variants = [
    { label: "σ₂ varied (σ₁ = 0.1)", set: (s: number) => ({ sigma1Sq: s0.sigma1Sq, sigma2Sq: s * s }) },
    { label: "σ₁ = σ₂ varied", set: (s: number) => ({ sigma1Sq: s * s, sigma2Sq: s * s }) },
  ];
  const series: Series[] = [];
  const seedsOf = Array.from({ length: p.seeds }, () => rng.int(4294967296));
  variants.forEach((v, vi) => {
    const thR = p.sigmas.map((sg) => theoryRisks({ ...s0, ...v.set(sg), psi: m / n, lambda: p.lambda }));
    const th = thR.map(dispOf);
    // Common random numbers: seed s uses the same X, S and ε for every noise level (labels scale with σ).
    const raw = seedsOf.map((sd) => {
      tick?.();
      return p.sigmas.map((sg) => {
        const nz = v.set(sg);
        return simulateTwoGroups(baseDesign(p.d, { ...s0, ...nz }), { n, p1: s0.p1, ms: [m], lambdas: [p.lambda] }, createRng(sd)).ridge[0][0];
      });
    });
    const per = raw.map((row) => row.map(dispOf));
    for (const k of RISK_KEYS) {
      series.push(theorySeries(`theory ${RISK_NAMES[k]}, ${v.label}`, p.sigmas, thR.map((r) => r[k]), 4 + vi, k));
      series.push(seedSeries(`simulation ${RISK_NAMES[k]}, ${v.label}`, p.sigmas, raw.map((row) => row.map((r) => r[k])), { panel: 4 + vi, group: k }));
    }
    for (const key of ["odd", "edd"] as const) {
      series.push(theorySeries(`theory ${key.toUpperCase()}, ${v.label}`, p.sigmas, th.map((t) => t[key]), 2 * vi, key));
      series.push(seedSeries(`simulation ${key.toUpperCase()}, ${v.label}`, p.sigmas, per.map((row) => row.map((t) => t[key])), { panel: 2 * vi, group: key }));
    }
    series.push(theorySeries(`theory ADD, ${v.label}`, p.sigmas, th.map((t) => t.add), 2 * vi + 1, "add"));
    series.push(ratioSeries(`simulation ADD, ${v.label}`, p.sigmas, per.map((row) => row.map((t) => t.odd)), per.map((row) => row.map((t) => t.edd)), { panel: 2 * vi + 1, group: "add" }));
  });
  return {
    figure: "ba-f3-label-noise",
    title: `Amplification vs label noise (d = ${p.d}, ψ = ${p.psi}, λ = ${p.lambda})`,
    groupLabels: GROUP_LABELS,
    params: { ...p, n, m, base: s0 },
    series,
    panels: [
      ...variants.flatMap((v) => [
        { title: `ODD, EDD: ${v.label}`, axes: { x: { title: "noise standard deviation σ" }, y: { title: "disparity" } } },
        { title: `ADD: ${v.label}`, axes: { x: { title: "noise standard deviation σ" }, y: { title: "ADD = ODD/EDD" } } },
      ]),
      ...variants.map((v) => ({ title: `group risks: ${v.label}`, axes: { x: { title: "noise standard deviation σ" }, y: { title: "excess risk", log: true } } })),
    ],
    axes: { x: { title: "σ" }, y: { title: "disparity" } },
    notes: [`Simulation: ${p.seeds} seeds; each seed reuses its X, S and ε at every noise level (common random numbers).`],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// BA-F4 / F5: regularisation and training time

/** BA-F4 (§4.2): ADD vs λ for several ψ (theory and simulation), and ODD, EDD vs λ at the first ψ. */
export function buildLambdaFigure(p: LambdaParams, rng: Rng, tick?: Tick): FigureSpec {
  const s0 = BASE_SETTING;
  const n = Math.round(p.d / s0.phi);
  const ms = p.psis.map((v) => Math.round(v * n));
  const runs = runSeeds(baseDesign(p.d, s0), n, s0.p1, ms, p.lambdasSim, undefined, p.seeds, rng, tick);
  const grid = mergeGrid(logspace(-4, 1, 51), p.lambdasSim);
  const series: Series[] = [];
  ms.forEach((m, mi) => {
    const psi = m / n;
    const th = grid.map((lambda) => dispOf(theoryRisks({ ...s0, psi, lambda })));
    const g = `ψ = ${p.psis[mi]}`;
    const per = runs.map((r) => r.ridge[mi].map((f) => dispOf(f)));
    series.push(theorySeries(`theory ADD, ψ = ${p.psis[mi]}`, grid, th.map((t) => t.add), 0, g));
    series.push(ratioSeries(`simulation ADD, ψ = ${p.psis[mi]}`, p.lambdasSim, per.map((row) => row.map((t) => t.odd)), per.map((row) => row.map((t) => t.edd)), { panel: 0, group: g }));
    const thR = grid.map((lambda) => theoryRisks({ ...s0, psi, lambda }));
    for (const k of RISK_KEYS) {
      series.push(theorySeries(`theory ${RISK_NAMES[k]}, ψ = ${p.psis[mi]}`, grid, thR.map((r) => r[k]), 2 + mi, k));
      series.push(seedSeries(`simulation ${RISK_NAMES[k]}, ψ = ${p.psis[mi]}`, p.lambdasSim, runs.map((r) => r.ridge[mi].map((f) => f[k])), { panel: 2 + mi, group: k }));
    }
    for (const key of ["odd", "edd"] as const) {
      const gk = `${key.toUpperCase()} ψ = ${p.psis[mi]}`;
      const look = { colorGroup: g, ...(key === "edd" ? { variant: "EDD (ODD: solid, ●)" } : {}) };
      series.push({ ...theorySeries(`theory ${key.toUpperCase()}, ψ = ${p.psis[mi]}`, grid, th.map((t) => t[key]), 1, gk), ...look });
      series.push(seedSeries(`simulation ${key.toUpperCase()}, ψ = ${p.psis[mi]}`, p.lambdasSim, per.map((row) => row.map((t) => t[key])), { panel: 1, group: gk, ...look }));
    }
  });
  return {
    figure: "ba-f4-regularization",
    title: `§4.2: amplification vs ridge λ (d = ${p.d}, n = ${n}, p₁ = ${s0.p1})`,
    groupLabels: GROUP_LABELS,
    params: { ...p, n, ms, base: s0 },
    series,
    markers: [{ name: "ADD = 1", x: 1, axis: "y", panel: 0 }],
    panels: [
      { title: "ADD = ODD/EDD vs λ", axes: { x: { title: "λ", log: true }, y: { title: "ADD" } } },
      { title: "ODD and EDD vs λ", axes: { x: { title: "λ", log: true }, y: { title: "disparity", log: true } } },
      ...p.psis.map((psi) => ({ title: `group risks, ψ = ${psi}`, axes: { x: { title: "λ", log: true }, y: { title: "excess risk", log: true } } })),
    ],
    axes: { x: { title: "λ", log: true }, y: { title: "ADD" } },
    notes: [`Simulation: ${p.seeds} seeds (one X, S, ε per seed shared by every ψ and λ).`],
  };
}

/**
 * BA-F5 (§4.2): ADD vs training time τ: the paper's proxy (ridge with λ = 1/τ; theory and simulation) beside exact
 * gradient flow from 0 (simulation), and the gradient-flow group risks.
 */
export function buildTimeFigure(p: TimeParams, rng: Rng, tick?: Tick): FigureSpec {
  const s0 = BASE_SETTING;
  const n = Math.round(p.d / s0.phi), m = Math.round(p.psi * n);
  const lambdas = p.times.map((t) => 1 / t);
  const runs = runSeeds(baseDesign(p.d, s0), n, s0.p1, [m], lambdas, p.times, p.seeds, rng, tick);
  const grid = mergeGrid(logspace(Math.log10(p.times[0]), Math.log10(p.times[p.times.length - 1]), 41), p.times);
  const th = grid.map((t) => dispOf(theoryRisks({ ...s0, psi: m / n, lambda: 1 / t })));
  const thR = grid.map((t) => theoryRisks({ ...s0, psi: m / n, lambda: 1 / t }));
  const series: Series[] = [
    theorySeries("theory ADD, ridge λ = 1/τ", grid, th.map((t) => t.add), 0, "proxy"),
    ratioSeries("simulation ADD, ridge λ = 1/τ", p.times, runs.map((r) => r.ridge[0].map((f) => dispOf(f).odd)), runs.map((r) => r.ridge[0].map((f) => dispOf(f).edd)), { panel: 0, group: "proxy" }),
    ratioSeries("simulation ADD, gradient flow (exact)", p.times, runs.map((r) => r.flow[0].map((f) => dispOf(f).odd)), runs.map((r) => r.flow[0].map((f) => dispOf(f).edd)), { panel: 0, group: "flow", style: "lines+markers" }),
  ];
  for (const k of RISK_KEYS) {
    series.push(theorySeries(`ridge λ = 1/τ theory ${RISK_NAMES[k]}`, grid, thR.map((r) => r[k]), 1, k));
    series.push(seedSeries(`gradient flow ${RISK_NAMES[k]}`, p.times, runs.map((r) => r.flow[0].map((f) => f[k])), { panel: 1, group: `${k} flow`, style: "lines+markers" }));
  }
  return {
    figure: "ba-f5-training-time",
    title: `§4.2: amplification vs training time τ (d = ${p.d}, ψ = ${p.psi})`,
    groupLabels: GROUP_LABELS,
    params: { ...p, n, m, base: s0 },
    series,
    markers: [{ name: "ADD = 1", x: 1, axis: "y", panel: 0 }],
    panels: [
      { title: "ADD vs τ: ridge proxy λ = 1/τ and exact gradient flow", axes: { x: { title: "training time τ", log: true }, y: { title: "ADD" } } },
      { title: "group risks along gradient flow (points) and of the ridge proxy (lines)", axes: { x: { title: "training time τ", log: true }, y: { title: "excess risk", log: true } } },
    ],
    axes: { x: { title: "τ", log: true }, y: { title: "ADD" } },
    notes: [
      "Gradient flow on (1/2n)‖y − Zθ‖² from θ = 0, computed exactly from the eigendecomposition (GD in the small-step limit).",
      `Simulation: ${p.seeds} seeds; the proxy and the flow use the same draws.`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// BA-F6: minority group, many parameters, extraneous features

/** Design and theory of the extraneous-features panel: shared core coordinates, e extra coordinates only group 2 has. */
export function extraneousProblem(core: number, extra: number, rng: Rng): { design: GroupDesign; s1: Float64Array; s2: Float64Array } {
  const d = core + extra;
  const u = rng.fillNormal(new Float64Array(core)), v = rng.fillNormal(new Float64Array(core));
  const nu = Math.sqrt(u.reduce((a, x) => a + x * x, 0));
  const w1 = new Float64Array(d), w2 = new Float64Array(d);
  // ‖w₁‖ = 1, w₂ = 0.5·w₁ + √0.75·(unit vector ⟂ w₁): ‖w₂‖ = 1, w₁ᵀw₂ = 0.5
  for (let i = 0; i < core; i++) w1[i] = u[i] / nu;
  let dot = 0;
  for (let i = 0; i < core; i++) dot += v[i] * w1[i];
  const perp = Array.from({ length: core }, (_, i) => v[i] - dot * w1[i]);
  const np = Math.sqrt(perp.reduce((a, x) => a + x * x, 0));
  for (let i = 0; i < core; i++) w2[i] = 0.5 * w1[i] + Math.sqrt(0.75) * perp[i] / np;
  const s1 = new Float64Array(d), s2 = new Float64Array(d);
  for (let i = 0; i < d; i++) { s1[i] = i < core ? 1 : 0; s2[i] = 1; }
  return { design: { var1: s1, var2: s2, w1, w2, sigma1: 0, sigma2: 0 }, s1, s2 };
}

/** BA-F6: majority vs minority risk vs ψ up to ψ_max (φ = first of phis), ODD vs ψ for each φ, and extraneous features. */
export function buildMinorityFigure(p: MinorityParams, rng: Rng, tick?: Tick): FigureSpec {
  const series: Series[] = [];
  const grid0 = logspace(Math.log10(0.3), Math.log10(Math.max(20, p.psisSim[p.psisSim.length - 1])), 41);
  p.phis.forEach((phi, pi) => {
    const s0 = { ...BASE_SETTING, phi };
    const n = Math.round(p.d / phi);
    const ms = p.psisSim.map((v) => Math.round(v * n));
    const psiSim = ms.map((m) => m / n);
    const grid = mergeGrid(grid0, psiSim);
    const runs = runSeeds(baseDesign(p.d, s0), n, s0.p1, ms, [p.lambda], undefined, p.seeds, rng, tick);
    const th = grid.map((psi) => theoryRisks({ ...s0, psi, lambda: p.lambda }));
    if (pi === 0) {
      for (const k of ["R1", "R2"] as const) {
        series.push(theorySeries(`theory ${RISK_NAMES[k]}, φ = ${phi}`, grid, th.map((r) => r[k]), 0, k));
        series.push(seedSeries(`simulation ${RISK_NAMES[k]}, φ = ${phi}`, psiSim, runs.map((r) => r.ridge.map((row) => row[0][k])), { panel: 0, group: k }));
      }
    }
    const g = `φ = ${phi}`;
    series.push(theorySeries(`theory ODD, φ = ${phi}`, grid, th.map((r) => dispOf(r).odd), 1, g));
    series.push(seedSeries(`simulation ODD, φ = ${phi}`, psiSim, runs.map((r) => r.ridge.map((row) => dispOf(row[0]).odd)), { panel: 1, group: g }));
  });
  // Extraneous features: plain ridge, explicit diagonal covariances.
  const q = p.extraneous;
  const base = extraneousProblem(q.core, q.extras[q.extras.length - 1], rng.split());
  const thEx: FitRisks[] = [], simEx: FitRisks[][] = [];
  const exX = q.extras.map((e) => e / q.n);
  const designs = q.extras.map((e) => {
    const d = q.core + e;
    return { var1: base.s1.slice(0, d), var2: base.s2.slice(0, d), w1: base.design.w1.slice(0, d), w2: base.design.w2.slice(0, d), sigma1: Math.sqrt(q.sigmaSq), sigma2: Math.sqrt(q.sigmaSq) };
  });
  for (const ds of designs) {
    const pr = { spectrum: diagonalTwoGroupSpectrum(ds.var1, ds.var2, ds.w1, ds.w2), n: q.n, p1: BASE_SETTING.p1, lambda: q.lambda, sigma1Sq: q.sigmaSq, sigma2Sq: q.sigmaSq };
    thEx.push({ R1: twoGroupRidgeRisk(pr, 1).risk, R2: twoGroupRidgeRisk(pr, 2).risk, E1: separateGroupRisk(pr, 1), E2: separateGroupRisk(pr, 2) });
  }
  const exSeeds = Array.from({ length: q.seeds }, () => rng.int(4294967296));
  for (const sd of exSeeds) {
    simEx.push(designs.map((ds) => simulateTwoGroups(ds, { n: q.n, p1: BASE_SETTING.p1, ms: null, lambdas: [q.lambda] }, createRng(sd)).ridge[0][0]));
    tick?.();
  }
  for (const k of RISK_KEYS) {
    series.push(theorySeries(`theory ${RISK_NAMES[k]}, extraneous`, exX, thEx.map((r) => r[k]), 2, k));
    series.push(seedSeries(`simulation ${RISK_NAMES[k]}, extraneous`, exX, simEx.map((row) => row.map((r) => r[k])), { panel: 2, group: k }));
  }
  return {
    figure: "ba-f6-minority",
    title: "Minority-group error: more parameters do not close the gap; extraneous features hurt the minority",
    groupLabels: GROUP_LABELS,
    params: { ...p, base: BASE_SETTING },
    series,
    markers: [{ name: "ψ = 1", x: 1, panel: 0 }, { name: "ψ = 1", x: 1, panel: 1 }],
    panels: [
      { title: `joint-model group risks vs ψ (φ = ${p.phis[0]}, λ = ${p.lambda}, d = ${p.d})`, axes: { x: { title: "ψ = m/n", log: true }, y: { title: "excess risk", log: true } } },
      { title: "ODD = |R₂ − R₁| vs ψ", axes: { x: { title: "ψ = m/n", log: true }, y: { title: "ODD", log: true } } },
      { title: `extraneous features: e coordinates only group 2 has (plain ridge, n = ${q.n}, ${q.core} shared)`, axes: { x: { title: "extra features e/n" }, y: { title: "excess risk", log: true } } },
    ],
    axes: { x: { title: "ψ", log: true }, y: { title: "excess risk", log: true } },
    notes: [
      `Simulation: ${p.seeds} seeds per φ (random projections), ${q.seeds} seeds for the extraneous-features panel (common random numbers over e).`,
      "[U] extraneous-features construction: Σ₁ = diag(1 on the shared coordinates, 0 on the extras), Σ₂ = I, teachers zero on the extras.",
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// BA-F8: appendix, every metric vs λ

/** BA-F8 (appendix, Fig. 11-like): R₁, R₂, E₁, E₂, ODD, EDD and ADD vs λ for several ψ (theory). */
export function buildAppendixFigure(p: AppendixParams): FigureSpec {
  const grid = logspace(-4, 1, p.lambdaN);
  const series: Series[] = [];
  for (const psi of p.psis) {
    const th = grid.map((lambda) => theoryRisks({ ...BASE_SETTING, psi, lambda }));
    const g = `ψ = ${psi}`;
    series.push(theorySeries(`R₁, ψ = ${psi}`, grid, th.map((r) => r.R1), 0, g));
    series.push(theorySeries(`R₂, ψ = ${psi}`, grid, th.map((r) => r.R2), 1, g));
    series.push(theorySeries(`E₁, ψ = ${psi}`, grid, th.map((r) => r.E1), 2, g));
    series.push(theorySeries(`E₂, ψ = ${psi}`, grid, th.map((r) => r.E2), 3, g));
    series.push(theorySeries(`ODD, ψ = ${psi}`, grid, th.map((r) => dispOf(r).odd), 4, g));
    series.push(theorySeries(`EDD, ψ = ${psi}`, grid, th.map((r) => dispOf(r).edd), 5, g));
    series.push(theorySeries(`ADD, ψ = ${psi}`, grid, th.map((r) => dispOf(r).add), 6, g));
  }
  const names = ["R₁ (joint, majority)", "R₂ (joint, minority)", "E₁ (separate)", "E₂ (separate)", "ODD", "EDD", "ADD = ODD/EDD"];
  return {
    figure: "ba-f8-appendix",
    title: "Appendix view: every metric vs λ (theory)",
    groupLabels: GROUP_LABELS,
    params: { ...p, base: BASE_SETTING },
    series,
    panels: names.map((t) => ({ title: t, axes: { x: { title: "λ", log: true }, y: { title: t, log: t !== "ADD = ODD/EDD" } } })),
    axes: { x: { title: "λ", log: true }, y: { title: "value" } },
    notes: ["Theory only (random-projection deterministic equivalent)."],
  };
}

/** Number of direction changes of a sequence (0: monotone). */
export function directionChanges(y: number[], rel = 1e-9): number {
  let last = 0, changes = 0;
  for (let i = 1; i < y.length; i++) {
    const dlt = y[i] - y[i - 1];
    if (Math.abs(dlt) <= rel * Math.abs(y[i])) continue;
    const s = Math.sign(dlt);
    if (last !== 0 && s !== last) changes++;
    last = s;
  }
  return changes;
}
