import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng, type Rng } from "../../src/maths/random";
import { fillGaussian } from "../../src/maths/gaussian-fill";
import { asMatrix, matvec } from "../../src/maths/linalg/index";
import { isotropicSpectrum } from "../../src/theory/ridge/index";
import {
  accumulateBound, fitLinear, harmonic, olsChainError, olsNoiseFactor, randomUnitVector, runLinearChain, sampleDesign,
  sigmaNormError, type ChainData, type ChainDesign, type Learner,
} from "../../src/theory/chain/index";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

test("closed forms: reference values at d = 32, T = 100 (Gerstgrasser et al. §3 setting)", () => {
  assert.ok(rel(olsNoiseFactor(32, 100), 32 / 67) < 1e-15);
  assert.ok(rel(harmonic(50, 2), 1.6251327336215293) < 1e-14);
  assert.ok(rel(harmonic(10, 1), 2.9289682539682538) < 1e-14);
  const acc50 = olsChainError({ d: 32, T: 100, sigma2: 1, n: 50, data: "accumulate", design: "fixed" });
  assert.ok(rel(acc50, 0.7761828) < 1e-6, `accumulate E(50) = ${acc50}`); // (32/67)·H₂(50)
  assert.ok(rel(accumulateBound(32, 100, 1), 0.7856402) < 1e-6); // (32/67)·π²/6
  const rep50 = olsChainError({ d: 32, T: 100, sigma2: 1, n: 50, data: "replace", design: "fixed" });
  assert.ok(rel(rep50, 50 * 32 / 67) < 1e-15);
  assert.ok(rel(rep50 / acc50, 30.7667) < 1e-4);
  // fresh growing data: Σ d/(iT − d − 1); i = 1 term equals the replace base
  const g1 = olsChainError({ d: 32, T: 100, sigma2: 2, n: 1, data: "growing-replace", design: "fresh" });
  assert.ok(rel(g1, 2 * 32 / 67) < 1e-15);
  const g3 = olsChainError({ d: 32, T: 100, sigma2: 1, n: 3, data: "growing-replace", design: "fresh" });
  assert.ok(rel(g3, 32 / 67 + 32 / 167 + 32 / 267) < 1e-14);
});

test("closed forms: accumulate below the π²/6 bound and increasing; replace linear; bad inputs rejected", () => {
  let prev = 0;
  for (let n = 1; n <= 200; n++) {
    const e = olsChainError({ d: 10, T: 30, sigma2: 3, n, data: "accumulate", design: "fixed" });
    assert.ok(e > prev && e < accumulateBound(10, 30, 3));
    prev = e;
  }
  assert.throws(() => olsNoiseFactor(32, 33), /T ≥ d \+ 2/);
  assert.throws(() => olsChainError({ d: 32, T: 100, sigma2: -1, n: 1, data: "replace", design: "fixed" }), /sigma2 must be/);
  assert.throws(() => olsChainError({ d: 32, T: 100, sigma2: 1, n: 0, data: "replace", design: "fixed" }), /n must be an integer ≥ 1/);
  assert.throws(() => olsChainError({ d: 32, T: 100, sigma2: 1, n: 2, data: "accumulate", design: "fresh" }), /no closed form/);
});

test("runLinearChain rejects bad input with messages that say what to change", () => {
  const eigs = isotropicSpectrum(4), w = new Float64Array(4), rng = createRng(1);
  const ok = { T: 10, sigma: 1, generations: 2, learner: { kind: "ols" } as Learner };
  assert.throws(() => runLinearChain(eigs, new Float64Array(3), ok, rng), /w0 has length 3/);
  assert.throws(() => runLinearChain(eigs, w, { ...ok, sigma: -1 }, rng), /sigma must be/);
  assert.throws(() => runLinearChain(eigs, w, { ...ok, generations: 1.5 }, rng), /generations must be/);
  assert.throws(() => runLinearChain(eigs, w, { ...ok, T: 4 }, rng), /OLS needs more samples/);
  assert.throws(() => runLinearChain(eigs, w, { ...ok, data: "mix" as ChainData }, rng), /data must be one of/);
  assert.throws(() => runLinearChain(eigs, w, { ...ok, design: "x" as ChainDesign }, rng), /design must be/);
  assert.throws(() => runLinearChain(eigs, w, { ...ok, learner: { kind: "ridge", lambda: 0 } }, rng), /ridge lambda/);
});

