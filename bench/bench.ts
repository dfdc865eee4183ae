/**
 * collapse-lab benchmarks (`npm run bench` → bash bench/run.sh → this file).
 *
 * Times the float64 linear algebra (native OpenBLAS/LAPACKE addon and portable TypeScript) and tfjs float32
 * training kernels, runs bench/reference.py (numpy/scipy/PyTorch, single-threaded) in the same run, and prints
 * a table: median ms, GFLOP/s, % of this machine's per-core peak, ratio to the reference and the issue's target.
 * Writes the table to bench/RESULTS.md (or the path in BENCH_OUT) and raw numbers to bench/results.json.
 *
 * Usage: node --import tsx bench/bench.ts [--quick] [--no-python] [bench names...]
 *   names: dgemm1000 chol1000 eigh500 eigh1000 sgemm1024 sgemm2048 mlp transformer
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs";
import { gram, linalgBackend, matmul, matrix, Matrix, eigh, nativeAvailable, setLinalgBackend, solveSPD } from "../src/maths/linalg";
import { loadObla } from "../src/maths/linalg/native";
import { initTf, MatmulMode, setMatmulMode } from "../src/tf";
import { createRng, Rng } from "../src/maths/random";
import { buildTinyTransformer } from "./tiny-transformer";

/**
 * Single-core FMA peak, measured in this run by bench/peak.c (run.sh passes its JSON in BENCH_PEAK); without a
 * C compiler, the platform notes' Zen 4 values (§7.1) are used and labelled as such.
 */
function peaks(): { fp64: number; fp32: number; detail: string } {
  try {
    const p = JSON.parse(process.env.BENCH_PEAK ?? "") as { fp64: number; fp32: number; detail: string };
    if (p.fp64 > 0 && p.fp32 > 0) return { ...p, detail: `measured in this run by bench/peak.c (${p.detail})` };
  } catch {
    // fall through
  }
  return { fp64: 57.5, fp32: 115, detail: "NOT measured here (bench/peak.c could not run): platform notes §7.1 values for one Zen 4 core" };
}
const PEAK = peaks();
const PEAK_FP64 = PEAK.fp64;
const PEAK_FP32 = PEAK.fp32;

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const noPython = args.includes("--no-python");
const only = new Set(args.filter((a) => !a.startsWith("--")));
const wanted = (name: string): boolean => only.size === 0 || only.has(name);

interface Row {
  bench: string;
  impl: string;
  ms: number; // median CPU ms (the compared quantity)
  wall: number; // median wall-clock ms
  gflop?: number; // work per call, GFLOP
  precision: "fp64" | "fp32";
  path: "native" | "portable" | "wasm+blas" | "wasm" | "wasm-stock" | "addon";
}
const rows: Row[] = [];

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

