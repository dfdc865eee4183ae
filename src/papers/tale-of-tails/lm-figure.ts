/**
 * Figure builder for the LLM stand-in (Zipf–Markov language + smoothed bigram LM), *A Tale of Tails* §6.
 */
import type { Rng } from "../../maths/random";
import { logLogSlope, logIntegers, mean } from "../../maths/stats";
import { seededSeries, type Series, type TaleFigure } from "./figure-data";
import { LM_SMOOTHING, mixtureLimit, bigramModel, createZipfMarkovLanguage, crossEntropy, decodeLaws, MarkovSampler, type Decoding, type MarkovLanguage } from "./zipf-markov-lm";

/** Language and experiment parameters of the stand-in. paper value unverified [U] */
export const LM = { V: 200, beta: 1.5, T0: 100000, topP: 0.9, tau: 0.8, mixes: [0.02, 0.1] };

export interface LmSizes { seeds: number; tMax: number }
export function lmSizes(mode: "quick" | "full"): LmSizes {
  return mode === "full" ? { seeds: 20, tMax: 10000000 } : { seeds: 5, tMax: 3000000 };
}

/** Trains a bigram model on `tokens` transitions of a generator. */
function trainOn(G: Float64Array, V: number, tokens: number, rng: Rng): Float64Array {
  const c = new Float64Array(V * V);
  new MarkovSampler(G, V, 0).addPairs(tokens, c, rng);
  return bigramModel(c, V);
}

/** The generator after `gens` rounds of train-on-T₀-then-decode, starting from the true language. */
function generatorAfter(lang: MarkovLanguage, gens: number, dec: Decoding, rng: Rng): Float64Array {
  let G = lang.P;
  for (let g = 0; g < gens; g++) G = decodeLaws(trainOn(G, lang.V, LM.T0, rng), lang.V, dec);
  return G;
}

/** Excess cross-entropy (CE − H) of a learner trained on a stream mixing a fraction `realFrac` of real tokens. */
function learningCurve(lang: MarkovLanguage, G: Float64Array, realFrac: number, Ts: number[], rng: Rng): number[] {
  const V = lang.V;
  const c = new Float64Array(V * V);
  const ai = new MarkovSampler(G, V, 0), real = new MarkovSampler(lang.P, V, 0);
  let done = 0, doneReal = 0;
  const out: number[] = [];
  for (const T of Ts) {
    const wantReal = Math.floor(realFrac * T);
    real.addPairs(wantReal - doneReal, c, rng);
    ai.addPairs(T - wantReal - (done - doneReal), c, rng);
    done = T;
    doneReal = wantReal;
    out.push(crossEntropy(lang, bigramModel(c, V)) - lang.entropyRate);
  }
  return out;
}

function sortedDesc(xs: Float64Array): number[] {
  return Array.from(xs).filter((v) => v > 0).sort((a, b) => b - a);
}

