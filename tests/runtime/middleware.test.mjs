// Middleware (section 15): order, context merging, dependencies run once,
// short-circuits, a middleware's own validator, global middleware on plain
// and inline functions with getContext(), misuse answered 500, calls in the
// same process; through handleRequest and the node:http handler.
import assert from "node:assert/strict";
import http from "node:http";
import { format } from "node:util";
import { afterEach, beforeEach, describe, mock, test } from "node:test";
import { z } from "zod";
import {
  createMiddleware,
  createNodeHandler,
  createServerFn,
  getContext,
  getCookie,
  handleRequest,
  registerServerReference,
  ServerError,
} from "fnwire/server";

const ENDPOINT = "http://localhost/__fnwire/fn";

let nextId = 0;
/** Registers `fn` under a fresh id and returns the id. */
function register(fn, name = fn.name || "fn") {
  const fnId = `middleware${String(nextId++).padStart(8, "0")}`;
  registerServerReference(fn, fnId, name);
  return fnId;
}

async function call(fnId, args, { options, headers = {} } = {}) {
  const request = new Request(ENDPOINT, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ fnId, args }),
  });
  const response = await handleRequest(request, options);
  return { status: response.status, body: await response.json() };
}

/** A middleware that appends `name` to `log` before and after the rest of the call, adding `{ [name]: true }`. */
function step(name, log, list = []) {
  return createMiddleware()
    .middleware(list)
    .server(async function named({ next }) {
      log.push(name);
      const outcome = await next({ context: { [name]: true } });
      log.push(`/${name}`);
      return outcome;
    });
}

const logged = () => errorLog.mock.calls.map((entry) => format(...entry.arguments)).join("\n");

let errorLog;
beforeEach(() => {
  errorLog = mock.method(console, "error", () => {});
});
afterEach(() => errorLog.mock.restore());

