/** Small helpers that turn per-example scores into figure series (histograms, digit images as dot matrices). */
import type { Series } from "./figure-spec";

/** Shared log10 bin edges covering every score of every group (scores ≤ 0 are clamped to the smallest positive one). */
export function logBins(groups: ArrayLike<number>[], bins: number): number[] {
  let lo = Infinity, hi = -Infinity;
  for (const g of groups) for (let i = 0; i < g.length; i++) if (g[i] > 0) { lo = Math.min(lo, Math.log10(g[i])); hi = Math.max(hi, Math.log10(g[i])); }
  if (!Number.isFinite(lo)) throw new RangeError("logBins: no positive score");
  if (hi - lo < 1e-9) hi = lo + 1;
  return Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
}

/** Histogram of log10(score) as a fraction of the group per bin, drawn at bin centres. */
export function logHistogram(name: string, scores: ArrayLike<number>, edges: number[], extra: Partial<Series> = {}): Series {
  const b = edges.length - 1;
  const counts = new Array<number>(b).fill(0);
  let floor = Infinity;
  for (let i = 0; i < scores.length; i++) if (scores[i] > 0) floor = Math.min(floor, scores[i]);
  for (let i = 0; i < scores.length; i++) {
    const v = Math.log10(scores[i] > 0 ? scores[i] : floor);
    let j = Math.floor(((v - edges[0]) / (edges[b] - edges[0])) * b);
    j = Math.min(b - 1, Math.max(0, j));
    counts[j]++;
  }
  return {
    name, kind: "simulation", style: "lines+markers",
    x: counts.map((_, j) => (edges[j] + edges[j + 1]) / 2), y: counts.map((c) => c / Math.max(scores.length, 1)),
    ...extra,
  };
}

/**
 * Digit images side by side as a dot matrix (one marker per pixel with grey level ≥ `threshold`): image s occupies
 * x ∈ [30·s, 30·s + 28), rows drawn downwards. Data-first stand-in for an image grid.
 */
export function imageStrip(name: string, images: Float32Array[], panel: number, threshold = 0.5, extra: Partial<Series> = {}): Series {
  const x: number[] = [], y: number[] = [];
  images.forEach((img, s) => {
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) if (img[r * 28 + c] >= threshold) { x.push(30 * s + c); y.push(-r); }
  });
  return { name, kind: "simulation", style: "markers", x, y, panel, ...extra };
}

/** Indices of the `count` smallest (order "asc") or largest ("desc") scores. */
export function extremes(scores: ArrayLike<number>, count: number, order: "asc" | "desc"): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (order === "asc" ? scores[a] - scores[b] : scores[b] - scores[a]));
  return idx.slice(0, count);
}