export function buildLmFigure(sizes: LmSizes, rng: Rng): TaleFigure {
  const lang = createZipfMarkovLanguage(LM.V, LM.beta, rng.split());
  const V = LM.V;
  const series: Series[] = [];
  const metrics: Record<string, number> = { entropyRate: lang.entropyRate };
  // (a) rank–frequency of bigram pairs: truth vs real and AI corpora of T₀ tokens
  const joint = new Float64Array(V * V);
  for (let i = 0; i < V; i++) for (let j = 0; j < V; j++) joint[i * V + j] = lang.pi[i] * lang.P[i * V + j];
  const thin = (ys: number[]) => {
    const xs: number[] = [], out: number[] = [];
    ys.forEach((y, r) => { if (r < 30 || r % Math.max(1, Math.floor(r / 30)) === 0) { xs.push(r + 1); out.push(y); } });
    return { xs, out };
  };
  const tj = thin(sortedDesc(joint));
  series.push({ name: "true pair law πᵢ P(j|i)", kind: "theory", x: tj.xs, y: tj.out, panel: 0, group: "true", style: "lines" });
  const r0 = rng.split();
  const gen0 = trainOn(lang.P, V, LM.T0, r0);
  const corpora: [string, Float64Array][] = [["real corpus", lang.P], [`AI corpus, top-p=${LM.topP}`, decodeLaws(gen0, V, { topP: LM.topP, tau: 1 })],
    [`AI corpus, τ=${LM.tau}`, decodeLaws(gen0, V, { topP: 1, tau: LM.tau })]];
  for (const [name, G] of corpora) {
    const c = new Float64Array(V * V);
    new MarkovSampler(G, V, 0).addPairs(LM.T0, c, r0);
    const f = sortedDesc(c).map((v) => v / LM.T0);
    const t = thin(f);
    series.push({ name: `${name} (${LM.T0} tokens)`, kind: "stand-in", x: t.xs, y: t.out, panel: 0, group: name, style: "markers" });
    metrics[`distinctPairs_${name.startsWith("real") ? "real" : name.includes("top-p") ? "topP" : "tau"}`] = f.length;
  }
  let support = 0;
  const topPLaw = corpora[1][1];
  for (let k = 0; k < V * V; k++) if (topPLaw[k] > 0) support++;
  metrics.topPGeneratorSupport = support;
  // (b) excess CE vs tokens
  const Ts = logIntegers(1000, sizes.tMax, Math.round(2 * Math.log10(sizes.tMax / 1000)) + 1);
  const runs: { name: string; gens: number; dec: Decoding; mix: number }[] = [
    { name: "real data", gens: 0, dec: { topP: 1, tau: 1 }, mix: 0 },
    { name: `gen 1, top-p=${LM.topP}`, gens: 1, dec: { topP: LM.topP, tau: 1 }, mix: 0 },
    { name: `gen 2, top-p=${LM.topP}`, gens: 2, dec: { topP: LM.topP, tau: 1 }, mix: 0 },
    { name: `gen 1, τ=${LM.tau}`, gens: 1, dec: { topP: 1, tau: LM.tau }, mix: 0 },
    ...LM.mixes.map((m) => ({ name: `gen 1, top-p=${LM.topP} + ${m * 100}% real`, gens: 1, dec: { topP: LM.topP, tau: 1 }, mix: m })),
  ];
  for (const run of runs) {
    const rows: number[][] = [];
    const limits: number[] = [];
    for (let s = 0; s < sizes.seeds; s++) {
      const r = rng.split();
      const G = generatorAfter(lang, run.gens, run.dec, r);
      rows.push(learningCurve(lang, G, run.mix, Ts, r));
      limits.push(crossEntropy(lang, mixtureLimit(lang, G, run.mix)) - lang.entropyRate);
    }
    const m = seededSeries(run.name, "stand-in", Ts, rows, 1, run.name, "lines+markers");
    series.push(m);
    if (run.gens > 0) {
      const lim = mean(limits);
      series.push({ name: `${run.name}: T→∞ limit (exact given the generator)`, kind: "theory", x: [Ts[0], Ts[Ts.length - 1]], y: [lim, lim], panel: 1, group: run.name, style: "lines", variant: "T→∞ limit (exact given the generator)" });
      metrics[`limit_${run.name}`] = lim;
      // (c) distance to the limit, seed by seed (each seed's own generator and limit): CE(T) − CE∞ > 0 falling with T
      // is a monotone approach from above
      series.push(seededSeries(`${run.name}: CE − CE∞`, "stand-in", Ts, rows.map((row, s) => row.map((v) => v - limits[s])), 2, run.name, "lines+markers"));
    }
    metrics[`excessAtTmax_${run.name}`] = m.y[m.y.length - 1];
    metrics[`slopeLastDecade_${run.name}`] = logLogSlope(Ts, m.y, Ts[Ts.length - 1] / 10, Ts[Ts.length - 1]);
  }
  return {
    figure: "fig8",
    title: "LLM stand-in: Zipf–Markov language, bigram LM trained on real vs AI-generated corpora",
    params: { ...sizes, ...LM, smoothing: `Dirichlet α = ${LM_SMOOTHING.alphaT}/T + uniform floor ε = ${LM_SMOOTHING.epsilon}` },
    axes: { x: { title: "training tokens", log: true }, y: { title: "excess cross-entropy CE − H (nats/token)", log: true } },
    panels: [
      { title: "rank–frequency of bigram pairs: AI corpora lose the tail", axes: { x: { title: "pair rank", log: true }, y: { title: "frequency", log: true } } },
      { title: "test excess cross-entropy vs training tokens (exact CE against the known language)", axes: { x: { title: "training tokens T", log: true }, y: { title: "CE − H (nats/token)", log: true } } },
      { title: "distance to the exact T→∞ limit, CE(T) − CE∞ (per seed, its own generator)", axes: { x: { title: "training tokens T", log: true }, y: { title: "CE − CE∞ (nats/token)", log: true } } },
    ],
    series,
    notes: [
      "Stand-in for Llama2-7B on Wikitext-103: a synthetic Zipf–Markov language (known truth, so CE is exact) and a smoothed bigram LM. It preserves the mechanism (heavy-tailed next-token laws, top-p/temperature decoding that removes or thins the tail, retraining on generated text), not the scale.",
      `[U] parameters: V=${LM.V}, β'=${LM.beta}, generator trained on T₀=${LM.T0} tokens, top-p=${LM.topP}, τ=${LM.tau}, real fractions ${LM.mixes.join(", ")}; smoothing: Dirichlet weight α = ${LM_SMOOTHING.alphaT}/T (T training transitions), uniform floor ε = ${LM_SMOOTHING.epsilon}.`,
    ],
    metrics,
  };
}
