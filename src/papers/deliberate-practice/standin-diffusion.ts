/**
 * Stand-in B, the generator: a class-conditional diffusion model whose noise prediction is *exact*, because the
 * synthetic law of class k is Gaussian, x₀ | k ~ N(μ_k, diag(s)). DDPM noise schedule, DDIM sampling (eq. (4), η = 0),
 * classifier-free guidance (eq. (5)), and entropy guidance through the current classifier as in the authors' earlier
 * code: at each DDIM step, from x̂₀ = (x_t − √(1−ᾱ_t)ε)/√ᾱ_t the classifier sees the blend
 * √(1−ᾱ_t)·x̂₀ + (1 − √(1−ᾱ_t))·x_t, and x_t moves by ω‖x_t‖ along ∇_{x_t}H/‖∇_{x_t}H‖ (up the entropy: the sign of
 * the score form of Algorithm 1; see docs/derivations/deliberate-practice.md §7).
 *
 * For x_t ~ N(√ᾱ μ_k, ᾱ diag(s) + (1−ᾱ)I): ε_k(x_t) = √(1−ᾱ)(x_t − √ᾱ μ_k)/(ᾱ s + 1 − ᾱ) coordinate-wise; the
 * unconditional ε is the posterior mixture Σ_k π_t(k|x_t) ε_k (uniform class prior). The chain rule for ∇_{x_t}H
 * treats the posterior weights as constant (∂π/∂x_t dropped), so dε/dx_t = √(1−ᾱ)/(ᾱ s + 1 − ᾱ), diagonal.
 */
import type { Rng } from "../../maths/random";
import { fillGaussian } from "../../maths/gaussian-fill";

/** A linear softmax classifier f(x) = softmax(Wx + b), W row-major K×D. */
export interface LinearClassifier {
  K: number;
  D: number;
  W: Float64Array;
  b: Float64Array;
}

/** Class-conditional Gaussian synthetic law: means mu[k·D + j], diagonal covariance s[j]. */
export interface GaussianClasses {
  K: number;
  D: number;
  mu: Float64Array;
  s: Float64Array;
}

/** ᾱ_t of the DDPM schedule β_t linear in [βmin, βmax] over T steps (t = 0…T−1). */
export function alphaBar(T = 1000, betaMin = 1e-4, betaMax = 0.02): Float64Array {
  const out = new Float64Array(T);
  let a = 1;
  for (let t = 0; t < T; t++) {
    a *= 1 - (betaMin + ((betaMax - betaMin) * t) / (T - 1));
    out[t] = a;
  }
  return out;
}

/** Softmax probabilities (in `p`) and entropy of logits z. */
export function softmaxEntropy(z: Float64Array, p: Float64Array): number {
  let m = -Infinity;
  for (let k = 0; k < z.length; k++) m = Math.max(m, z[k]);
  let s = 0;
  for (let k = 0; k < z.length; k++) s += (p[k] = Math.exp(z[k] - m));
  let h = 0;
  for (let k = 0; k < z.length; k++) {
    p[k] /= s;
    if (p[k] > 0) h -= p[k] * Math.log(p[k]);
  }
  return h;
}

/** Logits Wx + b into z. */
export function logits(f: LinearClassifier, x: ArrayLike<number>, z: Float64Array, off = 0): Float64Array {
  for (let k = 0; k < f.K; k++) {
    let v = f.b[k];
    const row = k * f.D;
    for (let j = 0; j < f.D; j++) v += f.W[row + j] * x[off + j];
    z[k] = v;
  }
  return z;
}

export interface SamplerOptions {
  /** classifier-free guidance scale λ of eq. (5) */
  cfg: number;
  /** entropy-guidance relative step ω (0: none) */
  omega: number;
  /** the classifier whose entropy guides sampling (required when ω > 0) */
  classifier?: LinearClassifier;
  /** DDIM steps (50 in the paper's pipeline) */
  steps: number;
}

/**
 * Draws one sample of class `y` into `out` (length D) by DDIM from x_T ~ N(0, I), with CFG and optional entropy
 * guidance. Returns out. With `x0Trace`, the prediction x̂₀ of each DDIM step (eq. (4), from the latent after the
 * guidance move) is appended to it — the Fig. 8 quantity; the last one is the sample itself (ᾱ = 1 at the end).
 */
