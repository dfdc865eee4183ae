/**
 * Numerical illustration of the paper's Section 2 result (its theorem's statement was not read;
 * this is NOT its formula): ERM on the Fig. 1 task trained to (near) interpolation, with
 * minority-group test accuracy measured as the scale σ_ε and the number d of example-specific
 * noise coordinates grow. Memorization is cheap when σ_ε√d is large; the minority test accuracy
 * then drops from ≈ 1 to ≈ 0 while training accuracy stays at 1.
 */
import { createRng, type Rng } from "../../maths/random";
import { mean, std } from "../../maths/stats";
import { withMatmulMode, type Tf } from "./tfjs";
import { FIG1, spuriousLinearData } from "./spuriousLinear";
import { disposeInputs, linearModel, predictAll, toInputs } from "./models";
import { trainClassifier } from "./training";
import { argmaxRows, groupAccuracy } from "./groupMetrics";
import type { FigureSpec, Series } from "./figureSpec";
import type { Estimate } from "../../lab/checks";
import { pooledAccuracy } from "./analysis";

export interface TheorySweepParams {
  sigmas: number[];
  noiseDims: number[];
  n: number;
  epochs: number;
  lr: number;
  seeds: number;
}

export interface TheoryCell {
  sigma: number;
  noiseDim: number;
  minorityTest: number[];
  /** minority test examples behind each minorityTest value */
  minorityTestCount: number[];
  majorityTest: number[];
  trainAccuracy: number[];
  /** training examples behind each trainAccuracy value */
  trainCount: number[];
}

export interface TheorySweepResult {
  params: TheorySweepParams;
  cells: TheoryCell[];
  steps: number;
  wallMs: number;
}

/** Runs the σ_ε × d grid (ERM, full-batch SGD, bias-free linear model, Fig. 1 data). */
export function runTheorySweep(tf: Tf, p: TheorySweepParams, rng: Rng, onCell?: () => void): TheorySweepResult {
  return withMatmulMode("fix", () => runTheorySweepImpl(tf, p, rng, onCell));
}

function runTheorySweepImpl(tf: Tf, p: TheorySweepParams, rng: Rng, onCell?: () => void): TheorySweepResult {
  const cells: TheoryCell[] = [];
  let steps = 0;
  const t0 = Date.now();
  const seedRngs = Array.from({ length: p.seeds }, () => rng.split());
  for (const noiseDim of p.noiseDims) {
    for (const sigma of p.sigmas) {
      const cell: TheoryCell = { sigma, noiseDim, minorityTest: [], minorityTestCount: [], majorityTest: [], trainAccuracy: [], trainCount: [] };
      for (const sr of seedRngs) {
        const r = createChild(sr, noiseDim, sigma);
        const dim = noiseDim + 2;
        const train = spuriousLinearData({ n: p.n, dim, majority: FIG1.majorityTrain, sigmaEps: sigma }, r.split());
        const test = spuriousLinearData({ n: p.n, dim, majority: FIG1.majorityTest, sigmaEps: sigma }, r.split());
        const trIn = toInputs(tf, train.x, train.n, dim);
        const teIn = toInputs(tf, test.x, test.n, dim);
        const model = linearModel(tf, dim, 2, r.split());
        const st = trainClassifier(tf, { model, inputs: trIn, y: train.y, numClasses: 2, objective: { kind: "erm" }, optimizer: { kind: "sgd", lr: p.lr }, steps: p.epochs, rng: r });
        steps += st.steps;
        const te = groupAccuracy(argmaxRows(predictAll(tf, model, teIn), 2), test.y, test.g, 4);
        const tr = groupAccuracy(argmaxRows(predictAll(tf, model, trIn), 2), train.y, train.g, 4);
        // minority groups: g = 1 (y=0, a=1) and g = 2 (y=1, a=0)
        const minC = te.perGroup[1] * te.counts[1] + te.perGroup[2] * te.counts[2];
        const majC = te.perGroup[0] * te.counts[0] + te.perGroup[3] * te.counts[3];
        cell.minorityTest.push(minC / (te.counts[1] + te.counts[2]));
        cell.majorityTest.push(majC / (te.counts[0] + te.counts[3]));
        cell.minorityTestCount.push(te.counts[1] + te.counts[2]);
        cell.trainAccuracy.push(tr.average);
        cell.trainCount.push(train.n);
        model.dispose();
        disposeInputs(trIn);
        disposeInputs(teIn);
      }
      cells.push(cell);
      if (onCell) onCell();
    }
  }
  return { params: p, cells, steps, wallMs: Date.now() - t0 };
}

