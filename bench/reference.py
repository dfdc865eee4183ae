"""Reference timings for bench/run.sh: numpy/scipy (OpenBLAS/LAPACK) and PyTorch CPU, single-threaded (BENCH_THREADS=n: n threads).

Standalone: prints one JSON object {"env": {...}, "results": {bench: {impl: {"cpu": median CPU ms, "wall": median wall ms}}}}.
With --serve: a line protocol used by bench.ts to interleave reference and own repetitions (see the end of this file). Every library is
optional: missing ones are reported in env.skipped. Sizes and data mirror bench/bench.ts.
Run with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 (bench/run.sh sets them).
"""
import json
import math
import os
import statistics
import sys
import time

results = {}
env = {"python": sys.version.split()[0], "skipped": []}


def timeit(fn, min_reps=5, max_reps=30, budget_s=3.0, warmup=2):
    for _ in range(warmup):
        fn()
    walls, cpus = [], []
    start = time.perf_counter()
    while len(walls) < min_reps or (len(walls) < max_reps and time.perf_counter() - start < budget_s):
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        walls.append((time.perf_counter() - t0) * 1000.0)
        cpus.append((time.process_time() - c0) * 1000.0)
    # process CPU time is robust to time-slicing by other processes (single-threaded libraries here)
    return {"cpu": statistics.median(cpus), "wall": statistics.median(walls)}


STEPS = {}  # bench -> {impl: (fn, timeit kwargs)}


def put(bench, impl, step):
    """Registers a timed step function (called by the benchmark setups below)."""
    fn, opts = step
    STEPS.setdefault(bench, {})[impl] = (fn, opts)


def timed(fn, **opts):
    return (fn, opts)


try:
    import numpy as np
    env["numpy"] = np.__version__
    try:
        # which BLAS numpy uses (numpy >= 1.25 has show_config(mode="dicts"))
        cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        env["blas"] = f'{cfg.get("name", "?")} {cfg.get("version", "")}'.strip()
    except Exception:
        try:
            maps = open("/proc/self/maps").read()
            libs = sorted({ln.split()[-1] for ln in maps.splitlines() if "blas" in ln and "/" in ln})
            if libs:
                env["blas"] = ", ".join(libs)
        except Exception:
            pass
except ImportError:
    np = None
    env["skipped"].append("numpy not installed")

try:
    import scipy
    import scipy.linalg as sla
    env["scipy"] = scipy.__version__
except ImportError:
    sla = None
    env["skipped"].append("scipy not installed")

try:
    import torch
    torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "1")))
    env["torch"] = torch.__version__
except ImportError:
    torch = None
    env["skipped"].append("torch not installed")

BENCHES = {}


def bench(name):
    def reg(fn):
        BENCHES[name] = fn
        return fn
    return reg


def rng():
    return np.random.default_rng(1)


@bench("dgemm1000")
def b_dgemm():
    r = rng()
    A = r.standard_normal((1000, 1000))
    B = r.standard_normal((1000, 1000))
    put("dgemm1000", "numpy", timed(lambda: A @ B))


@bench("chol1000")
def b_chol():
    if sla is None:
        return
    d, nrhs = 1000, 10
    r = rng()
    G = r.standard_normal((d, d))
    S = G @ G.T / d + np.eye(d)
    Y = r.standard_normal((d, nrhs))
    put("chol1000", "scipy", timed(lambda: sla.cho_solve(sla.cho_factor(S, lower=True), Y)))


def b_eigh(n):
    r = rng()
    G = r.standard_normal((n, n))
    S = G @ G.T / n + np.eye(n)
    put(f"eigh{n}", "numpy", timed(lambda: np.linalg.eigh(S), min_reps=3, budget_s=4.0))


bench("eigh500")(lambda: b_eigh(500))
bench("eigh1000")(lambda: b_eigh(1000))


def b_sgemm(n):
    r = rng()
    A = r.standard_normal((n, n)).astype(np.float32)
    B = r.standard_normal((n, n)).astype(np.float32)
    put(f"sgemm{n}", "numpy", timed(lambda: A @ B, min_reps=3))
    if torch is not None:
        At, Bt = torch.from_numpy(A), torch.from_numpy(B)
        put(f"sgemm{n}", "torch", timed(lambda: At @ Bt, min_reps=3))


bench("sgemm1024")(lambda: b_sgemm(1024))
bench("sgemm2048")(lambda: b_sgemm(2048))


