// Starts the tslab kernel from the project's own node_modules, found upward from the notebook's folder
// (Jupyter starts kernels with cwd = the notebook's folder). No absolute paths, no global tslab.
const { createRequire } = require("module");
const path = require("path");
let main;
try {
  main = createRequire(path.join(process.cwd(), "__tslab_launcher__.js"))("tslab/dist/main.js");
} catch (e) {
  console.error(
    `collapse-lab kernel: cannot find 'tslab' in a node_modules folder above ${process.cwd()}.\n` +
      "Run `npm run setup` (or `npm ci`) in the collapse-lab checkout first.\n" + String(e),
  );
  process.exit(1);
}
// Like ipykernel's parent poller: a kernel never outlives the process that started it (a stopped or killed runner,
// a Jupyter server that died). Jupyter sets JPY_PARENT_PID when the kernel belongs to its starter; checked between
// cells (a cell that never yields still has to be ended by the runner, which ends the kernel's process group).
if (process.env.JPY_PARENT_PID) {
  const parent = process.ppid;
  const poll = setInterval(() => {
    if (process.ppid !== parent) process.exit(1);
  }, 1000);
  poll.unref();
}
main.main();
