import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { createRng } from "../../src/maths/random";
import { meanAndStderr } from "../../src/maths/stats";
import { validateFigure } from "../../src/lab/figure";
import * as V from "../../src/papers/verification/index";

const close = (a: number, b: number, rel: number, what: string) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${what}: ${a} vs ${b} (rel ${rel})`);

// Reference values of the random-flip closed form (numpy reference implementation of the same formula).
const FIXTURES = [
  { nSel: 1000, d: 100, pPrime: 0.2, lambda: 0.01, kappa: 0.011097577279248438, nu: 0.10842243814441262, cos: 0.8534823106206046, err: 0.17448628173726752 },
  { nSel: 10000, d: 100, pPrime: 0.2, lambda: 0.01, kappa: 0.010099990001999501, nu: 0.00989803058980357, cos: 0.9834371969722675, err: 0.05801406537654006 },
  { nSel: 1000, d: 100, pPrime: 0.6, lambda: 0.01, kappa: 0.011097577279248438, nu: 0.10842243814441262, cos: -0.43677135623344704, err: 0.6438781205204107 },
  { nSel: 500, d: 100, pPrime: 0.45, lambda: 0.1, kappa: 0.1216990566028302, nu: 0.18899862200413398, cos: 0.16196908905671992, err: 0.44821551273889004 },
];

test("random-flip closed form matches the reference values to rel 1e-6", () => {
  for (const f of FIXTURES) {
    const t = V.flipModelTheory(f);
    close(t.kappa, f.kappa, 1e-6, "kappa");
    close(t.nu, f.nu, 1e-6, "nu");
    close(t.cos, f.cos, 1e-6, "cos");
    close(t.error, f.err, 1e-6, "error");
  }
});

test("breakdown point identities (Theorem 4.2, §4.4)", () => {
  close(V.breakdownPoint({ phi: 1, psi: 1 }), 0.5, 1e-15, "no pruning");
  close(V.breakdownPoint({ phi: 1, psi: 0 }), 1, 1e-15, "oracle");
  close(V.breakdownPoint({ phi: 1, psi: 0.5 }), 2 / 3, 1e-15, "(1, 0.5)");
  close(V.breakdownPoint({ phi: 0.8, psi: 0.4 }), 2 / 3, 1e-15, "(0.8, 0.4)");
  close(V.breakdownPoint(V.noisyOracle(0.5)), 0.6667, 1e-4, "noisy oracle 0.5");
  close(V.noiseForBreakdown(0.8), 0.25, 1e-12, "p_noise for p* = 0.8");
  assert.equal(V.infiniteDataAccuracy(0.3, V.NO_VERIFIER), 1);
  assert.equal(V.infiniteDataAccuracy(0.7, V.NO_VERIFIER), 0);
  assert.equal(V.infiniteDataAccuracy(0.5, V.NO_VERIFIER), 0.5);
  assert.equal(V.infiniteDataAccuracy(0.99, V.ORACLE_VERIFIER), 1);
});

test("property: p′ < ½ exactly when p < p*, and p′ is increasing in p (random verifiers)", () => {
  const rng = createRng(101);
  for (let t = 0; t < 2000; t++) {
    const v = { phi: 0.05 + 0.95 * rng.uniform(), psi: rng.uniform() };
    const p = rng.uniform(), ps = V.breakdownPoint(v);
    if (Math.abs(p - ps) < 1e-9) continue;
    assert.equal(V.keptErrorRate(p, v) < 0.5, p < ps, `p = ${p}, p* = ${ps}`);
    const p2 = Math.min(1, p + 0.01);
    assert.ok(V.keptErrorRate(p2, v) >= V.keptErrorRate(p, v) - 1e-15);
    close(V.keepRate(p, v) * V.keptErrorRate(p, v), p * v.psi, 1e-12, "kept wrong mass");
  }
});

test("closed form: limits and monotonicity in nₛ", () => {
  for (const pPrime of [0.1, 0.3, 0.45]) {
    assert.equal(V.flipModelTheory({ nSel: Infinity, d: 100, pPrime, lambda: 0.01 }).error, 0);
    assert.equal(V.flipModelTheory({ nSel: Infinity, d: 100, pPrime: 1 - pPrime, lambda: 0.01 }).error, 1);
    assert.ok(V.flipModelError({ nSel: 1e9, d: 100, pPrime, lambda: 0.01 }) < 0.01);
    assert.ok(V.flipModelError({ nSel: 1e9, d: 100, pPrime: 1 - pPrime, lambda: 0.01 }) > 0.99);
    let prev = 1;
    for (const n of [200, 500, 1000, 5000, 20000]) {
      const e = V.flipModelError({ nSel: n, d: 100, pPrime, lambda: 0.01 });
      assert.ok(e < prev, `error must fall with nₛ (p′ = ${pPrime}, n = ${n})`);
      prev = e;
    }
  }
  assert.equal(V.flipModelError({ nSel: 1000, d: 100, pPrime: 0.5, lambda: 0.01 }), 0.5);
  // symmetry: flipping every label mirrors the error
  close(V.flipModelError({ nSel: 700, d: 50, pPrime: 0.8, lambda: 0.05 }), 1 - V.flipModelError({ nSel: 700, d: 50, pPrime: 0.2, lambda: 0.05 }), 1e-12, "mirror");
});

test("bad input: clear RangeErrors", () => {
  assert.throws(() => V.breakdownPoint({ phi: 0, psi: 0 }), /phi \+ psi/);
  assert.throws(() => V.breakdownPoint({ phi: 1.2, psi: 0 }), RangeError);
  assert.throws(() => V.keptErrorRate(-0.1, V.NO_VERIFIER), RangeError);
  assert.throws(() => V.noisyOracle(2), RangeError);
  assert.throws(() => V.flipModelTheory({ nSel: 100, d: 100, pPrime: 0.2, lambda: 0 }), /ridgeless/);
  assert.throws(() => V.flipModelTheory({ nSel: 1000, d: 100, pPrime: 1.5, lambda: 0.01 }), RangeError);
  assert.throws(() => V.flipModelTheory({ nSel: 0, d: 100, pPrime: 0.2, lambda: 0.01 }), RangeError);
  const sel = V.randomFlipSelector(0.2, V.NO_VERIFIER);
  assert.throws(() => V.selectedRidgePath(sel, { d: 10, lambda: 0.01, checkpoints: [100, 50], count: "selected" }, createRng(1)), /increasing/);
  assert.throws(() => V.selectedRidgePath(sel, { d: 10, lambda: 0, checkpoints: [100], count: "selected" }, createRng(1)), /lambda/);
  assert.throws(() => V.randomFlipSelector(1.1, V.NO_VERIFIER), RangeError);
  assert.throws(() => V.linearGeneratorSelector(4, { kind: "none" }), RangeError);
});

test("simulation: nₛ = 10⁴, d = 100, λ = 0.01, p′ = 0.2 gives E = 0.0580 ± 0.005", () => {
  const rng = createRng(7);
  // generator error p and verifier (1, ψ) chosen so that p′ = pψ/(pψ + 1 − p) = 0.2: p = 1/3, ψ = 0.5
  const v = { phi: 1, psi: 0.5 };
  close(V.keptErrorRate(1 / 3, v), 0.2, 1e-12, "p′");
  const rows = Array.from({ length: 4 }, () => V.selectedRidgePath(V.randomFlipSelector(1 / 3, v), { d: 100, lambda: 0.01, checkpoints: [10000], count: "selected" }, rng.split()).error);
  const m = meanAndStderr(rows).mean[0];
  assert.ok(Math.abs(m - 0.0580141) <= 0.005, `simulated ${m}`);
});

test("simulation vs closed form at d = 50 (3 SE or 5%), for noisy, above-p*, oracle and clean selections", () => {
  const rng = createRng(12);
  const d = 50, lambda = 0.01, ns = [100, 500, 2500];
  for (const [p, v] of [[0.3, { phi: 1, psi: 0.5 }], [0.7, { phi: 1, psi: 0.5 }], [0.4, V.ORACLE_VERIFIER], [0, V.NO_VERIFIER]] as const) {
    const rows = Array.from({ length: 40 }, () => V.selectedRidgePath(V.randomFlipSelector(p, v), { d, lambda, checkpoints: ns, count: "selected" }, rng.split()).error);
    const { mean, se } = meanAndStderr(rows);
    ns.forEach((n, j) => {
      const th = V.flipModelError({ nSel: n, d, pPrime: V.keptErrorRate(p, v), lambda });
      assert.ok(Math.abs(mean[j] - th) <= Math.max(3 * se[j], 0.05 * th), `p = ${p}, ψ = ${v.psi}, n = ${n}: ${mean[j]} ± ${se[j]} vs ${th}`);
    });
  }
});

test("generated-count checkpoints: kept count follows the keep rate", () => {
  const v = { phi: 1, psi: 0.5 };
  const r = V.selectedRidgePath(V.randomFlipSelector(0.4, v), { d: 5, lambda: 0.01, checkpoints: [20000], count: "generated" }, createRng(3));
  assert.equal(r.generated[0], 20000);
  const k = V.keepRate(0.4, v) * 20000;
  assert.ok(Math.abs(r.selected[0] - k) < 4 * Math.sqrt(k), `${r.selected[0]} vs ${k}`);
});

test("linear generator: infinite-data limits are the bisector rule and match a large simulation", () => {
  const tg = Math.PI / 6;
  const dirs = [tg, Math.PI / 12, -Math.PI / 12, Math.PI / 4, -Math.PI / 4];
  const cases: [V.LinearSelection, number][] = [
    [{ kind: "none" }, tg / Math.PI],
    [{ kind: "oracle" }, tg / 2 / Math.PI],
    [{ kind: "linear", thetaPrune: Math.PI / 12, side: 1 }, (tg + Math.PI / 12) / 2 / Math.PI],
    [{ kind: "linear", thetaPrune: Math.PI / 4, side: -1 }, Math.abs(tg - Math.PI / 4) / 2 / Math.PI],
  ];
  const rng = createRng(5);
  for (const [sel, expected] of cases) {
    const f = V.linearGeneratorSelector(tg, sel);
    const lim = V.halfspaceLimit(f, dirs, 1e-3);
    close(lim.error, expected, 1e-9, `limit ${JSON.stringify(sel)}`);
    const sim = V.selectedRidgePath(f, { d: 4, lambda: 1e-3, checkpoints: [200000], count: "generated" }, rng.split()).error[0];
    assert.ok(Math.abs(sim - lim.error) < 0.004, `${JSON.stringify(sel)}: simulated ${sim} vs limit ${lim.error}`);
  }
  assert.throws(() => V.halfspaceLimit(V.randomFlipSelector(0.2, V.NO_VERIFIER), [], 0.01), /deterministic/);
});

test("figure builders return valid figures with per-seed rows on simulated series", () => {
  const rng = createRng(9);
  const f2 = V.buildFig2({ d: 10, lambda: 0.01, psiRatios: [1, 0], finitePsi: [0.5], nSels: [20, 50], theoryGridDen: 20, simPoints: [4, 10, 16], seeds: 3 }, rng);
  validateFigure(f2);
  const q = { ...V.QUICK_PARAMS.fig3, d: 10, ns: [50, 100], seeds: 2 };
  const f3 = V.buildFig3(q, rng);
  validateFigure(f3);
  for (const f of [f2, f3]) for (const s of f.series) if (s.kind === "simulation") assert.ok(s.ySeeds && s.ySeeds.length >= 2 && s.yErr, s.name);
  // every simulated series of the random-flip panels has a theory partner on the same x grid
  for (const s of f3.series.filter((s) => s.kind === "simulation" && (s.panel ?? 0) < q.flipErrors.length)) {
    const th = f3.series.find((t) => t.kind === "theory" && t.panel === s.panel && t.group === s.group);
    assert.ok(th && s.x.every((x) => th.x.includes(x)), s.name);
  }
  const svg = V.settingSvg(V.settingPoints(50, Math.PI / 6, { kind: "linear", thetaPrune: Math.PI / 12, side: -1 }, rng), Math.PI / 6, -Math.PI / 12);
  assert.ok(svg.startsWith("<svg") && svg.includes("w_prune"));
  assert.ok(V.pipelineSvg().includes("verifier"));
});

test("source files use no directory imports", () => {
  const dir = path.join(__dirname, "../../src/papers/verification");
  const files = [...fs.readdirSync(dir).map((f) => path.join(dir, f)), ...fs.readdirSync(path.join(dir, "figures")).map((f) => path.join(dir, "figures", f))].filter((f) => f.endsWith(".ts"));
  for (const f of files) {
    for (const m of fs.readFileSync(f, "utf8").matchAll(/from "(\.[^"]+)"/g)) {
      const target = path.resolve(path.dirname(f), m[1]);
      assert.ok(!fs.existsSync(target) || !fs.statSync(target).isDirectory(), `${f} imports a directory: ${m[1]}`);
    }
  }
});
