/**
 * Figure builder for the GCD stand-in (*A Tale of Tails* §6, Fig. 1b "loss of skills").
 */
import type { Rng } from "../../maths/random";
import { mean } from "../../maths/stats";
import { seededSeries, type Series, type TaleFigure } from "./figure-data";
import { cleanGcdData, concatData, GCD, loadTf, mixedStream, perGcdAccuracy, predictGcd, relabel, streamGcdCurve, trainGcdModel } from "./gcd";

export interface GcdSizes { trainSize: number; testSize: number; epochs: number; mixes: number[] }
export function gcdSizes(mode: "quick" | "full"): GcdSizes {
  return mode === "full" ? { trainSize: 100000, testSize: 50000, epochs: 8, mixes: [0.01, 0.02, 0.05] } : { trainSize: 12000, testSize: 10000, epochs: 4, mixes: [0.05] };
}

export async function buildGcdFigure(sizes: GcdSizes, rng: Rng): Promise<TaleFigure> {
  const { tf, detail } = await loadTf();
  const test = cleanGcdData(sizes.testSize, rng.split());
  const ks = Array.from({ length: GCD.classes }, (_, k) => k + 1);
  const series: Series[] = [];
  const metrics: Record<string, number> = {};
  // outcome law of the data: empirical frequency vs 1/k²
  const freq = new Array(GCD.classes).fill(0);
  for (let t = 0; t < test.label.length; t++) freq[test.label[t] - 1]++;
  let z = 0;
  for (const k of ks) z += 1 / (k * k);
  series.push({ name: "P(gcd=k) ∝ 1/k² (exact, conditioned on k ≤ 40)", kind: "theory", x: ks, y: ks.map((k) => 1 / (k * k) / z), panel: 0, group: "law", style: "lines" });
  series.push({ name: "test-set frequency", kind: "simulation", x: ks, y: freq.map((f) => f / test.label.length), panel: 0, group: "law", style: "markers" });
  const r0 = rng.split();
  const m0 = await trainGcdModel(tf, cleanGcdData(sizes.trainSize, r0), sizes.epochs, r0);
  const a0 = perGcdAccuracy(test, predictGcd(tf, m0, test)).acc;
  const pool = cleanGcdData(sizes.trainSize * 2, rng.split());
  const aiPool = relabel(tf, m0, pool);
  const take = (d: typeof pool, n: number, off: number) => ({ a: d.a.subarray(off, off + n), b: d.b.subarray(off, off + n), label: d.label.subarray(off, off + n) });
  const takeAi = (n: number, off: number) => take(aiPool, n, off);
  const r1 = rng.split();
  const m1 = await trainGcdModel(tf, takeAi(sizes.trainSize, 0), sizes.epochs, r1);
  const p1 = predictGcd(tf, m1, test);
  const a1 = perGcdAccuracy(test, p1).acc;
  // control: the same inputs as generation 1 with their true labels (a model trained on clean data of the same size)
  const mc = await trainGcdModel(tf, take(pool, sizes.trainSize, 0), sizes.epochs, rng.split());
  const pc = predictGcd(tf, mc, test);
  const ac = perGcdAccuracy(test, pc).acc;
  mc.dispose();
  // paired per-test-pair difference of correctness, control − generation 1
  const diff: number[] = [];
  for (let t = 0; t < test.label.length; t++) diff.push((pc[t] === test.label[t] ? 1 : 0) - (p1[t] === test.label[t] ? 1 : 0));
  const r2 = rng.split();
  const m2 = await trainGcdModel(tf, relabel(tf, m1, cleanGcdData(sizes.trainSize, r2)), sizes.epochs, r2);
  const a2 = perGcdAccuracy(test, predictGcd(tf, m2, test)).acc;
  const plotAcc = (name: string, acc: number[], group: string) =>
    series.push({ name, kind: "stand-in", x: ks.filter((k) => !Number.isNaN(acc[k - 1])), y: acc.filter((v) => !Number.isNaN(v)), panel: 1, group, style: "lines+markers" });
  plotAcc("gen 0 (clean data)", a0, "g0");
  plotAcc("gen 1 (gen-0 labels)", a1, "g1");
  plotAcc("control (gen-1 inputs, true labels)", ac, "control");
  plotAcc("gen 2 (gen-1 labels)", a2, "g2");
  const mixAcc: number[][] = [];
  for (const pi of sizes.mixes) {
    const r = rng.split();
    const nClean = Math.round(pi * sizes.trainSize);
    const data = concatData(takeAi(sizes.trainSize - nClean, sizes.trainSize), cleanGcdData(nClean, r));
    const m = await trainGcdModel(tf, data, sizes.epochs, r);
    const acc = perGcdAccuracy(test, predictGcd(tf, m, test)).acc;
    m.dispose();
    mixAcc.push(acc);
    plotAcc(`gen 1 + ${pi * 100}% clean`, acc, `mix${pi}`);
  }
  // skills gen 0 failed (accuracy ≤ 5%) vs mastered (≥ 50%)
  const failed = ks.filter((k) => a0[k - 1] <= 0.05);
  const learned = ks.filter((k) => a0[k - 1] >= 0.5);
  metrics.gen0LearnedSkills = learned.length;
  metrics.gen0FailedSkills = failed.length;
  metrics.gen1AccOnGen0Failed = failed.length ? mean(failed.map((k) => a1[k - 1])) : NaN;
  metrics.gen1AccGcd1 = a1[0];
  metrics.gen0AccGcd1 = a0[0];
  metrics.gen1LearnedSkills = ks.filter((k) => a1[k - 1] >= 0.5).length;
  metrics.gen2LearnedSkills = ks.filter((k) => a2[k - 1] >= 0.5).length;
  const lost = learned.filter((k) => a1[k - 1] < 0.5);
  metrics.skillsLostGen1 = lost.length;
  sizes.mixes.forEach((pi, j) => {
    metrics[`mix${pi}LearnedSkills`] = ks.filter((k) => mixAcc[j][k - 1] >= 0.5).length;
  });
  const overall = (acc: number[]) => { let s = 0, c = 0; for (let t = 0; t < test.label.length; t++) { const v = acc[test.label[t] - 1]; s += v; c++; } return s / c; };
  metrics.gen0Accuracy = overall(a0);
  metrics.gen1Accuracy = overall(a1);
  metrics.gen2Accuracy = overall(a2);
  metrics.controlAccuracy = overall(ac);
  const dm = mean(diff);
  let dv = 0;
  for (const v of diff) dv += (v - dm) ** 2;
  metrics.controlMinusGen1 = dm;
  metrics.controlMinusGen1Se = Math.sqrt(dv / (diff.length - 1) / diff.length);
  metrics.controlLearnedSkills = ks.filter((k) => ac[k - 1] >= 0.5).length;
  // the control on the GCD values gen 0 failed: what clean labels of the same inputs teach, that gen 1 cannot learn
  // (paired over the test pairs with those values: control correct − gen 1 correct)
  const onFailed = diff.filter((_, t) => failed.includes(test.label[t]));
  metrics.controlAccOnGen0Failed = failed.length ? mean(failed.map((k) => ac[k - 1])) : NaN;
  metrics.failedTestPairs = onFailed.length;
  if (onFailed.length >= 2) {
    const fm = mean(onFailed);
    let fv = 0;
    for (const v of onFailed) fv += (v - fm) ** 2;
    metrics.controlMinusGen1OnFailed = fm;
    metrics.controlMinusGen1OnFailedSe = Math.sqrt(fv / (onFailed.length - 1) / onFailed.length);
  } else { metrics.controlMinusGen1OnFailed = NaN; metrics.controlMinusGen1OnFailedSe = NaN; }
  sizes.mixes.forEach((pi, j) => {
    metrics[`mix${pi}AccOnGen0Failed`] = failed.length ? mean(failed.map((k) => mixAcc[j][k - 1])) : NaN;
    metrics[`mix${pi}Accuracy`] = overall(mixAcc[j]);
  });
  m0.dispose(); m1.dispose(); m2.dispose();
  return {
    figure: "fig7",
    title: "GCD stand-in: a small MLP un-learns rare GCDs when trained on its predecessor's labels",
    params: { ...sizes, ...GCD, tf: detail },
    axes: { x: { title: "gcd k", log: true }, y: { title: "accuracy" } },
    groupLabels: { law: "P(gcd = k) ∝ 1/k²", g0: "gen 0 (clean data)", g1: "gen 1 (gen-0 labels)", control: "control (gen-1 inputs, true labels)", g2: "gen 2 (gen-1 labels)",
      ...Object.fromEntries(sizes.mixes.map((pi) => [`mix${pi}`, `gen 1 + ${pi * 100}% clean`])) },
    panels: [
      { title: "outcome law: P(gcd = k) ∝ 1/k² (Zipf, β = 2)", axes: { x: { title: "gcd k", log: true }, y: { title: "probability", log: true } } },
      { title: "per-GCD test accuracy by generation and with clean data mixed in", axes: { x: { title: "gcd k", log: true }, y: { title: "accuracy", range: [-0.02, 1.02] } } },
    ],
    series,
    notes: [
      "Stand-in for the paper's GCD transformer: a 1-hidden-layer MLP on one-hot base-30 digits of a, b ≤ 899 (TensorFlow.js). It preserves the Zipf law of outcomes (skills) and the data-recycling loop, not the architecture or scale.",
      `[U] parameters: base ${GCD.base}, operands ≤ ${GCD.maxOperand}, classes gcd ≤ ${GCD.classes}, hidden ${GCD.hidden}, Adam lr ${GCD.lr}, batch ${GCD.batch}, ${sizes.trainSize} training pairs, ${sizes.epochs} epochs, clean fractions ${sizes.mixes.join(", ")}.`,
      `TensorFlow.js: ${detail}`,
    ],
    metrics,
  };
}

