/**
 * Numbers reported in the paper (arXiv 2502.15588 v1), copied from its tables: they are the paper's measurements on
 * ImageNet with LDM-1.5 generators and ViT-B classifiers, not computed here. Accuracies in %.
 */

/** A reported (dataset size, top-1 accuracy on the real ImageNet validation set) point. */
export interface ReportedPoint {
  size: number;
  accuracy: number;
}

/** Table 4 (ImageNet-100): Deliberate Practice, one row per branch-out dataset size; IN real validation accuracy. */
export const TABLE4_DP: ReportedPoint[] = [
  [80e3, 59.48], [96e3, 60.54], [112e3, 61.8], [128e3, 62.68], [160e3, 64.4], [256e3, 65.52], [320e3, 66.28], [416e3, 66.92],
  [640e3, 67.8], [910e3, 68.28], [1.794e6, 68.46], [3.138e6, 68.88],
].map(([size, accuracy]) => ({ size, accuracy }));

/** Table 4 (ImageNet-100): static generation. */
export const TABLE4_STATIC: ReportedPoint[] = [
  [64e3, 56.56], [130e3, 59.44], [260e3, 60.02], [400e3, 61.92], [2e6, 62.16], [4e6, 62.32],
].map(([size, accuracy]) => ({ size, accuracy }));

/** Table 5 (ImageNet-1k): Deliberate Practice. */
export const TABLE5_DP: ReportedPoint[] = [
  [320e3, 42.57], [480e3, 44.88], [640e3, 47.91], [1.308e6, 50.23], [1.962e6, 50.67], [7.8e6, 50.91], [13.08e6, 51.2],
].map(([size, accuracy]) => ({ size, accuracy }));

/** Table 5 (ImageNet-1k): static generation. */
export const TABLE5_STATIC: ReportedPoint[] = [
  [320e3, 39.33], [654e3, 42.51], [1.3e6, 44.12], [2.6e6, 45.01], [10e6, 45.61], [13e6, 45.63],
].map(([size, accuracy]) => ({ size, accuracy }));

/** Table 1: comparison with prior work (iterations, data size, accuracy on six test sets; "–" = not reported). */
export const TABLE1: Record<string, string | number>[] = [
  ["IN-100", "real data", "100k", "130k", 88.5, "–", 76.4, 37.1, 60.8, 33.5],
  ["IN-100", "Sarıyıldız et al., static", "13k", "130k", 63.5, "–", 62.7, 41.8, 64.2, 13.7],
  ["IN-100", "Sarıyıldız et al.", "635k", "6.5M", 73.3, "–", 72.3, 42.0, 59.4, 17.1],
  ["IN-100", "Deliberate Practice", "100k", "1.9M", 74.3, 75.0, 66.3, 52.0, 76.6, 25.9],
  ["IN-1k", "real data", "200k", "1.3M", 82.6, "–", 70.9, 32.5, 44.6, 29.4],
  ["IN-1k", "Sarıyıldız et al.", "130k", "1.3M", 42.9, "–", 43.0, 16.6, 26.3, 3.6],
  ["IN-1k", "Fan et al.", "210k", "2M", 50, "–", 42.2, 27.2, 45.7, 6.6],
  ["IN-1k", "Fan et al.", "315k", "64M", 54, "–", 46.0, 32.4, 52.5, 9.4],
  ["IN-1k", "Deliberate Practice", "200k", "6.5M", 54.1, 54.84, 48.5, 34.7, 56.0, 12.3],
  ["IN-1k", "Deliberate Practice", "200k", "9.1M", 55.1, 55.73, 49.3, 36.0, 57.2, 13.4],
].map(([task, method, iterations, size, val, train, v2, sketch, r, a]) => ({
  task, method, iterations, "data size": size, "IN real val": val, "IN real train (held out)": train, "IN-v2": v2, "IN-Sketch": sketch, "IN-R": r, "IN-A": a,
}));

/** Table 2 (ImageNet-100, 130k static samples, 50k iterations): accuracy by generator. */
export const TABLE2: { generator: string; accuracy: number }[] = [
  { generator: "LDM-1.4", accuracy: 59.06 }, { generator: "LDM-1.5", accuracy: 59.24 }, { generator: "LDM-2.1", accuracy: 55.92 }, { generator: "LDM-XL", accuracy: 52.8 },
];

/** Table 3 (ImageNet-100, 50k iterations): ablation, accuracy on real validation / real train (held-out) sets. */
export const TABLE3: { setting: string; val: number; train: number }[] = [
  { setting: "DP: ω = 0.05, incremental patience, uniform sampling", val: 68.04, train: 69.25 },
  { setting: "ω = 0 (no entropy guidance)", val: 61.58, train: 63.09 },
  { setting: "ω = 0.03", val: 66.7, train: 68.0 },
  { setting: "ω = 0.07", val: 66.88, train: 68.66 },
  { setting: "fixed patience T_max", val: 67.22, train: 70.38 },
  { setting: "non-uniform sampling (2× weight on new samples)", val: 68.01, train: 69.11 },
];

/**
 * The data-efficiency factor read off two reported scaling curves: (largest static size) / (smallest DP size whose
 * accuracy reaches the best static accuracy); NaN if DP never reaches it.
 */
export function dataEfficiency(dp: ReportedPoint[], stat: ReportedPoint[]): { best: ReportedPoint; dpSize: number; factor: number } {
  const best = stat.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const hit = dp.filter((p) => p.accuracy >= best.accuracy).sort((a, b) => a.size - b.size)[0];
  return { best, dpSize: hit ? hit.size : NaN, factor: hit ? best.size / hit.size : NaN };
}
