/** Fig. 1 (right) and Fig. 4: the paper's reported scaling curves (Tables 4–5), static vs Deliberate Practice. */
import type { FigureSpec, Series } from "../../../lab/figure";
import { TABLE4_DP, TABLE4_STATIC, TABLE5_DP, TABLE5_STATIC, type ReportedPoint } from "../paper-data";

const measured = (name: string, pts: ReportedPoint[], panel = 0, group?: string): Series => ({
  name, kind: "measured", panel, group: group ?? name, style: "lines+markers", x: pts.map((p) => p.size), y: pts.map((p) => p.accuracy),
});

/** Fig. 1 (right): ImageNet-1k accuracy vs number of synthetic samples (Table 5). */
export function buildFig1Right(): FigureSpec {
  return {
    figure: "fig1-right",
    title: "Fig. 1 (right) — ImageNet-1k: accuracy vs synthetic dataset size (the paper's reported values, Table 5)",
    params: { source: "Table 5" },
    series: [measured("static generation (paper's reported values)", TABLE5_STATIC), measured("Deliberate Practice (paper's reported values)", TABLE5_DP)],
    axes: { x: { title: "number of synthetic training samples", log: true }, y: { title: "top-1 accuracy on real ImageNet val (%)" } },
    notes: ["Paper's reported values (Table 5), not computed here: ViT-B trained on LDM-1.5 samples."],
  };
}

/** Fig. 4: scaling laws on ImageNet-100 (Table 4) and ImageNet-1k (Table 5). */
export function buildFig4Paper(): FigureSpec {
  return {
    figure: "fig4-paper",
    title: "Fig. 4 — scaling laws, static vs Deliberate Practice (the paper's reported values, Tables 4–5)",
    params: { source: "Tables 4 and 5" },
    series: [
      measured("static (paper's reported values)", TABLE4_STATIC, 0, "static"), measured("Deliberate Practice (paper's reported values)", TABLE4_DP, 0, "DP"),
      measured("static (paper's reported values)", TABLE5_STATIC, 1, "static"), measured("Deliberate Practice (paper's reported values)", TABLE5_DP, 1, "DP"),
    ],
    axes: { x: { title: "total dataset size", log: true }, y: { title: "top-1 accuracy on real val (%)" } },
    panels: [{ title: "ImageNet-100 (Table 4)" }, { title: "ImageNet-1k (Table 5)" }],
    notes: ["Paper's reported values, not computed here."],
  };
}
