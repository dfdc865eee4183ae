/**
 * Copy-free Identity/Cast and a heap-view Slice/SplitV for the tfjs wasm backend.
 *
 * Measured on the tiny-transformer training step (bench/profile-step.ts): the stock wasm kernels copy where no
 * copy is needed, and it adds up to ~15 % of a step.
 *
 * - `Identity` — called by the engine for every tensor a gradient saves (`saveTensorsForBackwardMode` clones
 *   it) — copies the whole buffer; here it shares the buffer and counts a reference, as the cpu backend does.
 *   tfjs tensors are immutable (a Variable's `assign` swaps its buffer, it does not write into it), so a shared
 *   buffer is never seen to change.
 * - `Cast` to the same dtype (the gradient of those clones) copies too; here it shares the buffer.
 * - `Slice` (and `SplitV`, which slices) first copies the WHOLE input out of the heap (`readSync`) and then the
 *   selected part; here the selected part is copied straight from a view of the heap, in contiguous runs.
 *
 * The results are the same bytes. Active in the "blas" and "fix" matmul modes; "stock" restores the original
 * kernels (see ./matmul-kernels).
 */
import type * as TF from "@tensorflow/tfjs";
import { matmulMode } from "./matmul-kernels";

interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface WasmBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  incRef(dataId: object): void;
}
interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: WasmBackend;
  attrs: Record<string, unknown>;
}
type KernelFn = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** Dtypes stored as plain typed arrays on the wasm heap (strings live outside it). */
const NUMERIC = new Set(["float32", "int32", "bool"]);

function shared(backend: WasmBackend, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
}

/**
 * out := x[begin : begin + size] (row-major), copying contiguous runs from heap views.
 * The output is allocated before the views are taken (allocation may grow, and so detach, the heap).
 */
function sliceFromHeap(backend: WasmBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size.slice(), x.dtype);
  const total = size.reduce((a, b) => a * b, 1);
  if (total === 0) return out;
  const xv = backend.typedArrayFromHeap(x);
  const ov = backend.typedArrayFromHeap(out);
  const shape = x.shape, r = shape.length;
  const strides = new Array<number>(r);
  let s = 1;
  for (let i = r - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  // Innermost axis k such that axes > k are taken whole: each run covers axes k..r-1 (size[k]·strides[k] elements).
  let k = r - 1;
  while (k > 0 && size[k] === shape[k]) k--;
  const run = k <= 0 ? total : size[k] * strides[k];
  let base = 0;
  for (let i = 0; i < r; i++) base += begin[i] * strides[i];
  if (k <= 0) {
    ov.set(xv.subarray(base, base + total));
    return out;
  }
  // Odometer over axes 0..k-1.
  const idx = new Array<number>(k).fill(0);
  let off = base, o = 0;
  for (;;) {
    ov.set(xv.subarray(off, off + run), o);
    o += run;
    let a = k - 1;
    while (a >= 0) {
      idx[a]++;
      off += strides[a];
      if (idx[a] < size[a]) break;
      off -= size[a] * strides[a];
      idx[a] = 0;
      a--;
    }
    if (a < 0) break;
  }
  return out;
}

/** Replaces the wasm Identity, Cast, Slice and SplitV kernels (once per process). */
export function installWasmCopyKernels(tf: typeof TF): void {
  if (installed) return;
  const replace = (name: string, make: (stock: KernelFn) => KernelFn): void => {
    const k = tf.getKernel(name, "wasm");
    if (!k) return;
    const stock = k.kernelFunc as unknown as KernelFn;
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel({ ...k, kernelFunc: make(stock) as unknown as TF.KernelFunc });
  };
  const active = (): boolean => matmulMode() !== "stock";

  replace("Identity", (stock) => (args) => {
    const x = args.inputs.x;
    return active() && NUMERIC.has(x.dtype) ? shared(args.backend, x) : stock(args);
  });
  replace("Cast", (stock) => (args) => {
    const x = args.inputs.x;
    return active() && NUMERIC.has(x.dtype) && args.attrs.dtype === x.dtype ? shared(args.backend, x) : stock(args);
  });
  const parse = (x: TensorInfo, begin: unknown, size: unknown): [number[], number[]] =>
    tf.slice_util.parseSliceParams(x as unknown as TF.TensorInfo, begin as number[], size as number[]) as [number[], number[]];
  replace("Slice", (stock) => (args) => {
    const x = args.inputs.x;
    if (!active() || !NUMERIC.has(x.dtype)) return stock(args);
    const [b, s] = parse(x, args.attrs.begin, args.attrs.size);
    return sliceFromHeap(args.backend, x, b, s);
  });
  replace("SplitV", (stock) => (args) => {
    const x = args.inputs.x;
    if (!active() || !NUMERIC.has(x.dtype)) return stock(args);
    const axis = tf.util.parseAxisParam(args.attrs.axis as number, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as unknown as TF.Tensor, args.attrs.numOrSizeSplits as number[] | number, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((n) => {
      const size = x.shape.slice();
      size[axis] = n;
      const piece = sliceFromHeap(args.backend, x, begin, size);
      begin[axis] += n;
      return piece;
    });
  });
  installed = true;
}

let installed = false;
