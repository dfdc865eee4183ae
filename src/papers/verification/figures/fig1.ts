/**
 * Fig. 1: (a) the pipeline — a generator synthesizes labelled data, a verifier selects, a new model is trained on
 * the selection; (b) the theory setting — Gaussian inputs, the true direction w*, a generator that errs, a verifier
 * that keeps or drops, and the downstream linear classifier. Drawn here as SVG (no picture copied).
 */

import type { Rng } from "../../../maths/random";
import { svgArrow as ARROW, svgBox as BOX, svgDocument } from "../../../lab/diagram";
import { linearGeneratorSelector, type LinearSelection } from "../generators";

/** A 2-D point of the setting drawing: generated label, whether the verifier kept it, whether the label is right. */
export interface SettingPoint { x1: number; x2: number; label: number; kept: boolean; correct: boolean }

/** `n` Gaussian points labelled by a linear generator at θ_gen and selected by `sel` (for {@link settingSvg}). */
export function settingPoints(n: number, thetaGen: number, sel: LinearSelection, rng: Rng): SettingPoint[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`settingPoints: n must be a positive integer, got ${n}`);
  const all = linearGeneratorSelector(thetaGen, { kind: "none" });
  const keep = linearGeneratorSelector(thetaGen, sel);
  return Array.from({ length: n }, () => {
    const x1 = rng.normal(), x2 = rng.normal();
    const label = all(x1, x2, rng);
    return { x1, x2, label, kept: keep(x1, x2, rng) !== 0, correct: label === (x1 >= 0 ? 1 : -1) };
  });
}

/** The pipeline diagram (panel a) as an SVG string. */
export function pipelineSvg(): string {
  return svgDocument(760, 170, [
    `<text x="10" y="18" font-size="13" font-weight="bold">(a) training on verified synthesized data</text>`,
    BOX(10, 50, 130, 70, "generator", "trained on real data", "#dbe9f6"),
    BOX(200, 50, 150, 70, "synthesized data", "inputs + generated labels", "#f6f0db"),
    BOX(410, 50, 130, 70, "verifier", "keeps (ϕ) / drops (ψ)", "#f6dbdb"),
    BOX(600, 50, 150, 70, "new model", "trained on the selection", "#dbf6e0"),
    ARROW(140, 85, 198, 85, "labels"), ARROW(350, 85, 408, 85), ARROW(540, 85, 598, 85, "kept"),
    `<text x="475" y="145" text-anchor="middle" font-size="11">breakdown point p* = ϕ/(ϕ+ψ): the new model is optimal iff generator error p &lt; p*</text>`,
  ]);
}

/**
 * The theory setting (panel b): a scatter of 2-D Gaussian points coloured by the synthesized label, crossed out
 * where the verifier drops them, with w* (true), w_gen (generator) and the downstream direction. Points are given
 * by the caller (seeded, from the library's own generator), so the drawing is data, not a picture.
 */
export function settingSvg(points: SettingPoint[], thetaGen: number, prune?: number): string {
  const S = 60, cx = 190, cy = 190;
  const px = (v: number) => cx + S * v, py = (v: number) => cy - S * v;
  const dots = points.filter((p) => Math.abs(p.x1) < 3 && Math.abs(p.x2) < 3).map((p) => {
    const col = p.label > 0 ? "#1f77b4" : "#d62728";
    return p.kept
      ? `<circle cx="${px(p.x1).toFixed(1)}" cy="${py(p.x2).toFixed(1)}" r="3.2" fill="${col}" fill-opacity="0.75"${p.correct ? "" : ` stroke="#000" stroke-width="1"`}/>`
      : `<text x="${px(p.x1).toFixed(1)}" y="${(py(p.x2) + 4).toFixed(1)}" text-anchor="middle" font-size="10" fill="#999">×</text>`;
  });
  const ray = (t: number, col: string, label: string, dash = "") =>
    `<line x1="${px(-2.9 * Math.sin(t))}" y1="${py(2.9 * Math.cos(t))}" x2="${px(2.9 * Math.sin(t))}" y2="${py(-2.9 * Math.cos(t))}" stroke="${col}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/>` +
    `<line x1="${cx}" y1="${cy}" x2="${px(1.3 * Math.cos(t))}" y2="${py(1.3 * Math.sin(t))}" stroke="${col}" stroke-width="2.5" marker-end="url(#arr2)"/>` +
    `<text x="${px(1.5 * Math.cos(t))}" y="${py(1.5 * Math.sin(t))}" font-size="12" fill="${col}">${label}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="660" height="390" viewBox="0 0 660 390" font-family="sans-serif">`,
    `<defs><marker id="arr2" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#333"/></marker></defs>`,
    `<text x="10" y="18" font-size="13" font-weight="bold">(b) theory and simulation setting</text>`,
    `<rect x="10" y="10" width="360" height="360" fill="none" stroke="#ccc"/>`,
    ...dots,
    ray(0, "#000", "w* (truth)"),
    ray(thetaGen, "#8c564b", "w_gen", "5,3"),
    prune === undefined ? "" : ray(prune, "#9467bd", "w_prune", "2,3"),
    `<g font-size="12">`,
    `<text x="390" y="60">x ~ N(0, I_d); true label y = sign(w*ᵀx)</text>`,
    `<text x="390" y="85">generator label y′ = sign(w_genᵀx)</text>`,
    `<text x="390" y="110"><tspan fill="#1f77b4">●</tspan> y′ = +1   <tspan fill="#d62728">●</tspan> y′ = −1   ◯ ringed: y′ wrong</text>`,
    `<text x="390" y="135"><tspan fill="#999">×</tspan> dropped by the verifier</text>`,
    `<text x="390" y="160">verifier keeps iff sign(w_pruneᵀx) = y′;</text>`,
    `<text x="390" y="178">in Theorem 4.2: keep w.p. ϕ if y′ = y, ψ if not</text>`,
    `<text x="390" y="203">downstream: linear (ridge) classifier</text>`,
    `<text x="390" y="221">on the kept pairs only</text>`,
    `<text x="390" y="250">after selection the wrong fraction is</text>`,
    `<text x="390" y="272">p′ = pψ / (pψ + (1−p)ϕ) &lt; ½  ⇔  p &lt; p*</text>`,
    `</g></svg>`,
  ].join("");
}
