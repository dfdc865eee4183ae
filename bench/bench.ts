/**
 * collapse-lab benchmarks (`npm run bench` → bash bench/run.sh → this file).
 *
 * Times the float64 linear algebra (native OpenBLAS/LAPACKE addon and portable TypeScript) and tfjs float32
 * training kernels, runs bench/reference.py (numpy/scipy/PyTorch, single-threaded) in the same run, and prints
 * a table: median ms, GFLOP/s, % of this machine's per-core peak, ratio to the reference and the project's target.
 * Writes the table to bench/RESULTS.md (or the path in BENCH_OUT) and raw numbers to bench/results.json.
 *
 * Usage: node --import tsx bench/bench.ts [--quick] [--no-python] [bench names...]
 *   names: dgemm1000 chol1000 eigh500 eigh1000 sgemm1024 sgemm2048 mlp transformer
 * Env: BENCH_THREADS (default 1): BLAS threads here and in numpy, torch.set_num_threads in the reference; with more
 * than one thread the ratios compare wall-clock medians (CPU time adds up the threads' work).
 */
import { ChildProcess, spawn } from "child_process";
import * as readline from "readline";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs";
import { gram, linalgBackend, matmul, matrix, Matrix, eigh, nativeAvailable, setLinalgBackend, solveSPD } from "../src/maths/linalg";
import { loadObla } from "../src/maths/linalg/native";
import { fusedAdam, initTf, MatmulMode, setMatmulMode } from "../src/tf";
import { createRng, Rng } from "../src/maths/random";
import { buildTinyTransformer, TinyTransformer } from "./tiny-transformer";

/**
 * Single-core FMA peak, measured in this run by bench/peak.c (run.sh passes its JSON in BENCH_PEAK); without a
 * C compiler, nominal values for one Zen 4 core (2 × 256-bit FMA at ~3.6 GHz) are used and labelled as such.
 */
function peaks(): { fp64: number; fp32: number; detail: string } {
  try {
    const p = JSON.parse(process.env.BENCH_PEAK ?? "") as { fp64: number; fp32: number; detail: string };
    if (p.fp64 > 0 && p.fp32 > 0) return { ...p, detail: `measured in this run by bench/peak.c (${p.detail})` };
  } catch {
    // fall through
  }
  return { fp64: 57.5, fp32: 115, detail: "NOT measured here (bench/peak.c could not run): nominal values for one Zen 4 core" };
}
const PEAK = peaks();
const PEAK_FP64 = PEAK.fp64;
const PEAK_FP32 = PEAK.fp32;

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const noPython = args.includes("--no-python");
const only = new Set(args.filter((a) => !a.startsWith("--")));
const wanted = (name: string): boolean => only.size === 0 || only.has(name);
const THREADS = (() => {
  const raw = process.env.BENCH_THREADS ?? "1";
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`BENCH_THREADS must be an integer in [1, 64], got ${JSON.stringify(raw)}`);
  return n;
})();
/** The compared quantity: process CPU time single-threaded, wall-clock time with several threads. */
const BY_WALL = THREADS > 1;

interface Row {
  bench: string;
  impl: string;
  ms: number; // median CPU ms (the compared quantity)
  wall: number; // median wall-clock ms
  gflop?: number; // work per call, GFLOP
  precision: "fp64" | "fp32";
  path: "native" | "portable" | "wasm+blas" | "wasm" | "wasm-stock" | "addon";
  /** shown for comparison, not evaluated against a target */
  noTarget?: boolean;
}
const rows: Row[] = [];

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function randn(rng: Rng, r: number, c: number): Matrix {
  const m = matrix(r, c);
  rng.fillNormal(m.data);
  return m;
}

/** G Gᵀ / d + I: a well-conditioned SPD test matrix (eigenvalues in about [1, 5]). */
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

/** One implementation of one benchmark: a step to time, set up once. */
interface Impl {
  impl: string;
  path: Row["path"];
  precision: Row["precision"];
  gflop?: number;
  step: () => void | Promise<void>;
  noTarget?: boolean;
  /** repetitions per round (slow implementations: 1) */
  perRound: number;
  warmup: number;
}
interface Bench {
  impls: Impl[];
  dispose?: () => void;
}

