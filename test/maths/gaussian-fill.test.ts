import { test } from "node:test";
import assert from "node:assert/strict";
import { fillGaussian } from "../../src/maths/gaussian-fill";
import { createRng } from "../../src/maths/random";

test("fillGaussian (ziggurat): moments, CDF and tail mass of a large fresh sample", () => {
  const n = 400_000;
  const seed = 1 + Math.floor((Date.now() % 100000));   // fresh input; the assertions hold for every seed w.h.p.
  const a = fillGaussian(createRng(seed), new Float64Array(n));
  let m = 0, v = 0;
  for (const x of a) m += x;
  m /= n;
  for (const x of a) v += (x - m) ** 2;
  v /= n;
  assert.ok(Math.abs(m) < 5 / Math.sqrt(n), `mean ${m} (seed ${seed})`);
  assert.ok(Math.abs(v - 1) < 5 * Math.sqrt(2 / n), `variance ${v} (seed ${seed})`);
  const Phi: [number, number][] = [[-3.5, 0.000232629], [-2, 0.0227501], [-1, 0.158655], [0, 0.5], [0.5, 0.691462], [1.5, 0.933193], [3, 0.99865]];
  for (const [t, p] of Phi) {
    let c = 0;
    for (const x of a) if (x < t) c++;
    const se = Math.sqrt((p * (1 - p)) / n);
    assert.ok(Math.abs(c / n - p) < 5 * se, `P(Z < ${t}) = ${c / n} vs ${p} (seed ${seed})`);
  }
  const b = fillGaussian(createRng(7), new Float64Array(10), 3);
  const c = fillGaussian(createRng(7), new Float64Array(10), 3);
  assert.deepEqual([...b], [...c], "deterministic for a given seed");
  assert.throws(() => fillGaussian(createRng(1), new Float64Array(2), -1), /sd must be a finite number ≥ 0/);
});

