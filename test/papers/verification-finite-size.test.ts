// The closed form of the random-flip model is a deterministic equivalent (exact as d, nₛ → ∞ at fixed nₛ/d). This test
// measures its finite-size error on accuracy at d = 50, 100, 200 (×2, ×4) at nₛ = d, the hardest point of Fig. 2,
// and bounds it by the 1 % model error the notebook declares, plus 3 standard errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import { meanAndStderr } from "../../src/maths/stats";
import * as V from "../../src/papers/verification/index";

test("finite-size error of the closed form on accuracy ≤ 1% (+3 SE) at d = 50, 100, 200, nₛ = d and 10d", () => {
  const rng = createRng(2024);
  const v = { phi: 1, psi: 0.5 };
  const gaps: string[] = [];
  for (const p of [0.1, 0.7]) for (const ratio of [1, 10]) for (const d of [50, 100, 200]) {
    const seeds = Math.round(6000 / (d * Math.sqrt(ratio)));
    const rows = Array.from({ length: seeds }, () => V.selectedRidgePath(V.randomFlipSelector(p, v), { d, lambda: 0.01, checkpoints: [ratio * d], count: "selected" }, rng.split()).error.map((e) => 1 - e));
    const m = meanAndStderr(rows);
    const th = 1 - V.flipModelError({ nSel: ratio * d, d, pPrime: V.keptErrorRate(p, v), lambda: 0.01 });
    const gap = (m.mean[0] - th) / th, se = m.se[0] / th;
    gaps.push(`p=${p} nₛ/d=${ratio} d=${d}: ${(100 * gap).toFixed(2)}% ± ${(100 * se).toFixed(2)}%`);
    assert.ok(Math.abs(gap) <= 0.01 + 3 * se, gaps[gaps.length - 1]);
  }
});
