import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng, type Rng } from "../../src/maths/random";
import { matmul, type Matrix } from "../../src/maths/linalg/index";
import {
  diagonalTwoGroupSpectrum, twoGroupRidgeRisk, separateGroupRisk, matrixTwoGroupRidgeRisk, matrixSeparateGroupRisk,
  projectedFeatures, projectedTwoGroupProblem, isotropicGroupRisks,
} from "../../src/theory/ridge/index";

function close(a: number, e: number, rel: number, msg = ""): void {
  assert.ok(Math.abs(a - e) <= rel * Math.abs(e), `${msg}: expected ${e}, got ${a} (rel ${rel}, off by ${(Math.abs(a - e) / Math.abs(e)).toExponential(2)})`);
}

function diag(v: ArrayLike<number>): Matrix {
  const d = v.length, o = new Float64Array(d * d);
  for (let i = 0; i < d; i++) o[i * d + i] = v[i];
  return { rows: d, cols: d, data: o };
}

function randomOrthogonal(d: number, rng: Rng): Matrix {
  // Gram–Schmidt on a Gaussian matrix (columns).
  const Q = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const v = rng.fillNormal(new Float64Array(d));
    for (let j = 0; j < k; j++) { let s = 0; for (let i = 0; i < d; i++) s += Q[i * d + j] * v[i]; for (let i = 0; i < d; i++) v[i] -= s * Q[i * d + j]; }
    let nrm = 0; for (let i = 0; i < d; i++) nrm += v[i] * v[i];
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < d; i++) Q[i * d + k] = v[i] / nrm;
  }
  return { rows: d, cols: d, data: Q };
}

test("matrix version = diagonal version for commuting covariances in a rotated basis (fresh random problems, rel 1e-9)", () => {
  const rng = createRng(3301);
  for (let trial = 0; trial < 8; trial++) {
    const d = 3 + rng.int(40);
    const s1 = Float64Array.from({ length: d }, () => Math.exp(rng.normal())), s2 = Float64Array.from({ length: d }, () => Math.exp(rng.normal()));
    const w1 = rng.fillNormal(new Float64Array(d)), w2 = rng.fillNormal(new Float64Array(d));
    const n = 5 + rng.int(80), p1 = 0.1 + 0.8 * rng.uniform(), lambda = Math.pow(10, -3 + 3 * rng.uniform());
    const Q = randomOrthogonal(d, rng);
    const rot = (s: Float64Array) => matmul(matmul(Q, diag(s)), Q, { transB: true });
    const rv = (w: Float64Array) => matmul(Q, { rows: d, cols: 1, data: w }).data;
    const S1m = rot(s1), S2m = rot(s2);
    for (const M of [S1m, S2m]) for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) { const v = 0.5 * (M.data[i * d + j] + M.data[j * d + i]); M.data[i * d + j] = v; M.data[j * d + i] = v; }
    const mp = { sigma1: S1m, sigma2: S2m, w1: rv(w1), w2: rv(w2), n, p1, lambda, sigma1Sq: 0.2, sigma2Sq: 0.4 };
    const dp = { spectrum: diagonalTwoGroupSpectrum(s1, s2, w1, w2), n, p1, lambda, sigma1Sq: 0.2, sigma2Sq: 0.4 };
    for (const g of [1, 2] as const) {
      const a = matrixTwoGroupRidgeRisk(mp, g), b = twoGroupRidgeRisk(dp, g);
      close(a.risk, b.risk, 1e-9, `risk group ${g}`);
      close(a.cross + 1e-3, b.cross + 1e-3, 1e-8, `cross group ${g}`);
      close(matrixSeparateGroupRisk(mp, g), separateGroupRisk(dp, g), 1e-9, `separate group ${g}`);
    }
  }
});

test("(BA-6) projected features: S = I_d (m = d) gives back the unprojected problem; residuals vanish", () => {
  const d = 6;
  const S: Matrix = diag(new Float64Array(d).fill(1));
  const s1 = [1, 1, 1, 0.5, 0.5, 0.1], s2 = [0.2, 0.2, 1.5, 1.5, 1.5, 1.5];
  const w1 = [1, -0.5, 0.3, 0, 0.2, 0.1], w2 = [-0.2, 0.4, 0.3, 0.8, 0, -0.3];
  const f = projectedFeatures(S, s1, s2, w1, w2);
  close(f.residual[0] + 1, 1, 1e-12, "residual 1");
  const pr = projectedTwoGroupProblem(f, { n: 10, p1: 0.5, lambda: 0.1, sigma1Sq: 0.09, sigma2Sq: 0.36 });
  close(matrixTwoGroupRidgeRisk(pr, 1).risk, 0.6156528677823573, 1e-4, "reference value, group 1");
  close(matrixTwoGroupRidgeRisk(pr, 2).risk, 0.8906439023259045, 1e-4, "reference value, group 2");
});

