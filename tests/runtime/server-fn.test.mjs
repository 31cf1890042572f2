// createServerFn (section 12): the builder, validation with real zod and
// valibot (Standard Schema v1, sync and async) or a parse function, and GET
// reads on the wire: handleRequest, the node:http handler, and the client's
// GET stubs with their POST fallback.
import assert from "node:assert/strict";
import http from "node:http";
import { after, afterEach, before, beforeEach, describe, mock, test } from "node:test";
import * as v from "valibot";
import { z } from "zod";
import { createServerReference, initTransport, ServerFunctionError } from "fnwire/client";
import { createNodeHandler, createServerFn, handleRequest, headers, registerServerReference, ServerError, setCookie } from "fnwire/server";
import { rejection } from "./support.mjs";

const ENDPOINT = "http://localhost/__fnwire/fn";

let nextId = 0;
/** Registers `fn` under a fresh id and returns the id. */
function register(fn, name = "fn") {
  const fnId = `serverfn${String(nextId++).padStart(8, "0")}`;
  registerServerReference(fn, fnId, name);
  return fnId;
}

const post = (fnId, args, extra = {}) =>
  new Request(ENDPOINT, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...extra },
    body: JSON.stringify({ fnId, args }),
  });
const get = (query, extra = {}) => new Request(`${ENDPOINT}?${query}`, { headers: extra });
const getCall = (fnId, args) => get(`fnId=${encodeURIComponent(fnId)}&args=${encodeURIComponent(JSON.stringify(args))}`);

async function answer(request) {
  const response = await handleRequest(request);
  assert.equal(response.headers.get("Content-Type"), "application/json");
  return { response, status: response.status, body: await response.json() };
}

let errorLog;
beforeEach(() => {
  errorLog = mock.method(console, "error", () => {});
});
afterEach(() => errorLog.mock.restore());

describe("createServerFn: options and the chain", () => {
  test("method is POST by default or GET; any other option or value is a TypeError naming it", () => {
    assert.equal(typeof createServerFn().handler(() => 1), "function");
    assert.equal(typeof createServerFn({}).handler(() => 1), "function");
    assert.equal(typeof createServerFn({ method: "GET" }).handler(() => 1), "function");
    for (const [options, named] of [
      [{ method: "get" }, /method must be "GET" \(reads\) or "POST" \(the default\); received "get"/],
      [{ method: "PUT" }, /method .*received "PUT"/],
      [{ method: 1 }, /method .*received 1\./],
      [{ method: null }, /method .*received null\./],
      [{ type: "static" }, /does not know the option "type"; the options are method/],
      [null, /takes an options object; received null/],
      ["GET", /takes an options object; received string/],
    ]) {
      assert.throws(() => createServerFn(options), { name: "TypeError", message: named }, JSON.stringify(options));
      assert.throws(() => createServerFn(options), { message: /^\[fnwire\] createServerFn\(\)/ });
    }
  });

  test("each step returns a new builder: a shared base stays as it was", async () => {
    const base = createServerFn();
    const strings = base.validator(z.string());
    const numbers = base.validator(z.number());
    assert.notEqual(strings, base);
    assert.notEqual(strings, numbers);
    assert.ok(Object.isFrozen(base));
    const echo = ({ data }) => data;
    assert.equal(await strings.handler(echo)("a"), "a");
    assert.equal(await numbers.handler(echo)(1), 1);
    // The base has no validator: anything goes through.
    assert.deepEqual(await base.handler(echo)({ any: true }), { any: true });
    assert.equal((await rejection(strings.handler(echo)(1))).status, 400);
  });

  test(".validator at most once and before .handler; a handler and a schema of the right kind", () => {
    const validated = createServerFn().validator(z.string());
    assert.throws(() => validated.validator(z.string()), { name: "TypeError", message: /^\[fnwire\] .*\.validator\(\) was called twice/ });
    const serverFn = createServerFn().handler(() => 1);
    assert.throws(() => serverFn.validator(z.string()), {
      name: "TypeError",
      message: /^\[fnwire\] .*\.validator\(\) comes before \.handler\(\)/,
    });
    for (const schema of [undefined, 42, "z.string()", {}, { parse: () => 1 }, { "~standard": { version: 2, validate: () => ({}) } }]) {
      assert.throws(() => createServerFn().validator(schema), {
        name: "TypeError",
        message: /^\[fnwire\] createServerFn\(\): \.validator\(\) takes a Standard Schema/,
      });
    }
    for (const fn of [undefined, "handler", {}]) {
      assert.throws(() => createServerFn().handler(fn), {
        name: "TypeError",
        message: /^\[fnwire\] createServerFn\(\): \.handler\(\) takes the function/,
      });
    }
  });

  test(".handler(fn) returns (input) => Promise<result>, calling fn({ data, context }) with the input when there is no validator (and no middleware: an empty context)", async () => {
    const seen = [];
    const serverFn = createServerFn().handler((context) => {
      seen.push(context);
      return "sync result";
    });
    assert.equal(serverFn.length, 1);
    const promise = serverFn({ id: "1" });
    assert.ok(promise instanceof Promise);
    assert.equal(await promise, "sync result");
    assert.deepEqual(seen, [{ data: { id: "1" }, context: {} }]);
    const failing = createServerFn().handler(() => {
      throw new ServerError("Nope", { status: 403 });
    });
    assert.equal((await rejection(failing())).status, 403);
  });
});

