/**
 * The three parts of the downstream ridge error, simulated separately (docs/derivations/demystified.md §3).
 * Downstream ridge on T rows labelled by a teacher ŵ_n = w₀ + e_n with noise ε: ŵ = RΣ̂ŵ_n + RXᵀε/T,
 * R = (Σ̂ + λI)⁻¹, so ŵ − w₀ = b + v + c with
 * - bias b = (RΣ̂ − I)w₀ (the clean bias, −λRw₀ for λ > 0),
 * - variance v = RXᵀε/T (the downstream label noise),
 * - chain c = RΣ̂e_n (the synthetic generations' error carried through the ridge fit).
 * ε and e_n are zero-mean and independent of each other and of X, so the cross terms vanish in expectation and
 * E‖ŵ − w₀‖²_Σ = E‖b‖²_Σ + E‖v‖²_Σ + E‖c‖²_Σ — the B, V and n·σ₀²ρ/(T₀ − d − 1) of the theory. Per draw the three
 * squared norms are returned separately, so each term can be compared with its own deterministic equivalent.
 */
import type { Rng } from "../../maths/random";
import { isConstant, projectRows } from "./ops";
import { downstreamSpectralFit } from "./simulate";

/** Per-λ squared Σ-norms of the three parts for one downstream draw; chain[t][l] per teacher. */
export interface RidgeTermsDraw { bias: number[]; variance: number[]; chain: number[][] }

/**
 * One fresh downstream design of T rows and noise (shared by every teacher and λ: common random numbers), one
 * eigendecomposition of Σ̂ = XᵀX/T; returns ‖b‖²_Σ, ‖v‖²_Σ per λ and ‖c‖²_Σ per (teacher, λ). λ = 0 is the min-norm /
 * OLS fit (directions with no data contribute to the bias only).
 */
export function downstreamRidgeTerms(
  eigs: ArrayLike<number>, w0: ArrayLike<number>, teachers: ArrayLike<number>[], T: number, sigma: number,
  lambdas: readonly number[], rng: Rng,
): RidgeTermsDraw {
  const fn = "downstreamRidgeTerms";
  const d = eigs.length;
  if (w0.length !== d) throw new RangeError(`${fn}: w0 has length ${w0.length}, expected d = ${d}`);
  for (const t of teachers) if (t.length !== d) throw new RangeError(`${fn}: every teacher must have length d = ${d}, got ${t.length}`);
  for (const l of lambdas) if (!(l >= 0) || !Number.isFinite(l)) throw new RangeError(`${fn}: every lambda must be finite and ≥ 0, got ${l}`);
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`${fn}: sigma must be finite and ≥ 0, got ${sigma}`);
  const { values: s, vt, bE, a0 } = downstreamSpectralFit(eigs, w0, T, sigma, rng);
  const dev = teachers.map((t) => {
    const e = new Float64Array(d);
    for (let j = 0; j < d; j++) e[j] = t[j] - w0[j];
    return projectRows(vt, d, e); // Vᵀ e_n
  });
  // ‖Vu‖²_Σ for coordinates u in the eigenbasis of Σ̂
  const isotropic = isConstant(eigs);
  const w = new Float64Array(d);
  const sigmaNorm = (u: Float64Array): number => {
    if (isotropic) {
      let e = 0;
      for (let i = 0; i < d; i++) e += u[i] * u[i];
      return eigs[0] * e;
    }
    w.fill(0);
    for (let i = 0; i < d; i++) {
      const ui = u[i];
      if (ui === 0) continue;
      const r = i * d;
      for (let j = 0; j < d; j++) w[j] += ui * vt[r + j];
    }
    let e = 0;
    for (let j = 0; j < d; j++) e += eigs[j] * w[j] * w[j];
    return e;
  };
  const u = new Float64Array(d);
  const out: RidgeTermsDraw = { bias: [], variance: [], chain: teachers.map(() => []) };
  for (const lambda of lambdas) {
    for (let i = 0; i < d; i++) u[i] = s[i] > 0 ? (-lambda / (s[i] + lambda)) * a0[i] : -a0[i];
    out.bias.push(sigmaNorm(u));
    for (let i = 0; i < d; i++) u[i] = s[i] > 0 ? bE[i] / (s[i] + lambda) : 0;
    out.variance.push(sigmaNorm(u));
    dev.forEach((e, t) => {
      for (let i = 0; i < d; i++) u[i] = s[i] > 0 ? (s[i] / (s[i] + lambda)) * e[i] : 0;
      out.chain[t].push(sigmaNorm(u));
    });
  }
  return out;
}
