// fnwire/server's node:http adapter (createNodeHandler) under load, on
// 127.0.0.1: 1,000 concurrent calls, 50 clients streaming 20 MB each, slow,
// half-sent and abandoned bodies, clients that vanish mid-call, idle
// connections. The server runs in its own process (runtime-server.mjs), so
// its memory is its own and a crash fails the test.
import assert from "node:assert/strict";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import { assertEnvelope, MB, MiB, post, postHead, rawRequest, startServer, withTimeout } from "./support.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

/** An ordinary call answers, and fast. */
async function stillAnswers(origin = server.origin, ms = 5_000) {
  const started = performance.now();
  const answer = await withTimeout(post(origin, { fnId: "add", args: [2, 3] }), ms, "an ordinary call");
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(answer.body, { result: 5 });
  return performance.now() - started;
}

/** Polls `ask("stats")` until `done(stats)`; fails after `ms`. */
async function statsUntil(done, ms, what, target = server) {
  const deadline = Date.now() + ms;
  let stats;
  while (Date.now() < deadline) {
    stats = await target.ask("stats");
    if (done(stats)) return stats;
    await sleep(50);
  }
  assert.fail(`${what}: ${JSON.stringify(stats)}`);
}

/**
 * Streams a body of `bytes` bytes over a raw socket, chunked or with an
 * honest Content-Length, as fast as the server takes it. Resolves with the
 * response and how many bytes the client got out before the server stopped it.
 */
function streamBody(port, bytes, { chunked }) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const frame = (data) => (chunked ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]) : data);
    let sent = 0;
    let stopped = false;
    let response = "";
    let error = null;
    const finish = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ response, sent, error });
    };
    const timer = setTimeout(finish, 60_000);
    const pump = () => {
      while (!stopped && sent < bytes) {
        sent += chunk.length;
        if (!socket.write(frame(chunk))) return socket.once("drain", pump);
      }
      if (!stopped && chunked) socket.write("0\r\n\r\n");
    };
    socket.on("connect", () => {
      socket.write(postHead(chunked ? { chunked: true } : { length: bytes + 14 }));
      socket.write(frame(Buffer.from('{"fnId":"add",')));
      pump();
    });
    socket.setEncoding("latin1");
    socket.on("data", (text) => {
      response += text;
    });
    socket.on("error", (caught) => (error = caught.code));
    socket.on("close", finish);
  });
}

