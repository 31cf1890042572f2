// Forms, files and progressive enhancement (section 13): the form endpoint
// through both handlers, stubs carrying FormData, File and Blob, forms the
// browser submits without JavaScript, redirect(), the cross-site checks on
// every endpoint and the size limits counted while reading.
import assert from "node:assert/strict";
import http from "node:http";
import { after, afterEach, before, beforeEach, describe, mock, test } from "node:test";
import * as devalue from "devalue";
import React from "react";
import { renderToString } from "react-dom/server";
import { createServerReference, initTransport, ServerFunctionError } from "fnwire/client";
import { createNodeHandler, createServerFn, handleRequest, redirect, registerServerReference, ServerError } from "fnwire/server";
import { rejection } from "./support.mjs";

const FORM = "/__fnwire/form";
const h = React.createElement;

// Every function counts its calls: a refused body must never reach one.
const calls = new Map();
let nextId = 0;
function register(fn, name = `f${nextId}`) {
  const fnId = `form${String(nextId++).padStart(12, "0")}`;
  calls.set(fnId, 0);
  registerServerReference(
    async (...args) => {
      calls.set(fnId, calls.get(fnId) + 1);
      return fn(...args);
    },
    fnId,
    name,
  );
  return fnId;
}

/** What a server function received, described in JSON terms (FormData entries, files with their bytes as text). */
async function describe_(value) {
  if (value instanceof FormData)
    return { formData: await Promise.all([...value].map(async ([name, entry]) => [name, await describe_(entry)])) };
  if (value instanceof File) {
    return { file: value.name, type: value.type, lastModified: value.lastModified, text: await value.text() };
  }
  if (value instanceof Blob) return { blob: value.type, text: await value.text() };
  if (Array.isArray(value)) return Promise.all(value.map(describe_));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([key, entry]) => [key, await describe_(entry)])));
  }
  return value;
}

const echo = register(async (...args) => describe_(args), "echo");
const failing = register(async () => {
  throw new ServerError("Title <b>taken</b> & more", { status: 409, data: { field: "title" } });
}, "failing");
const crashing = register(async () => {
  throw new Error("SELECT * FROM secrets");
}, "crashing");
const redirecting = register(async (target) => redirect(typeof target === "string" ? target : "/records?created=1"), "redirecting");

let server;
let origin;
// The status of the server's last answer, and the bytes it had read from the socket then.
let lastAnswer;
let errorLog;

