/**
 * Stand-in A figures (theory-model Deliberate Practice): the Fig. 4 / Fig. 1-right analogue (accuracy vs dataset
 * size, static vs DP), the Fig. 5(a) analogue (one selected addition vs the oversampling ratio of its candidate pool)
 * and the Fig. 5(d) analogue (accuracy vs number of generated samples).
 */
import { fromSeeds, type FigureSpec, type Series } from "../../../lab/figure";
import type { Rng } from "../../../maths/random";
import type { StandinAParams } from "../params";
import { adaptiveCurve, staticCurve, type TheoryDpSetting } from "../standin-theory-dp";

const setting = (P: StandinAParams): TheoryDpSetting => ({ d: P.d, lambda: P.lambda, initial: P.initial, step: P.step, keepFraction: P.keepFraction, sizes: P.sizes });

const note = (P: StandinAParams) =>
  `Stand-in (theory model of Section 4): x ~ N(0, I_${P.d}), y = sign(w₀ᵀx), ridge λ = ${P.lambda}; DP adds ${P.step} samples per step drawn directly from the ` +
  `keep-hard-pruned law (keep fraction ${P.keepFraction}) under the current model. [U] all sizes.`;

/** Accuracy vs dataset size: static vs DP (and the generated-sample cost of each point, for Fig. 5(d)). */
export function buildStandinAScaling(P: StandinAParams, rng: Rng): FigureSpec {
  const s = setting(P);
  const st: number[][] = [], dp: number[][] = [], os: number[][] = [];
  let dpCost: number[] = [], osCost: number[] = [];
  const ratio = 1 / P.keepFraction;
  for (let k = 0; k < P.seeds; k++) {
    const r = rng.split();
    st.push(staticCurve(s, r.split()).map((e) => 1 - e));
    const a = adaptiveCurve(s, r.split());
    dp.push(a.errors.map((e) => 1 - e));
    dpCost = a.generated;
    const b = adaptiveCurve(s, r.split(), ratio);
    os.push(b.errors.map((e) => 1 - e));
    osCost = b.generated;
  }
  const series: Series[] = [
    { name: "static (stand-in)", kind: "stand-in", group: "static", x: P.sizes, ...fromSeeds(st) },
    { name: "Deliberate Practice (stand-in)", kind: "stand-in", group: "DP", x: P.sizes, ...fromSeeds(dp) },
    { name: "static (stand-in)", kind: "stand-in", group: "static", panel: 1, x: P.sizes, ...fromSeeds(st) },
    { name: "Deliberate Practice: direct generation (stand-in)", kind: "stand-in", group: "DP", panel: 1, x: dpCost, ...fromSeeds(dp) },
    { name: `oversample ×${ratio.toFixed(2)} then prune (stand-in)`, kind: "stand-in", group: "oversample", panel: 1, x: osCost, ...fromSeeds(os) },
  ];
  return {
    figure: "standin-a-scaling",
    title: "Stand-in A — Fig. 4 / Fig. 5(d) analogues: accuracy vs dataset size and vs generated samples",
    groupLabels: { static: "static", DP: "Deliberate Practice", oversample: "oversample then prune" },
    params: { ...P },
    series,
    axes: { x: { title: "dataset size", log: true }, y: { title: "test accuracy" } },
    panels: [{ title: "vs dataset size (Fig. 4 analogue)" }, { title: "vs samples generated (Fig. 5(d) analogue)", axes: { x: { title: "samples generated", log: true }, y: { title: "test accuracy" } } }],
    notes: [note(P), `Oversample-then-prune keeps the ${P.step} hardest of ${Math.round(ratio * P.step)} plain candidates per step (same expected keep fraction). Error bars: SE over ${P.seeds} seeds.`],
  };
}

/** One addition selected from a pool of ratio × oneStep plain candidates (Fig. 5(a) analogue). */
export function buildStandinAOversampling(P: StandinAParams, rng: Rng): FigureSpec {
  const s: TheoryDpSetting = { d: P.d, lambda: P.lambda, initial: P.oneInitial, step: P.oneStep, keepFraction: P.keepFraction, sizes: [P.oneInitial + P.oneStep] };
  const rows: number[][] = [];
  for (let k = 0; k < P.ratioSeeds; k++) {
    const r = rng.split();
    rows.push(P.ratios.map((ratio) => 1 - adaptiveCurve(s, r.split(), ratio).errors[0]));
  }
  return {
    figure: "standin-a-oversampling",
    title: `Stand-in A — Fig. 5(a) analogue: ${P.oneInitial} plain samples + ${P.oneStep} selected from ratio × ${P.oneStep} candidates`,
    params: { ...P },
    series: [{ name: "oversample then keep the hardest (stand-in)", kind: "stand-in", group: "oversample", x: P.ratios, ...fromSeeds(rows) }],
    axes: { x: { title: "oversampling ratio (candidates / kept)", log: true }, y: { title: "test accuracy" } },
    notes: [`Stand-in (theory model): hardness = |margin| under the model trained on the first ${P.oneInitial} samples; ${P.ratioSeeds} seeds. [U] all sizes.`],
  };
}