test("(BA-6) the residual is the teacher energy outside span(S); m > d uses the preconditioned d-dimensional problem", () => {
  const rng = createRng(12);
  const d = 30;
  const c = new Float64Array(d).fill(1);
  const w1 = rng.fillNormal(new Float64Array(d)), w2 = rng.fillNormal(new Float64Array(d));
  const S10: Matrix = { rows: d, cols: 10, data: rng.fillNormal(new Float64Array(d * 10), 1 / Math.sqrt(d)) };
  const f = projectedFeatures(S10, c, c, w1, w2);
  // isotropic: residual = ‖(I − P_S)w‖²
  assert.equal(f.basis, "features");
  assert.equal(f.sigma1.rows, 10);
  let energy = 0; for (let i = 0; i < d; i++) energy += w1[i] * w1[i];
  assert.ok(f.residual[0] > 0.5 * energy && f.residual[0] < energy, `residual ${f.residual[0]} of ${energy}`);
  const S60: Matrix = { rows: d, cols: 60, data: rng.fillNormal(new Float64Array(d * 60), 1 / Math.sqrt(d)) };
  const g = projectedFeatures(S60, c, c, w1, w2);
  assert.equal(g.basis, "preconditioned");
  assert.equal(g.sigma1.rows, d);
  assert.deepEqual(g.residual, [0, 0]);
});

test("(BA-6) averaged over projections approaches (BA-7) (d = 240, 6 draws of S, within 4%)", () => {
  const rng = createRng(2025);
  const d = 240, n = 240, c1 = 1, c2 = 2;
  for (const m of [96, 360]) {
    let r1 = 0, r2 = 0, e2 = 0;
    const draws = 6;
    for (let k = 0; k < draws; k++) {
      const S: Matrix = { rows: d, cols: m, data: rng.fillNormal(new Float64Array(d * m), 1 / Math.sqrt(d)) };
      // generic teachers with ‖w₁‖² ≈ 1, ‖w₂‖² ≈ 0.64, w₁ᵀw₂ ≈ 0.3
      const u = rng.fillNormal(new Float64Array(d), 1 / Math.sqrt(d)), v = rng.fillNormal(new Float64Array(d), 1 / Math.sqrt(d));
      const w1 = u, w2 = u.map((x, i) => 0.3 * x + Math.sqrt(0.64 - 0.09) * v[i]);
      const f = projectedFeatures(S, new Float64Array(d).fill(c1), new Float64Array(d).fill(c2), w1, w2);
      const pr = projectedTwoGroupProblem(f, { n, p1: 0.7, lambda: 0.05, sigma1Sq: 0.04, sigma2Sq: 0.16 });
      r1 += matrixTwoGroupRidgeRisk(pr, 1).risk / draws;
      r2 += matrixTwoGroupRidgeRisk(pr, 2).risk / draws;
      e2 += matrixSeparateGroupRisk(pr, 2) / draws;
    }
    const iso = isotropicGroupRisks({ phi: d / n, psi: m / n, p1: 0.7, lambda: 0.05, c1, c2, w1Sq: 1, w2Sq: 0.64, w12: 0.3, sigma1Sq: 0.04, sigma2Sq: 0.16 });
    close(r1, iso.joint[0], 0.04, `R₁ m = ${m}`);
    close(r2, iso.joint[1], 0.04, `R₂ m = ${m}`);
    close(e2, iso.separate[1], 0.04, `E₂ m = ${m}`);
  }
});

test("matrix inputs: mismatched dimensions and non-PSD covariances throw RangeError", () => {
  const ok = { sigma1: diag([1, 2]), sigma2: diag([1, 1]), w1: [1, 0], w2: [0, 1], n: 10, p1: 0.5, lambda: 0.1, sigma1Sq: 0, sigma2Sq: 0 };
  assert.throws(() => matrixTwoGroupRidgeRisk({ ...ok, sigma2: diag([1, 1, 1]) }), /must be 2×2/);
  assert.throws(() => matrixTwoGroupRidgeRisk({ ...ok, sigma1: { rows: 2, cols: 2, data: Float64Array.of(1, 2, 2, 1) } }), /positive semi-definite/);
  assert.throws(() => matrixTwoGroupRidgeRisk({ ...ok, w1: [1] }), /w1 must have length 2/);
  assert.throws(() => matrixTwoGroupRidgeRisk({ ...ok, p1: 1.2 }), /p1/);
  assert.throws(() => projectedFeatures(diag([1, 1]), [1, -1], [1, 1], [1, 0], [0, 1]), /positive semi-definite/);
});
