/**
 * tfjs's gradients of Sum and Mean with the array of ones made on the backend.
 *
 * tfjs broadcasts dy to x's shape by multiplying it with `ones(x.shape)`, which builds a JavaScript array of x's size
 * on every backward pass (and on wasm copies it onto the heap): on the tiny-transformer step (ten LayerNorm means over
 * 2048×128 activations) ~5 % of the step's CPU time and ~10 MB of garbage per step. Here the ones are made with
 * `fill`, which on wasm writes them straight into the heap. The operations are otherwise those of tfjs 4.22
 * (reshape, multiply by ones, divide by the reduced size), so the gradients are the same numbers.
 */
import type * as TF from "@tensorflow/tfjs";

let installed = false;

/** Registers these Sum and Mean gradients in place of tfjs's (once per process; every backend). */
export function installGradients(tf: typeof TF): void {
  if (installed) return;
  const expandedDy = (dy: TF.Tensor, x: TF.Tensor, axis: unknown): { dyx: TF.Tensor; axes: number[] } => {
    const axes = tf.util.parseAxisParam(axis as number | number[], x.shape);
    const shape = x.shape.slice();
    for (const a of axes) shape[a] = 1;
    return { dyx: tf.reshape(dy, shape), axes };
  };
  const ones = (shape: number[]): TF.Tensor => tf.fill(shape, 1, "float32");
  tf.registerGradient({
    kernelName: "Sum",
    inputsToSave: ["x"],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0];
      const { dyx } = expandedDy(dy as TF.Tensor, x, (attrs as { axis: unknown }).axis);
      const der = tf.mul(dyx, ones(x.shape));
      return { x: () => der };
    },
  });
  tf.registerGradient({
    kernelName: "Mean",
    inputsToSave: ["x"],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0];
      return {
        x: () => {
          const { dyx, axes } = expandedDy(dy as TF.Tensor, x, (attrs as { axis: unknown }).axis);
          let reduceSize = 1;
          for (const a of axes) reduceSize *= x.shape[a];
          return tf.div(tf.mul(dyx, ones(x.shape)), reduceSize);
        },
      };
    },
  });
  installed = true;
}