interface Timing {
  /** median wall-clock ms */
  wall: number;
  /** median process CPU ms (user + system): robust to time-slicing when other processes load the machine */
  cpu: number;
}
interface TimeOpts { minReps?: number; maxReps?: number; budgetMs?: number; warmup?: number }

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function timeIt(fn: () => void | Promise<void>, opts: TimeOpts = {}): Promise<Timing> {
  const { minReps = 5, maxReps = 30, budgetMs = 3000, warmup = 2 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const walls: number[] = [], cpus: number[] = [];
  const start = performance.now();
  const reps = quick ? Math.min(minReps, 3) : minReps;
  const budget = quick ? budgetMs / 3 : budgetMs;
  while (walls.length < reps || (walls.length < maxReps && performance.now() - start < budget)) {
    const c0 = cpuMs();
    const t0 = performance.now();
    await fn();
    walls.push(performance.now() - t0);
    cpus.push(cpuMs() - c0);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

function randn(rng: Rng, r: number, c: number): Matrix {
  const m = matrix(r, c);
  rng.fillNormal(m.data);
  return m;
}

/** G Gᵀ / d + I (the SPD test matrix of platform notes §7.8). */
function spd(rng: Rng, d: number): Matrix {
  const G = randn(rng, d, d);
  const S = gram(G); // GᵀG has the same distribution as GGᵀ
  for (let i = 0; i < d * d; i++) S.data[i] /= d;
  for (let i = 0; i < d; i++) S.data[i * d + i] += 1;
  return S;
}

function log(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

async function linalgBenches(): Promise<void> {
  const rng = createRng(1);
  const backends: ("native" | "portable")[] = nativeAvailable() ? ["native", "portable"] : ["portable"];
  for (const be of backends) {
    setLinalgBackend(be);
    if (wanted("dgemm1000")) {
      const A = randn(rng, 1000, 1000), B = randn(rng, 1000, 1000);
      const t = await timeIt(() => { matmul(A, B); }, { minReps: be === "native" ? 10 : 3 });
      rows.push({ bench: "dgemm1000", impl: `linalg ${be}`, ms: t.cpu, wall: t.wall, gflop: 2, precision: "fp64", path: be });
      log(`dgemm1000 ${be}: ${t.cpu.toFixed(1)} ms CPU, ${t.wall.toFixed(1)} ms wall`);
    }
    if (wanted("chol1000")) {
      const d = 1000, nrhs = 10;
      const S = spd(rng, d);
      const Y = randn(rng, d, nrhs);
      const t = await timeIt(() => { solveSPD(S, Y); }, { minReps: be === "native" ? 10 : 3 });
      rows.push({ bench: "chol1000", impl: `linalg ${be}`, ms: t.cpu, wall: t.wall, gflop: (d ** 3 / 3 + 2 * d * d * nrhs) / 1e9, precision: "fp64", path: be });
      log(`chol1000 ${be}: ${t.cpu.toFixed(1)} ms CPU, ${t.wall.toFixed(1)} ms wall`);
    }
    for (const n of [500, 1000]) {
      if (!wanted(`eigh${n}`)) continue;
      const S = spd(rng, n);
      const t = await timeIt(() => { eigh(S, { vectors: true }); }, { minReps: be === "native" ? 5 : 2, warmup: 1, budgetMs: 4000 });
      rows.push({ bench: `eigh${n}`, impl: `linalg ${be}`, ms: t.cpu, wall: t.wall, precision: "fp64", path: be });
      log(`eigh${n} ${be}: ${t.cpu.toFixed(1)} ms CPU, ${t.wall.toFixed(1)} ms wall`);
    }
  }
  setLinalgBackend("auto");
}

async function tfBenches(tf: typeof TF): Promise<void> {
  const rng = createRng(2);
  const modes: MatmulMode[] = nativeAvailable() ? ["blas", "fix", "stock"] : ["fix", "stock"];
  const label = (m: MatmulMode): { impl: string; path: Row["path"] } =>
    m === "blas" ? { impl: "tfjs wasm + OpenBLAS kernels", path: "wasm+blas" }
      : m === "fix" ? { impl: "tfjs wasm + matmul fix", path: "wasm" } : { impl: "tfjs wasm stock", path: "wasm-stock" };
  const obla = loadObla().addon;
  for (const n of [1024, 2048]) {
    const name = `sgemm${n}`;
    if (!wanted(name)) continue;
    const a = rng.fillNormal(new Float32Array(n * n)), b = rng.fillNormal(new Float32Array(n * n));
    if (obla) {
      const c = new Float32Array(n * n);
      const t = await timeIt(() => obla.sgemm(false, false, n, n, n, 1, a, b, 0, c), { minReps: 5 });
      rows.push({ bench: name, impl: "addon sgemm (direct)", ms: t.cpu, wall: t.wall, gflop: (2 * n ** 3) / 1e9, precision: "fp32", path: "addon" });
    }
    const A = tf.tensor2d(a, [n, n]), B = tf.tensor2d(b, [n, n]);
    for (const m of modes) {
      if (m === "stock") continue; // NN layout: the stock kernel is the XNNPACK path, identical to "fix"
      setMatmulMode(m);
      const t = await timeIt(async () => { const C = tf.matMul(A, B); await C.data(); C.dispose(); }, { minReps: 3 });
      const l = label(m);
      rows.push({ bench: name, impl: m === "fix" ? "tfjs wasm (XNNPACK)" : l.impl, ms: t.cpu, wall: t.wall, gflop: (2 * n ** 3) / 1e9, precision: "fp32", path: l.path });
      log(`${name} ${m}: ${t.cpu.toFixed(1)} ms CPU, ${t.wall.toFixed(1)} ms wall`);
    }
    A.dispose();
    B.dispose();
  }

  if (wanted("mlp")) {
    const batch = 256;
    const X = tf.tensor2d(rng.fillNormal(new Float32Array(batch * 784)), [batch, 784]);
    const Y = tf.tensor1d(Array.from({ length: batch }, () => rng.int(10)), "float32");
    const flops = (2 * (784 * 512 + 512 * 512 + 512 * 10) * batch * 3) / 1e9;
    for (const m of modes) {
      setMatmulMode(m);
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [784], units: 512, activation: "relu" }),
          tf.layers.dense({ units: 512, activation: "relu" }),
          tf.layers.dense({ units: 10 }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(1e-3), loss: "sparseCategoricalCrossentropy" });
      const slow = m === "stock";
      const t = await timeIt(async () => { await model.trainOnBatch(X, Y); }, { minReps: slow ? 3 : 10, budgetMs: slow ? 2000 : 4000, warmup: slow ? 1 : 3 });
      model.dispose();
      const l = label(m);
      rows.push({ bench: "mlp", impl: l.impl, ms: t.cpu, wall: t.wall, gflop: flops, precision: "fp32", path: l.path });
      log(`mlp ${m}: ${t.cpu.toFixed(1)} ms CPU, ${t.wall.toFixed(1)} ms wall`);
    }
    X.dispose();
    Y.dispose();
  }

  if (wanted("transformer")) {
    for (const m of modes) {
      if (m === "stock" && quick) continue;
      setMatmulMode(m);
      const tr = buildTinyTransformer(tf, createRng(3));
      const slow = m === "stock";
      const t = await timeIt(async () => { await tr.step(); }, { minReps: slow ? 2 : 5, budgetMs: slow ? 1000 : 5000, warmup: slow ? 1 : 2 });
      tr.dispose();
      const l = label(m);
      rows.push({ bench: "transformer", impl: l.impl, ms: t.cpu, wall: t.wall, gflop: tr.flopsPerStep / 1e9, precision: "fp32", path: l.path });
      log(`transformer ${m}: ${t.cpu.toFixed(1)} ms CPU, ${t.wall.toFixed(1)} ms wall`);
    }
  }
  setMatmulMode(nativeAvailable() ? "blas" : "fix");
}

interface Reference {
  env: Record<string, unknown> & { skipped?: string[] };
  results: Record<string, Record<string, { cpu: number; wall: number }>>;
}

function runReference(): Reference | string {
  if (noPython) return "skipped (--no-python)";
  const py = process.env.BENCH_PYTHON;
  if (!py) return "skipped (no Python with numpy found; see bench/run.sh)";
  const names = Array.from(only);
  log(`reference: ${py} bench/reference.py ${names.join(" ")}`);
  const r = spawnSync(py, [path.join(__dirname, "reference.py"), ...names], {
    encoding: "utf8",
    env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) return `failed (${(r.stderr || "").trim().split("\n").pop()})`;
  try {
    return JSON.parse(r.stdout.trim().split("\n").pop() as string) as Reference;
  } catch {
    return `unreadable output (${r.stdout.slice(0, 200)})`;
  }
}

/** Reference implementation per benchmark (first available wins for the ratio). */
const REF_ORDER: Record<string, string[]> = {
  dgemm1000: ["numpy"], chol1000: ["scipy"], eigh500: ["numpy"], eigh1000: ["numpy"],
  sgemm1024: ["numpy", "torch"], sgemm2048: ["numpy", "torch"], mlp: ["numpy", "torch"], transformer: ["torch"],
};

/** The issue's targets: max ratio to the reference per (benchmark, path). */
function target(bench: string, p: Row["path"]): number | undefined {
  const f64 = ["dgemm1000", "chol1000", "eigh500", "eigh1000"];
  if (f64.includes(bench)) return p === "native" ? 1.2 : p === "portable" ? 25 : undefined;
  if (bench === "mlp") return p === "wasm+blas" ? 1.5 : p === "wasm" ? 4 : undefined;
  return undefined;
}

function fmt(x: number | undefined, digits = 1): string {
  return x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits);
}

function cpuModel(): string {
  try {
    const m = /model name\s*:\s*(.+)/.exec(fs.readFileSync("/proc/cpuinfo", "utf8"));
    if (m) return m[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? "unknown CPU";
}

async function main(): Promise<void> {
  const load0 = os.loadavg();
  const started = new Date();
  log(`linear algebra: ${linalgBackend().detail}`);
  await linalgBenches();
  const tfh = await initTf();
  log(`tfjs: ${tfh.detail}`);
  await tfBenches(tfh.tf);
  const ref = runReference();
  const load1 = os.loadavg();
  const refResults = typeof ref === "string" ? {} : ref.results;

  const lines: string[] = [];
  lines.push("| benchmark | implementation | CPU ms | wall ms | GFLOP/s | % of 1-core peak | reference (CPU ms) | ratio to reference | target | met |");
  lines.push("|---|---|---:|---:|---:|---:|---|---:|---:|:---:|");
  const order = ["dgemm1000", "chol1000", "eigh500", "eigh1000", "sgemm1024", "sgemm2048", "mlp", "transformer"];
  const verdicts: string[] = [];
  const pct = (rate: number | undefined, prec: string): string =>
    rate === undefined ? "–" : `${fmt((100 * rate) / (prec === "fp64" ? PEAK_FP64 : PEAK_FP32), 0)} %`;
  for (const bench of order) {
    const rs = rows.filter((r) => r.bench === bench);
    const refs = refResults[bench] ?? {};
    const gf = rs.find((r) => r.gflop !== undefined)?.gflop;
    const prec = rs[0]?.precision ?? "fp64";
    for (const [impl, t] of Object.entries(refs)) {
      const rate = gf !== undefined ? gf / (t.cpu / 1000) : undefined;
      lines.push(`| ${bench} | *${impl} (reference)* | ${fmt(t.cpu)} | ${fmt(t.wall)} | ${fmt(rate)} | ${pct(rate, prec)} | | | | |`);
    }
    const refName = (REF_ORDER[bench] ?? []).find((k) => refs[k] !== undefined);
    for (const r of rs) {
      const rate = r.gflop !== undefined ? r.gflop / (r.ms / 1000) : undefined;
      const refMs = refName ? refs[refName].cpu : undefined;
      const ratio = refMs ? r.ms / refMs : undefined;
      const tgt = target(bench, r.path);
      const met = tgt === undefined || ratio === undefined ? "" : ratio <= tgt ? "yes" : "**no**";
      if (tgt !== undefined && ratio !== undefined) verdicts.push(`${bench}, ${r.impl}: ${ratio.toFixed(2)}× ${refName} (target ≤ ${tgt}×): ${ratio <= tgt ? "met" : "NOT met"}`);
      const extra = refs.torch !== undefined && refName !== "torch" ? ` (${(r.ms / refs.torch.cpu).toFixed(2)}× torch)` : "";
      lines.push(`| ${bench} | ${r.impl} | ${fmt(r.ms)} | ${fmt(r.wall)} | ${fmt(rate)} | ${pct(rate, prec)} | ${refName ? `${refName} ${fmt(refMs)}` : "–"} | ${ratio !== undefined ? `${ratio.toFixed(2)}×${extra}` : "–"} | ${tgt !== undefined ? `≤ ${tgt}×` : ""} | ${met} |`);
    }
  }
  const refEnv = typeof ref === "string" ? `reference: ${ref}` :
    `reference: Python ${ref.env.python}, numpy ${ref.env.numpy ?? "–"}, scipy ${ref.env.scipy ?? "–"}, torch ${ref.env.torch ?? "–"}${ref.env.skipped && ref.env.skipped.length ? ` (skipped: ${ref.env.skipped.join("; ")})` : ""}`;
  const header = [
    `# Benchmark results`,
    "",
    `- date: ${started.toISOString().replace("T", " ").slice(0, 16)} UTC${quick ? " (quick mode: fewer repetitions)" : ""}`,
    `- machine: ${cpuModel()}, ${os.cpus().length} vCPU, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`,
    `- load average (1 min) before / after: ${load0[0].toFixed(2)} / ${load1[0].toFixed(2)}${Math.max(load0[0], load1[0]) > 1.5 ? " — the machine was shared with other work during this run, so absolute times are inflated; ratios are measured in the same run" : ""}`,
    `- Node ${process.version}; linear algebra: ${linalgBackend().detail}`,
    `- tfjs: ${tfh.detail}`,
    `- ${refEnv}`,
    `- "% of 1-core peak" uses ${PEAK_FP64} GFLOP/s fp64 and ${PEAK_FP32} GFLOP/s fp32, ${PEAK.detail}; everything single-threaded (BLAS threads = 1)`,
    `- times are medians over repetitions; the compared quantity is process CPU time (user + system), which time-slicing by other processes does not inflate; wall-clock medians are shown for reference. GFLOP/s are computed from CPU time`,
    `- GFLOP counts: gemm 2n³; Cholesky solve d³/3 + 2d²·nrhs; MLP 784-512-512-10 batch 256 ≈ 1.03 GFLOP/step (forward + backward matmuls); transformer ≈ 5.4 GFLOP/step; eigh has no single flop count (not shown)`,
    "",
  ];
  const text = [...header, ...lines, "", "Targets (issue #3):", ...verdicts.map((v) => `- ${v}`), ""].join("\n");
  process.stdout.write(text + "\n");
  const out = process.env.BENCH_OUT ?? path.join(__dirname, "RESULTS.md");
  fs.writeFileSync(out, text);
  fs.writeFileSync(path.join(path.dirname(out), "results.json"), JSON.stringify({ started, load0, load1, rows, reference: ref }, null, 1));
  log(`wrote ${out}`);
}

main().catch((err) => {
  process.stderr.write(`bench: failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
