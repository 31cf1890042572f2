// fnwire/server through handleRequest with real Fetch API Requests.
import assert from "node:assert/strict";
import { format } from "node:util";
import * as devalue from "devalue";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, mock, test } from "node:test";
import {
  deleteCookie,
  getCookie,
  handleRequest,
  headers,
  registerServerReference,
  request,
  ServerError,
  setCookie,
  waitUntil,
} from "fnwire/server";

const ENDPOINT = "http://localhost/__fnwire/fn";
const OUTSIDE_REQUEST =
  "[fnwire] Server context helpers (request(), headers(), cookie helpers, waitUntil()) must be called during a request lifecycle.";

let nextId = 0;
/** Registers `fn` under a fresh id and returns the id. */
function register(fn, name = fn.name || "fn") {
  const fnId = `test${String(nextId++).padStart(12, "0")}`;
  registerServerReference(fn, fnId, name);
  return fnId;
}

function post(body, { contentType = "application/json", url = ENDPOINT, headers: extra = {} } = {}) {
  const headers = contentType === null ? extra : { "Content-Type": contentType, ...extra };
  return new Request(url, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

/** Calls `fnId` through handleRequest and returns the response with its parsed JSON body. */
async function invoke(fnId, args = [], { options, ...init } = {}) {
  const response = await handleRequest(post({ fnId, args }, init), options);
  return { response, body: await response.json() };
}

async function answer(request, options) {
  const response = await handleRequest(request, options);
  assert.equal(response.headers.get("Content-Type"), "application/json");
  return { response, status: response.status, body: await response.json() };
}

/** What one console.error call printed, as the console formats it. */
const loggedText = (call) => format(...call.arguments);

// Server-side logging of failures is part of the contract: record it instead of printing it.
let errorLog;
beforeEach(() => {
  errorLog = mock.method(console, "error", () => {});
});
afterEach(() => errorLog.mock.restore());

describe("registerServerReference", () => {
  test("registers a function under its id and returns it", async () => {
    const greet = async (name) => `Hello, ${name}`;
    assert.equal(registerServerReference(greet, "greet00000000000", "greet"), greet);
    const { body } = await invoke("greet00000000000", ["Ada"]);
    assert.deepEqual(body, { result: "Hello, Ada" });
  });

  test("throws on a duplicate id and keeps the first", async () => {
    registerServerReference(() => "first", "dup0000000000000", "first");
    assert.throws(() => registerServerReference(() => "second", "dup0000000000000", "second"), {
      message: /^\[fnwire\] Duplicate server function id dup0000000000000.*"first".*"second"/,
    });
    assert.deepEqual((await invoke("dup0000000000000")).body, { result: "first" });
  });

  test("one function may be registered under several ids", async () => {
    const shared = () => "same";
    registerServerReference(shared, "alias00000000001", "f");
    registerServerReference(shared, "alias00000000002", "g");
    assert.deepEqual((await invoke("alias00000000002")).body, { result: "same" });
  });

  test("validates its arguments", () => {
    for (const args of [
      ["not a function", "bad0000000000001", "f"],
      [() => {}, "", "f"],
      [() => {}, " bad", "f"],
      [() => {}, 7, "f"],
      [() => {}, "bad0000000000002", ""],
      [() => {}, "bad0000000000003", undefined],
    ]) {
      assert.throws(() => registerServerReference(...args), { name: "TypeError", message: /^\[fnwire\]/ });
    }
  });

  test("a value that is not a function is a TypeError naming fnName, fnId and what the value is", () => {
    // What a wrapper (next-safe-action style) returns when it builds an object instead of a function.
    const action = (schema) => ({ schema, run: async () => "ok" });
    class ActionClient {}
    for (const [value, kind] of [
      [action({}), "an object"],
      [new ActionClient(), "an object (ActionClient)"],
      [Promise.resolve(() => {}), "a promise"],
      ["1", "a string"],
      [1, "a number"],
      [null, "null"],
      [undefined, "undefined"],
      [[() => {}], "an array"],
    ]) {
      assert.throws(
        () => registerServerReference(value, "wrapped000000001", "updateUser"),
        (error) => {
          assert.equal(error.name, "TypeError");
          assert.ok(error.message.startsWith("[fnwire] "), error.message);
          assert.ok(error.message.includes('"updateUser"'), error.message);
          assert.ok(error.message.includes("wrapped000000001"), error.message);
          assert.ok(error.message.includes(` is ${kind}, not a function`), error.message);
          return true;
        },
      );
    }
  });
});

describe("handleRequest statuses", () => {
  const echo = register((...args) => args, "echo");

  test("200 { result } for a result, {} for undefined", async () => {
    const cases = [
      [register(() => ({ users: ["Ada"] })), { result: { users: ["Ada"] } }],
      [register(async () => null), { result: null }],
      [register(() => 0), { result: 0 }],
      [register(() => undefined), {}],
      [register(async () => {}), {}],
    ];
    for (const [fnId, expected] of cases) {
      const { status, body } = await answer(post({ fnId, args: [] }));
      assert.equal(status, 200);
      assert.deepEqual(body, expected);
    }
    const { body } = await answer(post({ fnId: echo, args: ["Ada", { n: 1 }, [2]] }));
    assert.deepEqual(body, { result: ["Ada", { n: 1 }, [2]] });
  });

  test("405 with Allow: POST for other methods", async () => {
    for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]) {
      const { response, status, body } = await answer(new Request(ENDPOINT, { method }));
      assert.equal(status, 405, method);
      assert.equal(response.headers.get("Allow"), "POST");
      assert.deepEqual(Object.keys(body).sort(), ["error", "fnId", "status"]);
      assert.equal(body.status, 405);
      assert.equal(body.fnId, null);
    }
  });

  test("415 unless the media type is exactly application/json", async () => {
    for (const contentType of [
      null,
      "text/plain",
      "application/jsonx",
      "application/json-patch+json",
      "application/vnd.api+json",
      "text/json",
      "multipart/form-data",
    ]) {
      const { status, body } = await answer(post({ fnId: echo, args: [] }, { contentType }));
      assert.equal(status, 415, String(contentType));
      assert.equal(body.status, 415);
      assert.equal(body.fnId, null);
    }
    for (const contentType of ["application/json; charset=utf-8", "application/json;charset=UTF-8", "Application/JSON"]) {
      assert.equal((await answer(post({ fnId: echo, args: [] }, { contentType }))).status, 200, contentType);
    }
  });

  test("400 for a body that is not JSON or not an object", async () => {
    for (const body of [
      "",
      "{",
      "{fnId: 1}",
      "nul",
      "[]",
      "null",
      '"fnId"',
      "42",
      "true",
      `[${JSON.stringify({ fnId: echo, args: [] })}]`,
    ]) {
      const answered = await answer(post(body));
      assert.equal(answered.status, 400, body);
      assert.deepEqual(answered.body, { error: answered.body.error, fnId: null, status: 400 });
    }
  });

  test("400 for invalid UTF-8", async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(`{"fnId":"${echo}","args":["`),
      0xff,
      0xfe,
      ...new TextEncoder().encode('"]}'),
    ]);
    const { status } = await answer(
      new Request(ENDPOINT, { method: "POST", headers: { "Content-Type": "application/json" }, body: bytes }),
    );
    assert.equal(status, 400);
  });

  test("400 for a missing, non-string, empty or padded fnId", async () => {
    const cases = [
      [{ args: [] }, null],
      [{ fnId: null, args: [] }, null],
      [{ fnId: 42, args: [] }, null],
      [{ fnId: ["a"], args: [] }, null],
      [{ fnId: "", args: [] }, ""],
      [{ fnId: ` ${echo}`, args: [] }, ` ${echo}`],
      [{ fnId: `${echo}\n`, args: [] }, `${echo}\n`],
      [{ fnId: "\u00a0x", args: [] }, "\u00a0x"],
    ];
    for (const [payload, fnId] of cases) {
      const { status, body } = await answer(post(payload));
      assert.equal(status, 400, JSON.stringify(payload));
      assert.equal(body.fnId, fnId);
      assert.equal(body.status, 400);
    }
  });

  test("400 for missing or non-array args, before looking the id up", async () => {
    for (const payload of [
      { fnId: echo },
      { fnId: echo, args: null },
      { fnId: echo, args: "a" },
      { fnId: echo, args: { 0: "a", length: 1 } },
      { fnId: "unknown", args: 1 },
    ]) {
      const { status, body } = await answer(post(payload));
      assert.equal(status, 400, JSON.stringify(payload));
      assert.equal(body.fnId, payload.fnId);
    }
  });

  test("404 for unknown ids, Object.prototype names included", async () => {
    const names = [
      "unknown000000000",
      "__proto__",
      "constructor",
      "toString",
      "hasOwnProperty",
      "valueOf",
      ...Object.getOwnPropertyNames(Object.prototype),
    ];
    for (const fnId of names) {
      const { status, body } = await answer(post({ fnId, args: [] }));
      assert.equal(status, 404, fnId);
      assert.deepEqual(body, { error: body.error, fnId, status: 404 });
    }
    // A "__proto__" key inside the body changes nothing either.
    const { status } = await answer(post(`{"__proto__":{"fnId":"${echo}","args":[]}}`));
    assert.equal(status, 400);
  });

  test("413 past 1 MiB, counted while reading whatever Content-Length claims", async () => {
    let pulled = 0;
    const endless = new ReadableStream({
      pull(controller) {
        pulled += 65536;
        controller.enqueue(new Uint8Array(65536).fill(0x20));
      },
    });
    const lying = new Request(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Content-Length": "10" },
      body: endless,
      duplex: "half",
    });
    const { status, body } = await answer(lying);
    assert.equal(status, 413);
    assert.deepEqual(body, { error: body.error, fnId: null, status: 413 });
    assert.ok(pulled < 2 * 1_048_576, `stopped reading after ${pulled} bytes`);

    const exact = JSON.stringify({ fnId: echo, args: ["x".repeat(1_048_576 - 100)] });
    const padded = exact + " ".repeat(1_048_576 - exact.length);
    assert.equal((await answer(post(padded))).status, 200);
    assert.equal((await answer(post(padded + " "))).status, 413);
  });

  test("404 envelope for other paths; basePath moves the endpoint", async () => {
    for (const url of ["http://localhost/", "http://localhost/__fnwire", "http://localhost/__fnwire/fn/", "http://localhost/other/fn"]) {
      const { status, body } = await answer(post({ fnId: echo, args: [] }, { url }));
      assert.equal(status, 404, url);
      assert.equal(body.fnId, null);
    }
    assert.equal((await answer(post({ fnId: echo, args: [] }, { url: `${ENDPOINT}?x=1` }))).status, 200);
    for (const basePath of ["/rpc", "/rpc/"]) {
      assert.equal((await answer(post({ fnId: echo, args: [] }, { url: "http://localhost/rpc/fn" }), { basePath })).status, 200);
      assert.equal((await answer(post({ fnId: echo, args: [] }), { basePath })).status, 404);
    }
  });

  test("unknown or bad options are a TypeError at the call, naming the option", () => {
    for (const [options, named] of [
      [{ base: "/rpc" }, /"base"/],
      [{ waitUntil: true }, /waitUntil/],
      [{ basePath: "rpc" }, /basePath/],
      [null, /options object/],
    ]) {
      assert.throws(() => handleRequest(post({ fnId: echo, args: [] }), options), { name: "TypeError", message: named });
    }
  });

  test("what is not a fresh Fetch Request is a TypeError at the call, saying what it takes", async () => {
    for (const [value, kind] of [
      [undefined, "undefined"],
      ["http://localhost/__fnwire/fn", "a string"],
      [{ url: ENDPOINT, method: "POST", headers: new Headers() }, "an object"],
    ]) {
      assert.throws(() => handleRequest(value), {
        name: "TypeError",
        message: new RegExp(`^\\[fnwire\\] handleRequest\\(\\) takes a Fetch API Request; received ${kind}`),
      });
    }
    const read = post({ fnId: echo, args: [] });
    await read.text();
    assert.throws(() => handleRequest(read), {
      name: "TypeError",
      message: /^\[fnwire\] handleRequest\(\) takes a Request whose body has not been read/,
    });
    const locked = post({ fnId: echo, args: [] });
    locked.body.getReader();
    assert.throws(() => handleRequest(locked), { name: "TypeError", message: /body has not been read/ });
  });
});

