// fnwire/client against a fake fetch (globalThis.fetch replaced) and custom adapters.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, test } from "node:test";
import {
  createServerReference,
  getFnMutationOptions,
  getFnQueryKey,
  getFnQueryOptions,
  initTransport,
  ServerFunctionError,
} from "fnwire/client";
import * as devalue from "devalue";
import { rejection } from "./support.mjs";

const realFetch = globalThis.fetch;
let requests;

/** Replaces fetch with one that records each call and answers with `respond(url, init)`. */
function fakeFetch(respond) {
  requests = [];
  globalThis.fetch = async (url, init) => {
    requests.push({ url, init, body: typeof init.body === "string" ? JSON.parse(init.body) : init.body });
    return respond(url, init);
  };
}

// What stubs accept: JSON, and the encoding of section 14.
const ACCEPT = "application/json, application/vnd.fnwire+json";
const json = (body, status = 200, contentType = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": contentType } });

beforeEach(() => {
  initTransport();
  fakeFetch(() => json({ result: "ok" }));
});
afterEach(() => {
  globalThis.fetch = realFetch;
  initTransport();
});

test("fnwire/client imports only its own modules and devalue (no Node built-in), so it runs in browsers", async () => {
  const pending = [new URL(import.meta.resolve("fnwire/client"))];
  const seen = new Set();
  const packages = new Set();
  for (let url = pending.pop(); url; url = pending.pop()) {
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    const source = await readFile(url, "utf8");
    // Comments left out: devalue's JSDoc says import('./types.js'), which is no import.
    const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    for (const [, specifier] of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g)) {
      if (/^\.\.?\//.test(specifier)) {
        pending.push(new URL(specifier, url));
        continue;
      }
      // The one package the client uses, the wire encoding: followed into its own modules too.
      assert.equal(specifier, "devalue", `${url.pathname} imports ${specifier}`);
      packages.add(specifier);
      pending.push(new URL(import.meta.resolve(specifier)));
    }
  }
  assert.deepEqual([...packages], ["devalue"]);
  assert.ok(seen.size >= 6, "follows fnwire/client into its own modules and devalue's");
});

describe("createServerReference", () => {
  test("returns an async function with read-only own metadata", async () => {
    const getUser = createServerReference("1a2b3c4d5e6f7a8b", "getUser", 1);
    assert.equal(typeof getUser, "function");
    assert.equal(getUser.constructor.name, "AsyncFunction");
    assert.equal(getUser.name, "getUser");
    for (const [key, value] of [
      ["fnId", "1a2b3c4d5e6f7a8b"],
      ["fnName", "getUser"],
      ["fnArity", 1],
    ]) {
      const descriptor = Object.getOwnPropertyDescriptor(getUser, key);
      assert.equal(descriptor.value, value);
      assert.equal(descriptor.writable, false);
      assert.equal(descriptor.configurable, false);
      assert.throws(() => {
        getUser[key] = "changed";
      }, TypeError);
      assert.equal(getUser[key], value);
    }
    assert.equal(await getUser("1"), "ok");
  });

  test("has fnArity only when given", () => {
    const search = createServerReference("3c4d5e6f7a8b9c0d", "search");
    assert.equal(Object.hasOwn(search, "fnArity"), false);
    assert.equal(Object.hasOwn(createServerReference("0000000000000000", "refresh", 0), "fnArity"), true);
    assert.equal(Object.hasOwn(createServerReference("0000000000000000", "refresh", undefined), "fnArity"), false);
  });

  test("rejects bad metadata with [fnwire] errors", () => {
    for (const args of [
      [1, "f"],
      ["", "f"],
      [" 1a2b", "f"],
      ["1a2b\n", "f"],
      ["1a2b", ""],
      ["1a2b", 2],
      ["1a2b", "f", -1],
      ["1a2b", "f", 1.5],
      ["1a2b", "f", "2"],
    ]) {
      assert.throws(() => createServerReference(...args), { name: "TypeError", message: /^\[fnwire\]/ }, JSON.stringify(args));
    }
  });

  test('takes { method: "GET" | "POST" } as a fourth argument; anything else is an error naming it', () => {
    assert.equal(createServerReference("1a2b", "getUser", 1, { method: "GET" }).fnArity, 1);
    assert.equal(createServerReference("1a2b", "save", undefined, { method: "POST" }).fnName, "save");
    assert.equal(Object.hasOwn(createServerReference("1a2b", "f", undefined, {}), "fnArity"), false);
    for (const [options, named] of [
      [{ method: "get" }, /method must be "GET" or "POST"; received "get"/],
      [{ method: "PUT" }, /method .*"PUT"/],
      [{ method: 1 }, /method .*received 1\b/],
      [{ verb: "GET" }, /does not know the option "verb"/],
      [null, /options object; received null/],
      ["GET", /options object; received string/],
    ]) {
      assert.throws(() => createServerReference("1a2b", "f", 1, options), { name: "TypeError", message: named }, JSON.stringify(options));
    }
  });
});

