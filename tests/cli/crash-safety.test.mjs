// The fnwire CLI (release build) on inputs meant to break it: each gives a
// result or a diagnostic with exit 0 or 1, never a crash (a signal, a Rust
// panic's exit 101) and never a hang (a timeout kills it and fails the test).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const fnwire = join(import.meta.dirname, "..", "..", "target", "release", "fnwire");
const dir = mkdtempSync(join(tmpdir(), "fnwire-crash-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name, content) {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** Runs the CLI; asserts it ended by itself with exit 0 or 1, and returns stdout parsed as JSON. */
function cli(args, timeout = 120_000) {
  const result = spawnSync(fnwire, args, { cwd: dir, encoding: "utf8", timeout, maxBuffer: 512 * 1024 * 1024 });
  assert.equal(result.error, undefined, `${args.join(" ")}: ${result.error?.message}`);
  assert.equal(result.signal, null, `${args.join(" ")}: killed by ${result.signal}; ${result.stderr.slice(-500)}`);
  assert.ok([0, 1].includes(result.status), `${args.join(" ")}: exit ${result.status}; ${result.stderr.slice(-500)}`);
  return { status: result.status, json: JSON.parse(result.stdout) };
}

const server = (body) => `"use server";\nexport const f = async () => ${body};\n`;

test("100,000 levels of nesting compile, or fail with FW001", () => {
  const depth = 100_000;
  write("parens.ts", server(`${"(".repeat(depth)}1${")".repeat(depth)}`));
  write("brackets.ts", server(`${"[".repeat(depth)}1${"]".repeat(depth)}`));
  write("arrows.ts", `"use server";\nexport const f = ${"async () => ".repeat(depth)}1;\n`);
  write("unclosed.ts", server("{".repeat(depth)));
  for (const file of ["parens.ts", "brackets.ts", "arrows.ts"]) {
    for (const target of ["client", "server"]) {
      const { status, json } = cli(["transform", file, "--target", target, "--format", "json"]);
      assert.equal(status, 0, file);
      assert.equal(json.serverFunctions[0].fnName, "f");
    }
  }
  const { status, json } = cli(["transform", "unclosed.ts", "--target", "client", "--format", "json"]);
  assert.equal(status, 1);
  assert.equal(json.diagnostics[0].code, "FW001");
});

test("a 50 MB module compiles; 50 MB of nesting is FW001, quickly", () => {
  const functions = [];
  for (let i = 0, size = 0; size < 50_000_000; i++) {
    const source = `export async function listOrders${i}(userId: string, page: number) {\n  const rows = await db.orders.findMany({ where: { userId, status: "open" }, skip: page * 20 });\n  return rows.filter((row) => row.items.length > 0).map((row) => ({ ...row, total: row.items.length }));\n}\n`;
    functions.push(source);
    size += source.length;
  }
  write("big.ts", `"use server";\nimport { db } from "./db";\n${functions.join("")}`);
  const { status, json } = cli(["transform", "big.ts", "--target", "client", "--format", "json"]);
  assert.equal(status, 0);
  assert.equal(json.serverFunctions.length, functions.length);

  write("deep.ts", server("(".repeat(50_000_000)));
  const started = Date.now();
  const deep = cli(["transform", "deep.ts", "--target", "server", "--format", "json"]);
  assert.equal(deep.status, 1);
  assert.equal(deep.json.diagnostics[0].code, "FW001");
  assert.match(deep.json.diagnostics[0].message, /nests too deeply/);
  assert.ok(Date.now() - started < 30_000, "refused without parsing it");
});

test("invalid UTF-8 is FW001 in a server module, and passes through elsewhere", () => {
  write("bad.server.ts", Buffer.concat([Buffer.from('"use server";\nexport const s = "'), Buffer.from([0xff, 0xfe]), Buffer.from('";\n')]));
  const { status, json } = cli(["transform", "bad.server.ts", "--target", "client", "--format", "json"]);
  assert.equal(status, 1);
  assert.equal(json.diagnostics[0].code, "FW001");
  const plain = write("plain.ts", Buffer.from([0x65, 0xff, 0x0a]));
  const result = spawnSync(fnwire, ["transform", plain, "--target", "client"], { cwd: dir });
  assert.equal(result.status, 0);
  assert.deepEqual(result.stdout, Buffer.from([0x65, 0xff, 0x0a]));
});

test("import cycles and symlink loops end", () => {
  write("cycle/a.ts", 'import { b } from "./b";\nimport { s } from "./s.server";\nexport const a = () => [b, s];\n');
  write("cycle/b.ts", 'import { a } from "./a";\nexport const b = () => a;\n');
  write("cycle/s.server.ts", '"use server";\nexport async function s() {}\n');
  const cycle = cli(["analyze", "cycle/a.ts", "--format", "json"]);
  assert.equal(cycle.status, 0);
  assert.deepEqual(
    cycle.json.serverModules.map((m) => m.module),
    ["cycle/s.server.ts"],
  );

  mkdirSync(join(dir, "loop"), { recursive: true });
  symlinkSync("b.ts", join(dir, "loop", "a.ts"));
  symlinkSync("a.ts", join(dir, "loop", "b.ts"));
  symlinkSync(".", join(dir, "loop", "self"));
  write("loop/main.ts", 'import { a } from "./a";\nimport { x } from "./self/self/self/main";\nexport { a, x };\n');
  const loop = cli(["analyze", "loop/main.ts", "--format", "json"]);
  assert.equal(loop.status, 1);
  assert.ok(
    loop.json.diagnostics.some((d) => d.code === "FW022" && d.message.includes('"./a"')),
    JSON.stringify(loop.json.diagnostics),
  );
  const transformed = cli(["transform", "loop/main.ts", "--target", "client", "--format", "json"]);
  assert.equal(transformed.status, 0);
});

test("files that disappear during analysis are diagnostics, never a crash", async () => {
  const app = join(dir, "churn");
  const modules = 400;
  const file = (i) => join(app, `m${i}.ts`);
  const content = (i) =>
    `${i * 2 + 1 < modules ? `import "./m${i * 2 + 1}";\n` : ""}${i * 2 + 2 < modules ? `import "./m${i * 2 + 2}";\n` : ""}export const v${i} = ${i};\n`;
  mkdirSync(app, { recursive: true });
  for (let i = 0; i < modules; i++) writeFileSync(file(i), content(i));
  // Delete and restore files while the CLI analyzes the app again and again.
  let stop = false;
  const churn = (async () => {
    for (let round = 0; !stop; round++) {
      const i = 1 + (round % (modules - 1));
      try {
        unlinkSync(file(i));
      } catch {}
      await new Promise((resolve) => setImmediate(resolve));
      writeFileSync(file(i), content(i));
    }
  })();
  const outcomes = new Set();
  for (let run = 0; run < 30; run++) {
    const child = spawn(fnwire, ["analyze", join(app, "m0.ts"), "--format", "json"], { cwd: dir });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    const [code, signal] = await new Promise((resolve) => child.on("exit", (...args) => resolve(args)));
    assert.equal(signal, null);
    assert.ok([0, 1].includes(code), `exit ${code}`);
    const result = JSON.parse(stdout);
    for (const diagnostic of result.diagnostics) assert.equal(diagnostic.code, "FW022", diagnostic.message);
    outcomes.add(code);
  }
  stop = true;
  await churn;
  assert.ok(outcomes.size >= 1);
});
