/** Simulation series from per-seed values (mean, standard error and the per-seed values, through the lab's fromSeeds). */
import { fromSeeds, type Series } from "../../lab/figure";

/**
 * A simulation series from values[s][i] (seed s, grid point i).
 * @throws RangeError on fewer than 2 seeds or ragged rows
 */
export function seedSeries(name: string, x: number[], values: number[][], extra: Partial<Series> = {}): Series {
  for (const row of values) if (row.length !== x.length) throw new RangeError(`seedSeries: every seed needs ${x.length} values, got ${row.length}`);
  const { y, yErr, ySeeds } = fromSeeds(values);
  return { name, kind: "simulation", x: [...x], y, yErr, ySeeds, seeds: values.length, ...extra };
}

export { seriesNamed } from "../../lab/series";

/**
 * A simulation series of a ratio of means, y_i = mean_s num[s][i] / mean_s den[s][i], with the delta-method
 * standard error (covariance of numerator and denominator included). The ratio of means is consistent for the
 * ratio of expectations; the mean of per-seed ratios is not (it is biased by the denominator's noise).
 */
export function ratioSeries(name: string, x: number[], num: number[][], den: number[][], extra: Partial<Series> = {}): Series {
  const S = num.length;
  if (S < 2 || den.length !== S) throw new RangeError(`ratioSeries: need the same ≥ 2 seeds for numerator and denominator, got ${S} and ${den.length}`);
  const y: number[] = [], yErr: number[] = [];
  for (let i = 0; i < x.length; i++) {
    let a = 0, b = 0;
    for (let s = 0; s < S; s++) { a += num[s][i]; b += den[s][i]; }
    a /= S; b /= S;
    let va = 0, vb = 0, cab = 0;
    for (let s = 0; s < S; s++) { const da = num[s][i] - a, db = den[s][i] - b; va += da * da; vb += db * db; cab += da * db; }
    va /= (S - 1) * S; vb /= (S - 1) * S; cab /= (S - 1) * S;
    const r = a / b;
    y.push(r);
    yErr.push(Math.abs(r) * Math.sqrt(Math.max(0, va / (a * a) + vb / (b * b) - (2 * cab) / (a * b))));
  }
  return { name, kind: "simulation", x: [...x], y, yErr, seeds: S, ...extra };
}