describe("bound stubs: stub.bind(thisArg, ...values)", () => {
  let calls;
  beforeEach(() => {
    calls = [];
    initTransport({ adapter: { send: async (fnId, args, context) => calls.push({ fnId, args, method: context.method }) && args } });
  });

  test("keep fnId and fnName, reduce fnArity (absent stays absent, never below 0), read-only like any stub", () => {
    const rename = createServerReference("1a2b3c4d5e6f7a8b", "rename", 3);
    const bound = rename.bind(null, "record-7");
    assert.notEqual(bound, rename);
    assert.equal(bound.fnId, "1a2b3c4d5e6f7a8b");
    assert.equal(bound.fnName, "rename");
    assert.equal(bound.fnArity, 2);
    assert.equal(rename.fnArity, 3, "the original is unchanged");
    assert.equal(bound.bind(null, 1, 2).fnArity, 0);
    assert.equal(bound.bind(null, 1, 2, 3).fnArity, 0);
    assert.equal(Object.hasOwn(createServerReference("3c4d", "search").bind(null, "x"), "fnArity"), false);
    for (const key of ["fnId", "fnName", "fnArity"]) {
      const descriptor = Object.getOwnPropertyDescriptor(bound, key);
      assert.equal(descriptor.writable, false, key);
      assert.equal(descriptor.enumerable, true, key);
    }
    assert.deepEqual(Object.keys(bound).sort(), ["fnArity", "fnId", "fnName"]);
  });

  test("send [...values, ...args]; binding again appends; thisArg is not sent", async () => {
    const rename = createServerReference("1a2b", "rename", 3);
    const bound = rename.bind({ ignored: true }, "record-7");
    assert.deepEqual(await bound("New title", false), ["record-7", "New title", false]);
    const twice = bound.bind(null, "Other title");
    assert.deepEqual(await twice(true), ["record-7", "Other title", true]);
    assert.deepEqual(await rename(1, 2, 3), [1, 2, 3]);
    assert.deepEqual(
      calls.map(({ args }) => args),
      [
        ["record-7", "New title", false],
        ["record-7", "Other title", true],
        [1, 2, 3],
      ],
    );
  });

  test("the query helpers take bound stubs: the bound values lead the key and the arguments", async () => {
    const load = createServerReference("1a2b", "load", 2).bind(null, "tenant-1");
    assert.deepEqual(getFnQueryKey(load, "page-2"), ["1a2b", "tenant-1", "page-2"]);
    const options = getFnQueryOptions(load, "page-2");
    assert.deepEqual(options.queryKey, ["1a2b", "tenant-1", "page-2"]);
    assert.deepEqual(await options.queryFn({ signal: new AbortController().signal }), ["tenant-1", "page-2"]);
    assert.deepEqual(getFnMutationOptions(load).mutationKey, ["1a2b"]);
  });

  test("mutations follow the bound arity", async () => {
    const mutate = (fn, variables) => getFnMutationOptions(fn).mutationFn(variables);
    const rename = createServerReference("1a2b", "rename", 2).bind(null, "record-7");
    assert.deepEqual(await mutate(rename, "New title"), ["record-7", "New title"]);
    assert.deepEqual(await mutate(rename, ["a", "b"]), ["record-7", ["a", "b"]], "arity 1: an array is one argument");
    const move = createServerReference("3c4d", "move", 3).bind(null, "record-7");
    assert.deepEqual(await mutate(move, [1, 2]), ["record-7", 1, 2]);
    assert.match((await rejection(mutate(move, 1))).message, /^\[fnwire\] Server function "move" takes 2 arguments/);
    const done = createServerReference("5e6f", "done", 1).bind(null, "record-7");
    assert.deepEqual(await mutate(done, "ignored"), ["record-7"]);
    const flexible = createServerReference("7a8b", "log").bind(null, "record-7");
    assert.deepEqual(await mutate(flexible, ["a", "b"]), ["record-7", "a", "b"]);
    assert.deepEqual(await mutate(flexible, "a"), ["record-7", "a"]);
    assert.equal(calls.length, 6, "no call for the wrong arity");
  });

  test("a bound GET stub still reads with GET", async () => {
    const read = createServerReference("1a2b", "read", 2, { method: "GET" }).bind(null, "x");
    await read("y");
    assert.deepEqual(calls.at(-1), { fnId: "1a2b", args: ["x", "y"], method: "GET" });
  });
});

