// Traces (section 16) with the OpenTelemetry SDK's in-memory exporter: a
// span per call with its name, kind and attributes, the error of a failing
// call, calls in the same process as child spans, and nothing of the
// arguments, results, headers or cookies anywhere in a span. And without
// @opentelemetry/api, nothing of it is loaded.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, mock, test } from "node:test";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { getFnQueryOptions } from "fnwire/client";
import {
  createMiddleware,
  createServerFn,
  getContext,
  getCookie,
  handleRequest,
  registerServerReference,
  request,
  ServerError,
} from "fnwire/server";

const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const SECRET = "s3cret";
const ids = { greet: "trace00000000001", fail: "trace00000000002", forbid: "trace00000000003", outer: "trace00000000004" };
const inner = createServerFn().handler(({ data }) => `inner ${data}`);
registerServerReference(async (name) => `hello ${name} ${SECRET}-result`, ids.greet, "greet");
registerServerReference(
  async () => {
    throw new Error("boom");
  },
  ids.fail,
  "fail",
);
registerServerReference(
  async () => {
    throw new ServerError("Not yours", { status: 403 });
  },
  ids.forbid,
  "forbid",
);
registerServerReference(inner, "trace00000000005", "inner");
registerServerReference(async () => getFnQueryOptions(inner, "x").queryFn({}), ids.outer, "outer");
// What a traced call sees of its own context after awaits.
const traced = createMiddleware().server(({ next }) => next({ context: { traced: true } }));
const seeContext = createServerFn()
  .middleware([traced])
  .handler(async ({ data }) => {
    await sleep(data.wait);
    const seen = { data: data.n, cookie: getCookie("session"), context: getContext(), url: new URL(request().url).pathname };
    await sleep(data.wait);
    return { ...seen, span: trace.getActiveSpan()?.spanContext().spanId ?? null };
  });
registerServerReference(seeContext, "trace00000000006", "seeContext");
const manifest = {
  version: 1,
  buildId: "abcdefabcdefabcd",
  functions: { [ids.greet]: { module: "src/api/greet.server.ts", export: "greet", arity: 1 } },
};

function call(fnId, args, options, headers = {}) {
  const request = new Request("http://localhost/__fnwire/fn", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Cookie: `session=${SECRET}-cookie`,
      Authorization: `Bearer ${SECRET}-header`,
      ...headers,
    },
    body: JSON.stringify({ fnId, args }),
  });
  return handleRequest(request, options);
}

// Failures fnwire answers itself, and streams, whose spans end with the stream.
registerServerReference(
  createServerFn()
    .validator((input) => {
      throw new Error(`expected a number, received ${JSON.stringify(input)}`);
    })
    .handler(() => "never"),
  "trace00000000007",
  "strict",
);
registerServerReference(async () => new Map([["key", `${SECRET}-result`]]), "trace00000000008", "mapped");
registerServerReference(
  async function* (failAt) {
    for (let i = 0; ; i += 1) {
      if (i === failAt) throw failAt === 0 ? new ServerError("Not yours", { status: 403 }) : new Error("broke mid-stream");
      if (i === 2) return;
      yield i;
    }
  },
  "trace00000000009",
  "words",
);
const STREAM_ACCEPT = { Accept: "application/json, application/vnd.fnwire+json" };
const statusOf = (span) => [span.attributes["http.response.status_code"], span.status.code];

let errorLog;
beforeEach(() => {
  exporter.reset();
  errorLog = mock.method(console, "error", () => {});
});
afterEach(() => errorLog.mock.restore());

