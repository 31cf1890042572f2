// createNodeHandler on a real node:http server on 127.0.0.1, and the default
// client transport talking to it over loopback.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, afterEach, before, beforeEach, describe, mock, test } from "node:test";
import { createServerReference, getFnQueryOptions, initTransport, ServerFunctionError } from "fnwire/client";
import { createNodeHandler, getCookie, headers, registerServerReference, request, ServerError, setCookie, waitUntil } from "fnwire/server";

/** Starts `handler` on an ephemeral loopback port. */
async function listen(handler) {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

let server;
let origin;
// How many bytes the server had read from the socket when it finished its last answer.
let bytesReadAtFinish;
before(async () => {
  const handler = createNodeHandler();
  ({ server, origin } = await listen((req, res) => {
    res.on("finish", () => (bytesReadAtFinish = req.socket.bytesRead));
    handler(req, res);
  }));
});
after(() => {
  server.closeAllConnections();
  server.close();
});

let errorLog;
beforeEach(() => {
  errorLog = mock.method(console, "error", () => {});
});
afterEach(() => errorLog.mock.restore());

registerServerReference(async (a, b) => a + b, "add0000000000000", "add");
registerServerReference(async () => headers().get("x-user"), "whoami0000000000", "whoami");
registerServerReference(
  () => ({ isRequest: request() instanceof Request, url: request().url, bodyUsed: request().bodyUsed }),
  "url0000000000000",
  "url",
);
registerServerReference(() => {}, "nothing000000000", "nothing");
registerServerReference(
  async (id) => {
    setCookie("visited", "yes");
    setCookie("last", id);
    throw new ServerError("User not found", { status: 404, data: { id } });
  },
  "getUser000000000",
  "getUser",
);
registerServerReference(
  async () => {
    throw new Error("SELECT * FROM secrets");
  },
  "crash00000000000",
  "crash",
);
registerServerReference(() => 2n ** 64n, "bigint0000000000", "bigint");
registerServerReference(async () => getCookie("session"), "session000000000", "session");

function call(body, { contentType = "application/json", method = "POST", path = "/__fnwire/fn", headers: extra = {}, signal } = {}) {
  const init = { method, headers: contentType ? { "content-type": contentType, ...extra } : extra, signal };
  if (method !== "GET" && method !== "HEAD") init.body = typeof body === "string" ? body : JSON.stringify(body);
  return fetch(origin + path, init);
}

async function answer(...args) {
  const response = await call(...args);
  const text = await response.text();
  return { response, status: response.status, body: text ? JSON.parse(text) : undefined };
}

const BODY_START = '{"fnId":"add0000000000000","args":["';

/**
 * Streams a JSON-looking body of BODY_START and `chunks` × 64 KiB of spaces
 * through node:http, chunked unless `headers` has a Content-Length.
 */
function streamBody(chunks, headers = {}) {
  return new Promise((resolve) => {
    const req = http.request(origin + "/__fnwire/fn", {
      method: "POST",
      agent: false,
      headers: { "content-type": "application/json", ...headers },
    });
    req.on("response", (res) => {
      const received = [];
      res.on("data", (chunk) => received.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: JSON.parse(Buffer.concat(received)) }));
    });
    // The server may close the connection while we are still writing: that is expected.
    req.on("error", () => {});
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    const write = () => {
      while (written < chunks) {
        written += 1;
        if (!req.write(chunk)) return req.once("drain", write);
      }
      req.end();
    };
    req.write(BODY_START);
    write();
  });
}

/** Sends raw bytes over a socket and resolves to the status line of the first response. */
function rawRequest(head, bodyBytes) {
  return new Promise((resolve) => {
    const socket = net.connect(server.address().port, "127.0.0.1", () => {
      socket.write(head);
      if (bodyBytes) socket.write(Buffer.alloc(bodyBytes, 0x20));
    });
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk;
      if (data.includes("\r\n\r\n")) {
        resolve(data.split("\r\n")[0]);
        socket.destroy();
      }
    });
    socket.on("error", () => {});
  });
}

/** Polls `check` every 5 ms until it returns something truthy, for at most `ms`. */
async function eventually(check, ms = 2000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    assert.ok(Date.now() < deadline, `not within ${ms} ms`);
    await sleep(5);
  }
}

async function stillWorks() {
  const { status, body } = await answer({ fnId: "add0000000000000", args: [2, 3] });
  assert.equal(status, 200);
  assert.deepEqual(body, { result: 5 });
}

