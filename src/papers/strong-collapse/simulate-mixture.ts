/**
 * Monte-Carlo for Theorem 1 / Corollary 1: ridge (or OLS) on n rows of which ⌊p₂n⌋ are synthetic.
 *
 * Setting (the paper's Eq. 3 on a mixture): x ~ N(0, Σ) with Σ = diag(eigs); real rows y = xᵀw₁ + ε, synthetic rows
 * y = xᵀ(w₁ + δ) + ε, ε ~ N(0, σ²), δ ~ N(0, Δ) with Δ = diag(deltaDiag) drawn once per seed.
 * Test error: ‖ŵ − w₁‖²_Σ (exact, no test sample). One stream of rows per seed serves all sample sizes
 * (nested prefixes) and all p₂ (the Gram matrix is shared; only Xᵀy differs), see {@link isSyntheticRow}.
 */
import type { Rng } from "../../maths/random";
import { gram, solveSPD, type Matrix } from "../../maths/linalg/index";
import { isSyntheticRow } from "./synthetic-rows";

/** Parameters of {@link simulateMixtureRidge}. */
export interface MixtureSimParams {
  /** Diagonal of Σ. */
  eigs: ArrayLike<number>;
  /** Real teacher w₁ (coordinates, not squared). */
  w1: ArrayLike<number>;
  /** Diagonal of Δ (variances of the shift coordinates). */
  deltaDiag: ArrayLike<number>;
  sigma2: number;
  /** Ridge λ of (1/n)Σ(xᵀw−y)² + λ‖w‖²; 0 = OLS (needs n > d). */
  lambda: number;
  /**
   * Optional per-curve, per-n ridge parameters lambdas[k][i] (for p2s[k] at ns[i]), e.g. an oracle λ tuned at every
   * n; they replace `lambda` (which must still be given and ≥ 0). The same rows serve every λ.
   */
  lambdas?: number[][];
  /** Increasing sample sizes (nested). */
  ns: number[];
  p2s: number[];
  /** Rows per Gram chunk (memory/speed trade-off). */
  chunk?: number;
  /**
   * How the shift δ is drawn: "gaussian" (default, δ ~ N(0, Δ)) or "signs" (δ_j = ±√Δ_jj with independent
   * fair signs). Both have mean 0 and covariance Δ, and the expected test error depends on δ only through
   * them (it is a quadratic form in δ plus terms of zero mean), so Theorem 1 predicts the same mean; "signs"
   * removes the chi-square fluctuation of ‖δ‖²_Σ, which is large when few eigenvalues dominate Σ.
   */
  deltaSampling?: "gaussian" | "signs";
  /**
   * Antithetic shift: every p₂ > 0 is also fitted with −δ and the two errors are averaged. −δ has the law of δ, so
   * the mean is unchanged; the average removes the term linear in δ (cross term between the noise and the shift).
   */
  antithetic?: boolean;
}

/** errors[k][i]: test error at p2s[k], ns[i] for one seed. */
export type MixtureSimResult = number[][];

function checkParams(fn: string, p: MixtureSimParams): number {
  const d = p.eigs.length;
  if (d < 1) throw new RangeError(`${fn}: eigs must be non-empty`);
  if (p.w1.length !== d || p.deltaDiag.length !== d) {
    throw new RangeError(`${fn}: w1 (${p.w1.length}) and deltaDiag (${p.deltaDiag.length}) must have d = ${d} entries`);
  }
  if (!(p.lambda >= 0)) throw new RangeError(`${fn}: lambda must be ≥ 0, got ${p.lambda}`);
  if (!(p.sigma2 >= 0)) throw new RangeError(`${fn}: sigma2 must be ≥ 0, got ${p.sigma2}`);
  if (p.ns.length === 0) throw new RangeError(`${fn}: ns is empty`);
  for (let i = 0; i < p.ns.length; i++) {
    if (!Number.isInteger(p.ns[i]) || p.ns[i] < 1 || (i > 0 && p.ns[i] <= p.ns[i - 1])) {
      throw new RangeError(`${fn}: ns must be increasing positive integers, got ${p.ns.join(",")}`);
    }
  }
  if (p.lambda === 0 && p.ns[0] <= d + 1) throw new RangeError(`${fn}: OLS (lambda = 0) needs n > d + 1, got n = ${p.ns[0]}, d = ${d}`);
  for (const q of p.p2s) if (!(q >= 0 && q <= 1)) throw new RangeError(`${fn}: p2 must be in [0, 1], got ${q}`);
  if (p.lambdas !== undefined) {
    if (p.lambdas.length !== p.p2s.length) throw new RangeError(`${fn}: lambdas needs one row per p₂ (${p.p2s.length}), got ${p.lambdas.length}`);
    for (const row of p.lambdas) {
      if (row.length !== p.ns.length) throw new RangeError(`${fn}: every lambdas row needs one entry per n (${p.ns.length}), got ${row.length}`);
      for (const l of row) if (!(l > 0) || !Number.isFinite(l)) throw new RangeError(`${fn}: per-n lambdas must be finite and > 0, got ${l}`);
    }
  }
  return d;
}

