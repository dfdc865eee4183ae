/**
 * Stand-in B, the figures of the paper that the first pass left out: the Fig. 6-left analogue (how hard the new
 * samples are for the classifier that requested them, against plain samples and against earlier and later models),
 * the Fig. 8 / Figs. 6-right, 10–13 analogues (x̂₀ along DDIM and generated samples across ω and across additions,
 * projected onto the plane of the class means), and the Fig. 9 / Tables 2–3 analogues (dynamic vs upfront
 * generation at ω = 0 and ω > 0; ablation rows; generator diversity through the CFG scale).
 */
import { fromSeeds, type FigureSpec, type Series } from "../../../lab/figure";
import { meanSe } from "../../../lab/series";
import { asMatrix, eigh } from "../../../maths/linalg/index";
import { createRng, type Rng } from "../../../maths/random";
import type { StandinBExtraParams, StandinBParams } from "../params";
import { alphaBar, logits, sampleDdim, softmaxEntropy, type GaussianClasses, type LinearClassifier } from "../standin-diffusion";
import {
  Dataset, SoftmaxLearner, generateInto, hardness, makeWorld, runDeliberatePractice, runStatic, runUpfront, sampleReal, trainSpan, type DpLoopParams, type DpResult,
} from "../standin-diffusion-dp";

export function standinBLoop(P: StandinBParams): DpLoopParams {
  return { train: P.train, initial: P.initial, add: P.add, tau: P.tau, patience: 1, patienceStep: 1, omega: P.omega, cfg: P.cfg, steps: P.steps, maxSize: P.maxSize, branchOuts: true };
}

const snapshot = (L: LinearClassifier): LinearClassifier => ({ K: L.K, D: L.D, W: L.W.slice(), b: L.b.slice() });

/** Mean ± SE over the worlds that have a value at each index (index kept only with ≥ 2 worlds). */
function ragged(rows: number[][]): { x: number[]; y: number[]; yErr: number[]; n: number[] } {
  const out = { x: [] as number[], y: [] as number[], yErr: [] as number[], n: [] as number[] };
  const len = Math.max(0, ...rows.map((r) => r.length));
  for (let i = 0; i < len; i++) {
    const v = rows.filter((r) => i < r.length && Number.isFinite(r[i])).map((r) => r[i]);
    if (v.length < 2) continue;
    const e = meanSe(v);
    out.x.push(i + 1); out.y.push(e.value); out.yErr.push(e.se); out.n.push(v.length);
  }
  return out;
}

const put = (m: Record<string, number>, key: string, e: { value: number; se: number }, n?: number) => {
  m[`${key}.mean`] = e.value;
  m[`${key}.se`] = e.se;
  if (n !== undefined) m[`${key}.n`] = n;
};

/** Per addition of one DP run: hardness (mean learner entropy, error) of the new batch, of an ω = 0 reference batch and of the accumulated set. */
export interface AdditionProbe {
  k: number;
  iteration: number;
  size: number;
  /** under the classifier that requested the addition */
  newEntropy: number;
  newError: number;
  refEntropy: number;
  refError: number;
  accEntropy: number;
  /** under the classifier that requested the previous addition (NaN for the first) */
  newEntropyPrev: number;
  refEntropyPrev: number;
  /** under the final model */
  newEntropyFinal: number;
  refEntropyFinal: number;
  /** entropy of the new batch under the model of every evaluation of the run (iterations in `probeIterations`) */
  entropyCurve: number[];
}

export interface ProbedRun {
  result: DpResult;
  probes: AdditionProbe[];
  probeIterations: number[];
  batches: { start: number; end: number }[];
  data?: Dataset;
}

/**
 * One DP run with the probes of the Fig. 6-left analogue. The probes draw their ω = 0 reference batches from
 * `probeRng`, so the run is the one without probes. The final model is the learner at the last evaluation (the
 * end of training when τ divides the iterations).
 */
