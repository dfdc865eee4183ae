/**
 * Where a tfjs training step spends its time (not a test; nothing asserts timings).
 *
 * Usage: node --import tsx bench/profile-step.ts [transformer|mlp] [steps] [--shapes]
 *
 * Wraps every kernel registered for the active backend with a timer, runs `steps` training steps after a
 * warm-up, and prints per-kernel totals (calls, CPU ms per step) against the whole step, so that the time
 * spent inside kernels can be told apart from the per-op overhead around them (tape, tidy, dispatch, dataSync).
 * The wrappers add a little overhead of their own (two clock reads per kernel call); the step is also timed
 * without them first.
 */
import type * as TF from "@tensorflow/tfjs";
import { fusedAdam, initTf } from "../src/tf";
import { createRng } from "../src/maths/random";
import { buildTinyTransformer } from "./tiny-transformer";

const which = process.argv[2] ?? "transformer";
const steps = Number(process.argv[3] ?? 10);
/** --shapes: matmul kernels are reported per operand shapes */
const byShape = process.argv.includes("--shapes");

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function main(): Promise<void> {
  const { tf, detail } = await initTf();
  process.stderr.write(`profile: ${detail}\n`);
  let step: () => Promise<unknown>;
  if (which === "transformer") {
    const tr = buildTinyTransformer(tf, createRng(3), fusedAdam(tf, 1e-3));
    step = () => tr.step();
  } else if (which === "mlp") {
    const rng = createRng(2);
    const X = tf.tensor2d(rng.fillNormal(new Float32Array(256 * 784)), [256, 784]);
    const Y = tf.tensor1d(Array.from({ length: 256 }, () => rng.int(10)), "float32");
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [784], units: 512, activation: "relu" }),
        tf.layers.dense({ units: 512, activation: "relu" }),
        tf.layers.dense({ units: 10 }),
      ],
    });
    model.compile({ optimizer: fusedAdam(tf, 1e-3), loss: "sparseCategoricalCrossentropy" });
    step = () => model.trainOnBatch(X, Y);
  } else {
    throw new RangeError(`profile-step: benchmark must be "transformer" or "mlp", got ${JSON.stringify(which)}`);
  }
  for (let i = 0; i < 3; i++) await step();
  const plain: number[] = [];
  for (let i = 0; i < steps; i++) {
    const c0 = cpuMs();
    await step();
    plain.push(cpuMs() - c0);
  }
  plain.sort((a, b) => a - b);
  const stepMs = plain[plain.length >> 1];

  const backend = tf.getBackend();
  const totals = new Map<string, { calls: number; ms: number }>();
  for (const k of tf.getKernelsForBackend(backend)) {
    const f = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, backend);
    tf.registerKernel({
      ...k,
      kernelFunc: ((args: Parameters<TF.KernelFunc>[0]) => {
        const t0 = cpuMs();
        const out = f(args);
        const { a, b } = args.inputs as Record<string, TF.TensorInfo | undefined>;
        const shapes = Object.values(args.inputs as Record<string, TF.TensorInfo | undefined>).map((t) => (t ? t.shape.join("×") : "–")).join(" · ");
        const key = !byShape ? k.kernelName
          : a && b ? `${k.kernelName} ${a.shape.join("×")}${args.attrs?.transposeA ? "ᵀ" : ""} · ${b.shape.join("×")}${args.attrs?.transposeB ? "ᵀ" : ""}`
            : `${k.kernelName} ${shapes}${"axis" in (args.attrs ?? {}) ? ` axis ${JSON.stringify((args.attrs as { axis: unknown }).axis)}` : ""}`;
        const t = totals.get(key) ?? { calls: 0, ms: 0 };
        t.calls += 1;
        t.ms += cpuMs() - t0;
        totals.set(key, t);
        return out;
      }) as TF.KernelFunc,
    });
  }
  for (let i = 0; i < 2; i++) await step();
  totals.clear();
  const c0 = cpuMs();
  const w0 = performance.now();
  for (let i = 0; i < steps; i++) await step();
  const wrappedCpu = (cpuMs() - c0) / steps;
  const wrappedWall = (performance.now() - w0) / steps;
  const rows = [...totals.entries()].map(([name, t]) => ({ name, calls: t.calls / steps, ms: t.ms / steps })).sort((a, b) => b.ms - a.ms);
  const inKernels = rows.reduce((s, r) => s + r.ms, 0);
  const calls = rows.reduce((s, r) => s + r.calls, 0);
  console.log(`${which}: step ${stepMs.toFixed(1)} ms CPU (median of ${steps}, unwrapped); wrapped ${wrappedCpu.toFixed(1)} ms CPU, ${wrappedWall.toFixed(1)} ms wall`);
  console.log(`kernels: ${calls.toFixed(0)} calls/step, ${inKernels.toFixed(1)} ms CPU/step inside kernels; outside (tape, tidy, dispatch, JS, the timers): ${(wrappedCpu - inKernels).toFixed(1)} ms CPU/step`);
  console.log("kernel | calls/step | ms/step | share of step");
  for (const r of rows) if (r.ms > 0.05) console.log(`${r.name} | ${r.calls.toFixed(0)} | ${r.ms.toFixed(2)} | ${((100 * r.ms) / wrappedCpu).toFixed(1)} %`);
}

main().catch((err) => {
  process.stderr.write(`profile-step: failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