describe("createServerFn: validation", () => {
  /** Runs `schema` through a server function: what the handler got, or the 400's message and issues. */
  async function validate(schema, input) {
    const handled = [];
    const serverFn = createServerFn()
      .validator(schema)
      .handler(({ data }) => {
        handled.push(data);
        return data;
      });
    try {
      const result = await serverFn(input);
      assert.deepEqual(handled, [result]);
      return { data: result };
    } catch (error) {
      assert.deepEqual(handled, [], "the handler does not run for an invalid input");
      assert.ok(error instanceof ServerError, String(error));
      assert.equal(error.status, 400);
      assert.deepEqual(Object.keys(error.data), ["issues"]);
      return { message: error.message, issues: error.data.issues };
    }
  }

  test("zod (sync): the parsed value is data; a failure is ServerError 400 with zod's issues", async () => {
    const schema = z.object({ id: z.string(), page: z.coerce.number().int().default(1) });
    assert.deepEqual(await validate(schema, { id: "7", page: "3", extra: "stripped" }), { data: { id: "7", page: 3 } });
    const zodIssue = schema.safeParse({ id: 1 }).error.issues[0];
    const failed = await validate(schema, { id: 1 });
    assert.deepEqual(failed.issues, [{ message: zodIssue.message, path: ["id"] }]);
    assert.equal(failed.message, `Invalid input: id: ${zodIssue.message}`);
    const many = await validate(z.object({ a: z.string(), b: z.array(z.number()) }), { b: [1, "x"] });
    assert.deepEqual(
      many.issues.map((issue) => issue.path),
      [["a"], ["b", 1]],
    );
    assert.match(many.message, /^Invalid input: a: .* \(and 1 more\)$/);
  });

  test("zod (async refinements): awaited, and their issues reported", async () => {
    const taken = new Set(["ada"]);
    const schema = z.object({
      name: z.string().refine(async (name) => !taken.has(name), { message: "That name is taken." }),
    });
    assert.deepEqual(await validate(schema, { name: "grace" }), { data: { name: "grace" } });
    assert.deepEqual((await validate(schema, { name: "ada" })).issues, [{ message: "That name is taken.", path: ["name"] }]);
  });

  test("valibot (sync and async): its path segments become plain keys, its other members stay on the server", async () => {
    const schema = v.object({ age: v.pipe(v.string(), v.transform(Number)), tags: v.array(v.string()) });
    assert.deepEqual(await validate(schema, { age: "42", tags: ["a"] }), { data: { age: 42, tags: ["a"] } });
    const valibotIssue = v.safeParse(schema, { age: "42", tags: ["a", 2] }).issues[0];
    const failed = await validate(schema, { age: "42", tags: ["a", 2] });
    // valibot's issue has input, expected, received, kind…: only the Standard Schema members travel.
    assert.ok("input" in valibotIssue);
    assert.deepEqual(failed.issues, [{ message: valibotIssue.message, path: ["tags", 1] }]);

    const asyncSchema = v.objectAsync({
      email: v.pipeAsync(
        v.string(),
        v.checkAsync(async (email) => email.endsWith("@example.com"), "Use your example.com address."),
      ),
    });
    assert.deepEqual(await validate(asyncSchema, { email: "ada@example.com" }), { data: { email: "ada@example.com" } });
    assert.deepEqual((await validate(asyncSchema, { email: "ada@elsewhere.org" })).issues, [
      { message: "Use your example.com address.", path: ["email"] },
    ]);
  });

  test("a hand-written Standard Schema: issues without a path, and path segments as { key }", async () => {
    const schema = (issues) => ({ "~standard": { version: 1, vendor: "test", validate: (value) => (issues ? { issues } : { value }) } });
    assert.deepEqual(await validate(schema(undefined), "x"), { data: "x" });
    assert.deepEqual((await validate(schema([{ message: "Bad." }]), "x")).issues, [{ message: "Bad." }]);
    const symbol = Symbol("s");
    assert.deepEqual((await validate(schema([{ message: "Deep.", path: [{ key: "a" }, 0, symbol] }]), "x")).issues, [
      { message: "Deep.", path: ["a", 0, "Symbol(s)"] },
    ]);
  });

  test("a parse function (sync or async): its result is data; what it throws is one issue", async () => {
    const parseId = (input) => {
      if (typeof input !== "string" || !/^\d+$/.test(input)) throw new Error("Expected a numeric id.");
      return Number(input);
    };
    assert.deepEqual(await validate(parseId, "12"), { data: 12 });
    assert.deepEqual(await validate(parseId, "x"), {
      message: "Invalid input: Expected a numeric id.",
      issues: [{ message: "Expected a numeric id." }],
    });
    const asyncParse = async (input) => {
      await Promise.resolve();
      if (input === "no") throw "Refused.";
      return { input };
    };
    assert.deepEqual(await validate(asyncParse, "yes"), { data: { input: "yes" } });
    assert.deepEqual((await validate(asyncParse, "no")).issues, [{ message: "Refused." }]);
  });

  test("through handleRequest: the 400 envelope carries the issues", async () => {
    const fnId = register(
      createServerFn()
        .validator(z.object({ id: z.string() }))
        .handler(({ data }) => data.id),
      "getUser",
    );
    const { status, body } = await answer(post(fnId, [{ id: 1 }]));
    assert.equal(status, 400);
    assert.deepEqual(body, {
      error: `Invalid input: id: ${z.string().safeParse(1).error.issues[0].message}`,
      fnId,
      status: 400,
      data: { issues: [{ message: z.string().safeParse(1).error.issues[0].message, path: ["id"] }] },
    });
    assert.deepEqual((await answer(post(fnId, [{ id: "1" }]))).body, { result: "1" });
    assert.equal(errorLog.mock.callCount(), 0, "a refused input is no server failure");
  });

  test("the handler runs in the request context", async () => {
    const fnId = register(
      createServerFn({ method: "GET" })
        .validator(z.object({ theme: z.enum(["dark", "light"]) }))
        .handler(({ data }) => {
          setCookie("theme", data.theme);
          return headers().get("x-user");
        }),
      "saveTheme",
    );
    for (const request of [
      post(fnId, [{ theme: "dark" }], { "X-User": "ada" }),
      get(`fnId=${fnId}&args=${encodeURIComponent('[{"theme":"dark"}]')}`, { "X-User": "ada" }),
    ]) {
      const { response, body } = await answer(request);
      assert.deepEqual(body, { result: "ada" });
      assert.deepEqual(response.headers.getSetCookie(), ["theme=dark; Path=/"]);
    }
  });
});

