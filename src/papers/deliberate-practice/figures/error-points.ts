/**
 * Accuracy figures compared as test errors: the agreement engine tests relative bias, and a relative bias of the
 * error (1 − accuracy) is the stricter and meaningful one when accuracies are close to 1.
 */
import { pointsOfFigure, type ComparedPoint, type PointSelection } from "../../../lab/agreement";
import type { FigureSpec } from "../../../lab/figure";

/** The compared points of an accuracy figure, mapped to error = 1 − accuracy (simulation, theory and per-seed values). */
export function errorPointsOfAccuracyFigure(fig: FigureSpec, sel: PointSelection = {}): ComparedPoint[] {
  return pointsOfFigure(fig, sel).map((p) => ({
    ...p,
    sim: 1 - p.sim,
    theory: 1 - p.theory,
    seeds: p.seeds ? p.seeds.map((v) => 1 - v) : undefined,
  }));
}
