// Values JSON cannot carry, and streams (section 14): every value both ways
// through both handlers (createNodeHandler on loopback, handleRequest behind
// fetch), identity of repeated and cyclic references, refusals naming the
// path, compatibility with section 7's JSON clients, and streamed results.
import assert from "node:assert/strict";
import http from "node:http";
import { after, afterEach, before, beforeEach, describe, mock, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import * as devalue from "devalue";
import { createServerReference, initTransport, ServerFunctionError } from "fnwire/client";
import { createNodeHandler, handleRequest, registerServerReference, request, ServerError } from "fnwire/server";
import { rejection } from "./support.mjs";

const ENCODED = "application/vnd.fnwire+json";
let nextId = 0;
function register(fn, name = `v${nextId}`) {
  const fnId = `values${String(nextId++).padStart(10, "0")}`;
  registerServerReference(fn, fnId, name);
  return createServerReference(fnId, name);
}

/** What the server saw of a value: its type, as the function itself tells it. */
function kindOf(value) {
  if (value === null) return "null";
  if (typeof value !== "object") return Object.is(value, -0) ? "-0" : Number.isNaN(value) ? "NaN" : typeof value;
  if (Object.getPrototypeOf(value) === null) return "null-prototype";
  return Object.prototype.toString.call(value).slice(8, -1);
}

const echo = register(async (...args) => args, "echo");
const kinds = register(async (...args) => args.map(kindOf), "kinds");

function everyValue() {
  const buffer = new Uint8Array([1, 2, 3, 250]).buffer;
  return {
    undefined,
    inArray: [1, undefined, 3],
    NaN,
    Infinity,
    minusInfinity: -Infinity,
    minusZero: -0,
    bigint: 2n ** 100n,
    date: new Date("2025-01-06T09:00:00.000Z"),
    invalidDate: new Date(Number.NaN),
    regexp: /fn(wire)?/giu,
    map: new Map([
      [{ key: 1 }, "object key"],
      ["b", new Set([1, 2])],
    ]),
    set: new Set(["a", 1, null]),
    url: new URL("https://example.com/a?b=c#d"),
    search: new URLSearchParams("a=1&a=2&b=é"),
    arrayBuffer: buffer,
    int8: new Int8Array([-1, 127]),
    uint8: new Uint8Array([0, 255]),
    clamped: new Uint8ClampedArray([0, 255]),
    int16: new Int16Array([-32768]),
    uint16: new Uint16Array([65535]),
    int32: new Int32Array([-1]),
    uint32: new Uint32Array([4294967295]),
    float32: new Float32Array([1.5]),
    float64: new Float64Array([Math.PI]),
    bigint64: new BigInt64Array([-(2n ** 63n)]),
    biguint64: new BigUint64Array([2n ** 64n - 1n]),
    dataView: new DataView(new ArrayBuffer(4), 1, 2),
    nullPrototype: Object.assign(Object.create(null), { a: 1 }),
  };
}

/** The transports under test: the node:http handler over loopback, and handleRequest behind a fetch that calls it. */
const transports = {
  "createNodeHandler (loopback)": {
    async start() {
      const server = http.createServer(createNodeHandler());
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      return { baseUrl: `http://127.0.0.1:${server.address().port}`, stop: () => (server.closeAllConnections(), server.close()) };
    },
  },
  "handleRequest (Fetch)": {
    async start() {
      const realFetch = globalThis.fetch;
      globalThis.fetch = async (url, init) => handleRequest(new Request(new URL(url, "http://fetch.test"), init));
      return { baseUrl: "http://fetch.test", stop: () => (globalThis.fetch = realFetch) };
    },
  },
};

let errorLog;
beforeEach(() => {
  errorLog = mock.method(console, "error", () => {});
});
afterEach(() => errorLog.mock.restore());

for (const [name, transport] of Object.entries(transports)) {
  describe(`values through ${name}`, { timeout: 30_000 }, () => {
    let running;
    before(async () => {
      running = await transport.start();
    });
    after(() => running.stop());
    beforeEach(() => initTransport({ baseUrl: running.baseUrl }));
    afterEach(() => initTransport());

    test("every value of section 14 round-trips with its type, both ways", async () => {
      const value = everyValue();
      const [back] = await echo(value);
      // An invalid Date is equal to nothing, not even another invalid Date: compared on its own.
      const { invalidDate, ...comparable } = back;
      assert.deepEqual({ ...comparable, invalidDate: value.invalidDate }, { ...value });
      assert.ok(invalidDate instanceof Date && Number.isNaN(invalidDate.getTime()));
      assert.ok(Object.is(back.minusZero, -0));
      assert.equal(back.regexp.flags, "giu");
      assert.equal(Object.getPrototypeOf(back.nullPrototype), null);
      assert.deepEqual([back.dataView.byteOffset, back.dataView.byteLength], [1, 2]);
      assert.ok("undefined" in back, "an undefined member stays a member");
      assert.equal(1 in back.inArray, true, "undefined in an array stays undefined, not null");
      // The server saw the types too.
      const seen = await kinds(value.date, value.map, value.bigint, value.undefined, value.minusZero, value.nullPrototype, value.uint8);
      assert.deepEqual(seen, ["Date", "Map", "bigint", "undefined", "-0", "null-prototype", "Uint8Array"]);
    });

    test("the same object twice arrives as one object twice; cycles arrive as cycles", async () => {
      const shared = { n: 1 };
      const cyclic = { name: "loop" };
      cyclic.self = cyclic;
      const identity = register(async (a, b, loop) => ({ same: a === b, cyclic: loop.self === loop, back: [a, b, loop] }));
      const result = await identity(shared, shared, cyclic);
      assert.deepEqual([result.same, result.cyclic], [true, true]);
      assert.equal(result.back[0], result.back[1], "the result's repeated object is one object too");
      assert.equal(result.back[2].self, result.back[2]);
    });

    test("ServerError data that JSON cannot carry arrives encoded", async () => {
      const when = new Date("2025-03-01T00:00:00.000Z");
      const failing = register(async () => {
        throw new ServerError("Too early", { status: 425, data: { retryAt: when, missing: undefined } });
      });
      const error = await rejection(failing());
      assert.ok(error instanceof ServerFunctionError);
      assert.deepEqual([error.status, error.message], [425, "Too early"]);
      assert.ok(error.data.retryAt instanceof Date);
      assert.equal(error.data.retryAt.getTime(), when.getTime());
      assert.ok("missing" in error.data);
    });

    test("a result that cannot travel (a class instance, a function) is a 500; the log names its path", async () => {
      class Owner {
        save() {}
      }
      const returnsClass = register(async () => ({ records: [{ owner: new Owner() }] }), "returnsClass");
      const error = await rejection(returnsClass());
      assert.deepEqual([error.status, error.message], [500, "Internal server error."]);
      const logged = errorLog.mock.calls.map((call) => call.arguments.join(" ")).join("\n");
      assert.match(logged, /Server function "returnsClass" \(values\d+\) failed: .*result\.records\[0\]\.owner is an object \(Owner\)/s);
    });
  });

  describe(`streams through ${name}`, { timeout: 30_000 }, () => {
    let running;
    before(async () => {
      running = await transport.start();
    });
    after(() => running.stop());
    beforeEach(() => initTransport({ baseUrl: running.baseUrl }));
    afterEach(() => initTransport());

    test("an async generator's chunks arrive in order with their types; the first before the function finishes", async () => {
      let release;
      const gate = new Promise((resolve) => (release = resolve));
      let finished = false;
      const words = register(async function* (count) {
        yield { word: "first", at: new Date(0) };
        await gate;
        for (let i = 1; i < count; i += 1) yield { word: `w${i}`, n: BigInt(i) };
        finished = true;
      });
      const chunks = await words(4);
      assert.equal(typeof chunks[Symbol.asyncIterator], "function");
      const iterator = chunks[Symbol.asyncIterator]();
      const first = await iterator.next();
      // Measured, not slept: the first chunk is here while the function still waits at its gate.
      assert.equal(finished, false);
      assert.deepEqual(first.value, { word: "first", at: new Date(0) });
      release();
      const rest = [];
      for (let step = await iterator.next(); !step.done; step = await iterator.next()) rest.push(step.value);
      assert.deepEqual(rest, [
        { word: "w1", n: 1n },
        { word: "w2", n: 2n },
        { word: "w3", n: 3n },
      ]);
      assert.equal(finished, true);
    });

    test("a ReadableStream result arrives as a ReadableStream (and an async iterable)", async () => {
      const readable = register(
        async () =>
          new ReadableStream({
            start: (controller) => ["a", "b", "c"].forEach((chunk) => controller.enqueue(chunk)) || controller.close(),
          }),
      );
      const stream = await readable();
      assert.ok(stream instanceof ReadableStream);
      const seen = [];
      for await (const chunk of stream) seen.push(chunk);
      assert.deepEqual(seen, ["a", "b", "c"]);
    });

    test("an error mid-stream reaches the reader's next step: a ServerError's status and data, else the generic 500", async () => {
      const failing = register(async function* (kind) {
        yield 1;
        if (kind === "server") throw new ServerError("Quota reached", { status: 429, data: { retryIn: 5 } });
        throw new Error("SELECT secrets");
      }, "failingStream");
      for (const [kind, status, message, data] of [
        ["server", 429, "Quota reached", { retryIn: 5 }],
        ["other", 500, "Internal server error.", undefined],
      ]) {
        const seen = [];
        const error = await rejection(
          (async () => {
            for await (const chunk of await failing(kind)) seen.push(chunk);
          })(),
        );
        assert.deepEqual(seen, [1]);
        assert.ok(error instanceof ServerFunctionError);
        assert.deepEqual([error.status, error.message, error.data], [status, message, data]);
      }
      assert.match(
        errorLog.mock.calls.map((call) => call.arguments.join(" ")).join("\n"),
        /"failingStream" \(values\d+\) failed while streaming: Error: SELECT secrets/,
      );
    });

    test("a reader that stops early aborts request().signal and ends the iteration on the server", async () => {
      let signal;
      let cleanedUp;
      const cleaned = new Promise((resolve) => (cleanedUp = resolve));
      const endless = register(async function* () {
        signal = request().signal;
        try {
          for (let i = 0; ; i += 1) {
            yield i;
            await sleep(5);
          }
        } finally {
          cleanedUp();
        }
      });
      for await (const chunk of await endless()) {
        if (chunk === 2) break;
      }
      await cleaned;
      assert.equal(signal.aborted, true);
    });

    test("the request context stays available while the stream produces", async () => {
      const context = register(async function* () {
        yield new URL(request().url).pathname;
        await sleep(10);
        yield request().headers.get("x-trace");
        yield request().signal.aborted;
      });
      initTransport({ baseUrl: running.baseUrl, headers: { "x-trace": "t-42" } });
      const seen = [];
      for await (const chunk of await context()) seen.push(chunk);
      assert.deepEqual(seen, ["/__fnwire/fn", "t-42", false]);
    });

    test("a chunk that cannot travel ends the stream with the generic 500; the log names it", async () => {
      const bad = register(async function* () {
        yield "fine";
        yield { callback() {} };
      }, "badChunk");
      const seen = [];
      const error = await rejection(
        (async () => {
          for await (const chunk of await bad()) seen.push(chunk);
        })(),
      );
      assert.deepEqual(seen, ["fine"]);
      assert.equal(error.status, 500);
      assert.match(errorLog.mock.calls.map((call) => call.arguments.join(" ")).join("\n"), /value\.callback is a function/);
    });
  });
}

describe("streams and their time limits (createNodeHandler)", { timeout: 30_000 }, () => {
  async function serve(options) {
    const server = http.createServer(createNodeHandler(options));
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    initTransport({ baseUrl: `http://127.0.0.1:${server.address().port}` });
    return () => {
      initTransport();
      server.closeAllConnections();
      server.close();
    };
  }

  test("the time limit covers the call until its first chunk: 504 when that comes too late", async () => {
    const stop = await serve({ timeout: 200 });
    try {
      let signal;
      const late = register(async function* () {
        signal = request().signal;
        await sleep(1000);
        yield "too late";
      });
      const error = await rejection(late());
      assert.equal(error.status, 504);
      assert.equal(signal.aborted, true);
      // A stream whose first chunk is in time runs past the limit.
      const long = register(async function* () {
        yield 1;
        await sleep(400);
        yield 2;
      });
      const seen = [];
      for await (const chunk of await long()) seen.push(chunk);
      assert.deepEqual(seen, [1, 2]);
    } finally {
      stop();
    }
  });

  test("streamTimeout bounds the whole stream: the reader gets a 504 and the server's iteration ends", async () => {
    const stop = await serve({ streamTimeout: 300 });
    try {
      let ended;
      const done = new Promise((resolve) => (ended = resolve));
      const slow = register(async function* () {
        try {
          for (let i = 0; ; i += 1) {
            yield i;
            await sleep(50);
          }
        } finally {
          ended();
        }
      });
      const seen = [];
      const error = await rejection(
        (async () => {
          for await (const chunk of await slow()) seen.push(chunk);
        })(),
      );
      assert.equal(error.status, 504);
      assert.match(error.message, /stream timed out after 300 ms/);
      assert.ok(seen.length >= 2 && seen.length < 20, `${seen.length} chunks`);
      await done;
    } finally {
      stop();
    }
    assert.throws(() => createNodeHandler({ streamTimeout: -1 }), {
      name: "TypeError",
      message: /streamTimeout must be a non-negative finite number/,
    });
  });

  test("a client that disconnects mid-stream: the server's iteration ends, the process lives on", async () => {
    const server = http.createServer(createNodeHandler());
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${server.address().port}`;
    try {
      let cleanedUp;
      const cleaned = new Promise((resolve) => (cleanedUp = resolve));
      register(async function* () {
        try {
          for (let i = 0; ; i += 1) {
            yield "x".repeat(100);
            await sleep(2);
          }
        } finally {
          cleanedUp();
        }
      }, "endless");
      const fnId = `values${String(nextId - 1).padStart(10, "0")}`;
      const controller = new AbortController();
      const response = await fetch(`${origin}/__fnwire/fn`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: ENCODED },
        body: JSON.stringify({ fnId, args: [] }),
        signal: controller.signal,
      });
      assert.equal(response.headers.get("content-type"), "application/vnd.fnwire-stream");
      assert.equal(response.headers.get("x-fnwire-stream"), "iterator");
      const reader = response.body.getReader();
      await reader.read();
      controller.abort();
      await cleaned;
      // Still answering.
      const answer = await fetch(`${origin}/__fnwire/fn`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ fnId: "values0000000000", args: ["ok"] }),
      });
      assert.deepEqual(await answer.json(), { result: ["ok"] });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("compatibility with section 7's JSON wire, both ways", { timeout: 30_000 }, () => {
  let server;
  let origin;
  before(async () => {
    server = http.createServer(createNodeHandler());
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test("a call whose arguments are JSON values sends section 7's body, byte for byte, and a JSON result answers JSON", async () => {
    const requests = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (url, init) => {
      requests.push({ url: String(url), init });
      const response = await realFetch(url, init);
      requests.at(-1).contentType = response.headers.get("content-type");
      return response;
    };
    try {
      initTransport({ baseUrl: origin });
      assert.deepEqual(await echo("a", 1, { b: [true, null] }), ["a", 1, { b: [true, null] }]);
    } finally {
      globalThis.fetch = realFetch;
      initTransport();
    }
    assert.equal(requests[0].url, `${origin}/__fnwire/fn`);
    assert.equal(requests[0].init.body, '{"fnId":"values0000000000","args":["a",1,{"b":[true,null]}]}');
    assert.equal(requests[0].contentType, "application/json");
  });

  test("a client without section 14 keeps working for JSON values, and gets a 500 (never a changed value) for others", async () => {
    const dated = register(async () => ({ at: new Date(0) }), "dated");
    const big = register(async () => 1n, "big");
    const call = async (stub) => {
      const response = await fetch(`${origin}/__fnwire/fn`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ fnId: stub.fnId, args: [] }),
      });
      return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
    };
    assert.deepEqual(await call(echo), { status: 200, type: "application/json", body: { result: [] } });
    // Not a Date as a string, nor a Map as {}: the value cannot reach this client as it is.
    assert.deepEqual(await call(dated), {
      status: 500,
      type: "application/json",
      body: { error: "Internal server error.", fnId: dated.fnId, status: 500 },
    });
    assert.equal((await call(big)).status, 500);
    assert.match(
      errorLog.mock.calls.map((c) => c.arguments.join(" ")).join("\n"),
      /"dated" \(values\d+\) failed: TypeError: .*does not accept application\/vnd\.fnwire\+json/s,
    );
    // The same functions through a stub: encoded, with their types.
    initTransport({ baseUrl: origin });
    try {
      assert.deepEqual(await dated(), { at: new Date(0) });
      assert.equal(await big(), 1n);
      const response = await fetch(`${origin}/__fnwire/fn`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: `application/json, ${ENCODED}` },
        body: JSON.stringify({ fnId: big.fnId, args: [] }),
      });
      assert.equal(response.headers.get("content-type"), ENCODED);
      assert.deepEqual(devalue.parse(await response.text()), { result: 1n });
    } finally {
      initTransport();
    }
  });

  test("a value that cannot travel is refused on the client, naming its path, before any request", async () => {
    class Owner {
      save() {}
    }
    let sent = 0;
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (...args) => {
      sent += 1;
      return realFetch(...args);
    };
    try {
      initTransport({ baseUrl: origin });
      for (const [args, path, what] of [
        [["x", { owner: { save() {} } }], "args[1].owner.save", "a function"],
        [["x", { owner: new Owner() }], "args[1].owner", "an object (Owner)"],
        [[Symbol("s")], "args[0]", "a symbol"],
        [[[Promise.resolve(1)]], "args[0][0]", "a promise"],
        [[new Map([["k", () => {}]])], 'args[0].get("k")', "a function"],
        // Boxed primitives are no type the encoding carries.
        [[{ count: new Number(3) }], "args[0].count", "an object (Number)"],
        [[[new String("s")]], "args[0][0]", "an object (String)"],
        [[new Boolean(false)], "args[0]", "an object (Boolean)"],
      ]) {
        const error = await rejection(echo(...args));
        assert.equal(error.name, "TypeError");
        assert.ok(error.message.startsWith("[fnwire] "), error.message);
        assert.ok(error.message.includes(`${path} is ${what}`), `${error.message} should name ${path} is ${what}`);
      }
    } finally {
      globalThis.fetch = realFetch;
      initTransport();
    }
    assert.equal(sent, 0, "no request was sent");
  });
});
