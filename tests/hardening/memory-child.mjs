// Run as a child process by memory.test.mjs, with --expose-gc and a fixed
// young generation (--min-semi-space-size=16 --max-semi-space-size=16): V8
// otherwise grows new space from 1 to 32 MB under a promise-heavy load, in
// steps of 8-16 MB of RSS that look like a leak and are not one. Repeats
// calls and prints, as JSON lines, memory after a full GC at checkpoints.
//
//   node … memory-child.mjs <transformSync|transform|analyzeGraph|handleRequest> <calls> <warm-up calls> [dir]
import { mkdirSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { analyzeGraph, transform, transformSync } from "fnwire";
import { handleRequest, registerServerReference, request } from "fnwire/server";

const [api, calls, warmUp, dir] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];

// A small server module (two functions, types, an optional parameter), a
// module that breaks a rule (the error path: an Error with diagnostics), and
// an ordinary module (handed back after the byte search).
const server = `"use server";
import { db } from "./db";

export async function getUser(id: string): Promise<{ id: string; name: string }> {
  return db.users.find(id);
}

export const saveUser = async (user: { id: string; name?: string }, options = {}) => {
  await db.users.save(user, options);
};
`;
const broken = `"use server";\nexport const LIMIT = 10;\nexport async function ok() {}\n`;
const plain = `export const value = 1;\nexport function helper(x: number) { return x * 2; }\n`;

/** Call `i`: mostly the server module, both targets; every 10th breaks a rule, every 10th is ordinary. */
function input(i) {
  const target = i % 2 === 0 ? "client" : "server";
  const code = i % 10 === 3 ? broken : i % 10 === 7 ? plain : server;
  const filename = code === plain ? "/app/src/lib/helpers.ts" : "/app/src/api/users.server.ts";
  return [code, { filename, root: "/app", target }];
}

function check(result, i) {
  const [code] = input(i);
  const expected = code === server ? 2 : 0;
  if (result.serverFunctions.length !== expected) throw new Error(`call ${i}: ${result.serverFunctions.length} functions`);
}

function checkError(error, i) {
  if (input(i)[0] !== broken || error.code !== "FW012") throw error;
}

function memory() {
  global.gc();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, external, arrayBuffers };
}

let done = 0;
const BATCH = 100;
/** Runs calls `from`..`to` of `api`. */
async function run(from, to) {
  if (api === "transformSync") {
    for (let i = from; i < to; i += 1) {
      try {
        check(transformSync(...input(i)), i);
      } catch (error) {
        checkError(error, i);
      }
    }
  } else if (api === "transform") {
    // In batches of 100 calls in flight on the libuv pool.
    for (let start = from; start < to; start += BATCH) {
      const batch = [];
      for (let i = start; i < Math.min(start + BATCH, to); i += 1) {
        batch.push(
          transform(...input(i)).then(
            (result) => check(result, i),
            (error) => checkError(error, i),
          ),
        );
      }
      await Promise.all(batch);
    }
  } else if (api === "handleRequest") {
    // In batches of 100 in flight: each call reads request().signal and its
    // headers, and has a time limit (a timer set and cleared).
    for (let start = from; start < to; start += BATCH) {
      const batch = [];
      for (let i = start; i < Math.min(start + BATCH, to); i += 1) {
        const call = new Request("http://localhost/__fnwire/fn", {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Call": String(i) },
          body: JSON.stringify({ fnId: "echoCall", args: [i] }),
        });
        batch.push(
          handleRequest(call, { timeout: 10_000 })
            .then((response) => response.json())
            .then((body) => {
              if (body.result !== i) throw new Error(`call ${i}: ${JSON.stringify(body)}`);
            }),
        );
      }
      await Promise.all(batch);
    }
  } else {
    for (let i = from; i < to; i += 1) {
      const result = analyzeGraph({ root: dir, roots: ["src/main.ts"] });
      if (result.serverModules.length !== 5 || result.diagnostics.length !== 1)
        throw new Error(`call ${i}: ${JSON.stringify(result.diagnostics)}`);
    }
  }
  done = to;
}

registerServerReference(
  async (i) => {
    const { signal, headers } = request();
    if (signal.aborted || headers.get("x-call") !== String(i)) throw new Error(`call ${i} saw another request`);
    return i;
  },
  "echoCall",
  "echoCall",
);

if (api === "analyzeGraph") {
  // A small app: 5 server modules, 20 ordinary modules, one unresolved import.
  const write = (path, text) => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write("src/main.ts", Array.from({ length: 20 }, (_, i) => `import "./m${i}";\n`).join("") + 'import "./missing";\n');
  for (let i = 0; i < 20; i += 1) write(`src/m${i}.ts`, i < 5 ? `import "./api/a${i}.server";\nexport const v = ${i};\n` : plain);
  for (let i = 0; i < 5; i += 1) write(`src/api/a${i}.server.ts`, server);
  write("src/api/db.ts", "export const db = { users: {} as any };\n");
}

const report = (line) => writeSync(1, `${JSON.stringify(line)}\n`);
const start = performance.now();
await run(0, warmUp);
report({ checkpoint: "warm", calls: done, ...memory() });
const STEPS = 10;
for (let step = 1; step <= STEPS; step += 1) {
  await run(warmUp + Math.round(((step - 1) * calls) / STEPS), warmUp + Math.round((step * calls) / STEPS));
  report({ checkpoint: step, calls: done, ...memory() });
}
report({ done: true, calls: done - warmUp, ms: Math.round(performance.now() - start), maxRSS: process.resourceUsage().maxRSS * 1024 });
