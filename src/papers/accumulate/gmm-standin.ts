/**
 * Stand-in for Fig. 4 (GeoDiff on GEOM-Drugs) of Gerstgrasser et al. (2024): a generative model of 2-D points
 * refitted on its own samples. The "real" law is a ring of K isotropic Gaussians; the model is a K-component
 * Gaussian mixture with full covariances fitted by EM; each iteration samples a dataset of the real size from
 * the previous model. Test loss: mean negative log-likelihood (nats per point) of held-out real points.
 */
import type { Rng } from "../../maths/random";

/** A 2-D Gaussian mixture: weights, means (x, y) and covariances (a, b, c) = [[a, b], [b, c]]. */
export interface Gmm2 {
  w: Float64Array;
  mx: Float64Array;
  my: Float64Array;
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
}

/** The real law: K equal components on a circle of radius `radius`, each N(μ_k, sd²I). */
export function ringMixture(K: number, radius: number, sd: number): Gmm2 {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`ringMixture: K must be a positive integer, got ${K}`);
  if (!(sd > 0) || !(radius >= 0)) throw new RangeError(`ringMixture: needs sd > 0 and radius ≥ 0, got sd = ${sd}, radius = ${radius}`);
  const g = emptyGmm(K);
  for (let k = 0; k < K; k++) {
    g.w[k] = 1 / K;
    g.mx[k] = radius * Math.cos((2 * Math.PI * k) / K);
    g.my[k] = radius * Math.sin((2 * Math.PI * k) / K);
    g.a[k] = g.c[k] = sd * sd;
  }
  return g;
}

function emptyGmm(K: number): Gmm2 {
  return { w: new Float64Array(K), mx: new Float64Array(K), my: new Float64Array(K), a: new Float64Array(K), b: new Float64Array(K), c: new Float64Array(K) };
}

