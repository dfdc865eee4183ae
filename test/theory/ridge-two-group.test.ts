import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import {
  diagonalTwoGroupSpectrum, twoGroupRidgeRisk, separateGroupRisk, equalCovarianceTwoGroupRisk, separateRidgeRisk, ridgeEquivalent,
  solveTwoGroupFixedPoint, isotropicGroupRisks, randomProjectionTwoGroupSpectrum, solveKappa, type TwoGroupProblem,
} from "../../src/theory/ridge/index";

function close(a: number, e: number, rel: number, msg = ""): void {
  assert.ok(Math.abs(a - e) <= rel * Math.abs(e), `${msg}: expected ${e}, got ${a} (rel ${rel}, off by ${(Math.abs(a - e) / Math.abs(e)).toExponential(2)})`);
}

// Reference values of an independent numpy implementation of (BA-1)–(BA-3) (finite-difference derivatives, h = 1e-6;
// hence rel 1e-4). Tiny explicit diagonal problem, d = 6: an implementation check, far from the asymptotic regime.
const S1 = [1, 1, 1, 0.5, 0.5, 0.1], S2 = [0.2, 0.2, 1.5, 1.5, 1.5, 1.5];
const W1 = [1, -0.5, 0.3, 0, 0.2, 0.1], W2 = [-0.2, 0.4, 0.3, 0.8, 0, -0.3];
const SIG1 = 0.3, SIG2 = 0.6;
const DIAG_CASES = [
  { n: 10, p1: 0.5, lambda: 0.1, group: 1, risk: 0.6156528677823573, Ba: 0.09850778898590208, Bb: 0.32266047317319746, Bc: 0.08914350473898658, V: 0.1053411008842712 },
  { n: 10, p1: 0.5, lambda: 0.1, group: 2, risk: 0.8906439023259045, Ba: 0.062305443252475015, Bb: 0.5101285784903098, Bc: 0.11914047810535067, V: 0.199069402477769 },
  { n: 20, p1: 0.8, lambda: 0.05, group: 1, risk: 0.16572805095897797, Ba: 0.00904735781570576, Bb: 0.10711772183147339, Bc: 0.009803795857910023, V: 0.03975917545388878 },
  { n: 20, p1: 0.8, lambda: 0.05, group: 2, risk: 1.149660886214162, Ba: 0.017345761741949243, Bb: 0.8796293653468013, Bc: 0.14520146304874973, V: 0.10748429607666178 },
  { n: 5, p1: 0.7, lambda: 0.5, group: 1, risk: 0.6770175738183383, Ba: 0.5109386861656962, Bb: 0.08707323648216025, Bc: 0.041131803779626004, V: 0.0378738473908559 },
  { n: 5, p1: 0.7, lambda: 0.5, group: 2, risk: 1.1671328180077645, Ba: 0.5356483215313013, Bb: 0.3629533416038555, Bc: 0.1952363604673657, V: 0.07329479440524193 },
] as const;
const RP_CASES = [
  { phi: 0.75, psi: 0.375, p1: 0.8, lambda: 0.05, c2: 2.0, group: 1, risk: 0.8410094308409247 },
  { phi: 0.75, psi: 0.375, p1: 0.8, lambda: 0.05, c2: 2.0, group: 2, risk: 1.698818583245044 },
  { phi: 1.0, psi: 1.5, p1: 0.6, lambda: 0.02, c2: 0.5, group: 1, risk: 1.1746972742675266 },
  { phi: 1.0, psi: 1.5, p1: 0.6, lambda: 0.02, c2: 0.5, group: 2, risk: 0.6661021946478326 },
  { phi: 0.5, psi: 0.5, p1: 0.9, lambda: 0.1, c2: 3.0, group: 1, risk: 0.3857321866223791 },
  { phi: 0.5, psi: 0.5, p1: 0.9, lambda: 0.1, c2: 3.0, group: 2, risk: 2.257934592938163 },
] as const;
// RP_CASES: the same reference implementation of (BA-7), ‖w₁‖ = 1, ‖w₂‖ = 0.8, w₁ᵀw₂ = 0.3, σ₁ = 0.2, σ₂ = 0.4, c₁ = 1 (rel 1e-5).