describe("GET through handleRequest", () => {
  const getUser = register(
    createServerFn({ method: "GET" })
      .validator(z.object({ id: z.string() }))
      .handler(({ data }) => ({ id: data.id, name: `User ${data.id}` })),
    "getUser",
  );
  const saveUser = register(
    createServerFn().handler(({ data }) => data),
    "saveUser",
  );
  const plain = register(async () => "plain", "plain");

  test("answers GET <basePath>/fn?fnId=…&args=<JSON array> for a GET function", async () => {
    const { status, body } = await answer(getCall(getUser, [{ id: "7" }]));
    assert.equal(status, 200);
    assert.deepEqual(body, { result: { id: "7", name: "User 7" } });
  });

  test("a GET call never asks for the Request's body: Node adapters build it on demand, at a cost", async () => {
    let asked = 0;
    class CountingRequest extends Request {
      get body() {
        asked += 1;
        return super.body;
      }
    }
    const request = new CountingRequest(getCall(getUser, [{ id: "9" }]));
    assert.deepEqual((await answer(request)).body, { result: { id: "9", name: "User 9" } });
    assert.equal(asked, 0);
  });

  test("a GET function also takes POST", async () => {
    assert.deepEqual((await answer(post(getUser, [{ id: "8" }]))).body, { result: { id: "8", name: "User 8" } });
  });

  test("GET for any other function: 405 with Allow: POST and the fnId", async () => {
    for (const fnId of [saveUser, plain]) {
      const { response, status, body } = await answer(getCall(fnId, [{}]));
      assert.equal(status, 405, fnId);
      assert.equal(response.headers.get("Allow"), "POST");
      assert.deepEqual(body, { error: body.error, fnId, status: 405 });
      assert.match(body.error, /createServerFn\(\{ method: "GET" \}\)/);
    }
    assert.deepEqual((await answer(post(saveUser, ["posted"]))).body, { result: "posted" });
  });

  test("the same checks and envelopes as POST: fnId as in section 7, args a JSON array", async () => {
    const cases = [
      ["", 400, null],
      ["args=[]", 400, null],
      [`fnId=&args=[]`, 400, ""],
      [`fnId=%20${getUser}&args=[]`, 400, ` ${getUser}`],
      [`fnId=${getUser}`, 400, getUser],
      [`fnId=${getUser}&args=`, 400, getUser],
      [`fnId=${getUser}&args=%7B`, 400, getUser],
      [`fnId=${getUser}&args=%7B%7D`, 400, getUser],
      [`fnId=${getUser}&args=%22x%22`, 400, getUser],
      [`fnId=${getUser}&args=1`, 400, getUser],
      [`fnId=${getUser}&args=null`, 400, getUser],
      ["fnId=unknown0000000&args=[]", 404, "unknown0000000"],
      ["fnId=__proto__&args=[]", 404, "__proto__"],
      ["fnId=toString&args=[]", 404, "toString"],
    ];
    for (const [query, status, fnId] of cases) {
      const answered = await answer(get(query));
      assert.equal(answered.status, status, query);
      assert.deepEqual(answered.body, { error: answered.body.error, fnId, status }, query);
    }
    // A refused input: the validator's 400, through GET as through POST.
    const refused = await answer(getCall(getUser, [{ id: 1 }]));
    assert.equal(refused.status, 400);
    assert.deepEqual(
      refused.body.data.issues.map((issue) => issue.path),
      [["id"]],
    );
    // Other methods are still 405 without an fnId.
    const put = await answer(new Request(ENDPOINT, { method: "PUT" }));
    assert.deepEqual([put.status, put.body.fnId, put.response.headers.get("Allow")], [405, null, "POST"]);
  });
});