describe("default HTTP adapter", () => {
  test("POSTs { fnId, args } as JSON to /__fnwire/fn on the page origin", async () => {
    const createUser = createServerReference("1a2b3c4d5e6f7a8b", "createUser", 2);
    assert.equal(await createUser("Ada", "ada@example.com"), "ok");
    const [{ url, init, body }] = requests;
    assert.equal(url, "/__fnwire/fn");
    assert.equal(init.method, "POST");
    assert.equal(init.headers["Content-Type"], "application/json");
    assert.equal(init.body, JSON.stringify({ fnId: "1a2b3c4d5e6f7a8b", args: ["Ada", "ada@example.com"] }));
    assert.deepEqual(body, { fnId: "1a2b3c4d5e6f7a8b", args: ["Ada", "ada@example.com"] });
  });

  test("always sends args as an array; an undefined argument (no JSON value) goes encoded to the form endpoint", async () => {
    await createServerReference("0000000000000000", "refresh", 0)();
    await createServerReference("0000000000000001", "save")([1, 2]);
    assert.deepEqual(
      requests.map((request) => request.body.args),
      [[], [[1, 2]]],
    );
    await createServerReference("0000000000000002", "maybe")(undefined);
    const { url, body } = requests[2];
    assert.equal(url, "/__fnwire/form");
    assert.deepEqual(devalue.parse(body.get("$fnwire:call")), { fnId: "0000000000000002", args: [undefined] });
  });

  test("joins baseUrl and basePath without a double slash", async () => {
    const fn = createServerReference("1a2b", "f");
    const cases = [
      [{ baseUrl: "https://api.example.com" }, "https://api.example.com/__fnwire/fn"],
      [{ baseUrl: "https://api.example.com/" }, "https://api.example.com/__fnwire/fn"],
      [{ baseUrl: "https://api.example.com/v1/" }, "https://api.example.com/v1/__fnwire/fn"],
      [{ baseUrl: "https://api.example.com", basePath: "/rpc/" }, "https://api.example.com/rpc/fn"],
      [{ basePath: "/" }, "/fn"],
      [{ baseUrl: "/api" }, "/api/__fnwire/fn"],
      [{ baseUrl: "" }, "/__fnwire/fn"],
    ];
    for (const [config, expected] of cases) {
      initTransport(config);
      await fn();
      assert.equal(requests.at(-1).url, expected, JSON.stringify(config));
    }
  });

  test("sends the configured headers and credentials; Content-Type stays application/json", async () => {
    initTransport({
      credentials: "include",
      headers: { "x-app": "my-app", "content-type": "text/plain", "CONTENT-TYPE": "text/html", "x-skip": undefined },
    });
    await createServerReference("1a2b", "f")();
    const { init } = requests[0];
    assert.equal(init.credentials, "include");
    assert.deepEqual(init.headers, { "x-app": "my-app", Accept: ACCEPT, "Content-Type": "application/json" });
  });

  test("evaluates a headers function for every call, sync or async", async () => {
    let calls = 0;
    initTransport({ headers: () => ({ "x-call": String(++calls) }) });
    const fn = createServerReference("1a2b", "f");
    await fn();
    await fn();
    assert.deepEqual(
      requests.map((request) => request.init.headers["x-call"]),
      ["1", "2"],
    );
    initTransport({ headers: async () => new Headers({ Authorization: "Bearer t", "Content-Type": "text/plain" }) });
    await fn();
    assert.deepEqual(requests.at(-1).init.headers, { authorization: "Bearer t", Accept: ACCEPT, "Content-Type": "application/json" });
    initTransport({ headers: () => [["x-pair", "1"]] });
    await fn();
    assert.equal(requests.at(-1).init.headers["x-pair"], "1");
  });

  test("resolves the result member, undefined when absent", async () => {
    const fn = createServerReference("1a2b", "f");
    fakeFetch(() => json({ result: { users: [1, 2] } }));
    assert.deepEqual(await fn(), { users: [1, 2] });
    fakeFetch(() => json({}));
    assert.equal(await fn(), undefined);
    fakeFetch(() => json({ result: null }, 200, "application/json; charset=utf-8"));
    assert.equal(await fn(), null);
  });

  test("accepts Response-like test doubles", async () => {
    fakeFetch(() => ({
      ok: true,
      status: 200,
      statusText: "OK",
      headers: { get: () => "application/json" },
      json: async () => ({ result: 7 }),
    }));
    assert.equal(await createServerReference("1a2b", "f")(), 7);
    fakeFetch(() => ({
      ok: false,
      status: 503,
      statusText: "Service Unavailable",
      headers: { get: () => "text/plain" },
      text: async () => "  down for maintenance \n",
    }));
    const error = await rejection(createServerReference("1a2b", "f")());
    assert.equal(error.message, "down for maintenance");
    assert.equal(error.status, 503);
  });

  test("rejects a success response that is not application/json", async () => {
    for (const contentType of ["text/html", "application/problem+json", null]) {
      fakeFetch(() => new Response('{"result":1}', { status: 200, headers: contentType ? { "Content-Type": contentType } : {} }));
      const error = await rejection(createServerReference("1a2b", "f")());
      assert.ok(error instanceof ServerFunctionError);
      assert.equal(error.status, 200);
      assert.equal(error.fnId, "1a2b");
      assert.match(error.message, /^\[fnwire\].*application\/json/);
    }
  });

  test("rejects a success body that is invalid JSON or not an object", async () => {
    fakeFetch(() => new Response("{not json", { headers: { "Content-Type": "application/json" } }));
    const invalid = await rejection(createServerReference("1a2b", "f")());
    assert.ok(invalid instanceof ServerFunctionError);
    assert.equal(invalid.status, 200);
    assert.ok(invalid.cause instanceof SyntaxError);
    fakeFetch(() => json([1]));
    const notObject = await rejection(createServerReference("1a2b", "f")());
    assert.equal(notObject.status, 200);
    assert.match(notObject.message, /^\[fnwire\]/);
  });
});

