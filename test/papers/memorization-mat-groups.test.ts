import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/maths/random";
import {
  getTf, linearModel, toInputs, crossMistakeGroups, heldOutGroups, inferenceAgreement, trueMinority, runXrm, runBenchmark,
  spuriousMnist, colorMnist, spuriousLinearData, inDistributionAccuracy, methodSeeds, retrainedSelfInfluence, heldInHeldOutScores, type Table1TaskSeeds,
} from "../../src/papers/memorization-mat/index";

const close = (a: number, b: number, tol: number, msg = "") => assert.ok(Math.abs(a - b) <= tol, `${msg} ${a} vs ${b} (tol ${tol})`);

test("group inference: held-out groups, true minority flag and agreement (hand-computed)", () => {
  // held-out argmax: 0, 1, 1, 0 ; y: 0, 0, 1, 1 → flags 0, 1, 0, 1 → g = 0, 1, 2, 3
  const g = heldOutGroups([2, 1, 0, 3, -1, 4, 5, 0], [0, 0, 1, 1]);
  assert.deepEqual(Array.from(g), [0, 1, 2, 3]);
  const truth = trueMinority({ y: [0, 0, 1, 1], a: [0, 0, 1, 0] }); // minority only at 3
  assert.deepEqual(Array.from(truth), [0, 0, 0, 1]);
  const q = inferenceAgreement(g, truth);
  close(q.accuracy, 0.75, 1e-12, "agreement");
  close(q.recall, 1, 1e-12, "recall");
  close(q.precision, 0.5, 1e-12, "precision");
  assert.ok(Number.isNaN(inferenceAgreement(new Int32Array([0, 2]), new Uint8Array([0, 0])).precision));
});

test("crossMistakeGroups flags an example when either model misclassifies it", async () => {
  const { tf } = await getTf();
  // 1-D inputs x; model A predicts class 1 iff x > 0, model B iff x > 1 (zero bias, set weights)
  const a = linearModel(tf, 2, 2, createRng(1)), b = linearModel(tf, 2, 2, createRng(2));
  a.restore([Float32Array.from([0, 0, 1, 0])]);          // logits [0, x]
  b.restore([Float32Array.from([0, 1, 1, 0])]);          // logits [c, x] with c = 1 (second input is 1)
  const x = Float32Array.from([-1, 1, 0.5, 1, 2, 1, 0.5, 1]);   // rows (x, 1)
  const inp = toInputs(tf, x, 4, 2);
  const y = Int32Array.from([0, 1, 1, 0]);
  // x = −1: A 0, B 0 → y=0 ok; x = 0.5, y=1: A 1, B 0 → flagged; x = 2, y=1: both 1 → ok; x = 0.5, y=0: A 1 → flagged
  assert.deepEqual(Array.from(crossMistakeGroups(tf, a, b, inp, y, 2)), [0, 3, 2, 1]);
  a.dispose(); b.dispose();
});

test("attribute visibility: hiddenColour shows no colour, patchDrop removes the patch (same draws otherwise)", () => {
  const cm = colorMnist({ train: 400, val: 100, test: 100 }, createRng(17), { hiddenColour: 1 });
  for (let i = 0; i < 50; i++) for (let k = 0; k < 196; k++) assert.equal(cm.train.x[i * 392 + k], cm.train.x[i * 392 + 196 + k]);
  assert.throws(() => colorMnist({ train: 10, val: 10, test: 10 }, createRng(1), { hiddenColour: 1.5 }), RangeError);
  // with patchDrop = 1 no patch is drawn: the patch intensity no longer changes the representation (it does at patchDrop = 0)
  const sm = (patchDrop: number, patchValue: number) => Array.from(spuriousMnist({ train: 200, val: 50, test: 50, features: 32, patchDrop, patchValue }, createRng(3)).train.x);
  assert.deepEqual(sm(1, 1), sm(1, 0.3));
  assert.notDeepEqual(sm(0, 1), sm(0, 0.3));
  assert.throws(() => spuriousMnist({ train: 10, val: 10, test: 10, patchDrop: -0.1 }, createRng(1)), RangeError);
});

