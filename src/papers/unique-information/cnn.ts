/**
 * A small convolutional network trained from scratch (the Table 1 failure case), in float64 plain TypeScript:
 * conv(1→c1, 4×4, stride 2, pad 1)-relu → conv(c1→c2, 3×3, stride 2)-relu → fc(·→1), with PyTorch's default
 * initialisation U(±1/√fan_in). Exact per-example gradients give its empirical NTK. The official scratch CNN is
 * larger (4 conv layers of 32–256 channels, fc 256); the sizes here are a CPU choice [U].
 *
 * Parameter order: K1 (c1×4×4), b1 (c1), K2 (c2×c1×3×3), b2 (c2), w (c2×s2×s2), c (1).
 */
import type { Rng } from "../../maths/random";

export interface CnnShape { side: number; c1: number; c2: number }

export interface Cnn { shape: CnnShape; s1: number; s2: number; theta: Float64Array }

/** Output sides of the two convolutions. */
export function cnnSides(side: number): { s1: number; s2: number } {
  const s1 = Math.floor((side + 2 - 4) / 2) + 1;
  return { s1, s2: Math.floor((s1 - 3) / 2) + 1 };
}

function layout(c: Cnn) {
  const { c1, c2 } = c.shape;
  const oK1 = 0, oB1 = 16 * c1, oK2 = oB1 + c1, oB2 = oK2 + 9 * c1 * c2, oW = oB2 + c2, oC = oW + c2 * c.s2 * c.s2;
  return { oK1, oB1, oK2, oB2, oW, oC, P: oC + 1 };
}

export function cnnParameterCount(c: Cnn): number {
  return layout(c).P;
}

export function initCnn(shape: CnnShape, rng: Rng): Cnn {
  const { s1, s2 } = cnnSides(shape.side);
  if (s2 < 1) throw new RangeError(`initCnn: input side ${shape.side} is too small for two strided convolutions`);
  const c: Cnn = { shape, s1, s2, theta: new Float64Array(0) };
  const L = layout(c);
  const th = new Float64Array(L.P);
  const fill = (o: number, len: number, fanIn: number) => { const s = 1 / Math.sqrt(fanIn); for (let q = 0; q < len; q++) th[o + q] = s * (2 * rng.uniform() - 1); };
  fill(L.oK1, 16 * shape.c1, 16); fill(L.oB1, shape.c1, 16);
  fill(L.oK2, 9 * shape.c1 * shape.c2, 9 * shape.c1); fill(L.oB2, shape.c2, 9 * shape.c1);
  const f = shape.c2 * s2 * s2;
  fill(L.oW, f, f); fill(L.oC, 1, f);
  c.theta = th;
  return c;
}

/** Zero-padded copies (side + 2)² of every input image. */
function padInputs(side: number, X: Float64Array, n: number): Float64Array {
  const w = side + 2, out = new Float64Array(n * w * w);
  for (let i = 0; i < n; i++) for (let r = 0; r < side; r++) for (let s = 0; s < side; s++) out[i * w * w + (r + 1) * w + s + 1] = X[i * side * side + r * side + s];
  return out;
}

interface Scratch { Z1: Float64Array; A1: Float64Array; Z2: Float64Array; G2: Uint8Array; dA1: Float64Array }

function scratch(c: Cnn): Scratch {
  const n1 = c.shape.c1 * c.s1 * c.s1;
  return { Z1: new Float64Array(n1), A1: new Float64Array(n1), Z2: new Float64Array(c.shape.c2 * c.s2 * c.s2), G2: new Uint8Array(c.shape.c2 * c.s2 * c.s2), dA1: new Float64Array(n1) };
}

/** ReLU gates of one example: recorded from a pass (`record`) or imposed on it (`use`, activation pattern frozen). */
interface Gates { m1: Uint8Array; m2: Uint8Array; mode: "record" | "use" }