describe('GET stubs (createServerReference(…, { method: "GET" }))', () => {
  const getUser = createServerReference("1a2b3c4d5e6f7a8b", "getUser", 1, { method: "GET" });
  const PREFIX = "/__fnwire/fn?fnId=1a2b3c4d5e6f7a8b&args=";

  test("send GET <basePath>/fn?fnId=…&args=<URI-encoded JSON>, without a body or Content-Type", async () => {
    const input = { id: "1 & 2?#", tags: ["é", "/"] };
    assert.equal(await getUser(input), "ok");
    const [{ url, init, body }] = requests;
    assert.equal(init.method, "GET");
    assert.equal(body, undefined);
    assert.equal(init.body, undefined);
    assert.deepEqual(init.headers, { Accept: ACCEPT });
    assert.ok(url.startsWith(PREFIX), url);
    const params = new URL(url, "http://localhost").searchParams;
    assert.deepEqual([...params.keys()], ["fnId", "args"]);
    assert.equal(params.get("fnId"), "1a2b3c4d5e6f7a8b");
    assert.deepEqual(JSON.parse(params.get("args")), [input]);
    assert.equal(url.slice(PREFIX.length), encodeURIComponent(JSON.stringify([input])));
  });

  test("use baseUrl, basePath, headers and credentials as POST does", async () => {
    initTransport({
      baseUrl: "https://api.example.com/",
      basePath: "/rpc",
      credentials: "include",
      headers: () => ({ authorization: "Bearer t", "content-type": "text/plain" }),
    });
    await getUser("7");
    const [{ url, init }] = requests;
    assert.equal(url, `https://api.example.com/rpc/fn?fnId=1a2b3c4d5e6f7a8b&args=${encodeURIComponent('["7"]')}`);
    assert.equal(init.credentials, "include");
    assert.deepEqual(init.headers, { authorization: "Bearer t", Accept: ACCEPT });
  });

  test("POST instead when the URL would pass 8,192 characters", async () => {
    // '["' and '"]' encode to 6 characters each: the URL of ["x" × n] is PREFIX + 12 + n long.
    const fits = "x".repeat(8192 - PREFIX.length - 12);
    await getUser(fits);
    assert.equal(requests[0].init.method, "GET");
    assert.equal(requests[0].url.length, 8192);
    await getUser(`${fits}x`);
    assert.equal(requests[1].init.method, "POST");
    assert.equal(requests[1].url, "/__fnwire/fn");
    assert.deepEqual(requests[1].body, { fnId: "1a2b3c4d5e6f7a8b", args: [`${fits}x`] });
    assert.equal(requests[1].init.headers["Content-Type"], "application/json");
    // Characters that encode to more than themselves count as encoded.
    await getUser("é".repeat(2000));
    assert.equal(requests[2].init.method, "POST", "2,000 × é is 12,000 characters encoded");
  });

  test("queries pass their signal; a custom adapter is told the method", async () => {
    const { signal } = new AbortController();
    await getFnQueryOptions(getUser, "1").queryFn({ signal });
    assert.equal(requests[0].init.method, "GET");
    assert.equal(requests[0].init.signal, signal);
    const seen = [];
    initTransport({ adapter: { send: async (fnId, args, context) => seen.push(context) } });
    await getUser("1");
    await createServerReference("3c4d", "save", 1)("1");
    assert.deepEqual(seen, [
      { signal: undefined, method: "GET" },
      { signal: undefined, method: "POST" },
    ]);
  });
});

