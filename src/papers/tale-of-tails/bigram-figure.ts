/**
 * Figure builder for the tailed bigram model (*A Tale of Tails* §4).
 */
import type { Rng } from "../../maths/random";
import { logLogSlope, logIntegers } from "../../maths/stats";
import { applyTemperature, tailCut, zipfProbabilities } from "../../theory/zipf/index";
import { ContextTVTable, expectedBigramLoss, expectedEmpiricalTV, simulateBigramLoss, simulateContextTV, totalVariation } from "./bigram";
import { markersAsSeries, seededSeries, type Series, type TaleFigure } from "./figure-data";

/** Per-context exponents β' of panel (a). paper value unverified [U] */
export const BIGRAM_TOKEN_BETAS = [1.5, 2, 3];
/** vocabulary of panel (a). paper value unverified [U] */
export const BIGRAM_VOCAB_A = 10000;
/** full model: contexts, vocabulary, context and token exponents, cut ranks, temperature. paper value unverified [U] */
export const BIGRAM_MODEL = { contexts: 1000, vocab: 1000, contextBeta: 2, tokenBeta: 2, cutKs: [10, 100], tau: 0.8 };

/** Seeds of panel (a) (one context, cheap) and panel (b) (the full model), largest count n and sample size T. */
export interface BigramSizes { seedsContext: number; seeds: number; nMax: number; tMax: number }
export function bigramSizes(mode: "quick" | "full"): BigramSizes {
  return mode === "full" ? { seedsContext: 40, seeds: 20, nMax: 100000, tMax: 1000000 } : { seedsContext: 20, seeds: 10, nMax: 100000, tMax: 1000000 };
}

export function buildBigramFigure(sizes: BigramSizes, rng: Rng): TaleFigure {
  const series: Series[] = [];
  const metrics: Record<string, number> = {};
  // (a) per-context rate
  const ns = logIntegers(10, sizes.nMax, 13);
  for (const bp of BIGRAM_TOKEN_BETAS) {
    const p = zipfProbabilities(bp, BIGRAM_VOCAB_A, "support").p;
    const th = ns.map((n) => expectedEmpiricalTV(p, p, n));
    series.push({ name: `β'=${bp}: exact E TV`, kind: "theory", x: ns, y: th, panel: 0, group: `b${bp}`, style: "lines" });
    const rows: Float64Array[] = [];
    for (let s = 0; s < sizes.seedsContext; s++) rows.push(simulateContextTV(p, p, ns, rng.split()));
    series.push(seededSeries(`β'=${bp}: Monte-Carlo`, "simulation", ns, rows, 0, `b${bp}`));
    metrics[`slopeExact_b${bp}`] = logLogSlope(ns, th, 100, 1e5);
    metrics[`slopeAsym_b${bp}`] = -Math.min(1 - 1 / bp, 0.5);
  }
  // (b) full model with AI next-token laws
  const B = BIGRAM_MODEL;
  const ctx = zipfProbabilities(B.contextBeta, B.contexts, "support").p;
  const p = zipfProbabilities(B.tokenBeta, B.vocab, "support").p;
  const Ts = logIntegers(10, sizes.tMax, Math.round(2 * Math.log10(sizes.tMax / 10)) + 1);
  const variants: [string, Float64Array][] = [["clean", p], ...B.cutKs.map((k): [string, Float64Array] => [`AI: top-k cut k=${k}`, tailCut(p, k)]),
    [`AI: temperature τ=${B.tau}`, applyTemperature(p, B.tau)]];
  const markers: TaleFigure["markers"] = [];
  for (const [name, q] of variants) {
    const table = new ContextTVTable(p, q, sizes.tMax);
    const th = Ts.map((T) => expectedBigramLoss(ctx, table, T));
    series.push({ name: `${name}: exact`, kind: "theory", x: Ts, y: th, panel: 1, group: name, style: "lines" });
    const rows: Float64Array[] = [];
    for (let s = 0; s < sizes.seeds; s++) rows.push(simulateBigramLoss(ctx, p, q, Ts, rng.split()));
    series.push(seededSeries(`${name}: Monte-Carlo`, "simulation", Ts, rows, 1, name));
    const floor = totalVariation(p, q);
    if (floor > 0) markers.push({ name: `floor TV(p,q) ${name}`, x: floor, panel: 1, axis: "y" });
    const key = name.replace(/[^a-zA-Z0-9]+/g, "_");
    metrics[`floor_${key}`] = floor;
    metrics[`lossAtTmax_${key}`] = th[th.length - 1];
    // approach to the floor: exact log–log slope of the excess E(T) − TV(p, q) over T ∈ [10⁴, T_max]
    if (floor > 0) metrics[`excessSlopeExact_${key}`] = logLogSlope(Ts, th.map((v) => v - floor), 1e4, sizes.tMax);
  }
  metrics.cutFloorTail_k10 = 1 - p.subarray(0, 10).reduce((a, b) => a + b, 0);
  metrics.cutFloorTail_k100 = 1 - p.subarray(0, 100).reduce((a, b) => a + b, 0);
  return markersAsSeries({
    figure: "fig5",
    title: "Tailed bigram model: TV loss of the empirical next-token law, clean and AI (cut / temperature)",
    params: { ...sizes, tokenBetas: BIGRAM_TOKEN_BETAS, vocabA: BIGRAM_VOCAB_A, model: B },
    axes: { x: { title: "pairs", log: true }, y: { title: "TV loss", log: true } },
    groupLabels: Object.fromEntries(BIGRAM_TOKEN_BETAS.map((bp) => [`b${bp}`, `β'=${bp}`])),
    panels: [
      { title: `(a) one context, V=${BIGRAM_VOCAB_A}: E TV vs its count n (slope → −min(1−1/β', ½))`, axes: { x: { title: "count n of the context", log: true }, y: { title: "E TV", log: true } } },
      { title: `(b) ${B.contexts} contexts (β=${B.contextBeta}), V=${B.vocab} (β'=${B.tokenBeta}): loss vs T`, axes: { x: { title: "training pairs T", log: true }, y: { title: "Σᵢ pᵢ E TVᵢ", log: true } } },
    ],
    series,
    markers,
    notes: [
      "Theory: exact binomial mean absolute deviations (de Moivre form via the incomplete beta), averaged over each context's binomial count; beyond 64 counts the per-context table is interpolated log–log between exact values.",
      "Tail cut adds the floor TV(p, cut) = Σⱼ₌ₖ₊₁ pⱼ; temperature adds TV(p, p_τ): a floor, not a new exponent [D].",
      `[U] parameters: V=${BIGRAM_VOCAB_A} in (a); M=${B.contexts}, V=${B.vocab}, β=${B.contextBeta}, β'=${B.tokenBeta}, k ∈ {${B.cutKs.join(", ")}}, τ=${B.tau} in (b).`,
    ],
    metrics,
  });
}