const linalgBackends = (): ("native" | "portable")[] => (nativeAvailable() ? ["native", "portable"] : ["portable"]);

function linalgImpls(gflop: number | undefined, op: () => void, portableSlow: boolean): Impl[] {
  return linalgBackends().map((be) => ({
    impl: `linalg ${be}`, path: be, precision: "fp64", gflop,
    step: () => { setLinalgBackend(be); op(); },
    perRound: be === "portable" && portableSlow ? 1 : 2, warmup: 1,
  }));
}

function benchDgemm(): Bench {
  const rng = createRng(1);
  const A = randn(rng, 1000, 1000), B = randn(rng, 1000, 1000);
  const impls = linalgImpls(2, () => { matmul(A, B); }, true);
  if (nativeAvailable()) {
    const out = matrix(1000, 1000);
    impls.splice(1, 0, {
      impl: "linalg native, preallocated out", path: "native", precision: "fp64", gflop: 2, noTarget: true,
      step: () => { setLinalgBackend("native"); matmul(A, B, { out }); }, perRound: 2, warmup: 1,
    });
  }
  return { impls };
}

function benchChol(): Bench {
  const rng = createRng(1);
  const d = 1000, nrhs = 10;
  const S = spd(rng, d);
  const Y = randn(rng, d, nrhs);
  return { impls: linalgImpls((d ** 3 / 3 + 2 * d * d * nrhs) / 1e9, () => { solveSPD(S, Y); }, true) };
}

function benchEigh(n: number): Bench {
  const S = spd(createRng(1), n);
  return { impls: linalgImpls(undefined, () => { eigh(S, { vectors: true }); }, true) };
}

const tfModes = (): MatmulMode[] => (nativeAvailable() ? ["blas", "fix", "stock"] : ["fix", "stock"]);
const modeLabel = (m: MatmulMode): { impl: string; path: Row["path"] } =>
  m === "blas" ? { impl: "tfjs wasm + OpenBLAS kernels", path: "wasm+blas" }
    : m === "fix" ? { impl: "tfjs wasm + matmul fix", path: "wasm" } : { impl: "tfjs wasm stock", path: "wasm-stock" };

function benchSgemm(tf: typeof TF, n: number): Bench {
  const rng = createRng(2);
  const a = rng.fillNormal(new Float32Array(n * n)), b = rng.fillNormal(new Float32Array(n * n));
  const gflop = (2 * n ** 3) / 1e9;
  const impls: Impl[] = [];
  const obla = loadObla().addon;
  if (obla) {
    const c = new Float32Array(n * n);
    impls.push({ impl: "addon sgemm (direct)", path: "addon", precision: "fp32", gflop, step: () => obla.sgemm(false, false, n, n, n, 1, a, b, 0, c), perRound: 2, warmup: 1 });
  }
  const A = tf.tensor2d(a, [n, n]), B = tf.tensor2d(b, [n, n]);
  for (const m of tfModes()) {
    if (m === "stock") continue; // NN layout: the stock kernel is the XNNPACK path, identical to "fix"
    const l = modeLabel(m);
    impls.push({
      impl: m === "fix" ? "tfjs wasm (XNNPACK)" : l.impl, path: l.path, precision: "fp32", gflop,
      step: async () => { setMatmulMode(m); const C = tf.matMul(A, B); await C.data(); C.dispose(); },
      perRound: m === "fix" && n > 1024 ? 1 : 2, warmup: 1,
    });
  }
  return { impls, dispose: () => { A.dispose(); B.dispose(); } };
}