export function probeDeliberatePractice(w: ReturnType<typeof makeWorld>, L: DpLoopParams, refBatch: number, val: Dataset, test: Dataset, rng: Rng, probeRng: Rng): ProbedRun {
  const snaps: { iteration: number; f: LinearClassifier }[] = [];
  const probes: AdditionProbe[] = [], batches: { start: number; end: number }[] = [], refs: Dataset[] = [];
  let prev: LinearClassifier | undefined, data: Dataset | undefined;
  const result = runDeliberatePractice(w, L, val, test, rng, {
    onEvaluation: (iteration, f) => { snaps.push({ iteration, f: snapshot(f) }); },
    onAddition: (e) => {
      data = e.data;
      const ref = new Dataset(w.synth.D, refBatch);
      generateInto(w, refBatch, { cfg: L.cfg, omega: 0, steps: L.steps }, probeRng.split(), ref);
      refs.push(ref);
      const nw = hardness(e.learner, e.data, e.start, e.end), rf = hardness(e.learner, ref), acc = hardness(e.learner, e.data, 0, e.start);
      probes.push({
        k: e.k, iteration: e.iteration, size: e.start, newEntropy: nw.entropy, newError: nw.error, refEntropy: rf.entropy, refError: rf.error, accEntropy: acc.entropy,
        newEntropyPrev: prev ? hardness(prev, e.data, e.start, e.end).entropy : NaN, refEntropyPrev: prev ? hardness(prev, ref).entropy : NaN,
        newEntropyFinal: NaN, refEntropyFinal: NaN, entropyCurve: [],
      });
      batches.push({ start: e.start, end: e.end });
      prev = snapshot(e.learner);
    },
  });
  const final = snaps[snaps.length - 1]?.f;
  probes.forEach((p, j) => {
    const { start, end } = batches[j];
    p.newEntropyFinal = hardness(final, data!, start, end).entropy;
    p.refEntropyFinal = hardness(final, refs[j]).entropy;
    p.entropyCurve = snaps.map((s) => hardness(s.f, data!, start, end).entropy);
  });
  return { result, probes, probeIterations: snaps.map((s) => s.iteration), batches, data };
}

/** The runs behind the hardness, Fig. 9 and Table 2–3 figures, one entry per world (the same worlds for all). */
export interface ExtraWorld {
  /** the DP default (Table 3's first row, Fig. 9's dynamic ω > 0 arm), with the hardness probes */
  probed: ProbedRun;
  /** Table 3's rows in the order of ablationRows (row 0 is `probed.result`) */
  rows: DpResult[];
  /** Fig. 9's upfront arms at upfrontSizes, ω = 0 and DP's ω */
  upfront0: number[];
  upfrontGuided: number[];
  guideAt: number;
  /** Table 2 analogue: static accuracy by CFG scale */
  generator: number[];
}

export interface AblationRow {
  key: string;
  label: string;
  loop: Partial<DpLoopParams>;
}

/** The Table 3 rows run here (the paper's six, with this stand-in's ω values). */
export function ablationRows(P: StandinBParams, E: StandinBExtraParams): AblationRow[] {
  return [
    { key: "default", label: `DP: ω = ${P.omega}, incremental patience, uniform sampling`, loop: {} },
    { key: "omega0", label: "ω = 0 (no entropy guidance)", loop: { omega: 0 } },
    ...E.ablationOmegas.map((o) => ({ key: `omega${o}`, label: `ω = ${o}`, loop: { omega: o } })),
    { key: "fixedPatience", label: "fixed patience T_max = 1", loop: { patienceStep: 0 } },
    { key: "newWeight2", label: "non-uniform sampling (2× weight on new samples)", loop: { newWeight: 2 } },
  ];
}

