// The runtime section of `npm run bench`: server function calls per second
// and latency through createNodeHandler() and handleRequest(), beside a bare
// node:http JSON server, in one run. Every server runs in a process of its
// own, and so does the load client (keep-alive, CONCURRENCY clients at
// once); contenders take turns, ROUNDS rounds in a new order each.
//
// FNWIRE_BENCH_BASELINE=<git revision> adds that revision's runtime
// (npm/runtime as committed there) as a contender of its own, so that a
// change is measured against what it changes, in the same run.
import { execFileSync, fork } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { fixed, median, printTable, shuffled } from "./measure.mjs";
import { random } from "./corpus.mjs";
import { scenarios } from "./runtime-scenarios.mjs";

const ROUNDS = 3;
const WARMUP_CALLS = 2_000;
const CALLS = 20_000;
const CONCURRENCY = 32;
const IN_FLIGHT = 1_000;
const repository = join(import.meta.dirname, "..", "..");
const PLAIN_CONTENDER = "createNodeHandler()";
// The servers without fnwire: the JSON calls only, and no memory to compare.
const BARE_KINDS = ["bare", "fetch-bare", "hono-bare", "srvx-bare"];
// handleRequest() behind the Node servers users put it behind: the JSON calls only, beside their bare ceilings.
const ADAPTER_KINDS = ["hono-handler", "srvx-handler"];
const MIDDLEWARE_CONTENDER = "createNodeHandler() with 3 global middleware";
const TRACED_CONTENDER = "createNodeHandler() traced (OpenTelemetry SDK, no-op exporter)";
// What a feature costs a call: the contender with it against createNodeHandler() without, same run.
const COSTS = [
  ["three global middleware (section 15)", MIDDLEWARE_CONTENDER],
  ["tracing (section 16)", TRACED_CONTENDER],
];

function child(script, args = [], execArgv = []) {
  const process = fork(join(import.meta.dirname, script), args, { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const queue = [];
  process.on("message", (message) => queue.shift()?.(message));
  const next = () => new Promise((resolve) => queue.push(resolve));
  return {
    ready: next(),
    async ask(message) {
      const answer = next();
      process.send(message);
      const result = await answer;
      if (result.error) throw new Error(result.error);
      return result;
    },
    stop: () => process.kill(),
  };
}

/** A revision's npm/runtime, extracted under target/ (so that its imports resolve from the repository's node_modules): its server entry. */
function baselineDir(revision) {
  const commit = execFileSync("git", ["rev-parse", "--short", revision], { cwd: repository, encoding: "utf8" }).trim();
  const dir = join(repository, "target", "bench-baseline", commit);
  if (!existsSync(join(dir, "npm", "runtime"))) {
    mkdirSync(dir, { recursive: true });
    execFileSync("sh", ["-c", `git archive ${commit} npm/runtime | tar -x -C ${JSON.stringify(dir)}`], { cwd: repository });
  }
  return { label: `@${commit}`, runtime: join(dir, "npm", "runtime") };
}

function baselineRuntime(revision) {
  const { label, runtime } = baselineDir(revision);
  const entry = [join(runtime, "server", "index.js"), join(runtime, "server.js")].find(existsSync);
  return { label, entry };
}

/** What fnwire/client weighs in a browser bundle (esbuild, minified): with its dependencies, without devalue, and another revision's. */
async function clientSize() {
  const size = async (entry, external = []) => {
    const { outputFiles } = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: "esm",
      write: false,
      external,
      platform: "browser",
    });
    const code = outputFiles[0].contents;
    return { min: code.length, gzip: gzipSync(code).length };
  };
  const own = join(repository, "npm", "runtime", "client", "index.js");
  const rows = [
    ["fnwire/client", await size(own)],
    ["fnwire/client without devalue (the encoding's share is the difference)", await size(own, ["devalue"])],
  ];
  const baseline = process.env.FNWIRE_BENCH_BASELINE;
  if (baseline) {
    const { label, runtime } = baselineDir(baseline);
    const entry = [join(runtime, "client", "index.js"), join(runtime, "client.js")].find(existsSync);
    rows.push([`fnwire/client ${label}`, await size(entry)]);
  }
  printTable(
    "fnwire/client in a browser bundle (esbuild, minified; gzip level 6)",
    ["bundle", "minified kB", "gzipped kB"],
    rows.map(([name, { min, gzip }]) => [name, fixed(min / 1000, 1), fixed(gzip / 1000, 1)]),
  );
}

