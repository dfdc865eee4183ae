import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng, type Rng } from "../../src/maths/random";
import { asMatrix, matmul } from "../../src/maths/linalg/index";
import {
  bruteForceLeaveOneOut, fastLeaveOneOut, kernelEigen, predictionChange, validationMap, weightChange, trainLinearizedSubset,
  type LinearizedProblem,
} from "../../src/papers/unique-information/linearized";

/** A random linearized problem: Θ = JJᵀ from a Gaussian Jacobian (N×d), residual r₀, and a cross kernel. */
function randomProblem(rng: Rng, n: number, k: number, d: number, l2: number): { p: LinearizedProblem; J: Float64Array; Jv: Float64Array; nv: number; d: number } {
  const N = n * k;
  const J = rng.fillNormal(new Float64Array(N * d), 1 / Math.sqrt(d));
  const nv = 7;
  const Jv = rng.fillNormal(new Float64Array(nv * k * d), 1 / Math.sqrt(d));
  const theta = matmul(asMatrix(N, d, J), asMatrix(N, d, J), { transB: true }).data;
  for (let r = 0; r < N; r++) for (let c = 0; c < r; c++) theta[r * N + c] = theta[c * N + r];
  const r0 = rng.fillNormal(new Float64Array(N));
  let lmax = 0;
  const { values } = kernelEigen(theta, N);
  lmax = values[N - 1];
  const lr = 0.9 * n / (lmax + n * l2); // η(λ_max + λ) = 0.9
  return { p: { theta, n, k, r0, lr, l2 }, J, Jv, nv, d };
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i] - b[i]) ** 2; den += b[i] ** 2; }
  return Math.sqrt(num / den);
}

for (const cfg of [
  { n: 40, k: 1, d: 30, l2: 0, times: [1, 7, 150, 300] },    // d < n: Θ singular (c = 1 modes)
  { n: 50, k: 1, d: 120, l2: 0.1, times: [300] },
  { n: 20, k: 3, d: 200, l2: 0, times: [50, 200] },           // multi-output block forcing
  { n: 30, k: 1, d: 80, l2: 0, times: [2000] },               // long horizon
]) {
  test(`fast leave-one-out recursion equals brute-force GD (n=${cfg.n}, k=${cfg.k}, d=${cfg.d}, l2=${cfg.l2}, T=${cfg.times.join(",")}) to rel 1e-9`, () => {
    const rng = createRng(11 + cfg.n + cfg.k);
    const { p } = randomProblem(rng, cfg.n, cfg.k, cfg.d, cfg.l2);
    const N = cfg.n * cfg.k;
    const fast = fastLeaveOneOut(p, cfg.times);
    const brute = bruteForceLeaveOneOut(p, cfg.times);
    cfg.times.forEach((_, ti) => {
      // brute-force differences a − ã_i in the eigenbasis: Uᵀ(a 1ᵀ − Ã)
      const Dm = new Float64Array(N * cfg.n);
      for (let r = 0; r < N; r++) for (let i = 0; i < cfg.n; i++) Dm[r * cfg.n + i] = brute.full[ti][r] - brute.loo[ti][r * cfg.n + i];
      const UtD = matmul(fast.eig.U, asMatrix(N, cfg.n, Dm), { transA: true }).data; // N × n
      const fastT = new Float64Array(N * cfg.n);
      for (let i = 0; i < cfg.n; i++) for (let j = 0; j < N; j++) fastT[j * cfg.n + i] = fast.diffs[ti][i * N + j];
      const e = relErr(fastT, UtD);
      assert.ok(e < 1e-9, `time ${cfg.times[ti]}: relative error ${e}`);
      const Ufull = matmul(fast.eig.U, asMatrix(N, 1, brute.full[ti]), { transA: true }).data;
      assert.ok(relErr(fast.full[ti], Ufull) < 1e-10);
      // every per-example difference, not just the total
      for (let i = 0; i < cfg.n; i++) {
        const a = Array.from({ length: N }, (_, j) => fastT[j * cfg.n + i]), b = Array.from({ length: N }, (_, j) => UtD[j * cfg.n + i]);
        assert.ok(relErr(a, b) < 1e-8, `example ${i}: ${relErr(a, b)}`);
      }
    });
  });
}