describe("errors thrown by server functions", () => {
  test("a ServerError answers its message, status and data", async () => {
    const fnId = register(async (id) => {
      throw new ServerError("User not found", { status: 404, data: { id } });
    });
    const { response, body } = await invoke(fnId, ["123"]);
    assert.equal(response.status, 404);
    assert.deepEqual(body, { error: "User not found", fnId, status: 404, data: { id: "123" } });
    assert.equal(errorLog.mock.callCount(), 0);
  });

  test("a ServerError without data has no data member; status defaults to 500", async () => {
    const fnId = register(() => {
      throw new ServerError("Quota exceeded", { status: 429 });
    });
    assert.deepEqual((await invoke(fnId)).body, { error: "Quota exceeded", fnId, status: 429 });
    const error = new ServerError("Broken");
    assert.equal(error.status, 500);
    assert.equal(error.name, "ServerError");
    assert.ok(error instanceof Error);
  });

  test("ServerError only takes HTTP error statuses", () => {
    for (const status of [200, 302, 399, 600, 404.5, "404"]) {
      assert.throws(() => new ServerError("x", { status }), { name: "TypeError", message: /^\[fnwire\]/ });
    }
  });

  test("anything else answers 500 with a generic message, and the log names the function and the error", async () => {
    const thrown = [new Error("password=hunter2"), new TypeError("db://admin:hunter2@host")];
    for (const value of thrown) {
      const fnId = register(async () => {
        throw value;
      }, "leaky");
      const { response, body } = await invoke(fnId);
      assert.equal(response.status, 500);
      assert.deepEqual(body, { error: body.error, fnId, status: 500 });
      assert.doesNotMatch(JSON.stringify(body), /hunter2|at |stack/);
      const line = loggedText(errorLog.mock.calls.at(-1));
      assert.ok(line.startsWith(`[fnwire] Server function "leaky" (${fnId}) failed: ${value.name}: ${value.message}\n    at `), line);
    }
    assert.equal(errorLog.mock.callCount(), thrown.length);
  });

  test("the log never holds request headers, cookies or arguments, whatever was thrown", async () => {
    const SECRETS = ["Bearer tok-3141", "sid-2718", "arg-1618"];
    const fnId = register(async (kind, secretArgument) => {
      const request = (await import("fnwire/server")).request();
      if (kind === "error with request data") {
        // As HTTP client libraries do: the failed request's headers on the error, the arguments in a cause object.
        throw Object.assign(new Error("upstream failed"), { headers: request.headers, cause: { args: [secretArgument] } });
      }
      if (kind === "the request") throw request;
      if (kind === "a promise of the headers") throw Promise.resolve(Object.fromEntries(request.headers));
      if (kind === "a rejected promise") throw Promise.reject(new Error(secretArgument));
      if (kind === "an argument") throw secretArgument;
      throw { cookie: request.headers.get("cookie"), args: [secretArgument] };
    }, "leaky");
    const kinds = ["error with request data", "the request", "a promise of the headers", "a rejected promise", "an argument", "an object"];
    for (const kind of kinds) {
      const { response } = await invoke(fnId, [kind, SECRETS[2]], {
        headers: { Authorization: SECRETS[0], Cookie: `session=${SECRETS[1]}` },
      });
      assert.equal(response.status, 500, kind);
    }
    // A promise thrown settles later: let util.inspect see it settled, were it used.
    await sleep(5);
    const lines = errorLog.mock.calls.map(loggedText);
    assert.equal(lines.length, kinds.length);
    for (const line of lines) {
      assert.ok(line.startsWith(`[fnwire] Server function "leaky" (${fnId}) failed: `), line);
      for (const secret of SECRETS) assert.ok(!line.includes(secret), `${secret} in ${line}`);
    }
    assert.match(lines[0], /failed: Error: upstream failed\n    at [^]*\n\[cause\] it threw an object, not an Error/);
    assert.match(lines[1], /failed: it threw a Fetch API Request, not an Error/);
    assert.match(lines[2], /failed: it threw a promise, not an Error/);
    assert.match(lines[3], /failed: it threw a promise, not an Error/);
    assert.match(lines[4], /failed: it threw a string, not an Error/);
    assert.match(lines[5], /failed: it threw an object, not an Error/);
  });

  test("a synchronous throw is answered the same way", async () => {
    const fnId = register(() => {
      throw new Error("sync secret");
    });
    const { response, body } = await invoke(fnId);
    assert.equal(response.status, 500);
    assert.doesNotMatch(JSON.stringify(body), /secret/);
  });

  test("a result JSON cannot carry answers 500, and the server keeps working", async () => {
    const cyclic = { name: "loop" };
    cyclic.self = cyclic;
    const cases = [
      register(() => 10n),
      register(() => ({ big: 1n })),
      register(() => cyclic),
      register(() => ({
        toJSON: () => {
          throw new Error("nope");
        },
      })),
    ];
    const unserializableData = register(() => {
      throw new ServerError("Bad", { status: 400, data: { n: 1n } });
    });
    for (const fnId of [...cases, unserializableData]) {
      const { response, body } = await invoke(fnId);
      assert.equal(response.status, 500);
      assert.deepEqual(body, { error: body.error, fnId, status: 500 });
    }
    const ok = register(() => "still working");
    assert.deepEqual((await invoke(ok)).body, { result: "still working" });
  });
});