test("XRM group inference on Spurious-MNIST is perfect with a visible patch and degrades when the patch is dropped", async () => {
  const { tf } = await getTf();
  const quality = (patchDrop: number) => {
    const d = spuriousMnist({ train: 600, val: 200, test: 100, features: 128, patchDrop }, createRng(21));
    const inp = toInputs(tf, d.train.x, d.train.n, d.train.dim);
    const a = linearModel(tf, d.train.dim, 2, createRng(22), { bias: true, init: "zero" }), b = linearModel(tf, d.train.dim, 2, createRng(23), { bias: true, init: "zero" });
    const res = runXrm(tf, { modelA: a, modelB: b, inputs: inp, y: d.train.y, numClasses: 2, optimizer: { kind: "sgd", lr: 0.1 }, steps: 300, classBalanced: true, rng: createRng(24) });
    a.dispose(); b.dispose();
    return inferenceAgreement(heldOutGroups(res.heldOutLogits, d.train.y), trueMinority(d.train)).accuracy;
  };
  const q0 = quality(0), q3 = quality(0.3);
  assert.ok(q0 > 0.97, `visible patch: agreement ${q0}`);
  // a dropped patch hides the attribute of ≈ 30% of the images; the ≈ 5% minority among them cannot be flagged
  assert.ok(q3 < q0 - 0.02, `patchDrop 0.3: agreement ${q3} vs ${q0}`);
});

test("runBenchmark: both selection regimes, paired initialisation, inferred-group quality recorded", async () => {
  const { tf } = await getTf();
  const data = { train: spuriousLinearData({ n: 200, dim: 60, majority: 0.9, sigmaEps: 0.3 }, createRng(31)), val: spuriousLinearData({ n: 200, dim: 60, majority: 0.5, sigmaEps: 0.3 }, createRng(32)), test: spuriousLinearData({ n: 200, dim: 60, majority: 0.5, sigmaEps: 0.3 }, createRng(33)) };
  const cfg = { name: "t", makeModel: (r: any) => linearModel(tf, 60, 2, r), optimizer: { kind: "sgd" as const, lr: 0.05 }, steps: 60, evalEvery: 20, temperature: 0.1,
    xrm: { steps: 60, optimizer: { kind: "sgd" as const, lr: 0.05 }, classBalanced: false }, groupDroGrid: [{ eta: 0.01, weightDecay: 0 }, { eta: 0.1, weightDecay: 1e-4 }] };
  const run = runBenchmark(tf, cfg, data, createRng(34));
  assert.deepEqual(run.results.map((r) => r.method), ["ERM", "MAT", "XRM + GroupDRO", "GroupDRO (oracle groups)", "MAT (oracle shift)"]);
  const q = run.xrm!.inference;
  for (const v of [q.trainAccuracy, q.valAccuracy]) assert.ok(v >= 0 && v <= 1);
  for (const r of run.results) {
    for (const s of [r, r.inferredRegime]) { assert.ok(s.testWorstGroup >= 0 && s.testWorstGroup <= s.testAverage + 1e-12); assert.ok([20, 40, 60].includes(s.selectedStep), `step ${s.selectedStep}`); }
    if (r.method.includes("GroupDRO")) assert.ok(r.groupDro && r.inferredRegime.groupDro, "GroupDRO setting chosen in both regimes");
  }
  // same initialisation and batch order: ERM run again alone gives identical test accuracies
  const alone = runBenchmark(tf, { ...cfg, methods: ["ERM"] }, data, createRng(34));
  assert.equal(alone.results[0].testAverage, run.results[0].testAverage);
  assert.deepEqual(alone.results[0].testPerGroup, run.results[0].testPerGroup);
});