describe("ServerFunctionError from error responses", () => {
  test("reads the envelope from an application/json response", async () => {
    fakeFetch(() => json({ error: "User not found", fnId: "1a2b", status: 404, data: { id: "123" } }, 404));
    const error = await rejection(createServerReference("1a2b", "getUser", 1)("123"));
    assert.ok(error instanceof ServerFunctionError);
    assert.ok(error instanceof Error);
    assert.equal(error.name, "ServerFunctionError");
    assert.equal(error.message, "User not found");
    assert.equal(error.status, 404);
    assert.deepEqual(error.data, { id: "123" });
    assert.equal(error.fnId, "1a2b");
  });

  test("accepts media type parameters and leaves data undefined when absent", async () => {
    fakeFetch(() => json({ error: "Forbidden", fnId: "1a2b", status: 403 }, 403, "application/json; charset=utf-8"));
    const error = await rejection(createServerReference("1a2b", "f")());
    assert.equal(error.message, "Forbidden");
    assert.equal(error.status, 403);
    assert.equal(error.data, undefined);
  });

  test("uses the trimmed text of anything that is not an exact application/json envelope", async () => {
    const envelope = JSON.stringify({ error: "from envelope", status: 400 });
    const cases = [
      ["application/problem+json", envelope, envelope],
      ["application/jsonx", envelope, envelope],
      ["text/plain", "  Bad gateway upstream \n", "Bad gateway upstream"],
      ["application/json", "  <html>oops</html> ", "<html>oops</html>"],
      ["application/json", ' {"message":"no error member"} ', '{"message":"no error member"}'],
    ];
    for (const [contentType, body, message] of cases) {
      fakeFetch(() => new Response(body, { status: 502, statusText: "Bad Gateway", headers: { "Content-Type": contentType } }));
      const error = await rejection(createServerReference("1a2b", "f")());
      assert.equal(error.message, message, contentType);
      assert.equal(error.status, 502);
      assert.equal(error.data, undefined);
    }
  });

  test("falls back to statusText for an empty or blank body", async () => {
    for (const body of ["", "  \n\t "]) {
      fakeFetch(() => new Response(body, { status: 500, statusText: "Internal Server Error", headers: { "Content-Type": "text/plain" } }));
      const error = await rejection(createServerReference("1a2b", "f")());
      assert.equal(error.message, "Internal Server Error");
      assert.equal(error.status, 500);
    }
  });

  test("reports network failures with status 0 and the cause", async () => {
    const cause = new TypeError("fetch failed");
    globalThis.fetch = async () => {
      throw cause;
    };
    const error = await rejection(createServerReference("1a2b", "f")());
    assert.ok(error instanceof ServerFunctionError);
    assert.equal(error.status, 0);
    assert.equal(error.cause, cause);
    assert.equal(error.fnId, "1a2b");
    assert.match(error.message, /^\[fnwire\].*fetch failed/);
  });

  test("reports aborts with status 0 and the AbortError as cause", async () => {
    // Like fetch: rejects with the signal's reason, whether it aborts before or during the call.
    globalThis.fetch = (url, init) =>
      new Promise((resolve, reject) => {
        init.signal.throwIfAborted();
        init.signal.addEventListener("abort", () => reject(init.signal.reason));
      });
    const controller = new AbortController();
    const { queryFn } = getFnQueryOptions(createServerReference("1a2b", "f"));
    const pending = queryFn({ signal: controller.signal });
    controller.abort();
    const error = await rejection(pending);
    assert.ok(error instanceof ServerFunctionError);
    assert.equal(error.status, 0);
    assert.equal(error.cause.name, "AbortError");
  });
});