/** Runs every world of section 9 (see ExtraWorld). Branch-outs only where Fig. 9 needs them (rows 0 and 1). */
export function runStandinBExtra(P: StandinBParams, E: StandinBExtraParams, rng: Rng): ExtraWorld[] {
  const L = standinBLoop(P);
  const rows = ablationRows(P, E);
  const out: ExtraWorld[] = [];
  for (let k = 0; k < E.worlds; k++) {
    const r = rng.split();
    const w = makeWorld(P.world, r.split());
    const val = sampleReal(w, P.valSize, r.split()), test = sampleReal(w, P.testSize, r.split());
    const runRng = r.split(), probeRng = r.split();
    const probed = probeDeliberatePractice(w, L, E.referenceBatch, val, test, runRng.split(), probeRng);
    const res = [probed.result, ...rows.slice(1).map((row) => runDeliberatePractice(w, { ...L, ...row.loop, branchOuts: row.key === "omega0" }, val, test, runRng.split()))];
    const guideAt = probed.result.trace.additions[0] ?? P.addAt;
    const upRng = r.split();
    const upfront0 = E.upfrontSizes.map((n) => runUpfront(w, n, L, 0, guideAt, test, upRng.split()));
    const upfrontGuided = E.upfrontSizes.map((n) => runUpfront(w, n, L, P.omega, guideAt, test, upRng.split()));
    const gRng = r.split();
    const generator = E.generatorCfgs.map((cfg) => runStatic(w, E.generatorSize, { ...L, cfg }, test, gRng.split()));
    out.push({ probed, rows: res, upfront0, upfrontGuided, guideAt, generator });
  }
  return out;
}

/**
 * Fig. 6-left analogue from the probed DP runs. Panel 0: mean learner entropy, under the classifier that requested
 * each addition, of the new entropy-guided batch, of a fresh ω = 0 batch and of the set accumulated so far (mean ±
 * SE over the worlds that made that many additions); panel 1: the same batches under the previous requesting model
 * and under the final model; panel 2: in the first world, the entropy of each batch under the model of every
 * evaluation of the run (before and after its insertion). Metrics: per world averaged over its additions, then mean
 * ± SE over worlds.
 */
