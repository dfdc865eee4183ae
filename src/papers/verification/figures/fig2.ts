/**
 * Fig. 2: the sharp phase transition of Theorem 4.2. Left: infinite-data accuracy vs generator error p, a step at
 * p* = ϕ/(ϕ+ψ) for several verifiers. Middle and right: the finite-sample closed form of the random-flip model for
 * nₛ ∈ {10², 10³, 10⁴} selected pairs (and ∞), with Monte-Carlo simulations of the whole pipeline (generate, flip,
 * verify, keep nₛ pairs, ridge) — the step sharpens as nₛ grows.
 */
import type { Rng } from "../../../maths/random";
import { breakdownPoint, infiniteDataAccuracy, keptErrorRate, type Verifier } from "../breakdown";
import { flipModelError } from "../flip-theory";
import { randomFlipSelector } from "../generators";
import { selectedRidgePath } from "../selection-simulation";
import { simulatedSeries } from "../series-stats";
import type { FigureSpec, Marker, Series } from "../figure-spec";
import { sup } from "../../../lab/figure";

export interface Fig2Params {
  d: number;
  lambda: number;
  /** ψ/ϕ of the verifiers of the infinite-data panel (ϕ = 1) */
  psiRatios: number[];
  /** verifiers of the finite-sample panels (ϕ = 1) */
  finitePsi: number[];
  /** selected sample sizes nₛ */
  nSels: number[];
  /** theory grid: p = i / thetaGridDen, i = 0…den */
  theoryGridDen: number;
  /** simulated generator errors, as integers k with p = k / theoryGridDen */
  simPoints: number[];
  seeds: number;
}

const fmtN = (n: number) => (n === Infinity ? "∞" : `10^${Math.round(Math.log10(n))}`);

export function buildFig2(q: Fig2Params, rng: Rng): FigureSpec {
  const grid = Array.from({ length: q.theoryGridDen + 1 }, (_, i) => i / q.theoryGridDen);
  const simP = q.simPoints.map((k) => k / q.theoryGridDen);
  const series: Series[] = [];
  const markers: Marker[] = [];
  for (const r of q.psiRatios) {
    const v: Verifier = { phi: 1, psi: r };
    const ps = breakdownPoint(v);
    const label = r === 1 ? "no verification" : r === 0 ? "oracle" : `ψ/ϕ = ${r}`;
    // the step drawn exactly: points just left and right of p*
    const xs = grid.filter((p) => p !== ps);
    if (ps < 1) xs.push(ps - 1e-9, ps + 1e-9);
    xs.sort((a, b) => a - b);
    series.push({ name: `${label} (p* = ${ps.toFixed(3)})`, kind: "theory", x: xs, y: xs.map((p) => infiniteDataAccuracy(p, v)), panel: 0, group: label });
    markers.push({ name: `p* ${label}`, x: ps, panel: 0 });
  }
  q.finitePsi.forEach((psi, k) => {
    const panel = 1 + k;
    const v: Verifier = { phi: 1, psi };
    markers.push({ name: `p* = ${breakdownPoint(v).toFixed(3)}`, x: breakdownPoint(v), panel });
    for (const n of [...q.nSels, Infinity]) {
      const group = `nₛ = ${fmtN(n)}`;
      const th = grid.map((p) => 1 - flipModelError({ nSel: n, d: q.d, pPrime: keptErrorRate(p, v), lambda: q.lambda }));
      series.push({ name: `theory ${group}`, kind: "theory", x: grid, y: th, panel, group });
    }
    const rows: number[][][] = q.nSels.map(() => []); // rows[n][seed][p]
    for (let s = 0; s < q.seeds; s++) {
      const perP = simP.map((p) => selectedRidgePath(randomFlipSelector(p, v), { d: q.d, lambda: q.lambda, checkpoints: q.nSels, count: "selected" }, rng.split()).error);
      q.nSels.forEach((_, j) => rows[j].push(perP.map((e) => 1 - e[j])));
    }
    q.nSels.forEach((n, j) => series.push(simulatedSeries({ name: `simulation nₛ = ${fmtN(n)}`, kind: "simulation", x: simP, panel, group: `nₛ = ${fmtN(n)}` }, rows[j])));
  });
  const axes = { x: { title: "generator error p", range: [0, 1] as [number, number] }, y: { title: "downstream accuracy", range: [-0.02, 1.02] as [number, number] } };
  return {
    figure: "fig2",
    title: "Fig. 2 — breakdown point: accuracy vs generator error p",
    params: { ...q, simP },
    groupLabels: Object.fromEntries([...q.nSels, Infinity].map((n) => [`nₛ = ${fmtN(n)}`, n === Infinity ? "nₛ = ∞" : `nₛ = 10${sup(Math.round(Math.log10(n)))}`])),
    series,
    axes,
    panels: [
      { title: "infinite data (Theorem 4.2)" },
      ...q.finitePsi.map((psi) => ({ title: `finite nₛ, ${psi === 1 ? "no verification" : `ψ/ϕ = ${psi}`} (p* = ${breakdownPoint({ phi: 1, psi }).toFixed(3)}), d = ${q.d}` })),
    ],
    markers,
    notes: [
      "Random-flip model: x ~ N(0, I_d), y = sign(w*ᵀx), the generator flips a label with probability p, the verifier keeps correct labels with probability ϕ = 1 and wrong ones with probability ψ; ridge on nₛ kept pairs.",
      `Finite-nₛ lines: closed form derived here (docs/derivations/verification.md §1); markers: simulation, mean ± SE over ${q.seeds} seeds. d = ${q.d}, λ = ${q.lambda} are choices of this reproduction [U].`,
    ],
  };
}