describe("initTransport", () => {
  test("rejects unknown options and bad values with [fnwire] TypeErrors", () => {
    const bad = [
      { mode: "cors" },
      { baseUrl: " https://api.example.com" },
      { baseUrl: "https://api.example.com\n" },
      { baseUrl: "api.example.com" },
      { baseUrl: "ftp://example.com" },
      { baseUrl: 42 },
      { basePath: "rpc" },
      { basePath: "/r p c" },
      { basePath: "/rpc?x=1" },
      { credentials: "yes" },
      { headers: "x-app: 1" },
      { headers: null },
      { adapter: {} },
      { adapter: null },
      { adapter: { send: async () => 1 }, baseUrl: "https://api.example.com" },
      { adapter: { send: async () => 1 }, headers: {} },
    ];
    for (const options of bad) {
      assert.throws(() => initTransport(options), { name: "TypeError", message: /^\[fnwire\]/ }, JSON.stringify(options));
    }
    assert.throws(() => initTransport(null), { name: "TypeError", message: /^\[fnwire\]/ });
  });

  test("replaces the whole configuration", async () => {
    const fn = createServerReference("1a2b", "f");
    initTransport({ baseUrl: "https://api.example.com", credentials: "include", headers: { "x-app": "1" } });
    await fn();
    initTransport({ basePath: "/rpc" });
    await fn();
    assert.equal(requests[1].url, "/rpc/fn");
    assert.equal(requests[1].init.credentials, undefined);
    assert.deepEqual(requests[1].init.headers, { Accept: ACCEPT, "Content-Type": "application/json" });
    initTransport({ adapter: { send: async () => "adapter" } });
    assert.equal(await fn(), "adapter");
    initTransport({});
    assert.equal(await fn(), "ok");
    assert.equal(requests.at(-1).url, "/__fnwire/fn");
  });

  test("a custom adapter's send(fnId, args, { signal }) resolves to the result itself", async () => {
    const calls = [];
    const adapter = {
      prefix: "ws:",
      async send(fnId, args, context) {
        calls.push({ fnId, args, context });
        return `${this.prefix}${fnId}`;
      },
    };
    initTransport({ adapter });
    const createUser = createServerReference("1a2b", "createUser", 2);
    assert.equal(await createUser("Ada", "ada@example.com"), "ws:1a2b");
    assert.deepEqual(calls, [{ fnId: "1a2b", args: ["Ada", "ada@example.com"], context: { signal: undefined, method: "POST" } }]);
    assert.equal(requests.length, 0);

    const failure = new Error("socket closed");
    initTransport({ adapter: { send: () => Promise.reject(failure) } });
    assert.equal(await rejection(createUser("a", "b")), failure);
    initTransport({
      adapter: {
        send() {
          throw failure;
        },
      },
    });
    assert.equal(await rejection(createUser("a", "b")), failure);
  });
});