/** n points (x₀, y₀, x₁, y₁, …) drawn from the mixture. */
export function sampleGmm(g: Gmm2, n: number, rng: Rng): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sampleGmm: n must be a positive integer, got ${n}`);
  const K = g.w.length, out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform(), k = 0;
    while (k < K - 1 && (u -= g.w[k]) >= 0) k++;
    // Cholesky of [[a, b], [b, c]]
    const l11 = Math.sqrt(g.a[k]), l21 = g.b[k] / l11, l22 = Math.sqrt(Math.max(g.c[k] - l21 * l21, 0));
    const z1 = rng.normal(), z2 = rng.normal();
    out[2 * i] = g.mx[k] + l11 * z1;
    out[2 * i + 1] = g.my[k] + l21 * z1 + l22 * z2;
  }
  return out;
}

/** log N((x, y); μ_k, Σ_k) + log w_k for every component, into `out`. */
function componentLogDensities(g: Gmm2, x: number, y: number, out: Float64Array): void {
  for (let k = 0; k < g.w.length; k++) {
    const det = g.a[k] * g.c[k] - g.b[k] * g.b[k];
    const dx = x - g.mx[k], dy = y - g.my[k];
    const q = (g.c[k] * dx * dx - 2 * g.b[k] * dx * dy + g.a[k] * dy * dy) / det;
    out[k] = Math.log(g.w[k]) - Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q;
  }
}

function logSumExp(v: Float64Array): number {
  let mx = -Infinity;
  for (const x of v) if (x > mx) mx = x;
  let s = 0;
  for (const x of v) s += Math.exp(x - mx);
  return mx + Math.log(s);
}

/** Mean negative log-likelihood (nats per point) of `points` under the mixture. */
export function meanNll(g: Gmm2, points: Float64Array): number {
  const n = points.length / 2, lp = new Float64Array(g.w.length);
  let s = 0;
  for (let i = 0; i < n; i++) {
    componentLogDensities(g, points[2 * i], points[2 * i + 1], lp);
    s -= logSumExp(lp);
  }
  return s / n;
}

/** EM options [U]. */
export interface EmOptions {
  K: number;
  iterations: number;
  /** added to the covariance diagonals (keeps components from collapsing onto one point) */
  covFloor: number;
}

/**
 * Fits a K-component mixture by EM, initialised with k-means++ seeding (means) and the pooled covariance.
 */
export function fitGmm(points: Float64Array, o: EmOptions, rng: Rng): Gmm2 {
  const n = points.length / 2, K = o.K;
  if (!Number.isInteger(K) || K < 1 || n < K) throw new RangeError(`fitGmm: needs 1 ≤ K ≤ number of points, got K = ${K}, n = ${n}`);
  const g = emptyGmm(K);
  // k-means++ seeding
  const d2 = new Float64Array(n).fill(Infinity);
  let pick = rng.int(n);
  for (let k = 0; k < K; k++) {
    g.mx[k] = points[2 * pick];
    g.my[k] = points[2 * pick + 1];
    let tot = 0;
    for (let i = 0; i < n; i++) {
      const dx = points[2 * i] - g.mx[k], dy = points[2 * i + 1] - g.my[k];
      d2[i] = Math.min(d2[i], dx * dx + dy * dy);
      tot += d2[i];
    }
    let u = rng.uniform() * tot;
    pick = 0;
    while (pick < n - 1 && (u -= d2[pick]) > 0) pick++;
  }
  let vx = 0, vy = 0, mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += points[2 * i] / n;
    my += points[2 * i + 1] / n;
  }
  for (let i = 0; i < n; i++) {
    vx += (points[2 * i] - mx) ** 2 / n;
    vy += (points[2 * i + 1] - my) ** 2 / n;
  }
  for (let k = 0; k < K; k++) {
    g.w[k] = 1 / K;
    g.a[k] = vx / K + o.covFloor;
    g.c[k] = vy / K + o.covFloor;
  }
  const resp = new Float64Array(n * K), lp = new Float64Array(K);
  for (let it = 0; it < o.iterations; it++) {
    for (let i = 0; i < n; i++) {
      componentLogDensities(g, points[2 * i], points[2 * i + 1], lp);
      const z = logSumExp(lp);
      for (let k = 0; k < K; k++) resp[i * K + k] = Math.exp(lp[k] - z);
    }
    for (let k = 0; k < K; k++) {
      let nk = 0, sx = 0, sy = 0;
      for (let i = 0; i < n; i++) {
        const r = resp[i * K + k];
        nk += r;
        sx += r * points[2 * i];
        sy += r * points[2 * i + 1];
      }
      nk = Math.max(nk, 1e-10);
      const ux = sx / nk, uy = sy / nk;
      let a = 0, b = 0, c = 0;
      for (let i = 0; i < n; i++) {
        const r = resp[i * K + k], dx = points[2 * i] - ux, dy = points[2 * i + 1] - uy;
        a += r * dx * dx;
        b += r * dx * dy;
        c += r * dy * dy;
      }
      g.w[k] = nk / n;
      g.mx[k] = ux;
      g.my[k] = uy;
      g.a[k] = a / nk + o.covFloor;
      g.b[k] = b / nk;
      g.c[k] = c / nk + o.covFloor;
    }
  }
  return g;
}

/** Parameters of {@link simulateGmmStandin} (all [U]). */
export interface GmmStandinParams {
  K: number;
  radius: number;
  sd: number;
  /** points per dataset */
  points: number;
  iterations: number;
  testPoints: number;
  em: EmOptions;
  seeds: number;
}

/** Per-seed test NLL by iteration: nll[schedule][seed][n − 1], plus the real law's own NLL (its entropy estimate). */
export function simulateGmmStandin(p: GmmStandinParams, rng: Rng): { nll: Record<"replace" | "accumulate", number[][]>; truthNll: number[] } {
  const truth = ringMixture(p.K, p.radius, p.sd);
  const nll = { replace: [] as number[][], accumulate: [] as number[][] };
  const truthNll: number[] = [];
  for (let s = 0; s < p.seeds; s++) {
    const r = rng.split();
    const test = sampleGmm(truth, p.testPoints, r);
    truthNll.push(meanNll(truth, test));
    const real = sampleGmm(truth, p.points, r);
    const first = fitGmm(real, p.em, r);
    for (const schedule of ["replace", "accumulate"] as const) {
      const rs = r.split();
      let model = first;
      const pool: Float64Array[] = [real];
      const row = [meanNll(model, test)];
      for (let n = 2; n <= p.iterations; n++) {
        const syn = sampleGmm(model, p.points, rs);
        if (schedule === "accumulate") {
          pool.push(syn);
          const all = new Float64Array(pool.reduce((t, x) => t + x.length, 0));
          let o = 0;
          for (const x of pool) {
            all.set(x, o);
            o += x.length;
          }
          model = fitGmm(all, p.em, rs);
        } else model = fitGmm(syn, p.em, rs);
        row.push(meanNll(model, test));
      }
      nll[schedule].push(row);
    }
  }
  return { nll, truthNll };
}