describe("createNodeHandler", { timeout: 30_000 }, () => {
  test("answers a call with 200 { result } as application/json", async () => {
    const { response, body } = await answer({ fnId: "add0000000000000", args: [1, 2] });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/json");
    assert.deepEqual(body, { result: 3 });
    assert.deepEqual((await answer({ fnId: "nothing000000000", args: [] })).body, {});
  });

  test("builds a real Fetch Request for the context helpers", async () => {
    assert.deepEqual((await answer({ fnId: "url0000000000000", args: [] }, { path: "/__fnwire/fn?x=1" })).body, {
      result: { isRequest: true, url: `${origin}/__fnwire/fn?x=1`, bodyUsed: true },
    });
    assert.deepEqual((await answer({ fnId: "whoami0000000000", args: [] }, { headers: { "x-user": "ada" } })).body, { result: "ada" });
  });

  test("405 with Allow: POST, 415, 400 and 404 envelopes", async () => {
    for (const method of ["PUT", "DELETE", "PATCH"]) {
      const { response, body } = await answer({ fnId: "add0000000000000", args: [] }, { method });
      assert.equal(response.status, 405);
      assert.equal(response.headers.get("allow"), "POST");
      assert.deepEqual(body, { error: body.error, fnId: null, status: 405 });
    }
    for (const contentType of [null, "text/plain", "application/x-www-form-urlencoded"]) {
      assert.equal((await answer({ fnId: "add0000000000000", args: [] }, { contentType })).status, 415);
    }
    assert.equal(
      (await answer({ fnId: "add0000000000000", args: [1, 2] }, { contentType: "application/json; charset=utf-8" })).status,
      200,
    );
    for (const body of [
      "{",
      "[]",
      "null",
      '{"args":[]}',
      '{"fnId":7,"args":[]}',
      '{"fnId":" add0000000000000","args":[]}',
      '{"fnId":"add0000000000000"}',
      '{"fnId":"add0000000000000","args":{}}',
    ]) {
      assert.equal((await answer(body)).status, 400, body);
    }
    for (const fnId of ["__proto__", "constructor", "toString", "hasOwnProperty", "isPrototypeOf", "missing"]) {
      assert.deepEqual((await answer({ fnId, args: [] })).body, { error: "Unknown server function " + fnId + ".", fnId, status: 404 });
    }
    const { status, body } = await answer({ fnId: "add0000000000000", args: [] }, { path: "/elsewhere" });
    assert.equal(status, 404);
    assert.equal(body.fnId, null);
    await stillWorks();
  });

  test("ServerError answers its status and data, with the cookies set before it", async () => {
    const { response, body } = await answer({ fnId: "getUser000000000", args: ["7"] });
    assert.equal(response.status, 404);
    assert.deepEqual(body, { error: "User not found", fnId: "getUser000000000", status: 404, data: { id: "7" } });
    assert.deepEqual(response.headers.getSetCookie(), ["visited=yes; Path=/", "last=7; Path=/"]);
  });

  test("other failures answer a generic 500 and the server keeps working", async () => {
    for (const fnId of ["crash00000000000", "bigint0000000000"]) {
      const { status, body } = await answer({ fnId, args: [] });
      assert.equal(status, 500);
      assert.deepEqual(body, { error: body.error, fnId, status: 500 });
      assert.doesNotMatch(body.error, /secrets|BigInt/);
    }
    assert.equal(errorLog.mock.callCount(), 2);
    await stillWorks();
  });

  test("413 for a body streamed past 1 MiB without Content-Length, without reading it all", async () => {
    const result = await streamBody(512);
    assert.equal(result.status, 413);
    assert.ok(bytesReadAtFinish < 2 * 1_048_576, `the server read ${bytesReadAtFinish} bytes`);
    assert.deepEqual(result.body, { error: result.body.error, fnId: null, status: 413 });
    assert.equal(result.headers.connection, "close");
    await stillWorks();
  });

  test("413 for an honest Content-Length past 1 MiB", async () => {
    const result = await streamBody(32, { "content-length": String(BODY_START.length + 32 * 65536) });
    assert.equal(result.status, 413);
    await stillWorks();
  });

  test("a Content-Length larger than the body sent is not waited for: counting decides", async () => {
    // Claims 2,000,000 bytes, sends 1.1 MB and stalls: the 413 comes without the rest.
    const head = "POST /__fnwire/fn HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n";
    assert.equal(await rawRequest(head, 1_100_000), "HTTP/1.1 413 Payload Too Large");
    await stillWorks();
  });

  test("a request the Fetch API refuses gets an envelope, not a crash", async () => {
    const trace = "TRACE /__fnwire/fn HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    assert.equal(await rawRequest(trace), "HTTP/1.1 405 Method Not Allowed");
    const badHost = "POST /__fnwire/fn HTTP/1.1\r\nHost: bad host\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    assert.equal(await rawRequest(badHost), "HTTP/1.1 400 Bad Request");
    await stillWorks();
  });

  test("50 concurrent calls each see only their own headers", async () => {
    const users = Array.from({ length: 50 }, (_, index) => `user-${index}`);
    const results = await Promise.all(users.map((user) => answer({ fnId: "whoami0000000000", args: [] }, { headers: { "x-user": user } })));
    assert.deepEqual(
      results.map(({ body }) => body.result),
      users,
    );
  });

  test("waitUntil does not delay the response", async () => {
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    let done = false;
    registerServerReference(
      () => {
        waitUntil(gate.then(() => (done = true)));
        return "fast";
      },
      "background000000",
      "background",
    );
    const { body } = await answer({ fnId: "background000000", args: [] });
    assert.deepEqual(body, { result: "fast" });
    assert.equal(done, false);
    release();
    await sleep(5);
    assert.equal(done, true);
  });

  test("options: basePath, and next() for other paths when used as middleware", async () => {
    const handler = createNodeHandler({ basePath: "/rpc" });
    const app = await listen((req, res) =>
      handler(req, res, () => {
        res.setHeader("content-type", "text/plain");
        res.end("next handler");
      }),
    );
    try {
      const ok = await fetch(`${app.origin}/rpc/fn`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"fnId":"add0000000000000","args":[4,5]}',
      });
      assert.deepEqual(await ok.json(), { result: 9 });
      const other = await fetch(`${app.origin}/__fnwire/fn`, { method: "POST", body: "left for the next handler" });
      assert.equal(await other.text(), "next handler");
    } finally {
      app.server.closeAllConnections();
      app.server.close();
    }
    assert.throws(() => createNodeHandler({ waitUntil: () => {} }), { name: "TypeError", message: /^\[fnwire\]/ });
    assert.throws(() => createNodeHandler({ basePath: "rpc" }), { name: "TypeError", message: /^\[fnwire\]/ });
  });
});

