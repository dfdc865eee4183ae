import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { eigh, matmul } from "../../src/maths/linalg/index";
import {
  gaussLegendre, marchenkoPasturDensity, marchenkoPasturEdges, marchenkoPasturQuadrature, marchenkoPasturStieltjes, mpIntegrate,
} from "../../src/theory/ridge/index";

function close(a: number, e: number, tol: number, msg = ""): void {
  assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${msg}: expected ${e}, got ${a} (tol ${tol})`);
}

test("Gauss–Legendre: exact for polynomials of degree ≤ 2K − 1, weights sum to 2", () => {
  for (const K of [1, 2, 5, 40, 400]) {
    const { nodes, weights } = gaussLegendre(K);
    let w = 0;
    for (let i = 0; i < K; i++) w += weights[i];
    close(w, 2, 1e-13, `K = ${K} weights`);
    for (let p = 0; p <= Math.min(2 * K - 1, 30); p++) {
      let s = 0;
      for (let i = 0; i < K; i++) s += weights[i] * Math.pow(nodes[i], p);
      close(s, p % 2 ? 0 : 2 / (p + 1), 1e-13, `K = ${K}, x^${p}`);
    }
  }
  close(gaussLegendre(2).nodes[1], 1 / Math.sqrt(3), 1e-15, "2-point node");
  assert.throws(() => gaussLegendre(0), RangeError);
});

test("MP quadrature: mass min(1, 1/γ), mean = scale, second moment = scale²(1+γ), third = scale³(1+3γ+γ²) (K = 400, 1e-12)", () => {
  for (const gamma of [0.05, 0.3, 0.9, 1, 1.1, 2.5, 10]) {
    for (const scale of [1, 0.25, 4]) {
      const q = marchenkoPasturQuadrature(gamma, { scale });
      close(mpIntegrate(q, () => 1), Math.min(1, 1 / gamma), 1e-12, `mass γ=${gamma}`);
      close(q.atom, Math.max(0, 1 - 1 / gamma), 1e-15, "atom");
      close(mpIntegrate(q, (s) => s, true) / scale, 1, 1e-12, `mean γ=${gamma}`);
      close(mpIntegrate(q, (s) => s * s, true) / (scale * scale), 1 + gamma, 1e-12, `2nd moment γ=${gamma}`);
      close(mpIntegrate(q, (s) => s * s * s, true) / scale ** 3, 1 + 3 * gamma + gamma * gamma, 1e-12, `3rd moment γ=${gamma}`);
      for (let i = 0; i < q.nodes.length; i++) assert.ok(q.nodes[i] > q.lower && q.nodes[i] < q.upper && (i === 0 || q.nodes[i] > q.nodes[i - 1]));
    }
  }
});

test("MP Stieltjes transform: closed form at known points, and the quadrature reproduces it (1e-10)", () => {
  // γ = 1: m(−1) solves z m² + z m + 1 = 0 at z = −1 → m = (√5 − 1)/2.
  close(marchenkoPasturStieltjes(-1, 1), (Math.sqrt(5) - 1) / 2, 1e-14, "m(−1), γ = 1");
  // m(z) solves γ z m² + (z + γ − 1) m + 1 = 0
  for (const gamma of [0.2, 1, 3]) {
    for (const z of [-5, -1, -0.1, -1e-3, 12]) {
      const m = marchenkoPasturStieltjes(z, gamma);
      close(gamma * z * m * m + (z + gamma - 1) * m + 1, 0, 1e-12, `quadratic γ=${gamma} z=${z}`);
      const q = marchenkoPasturQuadrature(gamma);
      close(mpIntegrate(q, (s) => 1 / (s - z), true), m, 1e-10, `quadrature γ=${gamma} z=${z}`);
    }
  }
  // scale: m_c(z) = m(z/c)/c
  close(marchenkoPasturStieltjes(-2, 0.5, 4), marchenkoPasturStieltjes(-0.5, 0.5) / 4, 1e-14, "scaled");
  assert.throws(() => marchenkoPasturStieltjes(1, 0.5), RangeError);
});

test("MP density integrates to the continuous mass; edges", () => {
  const [a, b] = marchenkoPasturEdges(0.25);
  close(a, 0.25, 1e-15, "lower edge");
  close(b, 2.25, 1e-15, "upper edge");
  let s = 0;
  const N = 200000;
  for (let i = 0; i < N; i++) s += marchenkoPasturDensity(a + ((i + 0.5) * (b - a)) / N, 0.25) * ((b - a) / N);
  close(s, 1, 1e-4, "midpoint rule");
  assert.equal(marchenkoPasturDensity(3, 0.25), 0);
  assert.throws(() => marchenkoPasturQuadrature(0), RangeError);
  assert.throws(() => marchenkoPasturQuadrature(1, { scale: -1 }), RangeError);
});

test("MP law matches the eigenvalues of SᵀS for S ∈ R^{d×m}, N(0, 1/d) (d = 400; fresh seeds)", () => {
  const rng = createRng(912);
  for (const [d, m] of [[400, 120], [400, 400]]) {
    const S = { rows: d, cols: m, data: rng.fillNormal(new Float64Array(d * m), 1 / Math.sqrt(d)) };
    const C = matmul(S, S, { transA: true });
    const ev = eigh(C).values;
    const q = marchenkoPasturQuadrature(m / d);
    // Stieltjes transform at z = −0.5 of the empirical law vs the MP law: fluctuations O(1/m).
    let emp = 0;
    for (const v of ev) emp += 1 / (v + 0.5) / m;
    close(emp, mpIntegrate(q, (s) => 1 / (s + 0.5), true), 0.01, `d = ${d}, m = ${m}`);
  }
});

test("MP quadrature converges for integrands with a pole near the support (γ = 1, λ = 1e-4): 400 vs 3200 nodes", () => {
  for (const gamma of [0.98, 1, 1.02]) {
    const f = (s: number) => s / (s + 1e-4);
    const a = mpIntegrate(marchenkoPasturQuadrature(gamma), f), b = mpIntegrate(marchenkoPasturQuadrature(gamma, { nodes: 3200 }), f);
    close(a, b, 1e-6, `γ = ${gamma}`);
  }
});
