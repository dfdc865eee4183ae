/**
 * Stand-in B figures (diffusion Deliberate Practice with an exact Gaussian score): the Fig. 4 analogue (static vs DP
 * vs real, test accuracy vs dataset size), the Fig. 2 analogue (training loss and validation accuracy along one DP
 * run, additions marked) and the Fig. 5(b) analogue (one entropy-guided addition vs ω, with the learner entropy of
 * the added samples).
 */
import { fromSeeds, type FigureSpec, type Series } from "../../../lab/figure";
import type { Rng } from "../../../maths/random";
import type { StandinBParams } from "../params";
import {
  Dataset, SoftmaxLearner, generateInto, makeWorld, runDeliberatePractice, runReal, runStatic, sampleReal, trainSpan, type DpLoopParams, type DpResult,
} from "../standin-diffusion-dp";

function loopParams(P: StandinBParams): DpLoopParams {
  return { train: P.train, initial: P.initial, add: P.add, tau: P.tau, patience: 1, patienceStep: 1, omega: P.omega, cfg: P.cfg, steps: P.steps, maxSize: P.maxSize, branchOuts: true };
}

const worldNote = (P: StandinBParams) =>
  `Stand-in: K = ${P.world.K} Gaussian classes in D = ${P.world.D}; generator = diffusion with the exact class score, DDIM ${P.steps} steps, CFG λ = ${P.cfg}; ` +
  `real data: class shifts ${P.world.shift}·r and ×${P.world.inflate} variance on half the coordinates; learner: softmax regression, Adam, WSD schedule, ${P.train.iterations} iterations. [U] all values.`;

/** Per world: static accuracies at staticSizes, real-data accuracy, and the DP run. */
export interface StandinBRun {
  static: number[];
  real: number;
  dp: DpResult;
}

export function runStandinBWorlds(P: StandinBParams, rng: Rng): StandinBRun[] {
  const L = loopParams(P);
  const out: StandinBRun[] = [];
  for (let k = 0; k < P.worlds; k++) {
    const r = rng.split();
    const w = makeWorld(P.world, r.split());
    const val = sampleReal(w, P.valSize, r.split()), test = sampleReal(w, P.testSize, r.split());
    const st = P.staticSizes.map((n) => runStatic(w, n, L, test, r.split()));
    const real = runReal(w, P.realSize, P.train, test, r.split());
    out.push({ static: st, real, dp: runDeliberatePractice(w, L, val, test, r.split()) });
  }
  return out;
}

/** Mean and standard error of paired differences. */
function pairedStats(diffs: number[]): { mean: number; se: number; n: number } {
  const n = diffs.length;
  const mean = diffs.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const sd = n > 1 ? Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : NaN;
  return { mean, se: sd / Math.sqrt(n), n };
}

/** DP's accuracy at dataset size n in one run (a branch-out or the final model), if it reached exactly n. */
function dpAt(r: StandinBRun, n: number): number | undefined {
  if (r.dp.finalSize === n) return r.dp.testAccuracy;
  return r.dp.branches.find((b) => b.size === n)?.testAccuracy;
}

/**
 * Fig. 4 and Fig. 2 analogues from one set of worlds: panel 0, test accuracy vs dataset size (static, DP branch-outs
 * and final models per world, real data); panels 1–2, training loss and validation accuracy along the first world's
 * DP run, additions marked. Metrics: paired DP − static differences (mean, SE, worlds) at each static size DP reached
 * exactly, DP's final model against static at the largest static size ≤ maxSize, and the mean effect of an addition on
 * the training loss and validation accuracy of the next τ iterations, against a fork trained without it.
 */
