/**
 * A small MLP variational auto-encoder for the VAE stand-in (Figs. 5–6), with hand-written gradients:
 * encoder x → h₁ = relu(xW₁ + b₁) → (μ, log σ²); z = μ + σ·ε; decoder z → h₂ = relu(zW₂ + b₂) → p = sigmoid(h₂W₃ + b₃).
 * Loss per image: Bernoulli negative log-likelihood Σ_j softplus(a_j) − x_j·a_j (a = logits, x ∈ [0, 1] grey levels)
 * plus KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ (1 + log σ² − μ² − σ²). Trained by Adam on minibatches, a fixed number of steps.
 */
import type { Rng } from "../../maths/random";
import { fillGaussian } from "../../maths/gaussian-fill";
import { asMatrix, matmul } from "../../maths/linalg/index";

/** Architecture and training of the stand-in VAE (this reproduction's choice [U]). */
export interface VaeOptions {
  hidden: number;
  latent: number;
  steps: number;
  batch: number;
  lr: number;
}

/** VAE parameters (row-major weight matrices). */
export interface Vae {
  D: number;
  H: number;
  L: number;
  W1: Float64Array; b1: Float64Array;
  Wm: Float64Array; bm: Float64Array;
  Wv: Float64Array; bv: Float64Array;
  W2: Float64Array; b2: Float64Array;
  W3: Float64Array; b3: Float64Array;
}

const mm = (A: Float64Array, B: Float64Array, m: number, k: number, n: number, o: { transA?: boolean; transB?: boolean } = {}): Float64Array =>
  matmul(asMatrix(o.transA ? k : m, o.transA ? m : k, A), asMatrix(o.transB ? n : k, o.transB ? k : n, B), o).data;

function addBias(Y: Float64Array, b: Float64Array, rows: number): void {
  const n = b.length;
  for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) Y[i * n + j] += b[j];
}
function colSum(G: Float64Array, rows: number, cols: number): Float64Array {
  const s = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) s[j] += G[i * cols + j];
  return s;
}
const softplus = (a: number): number => (a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a)));
const sigmoid = (a: number): number => 1 / (1 + Math.exp(-a));

/** A freshly initialised VAE (He-style normal weights, zero biases). */
export function initVae(D: number, o: VaeOptions, rng: Rng): Vae {
  const { hidden: H, latent: L } = o;
  const w = (rows: number, cols: number) => fillGaussian(rng, new Float64Array(rows * cols), Math.sqrt(2 / rows));
  return {
    D, H, L,
    W1: w(D, H), b1: new Float64Array(H),
    Wm: w(H, L), bm: new Float64Array(L),
    Wv: fillGaussian(rng, new Float64Array(H * L), 0.01), bv: new Float64Array(L),
    W2: w(L, H), b2: new Float64Array(H),
    W3: w(H, D), b3: new Float64Array(D),
  };
}

/** Encoder outputs for a batch: h₁ pre-activations, μ and log σ². */
function encode(v: Vae, x: Float64Array, B: number): { a1: Float64Array; h1: Float64Array; mu: Float64Array; lv: Float64Array } {
  const a1 = mm(x, v.W1, B, v.D, v.H);
  addBias(a1, v.b1, B);
  const h1 = a1.map((a) => (a > 0 ? a : 0));
  const mu = mm(h1, v.Wm, B, v.H, v.L);
  addBias(mu, v.bm, B);
  const lv = mm(h1, v.Wv, B, v.H, v.L);
  addBias(lv, v.bv, B);
  for (let k = 0; k < lv.length; k++) lv[k] = Math.max(-10, Math.min(10, lv[k]));
  return { a1, h1, mu, lv };
}

/** Decoder logits for latent codes z (B×L). */
function decodeLogits(v: Vae, z: Float64Array, B: number): { a2: Float64Array; h2: Float64Array; a3: Float64Array } {
  const a2 = mm(z, v.W2, B, v.L, v.H);
  addBias(a2, v.b2, B);
  const h2 = a2.map((a) => (a > 0 ? a : 0));
  const a3 = mm(h2, v.W3, B, v.H, v.D);
  addBias(a3, v.b3, B);
  return { a2, h2, a3 };
}

/** Bernoulli means decoded from z (B×L) → B×D in [0, 1]. */
export function decode(v: Vae, z: Float64Array, B: number): Float64Array {
  return decodeLogits(v, z, B).a3.map(sigmoid);
}

/** Mean loss per image on `x` (n×D): reconstruction NLL at z = μ plus the KL term (deterministic). */
export function vaeTestLoss(v: Vae, x: Float64Array, n: number): number {
  const { mu, lv } = encode(v, x, n);
  const { a3 } = decodeLogits(v, mu, n);
  let s = 0;
  for (let k = 0; k < a3.length; k++) s += softplus(a3[k]) - x[k] * a3[k];
  for (let k = 0; k < mu.length; k++) s += -0.5 * (1 + lv[k] - mu[k] * mu[k] - Math.exp(lv[k]));
  return s / n;
}

