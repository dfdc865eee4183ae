/**
 * Small TensorFlow.js models with hand-written backpropagation.
 *
 * Every matrix product is laid out so that the wasm backend takes its fast (untransposed) path:
 * transposes are materialised explicitly and inputs travel with their transpose ({@link Inputs}).
 * All functions are meant to run inside `tf.tidy`.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { Rng } from "../../maths/random";
import type { Tf } from "./tfjs";

type Tensor2D = tfjs.Tensor2D;

/** A batch of inputs: x (n×d) and its transpose (d×n). */
export interface Inputs {
  x: Tensor2D;
  xT: Tensor2D;
}

export interface ForwardPass {
  /** Outputs n×K (logits, or predictions for regression). */
  out: Tensor2D;
  /** Gradients of the parameters (same order as `params`) for the given dL/d(out). */
  backward(dOut: Tensor2D): tfjs.Tensor[];
}

export interface Model {
  readonly params: tfjs.Variable[];
  readonly outDim: number;
  forward(inp: Inputs): ForwardPass;
  /** Copies of the current parameter values (for checkpoints). */
  snapshot(): Float32Array[];
  restore(values: Float32Array[]): void;
  dispose(): void;
}

let uid = 0;
function name(prefix: string): string {
  uid++;
  return `mat_${prefix}_${uid}`;
}

/** U(−b, b) entries of a given size from our Rng. */
export function uniformInit(size: number, bound: number, rng: Rng): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (2 * rng.uniform() - 1) * bound;
  return out;
}

function baseModel(tf: Tf, params: tfjs.Variable[]): Pick<Model, "snapshot" | "restore" | "dispose"> {
  return {
    snapshot: () => params.map((p) => p.dataSync().slice() as Float32Array),
    restore: (values) => {
      if (values.length !== params.length) throw new RangeError(`restore: expected ${params.length} arrays, got ${values.length}`);
      params.forEach((p, i) => p.assign(tf.tensor(values[i], p.shape, "float32")));
    },
    dispose: () => params.forEach((p) => p.dispose()),
  };
}

/**
 * Linear model f(x) = W x (+ b) with K outputs. W is stored transposed (K×d) so that both the
 * forward product (Wᵀ·xᵀ) and the gradient (dOutᵀ·x) are untransposed matrix products.
 *
 * @param init "torch": U(−1/√d, 1/√d) like PyTorch's nn.Linear; "zero": zeros.
 */
export function linearModel(tf: Tf, dim: number, outDim: number, rng: Rng, opts: { bias?: boolean; init?: "torch" | "zero" } = {}): Model {
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`linearModel: dim must be a positive integer, got ${dim}`);
  if (!Number.isInteger(outDim) || outDim < 1) throw new RangeError(`linearModel: outDim must be a positive integer, got ${outDim}`);
  const bound = 1 / Math.sqrt(dim);
  const zero = opts.init === "zero";
  const wT = tf.variable(tf.tensor2d(zero ? new Float32Array(outDim * dim) : uniformInit(outDim * dim, bound, rng), [outDim, dim]), true, name("wT"));
  const params: tfjs.Variable[] = [wT];
  let b: tfjs.Variable | undefined;
  if (opts.bias) {
    b = tf.variable(tf.tensor1d(zero ? new Float32Array(outDim) : uniformInit(outDim, bound, rng)), true, name("b"));
    params.push(b);
  }
  return {
    params,
    outDim,
    forward(inp) {
      let out = (wT.matMul(inp.xT) as Tensor2D).transpose() as Tensor2D;
      if (b) out = out.add(b);
      return {
        out,
        backward(dOut) {
          const gW = dOut.transpose().matMul(inp.x);
          return b ? [gW, dOut.sum(0)] : [gW];
        },
      };
    },
    ...baseModel(tf, params),
  };
}

export type Activation = "tanh" | "relu";