test("noise-free chain keeps w₀ exactly in every mode (OLS), and ridge shrinks it", () => {
  const d = 6, eigs = isotropicSpectrum(d), rng = createRng(7);
  const w0 = randomUnitVector(d, rng);
  for (const design of ["fresh", "fixed"] as const) {
    for (const data of ["replace", "accumulate", "growing-replace"] as const) {
      const ws = runLinearChain(eigs, w0, { T: 15, sigma: 0, generations: 4, learner: { kind: "ols" }, design, data }, rng);
      assert.equal(ws.length, 5);
      for (const w of ws) assert.ok(sigmaNormError(eigs, w, w0) < 1e-20, `${design} ${data}`);
    }
  }
  const ridge = runLinearChain(eigs, w0, { T: 15, sigma: 0, generations: 3, learner: { kind: "ridge", lambda: 0.5 }, design: "fixed" }, rng);
  let prev = 1;
  for (let m = 1; m <= 3; m++) {
    let n2 = 0;
    for (const v of ridge[m]) n2 += v * v;
    assert.ok(n2 < prev); // shrinkage compounds under replace
    prev = n2;
  }
});

/** Reference implementation: stack every dataset explicitly and refit (same random draws as the chain). */
const stackedData: { Xall: Float64Array; yall: Float64Array; N: number }[] = [];
function stackedChain(eigs: Float64Array, w0: Float64Array, T: number, sigma: number, n: number, learner: Learner, design: ChainDesign, rng: Rng, teachers?: Float64Array[]): Float64Array[] {
  const d = eigs.length;
  stackedData.length = 0;
  const out = [Float64Array.from(w0)];
  const Xs: Float64Array[] = [], ys: Float64Array[] = [];
  const fixed = design === "fixed" ? sampleDesign(T, eigs, rng) : undefined;
  for (let m = 1; m <= n; m++) {
    const X = fixed ?? sampleDesign(T, eigs, rng);
    const y = matvec(asMatrix(T, d, X), teachers ? teachers[m - 1] : out[m - 1]);
    const e = fillGaussian(rng, new Float64Array(T), sigma);
    for (let i = 0; i < T; i++) y[i] += e[i];
    Xs.push(X);
    ys.push(y);
    const N = m * T;
    const Xall = new Float64Array(N * d), yall = new Float64Array(N);
    Xs.forEach((x, k) => Xall.set(x, k * T * d));
    ys.forEach((v, k) => yall.set(v, k * T));
    if (learner.kind === "minnorm" && design === "fixed") {
      // stacked copies of a fixed design are rank-deficient: push the stacked normal-equation data instead
      // (checked below: Xallᵀ(Xall·w − yall) = 0 and w in the row space of X₀ characterise the min-norm fit)
      out.push(new Float64Array(0));
      stackedData.push({ Xall, yall, N });
    } else out.push(fitLinear(Xall, N, d, yall, learner));
  }
  return out;
}

test("accumulate equals least squares on the explicitly stacked data (mean-label trick), all learners, fresh seeded problems", () => {
  const seedRng = createRng(2024);
  const cases: { design: ChainDesign; learner: Learner; T: number }[] = [
    { design: "fixed", learner: { kind: "ols" }, T: 14 },
    { design: "fixed", learner: { kind: "ridge", lambda: 0.3 }, T: 9 },
    { design: "fixed", learner: { kind: "minnorm" }, T: 5 },
    { design: "fresh", learner: { kind: "ols" }, T: 14 },
    { design: "fresh", learner: { kind: "ridge", lambda: 0.3 }, T: 9 },
    { design: "fresh", learner: { kind: "minnorm" }, T: 2 },
  ];
  for (const c of cases) {
    for (let trial = 0; trial < 3; trial++) {
      const d = 8, seed = seedRng.int(2 ** 32);
      const eigs = Float64Array.from({ length: d }, (_, j) => 0.3 + j / d);
      const w0 = randomUnitVector(d, createRng((seed ^ 1) >>> 0));
      const n = 3;
      const fast = runLinearChain(eigs, w0, { T: c.T, sigma: 0.7, generations: n, learner: c.learner, design: c.design, data: "accumulate" }, createRng(seed));
      const slow = stackedChain(eigs, w0, c.T, 0.7, n, c.learner, c.design, createRng(seed), c.learner.kind === "minnorm" && c.design === "fixed" ? fast : undefined);
      if (c.learner.kind === "minnorm" && c.design === "fixed") {
        const X0 = stackedData[0].Xall;
        stackedData.forEach(({ Xall, yall, N }, k) => {
          const w = fast[k + 1];
          const r = matvec(asMatrix(N, d, Xall), w);
          for (let i = 0; i < N; i++) r[i] -= yall[i];
          const g = matvec(asMatrix(N, d, Xall), r, true);
          for (const v of g) assert.ok(Math.abs(v) < 1e-9 * N, `stacked normal equations, m=${k + 1}: ${v}`);
          // row space of X₀: w = X₀ᵀa with a = (X₀X₀ᵀ)⁻¹X₀w
          const a = fitLinear(X0, c.T, d, matvec(asMatrix(c.T, d, X0), w), { kind: "minnorm" });
          for (let j = 0; j < d; j++) assert.ok(Math.abs(a[j] - w[j]) < 1e-9, `row space, m=${k + 1}`);
        });
        continue;
      }
      for (let m = 0; m <= n; m++) {
        for (let j = 0; j < d; j++) assert.ok(Math.abs(fast[m][j] - slow[m][j]) <= 1e-7 * (1 + Math.abs(slow[m][j])), `${c.design} ${c.learner.kind} m=${m} j=${j}: ${fast[m][j]} vs ${slow[m][j]}`);
      }
    }
  }
});