describe("query helpers", () => {
  const getUser = createServerReference("1a2b3c4d5e6f7a8b", "getUser", 1);

  test("getFnQueryKey is [fnId, ...args]", () => {
    assert.deepEqual(getFnQueryKey(getUser), ["1a2b3c4d5e6f7a8b"]);
    assert.deepEqual(getFnQueryKey(getUser, "1", { page: 2 }), ["1a2b3c4d5e6f7a8b", "1", { page: 2 }]);
  });

  test("getFnQueryOptions passes the signal to the adapter, never the context as an argument", async () => {
    const calls = [];
    initTransport({ adapter: { send: async (fnId, args, context) => calls.push({ fnId, args, context }) && "user" } });
    const options = getFnQueryOptions(getUser, "1");
    assert.deepEqual(Object.keys(options).sort(), ["queryFn", "queryKey"]);
    assert.deepEqual(options.queryKey, ["1a2b3c4d5e6f7a8b", "1"]);
    const { signal } = new AbortController();
    const context = { signal, queryKey: options.queryKey, meta: undefined, client: {} };
    assert.equal(await options.queryFn(context), "user");
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].args, ["1"]);
    assert.equal(calls[0].context.signal, signal);
    assert.equal(calls[0].fnId, "1a2b3c4d5e6f7a8b");
  });

  test("getFnQueryOptions sends the signal to fetch with the default adapter", async () => {
    const { signal } = new AbortController();
    await getFnQueryOptions(getUser, "1").queryFn({ signal });
    assert.equal(requests[0].init.signal, signal);
    assert.deepEqual(requests[0].body.args, ["1"]);
  });

  test("a plain function throws synchronously, naming it", () => {
    async function fetchUsers() {}
    const anonymous = [async () => {}][0];
    for (const helper of [getFnQueryKey, getFnQueryOptions, getFnMutationOptions]) {
      assert.throws(() => helper(fetchUsers), { name: "TypeError", message: /^\[fnwire\] "fetchUsers" is not a server function/ });
      assert.throws(() => helper(anonymous), { message: /^\[fnwire\] .*anonymous function/ });
      assert.throws(() => helper(undefined), { message: /^\[fnwire\] .*undefined/ });
      assert.throws(() => helper({ queryKey: ["x"] }), { message: /^\[fnwire\]/ });
    }
    assert.equal(requests.length, 0);
  });
});