@bench("mlp")
def b_mlp():
    # MLP 784-512-512-10, batch 256, softmax cross-entropy, Adam; hand-written backprop in float32.
    r = rng()
    f32 = np.float32
    sizes = [784, 512, 512, 10]
    W = [(r.standard_normal((sizes[i], sizes[i + 1])) * math.sqrt(2.0 / sizes[i])).astype(f32) for i in range(3)]
    b = [np.zeros(sizes[i + 1], f32) for i in range(3)]
    params = W + b
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    X = r.standard_normal((256, 784)).astype(f32)
    y = r.integers(0, 10, 256)
    state = {"t": 0}

    def mlp_step():
        h1p = X @ W[0] + b[0]; h1 = np.maximum(h1p, 0)
        h2p = h1 @ W[1] + b[1]; h2 = np.maximum(h2p, 0)
        z = h2 @ W[2] + b[2]
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z); p /= p.sum(axis=1, keepdims=True)
        g = p; g[np.arange(256), y] -= 1; g /= 256
        gW2 = h2.T @ g; gb2 = g.sum(0)
        g = (g @ W[2].T) * (h2p > 0)
        gW1 = h1.T @ g; gb1 = g.sum(0)
        g = (g @ W[1].T) * (h1p > 0)
        gW0 = X.T @ g; gb0 = g.sum(0)
        grads = [gW0, gW1, gW2, gb0, gb1, gb2]
        state["t"] += 1
        t = state["t"]
        lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-7
        c1, c2 = 1 - b1 ** t, 1 - b2 ** t
        for i, gr in enumerate(grads):
            m[i] *= b1; m[i] += (1 - b1) * gr
            v[i] *= b2; v[i] += (1 - b2) * gr * gr
            params[i] -= lr * (m[i] / c1) / (np.sqrt(v[i] / c2) + eps)

    put("mlp", "numpy", timed(mlp_step, min_reps=10, budget_s=4.0))
    if torch is not None:
        net = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512),
                                  torch.nn.ReLU(), torch.nn.Linear(512, 10))
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        Xt = torch.from_numpy(X)
        yt = torch.from_numpy(y)
        lossf = torch.nn.CrossEntropyLoss()

        def torch_mlp_step():
            opt.zero_grad()
            loss = lossf(net(Xt), yt)
            loss.backward()
            opt.step()

        put("mlp", "torch", timed(torch_mlp_step, min_reps=10, budget_s=4.0))


@bench("transformer")
def b_transformer():
    if torch is None:
        return
    # Tiny causal transformer: 2 layers, d=128, 4 heads, ff=512, T=64, batch 32, vocab 64, Adam (mirrors bench.ts).
    torch.manual_seed(1)
    Bsz, T, d, H, ff, V, L = 32, 64, 128, 4, 512, 64, 2
    hd = d // H

    class Block(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.ln1 = torch.nn.LayerNorm(d)
            self.qkv = torch.nn.Linear(d, 3 * d)
            self.proj = torch.nn.Linear(d, d)
            self.ln2 = torch.nn.LayerNorm(d)
            self.fc1 = torch.nn.Linear(d, ff)
            self.fc2 = torch.nn.Linear(ff, d)

        def forward(self, x, mask):
            h = self.ln1(x)
            q, k, v = self.qkv(h).split(d, dim=-1)
            q = q.view(Bsz, T, H, hd).transpose(1, 2)
            k = k.view(Bsz, T, H, hd).transpose(1, 2)
            v = v.view(Bsz, T, H, hd).transpose(1, 2)
            att = (q @ k.transpose(-1, -2)) / math.sqrt(hd) + mask
            o = (att.softmax(-1) @ v).transpose(1, 2).reshape(Bsz, T, d)
            x = x + self.proj(o)
            return x + self.fc2(torch.relu(self.fc1(self.ln2(x))))

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = torch.nn.Embedding(V, d)
            self.pos = torch.nn.Parameter(torch.randn(T, d) * 0.02)
            self.blocks = torch.nn.ModuleList([Block() for _ in range(L)])
            self.lnf = torch.nn.LayerNorm(d)
            self.out = torch.nn.Linear(d, V)

        def forward(self, tok, mask):
            x = self.emb(tok) + self.pos
            for blk in self.blocks:
                x = blk(x, mask)
            return self.out(self.lnf(x))

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    tok = torch.randint(0, V, (Bsz, T + 1))
    mask = torch.triu(torch.full((T, T), -1e9), diagonal=1)

    def tr_step():
        opt.zero_grad()
        logits = net(tok[:, :T], mask)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), tok[:, 1:].reshape(-1))
        loss.backward()
        opt.step()

    put("transformer", "torch", timed(tr_step, min_reps=5, budget_s=5.0))



def setup(name):
    """Builds the step functions of one benchmark once (cached)."""
    if name not in STEPS:
        STEPS[name] = {}
        fn = BENCHES.get(name)
        if fn is None:
            env["skipped"].append(f"unknown benchmark {name}")
        elif np is not None or name == "transformer":
            fn()
    return STEPS[name]


def run(names):
    for name in names:
        for impl, (fn, opts) in setup(name).items():
            results.setdefault(name, {})[impl] = timeit(fn, **opts)


def reps(fn, n, warmup):
    for _ in range(warmup):
        fn()
    cpus, walls = [], []
    for _ in range(n):
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        walls.append((time.perf_counter() - t0) * 1000.0)
        cpus.append((time.process_time() - c0) * 1000.0)
    return {"cpu": cpus, "wall": walls}


if __name__ == "__main__":
    if "--serve" in sys.argv:
        # Paired mode for bench.ts, which interleaves repetitions of the reference and of its own implementations.
        # Commands: "impls <bench>" -> list of implementations; "time <bench> <impl> <reps> <warmup>" -> raw times.
        print(json.dumps({"env": env}), flush=True)
        for line in sys.stdin:
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "impls":
                print(json.dumps(sorted(setup(parts[1]).keys())), flush=True)
            elif parts[0] == "time":
                fn, _ = setup(parts[1])[parts[2]]
                print(json.dumps(reps(fn, int(parts[3]), int(parts[4]))), flush=True)
            else:
                print(json.dumps({"error": f"unknown command {parts[0]}"}), flush=True)
    else:
        run([a for a in sys.argv[1:] if not a.startswith("--")] or list(BENCHES))
        print(json.dumps({"env": env, "results": results}))
