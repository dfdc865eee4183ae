/**
 * Fig. 2c — data summarization: remove a fraction p of the training set, chosen by F-SI (least informative first =
 * "bottom", most informative first = "top", iterative bottom with re-scoring on what is left) or at random, retrain
 * and measure test accuracy. Retraining here is the linearized MLP in closed form (exact GD after t steps).
 */
import type { Rng } from "../../maths/random";
import { mean, stderr } from "../../maths/stats";
import { type Dataset, subset } from "./digits";
import { forward, mlpNtk } from "./mlp";
import { fastLeaveOneOut, kernelEigen, predictionChange, trainLinearizedSubset, validationMap } from "./linearized";
import { accuracy } from "./metrics";
import { linearize } from "./scoring";
import { fourNineSets } from "./table1";
import type { FigureSpec, Series } from "./figure-spec";

export interface SummarizationOptions {
  nTrain: number;
  nVal: number;
  nTest: number;
  hidden: number;
  lr: number;
  steps: number;
  pool: number;
  fractions: number[];
  randomSeeds: number;
  /** fraction of the REMAINING examples removed per round of the iterative strategy (code: 0.05) */
  iterativeStep: number;
  repeats: number;
}

export type Strategy = "bottom" | "top" | "random" | "iterative";
export const STRATEGIES: Strategy[] = ["bottom", "top", "random", "iterative"];

/** F-SI of the examples `keep` (indices into the full set), from the full kernels. */
function subsetScores(theta: Float64Array, thetaVal: Float64Array, nVal: number, n: number, r0: Float64Array, keep: number[], lr: number, steps: number): Float64Array {
  const m = keep.length;
  const th = new Float64Array(m * m), tv = new Float64Array(nVal * m), rs = new Float64Array(m);
  for (let a = 0; a < m; a++) { rs[a] = r0[keep[a]]; for (let b = 0; b < m; b++) th[a * m + b] = theta[keep[a] * n + keep[b]]; }
  for (let v = 0; v < nVal; v++) for (let b = 0; b < m; b++) tv[v * m + b] = thetaVal[v * n + keep[b]];
  const eig = kernelEigen(th, m);
  const loo = fastLeaveOneOut({ theta: th, n: m, k: 1, r0: rs, lr }, [steps], eig);
  return predictionChange(loo.diffs[0], validationMap(tv, nVal, eig), m, 1);
}

/** Test accuracy curves (per strategy, one value per fraction) for one draw of the data. */
export function summarizationRun(o: SummarizationOptions, rng: Rng): Record<Strategy, number[][]> {
  for (const p of o.fractions) if (!(p >= 0 && p < 1)) throw new RangeError(`summarizationRun: fractions must be in [0, 1), got ${p}`);
  if (!(o.iterativeStep > 0 && o.iterativeStep < 1)) throw new RangeError(`summarizationRun: iterativeStep must be in (0, 1), got ${o.iterativeStep}`);
  const [train, val, test] = fourNineSets([o.nTrain, o.nVal, o.nTest], o.pool, rng); // disjoint digits
  const model = linearize(train, val, { hidden: o.hidden, lr: o.lr }, rng);
  const n = train.n;
  const thetaTest = mlpNtk(model.net, test.X, test.n, train.X, n);
  const f0Test = forward(model.net, test.X, test.n);
  const { theta, r0 } = model.problem;
  const all = Array.from({ length: n }, (_, i) => i);
  const scores = subsetScores(theta, model.thetaVal, val.n, n, r0, all, o.lr, o.steps);
  const acc = (keep: number[]) => accuracy(trainLinearizedSubset({ theta, n, k: 1, r0, thetaTest, nTest: test.n, f0Test, keep, lr: o.lr, steps: o.steps }), test.labels, 1);
  const asc = all.slice().sort((a, b) => scores[a] - scores[b]);
  const out: Record<Strategy, number[][]> = { bottom: [[]], top: [[]], random: [], iterative: [[]] };
  for (const p of o.fractions) {
    const m = Math.round(p * n);
    out.bottom[0].push(acc(asc.slice(m)));
    out.top[0].push(acc(asc.slice(0, n - m)));
  }
  for (let s = 0; s < o.randomSeeds; s++) {
    const perm = rng.shuffle(all.slice());
    out.random.push(o.fractions.map((p) => acc(perm.slice(Math.round(p * n)))));
  }
  // iterative bottom: remove ⌊step·remaining⌋ least informative, re-score the rest, until the target count is removed
  let keep = all.slice();
  let sc = scores;
  for (const p of o.fractions.slice().sort((a, b) => a - b)) {
    const target = n - Math.round(p * n);
    while (keep.length > target) {
      const r = Math.min(keep.length - target, Math.max(1, Math.floor(o.iterativeStep * keep.length)));
      const order = keep.map((_, j) => j).sort((a, b) => sc[a] - sc[b]);
      const drop = new Set(order.slice(0, r));
      const nk = keep.filter((_, j) => !drop.has(j));
      keep = nk;
      if (keep.length > target) sc = subsetScores(theta, model.thetaVal, val.n, n, r0, keep, o.lr, o.steps);
    }
    out.iterative[0].push(acc(keep));
    if (keep.length >= 3) sc = subsetScores(theta, model.thetaVal, val.n, n, r0, keep, o.lr, o.steps);
  }
  // fractions were visited in sorted order for the iterative strategy: put them back in the given order
  const sorted = o.fractions.slice().sort((a, b) => a - b);
  out.iterative[0] = o.fractions.map((p) => out.iterative[0][sorted.indexOf(p)]);
  return out;
}

