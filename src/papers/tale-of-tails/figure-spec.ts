/**
 * Figure data types of the lab contract (docs/CONTRIBUTING.md, `src/lab/figure.ts`), restated here so the
 * builders type-check on their own; the shapes are identical, so a builder's result is a lab `FigureSpec`.
 * `metrics` carries the numbers the notebook checks (slopes, floors, agreement ratios).
 */
export interface Axis { title: string; log?: boolean; range?: [number, number] }
export interface Series {
  name: string;
  kind: "theory" | "simulation" | "measured" | "stand-in";
  x: number[];
  y: number[];
  yErr?: number[];
  panel?: number;
  style?: "lines" | "markers" | "lines+markers";
  group?: string;
}
export interface FigureSpec {
  figure: string;
  title: string;
  params: Record<string, unknown>;
  series: Series[];
  axes: { x: Axis; y: Axis };
  panels?: { title: string; axes?: { x: Axis; y: Axis } }[];
  notes?: string[];
  markers?: { name: string; x: number; panel?: number; axis?: "x" | "y" }[];
}

/** A figure plus the named numbers its notebook checks. */
export type TaleFigure = FigureSpec & { metrics: Record<string, number> };

/**
 * Theory-vs-simulation agreement of one or more curves (spec §1.4: a point agrees when
 * |sim − theory| ≤ max(3·SE, 5%·theory)). Collects every point so a figure can report the fraction of
 * agreeing points and the worst deviation in units of max(SE, 5%·theory/3) ("z", agreement ⇔ z ≤ 3).
 */
export class Agreement {
  private within = 0;
  private total = 0;
  private worst = 0;
  add(theory: ArrayLike<number>, mean: ArrayLike<number>, se: ArrayLike<number>, rel = 0.05): this {
    for (let j = 0; j < theory.length; j++) {
      const unit = Math.max(se[j], (rel * Math.abs(theory[j])) / 3, 1e-300);
      const z = Math.abs(mean[j] - theory[j]) / unit;
      if (z <= 3) this.within++;
      this.total++;
      this.worst = Math.max(this.worst, z);
    }
    return this;
  }
  /** fraction of points within max(3·SE, 5%) */
  get fraction(): number {
    return this.total === 0 ? NaN : this.within / this.total;
  }
  /** largest z over all points */
  get worstZ(): number {
    return this.worst;
  }
  get points(): number {
    return this.total;
  }
  /** metrics entries simFraction / simWorstZ / simPoints */
  metrics(prefix = "sim"): Record<string, number> {
    return { [`${prefix}Fraction`]: this.fraction, [`${prefix}WorstZ`]: this.worstZ, [`${prefix}Points`]: this.total };
  }
}
