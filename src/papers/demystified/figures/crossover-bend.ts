/**
 * The fast → slow crossover as a bend along T within one curve (paper §5; docs/derivations/demystified.md §5, §8):
 * σ = 0, one OLS generation (T₀ = t0OverD·d, its error covariance σ₀²Σ⁻¹/(T₀ − d − 1)), oracle-tuned ridge at each T.
 * At small T the clean bias dominates and the error falls at the fast rate T^(−2βr); once the chain's error dominates,
 * the tuned ridge only reaches the slow rate. Panel 0: error vs T, simulation (generator error drawn from its
 * covariance, dual downstream fit) and theory at the simulation's d, theory at the reference d dotted; panel 1: local
 * log–log slopes between neighbouring T.
 */
import type { Rng } from "../../../maths/random";
import { fromSeeds } from "../../../lab/figure";
import { powerLawSpectrum, powerLawTeacherW2 } from "../../../theory/ridge/index";
import { tunedRidge } from "../power-law";
import { downstreamRidgeDual } from "../simulate";
import { gaussianChainTeachers } from "./fig1b-regime";
import type { FigureSpec, Series } from "../figure-spec";

/** Parameters of {@link buildCrossoverBend} (all [U]): generator noise levels σ₀² drawn as theory, one of them simulated. */
export interface CrossoverBendParams {
  d: number; t0OverD: number; Ts: number[]; beta: number; r: number; sigma02s: number[]; simulatedSigma02: number; seeds: number; referenceD: number;
}

/** Log–log slopes between neighbouring points, at the geometric mid-points. */
export function localSlopes(x: readonly number[], y: readonly number[]): { x: number[]; y: number[] } {
  const out = { x: [] as number[], y: [] as number[] };
  for (let i = 1; i < x.length; i++) {
    out.x.push(Math.sqrt(x[i] * x[i - 1]));
    out.y.push(Math.log(y[i] / y[i - 1]) / Math.log(x[i] / x[i - 1]));
  }
  return out;
}

export function buildCrossoverBend(p: CrossoverBendParams, rng: Rng): FigureSpec {
  const { d, t0OverD, Ts, beta, r, sigma02s, simulatedSigma02, seeds, referenceD } = p;
  if (Ts.some((T) => T > d / 4)) throw new RangeError(`buildCrossoverBend: every T must be ≤ d/4 = ${d / 4} (dual fit, T ≪ d), got ${Ts.join(", ")}`);
  if (!sigma02s.includes(simulatedSigma02)) throw new RangeError(`buildCrossoverBend: simulatedSigma02 ${simulatedSigma02} must be one of sigma02s (${sigma02s.join(", ")})`);
  const setting = (dd: number, s02: number) => {
    const T0 = Math.round(t0OverD * dd);
    return { eigs: powerLawSpectrum(dd, beta), w2: powerLawTeacherW2(dd, beta, r), chain: { generations: 1, T0, sigma02: s02 } };
  };
  const tuned = (s: ReturnType<typeof setting>) => Ts.map((T) => tunedRidge(s.eigs, s.w2, T, 0, s.chain));
  const series: Series[] = [];
  const slopes: Record<string, number[]> = {};
  for (const s02 of sigma02s) {
    const group = `σ₀² = ${s02}`;
    const ref = tuned(setting(referenceD, s02)).map((t) => t.error);
    series.push({ name: `theory ${group}, d = ${referenceD}`, kind: "theory", x: [...Ts], y: ref, panel: 0, group: `${group} (d = ${referenceD})`, colorGroup: group, variant: `theory at d = ${referenceD}` });
    const ls = localSlopes(Ts, ref);
    series.push({ name: `local slope ${group}, d = ${referenceD}`, kind: "theory", x: ls.x, y: ls.y, panel: 1, group: `${group} (d = ${referenceD})`, colorGroup: group, variant: `theory at d = ${referenceD}` });
    slopes[`${group}, d = ${referenceD}`] = ls.y;
  }
  // simulation at d, with the oracle λ of the theory at the same d
  const group = `σ₀² = ${simulatedSigma02}`;
  const s = setting(d, simulatedSigma02);
  const th = tuned(s);
  const w0 = s.w2.map(Math.sqrt);
  const rows: number[][] = [];
  for (let k = 0; k < seeds; k++) {
    const rs = rng.split();
    const [teacher] = gaussianChainTeachers(s.eigs, w0, [1], s.chain.T0, Math.sqrt(s.chain.sigma02), rs);
    rows.push(Ts.map((T, i) => downstreamRidgeDual(s.eigs, w0, [teacher], T, 0, th[i].lambda, rs)[0]));
  }
  series.push({ name: `theory ${group}`, kind: "theory", x: [...Ts], y: th.map((t) => t.error), panel: 0, group });
  series.push({ name: `simulation ${group}`, kind: "simulation", x: [...Ts], ...fromSeeds(rows), panel: 0, group });
  const lsTheory = localSlopes(Ts, th.map((t) => t.error));
  series.push({ name: `local slope ${group}`, kind: "theory", x: lsTheory.x, y: lsTheory.y, panel: 1, group });
  slopes[`${group}, d = ${d}`] = lsTheory.y;
  return {
    figure: "crossover-bend",
    title: "The fast → slow crossover along T: σ = 0, one synthetic generation, oracle-tuned ridge",
    params: { ...p, fastRate: -2 * beta * r, oracleLambda: th.map((t) => t.lambda), localSlopes: slopes },
    series,
    axes: { x: { title: "downstream sample size T", log: true }, y: { title: "test error E‖ŵ − w₀‖²_Σ", log: true } },
    panels: [
      { title: `error vs T (simulation at d = ${d})` },
      { title: "local log–log slope", axes: { x: { title: "downstream sample size T", log: true }, y: { title: "d log E / d log T" } } },
    ],
    notes: [
      `[U] parameters; β = ${beta}, r = ${r}, σ = 0, one generation with T₀ = ${t0OverD}·d.`,
      "λ at each T: the minimiser of the deterministic-equivalent error (oracle). Simulation: one generation's error drawn from its covariance σ₀²Σ⁻¹/(T₀ − d − 1) (docs/derivations/demystified.md §8), dual downstream ridge; mean ± standard error over seeds.",
    ],
  };
}
