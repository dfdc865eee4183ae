import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import {
  GAUSSIAN_MARGIN_CEILING, distortedMarchenkoPastur, keepAll, keepEasy, keepEasyFraction, keepHard, keepHardFraction,
  scalarsByQuadrature, softRule, theorem1,
} from "../../src/papers/deliberate-practice/index";

/**
 * Reference values of Theorem 1 (isotropic Σ, corrected m₀ and r) from an independent numpy implementation with
 * finite-difference derivatives (step λ·10⁻⁴). Asserted to relative 1e-4.
 */
const REFERENCE = [
  { phi: 0.5, lam: 0.01, rho: 1.0, strategy: "KH", xi: 0.5, p: 0.38292492254802624, gamma: 0.030859595783726768, beta: 0.0, beta_tilde: 0.09375390727426647, m: 28.445904575617586, m_tilde: 83.1450410547184, m_prime: 2441.2051238442696, m_tilde_prime: 8036.769617632443, m0: 6.219647762097211, nu0: 420.8426213954116, err_thm1: 0.37518223329469574, err_arccos: 0.3759293226617438 },
  { phi: 0.25, lam: 0.01, rho: 0.8, strategy: "KH", xi: 1.0, p: 0.6826894921370859, gamma: 0.19874804309879912, beta: 0.4329733154011484, beta_tilde: 0.1816380845152834, m: 2.230815664739283, m_tilde: 7.267949694709316, m_prime: 7.656713726600372, m_tilde_prime: 61.10517010515792, m0: 1.3050513934761414, nu0: 3.141033756711153, err_thm1: 0.13822112847706164, err_arccos: 0.12581822166570367 },
  { phi: 0.5, lam: 0.01, rho: 0.9, strategy: "KE", xi: 1.5, p: 0.13361440253771617, gamma: 0.5221671895353914, beta: 0.00020139229029898594, beta_tilde: 0.2589448187896673, m: 73.98053336242985, m_tilde: 42.11455067907557, m_prime: 7330.191835933419, m_tilde_prime: 4125.51227758584, m0: 7.836267303828693, nu0: 221.46900765724126, err_thm1: 0.26782924609264286, err_arccos: 0.27057637312322874 },
  { phi: 2.0, lam: 0.01, rho: 0.9, strategy: "KH", xi: 1.0, p: 0.6826894921370859, gamma: 0.19874804309879912, beta: 0.3402144459588358, beta_tilde: 0.2373617602669797, m: 66.12170672117527, m_tilde: 87.01996104601969, m_prime: 6586.842266735003, m_tilde_prime: 8689.224798175132, m0: 22.656153286793195, nu0: 7762.671647648065, err_thm1: 0.3950831841621607, err_arccos: 0.395548961535813 },
  { phi: 0.1, lam: 0.001, rho: 1.0, strategy: "KE", xi: 0.3, p: 0.7641771556220949, gamma: 0.9930098448984093, beta: 0.0, beta_tilde: 0.7627756309210482, m: 1.5030192856935187, m_tilde: 1.157058983143435, m_prime: 2.5980206841413884, m_tilde_prime: 1.599811303432119, m0: 0.7041940800017695, nu0: 0.8252522643301706, err_thm1: 0.10990575925287333, err_arccos: 0.07612859794258069 },
  { phi: 1.0, lam: 0.1, rho: 0.7, strategy: "KH", xi: 0.8, p: 0.5762892028332067, gamma: 0.11278271841483434, beta: 0.42016271472055505, beta_tilde: 0.08330153610251823, m: 5.170978088479795, m_tilde: 8.454778361634194, m_prime: 44.912983165712454, m_tilde_prime: 80.99175366504952, m0: 1.6313477755403096, nu0: 20.231797020523924, err_thm1: 0.34857018509394, err_arccos: 0.3497972445459163 },];

const close = (got: number, want: number, rel: number, what: string) =>
  assert.ok(Math.abs(got - want) <= rel * Math.abs(want) + 1e-12, `${what}: got ${got}, expected ${want} (rel ${rel})`);

