/**
 * The benchmark's tiny causal transformer in tfjs ops (mirrors the PyTorch model in bench/reference.py):
 * 2 pre-LayerNorm blocks, d = 128, 4 heads, feed-forward 512, T = 64, batch 32, vocabulary 64, Adam.
 * The embedding is a one-hot matmul (wasm has no UnsortedSegmentSum for the gather gradient).
 * Attention keeps tensor ranks ≤ 4 (rank-5 transposes are slow on wasm).
 */
import type * as TF from "@tensorflow/tfjs";
import { Rng } from "../src/maths/random";

export interface TinyTransformer {
  step(): Promise<number>;
  dispose(): void;
  flopsPerStep: number;
}

/** `optimizer` defaults to tf.train.adam(1e-3); it is disposed with the model. */
export function buildTinyTransformer(tf: typeof TF, rng: Rng, optimizer?: TF.Optimizer): TinyTransformer {
  const B = 32, T = 64, d = 128, H = 4, hd = d / H, ff = 512, V = 64, L = 2;
  const vars: TF.Variable[] = [];
  const param = (shape: number[], scale: number, fill?: number): TF.Variable => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = fill === undefined ? rng.fillNormal(new Float32Array(n), scale) : new Float32Array(n).fill(fill);
    const v = tf.variable(tf.tensor(data, shape));
    vars.push(v);
    return v;
  };
  const emb = param([V, d], 0.02), pos = param([T, d], 0.02);
  const blocks = Array.from({ length: L }, () => ({
    g1: param([d], 0, 1), b1: param([d], 0, 0),
    wqkv: param([d, 3 * d], 1 / Math.sqrt(d)), bqkv: param([3 * d], 0, 0),
    wo: param([d, d], 1 / Math.sqrt(d)), bo: param([d], 0, 0),
    g2: param([d], 0, 1), b2: param([d], 0, 0),
    w1: param([d, ff], 1 / Math.sqrt(d)), c1: param([ff], 0, 0),
    w2: param([ff, d], 1 / Math.sqrt(ff)), c2: param([d], 0, 0),
  }));
  const gf = param([d], 0, 1), bf = param([d], 0, 0);
  const wout = param([d, V], 1 / Math.sqrt(d)), bout = param([V], 0, 0);

  const maskData = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) maskData[i * T + j] = -1e9;
  const mask = tf.tensor2d(maskData, [T, T]);
  const tokData = new Int32Array(B * (T + 1));
  for (let i = 0; i < tokData.length; i++) tokData[i] = rng.int(V);
  const tokens = tf.tensor2d(tokData, [B, T + 1], "int32");
  // Embedding lookup as a one-hot product: the gather gradient needs UnsortedSegmentSum, which wasm lacks.
  const input = tf.oneHot(tokens.slice([0, 0], [B, T]).reshape([B * T]), V);
  const target = tf.oneHot(tokens.slice([0, 1], [B, T]).reshape([B * T]), V);
  const opt = optimizer ?? tf.train.adam(1e-3);

  const layerNorm = (x: TF.Tensor2D, g: TF.Tensor, b: TF.Tensor): TF.Tensor2D => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), g), b) as TF.Tensor2D;
  };
  const heads = (x: TF.Tensor2D): TF.Tensor4D => tf.transpose(tf.reshape(x, [B, T, H, hd]), [0, 2, 1, 3]) as TF.Tensor4D;

  const loss = (): TF.Scalar => {
    let x = tf.reshape(tf.add(tf.reshape(tf.matMul(input, emb), [B, T, d]), pos), [B * T, d]) as TF.Tensor2D;
    for (const p of blocks) {
      const h = layerNorm(x, p.g1, p.b1);
      const qkv = tf.add(tf.matMul(h, p.wqkv), p.bqkv) as TF.Tensor2D;
      const [q, k, v] = tf.split(qkv, 3, 1) as TF.Tensor2D[];
      const att = tf.softmax(tf.add(tf.mul(tf.matMul(heads(q), heads(k), false, true), 1 / Math.sqrt(hd)), mask));
      const o = tf.reshape(tf.transpose(tf.matMul(att, heads(v)), [0, 2, 1, 3]), [B * T, d]) as TF.Tensor2D;
      x = tf.add(x, tf.add(tf.matMul(o, p.wo), p.bo)) as TF.Tensor2D;
      const h2 = layerNorm(x, p.g2, p.b2);
      x = tf.add(x, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(h2, p.w1), p.c1)), p.w2), p.c2)) as TF.Tensor2D;
    }
    const logits = tf.add(tf.matMul(layerNorm(x, gf, bf), wout), bout);
    return tf.losses.softmaxCrossEntropy(target, logits) as TF.Scalar;
  };

  const tokensPerStep = B * T;
  const matmulParams = L * (3 * d * d + d * d + 2 * d * ff) + 2 * d * V; // blocks, output layer, one-hot embedding
  const attention = L * 2 * 2 * B * H * T * T * hd;
  const flopsPerStep = 3 * (2 * matmulParams * tokensPerStep + attention);

  return {
    flopsPerStep,
    async step(): Promise<number> {
      const cost = opt.minimize(loss, true, vars) as TF.Scalar;
      const v = (await cost.data())[0];
      cost.dispose();
      return v;
    },
    dispose(): void {
      for (const v of vars) v.dispose();
      opt.dispose();
      for (const t of [mask, tokens, input, target]) t.dispose();
    },
  };
}
