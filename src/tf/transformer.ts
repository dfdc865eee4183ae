/**
 * A small causal pre-LayerNorm transformer in tfjs ops, shared by the benchmark and the notebooks' transformer
 * stand-ins: token embedding (a one-hot matmul: the gather gradient needs UnsortedSegmentSum, which wasm lacks),
 * learned positions, `layers` blocks of multi-head causal self-attention and a ReLU feed-forward layer, a final
 * LayerNorm and an output projection. LayerNorm and attention are the fused kernels of ./fused-ops where they are
 * active (wasm with the native addon), else composed from tfjs ops.
 */
import type * as TF from "@tensorflow/tfjs";
import type { Rng } from "../maths/random";
import { layerNorm, multiHeadAttention } from "./fused-ops";

export interface TransformerShape { vocab: number; maxLen: number; dModel: number; heads: number; ff: number; layers: number }

/** Initial scales: N(0, embedding²) for token and position embeddings; `residualOut` multiplies the 1/√fan-in scale of the two matrices that write into the residual stream. */
export interface TransformerInit { embedding: number; residualOut: number }

type BlockName = "g1" | "b1" | "wqkv" | "bqkv" | "wo" | "bo" | "g2" | "b2" | "w1" | "c1" | "w2" | "c2";

export interface TransformerParams {
  shape: TransformerShape;
  emb: TF.Variable; pos: TF.Variable; gf: TF.Variable; bf: TF.Variable; wout: TF.Variable; bout: TF.Variable;
  blocks: Record<BlockName, TF.Variable>[];
  /** every trainable variable, in creation order */
  vars: TF.Variable[];
}

/** Fresh parameters: Gaussian matrices (N(0, 1/fan-in) unless stated), LayerNorm gains 1, biases 0; draws from `rng` in a fixed order. */
export function transformerParams(tf: typeof TF, shape: TransformerShape, init: TransformerInit, rng: Rng): TransformerParams {
  const { vocab: V, maxLen: T, dModel: d, heads: H, ff, layers } = shape;
  if (![V, T, d, H, ff, layers].every((v) => Number.isInteger(v) && v >= 1) || d % H !== 0) {
    throw new RangeError(`transformerParams: sizes must be positive integers with dModel divisible by heads, got ${JSON.stringify(shape)}`);
  }
  const vars: TF.Variable[] = [];
  const param = (dims: number[], scale: number, fill?: number): TF.Variable => {
    const n = dims.reduce((a, b) => a * b, 1);
    const data = fill === undefined ? rng.fillNormal(new Float32Array(n), scale) : new Float32Array(n).fill(fill);
    const v = tf.variable(tf.tensor(data, dims));
    vars.push(v);
    return v;
  };
  const emb = param([V, d], init.embedding), pos = param([T, d], init.embedding);
  const blocks = Array.from({ length: layers }, () => ({
    g1: param([d], 0, 1), b1: param([d], 0, 0),
    wqkv: param([d, 3 * d], 1 / Math.sqrt(d)), bqkv: param([3 * d], 0, 0),
    wo: param([d, d], init.residualOut / Math.sqrt(d)), bo: param([d], 0, 0),
    g2: param([d], 0, 1), b2: param([d], 0, 0),
    w1: param([d, ff], 1 / Math.sqrt(d)), c1: param([ff], 0, 0),
    w2: param([ff, d], init.residualOut / Math.sqrt(ff)), c2: param([d], 0, 0),
  }));
  const gf = param([d], 0, 1), bf = param([d], 0, 0);
  const wout = param([d, V], 1 / Math.sqrt(d)), bout = param([V], 0, 0);
  return { shape, emb, pos, blocks, gf, bf, wout, bout, vars };
}

/** The additive causal mask [t, t] (−1e9 above the diagonal). The caller owns the tensor. */
export function causalMask(tf: typeof TF, t: number): TF.Tensor2D {
  const md = new Float32Array(t * t);
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) md[i * t + j] = -1e9;
  return tf.tensor2d(md, [t, t]);
}

/**
 * Residual stream [B·t, d] after the last block (before the final LayerNorm) for one-hot tokens `oneHot` [B·t, vocab]
 * of B sequences of length t ≤ maxLen; `mask` is {@link causalMask}(t).
 */
export function transformerHidden(tf: typeof TF, P: TransformerParams, oneHot: TF.Tensor2D, B: number, t: number, mask: TF.Tensor2D): TF.Tensor2D {
  const { dModel: d, heads: H, maxLen } = P.shape;
  if (!(Number.isInteger(t) && t >= 1 && t <= maxLen)) throw new RangeError(`transformerHidden: sequence length must lie in [1, ${maxLen}], got ${t}`);
  const pos = t === maxLen ? P.pos : P.pos.slice([0, 0], [t, d]);
  let x = tf.reshape(tf.add(tf.reshape(tf.matMul(oneHot, P.emb), [B, t, d]), pos), [B * t, d]) as TF.Tensor2D;
  for (const p of P.blocks) {
    const h = layerNorm(tf, x, p.g1, p.b1);
    const qkv = tf.add(tf.matMul(h, p.wqkv), p.bqkv) as TF.Tensor2D;
    const o = multiHeadAttention(tf, qkv, B, t, H, mask);
    x = tf.add(x, tf.add(tf.matMul(o, p.wo), p.bo)) as TF.Tensor2D;
    const h2 = layerNorm(tf, x, p.g2, p.b2);
    x = tf.add(x, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(h2, p.w1), p.c1)), p.w2), p.c2)) as TF.Tensor2D;
  }
  return x;
}

/** Output logits [rows, vocab] of residual-stream rows h [rows, d]: final LayerNorm, then the output projection. */
export function transformerLogits(tf: typeof TF, P: TransformerParams, h: TF.Tensor2D): TF.Tensor2D {
  return tf.add(tf.matMul(layerNorm(tf, h, P.gf, P.bf), P.wout), P.bout) as TF.Tensor2D;
}

/** Multiply–add FLOPs of one training step (forward + backward ≈ 3× forward) on B sequences of length t. */
export function transformerStepFlops(shape: TransformerShape, B: number, t: number): number {
  const { vocab: V, dModel: d, ff, layers: L } = shape;
  const matmulParams = L * (3 * d * d + d * d + 2 * d * ff) + 2 * d * V; // blocks, output layer, one-hot embedding
  const attention = L * 2 * 2 * B * t * t * d;
  return 3 * (2 * matmulParams * B * t + attention);
}