test("replace with a fixed design equals an explicit relabel-and-refit loop (bit for bit)", () => {
  const d = 5, eigs = isotropicSpectrum(d), seed = 99;
  const w0 = randomUnitVector(d, createRng(3));
  const ws = runLinearChain(eigs, w0, { T: 12, sigma: 1, generations: 4, learner: { kind: "ols" }, design: "fixed" }, createRng(seed));
  const rng = createRng(seed);
  const X = sampleDesign(12, eigs, rng);
  let w = Float64Array.from(w0);
  for (let m = 1; m <= 4; m++) {
    const y = matvec(asMatrix(12, d, X), w);
    const e = fillGaussian(rng, new Float64Array(12), 1);
    for (let i = 0; i < 12; i++) y[i] += e[i];
    w = fitLinear(X, 12, d, y, { kind: "ols" });
    assert.deepEqual(Array.from(ws[m]), Array.from(w));
  }
});

/** Monte-Carlo mean and SE of ‖ŵₙ − w₀‖² over seeds, for the listed n. */
function monteCarlo(d: number, T: number, sigma: number, data: ChainData, design: ChainDesign, ns: number[], seeds: number, rng: Rng): { mean: number[]; se: number[] } {
  const eigs = isotropicSpectrum(d);
  const nMax = Math.max(...ns);
  const sums = ns.map(() => 0), sq = ns.map(() => 0);
  for (let s = 0; s < seeds; s++) {
    const r = rng.split();
    const w0 = randomUnitVector(d, r);
    const ws = runLinearChain(eigs, w0, { T, sigma, generations: nMax, learner: { kind: "ols" }, design, data }, r);
    ns.forEach((n, k) => {
      const e = sigmaNormError(eigs, ws[n], w0);
      sums[k] += e;
      sq[k] += e * e;
    });
  }
  const mean = sums.map((s) => s / seeds);
  const se = sq.map((q, k) => Math.sqrt((q / seeds - mean[k] ** 2) / (seeds - 1)));
  return { mean, se };
}

test("Theorems 1–2 and the growing-data forms: Monte-Carlo within 4 SE of the exact errors (d = 8, T = 20, 3000 seeds)", () => {
  const d = 8, T = 20, sigma = 1.3, ns = [1, 2, 5, 12];
  const rng = createRng(515);
  const cases: [ChainData, ChainDesign][] = [
    ["replace", "fixed"], ["replace", "fresh"], ["accumulate", "fixed"], ["growing-replace", "fixed"], ["growing-replace", "fresh"],
  ];
  for (const [data, design] of cases) {
    const mc = monteCarlo(d, T, sigma, data, design, ns, 3000, rng);
    ns.forEach((n, k) => {
      const th = olsChainError({ d, T, sigma2: sigma * sigma, n, data, design });
      const z = (mc.mean[k] - th) / mc.se[k];
      assert.ok(Math.abs(z) < 4, `${data}/${design} n=${n}: sim ${mc.mean[k].toFixed(4)} ± ${mc.se[k].toFixed(4)} vs exact ${th.toFixed(4)} (z = ${z.toFixed(2)})`);
      assert.ok(mc.se[k] / th < 0.05, `SE small enough to detect a 20% bias: ${mc.se[k] / th}`);
    });
  }
});

test("fresh-design accumulate (no closed form): below the fixed-design accumulate value's π²/6 bound, far below replace", () => {
  const d = 8, T = 20, rng = createRng(77);
  const acc = monteCarlo(d, T, 1, "accumulate", "fresh", [10], 1500, rng);
  const rep = olsChainError({ d, T, sigma2: 1, n: 10, data: "replace", design: "fresh" });
  assert.ok(acc.mean[0] + 3 * acc.se[0] < accumulateBound(d, T, 1), `fresh accumulate E(10) = ${acc.mean[0]}`);
  assert.ok(acc.mean[0] < rep / 4);
});
