// The plugin in rspack's builtin:swc-loader (@rspack/core 2.3.x, swc_core
// 82 inside, which loads plugins built on swc_core 83): a client build gets
// the stubs, a server build the registrations, an invalid module fails the
// build with its FW code and position.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { stripVTControlCharacters } from "node:util";
import { rspack } from "@rspack/core";
import { cacheRoot, pluginPath, requireBuilt } from "./helpers.mjs";

const app = mkdtempSync(join(tmpdir(), "fnwire-rspack-"));

before(() => {
  requireBuilt();
  mkdirSync(join(app, "src", "api"), { recursive: true });
  writeFileSync(
    join(app, "src", "api", "users.server.ts"),
    `"use server";
import { db } from "./db";
export async function getUsers(): Promise<string[]> {
  return db.users();
}
export const search = async (query: string, limit?: number) => db.search(query, limit);
`,
  );
  writeFileSync(
    join(app, "src", "api", "db.ts"),
    "export const db = { users: async () => [] as string[], search: async (q: string, l?: number) => [q] };\n",
  );
  writeFileSync(join(app, "src", "main.ts"), 'import { getUsers, search } from "./api/users.server";\nexport { getUsers, search };\n');
  writeFileSync(join(app, "src", "bad.ts"), 'import { ok } from "./api/bad.server";\nexport { ok };\n');
  writeFileSync(join(app, "src", "api", "bad.server.ts"), '"use server";\nexport async function ok() {}\nexport let counter = 0;\n');
});
after(() => rmSync(app, { recursive: true, force: true }));

/** Builds `entry` for `target`; resolves `{ code, errors: [{ module, message }] }`. */
function build(entry, target) {
  const out = join(app, `dist-${target}-${entry.replace(/\W/g, "")}`);
  const compiler = rspack({
    mode: "development",
    devtool: false,
    context: app,
    entry: `./src/${entry}`,
    output: { path: out, filename: "main.js", library: { type: "commonjs2" } },
    externals: { "fnwire/client": "commonjs fnwire/client", "fnwire/server": "commonjs fnwire/server" },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          loader: "builtin:swc-loader",
          options: {
            jsc: {
              parser: { syntax: "typescript" },
              target: "es2022",
              experimental: { runPluginFirst: true, cacheRoot, plugins: [[pluginPath, { target, root: app }]] },
            },
          },
        },
      ],
    },
  });
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => {});
      if (error) return reject(error);
      const { errors } = stats.toJson({ all: false, errors: true });
      const code = errors.length ? null : readFileSync(join(out, "main.js"), "utf8");
      resolve({
        code,
        errors: errors.map((e) => ({ module: e.moduleName ?? e.moduleIdentifier, message: stripVTControlCharacters(e.message) })),
      });
    });
  });
}

test("client build: stubs with ids and arity, nothing of the original", async () => {
  const { code, errors } = await build("main.ts", "client");
  assert.deepEqual(errors, []);
  assert.match(code, /createServerReference\)\("fe46ba0bfe2ba8d6", "getUsers", 0\)/);
  assert.match(code, /createServerReference\)\("5e40e7863e2a601d", "search"\)/);
  assert.doesNotMatch(code, /db\.users|db\.search/, "the module's body and its imports are gone");
});

test("server build: the original functions, registered", async () => {
  const { code, errors } = await build("main.ts", "server");
  assert.deepEqual(errors, []);
  assert.match(code, /registerServerReference\)\(getUsers, "fe46ba0bfe2ba8d6", "getUsers"\)/);
  assert.match(code, /registerServerReference\)\(search, "5e40e7863e2a601d", "search"\)/);
  assert.match(code, /db\.users\(\)/);
});

test("an invalid module fails the build with its FW code and position", async () => {
  const { errors } = await build("bad.ts", "client");
  assert.equal(errors.length, 1);
  assert.match(errors[0].module, /bad\.server\.ts$/);
  assert.match(errors[0].message, /\[FW012\] `counter` is a `let` variable, not a function/);
  // rspack's frame header: line 3, column 0 (0-based), the row underlined.
  assert.match(errors[0].message, /╭─\[3:0\]\n.*\n.*\n\s*3 │ export let counter = 0;\n\s*· ─{23}\n/);
});
