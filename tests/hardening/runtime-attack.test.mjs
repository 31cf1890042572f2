// fnwire/server's node:http adapter against hostile requests and hostile
// server functions, on 127.0.0.1: malformed bodies, wrong types, prototype
// names and pollution attempts, huge and deep `args`, values thrown that are
// not Errors, results JSON cannot carry, request targets that a router in
// front would read differently. Every answer is the envelope of section
// 7 (`{ error, fnId, status }`) with nothing of the server's internals.
// The server runs in its own process (runtime-server.mjs).
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { createNodeHandler, registerServerReference } from "fnwire/server";
import { assertEnvelope, MiB, post, postHead, rawRequest, SECRET, startServer } from "./support.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

const GENERIC = "Internal server error.";

async function stillAnswers(origin = server.origin) {
  const answer = await post(origin, { fnId: "add", args: [2, 3] });
  assert.deepEqual([answer.status, answer.body], [200, { result: 5 }]);
}

describe("hostile requests", { concurrency: false, timeout: 60_000 }, () => {
  test("malformed bodies and wrong types: 400, 404 or 415 envelopes with the fnId section 7 says", async () => {
    const longId = "f".repeat(500_000);
    const cases = [
      // [body, status, fnId, content type?]
      ["", 400, null],
      ["{", 400, null],
      ["nul", 400, null],
      ['{"fnId":"add","args":[1,2]} trailing', 400, null],
      ['{"fnId":"add","args":[1,2]}{}', 400, null],
      ["{'fnId':'add','args':[]}", 400, null],
      ['{"fnId":"add","args":[1,2,]}', 400, null],
      ["[]", 400, null],
      ['[{"fnId":"add","args":[1,2]}]', 400, null],
      ["null", 400, null],
      ["1", 400, null],
      ['"add"', 400, null],
      ["true", 400, null],
      ['{"args":[]}', 400, null],
      ['{"fnId":null,"args":[]}', 400, null],
      ['{"fnId":7,"args":[]}', 400, null],
      ['{"fnId":true,"args":[]}', 400, null],
      ['{"fnId":["add"],"args":[]}', 400, null],
      ['{"fnId":{"toString":"add"},"args":[]}', 400, null],
      // fnId is read from the body's own member only.
      ['{"__proto__":{"fnId":"add"},"args":[1,2]}', 400, null],
      ['{"fnId":"","args":[]}', 400, ""],
      ['{"fnId":" add","args":[1,2]}', 400, " add"],
      ['{"fnId":"add\\n","args":[1,2]}', 400, "add\n"],
      ['{"fnId":"\\u00a0add","args":[1,2]}', 400, "\u00a0add"],
      ['{"fnId":"add"}', 400, "add"],
      ['{"fnId":"add","args":null}', 400, "add"],
      ['{"fnId":"add","args":{}}', 400, "add"],
      ['{"fnId":"add","args":"1,2"}', 400, "add"],
      ['{"fnId":"add","args":{"length":2,"0":1,"1":2}}', 400, "add"],
      ['{"fnId":"add","args":{"__proto__":[]}}', 400, "add"],
      // Unknown ids, Object.prototype's names among them, are 404s that echo the id.
      ...[
        "__proto__",
        "constructor",
        "prototype",
        "toString",
        "valueOf",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "__defineGetter__",
        "__lookupSetter__",
        "then",
        "missing",
        "\u0000",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "\ud800",
      ].map((fnId) => [JSON.stringify({ fnId, args: [] }), 404, fnId]),
      [JSON.stringify({ fnId: longId, args: [] }), 404, longId],
      // Not JSON: the media type decides before the body is read.
      ['{"fnId":"add","args":[1,2]}', 415, null, "application/json, text/plain"],
      ['{"fnId":"add","args":[1,2]}', 415, null, "text/plain; a=application/json"],
      ['{"fnId":"add","args":[1,2]}', 415, null, "application/jsonp"],
      ['{"fnId":"add","args":[1,2]}', 415, null, "multipart/form-data; boundary=x"],
    ];
    for (const [body, status, fnId, contentType = "application/json"] of cases) {
      const answer = await post(server.origin, body, { contentType });
      assertEnvelope(answer, status, fnId, `${JSON.stringify(body).slice(0, 80)} (${contentType})`);
    }
    await stillAnswers();
  });

  test("prototype pollution attempts in the body change nothing on the server", async () => {
    const bodies = [
      '{"fnId":"protoCheck","args":[{"__proto__":{"polluted":"yes"}}],"__proto__":{"polluted":"yes"}}',
      '{"fnId":"protoCheck","args":[{"constructor":{"prototype":{"polluted":"yes"}}}],"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"__proto__":{"polluted":"yes"},"fnId":"protoCheck","args":[1]}',
    ];
    for (const body of bodies) {
      const answer = await post(server.origin, body);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.result.polluted, null, body);
      assert.equal(answer.body.result.argPrototypeIsObject, true, body);
    }
    // JSON.parse keeps "__proto__" as an own member; it does not set the prototype.
    assert.equal((await post(server.origin, bodies[0])).body.result.ownProto, true);
  });

  test("the 1 MiB limit counts bytes, not characters", async () => {
    const start = '{"fnId":"length","args":["';
    const end = '"]}';
    // "é" is two bytes in UTF-8: the body is 1,048,576 bytes, about 524,000 characters.
    const room = MiB - start.length - end.length;
    const fill = "é".repeat(Math.floor(room / 2)) + "a".repeat(room % 2);
    const exact = start + fill + end;
    assert.equal(Buffer.byteLength(exact), MiB);
    const answer = await post(server.origin, exact);
    assert.deepEqual([answer.status, answer.body], [200, { result: -1 }]);
    assertEnvelope(await post(server.origin, start + fill + "e" + end), 413, null, "one byte more");
  });

  test("huge args within 1 MiB: one argument of 200,000 and of 500,000 items, 100,000 levels deep", async () => {
    for (const count of [200_000, 500_000]) {
      const text = JSON.stringify({ fnId: "length", args: [new Array(count).fill(0)] });
      assert.ok(Buffer.byteLength(text) <= MiB);
      const answer = await post(server.origin, text);
      assert.deepEqual([answer.status, answer.body], [200, { result: count }], `${count} items`);
    }
    const deep = `{"fnId":"depth","args":[${"[".repeat(100_000)}${"]".repeat(100_000)}]}`;
    assert.deepEqual((await post(server.origin, deep)).body, { result: 100_000 });
    // Echoed back, it is deeper than JSON.stringify goes: a result JSON cannot carry.
    assertEnvelope(await post(server.origin, deep.replace('"depth"', '"echo"')), 500, "echo", "deep echo");
    await stillAnswers();
  });

  // BUG: `fn(...args)` throws a RangeError past V8's argument limit (about
  // 125,000 on Node 20), which the handler answers as a 500 and logs as the
  // function's own failure. The request is the client's doing and within
  // the size limit: it should be answered correctly, or refused with a 400.
  for (const count of [100_000, 200_000]) {
    test(`${count.toLocaleString("en")} arguments: answered correctly, or refused with a 400, not blamed on the function`, async () => {
      const answer = await post(server.origin, { fnId: "countArgs", args: new Array(count).fill(0) });
      if (answer.status === 200) {
        assert.deepEqual(answer.body, { result: count });
      } else {
        assertEnvelope(answer, 400, "countArgs", `${count} arguments`);
      }
      await stillAnswers();
    });
  }
});

