/**
 * Figure builders of the informativeness experiments (Fig. 1, Fig. 2a, Fig. 2b, the under-sampled sub-class):
 * histograms of log10 F-SI per group, the least / most informative digits, and the numbers the notebook checks
 * (in `metrics`).
 */
import type { Rng } from "../../maths/random";
import type { FigureSpec, Series } from "./figure-spec";
import { pooledScores, imbalancedDigits, mislabelledDigits, subclassDigits, twoSourceDigits, type PooledScores, type RunSettings } from "./experiments";
import { auroc, groupMean, ratioOfMeans } from "./metrics";
import { extremes, imageStrip, logBins, logHistogram } from "./plots";
import { mean, stderr } from "../../maths/stats";

function byGroup(p: PooledScores, g: number, what: "fsi" | "weight" = "fsi"): number[] {
  return p[what].filter((_, i) => p.group[i] === g);
}

function settingsParams(s: RunSettings): Record<string, unknown> {
  return { hidden: s.hidden, lr: s.lr, steps: s.steps, pool: s.pool, repeats: s.repeats, l2: s.l2 ?? 0 };
}

function histogramPanel(p: PooledScores, groups: { g: number; name: string }[], panel = 0): Series[] {
  const data = groups.map(({ g }) => byGroup(p, g));
  const edges = logBins(data, 24);
  return groups.map(({ name, g }, q) => logHistogram(`${name} (${data[q].length})`, data[q], edges, { panel, group: `g${g}` }));
}

function groupMetrics(p: PooledScores, g: number, key: string, out: Record<string, number>): { mean: number; se: number } {
  const m = groupMean(p.fsi, p.group, g);
  out[`${key}Mean`] = m.mean; out[`${key}Se`] = m.se; out[`${key}Count`] = m.count;
  return m;
}

function commonMetrics(p: PooledScores, out: Record<string, number>): void {
  out.valAccuracy = mean(p.valAccuracy);
  out.etaLambdaMax = Math.max(...p.etaLambdaMax);
}

/** Per-repeat AUROC of F-SI for group `posG` against group `negG`: mean and SE over repeats (Hanley–McNeil for one repeat). */
function repeatAuroc(p: PooledScores, posG: number, negG: number): { auc: number; se: number } {
  const reps = Math.max(...p.repeat) + 1;
  const aucs: number[] = [];
  let hm = 0;
  for (let r = 0; r < reps; r++) {
    const pos = p.fsi.filter((_, i) => p.repeat[i] === r && p.group[i] === posG);
    const neg = p.fsi.filter((_, i) => p.repeat[i] === r && p.group[i] === negG);
    const a = auroc(pos, neg);
    aucs.push(a.auc); hm = a.se;
  }
  return { auc: mean(aucs), se: reps > 1 ? stderr(aucs) : hm };
}

/** Fig. 2b: clean vs mislabelled F-SI histograms on MNIST 4 vs 9 with label noise; AUROC of F-SI as a detector. */
export function fig2bSpec(opts: RunSettings & { nTrain: number; nVal: number; noise: number }, rng: Rng): FigureSpec {
  const p = pooledScores(mislabelledDigits(opts.nTrain, opts.nVal, opts.noise, opts.pool), opts, rng);
  const metrics: Record<string, number> = {};
  const clean = groupMetrics(p, 0, "clean", metrics), wrong = groupMetrics(p, 1, "mislabelled", metrics);
  const r = ratioOfMeans(wrong, clean);
  metrics.ratio = r.ratio; metrics.ratioSe = r.se;
  const a = repeatAuroc(p, 1, 0);
  metrics.auroc = a.auc; metrics.aurocSe = a.se;
  const aw = auroc(byGroup(p, 1, "weight"), byGroup(p, 0, "weight"));
  metrics.aurocWeights = aw.auc;
  commonMetrics(p, metrics);
  return {
    figure: "fig2b", title: "Fig. 2b — mislabelled examples carry more unique information (MNIST 4 vs 9)",
    params: { ...settingsParams(opts), nTrain: opts.nTrain, nVal: opts.nVal, noise: opts.noise },
    series: histogramPanel(p, [{ g: 0, name: "correct label" }, { g: 1, name: "mislabelled" }]),
    axes: { x: { title: "log10 F-SI (mean over validation of ‖f − f₋ᵢ‖²)" }, y: { title: "fraction of examples" } },
    notes: [`${opts.repeats} repeat(s) of ${opts.nTrain} training digits pooled; F-SI at t = ${opts.steps} steps of the linearized MLP-${opts.hidden}.`],
    metrics,
  };
}