describe("request context", () => {
  test("request() and headers() are the current Request's", async () => {
    let seen;
    const fnId = register(async () => {
      await sleep(1);
      seen = { request: request(), headers: headers() };
      return headers().get("x-app");
    });
    const incoming = post({ fnId, args: [] }, { url: `${ENDPOINT}?from=test`, headers: { "X-App": "my-app" } });
    const response = await handleRequest(incoming);
    assert.deepEqual(await response.json(), { result: "my-app" });
    // A copy of the Request, whose signal the handler can abort: the same URL, method and headers.
    assert.ok(seen.request instanceof Request);
    assert.equal(seen.request.url, `${ENDPOINT}?from=test`);
    assert.equal(seen.request.method, "POST");
    assert.deepEqual([...seen.headers], [...incoming.headers]);
    assert.equal(seen.headers, seen.request.headers);
    assert.equal(seen.request.bodyUsed, true);
    assert.equal(seen.request.signal.aborted, false);
  });

  test("getCookie reads the Cookie header, URI-decoded", async () => {
    const fnId = register(() => [getCookie("session"), getCookie("name"), getCookie("missing"), getCookie("__proto__"), getCookie("bad")]);
    // Read as a stub reads it: a missing cookie is undefined (the encoding of section 14 keeps it).
    const response = await handleRequest(
      post(
        { fnId, args: [] },
        {
          headers: {
            Cookie: "session=abc123; name=Ada%20Lovelace%3B; bad=%E0%A4%A",
            Accept: "application/json, application/vnd.fnwire+json",
          },
        },
      ),
    );
    assert.deepEqual(devalue.parse(await response.text()), { result: ["abc123", "Ada Lovelace;", undefined, undefined, "%E0%A4%A"] });
    const none = register(() => getCookie("session") ?? "none");
    assert.deepEqual((await invoke(none)).body, { result: "none" });
  });

  test("setCookie and deleteCookie add Set-Cookie headers to this call's response", async () => {
    const expires = new Date("2030-01-01T00:00:00Z");
    const fnId = register(() => {
      setCookie("session", "a b;c", { httpOnly: true, secure: true, sameSite: "lax", maxAge: 3600 });
      setCookie("theme", "dark", { path: "/app", domain: "example.com", expires, sameSite: "strict" });
      setCookie("cross", "1", { sameSite: "none", secure: true });
      deleteCookie("old");
      deleteCookie("scoped", { path: "/app", domain: "example.com" });
      return "ok";
    });
    const { response } = await invoke(fnId);
    assert.deepEqual(response.headers.getSetCookie(), [
      "session=a%20b%3Bc; Max-Age=3600; Path=/; HttpOnly; Secure; SameSite=Lax",
      `theme=dark; Domain=example.com; Path=/app; Expires=${expires.toUTCString()}; SameSite=Strict`,
      "cross=1; Path=/; Secure; SameSite=None",
      "old=; Max-Age=0; Path=/",
      "scoped=; Max-Age=0; Domain=example.com; Path=/app",
    ]);
  });

  test("cookies are set on error responses too", async () => {
    const notFound = register(() => {
      setCookie("seen", "1");
      throw new ServerError("Gone", { status: 410 });
    });
    const crashed = register(async () => {
      deleteCookie("session");
      throw new Error("boom");
    });
    const gone = await invoke(notFound);
    assert.equal(gone.response.status, 410);
    assert.deepEqual(gone.response.headers.getSetCookie(), ["seen=1; Path=/"]);
    const failed = await invoke(crashed);
    assert.equal(failed.response.status, 500);
    assert.deepEqual(failed.response.headers.getSetCookie(), ["session=; Max-Age=0; Path=/"]);
  });

  test("cookie helpers validate names, values and options", async () => {
    const attempts = [
      () => setCookie("bad name", "x"),
      () => setCookie("ok", 1),
      () => setCookie("ok", "x", { sameSite: "sometimes" }),
      () => setCookie("ok", "x", { maxAge: 1.5 }),
      () => setCookie("ok", "x", { partitioned: true }),
      () => deleteCookie("ok", { signed: true }),
    ];
    const fnId = register(() =>
      attempts.map((attempt) => {
        try {
          attempt();
          return "no error";
        } catch (error) {
          return `${error.name}: ${error.message.slice(0, 8)}`;
        }
      }),
    );
    const { response, body } = await invoke(fnId);
    assert.deepEqual(body.result, Array(attempts.length).fill("TypeError: [fnwire]"));
    assert.deepEqual(response.headers.getSetCookie(), []);
  });

  test("setCookie and deleteCookie after the response was sent throw", async () => {
    let release;
    const released = new Promise((resolve) => (release = resolve));
    const late = [];
    const fnId = register(() => {
      waitUntil(
        (async () => {
          await released;
          for (const helper of [() => setCookie("late", "1"), () => deleteCookie("late")]) {
            try {
              helper();
              late.push("no error");
            } catch (error) {
              late.push(error.message);
            }
          }
          late.push(request().url, getCookie("session"));
        })(),
      );
      return "sent";
    });
    const { response } = await invoke(fnId, [], { headers: { Cookie: "session=s1" } });
    assert.deepEqual(response.headers.getSetCookie(), []);
    release();
    await sleep(5);
    assert.equal(late.length, 4);
    assert.match(late[0], /^\[fnwire\] setCookie\(\).*after the response/);
    assert.match(late[1], /^\[fnwire\] deleteCookie\(\).*after the response/);
    assert.deepEqual(late.slice(2), [ENDPOINT, "s1"]);
  });

  test("50 concurrent calls each see only their own request", async () => {
    const fnId = register(async (index) => {
      await sleep(Math.floor(Math.random() * 20));
      const first = headers().get("x-index");
      await Promise.resolve();
      await sleep(Math.floor(Math.random() * 5));
      return [index, first, request().headers.get("x-index"), getCookie("user")];
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) => invoke(fnId, [index], { headers: { "x-index": String(index), Cookie: `user=u${index}` } })),
    );
    results.forEach(({ body }, index) => assert.deepEqual(body.result, [index, String(index), String(index), `u${index}`]));
  });

  test("every helper throws outside a server function call", () => {
    const helpers = [
      () => request(),
      () => headers(),
      () => getCookie("a"),
      () => setCookie("a", "b"),
      () => deleteCookie("a"),
      () => waitUntil(Promise.resolve()),
    ];
    for (const helper of helpers) {
      assert.throws(helper, (error) => {
        assert.ok(error instanceof Error);
        assert.ok(error.message.startsWith(OUTSIDE_REQUEST), error.message);
        assert.ok(error.message.length > OUTSIDE_REQUEST.length + 10, "says where to call them");
        return true;
      });
    }
  });
});