describe("createNodeHandler under load", { concurrency: false, timeout: 120_000 }, () => {
  test("1,000 concurrent calls: each answered with its own result, headers and URL; errors with their envelopes", async () => {
    const started = performance.now();
    const calls = Array.from({ length: 1000 }, async (_, i) => {
      const kind = i % 10;
      if (kind === 7) return ["bad json", i, await post(server.origin, `{"fnId":"add","args":[${i},`)];
      if (kind === 8) return ["unknown", i, await post(server.origin, { fnId: `missing${i}`, args: [] })];
      if (kind === 9) return ["throws", i, await post(server.origin, { fnId: "throwObjectAsync", args: [] })];
      const answer = await post(
        server.origin,
        { fnId: "whoami", args: [i, i % 25] },
        { path: `/__fnwire/fn?call=${i}`, headers: { "x-client": `client-${i}` } },
      );
      return ["ok", i, answer];
    });
    const answers = await Promise.all(calls);
    const elapsed = performance.now() - started;
    for (const [kind, i, answer] of answers) {
      if (kind === "ok") {
        assert.equal(answer.status, 200, `call ${i}: ${answer.text}`);
        assert.deepEqual(answer.body, { result: { n: i, user: `client-${i}`, again: `client-${i}`, url: `?call=${i}` } }, `call ${i}`);
      } else if (kind === "bad json") {
        assertEnvelope(answer, 400, null, `call ${i}`);
      } else if (kind === "unknown") {
        assertEnvelope(answer, 404, `missing${i}`, `call ${i}`);
      } else {
        assertEnvelope(answer, 500, "throwObjectAsync", `call ${i}`);
      }
    }
    console.log(`# 1,000 concurrent calls answered in ${Math.round(elapsed)} ms`);
    assert.ok(server.alive);
  });

  // The handler must hold a body to parse it, up to the 1 MiB limit: 50
  // bodies in flight at the limit are 50 MiB of text, plus the chunks they
  // were decoded from until the next GC, plus V8's young generation growing
  // (up to 32 MB): 50 × 2 MiB + 32 MiB bounds the peak, whatever the clients
  // send. Streaming 10 times more (20 MB each, 1 GB in all) must not show,
  // and nothing may stay behind after a GC.
  //
  // The server stops reading at the limit (section 7) and closes in stages,
  // so a client still sending reads the 413 before the reset that closing
  // with unread bytes causes.
  test("50 clients each streaming 20 MB: each cut off after 1 MiB with a 413 it reads, the server's memory flat", async () => {
    const CLIENTS = 50;
    await stillAnswers();
    const cold = await server.ask("memory");
    const rounds = [];
    for (const bytes of [2_000_000, 20_000_000]) {
      const statsBefore = await server.ask("stats");
      await server.ask("sample");
      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) => streamBody(server.port, bytes, { chunked: i % 2 === 0 })),
      );
      const elapsed = performance.now() - started;
      const { peak } = await server.ask("peak");
      const statsAfter = await statsUntil(
        (stats) => stats.closed >= statsBefore.closed + CLIENTS && stats.connectionsClosed >= statsBefore.connectionsClosed + CLIENTS,
        10_000,
        "every streaming request closed",
      );
      for (const [i, { response, sent, error }] of results.entries()) {
        const head = response.slice(0, response.indexOf("\r\n\r\n"));
        assert.match(head, /^HTTP\/1\.1 413 /, `client ${i} (sent ${sent} bytes, ${error ?? "no error"}): ${response.slice(0, 200)}`);
        assert.match(head, /\r\nConnection: close\r\n/i, `client ${i}`);
        assert.deepEqual(JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4)), {
          error: "The request body is larger than 1048576 bytes.",
          fnId: null,
          status: 413,
        });
        // Socket buffers take a few MB: 2 MB may all go out, 20 MB not.
        if (bytes > 10 * MiB) assert.ok(sent < bytes, `client ${i} was stopped before sending all ${bytes} bytes (sent ${sent})`);
      }
      assert.ok(statsAfter.maxBytesRead < 2 * MiB, `the most read from one connection: ${MB(statsAfter.maxBytesRead)} MB`);
      const sent = results.reduce((sum, result) => sum + result.sent, 0);
      rounds.push({
        bytes,
        peak,
        elapsed,
        sent,
        read: statsAfter.bytesRead - statsBefore.bytesRead,
        maxRead: statsAfter.maxBytesRead,
      });
    }

    for (const { bytes, peak, elapsed, sent, read, maxRead } of rounds) {
      console.log(
        `# 50 × ${bytes / 1e6} MB streamed: ${Math.round(elapsed)} ms; each read its 413; the clients got ${MB(sent)} MB out, ` +
          `the server read ${MB(read)} MB (at most ${MB(maxRead)} MB a connection); server RSS ${MB(cold.rss)} MB → peak ${MB(peak)} MB (+${MB(peak - cold.rss)})`,
      );
      assert.ok(peak - cold.rss < CLIENTS * 2 * MiB + 32 * MiB, `server RSS rose ${MB(peak - cold.rss)} MB`);
    }
    const [small, large] = rounds;
    assert.ok(large.peak - small.peak < CLIENTS * MiB, `50 × 20 MB peaked ${MB(large.peak - small.peak)} MB above 50 × 2 MB`);
    // Nothing stays behind: once the connections are gone, a GC takes the JS heap back to where it was.
    const live = ({ heapUsed, external, arrayBuffers }) => heapUsed + external + arrayBuffers;
    let afterwards;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      afterwards = await server.ask("memory");
      if (live(afterwards) - live(cold) < 5 * MiB) break;
      await sleep(250);
    }
    assert.ok(
      live(afterwards) - live(cold) < 5 * MiB,
      `5 s later, after a GC, ${MB(live(afterwards) - live(cold))} MB more is live than before`,
    );
    await stillAnswers();
  });

  test("slow bodies: sent a few bytes at a time, each answered correctly; other calls are not held up", async () => {
    const SLOW = 20;
    const slow = Array.from({ length: SLOW }, (_, i) => {
      const body = JSON.stringify({ fnId: "add", args: [i, 1000] });
      return new Promise((resolve) => {
        const socket = net.connect(server.port, "127.0.0.1");
        let response = "";
        socket.setEncoding("latin1").on("data", (text) => {
          response += text;
          if (response.includes("}")) socket.destroy();
        });
        socket.on("error", () => {});
        socket.on("close", () => resolve(response));
        socket.on("connect", async () => {
          socket.write(postHead({ length: Buffer.byteLength(body) }));
          // 4 bytes every 20 ms: about 0.2 s per body.
          for (let at = 0; at < body.length && !socket.destroyed; at += 4) {
            socket.write(body.slice(at, at + 4));
            await sleep(20);
          }
        });
      });
    });
    // Meanwhile, ordinary calls answer at once.
    const quick = [];
    for (let i = 0; i < 10; i += 1) quick.push(await stillAnswers());
    const responses = await withTimeout(Promise.all(slow), 20_000, "the slow bodies' answers");
    responses.forEach((response, i) => {
      assert.match(response, /^HTTP\/1\.1 200 /, response);
      assert.deepEqual(JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4)), { result: i + 1000 });
    });
    assert.ok(Math.max(...quick) < 1_000, `ordinary calls took up to ${Math.round(Math.max(...quick))} ms`);
  });

  test("half-sent bodies, then silence: other calls still answer; with node:http's defaults the handler waits", async () => {
    // 100 clients promise 1,000 bytes, send 100 and go silent.
    const silent = await Promise.all(
      Array.from({ length: 100 }, () =>
        rawRequest(server.port, postHead({ length: 1000 }) + '{"fnId":"add","args":[1,2],"pad":"' + "x".repeat(66), {
          ms: 1_500,
          keepOpen: true,
        }),
      ),
    );
    // Nothing is answered for them within 1.5 s (the body is not complete), …
    for (const { why, raw } of silent) assert.equal(`${why} ${raw}`, "timeout ");
    // … and everyone else is served meanwhile.
    for (let i = 0; i < 20; i += 1) await stillAnswers();
    const stats = await server.ask("stats");
    assert.ok(stats.connections >= 100, `the silent connections are still open: ${stats.connections}`);
    for (const { socket } of silent) socket.destroy();
    // Once they go, every one of their requests settles (a 400, to nobody).
    await statsUntil((now) => now.ended === now.requests, 10_000, "every abandoned request settled");
  });

  test("a silent client is cut off by the server's requestTimeout with a 408; the handler settles", async () => {
    // The handler has no timeout of its own: node:http's requestTimeout
    // (300 s by default) bounds how long a request may take to arrive.
    const strict = await startServer({ requestTimeout: 1_000, headersTimeout: 1_000, connectionsCheckingInterval: 100 });
    try {
      const started = performance.now();
      const silent = Array.from({ length: 50 }, () =>
        rawRequest(strict.port, postHead({ length: 1000 }) + '{"fnId":"add"', { ms: 10_000 }),
      );
      await sleep(200);
      await stillAnswers(strict.origin);
      const answers = await Promise.all(silent);
      const elapsed = performance.now() - started;
      for (const { status, why } of answers) {
        assert.equal(status, 408, why);
      }
      assert.ok(elapsed < 5_000, `cut off after ${Math.round(elapsed)} ms`);
      console.log(`# 50 silent clients: 408 from requestTimeout 1,000 ms after ${Math.round(elapsed)} ms`);
      await statsUntil((now) => now.ended === now.requests, 5_000, "every timed-out request settled", strict);
      await stillAnswers(strict.origin);
    } finally {
      await strict.stop();
    }
  });

  test("500 clients that vanish mid-body: every request settles, nothing is left pending", async () => {
    const before = await server.ask("stats");
    for (let round = 0; round < 5; round += 1) {
      await Promise.all(
        Array.from(
          { length: 100 },
          (_, i) =>
            new Promise((resolve) => {
              const socket = net.connect(server.port, "127.0.0.1", () => {
                // Half a body (or none, or all but the last byte), then the connection drops.
                const body = '{"fnId":"add","args":[1,2]}';
                socket.write(postHead({ length: body.length }) + body.slice(0, [0, 5, body.length - 1][i % 3]));
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
      10_000,
      "every dropped request settled",
    );
    assert.equal(after.requests - before.requests, 500);
    await stillAnswers();
  });

  test("clients that abort while their function runs: the server stays up and keeps answering", async () => {
    const aborted = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 30);
        return post(server.origin, { fnId: i % 2 ? "slow" : "never", args: [300] }, { signal: controller.signal }).then(
          () => "answered",
          (error) => error.name,
        );
      }),
    );
    assert.deepEqual(new Set(aborted), new Set(["AbortError"]));
    // The slow ones finish and write to closed sockets; the never-ending ones stay pending, harmlessly.
    await sleep(400);
    assert.ok(server.alive);
    await stillAnswers();
  });

  test("500 idle connections with half-sent headers do not starve other clients", async () => {
    const sockets = await Promise.all(
      Array.from(
        { length: 500 },
        () =>
          new Promise((resolve) => {
            const socket = net.connect(server.port, "127.0.0.1", () => {
              socket.write("POST /__fnwire/fn HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty");
              resolve(socket);
            });
            socket.on("error", () => {});
          }),
      ),
    );
    try {
      const times = [];
      for (let i = 0; i < 20; i += 1) times.push(await stillAnswers());
      assert.ok(Math.max(...times) < 1_000, `calls took up to ${Math.round(Math.max(...times))} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  test("framing node:http refuses never reaches the handler, and the server keeps answering", async () => {
    const body = '{"fnId":"add","args":[1,2]}';
    // A Content-Length shorter than the body: the first 10 bytes are the
    // body (not valid JSON); node:http rejects the rest as a malformed next
    // request with its own 400 and closes the connection.
    const short = await rawRequest(server.port, postHead({ length: 10 }) + body + "x".repeat(100_000), { ms: 5_000 });
    assert.equal(short.status, 400, short.raw.slice(0, 200));
    for (const head of [
      postHead({ extra: "Content-Length: 27\r\nContent-Length: 30\r\n" }),
      postHead({ extra: "Content-Length: -1\r\n" }),
      postHead({ extra: "Content-Length: 1e3\r\n" }),
      postHead({ extra: "Transfer-Encoding: chunked\r\nContent-Length: 27\r\n" }),
      postHead({ chunked: true }) + "zz\r\n",
    ]) {
      const answer = await rawRequest(server.port, head + body, { ms: 5_000 });
      assert.equal(answer.status, 400, `${JSON.stringify(head)}: ${answer.raw.slice(0, 200)}`);
    }
    await stillAnswers();
  });
});
