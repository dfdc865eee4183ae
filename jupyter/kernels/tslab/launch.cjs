// Starts the tslab kernel from the project's own node_modules, found upward from the notebook's folder
// (Jupyter starts kernels with cwd = the notebook's folder). No absolute paths, no global tslab.
const { createRequire } = require("module");
const path = require("path");
let main;
let tslabMain;
try {
  const here = createRequire(path.join(process.cwd(), "__tslab_launcher__.js"));
  tslabMain = here.resolve("tslab/dist/main.js");
  main = here(tslabMain);
} catch (e) {
  console.error(
    `collapse-lab kernel: cannot find 'tslab' in a node_modules folder above ${process.cwd()}.\n` +
      "Run `npm run setup` (or `npm ci`) in the collapse-lab checkout first.\n" + String(e),
  );
  process.exit(1);
}
// tslab sends every message without waiting for the previous send on that socket to finish. zeromq 6 allows one send
// in progress per socket: after 512 immediate sends it defers one, and a send issued meanwhile throws EBUSY ("Socket is
// busy writing"). The throw surfaces in the user's cell (a display or console call fails) or as an unhandled
// rejection that kills the kernel, and the error text is lost because it too goes out on the busy socket — a cell
// failing with no message, most often under load or with many outputs. Queue the sends of each socket instead.
function queueZmqSends(zmq) {
  const base = zmq && zmq.Socket && zmq.Socket.prototype;
  if (!base || typeof base.send !== "function") return;
  const send = base.send; // a read-only native method: the wrapper goes on each socket class instead
  const tails = new WeakMap();
  const queued = function (message, ...rest) {
    const call = () => {
      try {
        return Promise.resolve(send.call(this, message, ...rest));
      } catch (err) {
        return Promise.reject(err);
      }
    };
    const before = tails.get(this);
    const done = (before ? before.then(call) : call()).then(
      () => undefined,
      (err) => {
        if (!this.closed) process.stderr.write(`collapse-lab kernel: a message could not be sent: ${err && err.message}\n`);
      },
    );
    tails.set(this, done);
    done.then(() => {
      if (tails.get(this) === done) tails.delete(this);
    });
    return done;
  };
  for (const cls of Object.values(zmq)) {
    if (typeof cls === "function" && cls.prototype instanceof zmq.Socket && typeof cls.prototype.send === "function") {
      Object.defineProperty(cls.prototype, "send", { value: queued, writable: true, configurable: true });
    }
  }
}
// IOPub is a PUB socket: once its send high-water mark (1000 messages) is reached, ZeroMQ drops further messages
// silently. A cell printing a thousand outputs while the client reads slowly (under load) lost outputs that way, and
// the runner then waited for them until its IOPub timeout. Make the IOPub queue unbounded: outputs are never dropped,
// and a slow client only delays them (TCP backpressure still paces the transfer).
function unboundedIopub(zmq) {
  const Publisher = zmq && zmq.Publisher;
  if (typeof Publisher !== "function") return;
  class UnboundedPublisher extends Publisher {
    constructor(...args) {
      super(...args);
      this.sendHighWaterMark = 0;
    }
  }
  zmq.Publisher = UnboundedPublisher;
}
const zmqModule = createRequire(tslabMain)("zeromq");
queueZmqSends(zmqModule);
unboundedIopub(zmqModule);

// tslab starts handling each request as it arrives, without waiting for the previous one: on Run All it publishes
// "busy" for every queued cell at once, then "idle" when the first cell ends, so the front end shows Idle while the
// other cells still wait and run. Handle the requests of each channel one after another (as ipykernel does), so each
// request's busy/idle brackets the time it actually runs. Control messages have their own queue (never wait on shell).
function serialiseRequests(jupyter) {
  const Server = jupyter && jupyter.ZmqServer;
  if (!Server || typeof Server.prototype.handleShellMessage !== "function") return;
  const handle = Server.prototype.handleShellMessage;
  const tails = new WeakMap();
  Server.prototype.handleShellMessage = function (sock, ...args) {
    const done = (tails.get(sock) || Promise.resolve())
      .then(() => handle.call(this, sock, ...args))
      .catch((err) => process.stderr.write(`collapse-lab kernel: a request failed: ${(err && err.stack) || err}\n`));
    tails.set(sock, done);
    return done;
  };
}
serialiseRequests(createRequire(tslabMain)("tslab/dist/jupyter"));

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
