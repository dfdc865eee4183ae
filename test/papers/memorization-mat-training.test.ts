import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import {
  getTf, linearModel, mlpModel, toInputs, predictAll, trainClassifier, trainRegression, runXrm, spuriousLinearData,
  runFig1Panel, calibratedShift, colorMnist, spuriousMnist,
} from "../../src/papers/memorization-mat/index";

const close = (a: number, b: number, tol: number, msg = "") => assert.ok(Math.abs(a - b) <= tol, `${msg} ${a} vs ${b} (tol ${tol})`);

test("hand-written backprop matches tf.grad for linear and MLP models (tanh, relu; random inputs)", async () => {
  const { tf } = await getTf();
  const rng = createRng(5);
  for (const kind of ["linear", "tanh", "relu"] as const) {
    const n = 7, d = 5, k = 3;
    const model = kind === "linear" ? linearModel(tf, d, k, rng, { bias: true }) : mlpModel(tf, [d, 6, 4, k], kind, rng);
    const x = rng.fillNormal(new Float32Array(n * d));
    const inp = toInputs(tf, x, n, d);
    const target = tf.tensor2d(rng.fillNormal(new Float32Array(n * k)), [n, k]);
    // loss = Σ (out − target)² / 2 → dOut = out − target
    const manual = tf.tidy(() => {
      const f = model.forward(inp);
      return f.backward(f.out.sub(target) as any).map((g) => Array.from(g.dataSync()));
    });
    const auto = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => model.forward(inp).out.sub(target).square().sum().mul(0.5) as any, model.params);
      return model.params.map((p) => Array.from(grads[p.name].dataSync()));
    });
    assert.equal(manual.length, auto.length);
    for (let i = 0; i < manual.length; i++) {
      assert.equal(manual[i].length, auto[i].length);
      for (let j = 0; j < manual[i].length; j++) close(manual[i][j], auto[i][j], 1e-4 * Math.max(1, Math.abs(auto[i][j])), `${kind} param ${i}[${j}]`);
    }
    model.dispose();
  }
});

test("MAT with a zero shift trains exactly like ERM; GroupDRO with one group equals ERM", async () => {
  const { tf } = await getTf();
  const d = spuriousLinearData({ n: 120, dim: 20, majority: 0.9, sigmaEps: 0.3 }, createRng(8));
  const inp = toInputs(tf, d.x, d.n, d.dim);
  const run = (objective: any) => {
    const m = linearModel(tf, d.dim, 2, createRng(9));
    trainClassifier(tf, { model: m, inputs: inp, y: d.y, numClasses: 2, objective, optimizer: { kind: "sgd", lr: 0.05 }, steps: 30, rng: createRng(10) });
    const out = Array.from(predictAll(tf, m, inp));
    m.dispose();
    return out;
  };
  const erm = run({ kind: "erm" });
  const mat0 = run({ kind: "mat", shift: new Float64Array(2 * d.n) });
  const dro1 = run({ kind: "groupdro", groups: new Int32Array(d.n), numGroups: 1, eta: 0.1 });
  for (let i = 0; i < erm.length; i++) {
    close(mat0[i], erm[i], 1e-5, "MAT(0) vs ERM");
    close(dro1[i], erm[i], 1e-5, "GroupDRO(1 group) vs ERM");
  }
});

test("XRM: held-out logits come from the model that did not train on the example", async () => {
  const { tf } = await getTf();
  const d = spuriousLinearData({ n: 60, dim: 10, majority: 0.9, sigmaEps: 0.3 }, createRng(11));
  const inp = toInputs(tf, d.x, d.n, d.dim);
  const a = linearModel(tf, d.dim, 2, createRng(12));
  const b = linearModel(tf, d.dim, 2, createRng(13));
  const res = runXrm(tf, { modelA: a, modelB: b, inputs: inp, y: d.y, numClasses: 2, optimizer: { kind: "sgd", lr: 0.05 }, steps: 20, classBalanced: true, rng: createRng(14) });
  const la = predictAll(tf, a, inp), lb = predictAll(tf, b, inp);
  let nA = 0;
  for (let i = 0; i < d.n; i++) {
    const src = res.heldInByA[i] ? lb : la;
    nA += res.heldInByA[i];
    for (let k = 0; k < 2; k++) assert.equal(res.heldOutLogits[2 * i + k], src[2 * i + k]);
  }
  assert.ok(nA > 10 && nA < 50, `held-in split ${nA}/60`);
  assert.equal(res.flipHistory.length, 20);
  assert.ok(res.flipRate >= 0 && res.flipRate <= 1);
});