describe("hostile server functions", { concurrency: false, timeout: 60_000 }, () => {
  const ordinary = [
    "throwString",
    "throwNull",
    "throwUndefined",
    "throwNumber",
    "throwSymbol",
    "throwObject",
    "throwFunction",
    "throwErrorSecret",
    "throwServerErrorLookalike",
    "throwNullPrototype",
  ];

  test("non-Error values thrown (sync and async): 500 with the generic message, nothing of the value", async () => {
    for (const name of ordinary) {
      for (const fnId of [`${name}Sync`, `${name}Async`]) {
        const answer = await post(server.origin, { fnId, args: [] });
        assertEnvelope(answer, 500, fnId, fnId);
        assert.equal(answer.body.error, GENERIC, fnId);
      }
    }
    await stillAnswers();
  });

  // BUG: the handler's `error instanceof ServerError` (a revoked proxy) and
  // its console.error (util.inspect on an object whose inspect hook throws)
  // can throw; the node:http adapter then destroys the socket: no envelope.
  test("values whose inspection throws (a revoked proxy, a throwing inspect hook): still a 500 envelope", async () => {
    for (const name of ["throwRevokedProxy", "throwInspectBomb"]) {
      for (const fnId of [`${name}Sync`, `${name}Async`]) {
        const answer = await post(server.origin, { fnId, args: [] }).catch((error) => ({
          status: 0,
          text: `no answer: ${error.cause?.code ?? error.message}`,
          headers: new Headers(),
        }));
        assertEnvelope(answer, 500, fnId, fnId);
        assert.equal(answer.body.error, GENERIC, fnId);
      }
    }
    await stillAnswers();
  });

  // BUG: a thrown promise that rejects is never handled; under Node's
  // default --unhandled-rejections=throw it ends the server process.
  test("a rejected promise thrown (throw Promise.reject(…)): 500, and the process stays up", async () => {
    const own = await startServer();
    try {
      const answer = await post(own.origin, { fnId: "throwRejectedPromise", args: [] }).catch((error) => ({
        status: 0,
        text: `no answer: ${error.cause?.code ?? error.message}`,
        headers: new Headers(),
      }));
      // Unhandled rejections are reported after the current macrotask: give it one.
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.ok(own.alive, `the server process died: ${own.stderr.slice(-600)}`);
      assertEnvelope(answer, 500, "throwRejectedPromise", "throw Promise.reject(…)");
      await stillAnswers(own.origin);
    } finally {
      await own.stop();
    }
  });

  test("results JSON cannot carry (BigInt, cycles, a throwing toJSON, 200,000 levels): 500, and the server keeps working", async () => {
    for (const fnId of ["bigint", "nestedBigint", "cycle", "toJSONThrows", "tooDeep"]) {
      const answer = await post(server.origin, { fnId, args: [] });
      assertEnvelope(answer, 500, fnId, fnId);
      assert.equal(answer.body.error, GENERIC);
    }
    await stillAnswers();
  });

  test("the server's log names each failed function and its error, and holds none of a thrown non-Error value", async () => {
    // console.error, where the handler logs failures.
    assert.match(server.stderr, /\[fnwire\] Server function "throwErrorSecretSync" \(throwErrorSecretSync\) failed: Error: password=/);
    assert.match(
      server.stderr,
      /\[fnwire\] Server function "throwObjectSync" \(throwObjectSync\) failed: it threw an object, not an Error/,
    );
    assert.match(
      server.stderr,
      /\[fnwire\] Server function "throwInspectBombAsync" \(throwInspectBombAsync\) failed: it threw an object, not an Error/,
    );
    // An Error's message is the error; what else was thrown may hold request data, and is not logged.
    const lines = server.stderr.split("\n").filter((line) => line.includes(SECRET));
    assert.ok(lines.length > 0, "the Errors' messages are logged");
    for (const line of lines) assert.match(line, /\) failed: Error: |^\s+at /, line);
  });
});