test("Theorem 1 reproduces every reference row: scalars, m, m̃, m′, m̃′, m₀, ν₀ and both error forms (rel 1e-4)", () => {
  for (const f of REFERENCE) {
    const rule = f.strategy === "KH" ? keepHard(f.xi) : keepEasy(f.xi);
    const t = theorem1(rule, f.phi, f.lam, f.rho);
    const where = `${f.strategy} φ=${f.phi} λ=${f.lam} ρ=${f.rho} ξ=${f.xi}`;
    const pairs: [number, number, string][] = [
      [t.p, f.p, "p"], [t.gamma, f.gamma, "γ"], [t.beta, f.beta, "β"], [t.betaTilde, f.beta_tilde, "β̃"],
      [t.m, f.m, "m"], [t.mTilde, f.m_tilde, "m̃"], [t.mPrime, f.m_prime, "m′"], [t.mTildePrime, f.m_tilde_prime, "m̃′"],
      [t.m0, f.m0, "m₀"], [t.nu0, f.nu0, "ν₀"], [t.errorGaussianMargin, f.err_thm1, "E (Gaussian margin)"], [t.errorArccos, f.err_arccos, "E (arccos)"],
    ];
    for (const [got, want, what] of pairs) close(got, want, 1e-4, `${where}: ${what}`);
  }
});

test("Lemma-1 closed forms equal direct numerical integration of eq. (15) (property, fresh ξ and ρ)", () => {
  const r = createRng((Date.now() >>> 0) % 1e6 + 11);
  for (let k = 0; k < 12; k++) {
    const xi = 0.1 + 2.4 * r.uniform();
    const rho = k === 0 ? 1 : k === 1 ? -1 : 2 * r.uniform() - 1;
    for (const rule of [keepHard(xi), keepEasy(xi)]) {
      // Simpson on an indicator: the two jumps at ±ξ cost O(h) each, h = 20/400000 = 5e-5, hence the 1e-4 bound.
      const a = rule.scalars(rho), b = scalarsByQuadrature(rule.keep, rho, 400000);
      for (const key of ["p", "gamma", "beta", "betaTilde"] as const) {
        assert.ok(Math.abs(a[key] - b[key]) < 1e-4, `${rule.kind} ξ=${xi} ρ=${rho} ${key}: closed ${a[key]} vs quadrature ${b[key]}`);
      }
    }
  }
});

test("keep-hard + keep-easy = keep-all for every scalar (linearity in q), and fraction ↔ threshold", () => {
  const r = createRng((Date.now() >>> 0) % 1e6 + 13);
  for (let k = 0; k < 20; k++) {
    const xi = 3 * r.uniform() + 0.01, rho = 2 * r.uniform() - 1;
    const h = keepHard(xi).scalars(rho), e = keepEasy(xi).scalars(rho), all = keepAll().scalars(rho);
    for (const key of ["p", "gamma", "beta", "betaTilde"] as const) assert.ok(Math.abs(h[key] + e[key] - all[key]) < 1e-13, key);
    const p = 0.01 + 0.98 * r.uniform();
    assert.ok(Math.abs(keepHardFraction(p).scalars(rho).p - p) < 1e-12);
    assert.ok(Math.abs(keepEasyFraction(p).scalars(rho).p - p) < 1e-12);
  }
  assert.equal(keepHardFraction(1).kind, "keep-all");
});

