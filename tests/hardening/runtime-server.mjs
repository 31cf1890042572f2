// A node:http server running createNodeHandler, in its own process: started
// by the runtime hardening tests with child_process.fork, so that its memory
// can be measured apart from the clients' and a crash fails a test instead of
// taking the runner down. Listens on 127.0.0.1, an ephemeral port.
//
// Environment: FNWIRE_SERVER_OPTIONS, JSON options for http.createServer
// (requestTimeout, headersTimeout, connectionsCheckingInterval).
//
// IPC, parent → child: { id, type } with type
//   "stats":  counters of what the server did (below);
//   "memory": after a full GC, { rss, heapUsed, external, arrayBuffers };
//   "sample": starts sampling RSS every 5 ms; "peak" stops and answers the peak.
// The child answers { id, ...answer }, and first sends { ready: port }.
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { createNodeHandler, headers, registerServerReference, request } from "fnwire/server";

const SECRET = "s3cr3t-7f1c";

// What a server function can throw: none of it may reach a client.
const thrown = {
  throwString: () => `${SECRET} string`,
  throwNull: () => null,
  throwUndefined: () => undefined,
  throwNumber: () => 42,
  throwSymbol: () => Symbol(SECRET),
  throwObject: () => ({ secret: SECRET, message: SECRET, status: 418, stack: SECRET }),
  throwFunction: () => () => SECRET,
  throwErrorSecret: () => Object.assign(new Error(`password=${SECRET}`), { status: 400, data: SECRET }),
  throwServerErrorLookalike: () => ({ name: "ServerError", message: SECRET, status: 400, data: SECRET }),
  throwNullPrototype: () => Object.assign(Object.create(null), { secret: SECRET }),
  // A revoked proxy: `instanceof` on it throws.
  throwRevokedProxy: () => {
    const { proxy, revoke } = Proxy.revocable({ secret: SECRET }, {});
    revoke();
    return proxy;
  },
  // Logging it (util.inspect) throws.
  throwInspectBomb: () => ({
    secret: SECRET,
    [Symbol.for("nodejs.util.inspect.custom")]() {
      throw new Error(`inspect ${SECRET}`);
    },
  }),
};
for (const [name, value] of Object.entries(thrown)) {
  registerServerReference(
    () => {
      throw value();
    },
    `${name}Sync`,
    `${name}Sync`,
  );
  registerServerReference(
    async () => {
      await sleep(1);
      throw value();
    },
    `${name}Async`,
    `${name}Async`,
  );
}
// Thrown separately: a rejected promise nobody handles can end the process.
registerServerReference(
  () => {
    throw Promise.reject(new Error(`promise ${SECRET}`));
  },
  "throwRejectedPromise",
  "throwRejectedPromise",
);

const cyclic = { secret: SECRET };
cyclic.self = cyclic;
const results = {
  bigint: () => 2n ** 64n,
  nestedBigint: () => ({ secret: SECRET, value: [1n] }),
  cycle: () => cyclic,
  toJSONThrows: () => ({
    toJSON() {
      throw new Error(`toJSON ${SECRET}`);
    },
  }),
  // Deeper than JSON.stringify's recursion can go.
  tooDeep: () => {
    let value = SECRET;
    for (let i = 0; i < 200_000; i += 1) value = [value];
    return value;
  },
};
for (const [name, fn] of Object.entries(results)) registerServerReference(fn, name, name);

registerServerReference((a, b) => a + b, "add", "add");
// A stream of `count` chunks of `size` characters, one every `everyMs`; counts the streams that are running and that ended.
const streams = { running: 0, ended: 0 };
registerServerReference(
  async function* (count, size, everyMs) {
    streams.running += 1;
    try {
      for (let i = 0; i < count; i += 1) {
        yield { i, text: "s".repeat(size) };
        await sleep(everyMs);
      }
    } finally {
      streams.running -= 1;
      streams.ended += 1;
    }
  },
  "ticker",
  "ticker",
);
// The form endpoint's function: what arrived, as [name, length of a text or size of a file] (the FormData comes last).
registerServerReference(
  async (...args) => {
    const form = args.at(-1);
    return [...form].map(([name, value]) => [name, typeof value === "string" ? value.length : value.size]);
  },
  "upload",
  "upload",
);
registerServerReference((...args) => args, "echo", "echo");
registerServerReference((...args) => args.length, "countArgs", "countArgs");
registerServerReference((list) => (Array.isArray(list) ? list.length : -1), "length", "length");
registerServerReference(
  (value) => {
    let depth = 0;
    while (Array.isArray(value)) {
      value = value[0];
      depth += 1;
    }
    return depth;
  },
  "depth",
  "depth",
);
// Interleaves on purpose: each call must still see its own request.
registerServerReference(
  async (n, delay) => {
    const user = headers().get("x-client");
    await sleep(delay);
    return { n, user, again: headers().get("x-client"), url: new URL(request().url).search };
  },
  "whoami",
  "whoami",
);
registerServerReference(
  async (ms) => {
    await sleep(ms);
    return "slow done";
  },
  "slow",
  "slow",
);
registerServerReference(() => new Promise(() => {}), "never", "never");
// What a prototype-pollution attempt in a body would have changed.
registerServerReference(
  (arg) => ({
    polluted: Object.prototype.polluted ?? null,
    argPrototypeIsObject: arg === null || typeof arg !== "object" || Object.getPrototypeOf(arg) === Object.prototype,
    ownProto: arg !== null && typeof arg === "object" && Object.hasOwn(arg, "__proto__"),
  }),
  "protoCheck",
  "protoCheck",
);

const stats = { requests: 0, ended: 0, closed: 0, connectionsClosed: 0, maxBytesRead: 0, bytesRead: 0 };
const handler = createNodeHandler();
const server = http.createServer(JSON.parse(process.env.FNWIRE_SERVER_OPTIONS ?? "{}"), (req, res) => {
  stats.requests += 1;
  const end = res.end;
  // Every request ends in exactly one res.end from the handler, or none when it never answers.
  res.end = function (...args) {
    stats.ended += 1;
    return end.apply(this, args);
  };
  res.on("close", () => {
    stats.closed += 1;
  });
  handler(req, res);
});
server.on("connection", (socket) => {
  socket.on("close", () => {
    stats.connectionsClosed += 1;
    stats.bytesRead += socket.bytesRead;
    stats.maxBytesRead = Math.max(stats.maxBytesRead, socket.bytesRead);
  });
});

let sampler;
let peak = 0;
process.on("message", async ({ id, type }) => {
  let answer;
  if (type === "stats") {
    answer = { ...stats, streams, connections: await new Promise((resolve) => server.getConnections((_, count) => resolve(count))) };
  } else if (type === "memory") {
    global.gc();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    answer = { rss, heapUsed, external, arrayBuffers };
  } else if (type === "sample") {
    peak = process.memoryUsage.rss();
    sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
    answer = {};
  } else if (type === "peak") {
    clearInterval(sampler);
    answer = { peak: Math.max(peak, process.memoryUsage.rss()) };
  }
  process.send({ id, ...answer });
});
process.on("disconnect", () => process.exit(0));

server.listen(0, "127.0.0.1", () => process.send({ ready: server.address().port }));
