// The form endpoint (section 13) under the load and attack the JSON endpoint
// meets in runtime-load.test.mjs: concurrent uploads, bodies streamed past
// the limit (one of 1 GB), slow and dropped bodies, hostile multipart. The
// server runs in its own process (runtime-server.mjs), so its memory is its
// own and a crash fails the test.
import assert from "node:assert/strict";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import { createServerReference, initTransport } from "fnwire/client";
import { formHead, MB, MiB, partHead, post, rawRequest, startServer, withTimeout } from "./support.mjs";

const FORM_LIMIT = 10 * MiB;
let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

async function stillAnswers() {
  const answer = await withTimeout(post(server.origin, { fnId: "add", args: [2, 3] }), 5_000, "an ordinary call");
  assert.deepEqual([answer.status, answer.body], [200, { result: 5 }]);
}

/** Polls `ask("stats")` until `done(stats)`; fails after `ms`. */
async function statsUntil(done, ms, what) {
  const deadline = Date.now() + ms;
  let stats;
  while (Date.now() < deadline) {
    stats = await server.ask("stats");
    if (done(stats)) return stats;
    await sleep(50);
  }
  assert.fail(`${what}: ${JSON.stringify(stats)}`);
}

/** A form body a browser submits without JavaScript: the upload action, a title and a file of `size` bytes. */
function uploadForm(title, size) {
  const body = new FormData();
  body.append("$fnwire:action", "upload");
  body.append("title", title);
  body.append("file", new File([Buffer.alloc(size, 0x61)], `${title}.bin`));
  return body;
}

/**
 * Streams a multipart form of `bytes` file bytes over a raw socket as fast as
 * the server takes it; resolves with the response, the bytes the client got
 * out and the socket error, if any, once the connection closes.
 */
function streamForm(bytes, { chunked }) {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, "127.0.0.1");
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const frame = (data) => (chunked ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]) : data);
    const start = Buffer.from(`${partHead("$fnwire:action")}upload\r\n${partHead("file", "big.bin")}`);
    let sent = 0;
    let response = "";
    let error = null;
    let stopped = false;
    const finish = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ response, sent, error });
    };
    const timer = setTimeout(finish, 120_000);
    const pump = () => {
      while (!stopped && sent < bytes) {
        sent += chunk.length;
        if (!socket.write(frame(chunk))) return socket.once("drain", pump);
      }
    };
    socket.on("connect", () => {
      socket.write(formHead(chunked ? { chunked: true } : { length: start.length + bytes + 8 }));
      socket.write(frame(start));
      pump();
    });
    socket.setEncoding("latin1").on("data", (text) => (response += text));
    socket.on("error", (caught) => (error = caught.code));
    socket.on("close", finish);
  });
}

