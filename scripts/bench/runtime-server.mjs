// One server of the runtime benchmark, in its own process (forked by
// scripts/bench/runtime.mjs). argv: <kind> [runtime entry], where kind is
//   bare            node:http that reads the body, JSON.parse, answers JSON.stringify({ result })
//   node-handler    createNodeHandler() of the runtime entry
//   fetch-handler   handleRequest() behind node:http, converting to and from Fetch objects as a user would
//   fetch-bare      the bare server's work behind that same Fetch adapter: the ceiling of any Fetch-style handler
//   hono-handler, hono-bare   the same two behind @hono/node-server (Hono's Node server)
//   srvx-handler, srvx-bare   the same two behind srvx (the Node server of TanStack Start, Nitro and h3)
//   node-handler-middleware  createNodeHandler() with three global middleware, each adding to the context (section 15)
//   node-handler-traced      createNodeHandler() with OpenTelemetry's SDK registered, spans batched to an exporter that drops them (section 16)
// and the runtime entry is the file that fnwire/server resolves to (default:
// the package's own), so that another commit's copy can be measured beside it.
// Listens on 127.0.0.1 (an ephemeral port) and sends { ready: port, features }: what the runtime can serve.
// IPC: { type: "memory" } → { rss, heapUsed } after a full GC;
//      { type: "hold", count } → { held } once `count` calls of hold() are in flight, which wait for
//      { type: "release" } → { released }.
import http from "node:http";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { toNodeHandler } from "srvx/node";
import { IDS } from "./runtime-scenarios.mjs";

const [kind, entry] = process.argv.slice(2);
if (kind === "node-handler-traced") await registerTracing();
const runtime = entry === undefined ? await import("fnwire/server") : await import(pathToFileURL(entry).href);

let holding;
function add(a, b) {
  return a + b;
}
function hold() {
  holding.inFlight += 1;
  if (holding.inFlight === holding.count) process.send({ held: holding.inFlight });
  return holding.released.then(() => "released");
}

runtime.registerServerReference(add, IDS.add, "add");
// What a form action does with a form: reads each field.
runtime.registerServerReference(
  async (form) => [...form].map(([name, value]) => [name, typeof value === "string" ? value.length : value.size]),
  IDS.upload,
  "upload",
);
runtime.registerServerReference(hold, IDS.hold, "hold");
runtime.registerServerReference(async (...args) => args, IDS.echo, "echo");
runtime.registerServerReference(
  async function* (count) {
    for (let i = 0; i < count; i += 1) yield `word ${i}`;
  },
  IDS.words,
  "words",
);
const read = runtime.createServerFn({ method: "GET" }).handler(({ data }) => ({ id: data.id, name: `User ${data.id}` }));
runtime.registerServerReference(read, IDS.read, "read");

/** The least a JSON endpoint does: read the body (or the query), JSON.parse, call, JSON.stringify. */
function bareServer() {
  const functions = { [IDS.add]: add, [IDS.read]: (input) => ({ id: input.id, name: `User ${input.id}` }) };
  const answer = (res, { fnId, args }) => {
    const body = JSON.stringify({ result: functions[fnId](...args) });
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  };
  return http.createServer((req, res) => {
    if (req.method === "GET") {
      const query = new URL(req.url, "http://localhost").searchParams;
      answer(res, { fnId: query.get("fnId"), args: JSON.parse(query.get("args")) });
      return;
    }
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => answer(res, JSON.parse(Buffer.concat(chunks).toString("utf8"))));
  });
}

/**
 * The bare server's work behind the same Fetch adapter: the most any
 * Fetch-style handler can reach on this Node (undici's Request, Headers
 * and Response cost the same whoever answers).
 */
async function bareFetch(request) {
  const functions = { [IDS.add]: add, [IDS.read]: (input) => ({ id: input.id, name: `User ${input.id}` }) };
  const { fnId, args } =
    request.method === "GET"
      ? Object.fromEntries(
          [...new URL(request.url).searchParams].map(([name, value]) => [name, name === "args" ? JSON.parse(value) : value]),
        )
      : await request.json();
  return Response.json({ result: functions[fnId](...args) });
}

/** node:http → Request → `handle` → Response → node:http, as a user of a Fetch-style handler writes it. */
function fetchServer(handle) {
  return http.createServer(async (req, res) => {
    const controller = new AbortController();
    res.once("close", () => controller.abort());
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      signal: controller.signal,
      ...(hasBody ? { body: Readable.toWeb(req), duplex: "half" } : {}),
    });
    const response = await handle(request);
    res.statusCode = response.status;
    for (const [name, value] of response.headers) res.appendHeader(name, value);
    if (response.body === null) return res.end();
    for await (const chunk of response.body) res.write(chunk);
    res.end();
  });
}

/**
 * node:http → `handle` through @hono/node-server, as `serve({ fetch })` runs it: its Request builds
 * undici's only for what is asked of it beyond method, URL and headers, and its Response (which
 * replaces the global one, as it does by default) is written straight to node:http.
 */
function honoServer(handle) {
  return http.createServer(getRequestListener((request) => handle(request)));
}

/** node:http → `handle` through srvx, as `serve({ fetch })` runs it: a Request over node:http's own, a Response sent from undici's. */
function srvxServer(handle) {
  return http.createServer(toNodeHandler((request) => handle(request)));
}

/** The SDK as an app sets it up (batched spans, context through AsyncLocalStorage), exporting to nowhere: what tracing costs fnwire's calls. */
async function registerTracing() {
  const { context, trace } = await import("@opentelemetry/api");
  const { AsyncLocalStorageContextManager } = await import("@opentelemetry/context-async-hooks");
  const { BasicTracerProvider, BatchSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
  const dropAll = { export: (spans, done) => done({ code: 0 }), shutdown: async () => {} };
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropAll)] }));
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

/** Three middleware as an app writes them (a request id, a session, a role), each adding to the context. */
function threeMiddleware() {
  return ["requestId", "session", "role"].map((name) =>
    runtime.createMiddleware().server(({ next }) => next({ context: { [name]: name } })),
  );
}

const servers = {
  bare: bareServer,
  "node-handler": () => http.createServer(runtime.createNodeHandler()),
  "node-handler-middleware": () => http.createServer(runtime.createNodeHandler({ middleware: threeMiddleware() })),
  "node-handler-traced": () => http.createServer(runtime.createNodeHandler()),
  "fetch-handler": () => fetchServer((request) => runtime.handleRequest(request)),
  "fetch-bare": () => fetchServer(bareFetch),
  "hono-handler": () => honoServer((request) => runtime.handleRequest(request)),
  "hono-bare": () => honoServer(bareFetch),
  "srvx-handler": () => srvxServer((request) => runtime.handleRequest(request)),
  "srvx-bare": () => srvxServer(bareFetch),
};
const server = servers[kind]();
server.keepAliveTimeout = 60_000;
// The runtimes that have the form endpoint (section 13) export redirect().
const features = { form: typeof runtime.redirect === "function" };
server.listen(0, "127.0.0.1", () => process.send({ ready: server.address().port, features }));

process.on("SIGINT", () => process.exit(0));
process.on("message", async (message) => {
  if (message.type === "memory") {
    for (let i = 0; i < 3; i += 1) global.gc();
    const { rss, heapUsed } = process.memoryUsage();
    process.send({ memory: { rss, heapUsed } });
  } else if (message.type === "hold") {
    let release;
    holding = { count: message.count, inFlight: 0, released: new Promise((resolve) => (release = resolve)), release };
  } else if (message.type === "release") {
    holding.release();
    process.send({ released: holding.inFlight });
  }
});