class Adam {
  private m: Float64Array[];
  private s: Float64Array[];
  private t = 0;
  constructor(private readonly ps: Float64Array[], private readonly lr: number) {
    this.m = ps.map((p) => new Float64Array(p.length));
    this.s = ps.map((p) => new Float64Array(p.length));
  }
  step(gs: Float64Array[]): void {
    const b1 = 0.9, b2 = 0.999, eps = 1e-8;
    this.t++;
    const c1 = 1 - Math.pow(b1, this.t), c2 = 1 - Math.pow(b2, this.t);
    this.ps.forEach((p, q) => {
      const g = gs[q], m = this.m[q], s = this.s[q];
      for (let i = 0; i < p.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        s[i] = b2 * s[i] + (1 - b2) * g[i] * g[i];
        p[i] -= (this.lr * (m[i] / c1)) / (Math.sqrt(s[i] / c2) + eps);
      }
    });
  }
}

/** Gradients of the mean batch loss (one reparameterised sample per image), in the order of {@link params}. */
export function vaeGradients(v: Vae, x: Float64Array, B: number, eps: Float64Array): { loss: number; grads: Float64Array[] } {
  const { D, H, L } = v;
  const { a1, h1, mu, lv } = encode(v, x, B);
  const z = new Float64Array(B * L), sd = new Float64Array(B * L);
  for (let k = 0; k < z.length; k++) {
    sd[k] = Math.exp(0.5 * lv[k]);
    z[k] = mu[k] + sd[k] * eps[k];
  }
  const { a2, h2, a3 } = decodeLogits(v, z, B);
  let loss = 0;
  const dA3 = new Float64Array(B * D);
  for (let k = 0; k < a3.length; k++) {
    loss += softplus(a3[k]) - x[k] * a3[k];
    dA3[k] = (sigmoid(a3[k]) - x[k]) / B;
  }
  for (let k = 0; k < mu.length; k++) loss += -0.5 * (1 + lv[k] - mu[k] * mu[k] - Math.exp(lv[k]));
  const dW3 = mm(h2, dA3, H, B, D, { transA: true }), db3 = colSum(dA3, B, D);
  const dA2 = mm(dA3, v.W3, B, D, H, { transB: true });
  for (let k = 0; k < dA2.length; k++) if (a2[k] <= 0) dA2[k] = 0;
  const dW2 = mm(z, dA2, L, B, H, { transA: true }), db2 = colSum(dA2, B, H);
  const dZ = mm(dA2, v.W2, B, H, L, { transB: true });
  const dMu = new Float64Array(B * L), dLv = new Float64Array(B * L);
  for (let k = 0; k < dZ.length; k++) {
    dMu[k] = dZ[k] + mu[k] / B;
    dLv[k] = (dZ[k] * eps[k] * sd[k]) / 2 + (Math.exp(lv[k]) - 1) / (2 * B);
  }
  const dWm = mm(h1, dMu, H, B, L, { transA: true }), dbm = colSum(dMu, B, L);
  const dWv = mm(h1, dLv, H, B, L, { transA: true }), dbv = colSum(dLv, B, L);
  const dH1 = mm(dMu, v.Wm, B, L, H, { transB: true });
  const dH1v = mm(dLv, v.Wv, B, L, H, { transB: true });
  for (let k = 0; k < dH1.length; k++) dH1[k] = a1[k] > 0 ? dH1[k] + dH1v[k] : 0;
  const dW1 = mm(x, dH1, D, B, H, { transA: true }), db1 = colSum(dH1, B, H);
  return { loss: loss / B, grads: [dW1, db1, dWm, dbm, dWv, dbv, dW2, db2, dW3, db3] };
}

/** The parameter arrays of a VAE, in gradient order. */
export function params(v: Vae): Float64Array[] {
  return [v.W1, v.b1, v.Wm, v.bm, v.Wv, v.bv, v.W2, v.b2, v.W3, v.b3];
}

/** Trains a fresh VAE on `data` (n×D) for `o.steps` Adam steps on random minibatches. */
export function trainVae(data: Float64Array, n: number, D: number, o: VaeOptions, rng: Rng): Vae {
  if (data.length !== n * D || n < 1) throw new RangeError(`trainVae: data must be n×D = ${n}×${D}, got length ${data.length}`);
  if (!Number.isInteger(o.batch) || o.batch < 1 || !Number.isInteger(o.steps) || o.steps < 1) throw new RangeError(`trainVae: batch and steps must be positive integers`);
  const v = initVae(D, o, rng);
  const opt = new Adam(params(v), o.lr);
  const B = o.batch, x = new Float64Array(B * D), eps = new Float64Array(B * o.latent);
  for (let it = 0; it < o.steps; it++) {
    for (let b = 0; b < B; b++) {
      const i = rng.int(n);
      x.set(data.subarray(i * D, (i + 1) * D), b * D);
    }
    fillGaussian(rng, eps);
    opt.step(vaeGradients(v, x, B, eps).grads);
  }
  return v;
}

/** n samples: z ~ N(0, I), images = decoder means (grey levels in [0, 1]). */
export function sampleVae(v: Vae, n: number, rng: Rng): Float64Array {
  return decode(v, fillGaussian(rng, new Float64Array(n * v.L)), n);
}