/**
 * Fig. 1 stand-in: per-class F-SI histograms on an imbalanced 5-class digit subset, and the 10 least and 10 most
 * informative training digits of the first repeat (dot-matrix images).
 */
export function fig1Spec(opts: RunSettings & { classes: number[]; shares: number[]; nTrain: number; nVal: number; rare: number[] }, rng: Rng): FigureSpec {
  const p = pooledScores(imbalancedDigits(opts.classes, opts.shares, opts.nTrain, opts.nVal, opts.pool), opts, rng);
  const metrics: Record<string, number> = {};
  opts.classes.forEach((d, a) => groupMetrics(p, a, `class${d}`, metrics));
  const isRare = (g: number) => opts.rare.includes(opts.classes[g]);
  const rare = p.fsi.filter((_, i) => isRare(p.group[i])), common = p.fsi.filter((_, i) => !isRare(p.group[i]));
  const rm = { mean: mean(rare), se: stderr(rare) }, cm = { mean: mean(common), se: stderr(common) };
  metrics.rareMean = rm.mean; metrics.rareSe = rm.se; metrics.commonMean = cm.mean; metrics.commonSe = cm.se;
  const ratio = ratioOfMeans(rm, cm);
  metrics.rareRatio = ratio.ratio; metrics.rareRatioSe = ratio.se;
  // share of all F-SI mass in the top 10% of examples ("most samples carry little unique information")
  const sorted = p.fsi.slice().sort((x, y) => y - x);
  const top = sorted.slice(0, Math.ceil(0.1 * sorted.length)).reduce((s, v) => s + v, 0);
  metrics.top10Share = top / sorted.reduce((s, v) => s + v, 0);
  metrics.medianOverMean = sorted[Math.floor(sorted.length / 2)] / mean(sorted);
  commonMetrics(p, metrics);
  const lo = extremes(p.firstFsi, 10, "asc"), hi = extremes(p.firstFsi, 10, "desc");
  metrics.mostInformativeRare = hi.filter((i) => isRare(p.first.labels[i])).length;
  const cls = (i: number) => opts.classes[p.first.labels[i]];
  return {
    figure: "fig1", title: "Fig. 1 (stand-in) — F-SI per sample on an imbalanced 5-class digit subset",
    params: { ...settingsParams(opts), classes: opts.classes, shares: opts.shares, nTrain: opts.nTrain, nVal: opts.nVal, rare: opts.rare },
    series: [
      ...histogramPanel(p, opts.classes.map((d, a) => ({ g: a, name: `digit ${d}${opts.rare.includes(d) ? " (rare)" : ""}` }))),
      imageStrip(`least informative: digits ${lo.map(cls).join(" ")}`, lo.map((i) => p.first.images[i]), 1),
      imageStrip(`most informative: digits ${hi.map(cls).join(" ")}`, hi.map((i) => p.first.images[i]), 2),
    ],
    axes: { x: { title: "log10 F-SI" }, y: { title: "fraction of the class" } },
    panels: [
      { title: "(A) F-SI per class" },
      { title: "(B) 10 least informative training digits", axes: { x: { title: "" }, y: { title: "" } } },
      { title: "(C) 10 most informative training digits", axes: { x: { title: "" }, y: { title: "" } } },
    ],
    notes: [
      "Stand-in for iCassava (5 disease classes, pretrained ResNet-18): digits 0–4 with two rare classes, the MLP-1024 NTK; the class prior is a choice here [U].",
      "Images are drawn as dot matrices (pixels with grey level ≥ ½).",
    ],
    metrics,
  };
}