export function buildStandinBHardness(P: StandinBParams, E: StandinBExtraParams, runs: ExtraWorld[]): FigureSpec {
  const pr = runs.map((r) => r.probed);
  const series: Series[] = [];
  const add = (name: string, group: string, variant: string | undefined, f: (p: AdditionProbe) => number, panel: number) => {
    const s = ragged(pr.map((r) => r.probes.map(f)));
    series.push({ name, kind: "stand-in", group, variant, style: "lines+markers", x: s.x, y: s.y, yErr: s.yErr, panel });
  };
  add("new batch, entropy-guided (stand-in)", "new", undefined, (p) => p.newEntropy, 0);
  add("plain batch, ω = 0 (stand-in)", "ref", undefined, (p) => p.refEntropy, 0);
  add("accumulated set (stand-in)", "acc", undefined, (p) => p.accEntropy, 0);
  add("new batch under the previous requesting model (stand-in)", "new", "previous model", (p) => p.newEntropyPrev, 1);
  add("new batch under the requesting model (stand-in)", "new", "requesting model", (p) => p.newEntropy, 1);
  add("new batch under the final model (stand-in)", "new", "final model", (p) => p.newEntropyFinal, 1);
  add("plain batch under the previous requesting model (stand-in)", "ref", "previous model", (p) => p.refEntropyPrev, 1);
  add("plain batch under the requesting model (stand-in)", "ref", "requesting model", (p) => p.refEntropy, 1);
  add("plain batch under the final model (stand-in)", "ref", "final model", (p) => p.refEntropyFinal, 1);
  const r0 = pr[0];
  r0.probes.forEach((p) => {
    series.push({ name: `batch ${p.k + 1} (added at iteration ${p.iteration}), world 1 (stand-in)`, kind: "stand-in", style: "lines", x: r0.probeIterations, y: p.entropyCurve, panel: 2 });
  });
  const metrics: Record<string, number> = {};
  const stat = (key: string, f: (p: AdditionProbe) => number) => {
    const v = pr.map((r) => r.probes.map(f).filter(Number.isFinite)).filter((v) => v.length > 0).map((v) => v.reduce((a, b) => a + b, 0) / v.length);
    put(metrics, key, meanSe(v), v.length);
  };
  stat("entropyNewMinusRef", (p) => p.newEntropy - p.refEntropy);
  stat("entropyNew", (p) => p.newEntropy);
  stat("entropyRef", (p) => p.refEntropy);
  stat("entropyAcc", (p) => p.accEntropy);
  stat("entropyNewMinusAcc", (p) => p.newEntropy - p.accEntropy);
  stat("entropyNewCurrentMinusPrev", (p) => p.newEntropy - p.newEntropyPrev);
  stat("entropyRefCurrentMinusPrev", (p) => p.refEntropy - p.refEntropyPrev);
  stat("entropyNewFinalMinusInsertion", (p) => p.newEntropyFinal - p.newEntropy);
  stat("entropyRefFinalMinusInsertion", (p) => p.refEntropyFinal - p.refEntropy);
  // Differences in differences: the change of the new batch's entropy beyond that of a plain batch between models.
  stat("entropyPrevToCurrentNewMinusRef", (p) => (p.newEntropy - p.newEntropyPrev) - (p.refEntropy - p.refEntropyPrev));
  stat("entropyInsertionToFinalNewMinusRef", (p) => (p.newEntropyFinal - p.newEntropy) - (p.refEntropyFinal - p.refEntropy));
  stat("errorNew", (p) => p.newError);
  stat("errorRef", (p) => p.refError);
  metrics.additionsMean = pr.reduce((a, r) => a + r.probes.length, 0) / pr.length;
  return {
    figure: "standin-b-hardness",
    title: "Stand-in B — Fig. 6-left analogue: how hard each addition is for the model that requested it, and for earlier and later models",
    params: { ...P, extra: { ...E } },
    series,
    axes: { x: { title: "addition" }, y: { title: "" } },
    panels: [
      { title: "entropy under the requesting model", axes: { x: { title: "addition k" }, y: { title: "mean learner entropy (nats)" } } },
      { title: "the same batches under the previous, requesting and final models", axes: { x: { title: "addition k" }, y: { title: "mean learner entropy (nats)" } } },
      { title: "world 1: each batch's entropy under the model of every evaluation", axes: { x: { title: "iteration" }, y: { title: "mean learner entropy (nats)" } } },
    ],
    markers: r0.probes.map((p) => ({ name: "addition", x: p.iteration, panel: 2 })),
    metrics,
    notes: [`Stand-in B DP runs as in section 8 (ω = ${P.omega}, +${P.add} per addition, patience 1 (+1)); at each addition a fresh ω = 0 batch of ${E.referenceBatch} samples, drawn on a separate stream, for reference; ` +
      `${runs.length} worlds; a point needs ≥ 2 worlds that made that many additions. [U] all values.`],
  };
}

/** Orthonormal directions (columns, D×2) of the plane of the class means after whitening by the synthetic variances. */
export function classMeanPlane(g: GaussianClasses): { u: Float64Array[]; project: (x: ArrayLike<number>, off?: number) => [number, number] } {
  const { K, D, mu, s } = g;
  const m = new Float64Array(D);
  for (let k = 0; k < K; k++) for (let j = 0; j < D; j++) m[j] += mu[k * D + j] / Math.sqrt(s[j]) / K;
  const B = new Float64Array(D * D);
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < D; i++) {
      const a = mu[k * D + i] / Math.sqrt(s[i]) - m[i];
      for (let j = 0; j < D; j++) B[i * D + j] += a * (mu[k * D + j] / Math.sqrt(s[j]) - m[j]);
    }
  }
  for (let i = 0; i < D; i++) for (let j = 0; j < i; j++) B[i * D + j] = B[j * D + i] = 0.5 * (B[i * D + j] + B[j * D + i]);
  const { vectors } = eigh(asMatrix(D, D, B), { vectors: true });
  const V = vectors!.data;
  const u = [D - 1, D - 2].map((c) => Float64Array.from({ length: D }, (_, i) => V[i * D + c]));
  const project = (x: ArrayLike<number>, off = 0): [number, number] => {
    let a = 0, b = 0;
    for (let j = 0; j < D; j++) { const v = x[off + j] / Math.sqrt(s[j]); a += u[0][j] * v; b += u[1][j] * v; }
    return [a, b];
  };
  return { u, project };
}

