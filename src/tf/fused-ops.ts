/**
 * Fused LayerNorm and multi-head self-attention, each one kernel forward and one backward on the tfjs wasm backend.
 *
 * Composed from tfjs ops, a LayerNorm is ~10 kernels forward and ~30 backward over the same activations, and attention
 * with its head split, scale, mask and softmax ~25 more. Fusing them took the tiny-transformer step (bench/profile-step.ts)
 * from 110 to 77 ms CPU: most of the difference was per-kernel overhead and repeated passes over memory. Each is one C
 * loop of the native addon (native/obla) on views of the wasm heap, with its gradient given by `tf.customGrad`. Row
 * sums run in float64, so the values differ from the composed ops by float32 rounding only (unit-tested against them,
 * values and gradients). A JavaScript loop was measured too: no faster than the composed wasm-SIMD ops.
 *
 * Without the addon, on any other backend, and in the "fix" and "stock" matmul modes, the composed ops run instead.
 */
import type * as TF from "@tensorflow/tfjs";
import { loadObla } from "../maths/linalg/native";
import { matmulMode } from "./matmul-kernels";

interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface WasmBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}
interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: WasmBackend;
  attrs: Record<string, unknown>;
}

const LN = "LabLayerNorm", LN_GRAD = "LabLayerNormGrad", ATT = "LabAttention", ATT_GRAD = "LabAttentionGrad";

/** LayerNorm's ε (as in the composed version and PyTorch's default). */
export const LAYER_NORM_EPS = 1e-5;

/** The addon's fused kernels (native/obla/src/obla.c; row-major float32, outputs written in place). */
interface FusedAddon {
  layerNormForward(R: number, C: number, eps: number, X: Float32Array, G: Float32Array, B: Float32Array, Y: Float32Array, mean: Float32Array, rstd: Float32Array): void;
  layerNormBackward(R: number, C: number, DY: Float32Array, X: Float32Array, G: Float32Array, mean: Float32Array, rstd: Float32Array, DX: Float32Array, DG: Float32Array, DB: Float32Array): void;
  attentionForward(B: number, T: number, H: number, hd: number, scale: number, QKV: Float32Array, mask: Float32Array, P: Float32Array, O: Float32Array): void;
  attentionBackward(B: number, T: number, H: number, hd: number, scale: number, DO: Float32Array, QKV: Float32Array, P: Float32Array, DQKV: Float32Array): void;
}

function fusedAddon(): FusedAddon | undefined {
  const a = loadObla().addon as unknown as Partial<FusedAddon> | undefined;
  return a && typeof a.layerNormForward === "function" && typeof a.attentionBackward === "function" ? (a as FusedAddon) : undefined;
}

/** Outputs are allocated before any heap view is taken (allocation may grow, and so detach, the heap). */
function kernels(addon: FusedAddon): [string, (a: KernelArgs) => TensorInfo | TensorInfo[]][] {
  const layerNormForward = ({ inputs, backend, attrs }: KernelArgs): TensorInfo[] => {
    const { x, g, b } = inputs;
    const [R, C] = x.shape;
    const y = backend.makeOutput([R, C], "float32"), mean = backend.makeOutput([R], "float32"), rstd = backend.makeOutput([R], "float32");
    const v = (t: TensorInfo) => backend.typedArrayFromHeap(t);
    addon.layerNormForward(R, C, Number(attrs.eps), v(x), v(g), v(b), v(y), v(mean), v(rstd));
    return [y, mean, rstd];
  };
  const layerNormBackward = ({ inputs, backend }: KernelArgs): TensorInfo[] => {
    const { dy, x, g, mean, rstd } = inputs;
    const [R, C] = x.shape;
    const dx = backend.makeOutput([R, C], "float32"), dg = backend.makeOutput([C], "float32"), db = backend.makeOutput([C], "float32");
    const v = (t: TensorInfo) => backend.typedArrayFromHeap(t);
    addon.layerNormBackward(R, C, v(dy), v(x), v(g), v(mean), v(rstd), v(dx), v(dg), v(db));
    return [dx, dg, db];
  };
  const sizes = (attrs: Record<string, unknown>): [number, number, number, number, number] =>
    [Number(attrs.B), Number(attrs.T), Number(attrs.H), Number(attrs.hd), Number(attrs.scale)];
  const attentionForward = ({ inputs, backend, attrs }: KernelArgs): TensorInfo[] => {
    const { qkv, mask } = inputs;
    const [B, T, H, hd, scale] = sizes(attrs);
    const p = backend.makeOutput([B, H, T, T], "float32"), o = backend.makeOutput([B * T, H * hd], "float32");
    const v = (t: TensorInfo) => backend.typedArrayFromHeap(t);
    addon.attentionForward(B, T, H, hd, scale, v(qkv), v(mask), v(p), v(o));
    return [o, p];
  };
  const attentionBackward = ({ inputs, backend, attrs }: KernelArgs): TensorInfo => {
    const { dout, qkv, p } = inputs;
    const [B, T, H, hd, scale] = sizes(attrs);
    const dqkv = backend.makeOutput([B * T, 3 * H * hd], "float32");
    const v = (t: TensorInfo) => backend.typedArrayFromHeap(t);
    addon.attentionBackward(B, T, H, hd, scale, v(dout), v(qkv), v(p), v(dqkv));
    return dqkv;
  };
  return [[LN, layerNormForward], [LN_GRAD, layerNormBackward], [ATT, attentionForward], [ATT_GRAD, attentionBackward]];
}

let installed: boolean | undefined;

