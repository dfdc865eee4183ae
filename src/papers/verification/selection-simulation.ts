/**
 * Monte-Carlo side of §4–§5: a stream of synthesized examples x ~ N(0, I_d) with true label y = sign(x₁)
 * (w* = e₁, no loss of generality by rotation invariance), a generator's label y′, a verifier that keeps or drops
 * each pair, and ridge ŵ = (XₛᵀXₛ/nₛ + λI)⁻¹Xₛᵀy′/nₛ on the kept pairs, refitted at each checkpoint of a nested
 * sample-size grid. The test error of sign(xᵀŵ) is exact for Gaussian inputs: arccos(ŵ₁/‖ŵ‖)/π.
 *
 * Labels and decisions depend on x only through (x₁, x₂), so the remaining d − 2 coordinates are drawn for kept
 * pairs only.
 */
import type { Rng } from "../../maths/random";
import { zigguratNormal } from "../../maths/gaussian-fill";
import { gram, matvec, solveSPD, asMatrix } from "../../maths/linalg/index";

/**
 * A generator + verifier: given the first two coordinates of x, returns the kept label (±1) or 0 when the pair is
 * dropped. May draw from `rng` (random flips and keeps).
 */
export type LabelAndSelect = (x1: number, x2: number, rng: Rng) => number;

/** Options of {@link selectedRidgePath}. */
export interface RidgePathOptions {
  d: number;
  lambda: number;
  /** increasing checkpoints (positive integers) */
  checkpoints: number[];
  /** whether checkpoints count generated pairs (Fig. 3's x-axis) or kept pairs (nₛ of Theorem 4.2) */
  count: "generated" | "selected";
}

/** Test errors at each checkpoint, with the numbers of kept and generated pairs there. */
export interface RidgePath {
  error: number[];
  selected: number[];
  generated: number[];
}

const CHUNK = 1024;

function checkOptions(fn: string, o: RidgePathOptions): void {
  if (!Number.isInteger(o.d) || o.d < 2) throw new RangeError(`${fn}: d must be an integer ≥ 2, got ${o.d}`);
  if (!(o.lambda > 0) || !Number.isFinite(o.lambda)) throw new RangeError(`${fn}: lambda must be a finite number > 0, got ${o.lambda}`);
  if (o.count !== "generated" && o.count !== "selected") throw new RangeError(`${fn}: count must be "generated" or "selected", got ${JSON.stringify(o.count)}`);
  if (o.checkpoints.length === 0) throw new RangeError(`${fn}: give at least one checkpoint`);
  o.checkpoints.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 1 || (i > 0 && c <= o.checkpoints[i - 1])) {
      throw new RangeError(`${fn}: checkpoints must be increasing positive integers, got ${o.checkpoints.join(", ")}`);
    }
  });
}

/** arccos(w₁/‖w‖)/π; ½ for the zero vector (a classifier that predicts nothing is right half the time). */
export function angleError(w: ArrayLike<number>): number {
  let n2 = 0;
  for (let j = 0; j < w.length; j++) n2 += w[j] * w[j];
  if (!(n2 > 0)) return 0.5;
  return Math.acos(Math.max(-1, Math.min(1, w[0] / Math.sqrt(n2)))) / Math.PI;
}

/**
 * Runs one stream of synthesized pairs through `select` and fits ridge on the kept pairs at every checkpoint
 * (nested samples: the pairs of a smaller checkpoint are part of every larger one).
 *
 * @throws RangeError on bad sizes, λ ≤ 0, or when "selected" checkpoints are unreachable (keep rate 0)
 */
export function selectedRidgePath(select: LabelAndSelect, o: RidgePathOptions, rng: Rng): RidgePath {
  checkOptions("selectedRidgePath", o);
  const d = o.d;
  const G = new Float64Array(d * d);
  const b = new Float64Array(d);
  const buf = new Float64Array(CHUNK * d);
  const lab = new Float64Array(CHUNK);
  let rows = 0, kept = 0, generated = 0;
  const out: RidgePath = { error: [], selected: [], generated: [] };
  const flush = (): void => {
    if (rows === 0) return;
    const X = asMatrix(rows, d, buf.subarray(0, rows * d));
    const g = gram(X).data;
    for (let k = 0; k < g.length; k++) G[k] += g[k];
    const xb = matvec(X, lab.subarray(0, rows), true);
    for (let j = 0; j < d; j++) b[j] += xb[j];
    rows = 0;
  };
  const fit = (): void => {
    flush();
    if (kept === 0) out.error.push(0.5);
    else {
      const A = new Float64Array(d * d);
      for (let k = 0; k < A.length; k++) A[k] = G[k] / kept;
      for (let j = 0; j < d; j++) A[j * d + j] += o.lambda;
      const rhs = new Float64Array(d);
      for (let j = 0; j < d; j++) rhs[j] = b[j] / kept;
      out.error.push(angleError(solveSPD(asMatrix(d, d, A), rhs)));
    }
    out.selected.push(kept);
    out.generated.push(generated);
  };
  const maxDraws = o.count === "selected" ? 1e4 * o.checkpoints[o.checkpoints.length - 1] + 1e6 : Infinity;
  for (const target of o.checkpoints) {
    while ((o.count === "generated" ? generated : kept) < target) {
      if (generated >= maxDraws) throw new RangeError(`selectedRidgePath: the verifier keeps (almost) nothing — ${kept} of ${generated} pairs kept`);
      const x1 = zigguratNormal(rng), x2 = zigguratNormal(rng);
      generated++;
      const y = select(x1, x2, rng);
      if (y === 0) continue;
      const r = rows * d;
      buf[r] = x1;
      buf[r + 1] = x2;
      for (let j = 2; j < d; j++) buf[r + j] = zigguratNormal(rng);
      lab[rows] = y;
      rows++;
      kept++;
      if (rows === CHUNK) flush();
    }
    fit();
  }
  return out;
}
