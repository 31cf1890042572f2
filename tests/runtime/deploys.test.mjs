// Deploys (section 16) in the runtime: the handlers' build id (the manifest
// or buildId option), 409 for a page of another build calling a function
// this build lacks, 404 otherwise; stubs naming their build, and
// onStaleBuild with its default reload guard.
import assert from "node:assert/strict";
import http from "node:http";
import { afterEach, beforeEach, describe, mock, test } from "node:test";
import { createServerReference, initTransport, ServerFunctionError } from "fnwire/client";
import { createNodeHandler, handleRequest, registerServerReference } from "fnwire/server";
import { rejection } from "./support.mjs";

const ENDPOINT = "http://localhost/__fnwire/fn";
const FORM_ENDPOINT = "http://localhost/__fnwire/form";
const OLD_BUILD = "1111111111111111";
const NEW_BUILD = "2222222222222222";
const manifest = { version: 1, buildId: NEW_BUILD, functions: { deploy00000000001: { module: "src/a.server.ts", export: "a", arity: 0 } } };

registerServerReference(async () => "here", "deploy00000000001", "a");

function call(fnId, headers = {}) {
  return new Request(ENDPOINT, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ fnId, args: [] }),
  });
}

async function answer(request, options) {
  const response = await handleRequest(request, options);
  return { status: response.status, body: await response.json() };
}