describe("createServerFn().middleware()", () => {
  test("runs the middleware in order, then the validator, then the handler, with the context merged", async () => {
    const log = [];
    const validated = [];
    const fn = createServerFn()
      .middleware([step("a", log), step("b", log)])
      .validator((input) => {
        log.push("validator");
        validated.push(input);
        return input * 2;
      })
      .handler(({ data, context }) => {
        log.push("handler");
        return { data, context };
      });
    const { status, body } = await call(register(fn), [21]);
    assert.equal(status, 200);
    assert.deepEqual(body.result, { data: 42, context: { a: true, b: true } });
    assert.deepEqual(log, ["a", "b", "validator", "handler", "/b", "/a"]);
  });

  test("later context members replace earlier ones of the same name", async () => {
    const first = createMiddleware().server(({ next }) => next({ context: { role: "guest", org: "acme" } }));
    const second = createMiddleware().server(({ context, next }) => next({ context: { role: `${context.role}→admin` } }));
    const fn = createServerFn()
      .middleware([first, second])
      .handler(({ context }) => context);
    assert.deepEqual((await call(register(fn), [])).body.result, { role: "guest→admin", org: "acme" });
  });

  test("a dependency runs before its dependent and once per call, however often it is listed", async () => {
    const log = [];
    let authRuns = 0;
    const auth = createMiddleware().server(({ next }) => {
      authRuns++;
      log.push("auth");
      return next({ context: { user: "ada" } });
    });
    const org = createMiddleware()
      .middleware([auth])
      .server(({ context, next }) => {
        log.push(`org for ${context.user}`);
        return next({ context: { org: "acme" } });
      });
    const role = createMiddleware()
      .middleware([auth, org])
      .server(({ next }) => {
        log.push("role");
        return next();
      });
    const fn = createServerFn()
      .middleware([auth, role, org, auth])
      .handler(({ context }) => context);
    const { body } = await call(register(fn), []);
    assert.deepEqual(body.result, { user: "ada", org: "acme" });
    assert.deepEqual(log, ["auth", "org for ada", "role"]);
    assert.equal(authRuns, 1);
    await call(register(fn), []);
    assert.equal(authRuns, 2, "once per call, not once ever");
  });

  test("a middleware that throws a ServerError answers its status before the validator and the handler run", async () => {
    let validatorRuns = 0;
    let handlerRuns = 0;
    const auth = createMiddleware().server(() => {
      throw new ServerError("Sign in first", { status: 401 });
    });
    const fn = createServerFn()
      .middleware([auth])
      .validator((input) => {
        validatorRuns++;
        return input;
      })
      .handler(() => handlerRuns++);
    const fnId = register(fn);
    const { status, body } = await call(fnId, [{}]);
    assert.deepEqual([status, body], [401, { error: "Sign in first", fnId, status: 401 }]);
    assert.deepEqual([validatorRuns, handlerRuns], [0, 0]);
  });

  test("any other error thrown by a middleware answers the generic 500 and is logged", async () => {
    const broken = createMiddleware().server(() => {
      throw new Error("database down");
    });
    const fnId = register(
      createServerFn()
        .middleware([broken])
        .handler(() => "never"),
      "broken",
    );
    const { status, body } = await call(fnId, []);
    assert.deepEqual([status, body], [500, { error: "Internal server error.", fnId, status: 500 }]);
    assert.match(logged(), /Server function "broken" .* failed: Error: database down/);
  });

  test("a middleware's own validator checks the data it sees, and a refusal answers 400", async () => {
    const seen = [];
    const orgAccess = createMiddleware()
      .validator(z.object({ orgId: z.string() }))
      .server(({ data, next }) => {
        seen.push(data);
        return next({ context: { orgId: data.orgId } });
      });
    const fn = createServerFn()
      .middleware([orgAccess])
      .handler(({ data, context }) => ({ data, context }));
    const fnId = register(fn);
    const ok = await call(fnId, [{ orgId: "acme", extra: 1 }]);
    assert.deepEqual(ok.body.result, { data: { orgId: "acme", extra: 1 }, context: { orgId: "acme" } }, "the handler sees the input");
    assert.deepEqual(seen, [{ orgId: "acme" }], "the middleware sees its schema's output");
    const refused = await call(fnId, [{ orgId: 7 }]);
    assert.equal(refused.status, 400);
    assert.match(refused.body.error, /^Invalid input: orgId: /);
    assert.deepEqual(refused.body.data.issues[0].path, ["orgId"]);
  });

  test("a middleware sees the function's id and name, and the input before validation", async () => {
    const seen = [];
    const spy = createMiddleware().server(({ data, fnId, fnName, next }) => {
      seen.push({ data, fnId, fnName });
      return next();
    });
    const fn = createServerFn()
      .middleware([spy])
      .validator(z.object({ n: z.coerce.number() }))
      .handler(({ data }) => data.n);
    const fnId = register(fn, "coerce");
    assert.equal((await call(fnId, [{ n: "5" }])).body.result, 5);
    assert.deepEqual(seen, [{ data: { n: "5" }, fnId, fnName: "coerce" }]);
  });

  test("a middleware can read the result next() resolves to, and the request context", async () => {
    const seen = [];
    const audit = createMiddleware().server(async ({ next }) => {
      const outcome = await next();
      seen.push([outcome.result, getCookie("session")]);
      return outcome;
    });
    const fn = createServerFn()
      .middleware([audit])
      .handler(() => "done");
    await call(register(fn), [], { headers: { Cookie: "session=s1" } });
    assert.deepEqual(seen, [["done", "s1"]]);
  });

  test("next()'s value is a thenable like a promise: .then, .catch and .finally, and await, whether the rest answered at once or not", async () => {
    const seen = [];
    const viaThen = createMiddleware().server(({ next }) => next().then((outcome) => (seen.push(["then", outcome.result]), outcome)));
    const viaCatch = createMiddleware().server(({ next }) =>
      next().catch((error) => (seen.push(["catch", error.message]), Promise.reject(error))),
    );
    const viaFinally = createMiddleware().server(({ next }) => next().finally(() => seen.push(["finally"])));
    for (const handler of [() => "at once", async () => "later"]) {
      const fn = createServerFn().middleware([viaThen, viaCatch, viaFinally]).handler(handler);
      assert.equal(await fn(), handler.constructor.name === "AsyncFunction" ? "later" : "at once");
    }
    assert.deepEqual(seen, [["finally"], ["then", "at once"], ["finally"], ["then", "later"]]);
    const failing = createServerFn()
      .middleware([viaCatch])
      .handler(() => {
        throw new Error("no");
      });
    await assert.rejects(failing(), /no/);
    assert.deepEqual(seen.at(-1), ["catch", "no"]);
  });

  test("the builder refuses misuse with a TypeError naming it", () => {
    const noop = createMiddleware().server(({ next }) => next());
    assert.throws(() => createServerFn().middleware([noop]).middleware([noop]), /\.middleware\(\) was called twice/);
    assert.throws(() => createServerFn().validator(z.string()).middleware([noop]), /\.middleware\(\) comes before \.validator\(\)/);
    assert.throws(() => createServerFn().middleware([() => {}]), /item 0 is a function, not a middleware/);
    assert.throws(() => createServerFn().middleware(noop), /takes an array of middleware/);
    assert.throws(() => createMiddleware().server("auth"), /\.server\(\) takes the middleware's function/);
    assert.throws(() => createMiddleware({ type: "request" }), /type "function"/);
    assert.throws(() => createMiddleware({ name: "auth" }), /unknown option|name/i);
    assert.throws(() => createMiddleware().validator(z.string()).validator(z.string()), /\.validator\(\) was called twice/);
    assert.throws(
      () => handleRequest(new Request(ENDPOINT), { middleware: [noop, {}] }),
      /middleware: item 1 is an object, not a middleware/,
    );
    assert.throws(() => createNodeHandler({ middleware: noop }), /takes an array of middleware/);
  });
});

describe("misuse never ends the process (rule 15.10)", () => {
  const cases = [
    [
      "returns without calling next()",
      createMiddleware().server(async function lazy() {}),
      /middleware "lazy" .* returned without calling next\(\)/,
    ],
    [
      "calls next() twice",
      createMiddleware().server(async function twice({ next }) {
        await next();
        return next();
      }),
      /middleware "twice" .* called next\(\) twice/,
    ],
    [
      "calls next() twice without awaiting the second",
      createMiddleware().server(async function careless({ next }) {
        const outcome = await next();
        next();
        return outcome;
      }),
      /middleware "careless" .* called next\(\) twice/,
    ],
    [
      "calls next() but returns something else",
      createMiddleware().server(async function forgetful({ next }) {
        await next();
      }),
      /middleware "forgetful" .* called next\(\) but returned something other than what it resolved to/,
    ],
    [
      "passes a context that is not an object",
      createMiddleware().server(async function odd({ next }) {
        return next({ context: "admin" });
      }),
      /next\(\) in middleware "odd": context must be a plain object/,
    ],
    [
      "passes a Map as its context, whose entries a merge would lose",
      createMiddleware().server(async function mapped({ next }) {
        return next({ context: new Map([["user", "ada"]]) });
      }),
      /next\(\) in middleware "mapped": context must be a plain object; received an object \(Map\)/,
    ],
    [
      "passes a class instance as its context",
      createMiddleware().server(async function classy({ next }) {
        return next({ context: new (class Session {})() });
      }),
      /next\(\) in middleware "classy": context must be a plain object; received an object \(Session\)/,
    ],
  ];
  for (const [what, middleware, message] of cases) {
    test(`a middleware that ${what} answers 500, and the log names the function, the middleware and what it did`, async () => {
      const fnId = register(
        createServerFn()
          .middleware([middleware])
          .handler(() => "ok"),
        "guarded",
      );
      const { status, body } = await call(fnId, []);
      assert.deepEqual([status, body], [500, { error: "Internal server error.", fnId, status: 500 }]);
      assert.match(logged(), /Server function "guarded"/);
      assert.match(logged(), message);
    });
  }

  test("an anonymous middleware is named by its place in the chain", async () => {
    const pass = createMiddleware().server(({ next }) => next());
    const anonymous = createMiddleware().server(...[async () => {}]);
    const fnId = register(
      createServerFn()
        .middleware([pass, anonymous, pass])
        .handler(() => "ok"),
      "guarded",
    );
    assert.equal((await call(fnId, [])).status, 500);
    assert.match(logged(), /middleware 2 of 2 of server function "guarded" .* returned without calling next\(\)/);
  });

  test("next() called after the middleware returned runs nothing again and is logged", async () => {
    let handlerRuns = 0;
    let late;
    const leaky = createMiddleware().server(async function leaky({ next }) {
      late = next;
      return next();
    });
    const fnId = register(
      createServerFn()
        .middleware([leaky])
        .handler(() => ++handlerRuns),
    );
    assert.equal((await call(fnId, [])).body.result, 1);
    await assert.rejects(late(), /called next\(\) after it had returned/);
    assert.equal(handlerRuns, 1);
    assert.match(logged(), /middleware "leaky" .* called next\(\) after it had returned; nothing ran again/);
  });
});

describe("global middleware (rule 15.6)", () => {
  test("run first, for plain and inline functions too, which read the context through getContext()", async () => {
    const log = [];
    const requestId = createMiddleware().server(({ data, next }) => {
      log.push(["global", data]);
      return next({ context: { requestId: "r1" } });
    });
    async function plain(a, b) {
      return { sum: a + b, context: getContext() };
    }
    // An inline function as the compiler hoists it: bound to its captures.
    const inline = async function $$inline(prefix, name) {
      return `${prefix} ${name} ${getContext().requestId}`;
    }.bind(null, "hello");
    const options = { middleware: [requestId] };
    assert.deepEqual((await call(register(plain), [1, 2], { options })).body.result, { sum: 3, context: { requestId: "r1" } });
    assert.equal((await call(register(inline, "$$inline"), ["ada"], { options })).body.result, "hello ada r1");
    assert.deepEqual(log, [
      ["global", [1, 2]],
      ["global", ["ada"]],
    ]);
  });

  test("run before a createServerFn function's own middleware, with its input before validation, each once", async () => {
    const log = [];
    const auth = step("auth", log);
    const org = step("org", log, [auth]);
    const fn = createServerFn()
      .middleware([org, auth])
      .validator(z.object({ n: z.number() }))
      .handler(({ data, context }) => {
        log.push("handler");
        return { n: data.n, context, fromGetContext: { ...getContext() } };
      });
    const seen = [];
    const global = createMiddleware().server(({ data, next }) => {
      seen.push(data);
      log.push("global");
      return next({ context: { global: true } });
    });
    const { body } = await call(register(fn), [{ n: 1 }], { options: { middleware: [global, auth] } });
    const context = { global: true, auth: true, org: true };
    assert.deepEqual(body.result, { n: 1, context, fromGetContext: context });
    assert.deepEqual(log, ["global", "auth", "org", "handler", "/org", "/auth"]);
    assert.deepEqual(seen, [{ n: 1 }]);
  });

  test("a global middleware's 401 stops every kind of function before it runs", async () => {
    let runs = 0;
    const auth = createMiddleware().server(({ next }) => {
      if (getCookie("session") !== "ok") throw new ServerError("Sign in first", { status: 401 });
      return next();
    });
    const fnId = register(async () => ++runs);
    const options = { middleware: [auth] };
    assert.equal((await call(fnId, [], { options })).status, 401);
    assert.equal(runs, 0);
    const signedIn = await call(fnId, [], { options, headers: { Cookie: "session=ok" } });
    assert.deepEqual([signedIn.status, signedIn.body.result, runs], [200, 1, 1]);
  });

  test("without global middleware, getContext() is empty", async () => {
    const fnId = register(async () => getContext());
    assert.deepEqual((await call(fnId, [])).body.result, {});
  });

  test("the node:http handler runs them too", async () => {
    const auth = createMiddleware().server(({ next }) => next({ context: { user: "ada" } }));
    const fnId = register(async (greeting) => `${greeting}, ${getContext().user}`);
    const server = http.createServer(createNodeHandler({ middleware: [auth] }));
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${server.address().port}/__fnwire/fn`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ fnId, args: ["hi"] }),
      });
      assert.deepEqual(await response.json(), { result: "hi, ada" });
    } finally {
      server.close();
    }
  });

  test("a global middleware's time counts against the call's time limit", async () => {
    const slow = createMiddleware().server(async ({ next }) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return next();
    });
    const fnId = register(async () => "late");
    const { status } = await call(fnId, [], { options: { middleware: [slow], timeout: 50 } });
    assert.equal(status, 504);
  });
});

describe("calls in the same process (rule 15.8)", () => {
  test("run the function's own middleware, in the current request context", async () => {
    const log = [];
    const auth = createMiddleware().server(({ next }) => {
      log.push(`auth ${getCookie("session")}`);
      return next({ context: { user: getCookie("session") } });
    });
    const inner = createServerFn()
      .middleware([auth])
      .handler(({ data, context }) => `${data} for ${context.user}`);
    register(inner, "inner");
    const global = createMiddleware().server(({ next }) => {
      log.push("global");
      return next({ context: { requestId: "r9" } });
    });
    const outer = async () => {
      const text = await inner("report");
      return { text, outerContext: getContext() };
    };
    const { body } = await call(register(outer), [], { options: { middleware: [global] }, headers: { Cookie: "session=ada" } });
    assert.deepEqual(body.result, { text: "report for ada", outerContext: { requestId: "r9" } });
    assert.deepEqual(log, ["global", "auth ada"], "the global middleware ran once, for the call from the client");
  });

  test("the caller's context reaches the inner function's middleware and handler", async () => {
    const seen = [];
    const inner = createServerFn().handler(({ context }) => context);
    const global = createMiddleware().server(({ next }) => next({ context: { tenant: "acme" } }));
    const outer = async () => {
      seen.push(getContext());
      return inner();
    };
    const { body } = await call(register(outer), [], { options: { middleware: [global] } });
    assert.deepEqual(body.result, { tenant: "acme" });
    assert.deepEqual(seen, [{ tenant: "acme" }]);
  });

  test("a direct call outside any request runs the middleware with an empty context", async () => {
    const auth = createMiddleware().server(({ context, next }) => next({ context: { seen: { ...context } } }));
    const fn = createServerFn()
      .middleware([auth])
      .handler(({ data, context }) => [data, context]);
    assert.deepEqual(await fn(3), [3, { seen: {} }]);
  });
});
