/** Figs. 5–6 stand-in: a small VAE on 14×14 MNIST digits refitted on its own samples (replace vs accumulate). */
import type { Rng } from "../../../maths/random";
import { simulateVaeStandin, type VaeStandinParams, type VaeStandinRun } from "../vae-standin";
import { FIG5_READ } from "../paper-values";
import { seededSeries } from "../series";
import type { FigureSpec, Series } from "../figure-spec";

/** Runs the stand-in (kept for the sample grids of Fig. 6). */
export function runVaeStandin(p: VaeStandinParams, rng: Rng): VaeStandinRun {
  return simulateVaeStandin(p, rng);
}

export function buildFig5(p: VaeStandinParams, run: VaeStandinRun): FigureSpec {
  const its = Array.from({ length: p.iterations }, (_, i) => i);
  const series: Series[] = [];
  for (const s of ["replace", "accumulate"] as const) {
    series.push(seededSeries(`stand-in VAE, ${s}: test loss`, "stand-in", its, run.loss[s], { panel: 0, group: s, style: "lines+markers" }));
    series.push(seededSeries(`stand-in VAE, ${s}: class entropy of samples`, "stand-in", its, run.entropy[s], { panel: 1, group: s, style: "lines+markers" }));
    series.push({ name: `paper's reported values: VAE on CelebA, ${s}`, kind: "measured", x: FIG5_READ.iterations, y: FIG5_READ[s], panel: 2, group: s, style: "lines+markers" });
  }
  series.push({ name: "real test digits (classifier's predicted classes)", kind: "theory", x: [0, p.iterations - 1], y: [run.realEntropy, run.realEntropy], panel: 1, group: "real", style: "lines", reference: true });
  return {
    figure: "fig5",
    title: "Fig. 5 — VAE refitted on its own samples: test loss and mode collapse",
    params: { ...p, classifierAccuracy: run.classifierAccuracy, realEntropy: run.realEntropy },
    series,
    axes: { x: { title: "model-fitting iteration" }, y: { title: "test loss" } },
    panels: [
      { title: "stand-in: VAE loss per image on real held-out digits (nats)" },
      { title: "stand-in: entropy of the sampled digits' class histogram (ln 10 = 2.30)", axes: { x: { title: "model-fitting iteration" }, y: { title: "entropy (nats)" } } },
      { title: "paper's reported values: VAE on CelebA, test loss (iterations 0 and 9)" },
    ],
    notes: [
      `Stand-in: MLP VAE 196–${p.vae.hidden}–${p.vae.latent} (Bernoulli decoder) on ${p.train} real 14×14 MNIST digits, a fresh VAE trained ${p.vae.steps} Adam steps at every iteration; samples = decoder means of z ~ N(0, I). [U] all sizes.`,
      `Modes: a softmax-regression classifier trained on ${p.classifierTrain} other real digits (accuracy ${(100 * run.classifierAccuracy).toFixed(1)}% on the test digits) labels ${p.samplesForModes} samples per iteration.`,
    ],
  };
}