describe("createNodeHandler: time limit, disconnects and misuse", { timeout: 30_000 }, () => {
  test("a call past the limit answers 504 with the envelope and aborts request().signal", async () => {
    let signal;
    registerServerReference(
      () => {
        signal = request().signal;
        return new Promise(() => {});
      },
      "hang000000000000",
      "hang",
    );
    const app = await listen(createNodeHandler({ timeout: 100 }));
    try {
      const started = performance.now();
      const response = await fetch(`${app.origin}/__fnwire/fn`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"fnId":"hang000000000000","args":[]}',
      });
      const elapsed = performance.now() - started;
      assert.equal(response.status, 504);
      assert.deepEqual(await response.json(), { error: "Server function timed out after 100 ms", fnId: "hang000000000000", status: 504 });
      assert.ok(elapsed >= 99 && elapsed < 2000, `answered after ${Math.round(elapsed)} ms`);
      assert.equal(signal.aborted, true);
      assert.equal(signal.reason.name, "TimeoutError");
    } finally {
      app.server.closeAllConnections();
      app.server.close();
    }
  });

  test("a client that disconnects aborts request().signal", async () => {
    let entered;
    const started = new Promise((resolve) => (entered = resolve));
    const aborted = [];
    registerServerReference(
      () => {
        const { signal } = request();
        entered();
        return new Promise((resolve) =>
          signal.addEventListener("abort", () => {
            aborted.push(signal.reason.name);
            resolve("stopped");
          }),
        );
      },
      "waiter0000000000",
      "waiter",
    );
    const client = new AbortController();
    const call = answer({ fnId: "waiter0000000000", args: [] }, { signal: client.signal }).catch((error) => error.name);
    await started;
    client.abort();
    assert.equal(await call, "AbortError");
    await eventually(() => aborted.length === 1);
    assert.deepEqual(aborted, ["AbortError"]);
    await stillWorks();
  });

  test("timeout is checked when the handler is created, naming it", () => {
    for (const timeout of [-1, "10", NaN, Infinity, null]) {
      assert.throws(() => createNodeHandler({ timeout }), {
        name: "TypeError",
        message: /^\[fnwire\] createNodeHandler\(\): timeout must be a non-negative finite number of milliseconds/,
      });
    }
    assert.equal(typeof createNodeHandler({ timeout: 0 }), "function");
    assert.equal(typeof createNodeHandler({ timeout: 2.5 }), "function");
  });

  // Node ends a process on an unhandled rejection: the misuse runs in a child
  // with Node's defaults, which must still be alive and answering afterwards.
  test("misuse is a TypeError at the call, a response already sent is left alone by the handler as a listener, and the process stays up and keeps answering", async () => {
    const child = spawn(process.execPath, [join(import.meta.dirname, "node-misuse-child.mjs")], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text) => (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text) => (stderr += text));
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    const report = await Promise.race([
      eventually(() => stdout.includes("\n") && JSON.parse(stdout.split("\n")[0]), 10_000),
      exited.then(({ code, signal }) => assert.fail(`the child exited (${code ?? signal}): ${stderr}`)),
    ]);
    try {
      assert.match(
        report.fetchRequest,
        /^TypeError: \[fnwire\] createNodeHandler\(\)'s handler is called with node:http's \(req, res\).*received a Fetch API Request\. For Fetch-style servers, use handleRequest\(request\)/,
      );
      assert.match(
        report.noResponse,
        /^TypeError: \[fnwire\] .*second argument must be an http\.ServerResponse, and it received undefined\.$/,
      );
      assert.match(
        report.notAResponse,
        /^TypeError: \[fnwire\] .*second argument must be an http\.ServerResponse, and it received an object\.$/,
      );
      // A response already sent, the handler called directly: a TypeError its caller can catch (section 11).
      assert.match(report.endedResponse, /^TypeError: \[fnwire\] .*the response it received has already been sent\.$/);
      // The handler as a second 'request' listener after one that answered: the first answer stands, twice, and the log says so once.
      assert.deepEqual(report.endedByEarlierListener, { status: 200, body: "answered by the first listener" });
      assert.deepEqual(report.endedByEarlierListenerAgain, { status: 200, body: "answered by the first listener" });
      assert.equal(stderr.match(/the response it received has already been sent, so fnwire answered nothing/g)?.length, 1);
      assert.match(
        report.nothing,
        /^TypeError: \[fnwire\] .*first argument must be an http\.IncomingMessage, and it received undefined\.$/,
      );
      // Ended by something else while the function ran: the first answer stands.
      assert.deepEqual(report.endedMeanwhile, { status: 200, body: "answered by someone else" });
      // A response whose methods throw: the handler's own failure is logged and the socket closed, nothing more.
      assert.equal(report.brokenResponse, "no answer");
      assert.deepEqual(report.stillAnswers, { status: 200, body: { result: 5 } });
      assert.equal(report.alive, true);
      assert.equal(child.exitCode, null, "the child is still running");
      assert.doesNotMatch(stderr, /unhandled|Unhandled/);
      assert.match(stderr, /\[fnwire\] The node:http handler failed: Error: setHeader broke/);
    } finally {
      child.kill();
      await exited;
    }
  });
});

