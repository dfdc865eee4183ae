import { test } from "node:test";
import assert from "node:assert/strict";
import { agreementVerdict, seriesAgreement, theoryAgreement } from "../../src/lab/legacy-agreement";
import type { FigureSpec } from "../../src/lab/figure";
import { createRng } from "../../src/maths/random";

const fig = (sim: number[], se: number[]): FigureSpec => ({
  figure: "f", title: "t", params: {}, axes: { x: { title: "x" }, y: { title: "y" } },
  series: [
    { name: "th", kind: "theory", x: [1, 2, 3], y: [1, 2, 3], group: "g" },
    { name: "sim", kind: "simulation", x: [1, 2, 3], y: sim, yErr: se, group: "g" },
  ],
});

test("per-point rule max(3·SE, 5%·theory), near-threshold 10%", () => {
  const a = theoryAgreement(fig([1.04, 2.0, 3.2], [0.001, 0.001, 0.05]));
  assert.equal(a.points, 3);
  assert.equal(a.failures, 1); // 3.2 vs 3: gap 0.2 > max(0.15, 0.15)
  assert.equal(a.worst?.x, 3);
  const near = theoryAgreement(fig([1.04, 2.0, 3.2], [0.001, 0.001, 0.05]), { nearThreshold: (_p, x) => x === 3 });
  assert.equal(near.failures, 0);
  assert.throws(() => theoryAgreement({ ...fig([1, 2, 3], [0, 0, 0]), series: [fig([1, 2, 3], [0, 0, 0]).series[1]] }), /no theory series/);
});

test("seriesAgreement with a theory function", () => {
  const r = seriesAgreement({ name: "s", kind: "simulation", x: [1, 2], y: [1.02, 5], yErr: [0.01, 0.1] }, (x) => x);
  assert.equal(r.failures, 1);
  assert.ok(Math.abs(r.maxRelativeGap - 1.5) < 1e-12);
});

test("verdict: an exact theory passes on noisy simulations (property, fresh seed); a 20% bias fails", () => {
  const rng = createRng((Date.now() >>> 0) % 1e6);
  const x = Array.from({ length: 200 }, (_, i) => i + 1);
  const theory = x.map((v) => 1 + 1 / v);
  const se = x.map(() => 0.01);
  const noisy = theory.map((t) => t + 0.01 * rng.normal());
  const spec: FigureSpec = { ...fig([], []), series: [
    { name: "th", kind: "theory", x, y: theory, group: "g" },
    { name: "sim", kind: "simulation", x, y: noisy, yErr: se, group: "g" },
  ] };
  assert.equal(agreementVerdict(spec).pass, true, `seed ${rng.seed}`);
  spec.series[1] = { ...spec.series[1], y: theory.map((t) => 1.2 * t) };
  const v = agreementVerdict(spec);
  assert.equal(v.pass, false);
  assert.match(v.text, /0\/200 points/);
});