/**
 * One seed of the mixture simulation.
 * @example simulateMixtureRidge({ eigs: new Float64Array(20).fill(1), w1, deltaDiag, sigma2: 1, lambda: 0, ns: [50, 100], p2s: [0, 0.1] }, rng)
 */
export function simulateMixtureRidge(p: MixtureSimParams, rng: Rng): MixtureSimResult {
  const fn = "simulateMixtureRidge";
  const d = checkParams(fn, p);
  const K = p.p2s.length;
  const sd = Float64Array.from(p.eigs, (l) => Math.sqrt(l));
  const w1 = Float64Array.from(p.w1);
  const signs = p.deltaSampling === "signs";
  if (p.deltaSampling !== undefined && !signs && p.deltaSampling !== "gaussian") throw new RangeError(`${fn}: deltaSampling must be "gaussian" or "signs", got ${p.deltaSampling}`);
  const delta = Float64Array.from(p.deltaDiag, (v) => Math.sqrt(v) * (signs ? (rng.uniform() < 0.5 ? -1 : 1) : rng.normal()));
  const sigma = Math.sqrt(p.sigma2);
  const chunk = p.chunk ?? 256;
  const G = new Float64Array(d * d);
  // right-hand sides: one per p₂, then (antithetic) one per p₂ > 0 with the shift negated
  const cols: { k: number; sign: number }[] = p.p2s.map((_, k) => ({ k, sign: 1 }));
  if (p.antithetic) p.p2s.forEach((q, k) => { if (q > 0) cols.push({ k, sign: -1 }); });
  const C = cols.length;
  const b = Array.from({ length: C }, () => new Float64Array(d));
  const out: number[][] = Array.from({ length: K }, () => []);
  const buf = new Float64Array(chunk * d);
  let row = 0;
  for (const nTarget of p.ns) {
    while (row < nTarget) {
      const rows = Math.min(chunk, nTarget - row);
      for (let r = 0; r < rows; r++) {
        const off = r * d;
        let yReal = 0, shift = 0;
        for (let j = 0; j < d; j++) {
          const x = sd[j] * rng.normal();
          buf[off + j] = x;
          yReal += x * w1[j];
          shift += x * delta[j];
        }
        const eps = sigma * rng.normal();
        yReal += eps;
        for (let c = 0; c < C; c++) {
          const y = isSyntheticRow(row + r, p.p2s[cols[c].k]) ? yReal + cols[c].sign * shift : yReal;
          const bk = b[c];
          for (let j = 0; j < d; j++) bk[j] += buf[off + j] * y;
        }
      }
      const Gc = gram({ rows, cols: d, data: rows === chunk ? buf : buf.slice(0, rows * d) });
      for (let t = 0; t < d * d; t++) G[t] += Gc.data[t];
      row += rows;
    }
    const iN = out[0].length;
    // one solve per distinct λ: all columns at the common λ, or each p₂'s columns at its own λ
    const groups: { lambda: number; cs: number[] }[] = p.lambdas === undefined
      ? [{ lambda: p.lambda, cs: cols.map((_, c) => c) }]
      : p.p2s.map((_, k) => ({ lambda: p.lambdas![k][iN], cs: cols.map((_, c) => c).filter((c) => cols[c].k === k) }));
    const sum = new Float64Array(K), count = new Float64Array(K);
    for (const grp of groups) {
      const A: Matrix = { rows: d, cols: d, data: new Float64Array(d * d) };
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) A.data[i * d + j] = 0.5 * (G[i * d + j] + G[j * d + i]) / nTarget;
        A.data[i * d + i] += grp.lambda;
      }
      const Cg = grp.cs.length;
      const B: Matrix = { rows: d, cols: Cg, data: new Float64Array(d * Cg) };
      grp.cs.forEach((c, q) => { for (let j = 0; j < d; j++) B.data[j * Cg + q] = b[c][j] / nTarget; });
      const W = solveSPD(A, B);
      grp.cs.forEach((c, q) => {
        let e = 0;
        for (let j = 0; j < d; j++) {
          const diff = W.data[j * Cg + q] - w1[j];
          e += p.eigs[j] * diff * diff;
        }
        sum[cols[c].k] += e;
        count[cols[c].k]++;
      });
    }
    for (let k = 0; k < K; k++) out[k].push(sum[k] / count[k]);
  }
  return out;
}