test("distorted Marchenko–Pastur m(−λ) solves its quadratic; m′ matches a central difference (property)", () => {
  const r = createRng((Date.now() >>> 0) % 1e6 + 17);
  for (let k = 0; k < 30; k++) {
    const p = 0.05 + 0.95 * r.uniform(), phi = Math.exp(4 * r.uniform() - 2.5), lam = Math.exp(-12 * r.uniform());
    const { m, mPrime } = distortedMarchenkoPastur(p, phi, lam);
    const z = -lam;
    assert.ok(m > 0);
    assert.ok(Math.abs(phi * z * m * m - (p - phi - z) * m + 1) < 1e-9 * Math.max(1, m), `quadratic residual at p=${p} φ=${phi} λ=${lam}`);
    const h = lam * 1e-4;
    const fd = (distortedMarchenkoPastur(p, phi, lam - h).m - distortedMarchenkoPastur(p, phi, lam + h).m) / (2 * h);
    assert.ok(Math.abs(fd - mPrime) < 1e-5 * Math.abs(mPrime), `m′ ${mPrime} vs difference ${fd}`);
  }
});

test("the Gaussian-margin form saturates at accuracy Φ(√(2/(π−2))) = 0.9072 while the arccos form tends to 1", () => {
  assert.ok(Math.abs(GAUSSIAN_MARGIN_CEILING - 0.9071833826) < 1e-9);
  const t = theorem1(keepAll(), 1e-6, 1e-4, 1);
  assert.ok(Math.abs(1 - t.errorGaussianMargin - GAUSSIAN_MARGIN_CEILING) < 1e-3, `accuracy ${1 - t.errorGaussianMargin}`);
  assert.ok(t.errorArccos < 0.01, `arccos error ${t.errorArccos}`);
  // Pruning keeps the ceiling: keep-hard at a tiny φ also stays below 0.9072 + tolerance.
  assert.ok(1 - theorem1(keepHard(0.5), 1e-5, 1e-3, 1).errorGaussianMargin <= GAUSSIAN_MARGIN_CEILING + 1e-6);
});

test("keep-all, λ → 0: the test error peaks at the interpolation threshold φ = 1", () => {
  const phis = Array.from({ length: 61 }, (_, i) => Math.exp(-1.5 + (3 * i) / 60));
  const err = phis.map((phi) => theorem1(keepAll(), phi, 1e-6, 1).errorArccos);
  const k = err.indexOf(Math.max(...err));
  assert.ok(Math.abs(Math.log(phis[k])) < 0.06, `peak at φ = ${phis[k]}`);
  assert.ok(err[k] > 0.45);
});

test("the soft rule of eq. (30): keep probability in (0, 1], q(0) = 1, symmetric; larger ω keeps less", () => {
  const a = softRule(0.5), b = softRule(2);
  assert.equal(a.keep(0), 1);
  assert.ok(Math.abs(a.keep(1.3) - a.keep(-1.3)) < 1e-15);
  const pa = a.scalars(0.9).p, pb = b.scalars(0.9).p;
  assert.ok(pa > pb && pb > 0 && pa < 1, `p(ω=0.5) = ${pa}, p(ω=2) = ${pb}`);
  const t = theorem1(b, 0.5, 0.01, 0.9);
  assert.ok(t.errorArccos > 0 && t.errorArccos < 0.5);
});

test("bad inputs raise a RangeError that says what to change", () => {
  assert.throws(() => keepHard(0), /ξ must be a positive finite number, got 0/);
  assert.throws(() => keepEasy(-1), /ξ must be a positive/);
  assert.throws(() => keepHardFraction(0), /keep fraction p must lie in \(0, 1\], got 0/);
  assert.throws(() => keepEasyFraction(1.2), /keep fraction p/);
  assert.throws(() => keepHard(1).scalars(1.1), /ρ = w_sᵀw₀\/‖w₀‖ must lie in \[−1, 1\], got 1.1/);
  assert.throws(() => theorem1(keepHard(1), 0.5, 0, 1), /λ \(the derivatives need λ > 0\) must be a positive finite number, got 0/);
  assert.throws(() => theorem1(keepHard(1), -1, 0.1, 1), /φ = d\/n must be a positive/);
  assert.throws(() => theorem1(keepHard(1), 0.5, 0.1, -1.5), /must lie in \[−1, 1\]/);
  assert.throws(() => softRule(0), /ω must be a positive finite number/);
});
