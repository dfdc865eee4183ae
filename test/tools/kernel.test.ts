// The project's kernel launcher (jupyter/kernels/tslab/launch.cjs), driven over the Jupyter protocol by jupyter_client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const python = process.env.LAB_JUPYTER || path.join(root, ".venv", "bin", "python");

// Sends three execute requests at once (as Run All does) and returns the kernel's status messages for them in order.
const script = String.raw`
import jupyter_client, json, os
km = jupyter_client.KernelManager(kernel_name="tslab")
km.start_kernel(cwd=os.getcwd())
try:
    kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=120)
    ids = [kc.execute("await new Promise((r) => setTimeout(r, 300)); console.log(%d);" % i) for i in range(3)]
    seq = []
    while not seq or seq[-1] != "idle:2":
        m = kc.get_iopub_msg(timeout=120)
        p = m["parent_header"].get("msg_id")
        if m["msg_type"] == "status" and p in ids:
            seq.append("%s:%d" % (m["content"]["execution_state"], ids.index(p)))
    print(json.dumps(seq))
finally:
    km.shutdown_kernel(now=True)
`;

test("kernel: queued cells run one after another, each busy only while it runs (no Idle while Run All continues)", { skip: !fs.existsSync(python) && "no Jupyter toolchain (.venv)" }, () => {
  const r = spawnSync(python, ["-c", script], {
    cwd: path.join(root, "test", "fixtures", "notebooks"),
    env: { ...process.env, JUPYTER_PATH: path.join(root, "jupyter") },
    encoding: "utf8",
    timeout: 240_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").pop()!), ["busy:0", "idle:0", "busy:1", "idle:1", "busy:2", "idle:2"]);
});
