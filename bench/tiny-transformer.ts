/**
 * The benchmark's tiny causal transformer (mirrors the PyTorch model in bench/reference.py), built from the shared
 * src/tf/transformer.ts: 2 pre-LayerNorm blocks, d = 128, 4 heads, feed-forward 512, T = 64, batch 32,
 * vocabulary 64, Adam, on fixed random tokens.
 */
import type * as TF from "@tensorflow/tfjs";
import { Rng } from "../src/maths/random";
import { causalMask, transformerHidden, transformerLogits, transformerParams, transformerStepFlops, type TransformerShape } from "../src/tf/transformer";

export interface TinyTransformer {
  step(): Promise<number>;
  dispose(): void;
  flopsPerStep: number;
}

/** `optimizer` defaults to tf.train.adam(1e-3); it is disposed with the model. */
export function buildTinyTransformer(tf: typeof TF, rng: Rng, optimizer?: TF.Optimizer): TinyTransformer {
  const B = 32, T = 64;
  const shape: TransformerShape = { vocab: 64, maxLen: T, dModel: 128, heads: 4, ff: 512, layers: 2 };
  const P = transformerParams(tf, shape, { embedding: 0.02, residualOut: 1 }, rng);
  const mask = causalMask(tf, T);
  const tokData = new Int32Array(B * (T + 1));
  for (let i = 0; i < tokData.length; i++) tokData[i] = rng.int(shape.vocab);
  const tokens = tf.tensor2d(tokData, [B, T + 1], "int32");
  const input = tf.oneHot(tokens.slice([0, 0], [B, T]).reshape([B * T]), shape.vocab) as TF.Tensor2D;
  const target = tf.oneHot(tokens.slice([0, 1], [B, T]).reshape([B * T]), shape.vocab);
  const opt = optimizer ?? tf.train.adam(1e-3);
  const loss = (): TF.Scalar => tf.losses.softmaxCrossEntropy(target, transformerLogits(tf, P, transformerHidden(tf, P, input, B, T, mask))) as TF.Scalar;
  return {
    flopsPerStep: transformerStepFlops(shape, B, T),
    async step(): Promise<number> {
      const cost = opt.minimize(loss, true, P.vars) as TF.Scalar;
      const v = (await cost.data())[0];
      cost.dispose();
      return v;
    },
    dispose(): void {
      for (const v of P.vars) v.dispose();
      opt.dispose();
      for (const t of [mask, tokens, input, target]) t.dispose();
    },
  };
}