/**
 * Multi-layer perceptron sizes[0] → … → sizes[L] with the given hidden activation and a linear
 * output layer.
 *
 * @param init "torch": weights and biases U(−1/√fan_in, 1/√fan_in) (PyTorch default);
 *             "xavier": weights U(±√(6/(fan_in+fan_out))), zero biases (XRM's ColorMNIST MLP).
 */
export function mlpModel(tf: Tf, sizes: number[], activation: Activation, rng: Rng, init: "torch" | "xavier" = "torch"): Model {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new RangeError(`mlpModel: sizes must be ≥ 2 positive integers, got [${sizes}]`);
  const Ws: tfjs.Variable[] = [];
  const bs: tfjs.Variable[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const fin = sizes[l - 1];
    const fout = sizes[l];
    const wb = init === "xavier" ? Math.sqrt(6 / (fin + fout)) : 1 / Math.sqrt(fin);
    Ws.push(tf.variable(tf.tensor2d(uniformInit(fin * fout, wb, rng), [fin, fout]), true, name("W")));
    bs.push(tf.variable(tf.tensor1d(init === "xavier" ? new Float32Array(fout) : uniformInit(fout, 1 / Math.sqrt(fin), rng)), true, name("b")));
  }
  const params: tfjs.Variable[] = [];
  for (let l = 0; l < Ws.length; l++) params.push(Ws[l], bs[l]);
  const L = Ws.length;
  const act = (z: tfjs.Tensor) => (activation === "tanh" ? tf.tanh(z) : tf.relu(z));
  return {
    params,
    outDim: sizes[sizes.length - 1],
    forward(inp) {
      const acts: Tensor2D[] = [inp.x];
      let h: Tensor2D = inp.x;
      for (let l = 0; l < L; l++) {
        const z = h.matMul(Ws[l] as tfjs.Tensor as Tensor2D).add(bs[l]) as Tensor2D;
        h = l < L - 1 ? (act(z) as Tensor2D) : z;
        if (l < L - 1) acts.push(h);
      }
      return {
        out: h,
        backward(dOut) {
          const grads: tfjs.Tensor[] = new Array(2 * L);
          let dz: Tensor2D = dOut;
          for (let l = L - 1; l >= 0; l--) {
            const aT = l === 0 ? inp.xT : (acts[l].transpose() as Tensor2D);
            grads[2 * l] = aT.matMul(dz);
            grads[2 * l + 1] = dz.sum(0);
            if (l > 0) {
              const da = dz.matMul((Ws[l] as tfjs.Tensor as Tensor2D).transpose());
              const a = acts[l];
              dz = (activation === "tanh" ? da.mul(tf.scalar(1).sub(a.square())) : da.mul(a.greater(0).cast("float32"))) as Tensor2D;
            }
          }
          return grads;
        },
      };
    },
    ...baseModel(tf, params),
  };
}

/** Uploads a row-major n×d array as {@link Inputs}. */
export function toInputs(tf: Tf, x: Float32Array, n: number, d: number): Inputs {
  if (x.length !== n * d) throw new RangeError(`toInputs: expected ${n}×${d} = ${n * d} values, got ${x.length}`);
  const xt = tf.tensor2d(x, [n, d]);
  return { x: xt, xT: tf.keep(xt.transpose()) as Tensor2D };
}

/** Rows `idx` of uploaded inputs (a minibatch), with its transpose. */
export function gatherInputs(tf: Tf, inp: Inputs, idx: Int32Array): Inputs {
  const x = tf.gather(inp.x, tf.tensor1d(idx, "int32")) as Tensor2D;
  return { x, xT: x.transpose() as Tensor2D };
}

export function disposeInputs(inp: Inputs): void {
  inp.x.dispose();
  inp.xT.dispose();
}

/** Model outputs (n×K, row-major) for all inputs, in chunks. */
export function predictAll(tf: Tf, model: Model, inp: Inputs): Float32Array {
  return tf.tidy(() => model.forward(inp).out.dataSync() as Float32Array);
}
