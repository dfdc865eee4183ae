/**
 * The paper's setting (§3) as a diagram: the fake-data chain of OLS generators, each trained on T₀ samples labelled
 * by the previous one, feeding the downstream ridge model trained on T samples labelled by the n-th generator and
 * scored against the true w₀.
 */
import { svgArrow, svgBox, svgDocument } from "../../lab/diagram";

/** The setting diagram as an SVG string. */
export function settingSvg(): string {
  const y = 50, h = 74;
  return svgDocument(980, 190, [
    `<text x="10" y="20" font-size="13" font-weight="bold">the fake-data chain (paper §3) and the downstream model</text>`,
    svgBox(10, y, 120, h, "truth w₀", "y = xᵀw₀ + noise", "#e8e8e8"),
    svgBox(190, y, 150, h, "generator 1", "OLS on T₀ samples", "#dbe9f6"),
    svgBox(400, y, 150, h, "generator n", "OLS on T₀ samples", "#dbe9f6"),
    svgBox(610, y, 170, h, "downstream model", "ridge λ on T samples", "#dbf6e0"),
    svgBox(840, y, 130, h, "test error", "E‖ŵ − w₀‖²_Σ", "#f6f0db"),
    svgArrow(130, y + h / 2, 188, y + h / 2, "labels, σ₀"),
    svgArrow(340, y + h / 2, 398, y + h / 2, "… ŵ₁ … ŵₙ₋₁"),
    svgArrow(550, y + h / 2, 608, y + h / 2, "labels by ŵₙ, σ"),
    svgArrow(780, y + h / 2, 838, y + h / 2),
    `<text x="490" y="160" text-anchor="middle" font-size="11">x ~ N(0, Σ) for every sample; each generation draws fresh inputs; n = 0 is training on clean data</text>`,
    `<text x="490" y="178" text-anchor="middle" font-size="11">E = clean bias + clean variance + n·σ₀²ρ/(T₀ − d − 1) (derived here; OLS downstream: Theorem 4.1)</text>`,
  ]);
}