describe("a span per call", () => {
  test("named fnwire <fnName>, kind SERVER, with the function's id, name, module and the answer's status", async () => {
    assert.equal((await call(ids.greet, [`${SECRET}-arg`], { manifest })).status, 200);
    const [span] = exporter.getFinishedSpans();
    assert.equal(span.name, "fnwire greet");
    assert.equal(span.kind, SpanKind.SERVER);
    assert.deepEqual(span.attributes, {
      "fnwire.fn_id": ids.greet,
      "fnwire.fn_name": "greet",
      "code.filepath": "src/api/greet.server.ts",
      "http.response.status_code": 200,
    });
    assert.equal(span.status.code, SpanStatusCode.UNSET);
  });

  test("without the manifest, no code.filepath", async () => {
    await call(ids.greet, ["ada"]);
    assert.equal(exporter.getFinishedSpans()[0].attributes["code.filepath"], undefined);
  });

  test("a failing call records its error and the 500", async () => {
    assert.equal((await call(ids.fail, [])).status, 500);
    const [span] = exporter.getFinishedSpans();
    assert.equal(span.attributes["http.response.status_code"], 500);
    assert.deepEqual(span.status, { code: SpanStatusCode.ERROR, message: "boom" });
    assert.equal(span.events[0].name, "exception");
    assert.equal(span.events[0].attributes["exception.message"], "boom");
  });

  test("a ServerError records its status", async () => {
    assert.equal((await call(ids.forbid, [])).status, 403);
    const [span] = exporter.getFinishedSpans();
    assert.equal(span.attributes["http.response.status_code"], 403);
    assert.equal(span.status.code, SpanStatusCode.ERROR);
  });

  test("nothing of the arguments, result, headers or cookies in any span", async () => {
    await call(ids.greet, [`${SECRET}-arg`], { manifest });
    await call(ids.fail, [`${SECRET}-arg`]);
    const spans = exporter.getFinishedSpans();
    assert.equal(spans.length, 2);
    const recorded = JSON.stringify(
      spans.map(({ name, attributes, events, status, links }) => ({ name, attributes, events, status, links })),
    );
    assert.ok(!recorded.includes(SECRET), recorded);
  });

  test("a refused input records the refusal, never the input its message quotes", async () => {
    const response = await call("trace00000000007", [`${SECRET}-arg`]);
    assert.equal(response.status, 400);
    const [span] = exporter.getFinishedSpans();
    assert.deepEqual(statusOf(span), [400, SpanStatusCode.ERROR]);
    assert.equal(span.status.message, "Invalid input");
    assert.equal(span.events[0].attributes["exception.message"], "Invalid input");
    assert.ok(!JSON.stringify([span.attributes, span.events, span.status]).includes(SECRET));
  });

  test("a result the client cannot receive (a Map for a JSON-only client) records the 500's error, not the result", async () => {
    assert.equal((await call("trace00000000008", [])).status, 500);
    const [span] = exporter.getFinishedSpans();
    assert.deepEqual(statusOf(span), [500, SpanStatusCode.ERROR]);
    assert.match(
      span.events[0].attributes["exception.message"],
      /Server function "mapped" \(trace00000000008\) returned a value that cannot be sent/,
    );
    assert.ok(!JSON.stringify([span.attributes, span.events, span.status]).includes(SECRET));
  });

  test("a stream's span ends when the stream does: 200, with the error that ended it early", async () => {
    const finished = async (failAt) => {
      exporter.reset();
      const response = await call("trace00000000009", [failAt], undefined, STREAM_ACCEPT);
      if (response.status === 200) {
        assert.equal(exporter.getFinishedSpans().length, 0, "open while the stream runs");
        await response.text();
      }
      const [span] = exporter.getFinishedSpans();
      return { status: response.status, span };
    };
    const whole = await finished(-1);
    assert.deepEqual([whole.status, ...statusOf(whole.span), whole.span.events.length], [200, 200, SpanStatusCode.UNSET, 0]);
    const broken = await finished(1);
    assert.deepEqual([broken.status, ...statusOf(broken.span)], [200, 200, SpanStatusCode.ERROR]);
    assert.equal(broken.span.events[0].attributes["exception.message"], "broke mid-stream");
    const refused = await finished(0);
    assert.deepEqual([refused.status, ...statusOf(refused.span)], [403, 403, SpanStatusCode.ERROR]);
    assert.equal(refused.span.events[0].attributes["exception.message"], "Not yours");
  });

  test("a child of the span active when the handler was called", async () => {
    const tracer = trace.getTracer("test");
    await tracer.startActiveSpan("http request", async (outer) => {
      await call(ids.greet, ["ada"]);
      outer.end();
    });
    const [server, outer] = exporter.getFinishedSpans();
    assert.equal(server.name, "fnwire greet");
    assert.equal(server.parentSpanContext?.spanId, outer.spanContext().spanId);
  });

  test("a call made in the same process (fnwire/client's helpers on the server) is a child span", async () => {
    const withInner = {
      ...manifest,
      functions: { ...manifest.functions, trace00000000005: { module: "src/api/inner.server.ts", export: "inner", arity: 1 } },
    };
    const response = await call(ids.outer, [], { manifest: withInner });
    assert.deepEqual(await response.json(), { result: "inner x" });
    const [child, parent] = exporter.getFinishedSpans();
    assert.deepEqual([child.name, child.kind], ["fnwire inner", SpanKind.SERVER]);
    assert.deepEqual(child.attributes, {
      "fnwire.fn_id": "trace00000000005",
      "fnwire.fn_name": "inner",
      "code.filepath": "src/api/inner.server.ts",
      "http.response.status_code": 200,
    });
    assert.equal(parent.name, "fnwire outer");
    assert.equal(child.parentSpanContext?.spanId, parent.spanContext().spanId);
    assert.equal(child.spanContext().traceId, parent.spanContext().traceId);
  });
});