function benchMlp(tf: typeof TF): Bench {
  const rng = createRng(2);
  const batch = 256;
  const X = tf.tensor2d(rng.fillNormal(new Float32Array(batch * 784)), [batch, 784]);
  const Y = tf.tensor1d(Array.from({ length: batch }, () => rng.int(10)), "float32");
  const gflop = (2 * (784 * 512 + 512 * 512 + 512 * 10) * batch * 3) / 1e9;
  const models: TF.Sequential[] = [];
  const variants: { m: MatmulMode; fused: boolean }[] = [];
  for (const m of tfModes()) {
    if (m !== "stock") variants.push({ m, fused: true });
    variants.push({ m, fused: false });
  }
  const impls = variants.map(({ m, fused }): Impl => {
    setMatmulMode(m);
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [784], units: 512, activation: "relu" }),
        tf.layers.dense({ units: 512, activation: "relu" }),
        tf.layers.dense({ units: 10 }),
      ],
    });
    model.compile({ optimizer: fused ? fusedAdam(tf, 1e-3) : tf.train.adam(1e-3), loss: "sparseCategoricalCrossentropy" });
    models.push(model);
    const l = modeLabel(m);
    return {
      impl: `${l.impl}, ${fused ? "fusedAdam" : "tf.train.adam"}`, path: l.path, precision: "fp32", gflop,
      noTarget: !fused,
      step: async () => { setMatmulMode(m); await model.trainOnBatch(X, Y); },
      perRound: m === "stock" ? 1 : 4, warmup: 2,
    };
  });
  return { impls, dispose: () => { models.forEach((m) => m.dispose()); X.dispose(); Y.dispose(); } };
}

function benchTransformer(tf: typeof TF): Bench {
  const trs: TinyTransformer[] = [];
  const impls = tfModes().filter((m) => !(m === "stock" && quick)).map((m): Impl => {
    const fused = m !== "stock";
    const tr = buildTinyTransformer(tf, createRng(3), fused ? fusedAdam(tf, 1e-3) : undefined);
    trs.push(tr);
    const l = modeLabel(m);
    return {
      impl: `${l.impl}, ${fused ? "fusedAdam" : "tf.train.adam"}`, path: l.path, precision: "fp32", gflop: tr.flopsPerStep / 1e9,
      step: async () => { setMatmulMode(m); await tr.step(); },
      perRound: m === "blas" ? 2 : 1, warmup: 1,
    };
  });
  return { impls, dispose: () => trs.forEach((t) => t.dispose()) };
}

interface Reference {
  env: Record<string, unknown> & { skipped?: string[] };
  results: RefTimes;
}

type RefTimes = Record<string, Record<string, { cpu: number; wall: number }>>;

/** bench/reference.py in --serve mode: each reference benchmark is run right before ours (paired in time). */
class ReferenceServer {
  private proc: ChildProcess;
  private lines: string[] = [];
  private waiters: ((line: string | undefined) => void)[] = [];
  private closed = false;
  env: Reference["env"] | undefined;

  constructor(py: string) {
    this.proc = spawn(py, [path.join(__dirname, "reference.py"), "--serve"], {
      env: { ...process.env, OPENBLAS_NUM_THREADS: String(THREADS), OMP_NUM_THREADS: String(THREADS), MKL_NUM_THREADS: String(THREADS), BENCH_THREADS: String(THREADS) },
      stdio: ["pipe", "pipe", "inherit"],
    });
    const rl = readline.createInterface({ input: this.proc.stdout as NodeJS.ReadableStream });
    rl.on("line", (line) => {
      const w = this.waiters.shift();
      if (w) w(line);
      else this.lines.push(line);
    });
    rl.on("close", () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w(undefined);
    });
  }

  private next(): Promise<string | undefined> {
    const l = this.lines.shift();
    if (l !== undefined) return Promise.resolve(l);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((res) => this.waiters.push(res));
  }

  async start(): Promise<boolean> {
    const line = await this.next();
    if (!line) return false;
    try {
      this.env = (JSON.parse(line) as Reference).env;
      return true;
    } catch {
      return false;
    }
  }

  private async ask<T>(cmd: string): Promise<T | undefined> {
    if (this.closed) return undefined;
    this.proc.stdin?.write(cmd + "\n");
    const line = await this.next();
    if (!line) return undefined;
    try {
      const v = JSON.parse(line) as T & { error?: string };
      return v.error ? undefined : v;
    } catch {
      return undefined;
    }
  }

  async impls(name: string): Promise<string[]> {
    return (await this.ask<string[]>(`impls ${name}`)) ?? [];
  }

  async time(name: string, impl: string, reps: number, warmup: number): Promise<{ cpu: number[]; wall: number[] } | undefined> {
    return this.ask(`time ${name} ${impl} ${reps} ${warmup}`);
  }

  stop(): void {
    this.proc.stdin?.end();
  }
}