async function startServers() {
  const kinds = [
    { name: "bare node:http JSON server", kind: "bare" },
    { name: PLAIN_CONTENDER, kind: "node-handler" },
    { name: "handleRequest() behind a plain Fetch adapter", kind: "fetch-handler" },
    { name: "the bare server's work behind the plain adapter", kind: "fetch-bare" },
    { name: "handleRequest() behind @hono/node-server", kind: "hono-handler" },
    { name: "the bare server's work behind @hono/node-server", kind: "hono-bare" },
    { name: "handleRequest() behind srvx", kind: "srvx-handler" },
    { name: "the bare server's work behind srvx", kind: "srvx-bare" },
    { name: MIDDLEWARE_CONTENDER, kind: "node-handler-middleware" },
    { name: TRACED_CONTENDER, kind: "node-handler-traced" },
  ];
  const baseline = process.env.FNWIRE_BENCH_BASELINE;
  if (baseline) {
    const { label, entry } = baselineRuntime(baseline);
    kinds.push(
      { name: `createNodeHandler() ${label}`, kind: "node-handler", entry },
      { name: `handleRequest() ${label}`, kind: "fetch-handler", entry },
    );
  }
  return Promise.all(
    kinds.map(async (contender) => {
      const server = child("runtime-server.mjs", [contender.kind, ...(contender.entry ? [contender.entry] : [])], ["--expose-gc"]);
      const { ready: port, features } = await server.ready;
      const jsonOnly = BARE_KINDS.includes(contender.kind) || ADAPTER_KINDS.includes(contender.kind);
      return { ...contender, server, port, features: jsonOnly ? {} : features };
    }),
  );
}

async function throughput(servers, client) {
  const next = random(11);
  const rows = [];
  let bareSamples;
  const costs = [];
  for (const [scenario, { form, calls = CALLS, warmup = WARMUP_CALLS }] of Object.entries(scenarios)) {
    const contenders = servers.filter((server) => !form || server.features.form);
    const samples = new Map(contenders.map((server) => [server.name, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const server of shuffled(contenders, next)) {
        const run = { type: "run", port: server.port, scenario, warmup, calls, concurrency: CONCURRENCY };
        samples.get(server.name).push(await client.ask(run));
      }
    }
    // Forms have no bare counterpart: their ratios are to the bare server's JSON call.
    const baseline = samples.get(servers[0].name) ?? bareSamples;
    bareSamples = samples.get(servers[0].name) ?? bareSamples;
    const bare = median(baseline.map((sample) => sample.callsPerSecond));
    const bareP99 = median(baseline.map((sample) => sample.p99));
    for (const [name, runs] of samples) {
      const callsPerSecond = median(runs.map((sample) => sample.callsPerSecond));
      const p99 = median(runs.map((sample) => sample.p99));
      rows.push([
        scenario,
        name,
        fixed(callsPerSecond, 0),
        fixed(callsPerSecond / bare, 2),
        fixed(median(runs.map((sample) => sample.p50)), 2),
        fixed(p99, 2),
        fixed(p99 / bareP99, 2),
      ]);
    }
    const plain = samples.get(PLAIN_CONTENDER);
    for (const [feature, contender] of COSTS) {
      const withFeature = samples.get(contender);
      if (plain === undefined || withFeature === undefined) continue;
      const plainRate = median(plain.map((sample) => sample.callsPerSecond));
      const featureRate = median(withFeature.map((sample) => sample.callsPerSecond));
      costs.push([
        scenario,
        feature,
        fixed(plainRate, 0),
        fixed(featureRate, 0),
        `${fixed((100 * (plainRate - featureRate)) / plainRate, 1)}%`,
      ]);
    }
  }
  printTable(
    `Server function calls: ${CALLS} calls after ${WARMUP_CALLS} warm-up (the 1 MB form: 2,000 after 200), ${CONCURRENCY} keep-alive clients in another process, median of ${ROUNDS} interleaved rounds (ratios: ÷ the bare server's, for forms its last JSON call's)`,
    ["call", "server", "calls/s", "ratio", "p50 ms", "p99 ms", "p99 ratio"],
    rows,
  );
  printTable(
    "What a feature costs a call: createNodeHandler() with it and without, same run (calls/s)",
    ["call", "feature", "without", "with", "cost"],
    costs,
  );
}

/** The memory a server holds per IN_FLIGHT calls that have arrived and not yet answered. */
async function inFlightMemory(servers, client) {
  const rows = [];
  for (const { name, server, port, kind } of servers) {
    if (BARE_KINDS.includes(kind) || ADAPTER_KINDS.includes(kind)) continue;
    const { memory: before } = await server.ask({ type: "memory" });
    const held = server.ask({ type: "hold", count: IN_FLIGHT });
    const answered = client.ask({ type: "hold", port, count: IN_FLIGHT });
    await held;
    const { memory: during } = await server.ask({ type: "memory" });
    await server.ask({ type: "release" });
    await answered;
    rows.push([name, fixed((during.heapUsed - before.heapUsed) / 2 ** 20, 1), fixed((during.rss - before.rss) / 2 ** 20, 1)]);
  }
  printTable(`Memory of ${IN_FLIGHT} calls in flight (after a full GC, against the idle server)`, ["server", "heap MiB", "RSS MiB"], rows);
}

export async function runtimeBench() {
  const servers = await startServers();
  const client = child("runtime-client.mjs");
  await client.ready;
  try {
    await throughput(servers, client);
    await inFlightMemory(servers, client);
    await clientSize();
  } finally {
    client.stop();
    for (const { server } of servers) server.stop();
  }
}
