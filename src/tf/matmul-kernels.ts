/**
 * Replacement BatchMatMul and _FusedMatMul kernels for the tfjs wasm backend.
 *
 * The stock wasm kernels use XNNPACK only for untransposed, unbatched products; every other layout (all
 * backprop matmuls dW = XᵀG and dX = GWᵀ, `transposeB` products, batched attention) falls to a scalar
 * loop at 0.4–2 GFLOP/s. Two replacements, chosen per call by the current {@link MatmulMode}:
 *
 * - `"blas"`: OpenBLAS `sgemm` from the native addon, zero-copy on views of the wasm heap (the output is
 *   allocated first, because allocation may grow — and so detach — the heap). Bias and the simple fused
 *   activations are applied in place afterwards.
 * - `"fix"` (pure wasm): materialise transposes with the wasm Transpose kernel, fold the batch into rows
 *   when b is unbatched, otherwise loop over batch slices, and call the stock kernel's fast path.
 * - `"stock"`: the original kernels (for comparison and benchmarks).
 *
 * Every path is checked against the reference cpu backend in test/tf (values and gradients).
 */
import type * as TF from "@tensorflow/tfjs";
import type { OblaAddon } from "../maths/linalg/native";

export type MatmulMode = "blas" | "fix" | "stock";

/** The slice of the wasm backend's interface these kernels use. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  disposeData(dataId: object): void;
}
interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface KernelArgs {
  inputs: Record<string, TensorInfo | null | undefined>;
  backend: WasmBackend;
  attrs: Record<string, unknown>;
}
type KernelFn = (args: KernelArgs) => TensorInfo;

interface Stock {
  batchMatMul: KernelFn;
  fusedMatMul: KernelFn;
  transpose: KernelFn;
  reshape: KernelFn;
  slice: KernelFn;
  concat: (args: { inputs: TensorInfo[]; backend: WasmBackend; attrs: Record<string, unknown> }) => TensorInfo;
}

let mode: MatmulMode = "fix";
let addon: OblaAddon | undefined;
let installed = false;

/** Selects the matmul implementation used from now on ("blas" needs the addon). */
export function setMatmulMode(next: MatmulMode): void {
  if (next !== "blas" && next !== "fix" && next !== "stock") {
    throw new RangeError(`setMatmulMode: mode must be "blas", "fix" or "stock", got ${JSON.stringify(next)}`);
  }
  if (next === "blas" && !addon) throw new Error("setMatmulMode: \"blas\" needs the native OpenBLAS addon, which is not loaded");
  mode = next;
}

/** The matmul implementation currently used by the wasm backend. */
export function matmulMode(): MatmulMode {
  return mode;
}

const SMALL_BATCHED = 1 << 20;

interface Geometry {
  M: number; N: number; K: number;
  batchA: number; batchB: number; batch: number;
  outShape: number[];
}

function prod(xs: number[]): number {
  let p = 1;
  for (const x of xs) p *= x;
  return p;
}

/** Shapes of op(a)·op(b) for the supported cases (b or a unbatched, or equal batch shapes); undefined otherwise. */
function geometry(a: TensorInfo, b: TensorInfo, tA: boolean, tB: boolean): Geometry | undefined {
  const ra = a.shape.length, rb = b.shape.length;
  if (ra < 2 || rb < 2) return undefined;
  const M = tA ? a.shape[ra - 1] : a.shape[ra - 2];
  const K = tA ? a.shape[ra - 2] : a.shape[ra - 1];
  const Kb = tB ? b.shape[rb - 1] : b.shape[rb - 2];
  const N = tB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (K !== Kb) return undefined; // the stock kernel reports the mismatch
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  const batchA = prod(outerA), batchB = prod(outerB);
  let outer: number[];
  if (batchB === 1 && outerB.length <= outerA.length) outer = outerA;
  else if (batchA === 1 && outerA.length <= outerB.length) outer = outerB;
  else if (outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i])) outer = outerA;
  else return undefined;
  return { M, N, K, batchA, batchB, batch: Math.max(batchA, batchB), outShape: [...outer, M, N] };
}

/** out := op(a)·op(b) with OpenBLAS on views of the wasm heap. */
function blasMatMul(backend: WasmBackend, a: TensorInfo, b: TensorInfo, tA: boolean, tB: boolean, g: Geometry): TensorInfo {
  const o = addon as OblaAddon;
  const out = backend.makeOutput(g.outShape, "float32");
  const C = backend.typedArrayFromHeap(out);
  const { M, N, K, batchA, batchB, batch } = g;
  if (M * N === 0) return out;
  if (K === 0) {
    C.fill(0);
    return out;
  }
  const A = backend.typedArrayFromHeap(a);
  const B = backend.typedArrayFromHeap(b);
  if (batchB === 1 && !tA) {
    o.sgemm(false, tB, batchA * M, N, K, 1, A, B, 0, C);
    return out;
  }
  const sa = M * K, sb = K * N, sc = M * N;
  for (let i = 0; i < batch; i++) {
    const ia = batchA === 1 ? 0 : i, ib = batchB === 1 ? 0 : i;
    o.sgemm(tA, tB, M, N, K, 1, A.subarray(ia * sa, ia * sa + sa), B.subarray(ib * sb, ib * sb + sb), 0, C.subarray(i * sc, i * sc + sc));
  }
  return out;
}