describe("client → node handler over loopback", { timeout: 30_000 }, () => {
  beforeEach(() => initTransport({ baseUrl: origin }));
  afterEach(() => initTransport());

  test("calls, results and undefined", async () => {
    assert.equal(await createServerReference("add0000000000000", "add", 2)(20, 22), 42);
    assert.equal(await createServerReference("nothing000000000", "nothing", 0)(), undefined);
    initTransport({ baseUrl: `${origin}/`, headers: () => ({ "x-user": "grace", "content-type": "text/plain" }) });
    assert.equal(await createServerReference("whoami0000000000", "whoami", 0)(), "grace");
  });

  test("cookies sent by the client reach getCookie", async () => {
    initTransport({ baseUrl: origin, headers: { cookie: "session=s%201" } });
    assert.equal(await createServerReference("session000000000", "session", 0)(), "s 1");
  });

  test("ServerError → ServerFunctionError with message, status, data and fnId", async () => {
    const getUser = createServerReference("getUser000000000", "getUser", 1);
    const error = await getUser("42").catch((caught) => caught);
    assert.ok(error instanceof ServerFunctionError);
    assert.equal(error.message, "User not found");
    assert.equal(error.status, 404);
    assert.deepEqual(error.data, { id: "42" });
    assert.equal(error.fnId, "getUser000000000");
  });

  test("a crash and an unknown id reach the client as envelopes", async () => {
    const crash = await createServerReference("crash00000000000", "crash")().catch((caught) => caught);
    assert.equal(crash.status, 500);
    assert.doesNotMatch(crash.message, /secrets/);
    const unknown = await createServerReference("gone000000000000", "gone")().catch((caught) => caught);
    assert.equal(unknown.status, 404);
    assert.match(unknown.message, /gone000000000000/);
  });

  test("a closed port and an abort are status 0 with a cause", async () => {
    const closed = await listen(() => {});
    closed.server.close();
    initTransport({ baseUrl: closed.origin });
    const unreachable = await createServerReference("add0000000000000", "add")(1, 1).catch((caught) => caught);
    assert.ok(unreachable instanceof ServerFunctionError);
    assert.equal(unreachable.status, 0);
    assert.ok(unreachable.cause instanceof Error);

    initTransport({ baseUrl: origin });
    const { queryFn } = getFnQueryOptions(createServerReference("add0000000000000", "add"), 1, 1);
    const aborted = await queryFn({ signal: AbortSignal.abort() }).catch((caught) => caught);
    assert.equal(aborted.status, 0);
    assert.equal(aborted.cause.name, "AbortError");
  });
});
