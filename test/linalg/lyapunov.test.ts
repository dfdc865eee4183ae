import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { asMatrix, identity, matmul, solveLyapunovSymmetric } from "../../src/maths/linalg/index";

function randomSpd(seed: number, n: number, ridge: number): Float64Array {
  const rng = createRng(seed);
  const A = rng.fillNormal(new Float64Array(n * n));
  const H = matmul(asMatrix(n, n, A), asMatrix(n, n, A), { transB: true }).data;
  for (let i = 0; i < n; i++) { H[i * n + i] += ridge; for (let j = 0; j < i; j++) H[i * n + j] = H[j * n + i]; }
  return H;
}

test("solveLyapunovSymmetric: residual ‖HX + XH − Q‖ ≤ 1e-10‖Q‖ on random SPD H and symmetric Q (property, 5 draws)", () => {
  for (let s = 0; s < 5; s++) {
    const n = 4 + 7 * s;
    const H = asMatrix(n, n, randomSpd(100 + s, n, 0.1));
    const Q = asMatrix(n, n, randomSpd(200 + s, n, 0));
    const X = solveLyapunovSymmetric(H, Q);
    const R = matmul(H, X).data, L = matmul(X, H).data;
    let num = 0, den = 0;
    for (let q = 0; q < n * n; q++) { num += (R[q] + L[q] - Q.data[q]) ** 2; den += Q.data[q] ** 2; }
    assert.ok(Math.sqrt(num / den) < 1e-10, `n=${n}: ${Math.sqrt(num / den)}`);
  }
});

test("solveLyapunovSymmetric: Q = σ²I gives X = (σ²/2)H⁻¹, and H = I gives Q/2 (rel 1e-12)", () => {
  const n = 6;
  const H = asMatrix(n, n, randomSpd(7, n, 1));
  const X = solveLyapunovSymmetric(H, asMatrix(n, n, identity(n).data.map((v) => 3 * v)));
  const HX = matmul(H, X).data; // = 1.5 I
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.ok(Math.abs(HX[i * n + j] - (i === j ? 1.5 : 0)) < 1e-12);
  const Q = asMatrix(n, n, randomSpd(8, n, 0));
  const X2 = solveLyapunovSymmetric(identity(n), Q);
  for (let q = 0; q < n * n; q++) assert.ok(Math.abs(X2.data[q] - Q.data[q] / 2) <= 1e-12 * Math.max(1, Math.abs(Q.data[q])));
});

test("solveLyapunovSymmetric: indefinite H and size mismatch raise RangeErrors", () => {
  assert.throws(() => solveLyapunovSymmetric(asMatrix(2, 2, Float64Array.from([1, 0, 0, -1])), identity(2)), /positive definite/);
  assert.throws(() => solveLyapunovSymmetric(identity(2), identity(3)), /H is 2×2 but Q is 3×3/);
});
