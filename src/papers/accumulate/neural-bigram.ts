/**
 * A small neural language model with one token of context, for the language-model stand-in:
 * hidden state h(s) = tanh(A[s] + b₁) ∈ ℝᴴ (A is the V×H context embedding), next-token logits h(s)·W + b₂,
 * Q(·|s) = softmax. Trained by full-batch Adam on the mean token cross-entropy of a corpus. With one token of
 * context that loss depends on the corpus only through its transition counts C[s, t]:
 *   L = (1/N) Σ_s Σ_t C[s,t]·(−log Q(t|s)),   ∂L/∂logit[s,t] = (n_s·Q(t|s) − C[s,t]) / N,
 * so a training step costs three V×V×H matrix products, whatever the corpus size. A fresh initialisation is drawn
 * for every fit (the paper re-initialises its models at every iteration).
 */
import type { Rng } from "../../maths/random";
import { fillGaussian } from "../../maths/gaussian-fill";
import { asMatrix, matmul } from "../../maths/linalg/index";

/** Architecture and optimiser of the stand-in network (this reproduction's choice [U]). */
export interface NeuralBigramOptions {
  hidden: number;
  steps: number;
  lr: number;
}

/** Row-wise softmax of a V×V logit array, in place; returns it. */
function softmaxRows(Z: Float64Array, V: number): Float64Array {
  for (let s = 0; s < V; s++) {
    const r = s * V;
    let mx = -Infinity;
    for (let t = 0; t < V; t++) if (Z[r + t] > mx) mx = Z[r + t];
    let sum = 0;
    for (let t = 0; t < V; t++) sum += (Z[r + t] = Math.exp(Z[r + t] - mx));
    for (let t = 0; t < V; t++) Z[r + t] /= sum;
  }
  return Z;
}

class Adam {
  private m: Float64Array;
  private v: Float64Array;
  private t = 0;
  constructor(private readonly p: Float64Array, private readonly lr: number) {
    this.m = new Float64Array(p.length);
    this.v = new Float64Array(p.length);
  }
  step(g: Float64Array): void {
    const b1 = 0.9, b2 = 0.999, eps = 1e-8;
    this.t++;
    const c1 = 1 - Math.pow(b1, this.t), c2 = 1 - Math.pow(b2, this.t);
    for (let i = 0; i < this.p.length; i++) {
      this.m[i] = b1 * this.m[i] + (1 - b1) * g[i];
      this.v[i] = b2 * this.v[i] + (1 - b2) * g[i] * g[i];
      this.p[i] -= (this.lr * (this.m[i] / c1)) / (Math.sqrt(this.v[i] / c2) + eps);
    }
  }
}

/**
 * Fits the network to transition counts C (V×V, C[s·V + t]) and returns its next-token table Q (V×V).
 * Also returns the final training loss (mean token cross-entropy on the corpus).
 */
export function fitNeuralBigram(C: Float64Array, V: number, o: NeuralBigramOptions, rng: Rng): { Q: Float64Array; trainLoss: number } {
  const fn = "fitNeuralBigram";
  if (!Number.isInteger(V) || V < 2 || C.length !== V * V) throw new RangeError(`${fn}: counts must be V×V with V ≥ 2, got length ${C.length} for V = ${V}`);
  const { hidden: H, steps, lr } = o;
  if (!Number.isInteger(H) || H < 1) throw new RangeError(`${fn}: hidden must be a positive integer, got ${H}`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`${fn}: steps must be a positive integer, got ${steps}`);
  if (!(lr > 0)) throw new RangeError(`${fn}: lr must be > 0, got ${lr}`);
  const ns = new Float64Array(V);
  let N = 0;
  for (let s = 0; s < V; s++) {
    for (let t = 0; t < V; t++) ns[s] += C[s * V + t];
    N += ns[s];
  }
  if (!(N > 0)) throw new RangeError(`${fn}: the corpus has no transitions`);
  const A = fillGaussian(rng, new Float64Array(V * H), 1);
  const W = fillGaussian(rng, new Float64Array(H * V), 1 / Math.sqrt(H));
  const b1 = new Float64Array(H), b2 = new Float64Array(V);
  const opt = [new Adam(A, lr), new Adam(W, lr), new Adam(b1, lr), new Adam(b2, lr)];
  const h = new Float64Array(V * H);
  const forward = (): Float64Array => {
    for (let s = 0; s < V; s++) for (let j = 0; j < H; j++) h[s * H + j] = Math.tanh(A[s * H + j] + b1[j]);
    const Z = matmul(asMatrix(V, H, h), asMatrix(H, V, W)).data;
    for (let s = 0; s < V; s++) for (let t = 0; t < V; t++) Z[s * V + t] += b2[t];
    return softmaxRows(Z, V);
  };
  const G = new Float64Array(V * V);
  for (let it = 0; it < steps; it++) {
    const Q = forward();
    for (let s = 0; s < V; s++) for (let t = 0; t < V; t++) G[s * V + t] = (ns[s] * Q[s * V + t] - C[s * V + t]) / N;
    const gW = matmul(asMatrix(V, H, h), asMatrix(V, V, G), { transA: true }).data; // hᵀG
    const gb2 = new Float64Array(V);
    for (let s = 0; s < V; s++) for (let t = 0; t < V; t++) gb2[t] += G[s * V + t];
    const dh = matmul(asMatrix(V, V, G), asMatrix(H, V, W), { transB: true }).data; // G Wᵀ
    const gA = new Float64Array(V * H), gb1 = new Float64Array(H);
    for (let k = 0; k < V * H; k++) {
      const g = dh[k] * (1 - h[k] * h[k]);
      gA[k] = g;
      gb1[k % H] += g;
    }
    opt[0].step(gA);
    opt[1].step(gW);
    opt[2].step(gb1);
    opt[3].step(gb2);
  }
  const Q = forward();
  let loss = 0;
  for (let k = 0; k < V * V; k++) if (C[k] > 0) loss -= C[k] * Math.log(Q[k]);
  return { Q, trainLoss: loss / N };
}