export function buildStandinB(P: StandinBParams, rng: Rng): FigureSpec {
  const runs = runStandinBWorlds(P, rng);
  const series: Series[] = [
    { name: "static (stand-in)", kind: "stand-in", group: "static", x: P.staticSizes, ...fromSeeds(runs.map((r) => r.static)) },
    { name: `real data, n = ${P.realSize} (stand-in)`, kind: "stand-in", group: "real", x: [P.realSize], ...fromSeeds(runs.map((r) => [r.real])) },
  ];
  runs.forEach((r, k) => {
    const pts = [...r.dp.branches, { size: r.dp.finalSize, testAccuracy: r.dp.testAccuracy }];
    series.push({ name: `Deliberate Practice, world ${k + 1} (stand-in)`, kind: "stand-in", group: "DP", style: "lines+markers", x: pts.map((p) => p.size), y: pts.map((p) => p.testAccuracy) });
  });
  const t = runs[0].dp.trace;
  series.push({ name: "training loss, world 1 (stand-in)", kind: "stand-in", style: "lines", x: t.iteration, y: t.trainLoss, panel: 1 });
  series.push({ name: "validation accuracy, world 1 (stand-in)", kind: "stand-in", style: "lines", x: t.iteration, y: t.valAccuracy, panel: 2 });
  const metrics: Record<string, number> = {};
  P.staticSizes.forEach((n, i) => {
    const d = runs.flatMap((r) => { const v = dpAt(r, n); return v === undefined ? [] : [v - r.static[i]]; });
    const st = pairedStats(d);
    metrics[`dpMinusStatic@${n}.mean`] = st.mean;
    metrics[`dpMinusStatic@${n}.se`] = st.se;
    metrics[`dpMinusStatic@${n}.worlds`] = st.n;
  });
  const top = P.staticSizes.filter((n) => n <= P.maxSize).reduce((a, b) => Math.max(a, b));
  const iTop = P.staticSizes.indexOf(top);
  const fin = pairedStats(runs.map((r) => r.dp.testAccuracy - r.static[iTop]));
  metrics.finalVsStaticSize = top;
  metrics["finalMinusStatic.mean"] = fin.mean;
  metrics["finalMinusStatic.se"] = fin.se;
  metrics.finalSizeMean = runs.reduce((a, r) => a + r.dp.finalSize, 0) / runs.length;
  // Fig. 2: DP's training loss and validation accuracy over the τ iterations after an addition, minus those of a fork
  // that trains the same iterations without the new samples (the paper compares runs with and without additions).
  const lossJumps: number[] = [], accJumps: number[] = [];
  for (const r of runs) {
    const tr = r.dp.trace;
    tr.additions.forEach((a, k) => {
      const i = tr.iteration.indexOf(a);
      if (i >= 0 && i + 1 < tr.iteration.length) {
        lossJumps.push(tr.trainLoss[i + 1] - tr.forkLoss[k]);
        accJumps.push(tr.valAccuracy[i + 1] - tr.forkValAccuracy[k]);
      }
    });
  }
  const lj = pairedStats(lossJumps), aj = pairedStats(accJumps);
  Object.assign(metrics, { "lossJump.mean": lj.mean, "lossJump.se": lj.se, "lossJump.n": lj.n, "accJump.mean": aj.mean, "accJump.se": aj.se });
  const realGap = pairedStats(runs.map((r) => r.real - r.static[iTop]));
  Object.assign(metrics, { "realMinusStatic.mean": realGap.mean, "realMinusStatic.se": realGap.se });
  return {
    figure: "standin-b",
    title: "Stand-in B — Fig. 4 analogue (accuracy vs dataset size) and Fig. 2 analogue (one DP run)",
    groupLabels: { static: "static", real: `real data, n = ${P.realSize}`, DP: "Deliberate Practice (one line per world)" },
    params: { ...P },
    series,
    axes: { x: { title: "synthetic dataset size", log: true }, y: { title: "accuracy on real test data" } },
    panels: [
      { title: "Fig. 4 analogue" },
      { title: "Fig. 2 analogue: training loss", axes: { x: { title: "iteration" }, y: { title: "mean cross-entropy over the last τ iterations" } } },
      { title: "Fig. 2 analogue: validation accuracy", axes: { x: { title: "iteration" }, y: { title: "accuracy on real validation data" } } },
    ],
    markers: t.additions.flatMap((a) => [{ name: "addition", x: a, panel: 1 }, { name: "addition", x: a, panel: 2 }]),
    metrics,
    notes: [worldNote(P), `DP: ${P.initial} initial samples, +${P.add} per addition with entropy guidance ω = ${P.omega} under the current classifier, validation every ${P.tau} iterations, patience 1 (+1 per addition), branch-outs; ${runs.length} worlds (one DP curve each). Vertical lines: additions.`],
  };
}

/** Fig. 5(b) analogue: the same initial model, one addition of `add` samples generated with each ω. */
export function buildStandinBOmega(P: StandinBParams, rng: Rng): FigureSpec {
  const acc: number[][] = [], ent: number[][] = [];
  for (let k = 0; k < P.omegaWorlds; k++) {
    const r = rng.split();
    const w = makeWorld(P.world, r.split());
    const test = sampleReal(w, P.testSize, r.split());
    const base = new Dataset(P.world.D, P.initial + P.add);
    generateInto(w, P.initial, { cfg: P.cfg, omega: 0, steps: P.steps }, r.split(), base);
    const L0 = new SoftmaxLearner(P.world.K, P.world.D);
    trainSpan(L0, base, P.initial, P.train, 0, P.addAt, r.split());
    const a: number[] = [], e: number[] = [];
    for (const omega of P.omegas) {
      const L = L0.clone();
      const data = new Dataset(P.world.D, P.initial + P.add);
      data.X.set(base.X.subarray(0, P.initial * P.world.D));
      data.y.set(base.y.subarray(0, P.initial));
      data.size = P.initial;
      const rr = r.split();   // the same draws for every ω of a world
      e.push(generateInto(w, P.add, { cfg: P.cfg, omega, classifier: L, steps: P.steps }, rr.split(), data));
      trainSpan(L, data, data.size, P.train, P.addAt, P.train.iterations, rr.split());
      a.push(L.accuracy(test));
    }
    acc.push(a);
    ent.push(e);
  }
  return {
    figure: "standin-b-omega",
    title: "Stand-in B — Fig. 5(b) analogue: one entropy-guided addition, accuracy and entropy vs ω",
    params: { ...P },
    series: [
      { name: "accuracy on real test data (stand-in)", kind: "stand-in", group: "accuracy", x: P.omegas, ...fromSeeds(acc), panel: 0 },
      { name: "mean learner entropy of the added samples (stand-in)", kind: "stand-in", group: "entropy", x: P.omegas, ...fromSeeds(ent), panel: 1 },
    ],
    axes: { x: { title: "entropy-guidance step ω" }, y: { title: "" } },
    panels: [{ title: "accuracy", axes: { x: { title: "ω" }, y: { title: "accuracy" } } }, { title: "entropy of added samples", axes: { x: { title: "ω" }, y: { title: "nats" } } }],
    notes: [worldNote(P), `${P.initial} samples (ω = 0), ${P.addAt} iterations, then ${P.add} samples with ω under that model; training to ${P.train.iterations} iterations. Same noise draws for every ω of a world; ${P.omegaWorlds} worlds.`],
  };
}
