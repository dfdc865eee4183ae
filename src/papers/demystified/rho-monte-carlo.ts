/**
 * Monte-Carlo estimate of ρ = E tr(RΣ̂Σ⁻¹Σ̂RΣ), R = (Σ̂ + λI)⁻¹ (docs/derivations/demystified.md §3), for a diagonal Σ: the quantity
 * the deterministic equivalent {@link rhoEquivalent} approximates. With Σ̂ = V S Vᵀ and D = S/(S+λ),
 * tr(RΣ̂Σ⁻¹Σ̂RΣ) = tr(D·A·D·B) with A = VᵀΣ⁻¹V and B = VᵀΣV.
 */
import type { Rng } from "../../maths/random";
import { meanAndStderr } from "../../maths/stats";
import { eighSym, gramTT } from "./ops";
import { sampleDesign } from "./simulate";

/** tr(RΣ̂Σ⁻¹Σ̂RΣ) for one Gaussian design of T rows. */
export function rhoDraw(eigs: ArrayLike<number>, T: number, lambda: number, rng: Rng): number {
  const d = eigs.length;
  for (let j = 0; j < d; j++) if (!(eigs[j] > 0)) throw new RangeError(`rhoDraw: Σ must be positive definite, eigs[${j}] = ${eigs[j]}`);
  if (!(lambda > 0)) throw new RangeError(`rhoDraw: lambda must be > 0, got ${lambda}`);
  const X = sampleDesign(T, eigs, rng);
  const G = gramTT(X, T, d);
  for (let k = 0; k < G.length; k++) G[k] /= T;
  const { values, vt } = eighSym(G, d);
  const D = values.map((s) => (s > 0 ? s / (s + lambda) : 0));
  // A_ij = Σ_k vt[i,k] vt[j,k] / λ_k, B_ij = Σ_k vt[i,k] vt[j,k] λ_k; tr(DADB) = Σ_ij D_i A_ij D_j B_ij (A, B symmetric)
  const U = new Float64Array(d * d), W = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const v = vt[i * d + k];
      U[i * d + k] = v / Math.sqrt(eigs[k]);
      W[i * d + k] = v * Math.sqrt(eigs[k]);
    }
  }
  let tr = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let a = 0, b = 0;
      for (let k = 0; k < d; k++) {
        a += U[i * d + k] * U[j * d + k];
        b += W[i * d + k] * W[j * d + k];
      }
      tr += (i === j ? 1 : 2) * D[i] * D[j] * a * b;
    }
  }
  return tr;
}

/** Mean and standard error of {@link rhoDraw} over `draws` independent designs. */
export function rhoMonteCarlo(eigs: ArrayLike<number>, T: number, lambda: number, draws: number, rng: Rng): { mean: number; se: number } {
  if (!Number.isInteger(draws) || draws < 2) throw new RangeError(`rhoMonteCarlo: draws must be an integer ≥ 2, got ${draws}`);
  const xs: number[] = [];
  for (let s = 0; s < draws; s++) xs.push(rhoDraw(eigs, T, lambda, rng));
  const m = meanAndStderr(xs.map((x) => [x]));
  return { mean: m.mean[0], se: m.se[0] };
}