test("in-distribution accuracy and regime-specific per-seed estimates", () => {
  close(inDistributionAccuracy([1, 0.5, 0, 1], [45, 5, 5, 45]), (45 + 2.5 + 0 + 45) / 100, 1e-12);
  const res: Table1TaskSeeds[] = [{ task: "t", seeds: [{ trainGroupCounts: [45, 5, 5, 45], results: [{ method: "MAT", testAverage: 0.8, testWorstGroup: 0.6, testPerGroup: [0.9, 0.6, 0.7, 1], testCounts: [100, 100, 100, 100],
    inferredRegime: { testAverage: 0.7, testWorstGroup: 0.5, testPerGroup: [0.9, 0.5, 0.5, 0.9], testCounts: [100, 100, 100, 100] } }] }] }];
  const a = methodSeeds(res, "t", "MAT"), b = methodSeeds(res, "t", "MAT", "inferred val groups");
  assert.equal(a.worstGroup[0], 0.6);
  assert.equal(b.worstGroup[0], 0.5);
  close(a.inDistribution[0], 0.45 * 0.9 + 0.05 * 0.6 + 0.05 * 0.7 + 0.45, 1e-12);
  assert.ok(a.inDistributionSe[0] > 0);
});

test("retrainedSelfInfluence: zero without training; a mislabeled example fitted only through its own feature is memorized", async () => {
  const { tf } = await getTf();
  // 40 examples: feature 0 = ±1 carries the label, features 1..40 one-hot per example (example-specific); example 0 is mislabeled
  const n = 40, dim = 41;
  const x = new Float32Array(n * dim), y = new Int32Array(n);
  for (let i = 0; i < n; i++) { y[i] = i % 2; x[i * dim] = y[i] === 1 ? 1 : -1; x[i * dim + 1 + i] = 1; }
  y[0] = 1;   // x says class 0
  const tr = { x, n, dim, y, a: Int32Array.from(y), g: Int32Array.from(y, (v) => 3 * v) };
  const mk = (r: any) => linearModel(tf, dim, 2, r, { bias: false, init: "zero" });
  assert.deepEqual(retrainedSelfInfluence(tf, mk, { kind: "sgd", lr: 0.5 }, tr, undefined, 0, [0, 1, 2]), [0, 0, 0]);
  const si = retrainedSelfInfluence(tf, mk, { kind: "sgd", lr: 0.5 }, tr, undefined, 2000, [0, 2]);
  // left out, example 0 is predicted from feature 0 (class 0): its own-label probability drops by more than one half
  assert.ok(si[0] > 0.5, `mislabeled example: ${si[0]}`);
  assert.ok(Math.abs(si[1]) < si[0] && si[1] > -1 && si[1] < 1, `clean example: ${si[1]}`);
});

test("heldInHeldOutScores: zero without training; largest for the mislabeled example fitted through its own feature", async () => {
  const { tf } = await getTf();
  const n = 40, dim = 41;
  const x = new Float32Array(n * dim), y = new Int32Array(n);
  for (let i = 0; i < n; i++) { y[i] = i % 2; x[i * dim] = y[i] === 1 ? 1 : -1; x[i * dim + 1 + i] = 1; }
  y[0] = 1;
  const tr = { x, n, dim, y, a: Int32Array.from(y), g: Int32Array.from(y, (v) => 3 * v) };
  const mk = (r: any) => linearModel(tf, dim, 2, r, { bias: false, init: "zero" });
  assert.ok(Array.from(heldInHeldOutScores(tf, mk, { kind: "sgd", lr: 0.5 }, tr, undefined, 0, createRng(1))).every((v) => v === 0));
  const sc = heldInHeldOutScores(tf, mk, { kind: "sgd", lr: 0.5 }, tr, undefined, 1000, createRng(1));
  for (let i = 1; i < n; i++) assert.ok(sc[0] > sc[i], `example 0 (${sc[0]}) vs ${i} (${sc[i]})`);
  assert.ok(sc[0] > 1, `mislabeled: held-in − held-out log p = ${sc[0]}`);
});