describe("the form endpoint under load and attack", { concurrency: false, timeout: 300_000 }, () => {
  test("200 concurrent uploads of 256 KiB: each answered with what it sent; memory bounded by what is in flight", async () => {
    const UPLOADS = 200;
    const SIZE = 256 * 1024;
    const cold = await server.ask("memory");
    await server.ask("sample");
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: UPLOADS }, async (_, i) => {
        const response = await fetch(`${server.origin}/__fnwire/form`, {
          method: "POST",
          body: uploadForm(`upload-${i}`, SIZE + i),
          redirect: "manual",
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    const elapsed = performance.now() - started;
    const { peak } = await server.ask("peak");
    assert.deepEqual(new Set(answers), new Set([303]));
    // The same through stubs: the answer carries what the function saw.
    initTransport({ baseUrl: server.origin });
    const upload = createServerReference("upload", "upload");
    const stubAnswers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const form = new FormData();
        form.append("file", new Blob([Buffer.alloc(SIZE + i, 0x62)]));
        return upload(form);
      }),
    );
    stubAnswers.forEach((answer, i) => assert.deepEqual(answer, [["file", SIZE + i]], `stub call ${i}`));
    console.log(
      `# ${UPLOADS} concurrent uploads of 256 KiB: ${Math.round(elapsed)} ms; server RSS ${MB(cold.rss)} MB → peak ${MB(peak)} MB (+${MB(peak - cold.rss)})`,
    );
    // Each upload in flight holds its file (and its chunks until the next GC): twice what is in flight, plus V8's young generation.
    assert.ok(peak - cold.rss < 2 * UPLOADS * SIZE + 64 * MiB, `server RSS rose ${MB(peak - cold.rss)} MB`);
    await stillAnswers();
  });

  test("20 clients each streaming 30 MB, and one 1 GB: each cut off at the 10 MiB limit with a 413 it reads, the server's memory bounded", async () => {
    const CLIENTS = 20;
    const cold = await server.ask("memory");
    const statsBefore = await server.ask("stats");
    await server.ask("sample");
    const started = performance.now();
    const results = await Promise.all([
      ...Array.from({ length: CLIENTS }, (_, i) => streamForm(30_000_000, { chunked: i % 2 === 0 })),
      streamForm(1_000_000_000, { chunked: false }),
    ]);
    const elapsed = performance.now() - started;
    const { peak } = await server.ask("peak");
    const statsAfter = await statsUntil(
      (stats) => stats.closed >= statsBefore.closed + CLIENTS + 1 && stats.connectionsClosed >= statsBefore.connectionsClosed + CLIENTS + 1,
      30_000,
      "every streaming request closed",
    );
    for (const [i, { response, sent, error }] of results.entries()) {
      // The server closes in stages, so the answer is read before the reset its unread bytes cause.
      assert.match(response, /^HTTP\/1\.1 413 /, `client ${i} (sent ${sent} bytes, ${error ?? "no error"}): ${response.slice(0, 200)}`);
      assert.match(response, /\r\nConnection: close\r\n/i, `client ${i}`);
      assert.ok(sent < 1_000_000_000, `client ${i} was stopped before sending it all`);
    }
    // A connection is read up to the limit, plus what the socket had buffered.
    assert.ok(statsAfter.maxBytesRead < FORM_LIMIT + 4 * MiB, `the most read from one connection: ${MB(statsAfter.maxBytesRead)} MB`);
    console.log(
      `# ${CLIENTS} × 30 MB and 1 × 1 GB form bodies: ${Math.round(elapsed)} ms; each read its 413; ` +
        `the server read at most ${MB(statsAfter.maxBytesRead)} MB a connection; RSS ${MB(cold.rss)} MB → peak ${MB(peak)} MB (+${MB(peak - cold.rss)})`,
    );
    // Each body in flight holds at most the limit (its parts, and the chunks they came in until a GC).
    assert.ok(peak - cold.rss < (CLIENTS + 1) * 2 * FORM_LIMIT + 64 * MiB, `server RSS rose ${MB(peak - cold.rss)} MB`);
    // Nothing stays behind once the connections are gone.
    const live = ({ heapUsed, external, arrayBuffers }) => heapUsed + external + arrayBuffers;
    let afterwards;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      afterwards = await server.ask("memory");
      if (live(afterwards) - live(cold) < 5 * MiB) break;
      await sleep(250);
    }
    assert.ok(live(afterwards) - live(cold) < 5 * MiB, `after a GC, ${MB(live(afterwards) - live(cold))} MB more is live than before`);
    await stillAnswers();
  });

  test("slow forms, a few bytes at a time (boundaries split across reads): each answered correctly; other calls are not held up", async () => {
    const SLOW = 10;
    const slow = Array.from({ length: SLOW }, (_, i) => {
      const body = `${partHead("$fnwire:action")}upload\r\n${partHead("title")}slow-${i}\r\n${partHead("file", "f.txt")}${"z".repeat(30 + i)}\r\n--b--\r\n`;
      return new Promise((resolve) => {
        const socket = net.connect(server.port, "127.0.0.1");
        let response = "";
        socket.setEncoding("latin1").on("data", (text) => {
          response += text;
          if (response.includes("\r\n\r\n")) socket.destroy();
        });
        socket.on("error", () => {});
        socket.on("close", () => resolve(response));
        socket.on("connect", async () => {
          socket.write(formHead({ length: Buffer.byteLength(body) }));
          for (let at = 0; at < body.length && !socket.destroyed; at += 3) {
            socket.write(body.slice(at, at + 3));
            await sleep(5);
          }
        });
      });
    });
    for (let i = 0; i < 10; i += 1) await stillAnswers();
    const responses = await withTimeout(Promise.all(slow), 60_000, "the slow forms' answers");
    for (const response of responses) assert.match(response, /^HTTP\/1\.1 303 /, response.slice(0, 200));
  });

  test("500 clients that vanish mid-form: every request settles, nothing is left pending", async () => {
    const before = await server.ask("stats");
    const body = `${partHead("$fnwire:action")}upload\r\n${partHead("file", "f.bin")}${"y".repeat(5000)}\r\n--b--\r\n`;
    for (let round = 0; round < 5; round += 1) {
      await Promise.all(
        Array.from(
          { length: 100 },
          (_, i) =>
            new Promise((resolve) => {
              const socket = net.connect(server.port, "127.0.0.1", () => {
                socket.write(formHead({ length: body.length }) + body.slice(0, [0, 40, 200, body.length - 1][i % 4]));
                setTimeout(() => {
                  socket.resetAndDestroy();
                  resolve();
                }, 20);
              });
              socket.on("error", () => {});
            }),
        ),
      );
    }
    const after = await statsUntil(
      (now) => now.requests - before.requests >= 500 && now.ended === now.requests,
      15_000,
      "every dropped form settled",
    );
    assert.equal(after.requests - before.requests, 500);
    assert.ok(server.alive);
    await stillAnswers();
  });

  test("hostile multipart: huge part headers, 5,000 fields, a missing closing boundary, garbage; bytes bound it, the server keeps answering", async () => {
    const headerOf = (bytes) =>
      `${partHead("$fnwire:action")}upload\r\n--b\r\nContent-Disposition: form-data; name="x"; ${"a".repeat(bytes)}\r\n\r\nv\r\n--b--\r\n`;
    const cases = [
      // Within formSizeLimit (10 MB) a form is served, however its bytes are split into parts and headers.
      ["a 1 MB part header", headerOf(1_000_000), 303],
      [
        "5,000 fields",
        `${partHead("$fnwire:action")}upload\r\n${Array.from({ length: 5000 }, (_, i) => `${partHead(`f${i}`)}v\r\n`).join("")}--b--\r\n`,
        303,
      ],
      ["a part header past formSizeLimit", headerOf(11_000_000), 413],
      ["no closing boundary", `${partHead("$fnwire:action")}upload\r\n${partHead("title")}never ends`, 400],
      ["no opening boundary", `garbage before any boundary\r\n${partHead("$fnwire:action")}upload\r\n--b--\r\n`, 400],
      ["a NUL-laden binary body", Buffer.alloc(100_000, 0).toString("latin1"), 400],
    ];
    for (const [name, body, status] of cases) {
      const answer = await rawRequest(server.port, formHead({ length: Buffer.byteLength(body, "latin1") }) + body, { ms: 15_000 });
      assert.equal(answer.status, status, `${name}: ${answer.raw.slice(0, 200)}`);
      await stillAnswers();
    }
    assert.ok(server.alive);
  });
});