/** Reference implementation per benchmark (first available wins for the ratio). */
const REF_ORDER: Record<string, string[]> = {
  dgemm1000: ["numpy"], chol1000: ["scipy"], eigh500: ["numpy"], eigh1000: ["numpy"],
  sgemm1024: ["numpy", "torch"], sgemm2048: ["numpy", "torch"], mlp: ["numpy", "torch"], transformer: ["torch"],
};

/** The project's targets: max ratio to the reference per (benchmark, path). */
function target(bench: string, p: Row["path"]): number | undefined {
  const f64 = ["dgemm1000", "chol1000", "eigh500", "eigh1000"];
  if (f64.includes(bench)) return p === "native" ? 1.2 : p === "portable" ? 25 : undefined;
  if (bench === "mlp") return p === "wasm+blas" ? 1.2 : p === "wasm" ? 4 : undefined;
  if (bench === "transformer") return p === "wasm+blas" ? 1.5 : undefined;
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
  const tfh = await initTf();
  log(`tfjs: ${tfh.detail}`);
  const tf = tfh.tf;
  let refNote = "";
  let server: ReferenceServer | undefined;
  const py = process.env.BENCH_PYTHON;
  if (noPython) refNote = "skipped (--no-python)";
  else if (!py) refNote = "skipped (no Python with numpy found; see bench/run.sh)";
  else {
    server = new ReferenceServer(py);
    if (!(await server.start())) {
      refNote = `failed to start ${py} bench/reference.py`;
      server = undefined;
    }
  }
  // Optional second reference: the distribution's numpy/scipy, linked to the same system OpenBLAS as the addon.
  let sysServer: ReferenceServer | undefined;
  const sysPy = process.env.BENCH_PYTHON_SYSTEM;
  if (!noPython && sysPy) {
    sysServer = new ReferenceServer(sysPy);
    if (!(await sysServer.start())) sysServer = undefined;
  }
  const servers: { srv: ReferenceServer; suffix: string }[] = [];
  if (server) servers.push({ srv: server, suffix: "" });
  if (sysServer) servers.push({ srv: sysServer, suffix: " (Debian, system OpenBLAS)" });
  const benches: [string, () => Bench][] = [
    ["dgemm1000", benchDgemm], ["chol1000", benchChol], ["eigh500", () => benchEigh(500)], ["eigh1000", () => benchEigh(1000)],
    ["sgemm1024", () => benchSgemm(tf, 1024)], ["sgemm2048", () => benchSgemm(tf, 2048)],
    ["mlp", () => benchMlp(tf)], ["transformer", () => benchTransformer(tf)],
  ];
  const refResults: RefTimes = {};
  const rounds = quick ? 2 : 5;
  const loads: Record<string, [number, number]> = {};
  for (const [name, make] of benches) {
    if (!wanted(name)) continue;
    const loadStart = os.loadavg()[0];
    const bench = make();
    const refImpls: { srv: ReferenceServer; impl: string; key: string }[] = [];
    for (const { srv, suffix } of servers) for (const impl of await srv.impls(name)) refImpls.push({ srv, impl, key: impl + suffix });
    const samples = new Map<string, { cpu: number[]; wall: number[] }>();
    const add = (key: string, cpu: number, wall: number): void => {
      const s = samples.get(key) ?? { cpu: [], wall: [] };
      s.cpu.push(cpu);
      s.wall.push(wall);
      samples.set(key, s);
    };
    // Interleaved rounds: reference repetitions, then ours, alternately, so that all see the same load.
    for (let r = 0; r < rounds; r++) {
      for (const ri of refImpls) {
        const t = await ri.srv.time(name, ri.impl, 2, r === 0 ? 2 : 0);
        if (t) t.cpu.forEach((c, i) => add(`ref:${ri.key}`, c, t.wall[i]));
      }
      for (const im of bench.impls) {
        for (let w = 0; r === 0 && w < im.warmup; w++) await im.step();
        for (let k = 0; k < im.perRound; k++) {
          const c0 = cpuMs();
          const t0 = performance.now();
          await im.step();
          add(im.impl, cpuMs() - c0, performance.now() - t0);
        }
      }
    }
    for (const ri of refImpls) {
      const s = samples.get(`ref:${ri.key}`);
      if (s) refResults[name] = { ...(refResults[name] ?? {}), [ri.key]: { cpu: median(s.cpu), wall: median(s.wall) } };
    }
    for (const im of bench.impls) {
      const s = samples.get(im.impl);
      if (!s) continue;
      rows.push({ bench: name, impl: im.impl, ms: median(s.cpu), wall: median(s.wall), gflop: im.gflop, precision: im.precision, path: im.path, noTarget: im.noTarget });
    }
    loads[name] = [loadStart, os.loadavg()[0]];
    log(`${name} (load ${loadStart.toFixed(2)} → ${loads[name][1].toFixed(2)}): ${[...samples.entries()].map(([k, s]) => `${k} ${median(s.cpu).toFixed(1)} ms CPU (n=${s.cpu.length})`).join("; ")}`);
    bench.dispose?.();
    setLinalgBackend("auto");
    setMatmulMode(nativeAvailable() ? "blas" : "fix");
  }
  server?.stop();
  sysServer?.stop();
  const ref: Reference | string = server && server.env ? { env: server.env, results: refResults } : refNote;
  const load1 = os.loadavg();

  const lines: string[] = [];
  const q = BY_WALL ? "wall" : "CPU";
  const cmp = (t: { cpu: number; wall: number } | Row): number => (BY_WALL ? t.wall : "ms" in t ? t.ms : t.cpu);
  lines.push(`| benchmark | load (1 min) | implementation | CPU ms | wall ms | GFLOP/s | % of ${THREADS > 1 ? `${THREADS}-core` : "1-core"} peak | reference (${q} ms) | ratio to reference (${q}) | target | met |`);
  lines.push("|---|---|---|---:|---:|---:|---:|---|---:|---:|:---:|");
  const order = ["dgemm1000", "chol1000", "eigh500", "eigh1000", "sgemm1024", "sgemm2048", "mlp", "transformer"];
  const verdicts: string[] = [];
  const pct = (rate: number | undefined, prec: string): string =>
    rate === undefined ? "–" : `${fmt((100 * rate) / (THREADS * (prec === "fp64" ? PEAK_FP64 : PEAK_FP32)), 0)} %`;
  for (const bench of order) {
    const rs = rows.filter((r) => r.bench === bench);
    const refs = refResults[bench] ?? {};
    const gf = rs.find((r) => r.gflop !== undefined)?.gflop;
    const prec = rs[0]?.precision ?? "fp64";
    const ld = loads[bench] ? `${loads[bench][0].toFixed(1)}–${loads[bench][1].toFixed(1)}` : "";
    for (const [impl, t] of Object.entries(refs)) {
      const rate = gf !== undefined ? gf / (cmp(t) / 1000) : undefined;
      lines.push(`| ${bench} | ${ld} | *${impl} (reference)* | ${fmt(t.cpu)} | ${fmt(t.wall)} | ${fmt(rate)} | ${pct(rate, prec)} | | | | |`);
    }
    const refName = (REF_ORDER[bench] ?? []).find((k) => refs[k] !== undefined);
    for (const r of rs) {
      const rate = r.gflop !== undefined ? r.gflop / (cmp(r) / 1000) : undefined;
      const refMs = refName ? cmp(refs[refName]) : undefined;
      const ratio = refMs ? cmp(r) / refMs : undefined;
      // The targets are single-threaded ratios; with several threads the table only reports.
      const tgt = r.noTarget || THREADS > 1 ? undefined : target(bench, r.path);
      const met = tgt === undefined || ratio === undefined ? "" : ratio <= tgt ? "yes" : "**no**";
      if (tgt !== undefined && ratio !== undefined) verdicts.push(`${bench}, ${r.impl}: ${ratio.toFixed(2)}× ${refName} (target ≤ ${tgt}×): ${ratio <= tgt ? "met" : "NOT met"}`);
      const others = Object.keys(refs).filter((k) => k !== refName);
      const extra = others.length ? ` (${others.map((k) => `${(cmp(r) / cmp(refs[k])).toFixed(2)}× ${k}`).join(", ")})` : "";
      lines.push(`| ${bench} | ${ld} | ${r.impl} | ${fmt(r.ms)} | ${fmt(r.wall)} | ${fmt(rate)} | ${pct(rate, prec)} | ${refName ? `${refName} ${fmt(refMs)}` : "–"} | ${ratio !== undefined ? `${ratio.toFixed(2)}×${extra}` : "–"} | ${tgt !== undefined ? `≤ ${tgt}×` : ""} | ${met} |`);
    }
  }
  const describe = (env: Reference["env"]): string =>
    `Python ${env.python}, numpy ${env.numpy ?? "–"}${env.blas ? ` (${env.blas})` : ""}, scipy ${env.scipy ?? "–"}, torch ${env.torch ?? "–"}${env.skipped && env.skipped.length ? ` (skipped: ${env.skipped.join("; ")})` : ""}`;
  const refEnv = (typeof ref === "string" ? `reference: ${ref}` : `reference (ratios and targets): ${describe(ref.env)}`) +
    (sysServer?.env ? `; second reference "(Debian, system OpenBLAS)": ${describe(sysServer.env)}, the same BLAS library as the addon` : "");
  const header = [
    `# Benchmark results`,
    "",
    `- date: ${started.toISOString().replace("T", " ").slice(0, 16)} UTC${quick ? " (quick mode: fewer repetitions)" : ""}`,
    `- machine: ${cpuModel()}, ${os.cpus().length} vCPU, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`,
    `- load average (1 min) before / after: ${load0[0].toFixed(2)} / ${load1[0].toFixed(2)}${Math.max(load0[0], load1[0]) > 1.5 ? " — the machine was shared with other work during this run, so absolute times are inflated; ratios are measured in the same run" : ""}`,
    `- Node ${process.version}; linear algebra: ${linalgBackend().detail}`,
    `- tfjs: ${tfh.detail}`,
    `- ${refEnv}`,
    `- "% of peak" uses ${PEAK_FP64} GFLOP/s fp64 and ${PEAK_FP32} GFLOP/s fp32 per core, ${PEAK.detail}; ` +
      (THREADS === 1 ? "everything single-threaded (BLAS threads = 1, torch.set_num_threads(1))" : `${THREADS} threads: OpenBLAS here and in numpy, torch.set_num_threads(${THREADS}); the tfjs wasm backend itself is single-threaded (only its OpenBLAS matmuls use ${THREADS} threads)`),
    `- OpenBLAS kernel choice: OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? "(unset: OpenBLAS's own detection)"} in this run's environment (it applies to the addon and to numpy's OpenBLAS; torch uses its own kernels)`,
    `- repetitions of the reference and of our implementations are interleaved in ${rounds} rounds per benchmark, so all of them see the same machine load`,
    BY_WALL
      ? `- times are medians over repetitions (n per row in the JSON results); with ${THREADS} threads the compared quantity is wall-clock time (CPU time adds up the threads), which other processes on a shared machine DO inflate — read it with the load column. GFLOP/s are computed from wall time`
      : `- times are medians over repetitions (n per row in the JSON results); the compared quantity is process CPU time (user + system), which time-slicing by other processes does not inflate; wall-clock medians are shown for reference. GFLOP/s are computed from CPU time`,
    `- GFLOP counts: gemm 2n³; Cholesky solve d³/3 + 2d²·nrhs; MLP 784-512-512-10 batch 256 ≈ 1.03 GFLOP/step (forward + backward matmuls); transformer ≈ 5.4 GFLOP/step; eigh has no single flop count (not shown)`,
    "",
  ];
  const text = [...header, ...lines, "", "Targets:", ...verdicts.map((v) => `- ${v}`), ""].join("\n");
  process.stdout.write(text + "\n");
  const out = process.env.BENCH_OUT ?? path.join(__dirname, "RESULTS.md");
  fs.writeFileSync(out, text);
  // RESULTS.md → results.json; RESULTS-<x>.md → results-<x>.json
  const jsonName = path.basename(out).replace(/^RESULTS/i, "results").replace(/\.md$/i, "") + ".json";
  fs.writeFileSync(path.join(path.dirname(out), jsonName), JSON.stringify({ started, load0, load1, loads, threads: THREADS, compared: BY_WALL ? "wall" : "cpu", coretype: process.env.OPENBLAS_CORETYPE ?? null, rows, reference: ref }, null, 1));
  log(`wrote ${out}`);
}

main().catch((err) => {
  process.stderr.write(`bench: failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