/** Output and (optionally) the gradient of f(x) with respect to every parameter, added with weight `gw` into `grad`. */
function pass(c: Cnn, xp: Float64Array, xo: number, sc: Scratch, grad?: Float64Array, gw = 1, residualOf?: (f: number) => number, gates?: Gates): number {
  const { side, c1, c2 } = c.shape, { s1, s2 } = c;
  const th = c.theta, L = layout(c), w = side + 2;
  const { Z1, A1, Z2, G2, dA1 } = sc; // Z1 holds layer 1's gates (1/0), Z2 layer 2's pre-activations, G2 its gates
  for (let o = 0; o < c1; o++) {
    const kb = L.oK1 + o * 16;
    for (let r = 0; r < s1; r++) for (let s = 0; s < s1; s++) {
      let z = th[L.oB1 + o];
      const base = xo + 2 * r * w + 2 * s;
      for (let u = 0; u < 4; u++) {
        const xr = base + u * w, kr = kb + u * 4;
        z += th[kr] * xp[xr] + th[kr + 1] * xp[xr + 1] + th[kr + 2] * xp[xr + 2] + th[kr + 3] * xp[xr + 3];
      }
      const q = (o * s1 + r) * s1 + s;
      let on = z > 0;
      if (gates) { if (gates.mode === "use") on = gates.m1[q] === 1; else gates.m1[q] = on ? 1 : 0; }
      Z1[q] = on ? 1 : 0;
      A1[q] = on ? z : 0;
    }
  }
  let f = th[L.oC];
  for (let o = 0; o < c2; o++) for (let r = 0; r < s2; r++) for (let s = 0; s < s2; s++) {
    let z = th[L.oB2 + o];
    for (let ch = 0; ch < c1; ch++) {
      const kb = L.oK2 + (o * c1 + ch) * 9, ab = (ch * s1 + 2 * r) * s1 + 2 * s;
      for (let u = 0; u < 3; u++) {
        const a = ab + u * s1, k = kb + u * 3;
        z += th[k] * A1[a] + th[k + 1] * A1[a + 1] + th[k + 2] * A1[a + 2];
      }
    }
    const q = (o * s2 + r) * s2 + s;
    let on = z > 0;
    if (gates) { if (gates.mode === "use") on = gates.m2[q] === 1; else gates.m2[q] = on ? 1 : 0; }
    Z2[q] = z;
    G2[q] = on ? 1 : 0;
    if (on) f += th[L.oW + q] * z;
  }
  if (!grad) return f;
  if (residualOf) gw = residualOf(f); // gradient of the loss: weight by the residual of this very pass
  grad[L.oC] += gw;
  dA1.fill(0);
  for (let o = 0; o < c2; o++) for (let r = 0; r < s2; r++) for (let s = 0; s < s2; s++) {
    const q = (o * s2 + r) * s2 + s;
    if (G2[q] === 0) continue;
    grad[L.oW + q] += gw * Z2[q];
    const dz = gw * th[L.oW + q];
    grad[L.oB2 + o] += dz;
    for (let ch = 0; ch < c1; ch++) {
      const kb = L.oK2 + (o * c1 + ch) * 9, ab = (ch * s1 + 2 * r) * s1 + 2 * s;
      for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) {
        const a = ab + u * s1 + v, kq = kb + u * 3 + v;
        grad[kq] += dz * A1[a];
        dA1[a] += dz * th[kq];
      }
    }
  }
  for (let o = 0; o < c1; o++) for (let r = 0; r < s1; r++) for (let s = 0; s < s1; s++) {
    const q = (o * s1 + r) * s1 + s;
    if (Z1[q] <= 0 || dA1[q] === 0) continue;
    const dz = dA1[q];
    grad[L.oB1 + o] += dz;
    const base = xo + 2 * r * w + 2 * s, kb = L.oK1 + o * 16;
    for (let u = 0; u < 4; u++) for (let v = 0; v < 4; v++) grad[kb + u * 4 + v] += dz * xp[base + u * w + v];
  }
  return f;
}

function checkX(fn: string, c: Cnn, X: Float64Array, n: number): void {
  if (X.length !== n * c.shape.side ** 2) throw new RangeError(`${fn}: X has ${X.length} entries, expected n·side² = ${n}·${c.shape.side ** 2}`);
}