test("(BA-1)–(BA-3) diagonal: risk and its four parts match the reference values (rel 1e-4)", () => {
  const spectrum = diagonalTwoGroupSpectrum(S1, S2, W1, W2);
  for (const c of DIAG_CASES) {
    const r = twoGroupRidgeRisk({ spectrum, n: c.n, p1: c.p1, lambda: c.lambda, sigma1Sq: SIG1 ** 2, sigma2Sq: SIG2 ** 2 }, c.group);
    const tag = `n=${c.n} p1=${c.p1} group ${c.group}`;
    close(r.risk, c.risk, 1e-4, `${tag} risk`);
    close(r.shrinkage, c.Ba, 1e-4, `${tag} B_a`);
    close(r.contamination, c.Bb, 1e-4, `${tag} B_b`);
    close(r.cross, c.Bc, 1e-4, `${tag} B_c`);
    close(r.variance, c.V, 1e-4, `${tag} V`);
    close(r.shrinkage + r.contamination + r.cross + r.variance, r.risk, 1e-14, "parts add up");
  }
});

test("(BA-7) random projections, Marchenko–Pastur quadrature: joint-model risks match the reference values (rel 1e-5)", () => {
  for (const c of RP_CASES) {
    const g = isotropicGroupRisks({ phi: c.phi, psi: c.psi, p1: c.p1, lambda: c.lambda, c1: 1, c2: c.c2, w1Sq: 1, w2Sq: 0.64, w12: 0.3, sigma1Sq: 0.04, sigma2Sq: 0.16 });
    close(g.joint[c.group - 1], c.risk, 1e-5, `φ=${c.phi} ψ=${c.psi} group ${c.group}`);
  }
});

test("(BA-7) worked example: ADD(λ) = ODD/EDD has an interior minimum near λ = 1 (values of the reference implementation, 2 decimals)", () => {
  const base = { phi: 2, psi: 0.5, p1: 0.8, c1: 1, c2: 4, w1Sq: 1, w2Sq: 1, w12: 0.5, sigma1Sq: 0.01, sigma2Sq: 0.01 };
  const lambdas = [1e-4, 1e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10];
  const expected = [1.38, 1.37, 1.27, 1.14, 0.95, 0.80, 0.75, 0.82, 0.94];
  const add = lambdas.map((lambda) => {
    const g = isotropicGroupRisks({ ...base, lambda });
    return Math.abs(g.joint[1] - g.joint[0]) / Math.abs(g.separate[1] - g.separate[0]);
  });
  add.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 0.005 + 1e-12, `λ = ${lambdas[i]}: ${v} vs ${expected[i]}`));
  const g3 = isotropicGroupRisks({ ...base, lambda: 1e-3 });
  close(g3.joint[0], 1.703, 5e-4, "R₁(1e-3)"); close(g3.joint[1], 7.204, 5e-4, "R₂(1e-3)");
  close(g3.separate[0], 1.993, 5e-4, "E₁(1e-3)"); close(g3.separate[1], 6.006, 5e-4, "E₂(1e-3)");
});

test("(BA-7) minority gap saturates in ψ: reference values at λ = 1e-2, p₁ = 0.8, c₂ = 4 (3 decimals)", () => {
  const base = { p1: 0.8, c1: 1, c2: 4, w1Sq: 1, w2Sq: 1, w12: 0.5, sigma1Sq: 0.01, sigma2Sq: 0.01, lambda: 1e-2 };
  const psis = [0.5, 1, 2, 5, 10, 20];
  const r1 = [0.426, 0.384, 0.392, 0.395, 0.396, 0.396], r2 = [2.992, 3.078, 3.136, 3.157, 3.163, 3.165];
  const odd2 = [5.311, 9.591, 4.863, 3.688, 3.455, 3.355];
  psis.forEach((psi, i) => {
    const a = isotropicGroupRisks({ ...base, phi: 0.5, psi });
    assert.ok(Math.abs(a.joint[0] - r1[i]) <= 6e-4 && Math.abs(a.joint[1] - r2[i]) <= 6e-4, `φ = 0.5, ψ = ${psi}: ${a.joint}`);
    const b = isotropicGroupRisks({ ...base, phi: 2, psi });
    assert.ok(Math.abs(b.joint[1] - b.joint[0] - odd2[i]) <= 6e-4, `φ = 2, ψ = ${psi}: ODD ${b.joint[1] - b.joint[0]}`);
  });
});

