// One TensorFlow.js per process: danfojs-node (tables) must share the top-level @tensorflow/tfjs instead of bringing a
// second copy, which re-registers every kernel ("Platform node has already been set", "The kernel '…' for backend 'cpu'
// is already registered") and floods notebook stderr and reports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

test("danfojs-node resolves the same @tensorflow/tfjs-core as the project", () => {
  const top = require.resolve("@tensorflow/tfjs-core", { paths: [root] });
  const danfoTf = path.dirname(require.resolve("@tensorflow/tfjs-node/package.json", { paths: [path.join(root, "node_modules", "danfojs-node")] }));
  assert.equal(require.resolve("@tensorflow/tfjs-core", { paths: [danfoTf] }), top);
});

test("loading tfjs, the wasm backend and danfojs-node in one process prints no re-registration warnings", () => {
  const script = [
    'const tf = require("@tensorflow/tfjs");',
    'require("@tensorflow/tfjs-backend-wasm");',
    'const dfd = require("danfojs-node");',
    'const df = new dfd.DataFrame({ a: [1, 2, 3] });',
    'console.log(tf.version.tfjs, df.shape.join("x"));',
  ].join("\n");
  const r = spawnSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^4\.22\.0 3x1/);
  assert.doesNotMatch(r.stderr, /already registered|Platform node has already been set/);
});