/** Outputs f(X) (n). */
export function cnnForward(c: Cnn, X: Float64Array, n: number): Float64Array {
  checkX("cnnForward", c, X, n);
  const w = (c.shape.side + 2) ** 2, xp = padInputs(c.shape.side, X, n), sc = scratch(c);
  return Float64Array.from({ length: n }, (_, i) => pass(c, xp, i * w, sc));
}

/** Per-example Jacobian ∂f(x_i)/∂w (n × P). */
export function cnnJacobian(c: Cnn, X: Float64Array, n: number): Float64Array {
  checkX("cnnJacobian", c, X, n);
  const P = cnnParameterCount(c), w = (c.shape.side + 2) ** 2, xp = padInputs(c.shape.side, X, n), sc = scratch(c);
  const J = new Float64Array(n * P);
  for (let i = 0; i < n; i++) pass(c, xp, i * w, sc, J.subarray(i * P, (i + 1) * P));
  return J;
}

/** Full-batch GD on the mean loss (1/n)Σ½(f − y)² + (l2/2)‖w − w₀‖², as the official code's SGD with one batch. */
export function trainCnn(init: Cnn, X: Float64Array, Y: Float64Array, n: number, opts: { lr: number; steps: number; l2?: number }): Cnn {
  checkX("trainCnn", init, X, n);
  const l2 = opts.l2 ?? 0, d = (init.shape.side + 2) ** 2, xp = padInputs(init.shape.side, X, n);
  const c: Cnn = { ...init, theta: init.theta.slice() };
  const sc = scratch(c);
  const P = c.theta.length;
  for (let t = 0; t < opts.steps; t++) {
    const g = new Float64Array(P);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      pass(c, xp, i * d, sc, g, 1, (f) => { const r = f - Y[i]; loss += r * r; return r / n; });
    }
    if (!Number.isFinite(loss)) throw new RangeError(`trainCnn: the loss diverged at step ${t}; lower lr (${opts.lr})`);
    for (let q = 0; q < P; q++) c.theta[q] -= opts.lr * (g[q] + l2 * (c.theta[q] - init.theta[q]));
  }
  return c;
}

/**
 * Gradient of the mean loss (1/b)Σ_{i∈B}½(f(x_i) − y_i)² over a batch B of training examples, at any weight vector
 * of the network's shape (for Hessian-vector products by differences of gradients). Inputs are padded once. With
 * `frozen`, every ReLU keeps the on/off state it has at c's weights, so differences of this gradient around c give
 * the Hessian of the loss on c's activation region exactly up to O(ε) — no kink is ever crossed.
 */
export function cnnBatchLossGradient(c: Cnn, X: Float64Array, Y: Float64Array, n: number, frozen = false): (theta: Float64Array, batch: ArrayLike<number>) => Float64Array {
  checkX("cnnBatchLossGradient", c, X, n);
  const d = (c.shape.side + 2) ** 2, xp = padInputs(c.shape.side, X, n), sc = scratch(c);
  const P = cnnParameterCount(c), n1 = c.shape.c1 * c.s1 * c.s1, n2 = c.shape.c2 * c.s2 * c.s2;
  // frozen: the ReLU gates of every example are those at c's own weights (the loss restricted to that activation
  // region, whose Hessian is what autograd's Hessian-vector product returns)
  const gates: Gates[] | undefined = frozen ? Array.from({ length: n }, () => ({ m1: new Uint8Array(n1), m2: new Uint8Array(n2), mode: "record" as "record" | "use" })) : undefined;
  if (gates) for (let i = 0; i < n; i++) { pass(c, xp, i * d, sc, undefined, 1, undefined, gates[i]); gates[i].mode = "use"; }
  return (theta, batch) => {
    if (theta.length !== P) throw new RangeError(`cnnBatchLossGradient: theta has ${theta.length} entries, expected ${P}`);
    const w: Cnn = { ...c, theta };
    const g = new Float64Array(P), b = batch.length;
    for (let q = 0; q < b; q++) {
      const i = batch[q];
      pass(w, xp, i * d, sc, g, 1, (f) => (f - Y[i]) / b, gates?.[i]);
    }
    return g;
  };
}