test("weight and prediction measures equal their definitions computed from explicit weights", () => {
  const rng = createRng(5);
  const { p, J, Jv, nv, d } = randomProblem(rng, 25, 2, 60, 0);
  const N = 50;
  const T = [120];
  const fast = fastLeaveOneOut(p, T);
  const brute = bruteForceLeaveOneOut(p, T);
  const w = weightChange(fast.diffs[0], fast.eig, p.n);
  const thetaVal = matmul(asMatrix(nv * 2, d, Jv), asMatrix(N, d, J), { transB: true }).data;
  const f = predictionChange(fast.diffs[0], validationMap(thetaVal, nv * 2, fast.eig), p.n, 2);
  for (let i = 0; i < p.n; i++) {
    const da = new Float64Array(N);
    for (let r = 0; r < N; r++) da[r] = brute.full[0][r] - brute.loo[0][r * p.n + i];
    const dw = matmul(asMatrix(N, d, J), asMatrix(N, 1, da), { transA: true }).data; // Δw = JᵀΔa
    const df = matmul(asMatrix(nv * 2, d, Jv), asMatrix(d, 1, dw)).data;
    const w2 = dw.reduce((s, v) => s + v * v, 0), f2 = df.reduce((s, v) => s + v * v, 0) / nv;
    assert.ok(Math.abs(w[i] - w2) <= 1e-9 * w2, `weights ${i}: ${w[i]} vs ${w2}`);
    assert.ok(Math.abs(f[i] - f2) <= 1e-9 * f2, `predictions ${i}: ${f[i]} vs ${f2}`);
  }
});

test("a leave-one-out run never moves the left-out example's coefficients (brute force)", () => {
  const { p } = randomProblem(createRng(9), 12, 2, 40, 0.2);
  const b = bruteForceLeaveOneOut(p, [50]);
  for (let i = 0; i < 12; i++) for (let a = 0; a < 2; a++) assert.equal(b.loo[0][(i * 2 + a) * 12 + i], 0);
});

test("trainLinearizedSubset on all examples reproduces the full run's predictions", () => {
  const rng = createRng(3);
  const { p, J, Jv, nv, d } = randomProblem(rng, 20, 1, 50, 0);
  const thetaVal = matmul(asMatrix(nv, d, Jv), asMatrix(20, d, J), { transB: true }).data;
  const f0 = rng.fillNormal(new Float64Array(nv));
  const out = trainLinearizedSubset({ theta: p.theta, n: 20, k: 1, r0: p.r0, thetaTest: thetaVal, nTest: nv, f0Test: f0, keep: Array.from({ length: 20 }, (_, i) => i), lr: p.lr, steps: 80 });
  const b = bruteForceLeaveOneOut(p, [80]);
  const ref = matmul(asMatrix(nv, 20, thetaVal), asMatrix(20, 1, b.full[0])).data.map((v, i) => v + f0[i]);
  assert.ok(relErr(out, ref) < 1e-10);
});

test("bad inputs: diverging step size, oversized kernel, mismatched sizes", () => {
  const { p } = randomProblem(createRng(4), 10, 1, 20, 0);
  assert.throws(() => fastLeaveOneOut({ ...p, lr: p.lr * 3 }, [10]), /diverges; use lr </);
  assert.throws(() => fastLeaveOneOut({ ...p, n: 7000, theta: new Float64Array(1), r0: new Float64Array(1) }, [10]), /exceeds/);
  assert.throws(() => fastLeaveOneOut({ ...p, r0: new Float64Array(3) }, [10]), /r0 has 3 entries/);
  assert.throws(() => fastLeaveOneOut(p, [-1]), /non-negative integers/);
});