test("fixed point: δ solves (BA-2) on fresh random spectra, λ from 1e-6 to 10 (residual ≤ 1e-12)", () => {
  const rng = createRng(4021);
  for (let trial = 0; trial < 60; trial++) {
    const d = 1 + rng.int(200);
    const s1 = Float64Array.from({ length: d }, () => Math.exp(2 * rng.normal()));
    const s2 = Float64Array.from({ length: d }, () => (rng.uniform() < 0.2 ? 0 : Math.exp(2 * rng.normal())));
    const sp = diagonalTwoGroupSpectrum(s1, s2, new Float64Array(d), new Float64Array(d));
    const n = 1 + rng.int(400), p1 = 0.05 + 0.9 * rng.uniform(), lambda = Math.pow(10, -6 + 7 * rng.uniform());
    const fp = solveTwoGroupFixedPoint(sp, n, p1, 1 - p1, lambda);
    let t1 = 0, t2 = 0;
    for (let j = 0; j < d; j++) {
      const r = 1 / ((p1 * s1[j]) / (1 + fp.delta1) + ((1 - p1) * s2[j]) / (1 + fp.delta2) + lambda);
      t1 += s1[j] * r / n;
      t2 += s2[j] * r / n;
    }
    close(fp.delta1, t1, 1e-12, `δ₁ trial ${trial}`);
    if (t2 > 0) close(fp.delta2, t2, 1e-12, `δ₂ trial ${trial}`);
  }
});

test("equal covariances: the fixed point is the one-group κ = λ(1 + δ) (solveKappa), and (BA-3) equals the closed form (BA-4)", () => {
  const rng = createRng(77);
  for (let trial = 0; trial < 20; trial++) {
    const d = 5 + rng.int(100);
    const s = Float64Array.from({ length: d }, () => Math.exp(rng.normal()));
    const w1 = rng.fillNormal(new Float64Array(d), 1 / Math.sqrt(d)), w2 = rng.fillNormal(new Float64Array(d), 1 / Math.sqrt(d));
    const n = 2 + rng.int(200), p1 = 0.1 + 0.8 * rng.uniform(), lambda = Math.pow(10, -3 + 3 * rng.uniform());
    const pr: TwoGroupProblem = { spectrum: diagonalTwoGroupSpectrum(s, s, w1, w2), n, p1, lambda, sigma1Sq: 0.1, sigma2Sq: 0.3 };
    const r1 = twoGroupRidgeRisk(pr, 1), r2 = twoGroupRidgeRisk(pr, 2);
    close(lambda * (1 + r1.delta1), solveKappa(s, n, lambda), 1e-11, "κ");
    close(r1.risk, equalCovarianceTwoGroupRisk(s, w1, w2, n, p1, lambda, 0.1, 0.3), 1e-9, "group 1");
    close(r2.risk, equalCovarianceTwoGroupRisk(s, w2, w1, n, 1 - p1, lambda, 0.3, 0.1), 1e-9, "group 2");
  }
});

test("(BA-5) separate model = the one-group ridge equivalent with n_k = p_k·n", () => {
  const rng = createRng(78);
  for (let trial = 0; trial < 20; trial++) {
    const d = 5 + rng.int(100);
    const s1 = Float64Array.from({ length: d }, () => Math.exp(rng.normal())), s2 = Float64Array.from({ length: d }, () => Math.exp(rng.normal()));
    const w1 = rng.fillNormal(new Float64Array(d)), w2 = rng.fillNormal(new Float64Array(d));
    const n = 10 + rng.int(200), p1 = 0.1 + 0.8 * rng.uniform(), lambda = Math.pow(10, -3 + 3 * rng.uniform());
    const pr: TwoGroupProblem = { spectrum: diagonalTwoGroupSpectrum(s1, s2, w1, w2), n, p1, lambda, sigma1Sq: 0.2, sigma2Sq: 0.5 };
    close(separateGroupRisk(pr, 1), ridgeEquivalent(s1, w1.map((v) => v * v), p1 * n, lambda, 0.2).testError, 1e-10, "group 1");
    close(separateGroupRisk(pr, 2), separateRidgeRisk(s2, w2, (1 - p1) * n, lambda, 0.5), 1e-10, "group 2");
  }
});