/** Fig. 2a stand-in: which source is more informative — clean digits or street-like digits. */
export function fig2aSpec(opts: RunSettings & { classes: number[]; nTrain: number; nVal: number }, rng: Rng): FigureSpec {
  const p = pooledScores(twoSourceDigits(opts.classes, opts.nTrain, opts.nVal, opts.pool), opts, rng);
  const metrics: Record<string, number> = {};
  const a = groupMetrics(p, 0, "clean", metrics), b = groupMetrics(p, 1, "street", metrics);
  const r = ratioOfMeans(b, a);
  metrics.ratio = r.ratio; metrics.ratioSe = r.se;
  const au = repeatAuroc(p, 1, 0);
  metrics.auroc = au.auc; metrics.aurocSe = au.se;
  commonMetrics(p, metrics);
  const hi = extremes(p.firstFsi, 10, "desc");
  metrics.top10Street = hi.filter((i) => p.first.group[i] === 1).length;
  const streetIdx = Array.from({ length: p.first.n }, (_, i) => i).filter((i) => p.first.group[i] === 1).slice(0, 10);
  return {
    figure: "fig2a", title: "Fig. 2a (stand-in) — clean vs street-like digits: which source is more informative",
    params: { ...settingsParams(opts), classes: opts.classes, nTrain: opts.nTrain, nVal: opts.nVal },
    series: [
      ...histogramPanel(p, [{ g: 0, name: "clean MNIST" }, { g: 1, name: "street-like MNIST" }]),
      imageStrip("street-like training digits (first 10)", streetIdx.map((i) => p.first.images[i]), 1),
    ],
    axes: { x: { title: "log10 F-SI" }, y: { title: "fraction of the source" } },
    panels: [{ title: "F-SI per source" }, { title: "examples of the street-like source", axes: { x: { title: "" }, y: { title: "" } } }],
    notes: ["Stand-in for MNIST + SVHN (SVHN cannot be obtained offline): the second source is made from other MNIST digits by shifts, polarity inversion, background texture, noise and border fragments of other digits [U]. Classes reduced to 5 to keep the float64 kernel n·k small [U]."],
    metrics,
  };
}

/** Under-sampled sub-class stand-in: class "9 (+ a few 7s)" vs class "4"; do the 7s carry more unique information? */
export function subclassSpec(opts: RunSettings & { n9: number; n7: number; n4: number; valScale: number }, rng: Rng): FigureSpec {
  const p = pooledScores(subclassDigits(opts.n9, opts.n7, opts.n4, opts.valScale, opts.pool), opts, rng);
  const metrics: Record<string, number> = {};
  const nine = groupMetrics(p, 0, "nine", metrics), seven = groupMetrics(p, 1, "seven", metrics);
  groupMetrics(p, 2, "four", metrics);
  const r = ratioOfMeans(seven, nine);
  metrics.ratio = r.ratio; metrics.ratioSe = r.se;
  const au = repeatAuroc(p, 1, 0);
  metrics.auroc = au.auc; metrics.aurocSe = au.se;
  commonMetrics(p, metrics);
  return {
    figure: "subclass", title: "Under-sampled sub-class (stand-in for the appendix's pets vs deer) — 7s hidden in class 9",
    params: { ...settingsParams(opts), n9: opts.n9, n7: opts.n7, n4: opts.n4, valScale: opts.valScale },
    series: histogramPanel(p, [{ g: 0, name: "9 (class A majority)" }, { g: 1, name: "7 (unlabelled sub-class of A)" }, { g: 2, name: "4 (class B)" }]),
    axes: { x: { title: "log10 F-SI" }, y: { title: "fraction of the group" } },
    notes: ["Stand-in for CIFAR-10 pets (dogs + a few cats) vs deer: MNIST class A = 9s + a few 7s, class B = 4s [U]."],
    metrics,
  };
}