/** The Bayes class of x under the synthetic law (equal priors, shared diagonal covariance). */
export function bayesClass(g: GaussianClasses, x: ArrayLike<number>, off = 0): number {
  let best = 0, bestV = -Infinity;
  for (let k = 0; k < g.K; k++) {
    let v = 0;
    for (let j = 0; j < g.D; j++) { const r = x[off + j] - g.mu[k * g.D + j]; v -= (r * r) / g.s[j]; }
    if (v > bestV) { bestV = v; best = k; }
  }
  return best;
}

const ABAR = alphaBar();

/**
 * Fig. 8 and Figs. 6-right, 10–13 analogues on one world, projected onto the whitened class-mean plane.
 * Panel 0: x̂₀ along the 50 DDIM steps of a few samples (ω = 0, and the same noise with the largest scatter ω);
 * panel 1: x̂₀ statistics over `projectionSamples` samples per ω pair: agreement of the Bayes class of x̂₀ at each
 * step with that of the final sample, and ‖x̂₀ − x₀‖/‖x₀‖; panel 2: samples across ω under a classifier trained on
 * the initial set (same noise for every ω); panel 3: the initial set and the additions of one DP run (across epochs).
 */
export function buildStandinBProjections(P: StandinBParams, E: StandinBExtraParams, rng: Rng): FigureSpec {
  const w = makeWorld(P.world, rng.split());
  const g = w.synth, D = g.D, K = g.K, C = Math.min(E.projectionClasses, K);
  const { project } = classMeanPlane(g);
  const base = new Dataset(D, P.initial);
  generateInto(w, P.initial, { cfg: P.cfg, omega: 0, steps: P.steps }, rng.split(), base);
  const L0 = new SoftmaxLearner(K, D);
  trainSpan(L0, base, P.initial, P.train, 0, P.addAt, rng.split());
  const series: Series[] = [];
  const metrics: Record<string, number> = {};
  const means = Array.from({ length: C }, (_, k) => project(g.mu, k * D));
  series.push({ name: "class means μ_k (stand-in)", kind: "stand-in", group: "mean", style: "markers", x: means.map((p) => p[0]), y: means.map((p) => p[1]), panel: 0 });
  const omegaG = Math.max(...E.scatterOmegas.filter((o) => o <= 0.03));
  // Panel 0: trajectories.
  const x = new Float64Array(D);
  for (let c = 0; c < C; c++) {
    for (let j = 0; j < E.trajectoriesPerClass; j++) {
      const seed = rng.int(2 ** 32);
      for (const omega of [0, omegaG]) {
        const tr: Float64Array[] = [];
        sampleDdim(g, c, { cfg: P.cfg, omega, classifier: L0, steps: P.steps }, ABAR, createRng(seed), x, tr);
        const pts = tr.map((v) => project(v));
        series.push({ name: `x̂₀ along DDIM, class ${c + 1}, sample ${j + 1}, ω = ${omega} (stand-in)`, kind: "stand-in", group: `class ${c + 1}`, variant: `ω = ${omega}`, style: "lines", x: pts.map((p) => p[0]), y: pts.map((p) => p[1]), panel: 0 });
      }
    }
  }
  // Panel 1: x̂₀ statistics by step.
  let identity = 0;
  for (const omega of [0, omegaG]) {
    const agree = new Float64Array(P.steps), dist = new Float64Array(P.steps), fromMean = new Float64Array(P.steps);
    for (let i = 0; i < E.projectionSamples; i++) {
      const tr: Float64Array[] = [];
      const c = i % K;
      sampleDdim(g, c, { cfg: P.cfg, omega, classifier: L0, steps: P.steps }, ABAR, rng.split(), x, tr);
      const fin = bayesClass(g, x);
      let nx = 0, nm = 0;
      for (let j = 0; j < D; j++) { nx += x[j] * x[j]; nm += (x[j] - g.mu[c * D + j]) ** 2; }
      tr.forEach((v, t) => {
        if (bayesClass(g, v) === fin) agree[t] += 1 / E.projectionSamples;
        let d = 0, dm = 0;
        for (let j = 0; j < D; j++) { d += (v[j] - x[j]) ** 2; dm += (v[j] - g.mu[c * D + j]) ** 2; }
        dist[t] += Math.sqrt(d / nx) / E.projectionSamples;
        fromMean[t] += Math.sqrt(dm / nm) / E.projectionSamples;
      });
      for (let j = 0; j < D; j++) identity = Math.max(identity, Math.abs(tr[P.steps - 1][j] - x[j]));
    }
    const steps = Array.from({ length: P.steps }, (_, t) => t + 1);
    series.push({ name: `Bayes class of x̂₀ = that of the sample, ω = ${omega} (stand-in)`, kind: "stand-in", group: "agree", variant: `ω = ${omega}`, style: "lines", x: steps, y: Array.from(agree), panel: 1 });
    series.push({ name: `‖x̂₀ − x₀‖ / ‖x₀‖, ω = ${omega} (stand-in)`, kind: "stand-in", group: "dist", variant: `ω = ${omega}`, style: "lines", x: steps, y: Array.from(dist), panel: 1 });
    series.push({ name: `‖x̂₀ − μ_y‖ / ‖x₀ − μ_y‖, ω = ${omega} (stand-in)`, kind: "stand-in", group: "fromMean", variant: `ω = ${omega}`, style: "lines", x: steps, y: Array.from(fromMean), panel: 1 });
    for (const t of [1, 5, 10, 25, 40]) {
      metrics[`x0Agree@${t}.omega${omega}`] = agree[t - 1];
      metrics[`x0Dist@${t}.omega${omega}`] = dist[t - 1];
      metrics[`x0FromMean@${t}.omega${omega}`] = fromMean[t - 1];
    }
  }
  metrics.x0LastMinusSampleMax = identity;
  // Panel 2: samples across ω, same noise for every ω.
  const seeds = Array.from({ length: C * E.scatterPerClass }, () => rng.int(2 ** 32));
  const z = new Float64Array(K), p = new Float64Array(K);
  for (const omega of E.scatterOmegas) {
    const pts: [number, number][] = [];
    let h = 0, bayesOk = 0;
    seeds.forEach((sd, i) => {
      const c = i % C;
      sampleDdim(g, c, { cfg: P.cfg, omega, classifier: L0, steps: P.steps }, ABAR, createRng(sd), x);
      pts.push(project(x));
      h += softmaxEntropy(logits(L0, x, z), p);
      if (bayesClass(g, x) === c) bayesOk++;
    });
    series.push({ name: `samples, ω = ${omega} (stand-in)`, kind: "stand-in", group: `ω = ${omega}`, style: "markers", x: pts.map((q) => q[0]), y: pts.map((q) => q[1]), panel: 2 });
    metrics[`scatterEntropy.omega${omega}`] = h / seeds.length;
    metrics[`scatterBayesLabel.omega${omega}`] = bayesOk / seeds.length;
  }
  // Panel 3: one DP run, the initial set and additions (first, middle, last), classes < C.
  const val = sampleReal(w, P.valSize, rng.split()), test = sampleReal(w, P.testSize, rng.split());
  const run = probeDeliberatePractice(w, { ...standinBLoop(P), branchOuts: false }, E.referenceBatch, val, test, rng.split(), rng.split());
  const data = run.data;
  if (data) {
    const nb = run.batches.length;
    const chosen = [...new Set([0, Math.floor((nb - 1) / 2), nb - 1])];
    const sets = [{ label: "initial set (ω = 0)", start: 0, end: P.initial }, ...chosen.map((b) => ({ label: `addition ${b + 1} (at iteration ${run.probes[b].iteration})`, ...run.batches[b] }))];
    for (const st of sets) {
      const pts: [number, number][] = [];
      for (let i = st.start; i < st.end; i++) if (data.y[i] < C) pts.push(project(data.X, i * D));
      series.push({ name: `${st.label} (stand-in)`, kind: "stand-in", group: st.label, style: "markers", x: pts.map((q) => q[0]), y: pts.map((q) => q[1]), panel: 3 });
    }
    run.probes.forEach((q) => { metrics[`batchEntropy@${q.k + 1}`] = q.newEntropy; metrics[`batchRefEntropy@${q.k + 1}`] = q.refEntropy; });
    metrics.additions = nb;
  }
  const proj = { x: { title: "whitened class-mean direction 1" }, y: { title: "whitened class-mean direction 2" } };
  return {
    figure: "standin-b-projections",
    title: "Stand-in B — Fig. 8 analogue (x̂₀ along DDIM) and Figs. 6-right, 10–13 analogues (samples across ω and across additions), projected",
    params: { ...P, extra: { ...E } },
    series,
    axes: proj,
    columns: 2,
    panels: [
      { title: `Fig. 8: x̂₀ along DDIM (classes 1–${C}; solid ω = 0, other dash ω = ${omegaG})`, axes: proj },
      { title: `Fig. 8: x̂₀ statistics by DDIM step (${E.projectionSamples} samples)`, axes: { x: { title: "DDIM step" }, y: { title: "fraction / relative distance" } } },
      { title: "Figs. 10–11: samples across ω (same noise)", axes: proj },
      { title: "Figs. 6-right, 12–13: initial set and additions of one DP run", axes: proj },
    ],
    metrics,
    notes: [`Projection: the two leading directions of the class means after whitening by the synthetic variances; classes 1–${C} shown. ` +
      `Guidance classifier for panels 0–2: softmax regression trained ${P.addAt} iterations on ${P.initial} plain samples. One world; [U] all values.`],
  };
}

