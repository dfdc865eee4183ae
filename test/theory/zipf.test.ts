import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { logLogSlope, meanAndStderr } from "../../src/maths/stats";
import {
  applyTemperature, binomialMeanAbsDeviation, createAliasSampler, createInverseCdfSampler, ExpSum,
  generationChainError, generationRatio, hutterConstant, hutterErrorCurve, logGamma, lostMass, mixLaws,
  riemannZeta, sampleCounts, simulateGenerationLabels, simulateMemorizer, tailCut, topPRank, twoSourceError,
  zipfProbabilities, zipfTailMass, zipfTailMassMidpoint,
} from "../../src/theory/zipf";

const close = (a: number, b: number, rel: number, msg?: string) =>
  assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${msg ?? ""} ${a} vs ${b} (rel ${rel})`);

test("special functions: ζ, log Γ, binomial mean absolute deviation vs brute force", () => {
  close(riemannZeta(2), Math.PI ** 2 / 6, 1e-14);
  close(riemannZeta(4), Math.PI ** 4 / 90, 1e-14);
  close(riemannZeta(1.5), 2.612375348685488, 1e-13);
  close(logGamma(10), Math.log(362880), 1e-13);
  close(logGamma(0.25), Math.log(3.625609908221908), 1e-13);
  const rng = createRng(101);
  for (let r = 0; r < 20; r++) {
    const n = 1 + rng.int(300), q = rng.uniform(), a = rng.uniform() * n;
    let lp = n * Math.log1p(-q), brute = 0;
    for (let x = 0; x <= n; x++) {
      if (x > 0) lp += Math.log((n - x + 1) / x) + Math.log(q / (1 - q));
      brute += Math.exp(lp) * Math.abs(x - a);
    }
    close(binomialMeanAbsDeviation(n, q, a), brute, 1e-9, `n=${n} q=${q} a=${a}`);
  }
  assert.throws(() => riemannZeta(1), RangeError);
});

test("Hutter constants C_β match independent reference values (6 decimals)", () => {
  const ref: [number, number][] = [[1.5, 0.941560], [2, 0.690988], [2.5, 0.529634], [3, 0.424516]];
  for (const [b, c] of ref) assert.ok(Math.abs(hutterConstant(b) - c) <= 6e-7, `C_${b} = ${hutterConstant(b)}`);
});

test("exact clean error at β = 2 (support-normalised, N = 10⁶) matches an independent reference to 1e-6", () => {
  const { p } = zipfProbabilities(2, 1e6, "support");
  const E = hutterErrorCurve(p, p, [10, 100, 1000, 1e4]);
  const ref = [0.21096837, 0.0688399, 0.02184218, 0.00690902];
  for (let j = 0; j < 4; j++) close(E[j], ref[j], 1e-6, `T=${[10, 100, 1000, 1e4][j]}`);
});

test("fast exponential sums equal the direct sum (random laws, random T)", () => {
  const rng = createRng(7);
  for (let r = 0; r < 5; r++) {
    const n = 2000 + rng.int(3000);
    const w = new Float64Array(n), q = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      w[i] = rng.uniform();
      q[i] = Math.pow(rng.uniform(), 3) * 0.01;
    }
    const l = q.map((v) => Math.log1p(-v));
    const es = new ExpSum(w, l);
    for (const T of [1, 37, 1e3 * rng.uniform(), 1e5, 1e7]) {
      let d = 0;
      for (let i = 0; i < n; i++) d += w[i] * Math.exp(T * l[i]);
      close(es.expSum(T), d, 1e-10, `T=${T}`);
    }
  }
});

test("tail cut: floors Σ_{i>k} p_i and E(10⁴) at k = 100 (N = 10⁷)", () => {
  const floors: [number, number][] = [[10, 0.057854], [100, 0.006049], [1000, 0.000608]];
  for (const [k, f] of floors) {
    assert.ok(Math.abs(zipfTailMass(2, k) - f) < 1e-6, `floor k=${k}`);
    close(zipfTailMassMidpoint(2, k), zipfTailMass(2, k), 0.1 / (k * k));
  }
  const z = zipfProbabilities(2, 1e7);
  const E = hutterErrorCurve(z.p, tailCut(z.p, 100), [1e4, 1e6], z.tailMass);
  assert.ok(Math.abs(E[0] - 0.007916) < 1e-5, `E(1e4)=${E[0]}`);
  close(E[1], 0.006049, 0.01);
});

test("clean and narrowed slopes (exact sums): β=2 −0.5, β=3 −2/3, β'=3 on β=2 −1/3 (±0.01)", () => {
  const Ts = [1e3, 1e4, 1e5, 1e6];
  const z2 = zipfProbabilities(2, 1e6);
  assert.ok(Math.abs(logLogSlope(Ts, hutterErrorCurve(z2.p, z2.p, Ts, z2.tailMass)) + 0.5) < 0.01);
  const z3 = zipfProbabilities(3, 1e5);
  assert.ok(Math.abs(logLogSlope(Ts, hutterErrorCurve(z3.p, z3.p, Ts, z3.tailMass)) + 2 / 3) < 0.01);
  const Tn = [1e3, 1e4, 1e5, 1e6, 1e7];
  const zn = zipfProbabilities(2, 1e6);
  const q = applyTemperature(zn.p, 2 / 3); // β' = β/τ = 3
  const s = logLogSlope(Tn, hutterErrorCurve(zn.p, q, Tn, zn.tailMass));
  assert.ok(Math.abs(s + 1 / 3) < 0.01, `narrowed slope ${s}`);
});

test("generation ratios R_n(c) (reference table) and L_n/L_1 → R_n", () => {
  const table: Record<string, number[]> = { "1.5": [1, 1.2063, 1.3123, 1.3813, 1.4316, 1.5725],
    "2": [1, 1.2929, 1.4560, 1.5668, 1.6496, 1.8909], "3": [1, 1.3700, 1.5909, 1.7464, 1.8656, 2.2256] };
  const ns = [1, 2, 3, 4, 5, 10];
  for (const b of Object.keys(table)) {
    const c = 1 - 1 / Number(b);
    ns.forEach((n, j) => {
      assert.ok(Math.abs(generationRatio(n, c) - table[b][j]) < 6e-5, `R_${n}(β=${b})`);
      close(generationRatio(n, c, "integral"), generationRatio(n, c, "sum"), 1e-8);
    });
    close(generationRatio(25, c, "integral"), generationRatio(25, c, "sum"), 1e-6);
  }
  const z = zipfProbabilities(2, 1e6);
  const L1 = lostMass(z.p, z.p, 1e4, 1);
  let prev = 1;
  ns.forEach((n, j) => {
    const r = lostMass(z.p, z.p, 1e4, n) / L1;
    assert.ok(Math.abs(r - table["2"][j]) < 1e-3, `L_${n}/L_1 = ${r}`);
    assert.ok(r >= prev - 1e-12 && r <= n);
    prev = r;
  });
});

test("finite-sample cut floors at C_β T₀^{-c} (β = 2, T₀ = 10⁴)", () => {
  const z = zipfProbabilities(2, 1e6);
  const E = generationChainError(z.p, z.p, 1e4, 1, [1e9], z.tailMass);
  assert.ok(Math.abs(E[0] - 0.00691) < 1e-5, `floor ${E[0]}`);
  const E0 = generationChainError(z.p, z.p, 1e4, 0, [1e3, 1e5], z.tailMass);
  const clean = hutterErrorCurve(z.p, z.p, [1e3, 1e5], z.tailMass);
  close(E0[0], clean[0], 1e-12);
  close(E0[1], clean[1], 1e-12);
});

test("mixing / grokking values at β = 2, k = 100, π = 0.01 (N = 10⁷)", () => {
  const z = zipfProbabilities(2, 1e7);
  const q = mixLaws(z.p, tailCut(z.p, 100), 0.01);
  const Ts = [1e4, 1e5, 1e7, 1e8];
  const E = hutterErrorCurve(z.p, q, Ts, z.tailMass);
  assert.ok(Math.abs(E[0] - 0.0079) < 5e-5, `E(1e4)=${E[0]}`);
  assert.ok(E[1] >= 0.0059 && E[1] <= 0.0061, `E(1e5)=${E[1]}`);
  assert.ok(Math.abs(logLogSlope([1e7, 1e8], [E[2], E[3]]) + 0.5) < 0.02);
  for (const j of [2, 3]) close(E[j], hutterConstant(2) * Math.pow(0.01 * Ts[j], -0.5), 0.01);
});

test("acquiring the missing tail: only tail data covering the lost ranks lowers the floor", () => {
  const z = zipfProbabilities(2, 1e5);
  const k = 100;
  const ai = tailCut(z.p, k);
  const band = (k1: number, k2: number) => {
    const r = new Float64Array(z.p.length);
    let s = 0;
    for (let i = k1; i < k2; i++) s += z.p[i];
    for (let i = k1; i < k2; i++) r[i] = z.p[i] / s;
    return r;
  };
  const fNear = twoSourceError(z.p, ai, 1e9, band(k, 10 * k), [1e8], z.tailMass)[0];
  const fFar = twoSourceError(z.p, ai, 1e9, band(10 * k, 100 * k), [1e8], z.tailMass)[0];
  close(fNear, zipfTailMass(2, 10 * k), 1e-6);
  close(fFar, zipfTailMass(2, k) - zipfTailMass(2, 10 * k) + zipfTailMass(2, 100 * k), 1e-6);
  assert.ok(fNear < fFar);
});

test("alias and inverse-CDF samplers reproduce the law (χ²-style check on fresh seeds)", () => {
  const { p } = zipfProbabilities(1.5, 50, "support");
  for (const make of [createAliasSampler, createInverseCdfSampler]) {
    const rng = createRng(1234 + (make === createAliasSampler ? 0 : 1));
    const T = 200000;
    const c = sampleCounts(make(p), T, rng);
    let chi = 0;
    for (let i = 0; i < p.length; i++) chi += (c[i] - T * p[i]) ** 2 / (T * p[i]);
    assert.ok(chi < 100, `χ² = ${chi} with 49 dof`);
  }
  assert.throws(() => createAliasSampler([0, 0]), RangeError);
  assert.equal(topPRank(p, 1), p.length);
});

test("Monte-Carlo memoriser matches the exact sum within max(3 SE, 5%) (clean, cut, chain)", () => {
  const z = zipfProbabilities(2, 1e5);
  const cps = [100, 1000, 10000];
  const cases: [string, Float64Array, Uint8Array | null, Float64Array][] = [];
  const cut = tailCut(z.p, 30);
  cases.push(["clean", z.p, null, hutterErrorCurve(z.p, z.p, cps, z.tailMass)]);
  cases.push(["cut", cut, null, hutterErrorCurve(z.p, cut, cps, z.tailMass)]);
  const root = createRng(99);
  for (const [name, q, , theory] of cases) {
    const sampler = createAliasSampler(q);
    const rows = Array.from({ length: 20 }, () => simulateMemorizer({ p: z.p, pTail: z.tailMass, sampler, checkpoints: cps }, root.split()));
    const { mean, se } = meanAndStderr(rows);
    cps.forEach((_, j) => assert.ok(Math.abs(mean[j] - theory[j]) <= Math.max(3 * se[j], 0.05 * theory[j]), `${name} T=${cps[j]}`));
  }
  const ps = createAliasSampler(z.p);
  const rows = Array.from({ length: 20 }, () => {
    const r = root.split();
    const labels = simulateGenerationLabels(ps, 1000, 2, r);
    return simulateMemorizer({ p: z.p, pTail: z.tailMass, sampler: ps, checkpoints: cps, teacherCorrect: labels }, r);
  });
  const theory = generationChainError(z.p, z.p, 1000, 2, cps, z.tailMass);
  const { mean, se } = meanAndStderr(rows);
  cps.forEach((_, j) => assert.ok(Math.abs(mean[j] - theory[j]) <= Math.max(3 * se[j], 0.05 * theory[j]), `chain T=${cps[j]}`));
});