test("trainRegression stops at the loss target and reports convergence", async () => {
  const { tf } = await getTf();
  const rng = createRng(15);
  const x = rng.fillNormal(new Float32Array(4 * 3));
  const m = mlpModel(tf, [3, 16, 1], "tanh", rng);
  const inp = toInputs(tf, x, 4, 3);
  const st = trainRegression(tf, { model: m, inputs: inp, targets: Float32Array.from([0.1, -0.2, 0.3, 0]), optimizer: { kind: "adam", lr: 1e-2 }, lossTarget: 1e-4, maxSteps: 5000 });
  assert.ok(st.converged && st.finalLoss < 1e-4 && st.steps < 5000, JSON.stringify(st));
});

test("Fig. 1 phenomenon at reduced scale: ERM with noise memorizes the minority, MAT does not (n = 300, dim = 600)", async () => {
  const { tf } = await getTf();
  const common = { n: 300, dim: 600, epochs: 600, recordEvery: 600 };
  const erm = runFig1Panel(tf, { method: "erm", sigmaEps: 0.5, lr: 1e-2, ...common }, createRng(16));
  const mat = runFig1Panel(tf, { method: "mat", sigmaEps: 0.5, lr: 1e-2, temperature: 0.1, ...common }, createRng(16));
  assert.equal(erm.final.train.minority, 1);
  assert.ok(mat.final.test.minority > erm.final.test.minority + 0.3, `MAT ${mat.final.test.minority} vs ERM ${erm.final.test.minority}`);
});

test("ColorMNIST and Spurious-MNIST generators: sizes, label noise, spurious correlation (real digits)", () => {
  const cm = colorMnist({ train: 2000, val: 500, test: 500 }, createRng(17));
  assert.equal(cm.train.x.length, 2000 * 392);
  let agree = 0, ones = 0, tAgree = 0;
  for (let i = 0; i < 2000; i++) { agree += cm.train.a[i] === cm.train.y[i] ? 1 : 0; ones += cm.train.y[i]; }
  for (let i = 0; i < 500; i++) tAgree += cm.test.a[i] === cm.test.y[i] ? 1 : 0;
  close(agree / 2000, 0.85, 0.03, "train colour agreement (noise 0.2/0.1)");
  close(tAgree / 500, 0.1, 0.04, "test colour agreement (noise 0.9)");
  close(ones / 2000, 0.5, 0.05, "label balance");
  // exactly one channel non-zero per image
  for (let i = 0; i < 50; i++) {
    let s0 = 0, s1 = 0;
    for (let k = 0; k < 196; k++) { s0 += cm.train.x[i * 392 + k]; s1 += cm.train.x[i * 392 + 196 + k]; }
    assert.ok((s0 === 0) !== (s1 === 0));
    assert.equal(s1 > 0 ? 1 : 0, cm.train.a[i]);
  }
  const sm = spuriousMnist({ train: 600, val: 200, test: 200, features: 64 }, createRng(18));
  assert.equal(sm.train.dim, 64);
  let sAgree = 0;
  for (let i = 0; i < 600; i++) sAgree += sm.train.a[i] === sm.train.y[i] ? 1 : 0;
  close(sAgree / 600, 0.95, 0.03, "Spurious-MNIST train correlation");
  assert.ok(calibratedShift(new Float32Array(4), [0, 1], 2, 1).shift.length === 4);
});