describe("GET on the wire: fnwire/client ↔ createNodeHandler over loopback", { timeout: 30_000 }, () => {
  let server;
  let seen;
  const getUser = createServerFn({ method: "GET" })
    .validator(z.object({ id: z.string() }))
    .handler(async ({ data }) => ({ id: data.id, name: `User ${data.id}` }));
  const saveNote = createServerFn()
    .validator(v.object({ text: v.string() }))
    .handler(async ({ data }) => data.text.length);
  registerServerReference(getUser, "wireGetUser00000", "getUser");
  registerServerReference(saveNote, "wireSaveNote0000", "saveNote");
  // What the compiler emits for them in a client build.
  const getUserStub = createServerReference("wireGetUser00000", "getUser", 1, { method: "GET" });
  const saveNoteStub = createServerReference("wireSaveNote0000", "saveNote", 1);

  before(async () => {
    const handler = createNodeHandler();
    server = http.createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, contentType: req.headers["content-type"] ?? null });
      handler(req, res);
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    seen = [];
    initTransport({ baseUrl: `http://127.0.0.1:${server.address().port}`, headers: { "x-app": "test" } });
  });
  afterEach(() => initTransport());

  test("a GET stub sends GET …/fn?fnId=…&args=… and gets the result", async () => {
    assert.deepEqual(await getUserStub({ id: "1" }), { id: "1", name: "User 1" });
    assert.deepEqual(seen, [
      { method: "GET", url: `/__fnwire/fn?fnId=wireGetUser00000&args=${encodeURIComponent('[{"id":"1"}]')}`, contentType: null },
    ]);
  });

  test("a refused input is a ServerFunctionError 400 with zod's issue", async () => {
    const error = await rejection(getUserStub({ id: 1 }));
    assert.ok(error instanceof ServerFunctionError);
    assert.equal(error.status, 400);
    assert.equal(error.fnId, "wireGetUser00000");
    const zodMessage = z.string().safeParse(1).error.issues[0].message;
    assert.deepEqual(error.data, { issues: [{ message: zodMessage, path: ["id"] }] });
    assert.equal(error.message, `Invalid input: id: ${zodMessage}`);
    assert.equal(seen[0].method, "GET");
  });

  test("past 8,192 characters the GET stub POSTs, and the GET function answers it", async () => {
    const id = "x".repeat(9000);
    assert.deepEqual(await getUserStub({ id }), { id, name: `User ${id}` });
    assert.deepEqual(seen, [{ method: "POST", url: "/__fnwire/fn", contentType: "application/json" }]);
  });

  test("a POST function is called with POST; GET to it is 405 with Allow: POST", async () => {
    assert.equal(await saveNoteStub({ text: "hello" }), 5);
    assert.deepEqual(seen, [{ method: "POST", url: "/__fnwire/fn", contentType: "application/json" }]);
    const wrong = createServerReference("wireSaveNote0000", "saveNote", 1, { method: "GET" });
    const error = await rejection(wrong({ text: "hello" }));
    assert.equal(error.status, 405);
    assert.equal(error.fnId, "wireSaveNote0000");
    const response = await fetch(`http://127.0.0.1:${server.address().port}/__fnwire/fn?fnId=wireSaveNote0000&args=%5B%5D`);
    assert.equal(response.headers.get("allow"), "POST");
  });
});