/** Registers the kernels on the wasm backend once; false when the addon (or its fused kernels) is not available. */
function install(tf: typeof TF): boolean {
  if (installed === undefined) {
    const addon = fusedAddon();
    if (addon) {
      for (const [kernelName, f] of kernels(addon)) {
        if (!tf.getKernel(kernelName, "wasm")) tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc: f as unknown as TF.KernelFunc });
      }
    }
    installed = addon !== undefined;
  }
  return installed;
}

/** Whether the fused kernels run: the wasm backend in the "blas" matmul mode (the native addon); installs them on first use. */
export function fusedOpsActive(tf: typeof TF): boolean {
  return tf.getBackend() === "wasm" && matmulMode() === "blas" && install(tf);
}

/** LayerNorm over the last axis of x [rows, cols] with gain g and bias b [cols], composed from tfjs ops. */
export function layerNormComposed(tf: typeof TF, x: TF.Tensor2D, g: TF.Tensor, b: TF.Tensor): TF.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LAYER_NORM_EPS))), g), b) as TF.Tensor2D;
}

/** LayerNorm over the last axis (ε = {@link LAYER_NORM_EPS}): fused where {@link fusedOpsActive}, composed otherwise. */
export function layerNorm(tf: typeof TF, x: TF.Tensor2D, g: TF.Tensor, b: TF.Tensor): TF.Tensor2D {
  if (x.rank !== 2 || g.size !== x.shape[1] || b.size !== x.shape[1] || x.dtype !== "float32") {
    throw new RangeError(`layerNorm: x must be float32 [rows, cols] with gain and bias of size cols, got x ${x.dtype} [${x.shape}], gain [${g.shape}], bias [${b.shape}]`);
  }
  if (!fusedOpsActive(tf)) return layerNormComposed(tf, x, g, b);
  const run = (name: string, inputs: Record<string, TF.Tensor>, attrs: Record<string, number> = {}): TF.Tensor[] =>
    tf.engine().runKernel(name, inputs as unknown as TF.NamedTensorMap, attrs) as unknown as TF.Tensor[];
  const f = tf.customGrad(((xi: TF.Tensor, gi: TF.Tensor, bi: TF.Tensor, save: TF.GradSaveFunc) => {
    const [y, mean, rstd] = run(LN, { x: xi, g: gi, b: bi }, { eps: LAYER_NORM_EPS });
    save([xi, gi, mean, rstd]);
    return {
      value: y,
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [xs, gs, ms, ss] = saved;
        const [dx, dg, db] = run(LN_GRAD, { dy, x: xs, g: gs, mean: ms, rstd: ss });
        return [dx, tf.reshape(dg, gs.shape), tf.reshape(db, bi.shape)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x, g, b) as TF.Tensor2D;
}

/**
 * Multi-head self-attention on packed projections qkv [B·t, 3d] (per row q | k | v; head h owns columns h·d/H..):
 * for each sequence and head, softmax(Q Kᵀ/√(d/H) + mask) V, heads concatenated into [B·t, d]; mask [t, t] is
 * additive. Composed from tfjs ops (ranks ≤ 4: rank-5 transposes are slow on wasm).
 */
export function multiHeadAttentionComposed(tf: typeof TF, qkv: TF.Tensor2D, B: number, t: number, heads: number, mask: TF.Tensor2D): TF.Tensor2D {
  const d = qkv.shape[1] / 3, hd = d / heads;
  const split = (x: TF.Tensor2D): TF.Tensor4D => tf.transpose(tf.reshape(x, [B, t, heads, hd]), [0, 2, 1, 3]) as TF.Tensor4D;
  const [q, k, v] = tf.split(qkv, 3, 1) as TF.Tensor2D[];
  const att = tf.softmax(tf.add(tf.mul(tf.matMul(split(q), split(k), false, true), 1 / Math.sqrt(hd)), mask));
  return tf.reshape(tf.transpose(tf.matMul(att, split(v)), [0, 2, 1, 3]), [B * t, d]) as TF.Tensor2D;
}

/** {@link multiHeadAttentionComposed}, fused (one kernel each way, no gradient to the mask) where {@link fusedOpsActive}. */
export function multiHeadAttention(tf: typeof TF, qkv: TF.Tensor2D, B: number, t: number, heads: number, mask: TF.Tensor2D): TF.Tensor2D {
  const d = qkv.shape[1] / 3;
  if (qkv.rank !== 2 || qkv.dtype !== "float32" || qkv.shape[0] !== B * t || !Number.isInteger(d / heads) || d < 1 ||
      mask.rank !== 2 || mask.shape[0] !== t || mask.shape[1] !== t) {
    throw new RangeError(`multiHeadAttention: qkv must be float32 [B·t, 3d] with d divisible by heads and mask [t, t]; got qkv ${qkv.dtype} [${qkv.shape}], B ${B}, t ${t}, heads ${heads}, mask [${mask.shape}]`);
  }
  if (!fusedOpsActive(tf)) return multiHeadAttentionComposed(tf, qkv, B, t, heads, mask);
  const attrs = { B, T: t, H: heads, hd: d / heads, scale: 1 / Math.sqrt(d / heads) };
  const f = tf.customGrad(((x: TF.Tensor, save: TF.GradSaveFunc) => {
    const [o, p] = tf.engine().runKernel(ATT, { qkv: x, mask } as unknown as TF.NamedTensorMap, attrs) as unknown as TF.Tensor[];
    save([x, p]);
    return {
      value: o,
      gradFunc: (dout: TF.Tensor, saved: TF.Tensor[]) =>
        tf.engine().runKernel(ATT_GRAD, { dout, qkv: saved[0], p: saved[1] } as unknown as TF.NamedTensorMap, attrs) as TF.Tensor,
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(qkv) as TF.Tensor2D;
}