describe("the request context of a traced call", () => {
  async function seeConcurrently() {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => call("trace00000000006", [{ n, wait: (n * 7) % 5 }]).then((response) => response.json())),
    );
    return answers.map(({ result }) => result);
  }

  test("follows each call across awaits, concurrent calls apart, each in its own span", async () => {
    const results = await seeConcurrently();
    const spans = exporter.getFinishedSpans().filter(({ name }) => name === "fnwire seeContext");
    assert.equal(spans.length, 20);
    results.forEach(({ span, ...result }, n) => {
      assert.deepEqual(result, { data: n, cookie: `${SECRET}-cookie`, context: { traced: true }, url: "/__fnwire/fn" });
      assert.ok(spans.some((recorded) => recorded.spanContext().spanId === span));
    });
    assert.equal(new Set(results.map(({ span }) => span)).size, 20);
  });

  test("with the context manager disabled since, calls keep their context", async () => {
    context.disable();
    try {
      const results = await seeConcurrently();
      results.forEach(({ span, ...result }, n) =>
        assert.deepEqual(result, { data: n, cookie: `${SECRET}-cookie`, context: { traced: true }, url: "/__fnwire/fn" }),
      );
    } finally {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    }
  });
});

test("without @opentelemetry/api nothing of it is loaded, and calls answer as before", () => {
  // A child process in which the package cannot be found, as in an app that does not install it.
  const script = `
    import Module, { createRequire } from "node:module";
    const lookedFor = [];
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request.startsWith("@opentelemetry/")) {
        lookedFor.push(request);
        throw Object.assign(new Error("Cannot find module " + request), { code: "MODULE_NOT_FOUND" });
      }
      return resolve.call(this, request, ...rest);
    };
    const { handleRequest, registerServerReference } = await import("fnwire/server");
    registerServerReference(async (a, b) => a + b, "add", "add");
    const response = await handleRequest(new Request("http://localhost/__fnwire/fn", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ fnId: "add", args: [2, 3] }),
    }));
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes("opentelemetry"));
    console.log(JSON.stringify({ lookedFor, loaded, answer: await response.json() }));
  `;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: import.meta.dirname, encoding: "utf8" });
  assert.equal(child.status, 0, child.stderr);
  const report = JSON.parse(child.stdout);
  assert.deepEqual(report.lookedFor, ["@opentelemetry/api"], "fnwire looked for the package once");
  assert.deepEqual(report.loaded, []);
  assert.deepEqual(report.answer, { result: 5 });
});