describe("waitUntil", () => {
  test("does not delay the response; the work keeps its context", async () => {
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    let finished = false;
    let seenInWork;
    const fnId = register(() => {
      waitUntil(
        (async () => {
          await gate;
          seenInWork = headers().get("x-user");
          finished = true;
        })(),
      );
      return "answered";
    });
    const { response, body } = await invoke(fnId, [], { headers: { "x-user": "ada" } });
    assert.equal(response.status, 200);
    assert.deepEqual(body, { result: "answered" });
    assert.equal(finished, false);
    release();
    await sleep(5);
    assert.equal(finished, true);
    assert.equal(seenInWork, "ada");
  });

  test("a rejection is logged, never unhandled; the platform's waitUntil gets a promise that never rejects", async () => {
    const unhandled = [];
    const onUnhandled = (reason) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const failure = new Error("audit failed");
      const handed = [];
      const fnId = register(() => {
        waitUntil(Promise.reject(failure));
        waitUntil(sleep(2).then(() => "done"));
        waitUntil("not a promise");
        return "ok";
      });
      const { response } = await invoke(fnId, [], { options: { waitUntil: (promise) => handed.push(promise) } });
      assert.equal(response.status, 200);
      assert.equal(handed.length, 3);
      assert.ok(handed.every((promise) => promise instanceof Promise));
      assert.deepEqual(await Promise.all(handed), [undefined, undefined, undefined]);
      await sleep(10);
      assert.deepEqual(unhandled, []);
      const logged = errorLog.mock.calls.map(loggedText).filter((line) => line.includes("audit failed"));
      assert.equal(logged.length, 1);
      assert.match(logged[0], /^\[fnwire\] A promise passed to waitUntil\(\) rejected: Error: audit failed\n    at /);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  test("works without a platform waitUntil, and rejects a function", async () => {
    const fnId = register(() => {
      waitUntil(Promise.reject(new Error("ignored")));
      try {
        waitUntil(async () => {});
      } catch (error) {
        return error.message;
      }
    });
    const { body } = await invoke(fnId);
    assert.match(body.result, /^\[fnwire\] waitUntil\(\) takes a promise/);
    await sleep(5);
  });
});

describe("time limit", () => {
  test("a call still running at the limit answers 504 and aborts request().signal; its late result is dropped", async () => {
    let signal;
    let finish;
    const fnId = register(() => {
      signal = request().signal;
      return new Promise((resolve) => (finish = resolve));
    }, "hangs");
    const started = performance.now();
    const { response, body } = await invoke(fnId, [], { options: { timeout: 50 } });
    const elapsed = performance.now() - started;
    assert.equal(response.status, 504);
    assert.deepEqual(body, { error: "Server function timed out after 50 ms", fnId, status: 504 });
    assert.ok(elapsed >= 49 && elapsed < 1000, `answered after ${Math.round(elapsed)} ms`);
    assert.equal(signal.aborted, true);
    assert.equal(signal.reason.name, "TimeoutError");
    assert.match(loggedText(errorLog.mock.calls.at(-1)), /^\[fnwire\] Server function "hangs" \(test\d+\) timed out after 50 ms/);
    // The result comes after the answer: nothing happens with it.
    finish({ late: 1n });
    await sleep(5);
    assert.equal(errorLog.mock.callCount(), 1);
  });

  test("late rejections, a rejected promise thrown among them, are dropped without an unhandled rejection", async () => {
    const failures = [];
    const fnId = register(
      (kind) =>
        sleep(40).then(() => {
          failures.push(kind);
          if (kind === "promise") throw Promise.reject(new Error("late"));
          throw new Error("late");
        }),
      "lateFailure",
    );
    for (const kind of ["error", "promise"]) {
      assert.equal((await invoke(fnId, [kind], { options: { timeout: 10 } })).response.status, 504);
    }
    await sleep(80);
    assert.deepEqual(failures, ["error", "promise"]);
    // Only the two time-outs were logged; the runner fails this file on an unhandled rejection.
    assert.equal(errorLog.mock.callCount(), 2);
  });

  test("a call that ends in time answers as usual and keeps its signal unaborted; timeout: 0 turns the limit off", async () => {
    let signal;
    const fnId = register(async (ms) => {
      signal = request().signal;
      await sleep(ms);
      return ms;
    });
    assert.deepEqual((await invoke(fnId, [5], { options: { timeout: 1000 } })).body, { result: 5 });
    await sleep(5);
    assert.equal(signal.aborted, false);
    assert.deepEqual((await invoke(fnId, [60], { options: { timeout: 0 } })).body, { result: 60 });
    assert.equal(signal.aborted, false);
  });

  test("the default limit is 30,000 ms", async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout"] });
    let entered;
    const started = new Promise((resolve) => (entered = resolve));
    const fnId = register(() => {
      entered();
      return new Promise(() => {});
    }, "forever");
    let answered;
    const pending = handleRequest(post({ fnId, args: [] })).then((response) => (answered = response));
    await started;
    t.mock.timers.tick(29_999);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(answered, undefined, "no answer before 30,000 ms");
    t.mock.timers.tick(1);
    const response = await pending;
    assert.equal(response.status, 504);
    assert.deepEqual(await response.json(), { error: "Server function timed out after 30000 ms", fnId, status: 504 });
  });

  test("request().signal aborts when the client goes away (the Request's own signal)", async () => {
    let entered;
    const started = new Promise((resolve) => (entered = resolve));
    const seen = [];
    const fnId = register(async () => {
      const { signal } = request();
      entered();
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      seen.push(signal.reason.message);
      throw new ServerError("Stopped", { status: 499 });
    });
    const client = new AbortController();
    const incoming = new Request(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ fnId, args: [] }),
      signal: client.signal,
    });
    const pending = handleRequest(incoming);
    await started;
    client.abort(new Error("client gone"));
    assert.equal((await pending).status, 499);
    assert.deepEqual(seen, ["client gone"]);
  });

  test("a timeout that is not a non-negative finite number is a TypeError naming the option", () => {
    const echo = register((...args) => args);
    for (const timeout of [-1, "10", NaN, Infinity, -Infinity, null, true, {}, 10n]) {
      assert.throws(() => handleRequest(post({ fnId: echo, args: [] }), { timeout }), {
        name: "TypeError",
        message: /^\[fnwire\] handleRequest\(\): timeout must be a non-negative finite number of milliseconds/,
      });
    }
    const shown = (timeout) => {
      try {
        handleRequest(post({ fnId: echo, args: [] }), { timeout });
      } catch (error) {
        return error.message.split("; ").at(-1);
      }
    };
    assert.deepEqual([shown(-1), shown("10"), shown(NaN)], ["received -1.", 'received "10".', "received NaN."]);
  });
});