before(async () => {
  const handler = createNodeHandler({ allowedOrigins: ["https://app.example.com", "*.trusted.test"] });
  server = http.createServer((req, res) => {
    res.on("finish", () => (lastAnswer = { status: res.statusCode, bytesRead: req.socket.bytesRead }));
    handler(req, res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  initTransport({ baseUrl: origin });
  errorLog = mock.method(console, "error", () => {});
});
afterEach(() => {
  errorLog.mock.restore();
  initTransport();
});

/** A multipart body as a browser's form sends it: `fields` as [name, string | File] pairs. */
function formBody(fields) {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return data;
}

async function post(path, body, headers = {}) {
  const response = await fetch(origin + path, { method: "POST", body, headers, redirect: "manual" });
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  return { response, status: response.status, text, body: type.startsWith("application/json") ? JSON.parse(text) : undefined };
}

/** The body a stub sends for `fnId` and `args`: `$fnwire:call` and its files. */
function stubBody(fnId, args, files = []) {
  return formBody([["$fnwire:call", devalue.stringify({ fnId, args })], ...files]);
}

describe("stubs send FormData, File and Blob to the form endpoint", { timeout: 30_000 }, () => {
  test("a FormData argument arrives as FormData, its files with bytes, name and type", async () => {
    const fn = createServerReference(echo, "echo");
    const data = new FormData();
    data.append("title", "Quarterly report");
    data.append("tags", "a");
    data.append("tags", "b");
    data.append("attachment", new File(["hello file"], "notes.txt", { type: "text/plain", lastModified: 1_700_000_000_000 }));
    const [received] = await fn(data);
    assert.deepEqual(received, {
      formData: [
        ["title", "Quarterly report"],
        ["tags", "a"],
        ["tags", "b"],
        ["attachment", { file: "notes.txt", type: "text/plain", lastModified: 1_700_000_000_000, text: "hello file" }],
      ],
    });
  });

  test("File, Blob and files nested in arrays and objects keep bytes, name, type and lastModified", async () => {
    const fn = createServerReference(echo, "echo");
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    const image = new File([bytes], "pixel.png", { type: "image/png", lastModified: 42 });
    const blob = new Blob(["raw"], { type: "application/x-raw" });
    const result = await fn(image, { cover: image, gallery: [blob, new File(["é"], "é ü.txt", { type: "" })] }, "plain");
    assert.deepEqual(result, [
      { file: "pixel.png", type: "image/png", lastModified: 42, text: new TextDecoder().decode(bytes) },
      {
        cover: { file: "pixel.png", type: "image/png", lastModified: 42, text: new TextDecoder().decode(bytes) },
        gallery: [
          { blob: "application/x-raw", text: "raw" },
          { file: "é ü.txt", type: "", lastModified: result[1].gallery[1].lastModified, text: "é" },
        ],
      },
      "plain",
    ]);
  });

  test("the same File twice arrives as one File twice, sent once", async () => {
    let seen;
    const fnId = register(async (a, b) => {
      seen = [a, b];
      return a === b;
    });
    const file = new File(["x".repeat(1000)], "once.txt");
    let bodyBytes = 0;
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (url, init) => {
      bodyBytes = (await new Request(url, init).arrayBuffer()).byteLength;
      return realFetch(url, init);
    };
    try {
      assert.equal(await createServerReference(fnId, "same")(file, [file]), false);
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.equal(seen[0], seen[1][0]);
    assert.ok(bodyBytes < 2000, `the file's bytes went once (${bodyBytes} bytes)`);
  });

  test("the answer is /fn's: ServerError with status and data, a crash as the generic 500", async () => {
    const conflict = await rejection(createServerReference(failing, "failing")(new FormData()));
    assert.ok(conflict instanceof ServerFunctionError);
    assert.deepEqual([conflict.status, conflict.message, conflict.data], [409, "Title <b>taken</b> & more", { field: "title" }]);
    const crash = await rejection(createServerReference(crashing, "crashing")(new Blob(["x"])));
    assert.deepEqual([crash.status, crash.message], [500, "Internal server error."]);
    const { status, body } = await post(
      FORM,
      stubBody(
        crashing,
        [new FormData()].map(() => "x"),
      ),
    );
    assert.deepEqual([status, body], [500, { error: "Internal server error.", fnId: crashing, status: 500 }]);
  });

  test("$fnwire: fields React's server-rendered forms leave in a FormData are not the function's", async () => {
    const data = formBody([
      ["$fnwire:action", echo],
      ["$fnwire:clicked:x", ""],
      ["title", "kept"],
    ]);
    const [received] = await createServerReference(echo, "echo")(data);
    assert.deepEqual(received, { formData: [["title", "kept"]] });
  });

  test("redirect() in a stub's call: onRedirect(url) runs, then the call rejects with status 303 and redirect", async () => {
    const seen = [];
    initTransport({ baseUrl: origin, onRedirect: (url) => seen.push(url) });
    const viaForm = await rejection(createServerReference(redirecting, "redirecting")(new FormData()));
    const viaJson = await rejection(createServerReference(redirecting, "redirecting")("/next"));
    for (const error of [viaForm, viaJson]) {
      assert.ok(error instanceof ServerFunctionError);
      assert.equal(error.status, 303);
    }
    assert.deepEqual([viaForm.redirect, viaJson.redirect], ["/records?created=1", "/next"]);
    assert.deepEqual(seen, ["/records?created=1", "/next"]);
    // On the wire: 200 { redirect } as JSON.
    const { status, body } = await post(FORM, stubBody(redirecting, []));
    assert.deepEqual([status, body], [200, { redirect: "/records?created=1" }]);
  });

  test("redirect() refuses other schemes, protocol-relative URLs and bad statuses", () => {
    for (const url of [
      "javascript:alert(1)",
      "//evil.example/x",
      "/\\evil.example",
      "data:text/html,x",
      "",
      "/a b",
      "/a\r\nSet-Cookie: x=1",
      5,
    ]) {
      assert.throws(() => redirect(url), { name: "TypeError", message: /^\[fnwire\] redirect\(\): url must be/ }, String(url));
    }
    assert.throws(() => redirect("/x", 200), { name: "TypeError", message: /^\[fnwire\] redirect\(\): status must be one of/ });
    for (const url of ["/records", "records/1", "?page=2", "https://example.com/done", "http://localhost:3000/x"]) {
      assert.throws(() => redirect(url), { name: "Redirect" }, url);
    }
  });
});

describe("forms the browser submits without JavaScript", { timeout: 30_000 }, () => {
  const browserHeaders = () => ({ Accept: "text/html,application/xhtml+xml", Referer: `${origin}/records?x=1`, Origin: origin });

  test("success: the function gets the submitted FormData less fnwire's fields, then 303 back to the Referer", async () => {
    let received;
    const fnId = register(async (data) => (received = await describe_(data)));
    const { status, response, text } = await post(
      FORM,
      formBody([
        ["$fnwire:clicked:" + fnId, ""],
        ["$fnwire:action", fnId],
        ["title", "From a form"],
        ["attachment", new File(["pdf bytes"], "scan.pdf", { type: "application/pdf" })],
      ]),
      browserHeaders(),
    );
    assert.equal(status, 303);
    assert.equal(response.headers.get("location"), `${origin}/records?x=1`);
    assert.equal(text, "");
    assert.deepEqual(received.formData.slice(0, 1), [["title", "From a form"]]);
    assert.deepEqual(received.formData[1][0], "attachment");
    assert.deepEqual(
      [received.formData[1][1].file, received.formData[1][1].type, received.formData[1][1].text],
      ["scan.pdf", "application/pdf", "pdf bytes"],
    );
  });

  test("urlencoded forms work too; a foreign or missing Referer sends the browser to /", async () => {
    let received;
    const fnId = register(async (data) => (received = [...data]));
    const body = new URLSearchParams([
      ["$fnwire:action", fnId],
      ["title", "x & y"],
    ]);
    const foreignReferer = await post(FORM, body, { Referer: "https://elsewhere.example/page" });
    assert.deepEqual([foreignReferer.status, foreignReferer.response.headers.get("location")], [303, "/"]);
    const noReferer = await post(
      FORM,
      new URLSearchParams([
        ["$fnwire:action", fnId],
        ["title", "x & y"],
      ]),
    );
    assert.deepEqual([noReferer.status, noReferer.response.headers.get("location")], [303, "/"]);
    assert.deepEqual(received, [["title", "x & y"]]);
  });

  test("bound values ($fnwire:bound) come first, then the FormData", async () => {
    let received;
    const fnId = register(async (...args) => (received = await describe_(args)));
    const bound = devalue.stringify(["record-7", { when: new Date(0) }]);
    const { status } = await post(
      FORM,
      formBody([
        ["$fnwire:action", fnId],
        ["$fnwire:bound", bound],
        ["title", "t"],
      ]),
      browserHeaders(),
    );
    assert.equal(status, 303);
    assert.deepEqual(received.slice(0, 1), ["record-7"]);
    assert.deepEqual(received[2], { formData: [["title", "t"]] });
  });

  test("several actions in one form: the clicked one ($fnwire:clicked:<fnId>) runs", async () => {
    const ran = [];
    const save = register(async () => ran.push("save"));
    const remove = register(async () => ran.push("remove"));
    const fields = [
      ["$fnwire:clicked:" + save, ""],
      ["$fnwire:action", save],
      ["$fnwire:action", remove],
      ["$fnwire:bound", devalue.stringify(["7"])],
      ["$fnwire:clicked:" + remove, ""],
    ];
    assert.equal((await post(FORM, formBody(fields), browserHeaders())).status, 303);
    assert.deepEqual(ran, ["remove"]);
    const unclear = await post(FORM, formBody(fields.filter(([name]) => !name.startsWith("$fnwire:clicked:"))), browserHeaders());
    assert.equal(unclear.status, 400);
    assert.deepEqual(ran, ["remove"]);
  });

  test("redirect(url) answers 303 (or its status) to url", async () => {
    const fnId = register(async () => redirect("/records/7", 302));
    const { status, response } = await post(FORM, formBody([["$fnwire:action", fnId]]), browserHeaders());
    assert.deepEqual([status, response.headers.get("location")], [302, "/records/7"]);
    const other = await post(FORM, formBody([["$fnwire:action", redirecting]]), browserHeaders());
    assert.deepEqual([other.status, other.response.headers.get("location")], [303, "/records?created=1"]);
  });

  test("a ServerError answers its status with an HTML page showing its message, escaped, and a link back", async () => {
    const { status, response, text } = await post(FORM, formBody([["$fnwire:action", failing]]), browserHeaders());
    assert.equal(status, 409);
    assert.match(response.headers.get("content-type"), /^text\/html/);
    assert.ok(text.includes("Title &#60;b&#62;taken&#60;/b&#62; &#38; more"), text);
    assert.ok(!text.includes("<b>taken"), "the message is escaped");
    assert.ok(text.includes(`<a href="${origin}/records?x=1">`), text);
    assert.ok(!/<script/i.test(text), "no script: the browser needs none");
  });

  test("anything else answers 500 with the generic message as HTML; the log names the function, never the secret", async () => {
    const { status, text } = await post(FORM, formBody([["$fnwire:action", crashing]]), browserHeaders());
    assert.equal(status, 500);
    assert.match(text, /Internal server error\./);
    assert.ok(!text.includes("SELECT"));
    const logged = errorLog.mock.calls.map((call) => call.arguments.join(" ")).join("\n");
    assert.match(logged, /Server function "crashing" \(form\d+\) failed/);
  });
});

describe("malformed form bodies: a 4xx and no call", { timeout: 30_000 }, () => {
  const before = () => [...calls.values()].reduce((a, b) => a + b, 0);

  test("each refused before any function runs", async () => {
    const start = before();
    const file = ["$fnwire:0", new File(["x"], "x.txt")];
    const cases = [
      ["no $fnwire:call nor $fnwire:action", formBody([["title", "x"]]), 400],
      ["$fnwire:call is not JSON", formBody([["$fnwire:call", "{nope"]]), 400],
      ["$fnwire:call without fnId", formBody([["$fnwire:call", devalue.stringify({ args: [] })]]), 400],
      ["$fnwire:call with a padded fnId", formBody([["$fnwire:call", devalue.stringify({ fnId: ` ${echo}`, args: [] })]]), 400],
      ["args not an array", formBody([["$fnwire:call", devalue.stringify({ fnId: echo, args: "x" })]]), 400],
      ["a reference to a missing part", formBody([["$fnwire:call", fileReferences(echo, [0])]]), 400],
      [
        "a reference to a part that is no file",
        formBody([
          ["$fnwire:call", fileReferences(echo, [0])],
          ["$fnwire:0", "text"],
        ]),
        400,
      ],
      ["a part referenced twice", formBody([["$fnwire:call", fileReferences(echo, [0, 0])], file]), 400],
      [
        "$fnwire:call twice",
        formBody([
          ["$fnwire:call", devalue.stringify({ fnId: echo, args: [] })],
          ["$fnwire:call", devalue.stringify({ fnId: echo, args: [] })],
        ]),
        400,
      ],
      ["an unknown fnId", stubBody("nothing000000000", []), 404],
      ["an unknown action", formBody([["$fnwire:action", "nothing000000000"]]), 404],
      ["a prototype name as action", formBody([["$fnwire:action", "__proto__"]]), 404],
      [
        "$fnwire:bound before any action",
        formBody([
          ["$fnwire:bound", "[[]]"],
          ["$fnwire:action", echo],
        ]),
        400,
      ],
      [
        "$fnwire:bound that is not an array",
        formBody([
          ["$fnwire:action", echo],
          ["$fnwire:bound", devalue.stringify({ a: 1 })],
        ]),
        400,
      ],
      ...[
        ["not JSON", "{nope"],
        ["not an encoding", "[]"],
        ["with __proto__", '[[1],{"__proto__":2},3]'],
        ["of an unknown type", '[["Nope",1]]'],
        ["nested past the depth bound", deepCall(echo, 5000)],
      ].map(([what, bound]) => [
        `$fnwire:bound ${what}`,
        formBody([
          ["$fnwire:action", echo],
          ["$fnwire:bound", bound],
        ]),
        400,
      ]),
      ["$fnwire:call nested past the depth bound", formBody([["$fnwire:call", deepCall(echo, 5000)]]), 400],
      ["a boxed primitive in $fnwire:call", formBody([["$fnwire:call", `[{"fnId":1,"args":2},"${echo}",[3],["Object",4],5]`]]), 400],
      [
        "__proto__ in $fnwire:call",
        formBody([["$fnwire:call", `[{"fnId":1,"args":2},"${echo}",[3],{"__proto__":4},{"polluted":5},true]`]]),
        400,
      ],
    ];
    for (const [name, body, expected] of cases) {
      const { status, body: envelope } = await post(FORM, body);
      assert.equal(status, expected, name);
      assert.equal(envelope?.status, expected, name);
    }
    assert.equal(before(), start, "no function ran");
    assert.equal({}.polluted, undefined);
  });

  test("once the body has named its function, a refusal's envelope carries its fnId (section 7), a browser's navigation too", async () => {
    const start = before();
    const truncated = `--abc\r\nContent-Disposition: form-data; name="$fnwire:action"\r\n\r\n${echo}\r\n--abc\r\nContent-Disposition: form-data; name="a"\r\n\r\nb`;
    const cases = [
      [
        "$fnwire:call twice",
        formBody([
          ["$fnwire:call", devalue.stringify({ fnId: echo, args: [] })],
          ["$fnwire:call", devalue.stringify({ fnId: echo, args: [] })],
        ]),
        {},
        400,
      ],
      [
        "$fnwire:bound twice",
        formBody([
          ["$fnwire:action", echo],
          ["$fnwire:bound", "[[]]"],
          ["$fnwire:bound", "[[]]"],
        ]),
        { Accept: "text/html,application/xhtml+xml", Origin: origin },
        400,
      ],
      ["a truncated body after the action", truncated, { "Content-Type": "multipart/form-data; boundary=abc" }, 400],
    ];
    for (const [name, body, headers, expected] of cases) {
      const { status, body: envelope } = await post(FORM, body, headers);
      assert.deepEqual([status, envelope?.status, envelope?.fnId], [expected, expected, echo], name);
    }
    assert.equal(before(), start, "no function ran");
  });

  test("a browser's form of 1,001 fields within formSizeLimit is served: the bytes bound a form, not a count of parts", async () => {
    let received;
    const counting = register(async (data) => (received = [...data].length), "counting");
    const fields = Array.from({ length: 1001 }, (_, index) => [`f${index}`, "v"]);
    const { status } = await post(FORM, formBody([["$fnwire:action", counting], ...fields]));
    assert.equal(status, 303);
    assert.equal(received, 1001);
  });

  test("a broken multipart body: no boundary, a wrong boundary, a truncated body, an unterminated header", async () => {
    const start = before();
    const head = (contentType) => ({ "Content-Type": contentType });
    const cases = [
      ["multipart/form-data", "--x\r\n"],
      ["multipart/form-data; boundary=abc", '--other\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--other--\r\n'],
      ["multipart/form-data; boundary=abc", `--abc\r\nContent-Disposition: form-data; name="$fnwire:action"\r\n\r\n${echo}`],
      ["multipart/form-data; boundary=abc", '--abc\r\nContent-Disposition: form-data; name="a"' + "x".repeat(10_000)],
      ["multipart/form-data; boundary=abc", "--abc\r\nContent-Type: text/plain\r\n\r\nno name\r\n--abc--\r\n"],
    ];
    for (const [contentType, body] of cases) {
      const { status } = await post(FORM, body, head(contentType));
      assert.ok(status === 400 || status === 413, `${contentType}: ${status}`);
    }
    assert.equal(before(), start);
  });

  test("405 with Allow: POST for other methods, 415 for other media types; /fn stays JSON only", async () => {
    const get = await fetch(origin + FORM);
    assert.deepEqual([get.status, get.headers.get("allow")], [405, "POST"]);
    for (const contentType of ["application/json", "text/plain", "multipart/mixed; boundary=x"]) {
      const { status } = await post(FORM, "{}", { "Content-Type": contentType });
      assert.equal(status, 415, contentType);
    }
    const multipartToFn = await post("/__fnwire/fn", stubBody(echo, []));
    assert.equal(multipartToFn.status, 415);
  });
});

describe("cross-site requests: 403 on every endpoint, and the function does not run", { timeout: 30_000 }, () => {
  const jsonCall = (fnId) => JSON.stringify({ fnId, args: [] });

  test("a foreign Origin, or Sec-Fetch-Site: cross-site without one", async () => {
    const fnId = register(async () => "ran");
    const read = createServerFn({ method: "GET" }).handler(async () => "read");
    const readId = "formread00000000";
    registerServerReference(read, readId, "read");
    let readCalls = 0;
    const foreign = [{ Origin: "https://evil.example" }, { Origin: "null" }, { "Sec-Fetch-Site": "cross-site" }];
    for (const headers of foreign) {
      const viaJson = await post("/__fnwire/fn", jsonCall(fnId), { "Content-Type": "application/json", ...headers });
      const viaForm = await post(FORM, formBody([["$fnwire:action", fnId]]), headers);
      const viaStub = await post(FORM, stubBody(fnId, []), headers);
      const viaGet = await fetch(`${origin}/__fnwire/fn?fnId=${readId}&args=[]`, { headers });
      for (const [name, status] of [
        ["POST /fn", viaJson.status],
        ["form action", viaForm.status],
        ["stub call", viaStub.status],
        ["GET /fn", viaGet.status],
      ]) {
        assert.equal(status, 403, `${name} ${JSON.stringify(headers)}`);
      }
      readCalls += (await viaGet.text()).includes("read") ? 1 : 0;
    }
    assert.equal(calls.get(fnId), 0);
    assert.equal(readCalls, 0);
    // A browser's form submission gets a page, not an envelope.
    const page = await post(FORM, formBody([["$fnwire:action", fnId]]), { Origin: "https://evil.example", Accept: "text/html" });
    assert.deepEqual([page.status, page.response.headers.get("content-type")], [403, "text/html; charset=utf-8"]);
  });

  test("served: the same origin, no Origin at all (a non-browser client), same-site fetch metadata", async () => {
    const fnId = register(async () => "ran");
    for (const headers of [
      { Origin: origin },
      {},
      { "Sec-Fetch-Site": "same-origin" },
      { "Sec-Fetch-Site": "same-site" },
      { "Sec-Fetch-Site": "none" },
    ]) {
      const { status } = await post("/__fnwire/fn", jsonCall(fnId), { "Content-Type": "application/json", ...headers });
      assert.equal(status, 200, JSON.stringify(headers));
    }
    assert.equal(calls.get(fnId), 5);
  });

  test("allowedOrigins admits exact origins and *.domain wildcards, which example.com.evil.net cannot fool", async () => {
    const fnId = register(async () => "ran");
    const status = async (origin_) =>
      (await post("/__fnwire/fn", jsonCall(fnId), { "Content-Type": "application/json", Origin: origin_ })).status;
    assert.equal(await status("https://app.example.com"), 200);
    assert.equal(await status("http://app.example.com"), 403, "another scheme is another origin");
    assert.equal(await status("https://app.example.com:8443"), 403, "another port is another origin");
    assert.equal(await status("https://a.trusted.test"), 200);
    assert.equal(await status("http://deep.a.trusted.test:3000"), 200);
    for (const fake of [
      "https://trusted.test.evil.net",
      "https://eviltrusted.test",
      "https://trusted.test",
      "https://a.trusted.test.evil.net",
    ]) {
      assert.equal(await status(fake), 403, fake);
    }
  });

  test("the request's own host: its Host, or X-Forwarded-Host only with trustProxy", async () => {
    const fnId = register(async () => "ran");
    const request = (options, headers) =>
      handleRequest(
        new Request(`http://internal:8080/__fnwire/fn`, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...headers },
          body: jsonCall(fnId),
        }),
        options,
      );
    const proxied = { Host: "internal:8080", "X-Forwarded-Host": "shop.example.com", Origin: "https://shop.example.com" };
    assert.equal((await request({}, proxied)).status, 403);
    assert.equal((await request({ trustProxy: true }, proxied)).status, 200);
    assert.equal((await request({}, { Origin: "http://internal:8080" })).status, 200);
  });

  test("wrong allowedOrigins and trustProxy are TypeErrors naming the option", () => {
    for (const allowedOrigins of ["https://a.example", ["https://a.example/path"], ["*.", 5], ["ftp://a.example"], [".example.com"]]) {
      assert.throws(() => createNodeHandler({ allowedOrigins }), {
        name: "TypeError",
        message: /^\[fnwire\] createNodeHandler\(\): allowedOrigins must be/,
      });
    }
    assert.throws(() => createNodeHandler({ trustProxy: "yes" }), { name: "TypeError", message: /trustProxy must be true or false/ });
  });
});

describe("size limits, counted while reading", { timeout: 60_000 }, () => {
  /**
   * Streams about `total` bytes of a multipart form to the form endpoint
   * until the server answers; resolves to what the client saw: the status,
   * or a reset (the server stops reading and closes with unread data, so
   * TCP may reset the connection before the client reads the answer).
   */
  function streamForm(total) {
    return new Promise((resolve) => {
      const req = http.request(origin + FORM, {
        method: "POST",
        agent: false,
        headers: { "Content-Type": "multipart/form-data; boundary=b", "Content-Length": String(total) },
      });
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode }));
      });
      req.on("error", (error) => resolve({ reset: error.code }));
      req.write(
        `--b\r\nContent-Disposition: form-data; name="$fnwire:action"\r\n\r\n${echo}\r\n` +
          `--b\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\n\r\n`,
      );
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let written = 0;
      const write = () => {
        while (written < total) {
          written += chunk.length;
          if (!req.write(chunk)) return req.once("drain", write);
        }
        req.end();
      };
      write();
    });
  }

  test("413 past formSizeLimit (10 MiB by default), answered before a 50 MB body has been read", async () => {
    const start = calls.get(echo);
    const seen = await streamForm(50 * 1024 * 1024);
    assert.ok(seen.status === 413 || /^(ECONNRESET|EPIPE)$/.test(seen.reset), JSON.stringify(seen));
    assert.equal(lastAnswer.status, 413);
    assert.ok(lastAnswer.bytesRead < 16 * 1024 * 1024, `the server read ${lastAnswer.bytesRead} bytes of 50 MB before answering`);
    assert.equal(calls.get(echo), start);
  });

  test("formSizeLimit and bodySizeLimit are options; createServerFn({ bodySizeLimit }) narrows one function's", async () => {
    const small = createNodeHandler({ formSizeLimit: 1000, bodySizeLimit: 100 });
    const app = http.createServer(small);
    await new Promise((resolve) => app.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${app.address().port}`;
    try {
      const form = await fetch(base + FORM, {
        method: "POST",
        body: formBody([
          ["$fnwire:action", echo],
          ["x", "y".repeat(2000)],
        ]),
      });
      assert.equal(form.status, 413);
      const json = await fetch(`${base}/__fnwire/fn`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ fnId: echo, args: ["y".repeat(200)] }),
      });
      assert.equal(json.status, 413);
    } finally {
      app.closeAllConnections();
      app.close();
    }
    const upload = createServerFn({ bodySizeLimit: 300 }).handler(async ({ data }) => (data instanceof FormData ? "form" : "json"));
    registerServerReference(upload, "formupload000000", "upload");
    const fn = createServerReference("formupload000000", "upload", 1);
    assert.equal(await fn(formBody([["x", "small"]])), "form");
    const tooBig = await rejection(fn(formBody([["x", "y".repeat(500)]])));
    assert.equal(tooBig.status, 413);
    const tooBigJson = await rejection(fn("y".repeat(500)));
    assert.equal(tooBigJson.status, 413);
    assert.equal(await fn("ok"), "json");
    for (const [options, name] of [
      [{ formSizeLimit: -1 }, "formSizeLimit"],
      [{ bodySizeLimit: 1.5 }, "bodySizeLimit"],
      [{ formSizeLimit: "10mb" }, "formSizeLimit"],
    ]) {
      assert.throws(() => createNodeHandler(options), {
        name: "TypeError",
        message: new RegExp(`${name} must be a whole number of bytes`),
      });
      assert.throws(() => handleRequest(new Request("http://x/"), options), { name: "TypeError", message: new RegExp(name) });
    }
    assert.throws(() => createServerFn({ bodySizeLimit: "1kb" }), { name: "TypeError", message: /createServerFn\(\): bodySizeLimit/ });
  });
});

describe("$$FORM_ACTION: forms rendered on the server post to fnwire before any JavaScript", { timeout: 30_000 }, () => {
  test("stubs and bound stubs: { name, action, encType, method, data } with $fnwire:action (and $fnwire:bound)", () => {
    initTransport({ baseUrl: "https://api.example.com", basePath: "/rpc" });
    const stub = createServerReference("1a2b3c4d5e6f7a8b", "createPost", 1);
    const fields = stub.$$FORM_ACTION("R1");
    assert.deepEqual(Object.keys(fields).sort(), ["action", "data", "encType", "method", "name"]);
    assert.equal(fields.action, "https://api.example.com/rpc/form");
    assert.deepEqual([fields.encType, fields.method], ["multipart/form-data", "POST"]);
    assert.deepEqual([...fields.data], [["$fnwire:action", "1a2b3c4d5e6f7a8b"]]);
    const bound = stub.bind(null, "record-7", 3).$$FORM_ACTION("R2");
    assert.deepEqual(
      [...bound.data].map(([name]) => name),
      ["$fnwire:action", "$fnwire:bound"],
    );
    assert.deepEqual(devalue.parse(bound.data.get("$fnwire:bound")), ["record-7", 3]);
  });

  test("renderToString(<form action={fn}>) with a registered function: a JavaScript-free submission reaches it", async () => {
    let received;
    async function createPost(formData) {
      received = [...formData];
    }
    registerServerReference(createPost, "formcreatepost00", "createPost");
    function Form() {
      return h("form", { action: createPost }, h("input", { name: "title", defaultValue: "Hello" }), h("button", null, "Create"));
    }
    const html = renderToString(h(Form));
    assert.match(html, /<form action="\/__fnwire\/form" enctype="multipart\/form-data" method="POST">/i);
    // What the browser would submit: the form's inputs, hidden ones included, in order.
    const fields = [...html.matchAll(/<input([^>]*)\/?>/g)].map(([, attributes]) => [
      /name="([^"]*)"/.exec(attributes)[1],
      /value="([^"]*)"/.exec(attributes)?.[1] ?? "",
    ]);
    assert.deepEqual(
      fields.map(([name]) => name),
      ["$fnwire:clicked:formcreatepost00", "$fnwire:action", "title"],
    );
    const { status } = await post(FORM, formBody(fields), { Accept: "text/html", Origin: origin, Referer: `${origin}/` });
    assert.equal(status, 303);
    assert.deepEqual(received, [["title", "Hello"]]);
  });

  test("a bound copy of a registered function renders its bound values, and they come first", async () => {
    let received;
    async function rename(id, formData) {
      received = [id, formData.get("title")];
    }
    registerServerReference(rename, "formrename000000", "Item.rename");
    const html = renderToString(h("form", { action: rename.bind(null, "record-9") }, h("input", { name: "title", defaultValue: "New" })));
    const fields = [...html.matchAll(/<input([^>]*)\/?>/g)].map(([, attributes]) => [
      /name="([^"]*)"/.exec(attributes)[1],
      (/value="([^"]*)"/.exec(attributes)?.[1] ?? "").replaceAll("&quot;", '"'),
    ]);
    assert.deepEqual(
      fields.map(([name]) => name),
      ["$fnwire:clicked:formrename000000", "$fnwire:action", "$fnwire:bound", "title"],
    );
    assert.equal((await post(FORM, formBody(fields), { Referer: `${origin}/` })).status, 303);
    assert.deepEqual(received, ["record-9", "New"]);
  });
});

/** `$fnwire:call` text whose arguments are files referencing the parts `$fnwire:<index>`, one distinct File per entry of `indexes`. */
function fileReferences(fnId, indexes) {
  const reference = (value) => value !== null && typeof value === "object" && "part" in value && [value.part, "n.txt", "text/plain", 0];
  return devalue.stringify({ fnId, args: indexes.map((part) => ({ part })) }, { File: reference });
}

/** `$fnwire:call` text nested `depth` arrays deep: [[[…]]]. */
function deepCall(fnId, depth) {
  const values = [{ fnId: 1, args: 2 }, fnId, [3]];
  for (let index = 3; index < depth; index += 1) values.push([index + 1]);
  values.push([]);
  return JSON.stringify(values);
}
