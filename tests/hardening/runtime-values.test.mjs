// Crafted encodings (section 14) against the server in its own process: the
// decoder never evaluates code, never lets a body pollute prototypes, stops
// at a fixed depth with a 400, and never allocates far past the body's size
// for a size the body only claims.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as devalue from "devalue";
import { MB, MiB, startServer } from "./support.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

/** Sends `$fnwire:call` text to the form endpoint as a stub would; resolves to { status, body } (decoded when encoded). */
async function call(text) {
  const form = new FormData();
  form.append("$fnwire:call", text);
  const response = await fetch(`${server.origin}/__fnwire/form`, {
    method: "POST",
    body: form,
    headers: { Accept: "application/json, application/vnd.fnwire+json" },
  });
  const raw = await response.text();
  const encoded = response.headers.get("content-type") === "application/vnd.fnwire+json";
  return { status: response.status, body: encoded ? devalue.parse(raw) : JSON.parse(raw) };
}

/** `$fnwire:call` text for `fnId` whose args are the devalue entries `entries` (index 3 onward), args itself [3]. */
function crafted(fnId, entries) {
  return JSON.stringify([{ fnId: 1, args: 2 }, fnId, [3], ...entries]);
}

/** Runs `send` while the server samples its RSS; resolves to [what send resolved to, the RSS rise in bytes]. */
async function measured(send) {
  await server.ask("memory");
  const { rss } = await server.ask("memory");
  await server.ask("sample");
  const result = await send();
  const { peak } = await server.ask("peak");
  return [result, peak - rss];
}

describe("crafted encodings", { concurrency: false, timeout: 60_000 }, () => {
  test("no code is evaluated: unknown types are refused, code in strings stays text, a RegExp is only built", async () => {
    assert.equal((await call(crafted("echo", [["Function", 4], "return process.exit(1)"]))).status, 400);
    assert.equal((await call(crafted("echo", [["eval", 4], "process.exit(1)"]))).status, 400);
    const text = await call(crafted("echo", ["process.exit(1); require('fs')"]));
    assert.deepEqual(text, { status: 200, body: { result: ["process.exit(1); require('fs')"] } });
    // A catastrophic pattern is built, never run by the decoder.
    const started = performance.now();
    const regexp = await call(crafted("echo", [["RegExp", "(a+)+$", ""]]));
    assert.equal(regexp.status, 200);
    assert.ok(regexp.body.result[0] instanceof RegExp);
    assert.ok(performance.now() - started < 1_000);
    assert.ok(server.alive);
  });

  test("no prototype pollution: __proto__ keys are refused, constructor and prototype keys stay plain data", async () => {
    // Bodies with "__proto__" as an own key, as JSON.parse makes them: at the top, nested, in a null-prototype object.
    for (const text of [
      '[{"fnId":1,"args":2},"protoCheck",[3],{"__proto__":4},{"polluted":5},true]',
      '[{"fnId":1,"args":2},"protoCheck",[3],{"a":4},{"__proto__":5},{"polluted":6},true]',
      '[{"fnId":1,"args":2},"protoCheck",[3],["null","__proto__",4],{"polluted":5},true]',
    ]) {
      assert.equal((await call(text)).status, 400, text);
    }
    const harmless = await call(crafted("protoCheck", [{ constructor: 4, prototype: 5 }, { prototype: 5 }, { polluted: 6 }, true]));
    assert.equal(harmless.status, 200);
    assert.deepEqual(harmless.body.result, { polluted: null, argPrototypeIsObject: true, ownProto: false });
    // Nothing leaked into this process or the server's.
    assert.equal({}.polluted, undefined);
    const check = await call(crafted("protoCheck", [{}]));
    assert.equal(check.body.result.polluted, null);
  });

  test("a fixed depth: 1,000 levels decode, 100,000 answer 400 at once", async () => {
    const nested = (depth) => Array.from({ length: depth }, (_, i) => (i < depth - 1 ? [i + 4] : []));
    const ok = await call(crafted("depth", nested(900)));
    assert.deepEqual([ok.status, ok.body.result], [200, 900]);
    const started = performance.now();
    const deep = await call(crafted("depth", nested(100_000)));
    assert.equal(deep.status, 400);
    assert.match(deep.body.error, /nested more than 1000 levels deep/);
    assert.ok(performance.now() - started < 2_000);
    assert.ok(server.alive);
  });

  test("sizes a body only claims allocate nothing: a sparse array of 4,294,967,295, a view past its buffer, a huge BigInt", async () => {
    const [sparse, sparseRise] = await measured(() => call(crafted("length", [[-7, 4294967295, 0, 4], "x"])));
    assert.deepEqual([sparse.status, sparse.body.result], [200, 4294967295]);
    const [view] = await measured(() =>
      call(
        crafted("echo", [
          ["Uint8Array", 4, 0, 1_000_000_000],
          ["ArrayBuffer", "AAAA"],
        ]),
      ),
    );
    assert.equal(view.status, 400);
    const [dataView] = await measured(() =>
      call(
        crafted("echo", [
          ["DataView", 4, 1_000_000, 8],
          ["ArrayBuffer", "AAAA"],
        ]),
      ),
    );
    assert.equal(dataView.status, 400);
    const started = performance.now();
    const [bigint, bigintRise] = await measured(() => call(crafted("echo", [["BigInt", "9".repeat(5_000_000)]])));
    assert.equal(bigint.status, 400, "a BigInt of 5,000,000 digits");
    assert.ok(performance.now() - started < 2_000, "refused without parsing it");
    // 100,000 references to one object are one object: the decoder copies nothing.
    const [shared, sharedRise] = await measured(() => call(crafted("length", [Array.from({ length: 100_000 }, () => 5), [6, 6], "v"])));
    assert.deepEqual([shared.status, shared.body.result], [200, 100_000]);
    console.log(
      `# RSS rise: sparse 4 G ${MB(sparseRise)} MB, BigInt refused ${MB(bigintRise)} MB, 100,000 shared references ${MB(sharedRise)} MB`,
    );
    for (const rise of [sparseRise, bigintRise, sharedRise]) assert.ok(rise < 64 * MiB, `the server's RSS rose ${MB(rise)} MB`);
    assert.ok(server.alive);
  });
});