function createChild(seedRng: Rng, noiseDim: number, sigma: number): Rng {
  // an independent stream per (seed, cell), derived deterministically from the seed stream's seed
  const base = seedRng.seed >>> 0;
  const mix = (base ^ Math.imul(noiseDim + 1, 0x9e3779b1) ^ Math.imul(Math.round(sigma * 1e6) + 7, 0x85ebca6b)) >>> 0;
  return createRng(mix);
}

/** Cells whose size of the example-specific part σ_ε·√d lies in (lo, hi]. */
export function cellsInRange(cells: TheoryCell[], lo: number, hi: number): TheoryCell[] {
  return cells.filter((c) => { const x = c.sigma * Math.sqrt(c.noiseDim); return x > lo && x <= hi; });
}

/** Minority test accuracy pooled over the cells and seeds, with its binomial standard error. */
export function pooledMinority(label: string, cells: TheoryCell[]): Estimate {
  return pooledAccuracy(label, cells.flatMap((c) => c.minorityTest.map((a, i) => ({ accuracy: a, n: c.minorityTestCount[i] }))));
}

const se = (xs: number[]) => (xs.length > 1 ? std(xs) / Math.sqrt(xs.length) : 0);

/** Minority test accuracy vs σ_ε (one line per d) and vs σ_ε·√d (all cells). */
export function theorySweepSpec(res: TheorySweepResult): FigureSpec & { summary: TheoryCell[] } {
  const series: Series[] = [];
  for (const d of res.params.noiseDims) {
    const cs = res.cells.filter((c) => c.noiseDim === d);
    series.push({ name: `d = ${d}`, kind: "stand-in", x: cs.map((c) => c.sigma), y: cs.map((c) => mean(c.minorityTest)), yErr: cs.map((c) => se(c.minorityTest)), panel: 0, style: "lines+markers", group: `d${d}` });
    const pos = cs.filter((c) => c.sigma > 0);
    series.push({ name: `d = ${d} `, kind: "stand-in", x: pos.map((c) => c.sigma * Math.sqrt(d)), y: pos.map((c) => mean(c.minorityTest)), yErr: pos.map((c) => se(c.minorityTest)), panel: 1, style: "markers", group: `d${d}` });
  }
  return {
    figure: "theory-sweep",
    title: "Section 2 illustration: ERM's minority test accuracy as memorization becomes cheap",
    params: { ...res.params, steps: res.steps },
    series,
    axes: { x: { title: "σ_ε" }, y: { title: "minority-group test accuracy", range: [-0.02, 1.02] } },
    groupLabels: Object.fromEntries(res.params.noiseDims.map((d) => [`d${d}`, `d = ${d}`])),
    panels: [
      { title: "vs noise scale σ_ε, per noise dimension d" },
      { title: "vs σ_ε·√d (size of the example-specific part)", axes: { x: { title: "σ_ε·√d", log: true }, y: { title: "minority-group test accuracy", range: [-0.02, 1.02] } } },
    ],
    notes: [
      "Stand-in: a numerical illustration of the Sec. 2 theorem (whose statement was not available), not its formula.",
      `ERM, bias-free linear model, full-batch SGD lr ${res.params.lr}, ${res.params.epochs} epochs, n = ${res.params.n}, Fig. 1 data with d noise coordinates; mean ± SE over ${res.params.seeds} seed(s). [U] sweep grid and optimiser settings.`,
    ],
    summary: res.cells,
  };
}