/** Pure-wasm fast path: explicit transposes + the stock kernel's untransposed, unbatched (XNNPACK) product. */
function fixMatMul(stock: Stock, backend: WasmBackend, a: TensorInfo, b: TensorInfo, tA: boolean, tB: boolean, g: Geometry): TensorInfo {
  const temps: TensorInfo[] = [];
  const swapLast = (t: TensorInfo): TensorInfo => {
    const r = t.shape.length;
    const perm = Array.from({ length: r }, (_, i) => i);
    perm[r - 2] = r - 1;
    perm[r - 1] = r - 2;
    const y = stock.transpose({ inputs: { x: t }, backend, attrs: { perm } });
    temps.push(y);
    return y;
  };
  const reshape = (t: TensorInfo, shape: number[]): TensorInfo => {
    const y = stock.reshape({ inputs: { x: t }, backend, attrs: { shape } });
    temps.push(y);
    return y;
  };
  const plain = { transposeA: false, transposeB: false };
  const { M, N, K, batchA, batchB, batch } = g;
  try {
    const a2 = tA ? swapLast(a) : a;
    const b2 = tB ? swapLast(b) : b;
    if (batchB === 1) {
      const r = stock.batchMatMul({ inputs: { a: reshape(a2, [batchA * M, K]), b: reshape(b2, [K, N]) }, backend, attrs: plain });
      temps.push(r);
      return stock.reshape({ inputs: { x: r }, backend, attrs: { shape: g.outShape } });
    }
    const a3 = reshape(a2, [batchA, M, K]);
    const b3 = reshape(b2, [batchB, K, N]);
    const parts: TensorInfo[] = [];
    for (let i = 0; i < batch; i++) {
      const sa = stock.slice({ inputs: { x: a3 }, backend, attrs: { begin: [batchA === 1 ? 0 : i, 0, 0], size: [1, M, K] } });
      const sb = stock.slice({ inputs: { x: b3 }, backend, attrs: { begin: [i, 0, 0], size: [1, K, N] } });
      temps.push(sa, sb);
      const r = stock.batchMatMul({ inputs: { a: sa, b: sb }, backend, attrs: plain });
      temps.push(r);
      parts.push(r);
    }
    const cat = stock.concat({ inputs: parts, backend, attrs: { axis: 0 } });
    temps.push(cat);
    return stock.reshape({ inputs: { x: cat }, backend, attrs: { shape: g.outShape } });
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

type Activation = "linear" | "relu" | "relu6" | "leakyrelu" | "sigmoid" | "elu";
const JS_ACTIVATIONS = new Set(["linear", "relu", "relu6", "leakyrelu", "sigmoid", "elu"]);

function applyBiasActivation(C: Float32Array, N: number, bias: Float32Array | undefined, act: Activation, alpha: number): void {
  const n = C.length;
  if (bias) {
    if (bias.length === N) {
      for (let i = 0; i < n; i += N) for (let j = 0; j < N; j++) C[i + j] += bias[j];
    } else {
      const b0 = bias[0];
      for (let i = 0; i < n; i++) C[i] += b0;
    }
  }
  switch (act) {
    case "linear": return;
    case "relu": for (let i = 0; i < n; i++) if (C[i] < 0) C[i] = 0; return;
    case "relu6": for (let i = 0; i < n; i++) C[i] = Math.min(6, Math.max(0, C[i])); return;
    case "leakyrelu": for (let i = 0; i < n; i++) if (C[i] < 0) C[i] *= alpha; return;
    case "sigmoid": for (let i = 0; i < n; i++) C[i] = 1 / (1 + Math.exp(-C[i])); return;
    case "elu": for (let i = 0; i < n; i++) if (C[i] < 0) C[i] = Math.expm1(C[i]); return;
  }
}

/**
 * Replaces the wasm BatchMatMul, _FusedMatMul and Sum kernels (once per process; Sum only changes in "blas" mode). `obla` enables the "blas" mode;
 * the initial mode is "blas" when it is given, else "fix".
 */
export function installWasmMatmulKernels(tf: typeof TF, obla: OblaAddon | undefined): void {
  if (obla) addon = obla;
  mode = addon ? "blas" : "fix";
  if (installed) return;
  const get = (name: string): KernelFn => {
    const k = tf.getKernel(name, "wasm");
    if (!k) throw new Error(`initTf: the wasm backend has no ${name} kernel`);
    return k.kernelFunc as unknown as KernelFn;
  };
  const stockBMM = tf.getKernel("BatchMatMul", "wasm");
  const stockFused = tf.getKernel("_FusedMatMul", "wasm");
  if (!stockBMM || !stockFused) throw new Error("initTf: the wasm backend has no BatchMatMul/_FusedMatMul kernel");
  const stock: Stock = {
    batchMatMul: stockBMM.kernelFunc as unknown as KernelFn,
    fusedMatMul: stockFused.kernelFunc as unknown as KernelFn,
    transpose: get("Transpose"),
    reshape: get("Reshape"),
    slice: get("Slice"),
    concat: get("Concat") as unknown as Stock["concat"],
  };

  const batchMatMul: KernelFn = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const tA = args.attrs.transposeA === true, tB = args.attrs.transposeB === true;
    if (mode === "stock" || a.dtype !== "float32" || b.dtype !== "float32") return stock.batchMatMul(args);
    const g = geometry(a, b, tA, tB);
    if (!g) return stock.batchMatMul(args);
    if (mode === "blas" && addon) return blasMatMul(args.backend, a, b, tA, tB, g);
    if (!tA && !tB && g.batch === 1) return stock.batchMatMul(args);
    if (g.batchB > 1 && g.M * g.N * g.K < SMALL_BATCHED) return stock.batchMatMul(args);
    return fixMatMul(stock, args.backend, a, b, tA, tB, g);
  };

  const fusedMatMul: KernelFn = (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | null | undefined>;
    const tA = args.attrs.transposeA === true, tB = args.attrs.transposeB === true;
    const activation = String(args.attrs.activation ?? "linear");
    if (mode === "stock" || !a || !b || a.dtype !== "float32" || b.dtype !== "float32") return stock.fusedMatMul(args);
    const g = geometry(a, b, tA, tB);
    if (!g) return stock.fusedMatMul(args);
    const simple = preluActivationWeights == null && JS_ACTIVATIONS.has(activation) &&
      (bias == null || (bias.dtype === "float32" && bias.shape.length <= 1 && (prod(bias.shape) === g.N || prod(bias.shape) === 1)));
    if (mode === "blas" && addon && simple) {
      const out = blasMatMul(args.backend, a, b, tA, tB, g);
      const C = args.backend.typedArrayFromHeap(out);
      const bv = bias ? args.backend.typedArrayFromHeap(bias) : undefined;
      applyBiasActivation(C, g.N, bv, activation as Activation, Number(args.attrs.leakyreluAlpha ?? 0.2));
      return out;
    }
    if (!tA && !tB) return stock.fusedMatMul(args);
    // Materialise the transposes, then the stock fused kernel's untransposed path.
    const temps: TensorInfo[] = [];
    try {
      const swap = (t: TensorInfo): TensorInfo => {
        const r = t.shape.length;
        const perm = Array.from({ length: r }, (_, i) => i);
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        const y = stock.transpose({ inputs: { x: t }, backend: args.backend, attrs: { perm } });
        temps.push(y);
        return y;
      };
      const a2 = tA ? swap(a) : a, b2 = tB ? swap(b) : b;
      return stock.fusedMatMul({ ...args, inputs: { ...args.inputs, a: a2, b: b2 }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of temps) args.backend.disposeData(t.dataId);
    }
  };

  // Sum over leading axes (bias and LayerNorm-gain gradients, [rows, cols] → [cols]): the stock kernel first
  // transposes with a slow generic transpose; in "blas" mode it is one sgemm with a ones vector instead.
  const stockSum = tf.getKernel("Sum", "wasm");
  if (stockSum) {
    const sumFn = stockSum.kernelFunc as unknown as KernelFn;
    let ones = new Float32Array(0);
    const sum: KernelFn = (args) => {
      const x = args.inputs.x as TensorInfo;
      if (mode !== "blas" || !addon || x.dtype !== "float32") return sumFn(args);
      const r = x.shape.length;
      let axes: number[];
      try {
        axes = tf.util.parseAxisParam(args.attrs.axis as number | number[], x.shape).slice().sort((p, q) => p - q);
      } catch {
        return sumFn(args);
      }
      const k = axes.length;
      if (k === 0 || k >= r || axes.some((ax, i) => ax !== i)) return sumFn(args);
      const rows = prod(x.shape.slice(0, k)), cols = prod(x.shape.slice(k));
      if (rows < 2 || cols === 0) return sumFn(args);
      const outShape = args.attrs.keepDims === true ? [...new Array<number>(k).fill(1), ...x.shape.slice(k)] : x.shape.slice(k);
      const out = args.backend.makeOutput(outShape, "float32");
      if (ones.length < rows) ones = new Float32Array(rows).fill(1);
      addon.sgemm(false, false, 1, cols, rows, 1, ones.subarray(0, rows), args.backend.typedArrayFromHeap(x), 0, args.backend.typedArrayFromHeap(out));
      return out;
    };
    tf.unregisterKernel("Sum", "wasm");
    tf.registerKernel({ ...stockSum, kernelFunc: sum as unknown as TF.KernelFunc });
  }

  tf.unregisterKernel("BatchMatMul", "wasm");
  tf.registerKernel({ ...stockBMM, kernelFunc: batchMatMul as unknown as TF.KernelFunc });
  tf.unregisterKernel("_FusedMatMul", "wasm");
  tf.registerKernel({ ...stockFused, kernelFunc: fusedMatMul as unknown as TF.KernelFunc });
  installed = true;
}
