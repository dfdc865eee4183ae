/**
 * Fig. 7: Theorem 1 against simulation at d = 350, one panel per (ridge λ, pool size n), kept fraction p on the
 * x-axis, for keep-hard and keep-easy selection at alignments ρ. Top row λ = 10⁻⁶ (the paper's Corollary 1, λ → 0⁺,
 * evaluated as Theorem 1 at small λ), bottom row λ = 10⁻². Vertical line at p = φ = d/n (kept size = d).
 */
import { fromSeeds, type FigureSpec, type Series } from "../../../lab/figure";
import type { Rng } from "../../../maths/random";
import type { Fig7Params } from "../params";
import { keepEasyFraction, keepHardFraction, type SelectionRule } from "../selection-rules";
import { simulateSelectedRidge } from "../simulation";
import { theorem1 } from "../theorem1";

const RULES = [
  { key: "KH", label: "keep-hard", make: keepHardFraction },
  { key: "KE", label: "keep-easy", make: keepEasyFraction },
] as const;

/** The fractions a rule is simulated at (keep-easy skips p = 1, which is keep-all, already keep-hard's last point). */
function fractionsOf(key: string, fr: number[]): number[] {
  return key === "KE" ? fr.filter((p) => p < 1) : fr;
}

/** Group name shared by a setting's simulation and its exact (arccos) theory. */
export function fig7Group(key: string, rho: number): string {
  return `${key} ρ=${rho}`;
}

export function buildFig7(P: Fig7Params, rng: Rng): FigureSpec {
  const series: Series[] = [];
  const panels: FigureSpec["panels"] = [];
  const markers: NonNullable<FigureSpec["markers"]> = [];
  P.lambdas.forEach((lambda, li) => {
    P.pools.forEach((n, ni) => {
      const panel = li * P.pools.length + ni;
      const phi = P.d / n;
      panels.push({ title: `${li === 0 ? "Cor. 1" : "Thm 1"}: λ = ${lambda}, n = ${n} (φ = ${Number(phi.toFixed(3))})` });
      if (phi <= 1) markers.push({ name: "p = φ", x: phi, panel });
    });
  });
  // Simulation: one pool per (n, ρ, seed); every rule and λ fitted on it.
  const sims = new Map<string, number[][]>(); // key (li, n, ρ, rule) → rows[seed][fraction]
  for (const n of P.pools) {
    for (const rho of P.rhos) {
      const rules: { key: string; p: number; rule: SelectionRule }[] = [];
      for (const R of RULES) for (const p of fractionsOf(R.key, P.keepFractions)) rules.push({ key: R.key, p, rule: R.make(p) });
      for (let s = 0; s < P.seeds; s++) {
        const draw = simulateSelectedRidge({ d: P.d, n, rho, rules: rules.map((r) => r.rule), lambdas: P.lambdas }, rng.split());
        P.lambdas.forEach((_, li) => {
          for (const R of RULES) {
            const id = `${li}|${n}|${rho}|${R.key}`;
            if (!sims.has(id)) sims.set(id, []);
            const row = rules.map((r, ri) => ({ r, e: draw.errors[ri][li] })).filter((v) => v.r.key === R.key).map((v) => v.e);
            sims.get(id)!.push(row);
          }
        });
      }
    }
  }
  P.lambdas.forEach((lambda, li) => {
    P.pools.forEach((n, ni) => {
      const panel = li * P.pools.length + ni;
      const phi = P.d / n;
      for (const rho of P.rhos) {
        for (const R of RULES) {
          const x = fractionsOf(R.key, P.keepFractions);
          const th = x.map((p) => theorem1(R.make(p), phi, lambda, rho));
          const group = fig7Group(R.key, rho);
          series.push({ name: `theory, exact form: ${R.label}, ρ = ${rho}`, kind: "theory", panel, group, x, y: th.map((t) => t.errorArccos) });
          series.push({ name: `Thm 1 as stated (Gaussian margin): ${R.label}, ρ = ${rho}`, kind: "theory", panel, group: `${group} (Gaussian margin)`, colorGroup: group, variant: "Thm 1 as stated (Gaussian margin)", x, y: th.map((t) => t.errorGaussianMargin) });
          const sum = fromSeeds(sims.get(`${li}|${n}|${rho}|${R.key}`)!);
          series.push({ name: `simulation: ${R.label}, ρ = ${rho}`, kind: "simulation", panel, group, x, ...sum });
        }
      }
    });
  });
  return {
    figure: "fig7",
    title: `Fig. 7 — Theorem 1 vs simulation, d = ${P.d}: test error vs kept fraction`,
    groupLabels: Object.fromEntries(P.rhos.flatMap((rho) => RULES.map((R) => [fig7Group(R.key, rho), `${R.label}, ρ = ${rho}`]))),
    params: { ...P },
    series,
    axes: { x: { title: "kept fraction p" }, y: { title: "test error" } },
    panels,
    columns: P.pools.length,
    markers,
    notes: [
      `Simulation: ${P.seeds} pools per (n, ρ), x ~ N(0, I_${P.d}), y = sign(w₀ᵀx); pool-normalised weighted ridge (eq. 12); error computed exactly as arccos(cos∠(ŵ, w₀))/π.`,
      "Top row: the paper's Corollary 1 (λ → 0⁺) is evaluated as Theorem 1 at λ = 10⁻⁶ (Corollary 1's closed form is inconsistent with Lemma 1; derived here).",
      "[U] pool sizes and ρ values (the paper does not state them).",
    ],
  };
}

/**
 * Finite-size check at the interpolation threshold of Fig. 7's top row: kept size = d (p = φ), λ = 10⁻⁶, at
 * d and its multiples with φ = d/n fixed; the theory value does not depend on d.
 */
export function buildFig7Threshold(P: { dims: number[]; phi: number; lambda: number; rho: number; seeds: number; rules: ("KH" | "KE")[] }, rng: Rng): FigureSpec {
  const series: Series[] = [];
  for (const key of P.rules) {
    const R = RULES.find((r) => r.key === key)!;
    const rule = R.make(P.phi);
    const th = theorem1(rule, P.phi, P.lambda, P.rho);
    const rows: number[][] = [];
    for (let s = 0; s < P.seeds; s++) {
      rows.push(P.dims.map((d) => simulateSelectedRidge({ d, n: Math.round(d / P.phi), rho: P.rho, rules: [rule], lambdas: [P.lambda] }, rng.split()).errors[0][0]));
    }
    const group = fig7Group(key, P.rho);
    series.push({ name: `theory, exact form: ${R.label}`, kind: "theory", group, x: P.dims, y: P.dims.map(() => th.errorArccos) });
    series.push({ name: `simulation: ${R.label}`, kind: "simulation", group, x: P.dims, ...fromSeeds(rows) });
  }
  return {
    figure: "fig7-threshold",
    title: `Fig. 7, top row at the threshold p = φ = ${P.phi}: simulation vs d (λ = ${P.lambda}, ρ = ${P.rho})`,
    groupLabels: Object.fromEntries(RULES.map((R) => [fig7Group(R.key, P.rho), R.label])),
    params: { ...P },
    series,
    axes: { x: { title: "dimension d (pool n = d/φ, kept ≈ d)", log: true }, y: { title: "test error" } },
    notes: [`Finite-size effect at the interpolation threshold, measured at d and its multiples; ${P.seeds} seeds per point.`],
  };
}