test("limits: p₂ → 0 gives the one-group risk with n₁ = n; λ → ∞ gives w_sᵀΣ_sw_s", () => {
  const sp = diagonalTwoGroupSpectrum(S1, S2, W1, W2);
  const pr: TwoGroupProblem = { spectrum: sp, n: 15, p1: 1 - 1e-9, lambda: 0.1, sigma1Sq: 0.09, sigma2Sq: 0.36 };
  close(twoGroupRidgeRisk(pr, 1).risk, separateRidgeRisk(S1, W1, 15, 0.1, 0.09), 1e-7, "p₂ → 0");
  for (const g of [1, 2] as const) {
    const big = twoGroupRidgeRisk({ ...pr, p1: 0.6, lambda: 1e9 }, g).risk;
    const S = g === 1 ? S1 : S2, W = g === 1 ? W1 : W2;
    close(big, S.reduce((a, s, j) => a + s * W[j] * W[j], 0), 1e-6, `λ → ∞, group ${g}`);
  }
});

test("symmetry: Σ₁ = Σ₂, ‖w₁‖ = ‖w₂‖, σ₁ = σ₂, p₁ = ½ give R₁ = R₂ (ODD = 0), isotropic and random projections", () => {
  for (const psi of [undefined, 0.4, 1.7]) {
    const g = isotropicGroupRisks({ phi: 0.8, psi, p1: 0.5, lambda: 0.03, c1: 1.5, c2: 1.5, w1Sq: 2, w2Sq: 2, w12: -0.4, sigma1Sq: 0.2, sigma2Sq: 0.2 });
    close(g.joint[0], g.joint[1], 1e-12, `ψ = ${psi}`);
    close(g.separate[0], g.separate[1], 1e-12, `separate ψ = ${psi}`);
  }
  // Diagonal: permuting coordinates of w₂ within an eigenvalue block keeps ‖w₂‖ per block; equal blocks → equal risks.
  const s = [1, 1, 0.3, 0.3];
  const sp = diagonalTwoGroupSpectrum(s, s, [1, 0, 0.5, 0], [0, 1, 0, 0.5]);
  const pr: TwoGroupProblem = { spectrum: sp, n: 7, p1: 0.5, lambda: 0.05, sigma1Sq: 0.1, sigma2Sq: 0.1 };
  close(twoGroupRidgeRisk(pr, 1).risk, twoGroupRidgeRisk(pr, 2).risk, 1e-12, "diagonal");
});

test("interpolation peaks as λ → 0: separate model at d/n_k → 1 (plain ridge), and random projections at m/n_k → 1 for γ < 1", () => {
  const base = { p1: 0.8, c1: 1, c2: 4, w1Sq: 1, w2Sq: 1, w12: 0.5, sigma1Sq: 0.01, sigma2Sq: 0.01 };
  // plain ridge: φ₂ = φ/p₂ = 1 at φ = 0.2
  const at = (lambda: number, phi: number) => isotropicGroupRisks({ ...base, phi, lambda }).separate[1];
  assert.ok(at(1e-6, 0.2) > 100 * at(1e-6, 0.1) && at(1e-6, 0.2) > 4 * at(1e-6, 0.4), "plain-ridge peak at φ₂ = 1");
  assert.ok(at(1e-6, 0.2) > 5 * at(1e-3, 0.2), "the peak grows as λ → 0");
  // random projections, φ = 4 (so γ = ψ/φ < 1 near ψ₂ = 1): peak at ψ = p₂ = 0.2
  const rp = (psi: number) => isotropicGroupRisks({ ...base, phi: 4, psi, lambda: 1e-6 }).separate[1];
  assert.ok(rp(0.2) > 5 * rp(0.1) && rp(0.2) > 5 * rp(0.4), `RP peak at ψ₂ = 1: ${rp(0.1)}, ${rp(0.2)}, ${rp(0.4)}`);
});

