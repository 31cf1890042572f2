// The plugin as a user meets it: `fnwire/swc` gives the .wasm path, and
// @swc/core with `jsc.experimental.plugins` compiles a server module for the
// client and the server, fails on an invalid one with its FW code and
// position, and rejects a bad config naming the option.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { after, before, describe, test } from "node:test";
import fnwireSwc from "fnwire/swc";
import { cacheRoot, hostReports, pluginPath, requireBuilt, swc, thrown } from "./helpers.mjs";

const app = mkdtempSync(join(tmpdir(), "fnwire-swc-"));
const usersFile = join(app, "src", "api", "users.server.ts");
const users = `"use server";
import { db } from "./db";

export type User = { id: string; name: string };

export async function getUsers(): Promise<User[]> {
  return db.users();
}

export const search = async (query: string, limit?: number): Promise<User[]> => db.search(query, limit);
`;

before(() => {
  requireBuilt();
  mkdirSync(join(app, "src", "api"), { recursive: true });
  writeFileSync(usersFile, users);
});
after(() => rmSync(app, { recursive: true, force: true }));

/** The options a user writes (README, "SWC plugin"). */
function options(filename, config, { runPluginFirst = true, sourceMaps = false } = {}) {
  return {
    filename,
    sourceMaps,
    jsc: {
      parser: { syntax: "typescript", tsx: filename.endsWith(".tsx") },
      target: "es2022",
      experimental: { runPluginFirst, plugins: [[pluginPath, config]], cacheRoot },
    },
  };
}

describe("fnwire/swc", () => {
  test("default and named exports are the absolute path of the .wasm", () => {
    assert.equal(fnwireSwc, pluginPath);
    assert.ok(isAbsolute(pluginPath) && pluginPath.endsWith("fnwire_swc_plugin.wasm"), pluginPath);
    assert.ok(existsSync(pluginPath));
  });
});

describe("@swc/core with the plugin", () => {
  test("client: the runtime import and one stub per server function, nothing of the original", () => {
    const output = swc.transformSync(users, options(usersFile, { target: "client", root: app }, { sourceMaps: true }));
    assert.equal(
      output.code,
      `import { createServerReference } from "fnwire/client";
export const getUsers = /*#__PURE__*/ createServerReference("fe46ba0bfe2ba8d6", "getUsers", 0);
export const search = /*#__PURE__*/ createServerReference("5e40e7863e2a601d", "search");
`,
    );
    // No span into the original: the host inlines no source text.
    const map = JSON.parse(output.map);
    assert.deepEqual(map.sources, []);
    assert.equal(map.sourcesContent, undefined);
  });

  test("server: the module with one import and one registration per function", () => {
    const output = swc.transformSync(users, options(usersFile, { target: "server", root: app }));
    assert.equal(
      output.code,
      `"use server";
import { registerServerReference } from "fnwire/server";
import { db } from "./db";
export async function getUsers() {
    return db.users();
}
export const search = async (query, limit)=>db.search(query, limit);
registerServerReference(getUsers, "fe46ba0bfe2ba8d6", "getUsers");
registerServerReference(search, "5e40e7863e2a601d", "search");
`,
    );
  });

  test("idSalt and runtime specifiers", () => {
    const config = { target: "client", root: app, idSalt: "pepper", runtime: { client: "@acme/rpc" } };
    const { code } = swc.transformSync(users, options(usersFile, config));
    assert.match(code, /^import \{ createServerReference \} from "@acme\/rpc";$/m);
    assert.doesNotMatch(code, /fe46ba0bfe2ba8d6/);
  });

  test("root defaults to the working directory; a relative file name is taken against it", () => {
    const config = { target: "client" };
    const relative = swc.transformSync(users, options("src/api/users.server.ts", config));
    const absolute = swc.transformSync(users, options(join(process.cwd(), "src/api/users.server.ts"), config));
    // printf 'src/api/users.server.ts:getUsers' | sha256sum
    assert.match(relative.code, /"fe46ba0bfe2ba8d6", "getUsers"/);
    assert.equal(absolute.code, relative.code);
  });

  test("a module that is not a server module passes through", () => {
    const source = 'import { x } from "./x";\nexport const y: number = x + 1;\n';
    const file = join(app, "src", "other.ts");
    const withPlugin = swc.transformSync(source, options(file, { target: "client", root: app })).code;
    const without = swc.transformSync(source, { filename: file, jsc: { parser: { syntax: "typescript" }, target: "es2022" } });
    assert.equal(withPlugin, without.code);
  });

  test("an invalid module fails with its FW code, file, line and column", () => {
    const source = `"use server";
export async function ok() {}
export const VERSION = "1";
export { ok as default };
`;
    const file = join(app, "src", "api", "invalid.server.ts");
    for (const target of ["client", "server"]) {
      const message = thrown(() => swc.transformSync(source, options(file, { target, root: app })));
      assert.ok(message, `${target}: the transform must fail`);
      const reports = hostReports(message).map(({ message, file, line, column }) => ({
        code: message.match(/^\[(FW\d{3})\]/)?.[1],
        file,
        line,
        column,
      }));
      assert.deepEqual(reports, [
        { code: "FW012", file, line: 3, column: 1 },
        { code: "FW010", file, line: 4, column: 10 },
      ]);
      assert.match(message, /\[FW012\] `VERSION` is a constant, not a function/);
    }
  });

  test("TypeScript-only rules need runPluginFirst", () => {
    const declared = `"use server";\nexport async function f() {}\nexport declare function g(): void;\n`;
    const file = join(app, "src", "declared.ts");
    const message = thrown(() => swc.transformSync(declared, options(file, { target: "client", root: app })));
    assert.match(message, /\[FW013\] `g` is an ambient `declare` export/);
    // What degrades when the host strips types first (documented in the README).
    const stripped = options(file, { target: "client", root: app }, { runPluginFirst: false });
    assert.doesNotMatch(swc.transformSync(declared, stripped).code, /"g"/, "`export declare` is gone: no FW013");
    const search = swc.transformSync(users, options(usersFile, { target: "client", root: app }, { runPluginFirst: false }));
    assert.match(search.code, /"search", 2\)/, "`limit?` reads as required: arity 2 instead of none");
  });

  test("config errors name the option and fail the transform", () => {
    const error = (config) => thrown(() => swc.transformSync(users, options(usersFile, config)));
    assert.match(
      error({ target: "client", idsalt: "x" }),
      /\[fnwire\] unknown option `idsalt` \(known: target, buildId, root, runtime, idSalt, wrappedExports, defaultExport, serverFiles, inlineFunctions, generators\)/,
    );
    assert.match(error({ root: app }), /\[fnwire\] option `target` is required/);
    assert.match(error({ target: "browser" }), /option `target` must be "client" or "server"/);
    assert.match(error({ target: "client", runtime: { browser: "x" } }), /unknown option `runtime.browser`/);
    assert.match(error({ target: "client", idSalt: 5 }), /option `idSalt` must be a string, got a number/);
    assert.match(error({ target: "client", inlineFunctions: "yes" }), /option `inlineFunctions` must be "error" or "hoist", got "yes"/);
    assert.match(error({ target: "client", wrappedExports: "yes" }), /option `wrappedExports` must be a boolean, got a string/);
  });

  test("a server module without a file name is an error saying so", () => {
    const config = options("x.ts", { target: "client", root: app });
    delete config.filename;
    assert.match(
      thrown(() => swc.transformSync(users, config)),
      /gave no file name: set `filename`/,
    );
  });
});