describe("streams under load", { timeout: 120_000 }, () => {
  test("200 concurrent streams, half of their clients dropping midway: every stream ends on the server, memory comes back", async () => {
    const STREAMS = 200;
    const live = ({ heapUsed, external, arrayBuffers }) => heapUsed + external + arrayBuffers;
    const cold = await server.ask("memory");
    const before = (await server.ask("stats")).streams.ended;
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: STREAMS }, async (_, i) => {
        const controller = new AbortController();
        const response = await fetch(`${server.origin}/__fnwire/fn`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json, application/vnd.fnwire+json" },
          body: JSON.stringify({ fnId: "ticker", args: [50, 1000, 5] }),
          signal: controller.signal,
        });
        assert.match(response.headers.get("content-type"), /^application\/vnd\.fnwire-stream/);
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let text = "";
        const dropAfter = i % 2 === 0 ? 10 : Infinity;
        for (let lines = 0; ;) {
          const chunk = await reader.read().catch(() => ({ done: true }));
          if (chunk.done) break;
          text += decoder.decode(chunk.value, { stream: true });
          lines = text.split("\n").length - 1;
          if (lines >= dropAfter) {
            controller.abort();
            return { dropped: true, lines };
          }
        }
        const frames = text
          .trim()
          .split("\n")
          .map((line) => devalue.parse(line));
        return { dropped: false, frames };
      }),
    );
    const elapsed = performance.now() - started;
    for (const result of results) {
      if (result.dropped) continue;
      assert.equal(result.frames.length, 51);
      assert.deepEqual(result.frames.at(-1), { done: true });
      assert.deepEqual(
        result.frames.slice(0, -1).map((frame) => frame.value.i),
        Array.from({ length: 50 }, (_, i) => i),
      );
    }
    // Every stream's generator ended on the server: the finished ones and the dropped ones (their return() ran).
    const deadline = Date.now() + 10_000;
    let stats = await server.ask("stats");
    while (stats.streams.ended - before < STREAMS && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      stats = await server.ask("stats");
    }
    assert.equal(stats.streams.ended - before, STREAMS);
    assert.equal(stats.streams.running, 0);
    let afterwards;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      afterwards = await server.ask("memory");
      if (live(afterwards) - live(cold) < 5 * MiB) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    console.log(
      `# ${STREAMS} concurrent streams of 50 × 1 kB, half dropped after 10 chunks: ${Math.round(elapsed)} ms; every one ended on the server`,
    );
    assert.ok(live(afterwards) - live(cold) < 5 * MiB, `after a GC, ${MB(live(afterwards) - live(cold))} MB more is live than before`);
    assert.ok(server.alive);
  });
});