describe("getFnMutationOptions", () => {
  let calls;
  beforeEach(() => {
    calls = [];
    initTransport({ adapter: { send: async (fnId, args) => calls.push(args) && `done:${fnId}` } });
  });
  const argsOf = async (fn, variables) => {
    await getFnMutationOptions(fn).mutationFn(variables, { client: {}, meta: undefined });
    return calls.at(-1);
  };

  test("is { mutationKey: [fnId], mutationFn }", async () => {
    const options = getFnMutationOptions(createServerReference("1a2b", "refresh", 0));
    assert.deepEqual(Object.keys(options).sort(), ["mutationFn", "mutationKey"]);
    assert.deepEqual(options.mutationKey, ["1a2b"]);
    assert.equal(await options.mutationFn(), "done:1a2b");
  });

  test("fnArity 0 ignores the variables", async () => {
    const refresh = createServerReference("1a2b", "refresh", 0);
    assert.deepEqual(await argsOf(refresh, undefined), []);
    assert.deepEqual(await argsOf(refresh, { ignored: true }), []);
    assert.deepEqual(await argsOf(refresh, [1, 2]), []);
  });

  test("fnArity 1 sends [variables], even an array; undefined sends []", async () => {
    const saveRoles = createServerReference("1a2b", "saveRoles", 1);
    assert.deepEqual(await argsOf(saveRoles, ["admin", "editor"]), [["admin", "editor"]]);
    assert.deepEqual(await argsOf(saveRoles, { name: "Alice" }), [{ name: "Alice" }]);
    assert.deepEqual(await argsOf(saveRoles, null), [null]);
    assert.deepEqual(await argsOf(saveRoles, undefined), []);
  });

  test("fnArity n ≥ 2 takes an array of exactly n items", async () => {
    const createUser = createServerReference("1a2b", "createUser", 2);
    assert.deepEqual(await argsOf(createUser, ["Alice", "alice@example.com"]), ["Alice", "alice@example.com"]);
    calls = [];
    for (const variables of ["Alice", ["Alice"], ["a", "b", "c"], undefined, { 0: "a", 1: "b", length: 2 }]) {
      const promise = getFnMutationOptions(createUser).mutationFn(variables);
      assert.ok(promise instanceof Promise);
      const error = await rejection(promise);
      assert.match(error.message, /^\[fnwire\] .*createUser.*\b2\b/);
    }
    const three = createServerReference("3c4d", "move", 3);
    assert.match((await rejection(getFnMutationOptions(three).mutationFn([1, 2]))).message, /^\[fnwire\] .*move.*\b3\b/);
    assert.deepEqual(calls, []);
  });

  test("no fnArity: undefined → [], an array → the arguments, anything else → one argument", async () => {
    const search = createServerReference("1a2b", "search");
    assert.deepEqual(await argsOf(search, undefined), []);
    assert.deepEqual(await argsOf(search, ["ada", { limit: 5 }]), ["ada", { limit: 5 }]);
    assert.deepEqual(await argsOf(search, []), []);
    assert.deepEqual(await argsOf(search, "ada"), ["ada"]);
    assert.deepEqual(await argsOf(search, null), [null]);
    assert.deepEqual(await argsOf(search, { q: "ada" }), [{ q: "ada" }]);
  });
});