/** Fig. 2c: test accuracy vs removed fraction for each strategy (mean ± SE over repeats; random: over repeats × seeds). */
export function fig2cSpec(o: SummarizationOptions, rng: Rng): FigureSpec {
  const perStrategy: Record<Strategy, number[][]> = { bottom: [], top: [], random: [], iterative: [] };
  for (let r = 0; r < o.repeats; r++) {
    const run = summarizationRun(o, rng.split());
    for (const s of STRATEGIES) {
      // one curve per repeat (random: averaged over its seeds first, so repeats are the independent units)
      const curves = run[s];
      perStrategy[s].push(o.fractions.map((_, j) => mean(curves.map((c) => c[j]))));
    }
  }
  const series: Series[] = [];
  const metrics: Record<string, number> = {};
  const names: Record<Strategy, string> = { bottom: "remove least informative (bottom)", top: "remove most informative (top)", random: "remove at random", iterative: "bottom, iterative re-scoring" };
  for (const s of STRATEGIES) {
    const rows = perStrategy[s];
    const y = o.fractions.map((_, j) => mean(rows.map((r) => r[j])));
    const yErr = o.fractions.map((_, j) => (rows.length > 1 ? stderr(rows.map((r) => r[j])) : 0));
    series.push({ name: names[s], kind: "simulation", x: o.fractions.slice(), y, yErr, ySeeds: rows, style: "lines+markers", group: s });
    o.fractions.forEach((p, j) => { metrics[`${s}_${p}`] = y[j]; metrics[`${s}_${p}_se`] = yErr[j]; });
  }
  // paired differences (same repeat, same test set) for the checks
  const diff = (a: Strategy, b: Strategy, j: number) => perStrategy[a].map((r, q) => r[j] - perStrategy[b][q][j]);
  o.fractions.forEach((p, j) => {
    for (const [a, b] of [["iterative", "bottom"], ["random", "top"], ["bottom", "top"]] as [Strategy, Strategy][]) {
      const d = diff(a, b, j);
      metrics[`${a}-${b}_${p}`] = mean(d);
      metrics[`${a}-${b}_${p}_se`] = d.length > 1 ? stderr(d) : 0;
    }
    const d0 = perStrategy.bottom.map((r, q) => perStrategy.bottom[q][o.fractions.indexOf(0)] - r[j]);
    if (o.fractions.includes(0)) { metrics[`drop_bottom_${p}`] = mean(d0); metrics[`drop_bottom_${p}_se`] = d0.length > 1 ? stderr(d0) : 0; }
  });
  return {
    figure: "fig2c", title: "Fig. 2c — data summarization: test accuracy after removing a fraction of the training set",
    params: { ...o }, series, metrics,
    axes: { x: { title: "fraction of training examples removed" }, y: { title: "test accuracy (linearized retraining)" } },
    notes: [
      `MNIST 4 vs 9, ${o.nTrain} training digits, F-SI on ${o.nVal} validation digits, accuracy on ${o.nTest} test digits; ${o.repeats} independent draws (error bars: SE over draws).`,
      `Retraining is the linearized MLP-${o.hidden} after ${o.steps} GD steps (exact closed form), not the real network [U]; iterative strategy removes ${100 * o.iterativeStep}% of the remaining examples per round.`,
    ],
  };
}