export interface GcdRecoverySizes { seeds: number; checkpoints: number[]; teacherSize: number; teacherEpochs: number; mixes: number[]; testSize: number; batch: number }
/** Sizes of the recovery experiment (§6: accuracy against training size with a clean fraction mixed in). [U] */
export function gcdRecoverySizes(mode: "quick" | "full"): GcdRecoverySizes {
  return mode === "full"
    ? { seeds: 5, checkpoints: [3125, 6250, 12500, 25000, 50000, 100000], teacherSize: 4000, teacherEpochs: 4, mixes: [0.01, 0.02, 0.05], testSize: 20000, batch: 64 }
    : { seeds: 2, checkpoints: [3125, 6250, 12500, 25000], teacherSize: 4000, teacherEpochs: 4, mixes: [0.05], testSize: 10000, batch: 64 };
}

/**
 * §6's mixing experiment on the stand-in. Per seed: a teacher (generation 0) trained on `teacherSize` clean pairs; then
 * fresh students trained on one stream each, seen once, of pairs labelled by the teacher except a fraction π kept
 * clean (π = 0: AI data only; π = 1: clean data), evaluated per GCD at the checkpoints. The "lost skills" of a seed are
 * the GCD values the clean student masters (≥ 50%) at the largest size while the teacher does not (< 50%); the curves
 * are the mean accuracy on them, mean ± SE over the seeds that have any.
 */
