// The cases both Node adapter tests run (one file each: @hono/node-server
// replaces the process's global Request and Response): fnwire/server's
// handleRequest() behind a Node server that speaks Fetch, called by
// fnwire/client over loopback as an app calls it.
import assert from "node:assert/strict";
import http from "node:http";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { createServerReference, initTransport, ServerFunctionError } from "fnwire/client";
import { createServerFn, handleRequest, registerServerReference, setCookie } from "fnwire/server";
import { rejection } from "./support.mjs";

/** Runs the cases against `listener(fetchHandler)`: the adapter's (req, res) listener around a Fetch handler. */
export function adapterCases(adapterName, listener) {
  describe(`handleRequest() behind ${adapterName}`, () => {
    const ran = [];
    const register = (fn, name) => {
      const fnId = `${name}`.padEnd(16, "0");
      registerServerReference(fn, fnId, name);
      return createServerReference(fnId, name, fn.length);
    };
    const add = register((a, b) => a + b, "add");
    const read = createServerFn({ method: "GET" }).handler(({ data }) => ({ id: data.id, name: `User ${data.id}` }));
    registerServerReference(read, "read".padEnd(16, "0"), "read");
    const readStub = createServerReference("read".padEnd(16, "0"), "read", 1, { method: "GET" });
    const signIn = register(() => {
      setCookie("session", "s1");
      setCookie("theme", "dark");
      return "signed in";
    }, "signIn");
    const upload = register(async (form) => {
      const file = form.get("file");
      return { title: form.get("title"), file: file.name, text: await file.text(), createdAt: new Date(0) };
    }, "upload");
    const record = register((size) => {
      ran.push(size);
      return size;
    }, "record");

    let server;
    let origin;
    before(async () => {
      server = http.createServer(listener((request) => handleRequest(request, { bodySizeLimit: 4096 })));
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      origin = `http://127.0.0.1:${server.address().port}`;
    });
    after(() => {
      server.closeAllConnections();
      server.close();
    });
    beforeEach(() => initTransport({ baseUrl: origin }));
    afterEach(() => initTransport());

    test("a POST call and a GET call answer their results", async () => {
      assert.equal(await add(1, 2), 3);
      assert.deepEqual(await readStub({ id: "7" }), { id: "7", name: "User 7" });
    });

    test("each Set-Cookie of a call reaches the client", async () => {
      const response = await fetch(`${origin}/__fnwire/fn`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ fnId: "signIn".padEnd(16, "0"), args: [] }),
      });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { result: "signed in" });
      assert.deepEqual(response.headers.getSetCookie(), ["session=s1; Path=/", "theme=dark; Path=/"]);
    });

    test("a form with a file goes to /form, and a Date comes back a Date", async () => {
      const form = new FormData();
      form.append("title", "Report");
      form.append("file", new File(["quarterly"], "q3.txt", { type: "text/plain" }));
      assert.deepEqual(await upload(form), { title: "Report", file: "q3.txt", text: "quarterly", createdAt: new Date(0) });
    });

    test("a body past bodySizeLimit answers 413 and the function does not run", async () => {
      ran.length = 0;
      const error = await rejection(record("x".repeat(5000)));
      assert.ok(error instanceof ServerFunctionError);
      assert.equal(error.status, 413);
      assert.deepEqual(ran, []);
      assert.equal(await record(7), 7);
      assert.deepEqual(ran, [7]);
    });
  });
}