test("quadrature: (BA-7) changes by < 1e-6 (relative) from 400 to 1600 nodes, down to λ = 1e-4 at γ = 1", () => {
  for (const [phi, psi] of [[1, 1], [2, 0.5], [0.5, 4]]) {
    for (const lambda of [1e-4, 1e-2]) {
      const s = { phi, psi, p1: 0.7, lambda, c1: 1, c2: 3, w1Sq: 1, w2Sq: 1, w12: 0.2, sigma1Sq: 0.05, sigma2Sq: 0.05 };
      const a = isotropicGroupRisks(s), b = isotropicGroupRisks({ ...s, nodes: 1600 });
      for (let k = 0; k < 2; k++) {
        close(a.joint[k], b.joint[k], 1e-6, `joint φ=${phi} ψ=${psi} λ=${lambda}`);
        close(a.separate[k], b.separate[k], 1e-6, `separate φ=${phi} ψ=${psi} λ=${lambda}`);
      }
    }
  }
});

test("random-projection spectrum: traces and teacher masses (ψ Σπ s = ψ, Σ w11 = ‖w₁‖²·min(γ,1)/…)", () => {
  const sp = randomProjectionTwoGroupSpectrum({ c1: 2, c2: 3, w1Sq: 1.5, w2Sq: 1, w12: 0.4 }, 1, 0.5);
  let tr = 0, en = 0;
  for (let j = 0; j < sp.s1.length; j++) { tr += sp.mult[j] * sp.s1[j]; en += sp.s1[j] * sp.w11[j]; }
  close(tr, 2 * 0.5, 1e-12, "tr C₁ = c₁·m"); // (1/n)·tr with n = 1
  close(en + sp.residual![0], 2 * 1.5, 1e-12, "explained + residual = c₁‖w₁‖²");
});

test("bad inputs throw RangeError with what to change", () => {
  const sp = diagonalTwoGroupSpectrum(S1, S2, W1, W2);
  const ok: TwoGroupProblem = { spectrum: sp, n: 10, p1: 0.5, lambda: 0.1, sigma1Sq: 0.1, sigma2Sq: 0.1 };
  assert.throws(() => twoGroupRidgeRisk({ ...ok, p1: 1 }), /p1/);
  assert.throws(() => twoGroupRidgeRisk({ ...ok, p1: 0 }), /p1/);
  assert.throws(() => twoGroupRidgeRisk({ ...ok, lambda: -1 }), /lambda/);
  assert.throws(() => twoGroupRidgeRisk({ ...ok, lambda: 0 }), /lambda/);
  assert.throws(() => twoGroupRidgeRisk({ ...ok, n: 0 }), /sample size/);
  assert.throws(() => diagonalTwoGroupSpectrum(S1, S2.slice(1), W1, W2), /s2 must have length 6/);
  assert.throws(() => diagonalTwoGroupSpectrum([1, -1, 1, 1, 1, 1], S2, W1, W2), /positive semi-definite/);
  assert.throws(() => isotropicGroupRisks({ phi: 1, p1: 0.5, lambda: 0.1, c1: 1, c2: 1, w1Sq: 1, w2Sq: 1, w12: 2, sigma1Sq: 0, sigma2Sq: 0 }), /Cauchy/);
  assert.throws(() => isotropicGroupRisks({ phi: -1, p1: 0.5, lambda: 0.1, c1: 1, c2: 1, w1Sq: 1, w2Sq: 1, w12: 0, sigma1Sq: 0, sigma2Sq: 0 }), /phi/);
  for (const e of [() => twoGroupRidgeRisk({ ...ok, p1: 2 })]) {
    try { e(); } catch (err) { assert.ok(err instanceof RangeError); }
  }
});