/** Test accuracy of a DP run at dataset size n (a branch-out or the final model), if it reached exactly n. */
function dpAt(r: DpResult, n: number): number | undefined {
  if (r.finalSize === n) return r.testAccuracy;
  return r.branches.find((b) => b.size === n)?.testAccuracy;
}

/**
 * Fig. 9 and Tables 2–3 analogues, from the runs of runStandinBExtra. Panel 0 (Fig. 9): accuracy vs dataset size of
 * dynamic generation (the DP loop; branch-outs and final models) and of upfront generation (everything generated
 * before training; beyond the initial set entropy-guided by the model DP had at its first addition), at ω = 0 and
 * at DP's ω. Panel 1 (Table 3): final test accuracy of each ablation row. Panel 2 (Table 2): static sets of
 * `generatorSize` samples by CFG scale (larger: a less diverse generator). Metrics: paired differences over worlds.
 */
export function buildStandinBAblation(P: StandinBParams, E: StandinBExtraParams, runs: ExtraWorld[]): FigureSpec {
  const rows = ablationRows(P, E);
  const metrics: Record<string, number> = {};
  const series: Series[] = [];
  const arms = { omega: (x: ExtraWorld) => x.rows[0], omega0: (x: ExtraWorld) => x.rows[1] };
  const sizes = [...new Set(runs.flatMap((x) => [x.rows[0], x.rows[1]].flatMap((d) => [...d.branches.map((b) => b.size), d.finalSize])))].sort((a, b) => a - b);
  for (const [arm, label] of [["omega0", "dynamic (DP loop), ω = 0"], ["omega", `dynamic (DP loop), ω = ${P.omega}`]] as const) {
    const pts = sizes.map((n) => ({ n, v: runs.map((x) => dpAt(arms[arm](x), n)).filter((v): v is number => v !== undefined) })).filter((q) => q.v.length >= 2);
    series.push({ name: `${label} (stand-in)`, kind: "stand-in", group: arm, variant: "dynamic", style: "lines+markers", x: pts.map((q) => q.n), y: pts.map((q) => meanSe(q.v).value), yErr: pts.map((q) => meanSe(q.v).se), panel: 0 });
  }
  series.push({ name: "upfront, ω = 0 (stand-in)", kind: "stand-in", group: "omega0", variant: "upfront", style: "lines+markers", x: E.upfrontSizes, ...fromSeeds(runs.map((x) => x.upfront0)), panel: 0 });
  series.push({ name: `upfront, ω = ${P.omega}, guided by the initial model (stand-in)`, kind: "stand-in", group: "omega", variant: "upfront", style: "lines+markers", x: E.upfrontSizes, ...fromSeeds(runs.map((x) => x.upfrontGuided)), panel: 0 });
  E.upfrontSizes.forEach((n, i) => {
    for (const [arm, up] of [["omega0", (x: ExtraWorld) => x.upfront0[i]], ["omega", (x: ExtraWorld) => x.upfrontGuided[i]]] as const) {
      const dv = runs.map((x) => { const v = dpAt(arms[arm](x), n); return v === undefined ? NaN : v - up(x); }).filter(Number.isFinite);
      metrics[`dynMinusUpfront@${n}.${arm}.n`] = dv.length;
      if (dv.length >= 2) put(metrics, `dynMinusUpfront@${n}.${arm}`, meanSe(dv));
    }
    put(metrics, `upfrontGuidedMinusPlain@${n}`, meanSe(runs.map((x) => x.upfrontGuided[i] - x.upfront0[i])));
  });
  series.push({ name: "final test accuracy (stand-in)", kind: "stand-in", group: "ablation", x: rows.map((_, i) => i), ...fromSeeds(runs.map((x) => x.rows.map((d) => d.testAccuracy))), panel: 1 });
  rows.forEach((row, i) => {
    put(metrics, `ablation.${row.key}`, meanSe(runs.map((x) => x.rows[i].testAccuracy)));
    put(metrics, `ablationSize.${row.key}`, meanSe(runs.map((x) => x.rows[i].finalSize)));
    if (i > 0) put(metrics, `ablationMinusDefault.${row.key}`, meanSe(runs.map((x) => x.rows[i].testAccuracy - x.rows[0].testAccuracy)));
  });
  series.push({ name: `static, ${E.generatorSize} samples (stand-in)`, kind: "stand-in", group: "generator", x: E.generatorCfgs.map((_, i) => i), ...fromSeeds(runs.map((x) => x.generator)), panel: 2 });
  E.generatorCfgs.forEach((c, i) => {
    put(metrics, `generator.cfg${c}`, meanSe(runs.map((x) => x.generator[i])));
    const j = E.generatorCfgs.indexOf(P.cfg);
    if (j >= 0 && i !== j) put(metrics, `generatorMinusDefault.cfg${c}`, meanSe(runs.map((x) => x.generator[i] - x.generator[j])));
  });
  metrics.guideAtMean = runs.reduce((a, x) => a + x.guideAt, 0) / runs.length;
  return {
    figure: "standin-b-ablation",
    title: "Stand-in B — Fig. 9 analogue (dynamic vs upfront generation) and Tables 2–3 analogues (generator diversity; ablation rows)",
    params: { ...P, extra: { ...E } },
    series,
    axes: { x: { title: "synthetic dataset size" }, y: { title: "accuracy on real test data" } },
    panels: [
      { title: "Fig. 9: dynamic vs upfront generation" },
      { title: "Table 3: ablation (final model)", axes: { x: { title: "", categories: rows.map((r) => r.label) }, y: { title: "accuracy on real test data" } } },
      { title: "Table 2: generator diversity (CFG scale)", axes: { x: { title: "CFG scale λ (larger: less diverse)", categories: E.generatorCfgs.map((c) => `λ = ${c}`) }, y: { title: "accuracy on real test data" } } },
    ],
    metrics,
    notes: [`Stand-in B worlds as in section 8; ${runs.length} worlds, every arm and row on each (paired). Upfront arms: ${P.initial} plain samples; a model trained on them up to DP's first addition ` +
      `(iteration ${Math.round(metrics.guideAtMean)} on average) guides the rest; a fresh model trains on all for the full schedule. [U] all values.`],
  };
}