describe("the server's build id", () => {
  const gone = "deploy0000000gone";

  test("an unknown fnId from a page of another build answers 409 with the server's build id", async () => {
    const { status, body } = await answer(call(gone, { "X-Fnwire-Build": OLD_BUILD }), { manifest });
    assert.equal(status, 409);
    assert.deepEqual(body.data, { reason: "stale-build", buildId: NEW_BUILD });
    assert.equal(body.fnId, gone);
    assert.equal(body.status, 409);
    assert.match(
      body.error,
      /not in this build: the page was loaded from build 1111111111111111, and the server runs build 2222222222222222/,
    );
  });

  test("the buildId option does the same as the manifest", async () => {
    assert.equal((await answer(call(gone, { "X-Fnwire-Build": OLD_BUILD }), { buildId: NEW_BUILD })).status, 409);
  });

  test("404 when the build is the same, the request names none, or the server knows none", async () => {
    for (const [headers, options] of [
      [{ "X-Fnwire-Build": NEW_BUILD }, { manifest }],
      [{}, { manifest }],
      // An empty header names no build.
      [{ "X-Fnwire-Build": "" }, { manifest }],
      [{ "X-Fnwire-Build": OLD_BUILD }, {}],
      [{ "X-Fnwire-Build": OLD_BUILD }, { manifest: { version: 1, functions: {} } }],
    ]) {
      const { status, body } = await answer(call(gone, headers), options);
      assert.deepEqual([status, body], [404, { error: `Unknown server function ${gone}.`, fnId: gone, status: 404 }]);
    }
  });

  test("a known function answers whatever build the page names", async () => {
    const { status, body } = await answer(call("deploy00000000001", { "X-Fnwire-Build": OLD_BUILD }), { manifest });
    assert.deepEqual([status, body], [200, { result: "here" }]);
  });

  test("the form endpoint answers a stale stub's call 409 too", async () => {
    const form = new FormData();
    form.append("$fnwire:action", gone);
    const request = new Request(FORM_ENDPOINT, { method: "POST", body: form, headers: { "X-Fnwire-Build": OLD_BUILD } });
    const { status, body } = await answer(request, { manifest });
    assert.deepEqual([status, body.data], [409, { reason: "stale-build", buildId: NEW_BUILD }]);
  });

  test("createNodeHandler answers 409 the same way", async () => {
    const server = http.createServer(createNodeHandler({ manifest }));
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${server.address().port}/__fnwire/fn`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Fnwire-Build": OLD_BUILD },
        body: JSON.stringify({ fnId: gone, args: [] }),
      });
      assert.equal(response.status, 409);
      assert.deepEqual((await response.json()).data, { reason: "stale-build", buildId: NEW_BUILD });
    } finally {
      server.close();
    }
  });

  test("wrong options are TypeErrors naming them", () => {
    for (const [options, message] of [
      [{ buildId: "" }, /buildId must be the build's id, a non-empty string/],
      [{ buildId: 7 }, /buildId must be the build's id/],
      [{ manifest: "manifest.json" }, /manifest must be the build's manifest object/],
      [{ manifest: { version: 1 } }, /manifest must be the build's manifest object/],
      [{ manifest: { version: 1, buildId: 3, functions: {} } }, /manifest\.buildId must be a non-empty string/],
      [{ manifest, buildId: OLD_BUILD }, /buildId "1111111111111111" differs from the manifest's "2222222222222222"/],
    ]) {
      assert.throws(() => createNodeHandler(options), { name: "TypeError", message });
      assert.throws(() => handleRequest(call("x"), options), { name: "TypeError", message });
    }
  });
});

describe("stubs and stale builds", () => {
  let requests;
  let status;
  beforeEach(() => {
    requests = [];
    status = 409;
    mock.method(globalThis, "fetch", async (url, init) => {
      requests.push({ url, init });
      const body =
        status === 409
          ? { error: "not in this build", fnId: "gone", status: 409, data: { reason: "stale-build", buildId: NEW_BUILD } }
          : { result: "fine" };
      return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
    });
  });
  afterEach(() => {
    mock.restoreAll();
    delete globalThis.window;
    initTransport();
  });

  /** A browser's window as far as the reload guard reads it. */
  function fakeWindow() {
    const storage = new Map();
    const window = {
      reloads: 0,
      location: { reload: () => (window.reloads += 1) },
      sessionStorage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => storage.set(key, String(value)) },
    };
    globalThis.window = window;
    return window;
  }

  test("a stub of a build sends X-Fnwire-Build; one without sends none", async () => {
    status = 200;
    await createServerReference("fresh", "fresh", 0, { buildId: OLD_BUILD })();
    await createServerReference("plain", "plain", 0)();
    await createServerReference("read", "read", 1, { method: "GET", buildId: OLD_BUILD })({ id: 1 });
    assert.equal(requests[0].init.headers["X-Fnwire-Build"], OLD_BUILD);
    assert.equal(requests[1].init.headers["X-Fnwire-Build"], undefined);
    assert.equal(requests[2].init.method, "GET");
    assert.equal(requests[2].init.headers["X-Fnwire-Build"], OLD_BUILD);
    // Bound copies keep it.
    await createServerReference("bound", "bound", 2, { buildId: OLD_BUILD }).bind(null, 1)(2);
    assert.equal(requests[3].init.headers["X-Fnwire-Build"], OLD_BUILD);
  });

  test("a 409 calls onStaleBuild with the function and the server's build, then rejects with the error", async () => {
    const told = [];
    initTransport({ onStaleBuild: (stale) => told.push(stale) });
    const error = await rejection(createServerReference("gone", "gone", 0, { buildId: OLD_BUILD })());
    assert.ok(error instanceof ServerFunctionError);
    assert.deepEqual([error.status, error.data], [409, { reason: "stale-build", buildId: NEW_BUILD }]);
    assert.deepEqual(told, [{ fnId: "gone", serverBuildId: NEW_BUILD }]);
  });

  test("by default the page reloads once per server build: a server that keeps answering 409 causes one reload, not a loop", async () => {
    const window = fakeWindow();
    const stale = createServerReference("gone", "gone", 0, { buildId: OLD_BUILD });
    for (let i = 0; i < 5; i += 1) assert.equal((await rejection(stale())).status, 409);
    assert.equal(window.reloads, 1);
  });

  test("the default reloads nothing without sessionStorage, where it could not guard against a loop", async () => {
    const window = fakeWindow();
    window.sessionStorage = {
      getItem() {
        throw new Error("denied");
      },
    };
    await rejection(createServerReference("gone", "gone", 0, { buildId: OLD_BUILD })());
    assert.equal(window.reloads, 0);
  });

  test("an onStaleBuild that throws still rejects with the 409, its error as the cause", async () => {
    const thrown = new Error("no reload here");
    initTransport({
      onStaleBuild: () => {
        throw thrown;
      },
    });
    const error = await rejection(createServerReference("gone", "gone", 0, { buildId: OLD_BUILD })());
    assert.deepEqual([error.status, error.cause], [409, thrown]);
  });

  test("a 409 that is not a stale build calls no onStaleBuild", async () => {
    const told = [];
    initTransport({ onStaleBuild: (stale) => told.push(stale) });
    mock.method(globalThis, "fetch", async () =>
      Response.json({ error: "conflict", fnId: "x", status: 409, data: { reason: "taken" } }, { status: 409 }),
    );
    assert.equal((await rejection(createServerReference("x", "x", 0, { buildId: OLD_BUILD })())).status, 409);
    assert.deepEqual(told, []);
  });

  test("wrong options are TypeErrors", () => {
    assert.throws(() => initTransport({ onStaleBuild: true }), /onStaleBuild must be a function/);
    assert.throws(() => createServerReference("x", "x", 0, { buildId: "" }), /buildId must be the build's id/);
  });
});