export function sampleDdim(g: GaussianClasses, y: number, o: SamplerOptions, abar: Float64Array, rng: Rng, out: Float64Array, x0Trace?: Float64Array[]): Float64Array {
  const { K, D, mu, s } = g;
  if (o.omega > 0 && !o.classifier) throw new RangeError("sampleDdim: entropy guidance (ω > 0) needs a classifier");
  const T = abar.length;
  const x = fillGaussian(rng, out);
  const eps = new Float64Array(D), epsK = new Float64Array(K * D), logw = new Float64Array(K), post = new Float64Array(K);
  const h = new Float64Array(D), z = new Float64Array(K), p = new Float64Array(K), grad = new Float64Array(D);
  for (let i = 0; i < o.steps; i++) {
    const t = Math.round(((T - 1) * (o.steps - i)) / o.steps);
    const tPrev = Math.round(((T - 1) * (o.steps - i - 1)) / o.steps);
    const a = abar[t], aPrev = i === o.steps - 1 ? 1 : abar[tPrev];
    const sa = Math.sqrt(a), s1 = Math.sqrt(1 - a);
    // Per-class ε and log-likelihoods of x_t (shared diagonal variance ᾱs + 1 − ᾱ).
    for (let k = 0; k < K; k++) {
      let ll = 0;
      for (let j = 0; j < D; j++) {
        const v = a * s[j] + 1 - a, r = x[j] - sa * mu[k * D + j];
        epsK[k * D + j] = (s1 * r) / v;
        ll -= (r * r) / (2 * v);
      }
      logw[k] = ll;
    }
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, logw[k]);
    let tot = 0;
    for (let k = 0; k < K; k++) tot += (post[k] = Math.exp(logw[k] - m));
    for (let j = 0; j < D; j++) {
      let u = 0;
      for (let k = 0; k < K; k++) u += post[k] * epsK[k * D + j];
      eps[j] = (1 + o.cfg) * epsK[y * D + j] - (o.cfg * u) / tot;
    }
    if (o.omega > 0) {
      guidanceGradient(o.classifier!, x, eps, a, s, grad, h, z, p);
      let gn = 0, xn = 0;
      for (let j = 0; j < D; j++) {
        gn += grad[j] * grad[j];
        xn += x[j] * x[j];
      }
      if (gn > 0) {
        const step = (o.omega * Math.sqrt(xn)) / Math.sqrt(gn);
        for (let j = 0; j < D; j++) x[j] += step * grad[j];
      }
    }
    // DDIM update with the noise estimate of this step (as the earlier code does after moving the latent).
    const sp = Math.sqrt(aPrev), s1p = Math.sqrt(1 - aPrev);
    const rec = x0Trace ? new Float64Array(D) : undefined;
    for (let j = 0; j < D; j++) {
      const x0 = (x[j] - s1 * eps[j]) / sa;
      if (rec) rec[j] = x0;
      x[j] = sp * x0 + s1p * eps[j];
    }
    if (rec) x0Trace!.push(rec);
  }
  return x;
}

/**
 * ∇_{x_t} H(f(h)) with h = √(1−ᾱ)·x̂₀ + (1 − √(1−ᾱ))·x_t and x̂₀ = (x_t − √(1−ᾱ)ε)/√ᾱ, for a noise estimate whose
 * Jacobian is taken as dε/dx_t = diag(√(1−ᾱ)/(ᾱs + 1 − ᾱ)) (exact for one class's ε; the posterior weights of the
 * unconditional part are held fixed). Writes the gradient into `grad` and returns H at h. Scratch arrays h (D), z, p (K).
 */
export function guidanceGradient(f: LinearClassifier, x: ArrayLike<number>, eps: ArrayLike<number>, a: number, s: ArrayLike<number>,
  grad: Float64Array, h = new Float64Array(f.D), z = new Float64Array(f.K), p = new Float64Array(f.K)): number {
  const { K, D } = f;
  const sa = Math.sqrt(a), s1 = Math.sqrt(1 - a), c = 1 - s1;
  for (let j = 0; j < D; j++) h[j] = s1 * ((x[j] - s1 * eps[j]) / sa) + c * x[j];
  const H = softmaxEntropy(logits(f, h, z), p);
  // ∂H/∂z_k = −p_k (log p_k + H); ∇_h H = Wᵀ ∂H/∂z; then the diagonal chain rule through h(x_t).
  grad.fill(0);
  for (let k = 0; k < K; k++) {
    const dz = p[k] > 0 ? -p[k] * (Math.log(p[k]) + H) : 0;
    for (let j = 0; j < D; j++) grad[j] += dz * f.W[k * D + j];
  }
  for (let j = 0; j < D; j++) {
    const J = s1 / (a * s[j] + 1 - a);
    grad[j] *= (s1 * (1 - s1 * J)) / sa + c;
  }
  return H;
}