describe("request targets a router in front reads differently", { timeout: 30_000 }, () => {
  // An app mounts a guard on /__fnwire (as `app.use("/__fnwire", auth)` does
  // in Express: a prefix match on the path as sent, query aside) and
  // fnwire's handler after it. A request the guard does not see as
  // /__fnwire/… must not be served as the endpoint either.
  let app;
  let port;
  before(async () => {
    registerServerReference((a, b) => a + b, "add", "add");
    const fnwire = createNodeHandler();
    app = http.createServer((req, res) => {
      const path = req.url.split("?")[0];
      if (path === "/__fnwire" || path.startsWith("/__fnwire/")) {
        if (req.headers.authorization !== "Bearer ok") {
          res.writeHead(401, { "content-type": "text/plain" }).end("guard");
          return;
        }
      }
      fnwire(req, res, () => res.writeHead(404, { "content-type": "text/plain" }).end("app 404"));
    });
    await new Promise((resolve) => app.listen(0, "127.0.0.1", resolve));
    port = app.address().port;
  });
  after(() => {
    app.closeAllConnections();
    app.close();
  });

  const body = '{"fnId":"add","args":[1,2]}';
  const send = (target, auth = "") =>
    rawRequest(port, postHead({ path: target, length: body.length, extra: `${auth}Connection: close\r\n` }) + body, { ms: 5_000 });

  test("the guard works for the endpoint itself", async () => {
    assert.equal((await send("/__fnwire/fn")).status, 401);
    const authorized = await send("/__fnwire/fn?x=1", "Authorization: Bearer ok\r\n");
    assert.deepEqual([authorized.status, JSON.parse(authorized.body)], [200, { result: 3 }]);
  });

  // BUG: the handler matches `new URL(req.url, base).pathname`, which reads
  // "//host/…" as an authority and removes dot segments ("/x/../", "/./",
  // "/%2e%2e/"), and a backslash as a slash: such a request skips the guard
  // and is served.
  for (const target of [
    "//evil.example/__fnwire/fn",
    "/x/../__fnwire/fn",
    "/./__fnwire/fn",
    "/%2e%2e/__fnwire/fn",
    "/\\evil.example/__fnwire/fn",
  ]) {
    test(`${target}: not served as the endpoint`, async () => {
      const answer = await send(target);
      assert.notEqual(answer.status, 200, `served past the guard: ${answer.raw.slice(0, 300)}`);
      // Passed on to the app (next()), as any other path is.
      assert.equal(answer.status, 404);
      assert.match(answer.raw, /app 404/);
    });
  }
});