export async function buildGcdRecoveryFigure(sizes: GcdRecoverySizes, rng: Rng): Promise<TaleFigure> {
  const { tf, detail } = await loadTf();
  const nMax = sizes.checkpoints[sizes.checkpoints.length - 1];
  const pis = [0, ...sizes.mixes, 1];
  const key = (pi: number) => (pi === 0 ? "AI data only" : pi === 1 ? "clean data" : `AI + ${pi * 100}% clean`);
  const ks = Array.from({ length: GCD.classes }, (_, k) => k + 1);
  const curves: Record<string, number[][]> = Object.fromEntries(pis.map((pi) => [key(pi), []]));
  const skills: Record<string, number[][]> = Object.fromEntries(pis.map((pi) => [key(pi), []]));
  const lostCounts: number[] = [], teacherSkills: number[] = [];
  const perGcd: Record<string, number[][][]> = Object.fromEntries(pis.map((pi) => [key(pi), []]));
  const lostAny = new Set<number>();
  for (let s = 0; s < sizes.seeds; s++) {
    const r = rng.split();
    const test = cleanGcdData(sizes.testSize, r.split());
    const teacher = await trainGcdModel(tf, cleanGcdData(sizes.teacherSize, r.split()), sizes.teacherEpochs, r.split());
    const aT = perGcdAccuracy(test, predictGcd(tf, teacher, test)).acc;
    const acc: Record<string, number[][]> = {};
    for (const pi of pis) {
      const rs = r.split();
      acc[key(pi)] = await streamGcdCurve(tf, mixedStream(tf, teacher, nMax, pi, rs), sizes.checkpoints, test, rs, sizes.batch);
    }
    teacher.dispose();
    const cleanEnd = acc[key(1)][sizes.checkpoints.length - 1];
    const lost = ks.filter((k) => cleanEnd[k - 1] >= 0.5 && !(aT[k - 1] >= 0.5));
    lost.forEach((k) => lostAny.add(k));
    lostCounts.push(lost.length);
    teacherSkills.push(ks.filter((k) => aT[k - 1] >= 0.5).length);
    for (const pi of pis) {
      const a = acc[key(pi)];
      perGcd[key(pi)].push(a);
      skills[key(pi)].push(a.map((row) => ks.filter((k) => row[k - 1] >= 0.5).length));
      if (lost.length) curves[key(pi)].push(a.map((row) => mean(lost.map((k) => row[k - 1]))));
    }
  }
  const series: Series[] = [];
  const metrics: Record<string, number> = { seedsWithLostSkills: curves[key(0)].length, meanLostSkills: mean(lostCounts), meanTeacherSkills: mean(teacherSkills) };
  const x = sizes.checkpoints;
  for (const pi of pis) {
    if (curves[key(pi)].length >= 2) series.push(seededSeries(key(pi), "stand-in", x, curves[key(pi)], 0, `pi${pi}`, "lines+markers"));
    series.push(seededSeries(`${key(pi)}: skills ≥ 50%`, "stand-in", x, skills[key(pi)], 1, `pi${pi}`, "lines+markers"));
  }
  // per-GCD accuracy against training size, mean over seeds, for the values lost in some seed
  const big = key(sizes.mixes[sizes.mixes.length - 1]);
  for (const k of [...lostAny].sort((a, b) => a - b)) {
    for (const name of [key(0), big]) {
      const rows = perGcd[name].map((a) => a.map((row) => row[k - 1]));
      if (rows.some((r) => r.some((v) => Number.isNaN(v)))) continue;
      series.push(seededSeries(`gcd ${k}, ${name}`, "stand-in", x, rows, 2, `gcd${k}-${name === big ? "mix" : "ai"}`, "lines+markers"));
    }
  }
  return {
    figure: "fig7-recovery",
    title: "GCD stand-in: accuracy on the skills lost by AI data, against training size, with a clean fraction mixed in",
    params: { ...sizes, ...GCD, tf: detail },
    axes: { x: { title: "training pairs seen", log: true }, y: { title: "accuracy" } },
    groupLabels: Object.fromEntries(pis.map((pi) => [`pi${pi}`, key(pi)])),
    panels: [
      { title: "mean accuracy on the lost skills (GCD values the clean student masters at the largest size, the teacher does not)", axes: { x: { title: "training pairs seen", log: true }, y: { title: "accuracy", range: [-0.02, 1.02] } } },
      { title: "number of GCD values with ≥ 50% accuracy", axes: { x: { title: "training pairs seen", log: true }, y: { title: "skills" } } },
      { title: `per-GCD accuracy of the values lost in some seed: AI data only vs ${big}`, axes: { x: { title: "training pairs seen", log: true }, y: { title: "accuracy", range: [-0.02, 1.02] } } },
    ],
    series,
    notes: [
      "Stand-in for §6's mixing experiment: the same MLP as fig. 7; a teacher trained on a small clean set labels fresh pairs; students see a stream once (batch " + sizes.batch + ") with a fraction π of pairs clean; error bars are SEs over seeds (teacher, data and initialisation all redrawn).",
      `[U] parameters: teacher ${sizes.teacherSize} pairs × ${sizes.teacherEpochs} epochs; stream up to ${nMax} pairs; clean fractions ${sizes.mixes.join(", ")}; ${sizes.seeds} seeds; test ${sizes.testSize} pairs per seed.`,
      `TensorFlow.js: ${detail}`,
    ],
    metrics,
  };
}
