// fnwire/vite without a browser: options, the transform hook's target and
// errors, builds (client, server entry, manifest.json, `--ssr`), and the dev
// server's endpoint following edits, on a small app written to a temp folder.
import assert from "node:assert/strict";
import { mkdtemp, readFile, readdir, rm, symlink, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as devalue from "devalue";
import { build, createBuilder, createServer } from "vite";
import fnwire, { SERVER_ENTRY_ID } from "fnwire/vite";
import { edit as editWatched } from "./edit.mjs";
import { loadFixtures } from "../fixtures.mjs";

const repoModules = join(import.meta.dirname, "..", "..", "node_modules");

const MATH = `"use server";
export async function add(a: number, b: number): Promise<number> {
  return a + b;
}
const twice = async (n: number) => n * 2;
export { twice as double, twice as "twice-it" };
`;

/** A small app in a temp folder, resolving packages from the repository's node_modules. */
async function writeApp(extraFiles = {}) {
  const dir = await mkdtemp(join(tmpdir(), "fnwire-vite-"));
  await symlink(repoModules, join(dir, "node_modules"), "dir");
  await writeFile(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
  await mkdir(join(dir, "src", "api"), { recursive: true });
  await writeFile(join(dir, "index.html"), '<!doctype html><div id="app"></div><script type="module" src="/src/main.ts"></script>\n');
  await writeFile(
    join(dir, "src", "main.ts"),
    'import { add, double } from "./api/math.server";\nadd(1, 2).then(double).then(console.log);\n',
  );
  await writeFile(join(dir, "src", "api", "math.server.ts"), MATH);
  for (const [file, text] of Object.entries(extraFiles)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
  }
  return dir;
}

/** Calls the transform hook as Vite does, with `context` as `this`; resolves to its result or the error passed to this.error. */
async function runTransform(plugin, code, id, { context = {}, ssr, command = "serve", root = "/app" } = {}) {
  plugin.configResolved({ root, command, build: {}, logger: console });
  const errors = [];
  const self = {
    warn() {},
    ...context,
    error(error) {
      errors.push(error);
      throw Object.assign(new Error(error.message), { viteError: error });
    },
  };
  try {
    return { result: await plugin.transform.handler.call(self, code, id, ssr === undefined ? undefined : { ssr }) };
  } catch (error) {
    if (error.viteError) return { error: errors[0] };
    throw error;
  }
}

const server = { environment: { config: { consumer: "server" } } };
const client = { environment: { config: { consumer: "client" } } };

describe("options", () => {
  test("are checked, naming the option", () => {
    assert.throws(() => fnwire({ root: "." }), {
      name: "TypeError",
      message: /fnwire\/vite does not take the option `root`: ids and paths are relative to Vite's `root`/,
    });
    assert.throws(() => fnwire({ rootz: ["x"] }), {
      name: "TypeError",
      message:
        /fnwire\/vite: unknown option `rootz` \(known: [^)]*idSalt, wrappedExports[^)]*\); fnwire\/vite's own options are roots, basePath/,
    });
    assert.throws(() => fnwire({ inlineFunctions: "yes" }), {
      name: "TypeError",
      message: /option `inlineFunctions` must be "error" or "hoist", got "yes"/,
    });
    assert.throws(() => fnwire({ wrappedExports: 1 }), { name: "TypeError", message: /option `wrappedExports` must be a boolean/ });
    assert.throws(() => fnwire({ roots: "src/main.ts" }), { name: "TypeError", message: /`roots` must be a non-empty array/ });
    assert.throws(() => fnwire({ roots: [] }), { name: "TypeError", message: /`roots`/ });
    assert.throws(() => fnwire({ idSalt: 1 }), { name: "TypeError", message: /`idSalt` must be a string/ });
    assert.throws(() => fnwire({ basePath: "api" }), { name: "TypeError", message: /basePath must be a path starting with "\/"/ });
    assert.throws(() => fnwire(null), { name: "TypeError", message: /options must be an object/ });
    assert.equal(fnwire({ roots: ["src/main.ts"], basePath: "/api", idSalt: "s" }).name, "fnwire");
  });

  test("the plugin runs before the others", () => {
    assert.equal(fnwire().enforce, "pre");
  });
});

describe("the transform hook", () => {
  test("compiles for the environment's consumer: stubs for the browser, registrations on the server", async () => {
    const browser = await runTransform(fnwire(), MATH, "/app/src/api/math.server.ts", { context: client });
    assert.match(browser.result.code, /^import \{ createServerReference \} from "fnwire\/client";/);
    assert.match(browser.result.code, /export const add = \/\*#__PURE__\*\/ createServerReference\("[0-9a-f]{16}", "add", 2\);/);
    assert.ok(!browser.result.code.includes("a + b"));
    // The stub maps to nothing, so no bundler copies the module's source into a browser's source map.
    assert.deepEqual(browser.result.map, { mappings: "" });

    const built = await runTransform(fnwire(), MATH, "/app/src/api/math.server.ts", { context: server, command: "build" });
    assert.match(built.result.code, /import \{ registerServerReference \} from "fnwire\/server";/);
    assert.match(built.result.code, /return a \+ b;/);
    assert.equal(JSON.parse(built.result.map).sources.length, 1);
  });

  test("falls back to the ssr flag without an environment (before Vite 6)", async () => {
    const ssr = await runTransform(fnwire(), MATH, "/app/src/api/math.server.ts", { ssr: true, command: "build" });
    assert.match(ssr.result.code, /registerServerReference/);
    const browser = await runTransform(fnwire(), MATH, "/app/src/api/math.server.ts", { ssr: false });
    assert.match(browser.result.code, /createServerReference/);
  });

  test("in dev, server modules get the server runtime through the dev registry, which lets an edited module register again", async () => {
    const plugin = fnwire({ runtime: { server: "@acme/rpc/server" } });
    const dev = await runTransform(plugin, MATH, "/app/src/api/math.server.ts", { context: server, command: "serve" });
    // The compiled module imports the runtime as configured: builders are recognized by that specifier.
    assert.match(dev.result.code, /import \{ registerServerReference \} from "@acme\/rpc\/server";/);
    const registry = "\0virtual:fnwire/dev-registry";
    const resolveId = (context, importer) => plugin.resolveId.call(context, "@acme/rpc/server", importer, {});
    assert.equal(resolveId(server, "/app/src/api/math.server.ts"), registry);
    assert.equal(resolveId(client, "/app/src/main.ts"), undefined, "the browser gets stubs, which never import it");
    assert.equal(resolveId(server, registry), undefined, "the registry itself imports the real runtime");
    const code = plugin.load.call(server, registry);
    assert.match(code, /^export \* from "@acme\/rpc\/server";$/m);
    assert.match(code, /__unregisterServerReferences\(\[fnId\]\);\n {2}return register\(fn, fnId, fnName\);/);
    // A build imports the runtime itself.
    plugin.configResolved({ root: "/app", command: "build", build: {}, logger: console });
    assert.equal(resolveId(server, "/app/src/api/math.server.ts"), undefined);
  });

  test("ids follow the root and idSalt like the compiler's", async () => {
    const plain = await runTransform(fnwire(), MATH, "/app/src/api/math.server.ts", { context: client });
    const salted = await runTransform(fnwire({ idSalt: "pepper" }), MATH, "/app/src/api/math.server.ts", { context: client });
    const { transformSync } = await import("fnwire");
    const expected = transformSync(MATH, { filename: "src/api/math.server.ts", root: "/app", target: "client", idSalt: "pepper" });
    assert.equal(salted.result.code, expected.code);
    assert.notEqual(plain.result.code, salted.result.code);
  });

  test("leaves other modules alone: no directive, virtual ids, dependencies, non-script files", async () => {
    const plugin = fnwire();
    assert.equal((await runTransform(plugin, "export const x = 1;\n", "/app/src/x.ts", { context: client })).result, null);
    assert.equal((await runTransform(plugin, MATH, "\0virtual:thing", { context: client })).result, null);
    assert.equal((await runTransform(plugin, MATH, "/app/node_modules/pkg/a.server.js", { context: client })).result, null);
    assert.equal((await runTransform(plugin, MATH, "/app/src/a.server.css", { context: client })).result, null);
    // A query suffix is not part of the file name.
    const query = await runTransform(plugin, MATH, "/app/src/api/math.server.ts?v=123", { context: client });
    assert.match(query.result.code, /createServerReference/);
  });

  test("a module that breaks a rule is a Vite error with file, 1-based line and column, and the frames", async () => {
    const code = `"use server";\nexport const VERSION = "1";\nexport default async function f() {}\n`;
    const { error } = await runTransform(fnwire(), code, "/app/src/api/bad.server.ts", { context: client });
    assert.equal(error.id, "/app/src/api/bad.server.ts");
    assert.deepEqual(error.loc, { file: "/app/src/api/bad.server.ts", line: 2, column: 1 });
    assert.match(error.message, /^FW012: `VERSION` is a constant, not a function.* \(and 1 more below\)$/);
    assert.match(
      error.frame,
      /error\[FW012\][^]*2 \| export const VERSION = "1";[^]*error\[FW010\][^]*3 \| export default async function f\(\) \{\}/,
    );
    assert.deepEqual(
      error.diagnostics.map((d) => d.code),
      ["FW012", "FW010"],
    );
    assert.match(error.stack, /at \/app\/src\/api\/bad\.server\.ts:2:1$/);

    const named = await runTransform(fnwire(), "export const x = 1;\n", "/app/src/util.server.ts", { context: client });
    assert.equal(named.error.message.slice(0, 6), "FW003:");
  });

  test("a near miss of a directive (FW008) is a Vite warning; the module compiles", async () => {
    const warnings = [];
    const code = `"use server";\nexport async function save() {\n  "use sever";\n  return 1;\n}\n`;
    const context = { ...client, warn: (warning) => warnings.push(warning) };
    const { result } = await runTransform(fnwire(), code, "/app/src/api/near.server.ts", { context });
    assert.match(result.code, /createServerReference\("[0-9a-f]{16}", "save", 0\)/);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^warning\[FW008\]: "use sever" is not the "use server" directive[^]* --> src\/api\/near\.server\.ts:3:3/);
  });
});

describe("the whole suite's fixtures, through the transform hook with their options", () => {
  // A build id is no option of the plugin's: it takes its build's own (tested with a build below).
  for (const fixture of loadFixtures().filter((fixture) => !("buildId" in fixture.options))) {
    test(fixture.name, async () => {
      const { expected } = fixture;
      for (const [target, context] of [
        ["client", client],
        ["server", server],
      ]) {
        const plugin = fnwire(fixture.options);
        const warnings = [];
        // The dev server's transform: a production build's client stubs also carry its build id (tested below).
        const { result, error } = await runTransform(plugin, fixture.source, fixture.input, {
          context: { ...context, warn: (warning) => warnings.push(warning) },
          command: "serve",
          root: fixture.dir,
        });
        // A module's warnings (FW008) reach Vite's, rendered with their positions.
        const expectedWarnings = expected.warnings ?? [];
        assert.equal(warnings.length, expectedWarnings.length, target);
        expectedWarnings.forEach(({ code, line, column }, i) =>
          assert.match(warnings[i], new RegExp(`^warning\\[${code}\\][^]*:${line}:${column}\n`), target),
        );
        if (expected.kind === "diagnostics") {
          assert.equal(error.frame, expected.rendered, target);
          assert.deepEqual(error.diagnostics, expected.diagnostics, target);
        } else if (expected.kind === "unchanged") {
          assert.equal(result, null, target);
        } else {
          assert.equal(result.code, expected[target].code, target);
        }
      }
    });
  }
});

describe("a build with inline server functions", () => {
  let dir;
  before(async () => {
    dir = await writeApp({
      // Its own server module: the other tests of this process register math.server.ts's ids.
      "src/main.ts":
        'import { now } from "./api/clock.server";\nimport { renamer } from "./rename";\nexport const app = [now, renamer("r1")];\n',
      "src/api/clock.server.ts": '"use server";\nexport async function now() {\n  return 42;\n}\n',
      "src/rename.ts": [
        "export function renamer(id: string) {",
        "  async function rename(title: string) {",
        '    "use server";',
        "    return `${id}:${title}:inline-secret`;",
        "  }",
        "  return rename;",
        "}",
        "",
      ].join("\n"),
    });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("parses each server module once for the analysis and both targets; the browser gets no inline body", async () => {
    const plugin = fnwire({ inlineFunctions: "hoist" });
    const builder = await createBuilder({
      logLevel: "silent",
      configFile: false,
      root: dir,
      plugins: [plugin],
      builder: {},
      environments: {
        client: { build: { outDir: "out/client", sourcemap: true } },
        ssr: { build: { outDir: "out/server", minify: false } },
      },
    });
    await builder.buildApp();
    // Two modules with server functions: the analysis parsed each, and both targets reused it.
    assert.deepEqual(plugin.api.stats(), { parses: 2, kept: 2 });

    const assets = join(dir, "out", "client", "assets");
    for (const file of await readdir(assets)) {
      const text = await readFile(join(assets, file), "utf8");
      assert.ok(!text.includes("inline-secret"), `${file} holds the inline function's body`);
    }
    const manifest = JSON.parse(await readFile(join(dir, "out", "server", "manifest.json"), "utf8"));
    const [fnId, entry] = Object.entries(manifest.functions).find(([, fn]) => fn.inline);
    assert.deepEqual(entry, { module: "src/rename.ts", export: "renamer.rename", arity: 1, inline: true });

    const { handleRequest } = await import("fnwire/server");
    await import(join(dir, "out", "server", "fnwire-server.js"));
    const request = new Request("http://localhost/__fnwire/fn", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ fnId, args: ["r1", "x"] }),
    });
    assert.deepEqual(await (await handleRequest(request)).json(), { result: "r1:x:inline-secret" });
  });
});

describe("builds and the dev server, on a small app", () => {
  let dir;
  before(async () => {
    dir = await writeApp();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const quiet = { logLevel: "silent", configFile: false };

  test("vite build --app: client stubs, the server entry and manifest.json in the server output", async () => {
    const builder = await createBuilder({
      ...quiet,
      root: dir,
      plugins: [fnwire()],
      builder: {},
      environments: {
        client: { build: { outDir: "out/client", sourcemap: true } },
        ssr: { build: { outDir: "out/server", minify: false } },
      },
    });
    await builder.buildApp();
    const clientFiles = await readdir(join(dir, "out", "client", "assets"));
    const clientCode = await readFile(
      join(
        dir,
        "out",
        "client",
        "assets",
        clientFiles.find((file) => file.endsWith(".js")),
      ),
      "utf8",
    );
    assert.ok(!clientCode.includes("a + b"));
    assert.ok(!clientCode.includes("n * 2"));
    // Nor the source map's sourcesContent, where bundlers put the original text of mapped modules.
    const clientMap = await readFile(
      join(
        dir,
        "out",
        "client",
        "assets",
        clientFiles.find((file) => file.endsWith(".js.map")),
      ),
      "utf8",
    );
    const { sources } = JSON.parse(clientMap);
    assert.ok(sources.some((source) => source.endsWith("src/main.ts")));
    assert.ok(!sources.some((source) => source.endsWith("math.server.ts")), "the client source map lists the server module");
    assert.ok(!clientMap.includes("a + b") && !clientMap.includes("n * 2"), "the client source map holds the server module's code");

    const manifest = JSON.parse(await readFile(join(dir, "out", "server", "manifest.json"), "utf8"));
    assert.equal(manifest.version, 1);
    assert.deepEqual(Object.keys(manifest.functions), Object.keys(manifest.functions).sort());
    assert.deepEqual(
      Object.values(manifest.functions)
        .map((fn) => fn.export)
        .sort(),
      ["add", "double", "twice-it"],
    );
    for (const fnId of Object.keys(manifest.functions).filter((id) => manifest.functions[id].export !== "twice-it")) {
      assert.ok(clientCode.includes(fnId), `the client calls ${fnId}`);
    }
    // The build's id (section 16): the manifest's, the same as the Node API's for the same sources, in the client's stubs.
    const { analyzeGraph } = await import("fnwire");
    assert.equal(manifest.buildId, analyzeGraph({ root: dir, roots: ["src/main.ts"] }).manifest.buildId);
    assert.match(manifest.buildId, /^[0-9a-f]{16}$/);
    assert.match(clientCode, new RegExp(`buildId:[\`"]${manifest.buildId}[\`"]`), "the client's stubs carry the build id");

    // Importing the server entry registers every function: call them through the handler.
    const { handleRequest } = await import("fnwire/server");
    await import(join(dir, "out", "server", "fnwire-server.js"));
    const idOf = (name) => Object.keys(manifest.functions).find((id) => manifest.functions[id].export === name);
    const call = async (fnId, args) => {
      const request = new Request("http://localhost/__fnwire/fn", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ fnId, args }),
      });
      return (await handleRequest(request)).json();
    };
    assert.deepEqual(await call(idOf("add"), [2, 3]), { result: 5 });
    assert.deepEqual(await call(idOf("twice-it"), [4]), { result: 8 });
  });

  test("vite build --ssr without an entry builds the server entry", async () => {
    await build({ ...quiet, root: dir, plugins: [fnwire()], build: { ssr: true, outDir: "ssr-out" } });
    const files = (await readdir(join(dir, "ssr-out"))).sort();
    assert.deepEqual(files, ["fnwire-server.js", "manifest.json"]);
  });

  test("the server entry refuses to be part of a browser build", async () => {
    await writeFile(join(dir, "src", "leak.ts"), `import ${JSON.stringify(SERVER_ENTRY_ID)};\n`);
    await assert.rejects(
      build({
        ...quiet,
        root: dir,
        plugins: [fnwire()],
        build: { outDir: "leak-out", rollupOptions: { input: join(dir, "src", "leak.ts") } },
      }),
      /registers server functions and runs on the server/,
    );
  });

  test("the dev server answers the form endpoint too, with the handler's options (section 13)", async () => {
    const server = await createServer({
      ...quiet,
      root: dir,
      plugins: [fnwire({ allowedOrigins: ["https://app.example.com"], formSizeLimit: 2000 })],
      server: { host: "127.0.0.1", port: 0, strictPort: true, ws: false },
    });
    await server.listen();
    try {
      const base = server.resolvedUrls.local[0];
      const { analyzeGraph } = await import("fnwire");
      const ids = Object.fromEntries(
        Object.entries(analyzeGraph({ root: dir, roots: ["src/main.ts"] }).manifest.functions).map(([fnId, fn]) => [fn.export, fnId]),
      );
      const form = (fields, headers = {}) => {
        const body = new FormData();
        for (const [name, value] of fields) body.append(name, value);
        return fetch(new URL("/__fnwire/form", base), { method: "POST", body, headers, redirect: "manual" });
      };
      // A stub's call with values JSON cannot carry: the answer is /fn's.
      const stubCall = await form([["$fnwire:call", devalue.stringify({ fnId: ids.add, args: [2, 3n] })]]);
      assert.equal(stubCall.status, 500, "2 + 3n throws a TypeError on the server: the generic 500");
      // 2 + undefined is NaN, which JSON cannot carry: a client that accepts the encoding receives it.
      const call = await form([["$fnwire:call", devalue.stringify({ fnId: ids.add, args: [2, undefined] })]], {
        Accept: "application/json, application/vnd.fnwire+json",
      });
      assert.equal(call.status, 200);
      assert.equal(call.headers.get("content-type"), "application/vnd.fnwire+json");
      assert.ok(Number.isNaN(devalue.parse(await call.text()).result));
      // A form submitted without JavaScript: 303 back.
      const action = await form([["$fnwire:action", ids.double]], { Referer: base });
      assert.deepEqual([action.status, action.headers.get("location")], [303, base]);
      // The options reach the dev server's handler.
      assert.equal((await form([["$fnwire:action", ids.double]], { Origin: "https://evil.example" })).status, 403);
      assert.equal((await form([["$fnwire:action", ids.double]], { Origin: "https://app.example.com" })).status, 303);
      assert.equal(
        (
          await form([
            ["$fnwire:action", ids.double],
            ["big", "x".repeat(5000)],
          ])
        ).status,
        413,
      );
    } finally {
      await server.close();
    }
    for (const [options, message] of [
      [{ formSizeLimit: -1 }, /^\[fnwire\] fnwire\/vite: formSizeLimit must be a whole number of bytes/],
      [{ allowedOrigins: "https://a.example" }, /^\[fnwire\] fnwire\/vite: allowedOrigins must be an array/],
      [{ trustProxy: 1 }, /^\[fnwire\] fnwire\/vite: trustProxy must be true or false/],
    ]) {
      assert.throws(() => fnwire(options), { name: "TypeError", message });
    }
  });

  test("the dev server runs the serverMiddleware module's global middleware (section 15), and follows its edits", async () => {
    const middlewareModule = (greeting) => `import { createMiddleware, headers, ServerError } from "fnwire/server";
const auth = createMiddleware().server(function auth({ next }) {
  const user = headers().get("x-user");
  if (user === null) throw new ServerError("Sign in first", { status: 401 });
  return next({ context: { user: \`${greeting} \${user}\` } });
});
export default [auth];
`;
    const appDir = await writeApp({
      "src/main.ts": 'import { whoAmI } from "./api/who.server";\nwhoAmI().then(console.log);\n',
      "src/api/who.server.ts":
        '"use server";\nimport { getContext } from "fnwire/server";\nexport async function whoAmI() {\n  return getContext().user;\n}\n',
      "src/server/middleware.ts": middlewareModule("hello"),
    });
    const server = await createServer({
      ...quiet,
      root: appDir,
      plugins: [fnwire({ serverMiddleware: "src/server/middleware.ts" })],
      server: { host: "127.0.0.1", port: 0, strictPort: true, ws: false },
    });
    await server.listen();
    try {
      const url = new URL("/__fnwire/fn", server.resolvedUrls.local[0]).href;
      const { analyzeGraph } = await import("fnwire");
      const [fnId] = Object.keys(analyzeGraph({ root: appDir, roots: ["src/main.ts"] }).manifest.functions);
      const call = async (headers = {}) => {
        const response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...headers },
          body: JSON.stringify({ fnId, args: [] }),
        });
        return { status: response.status, body: await response.json() };
      };
      assert.deepEqual(await call(), { status: 401, body: { error: "Sign in first", fnId, status: 401 } });
      assert.deepEqual(await call({ "X-User": "ada" }), { status: 200, body: { result: "hello ada" } });
      await editWatched(server, join(appDir, "src", "server", "middleware.ts"), middlewareModule("welcome"));
      let answer;
      for (let tries = 0; tries < 50; tries++) {
        answer = await call({ "X-User": "ada" });
        if (answer.body.result === "welcome ada") break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(answer, { status: 200, body: { result: "welcome ada" } });
    } finally {
      await server.close();
      await rm(appDir, { recursive: true, force: true });
    }
    assert.throws(() => fnwire({ serverMiddleware: 3 }), { name: "TypeError", message: /serverMiddleware` must be the path of a module/ });
  });

  test("a production build's server entry brings the serverMiddleware with it: every handler of the server runs them first", async () => {
    const appDir = await writeApp({
      "src/main.ts": 'import { whoIsCalling } from "./api/caller.server";\nwhoIsCalling().then(console.log);\n',
      "src/api/caller.server.ts":
        '"use server";\nimport { getContext } from "fnwire/server";\nexport async function whoIsCalling() {\n  return getContext().user;\n}\n',
      "src/server/middleware.ts": `import { createMiddleware, headers, ServerError } from "fnwire/server";
export default [
  createMiddleware().server(function auth({ next }) {
    const user = headers().get("x-user");
    if (user === null) throw new ServerError("Sign in first", { status: 401 });
    return next({ context: { user: \`built \${user}\` } });
  }),
];
`,
    });
    const { handleRequest } = await import("fnwire/server");
    try {
      await build({
        logLevel: "silent",
        configFile: false,
        root: appDir,
        plugins: [fnwire({ serverMiddleware: "src/server/middleware.ts" })],
        build: { ssr: true, outDir: "ssr-out" },
      });
      const manifest = JSON.parse(await readFile(join(appDir, "ssr-out", "manifest.json"), "utf8"));
      const [fnId] = Object.keys(manifest.functions);
      await import(join(appDir, "ssr-out", "fnwire-server.js"));
      const call = async (headers = {}) => {
        const request = new Request("http://localhost/__fnwire/fn", {
          method: "POST",
          headers: { "Content-Type": "application/json", ...headers },
          body: JSON.stringify({ fnId, args: [] }),
        });
        const response = await handleRequest(request, { manifest });
        return { status: response.status, body: await response.json() };
      };
      assert.deepEqual(await call(), { status: 401, body: { error: "Sign in first", fnId, status: 401 } });
      assert.deepEqual(await call({ "X-User": "ada" }), { status: 200, body: { result: "built ada" } });
    } finally {
      // The build's middleware apply to the whole process: later tests start without them.
      globalThis[Symbol.for("fnwire.server")].buildMiddleware = undefined;
      await rm(appDir, { recursive: true, force: true });
    }
  });

  test("the dev server answers calls, follows edits, and forgets removed functions", async () => {
    const server = await createServer({
      ...quiet,
      root: dir,
      plugins: [fnwire()],
      server: { host: "127.0.0.1", port: 0, strictPort: true, ws: false },
    });
    await server.listen();
    try {
      const url = new URL("/__fnwire/fn", server.resolvedUrls.local[0]).href;
      const { analyzeGraph } = await import("fnwire");
      const ids = Object.fromEntries(
        Object.entries(analyzeGraph({ root: dir, roots: ["src/main.ts"] }).manifest.functions).map(([fnId, fn]) => [fn.export, fnId]),
      );
      const mathFile = join(dir, "src", "api", "math.server.ts");
      // What the dev server sends to browsers' overlay.
      const sent = [];
      const hot = server.environments.client.hot;
      const send = hot.send.bind(hot);
      hot.send = (payload, ...rest) => {
        sent.push(payload);
        return send(payload, ...rest);
      };
      const edit = (content) => editWatched(server, mathFile, content);
      const call = async (fnId, args) => {
        const response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ fnId, args }),
        });
        return { status: response.status, body: await response.json() };
      };
      assert.deepEqual(await call(ids.add, [2, 3]), { status: 200, body: { result: 5 } });
      assert.deepEqual(await call(ids.double, [21]), { status: 200, body: { result: 42 } });
      // Other paths go on to Vite.
      assert.equal((await fetch(new URL("/src/main.ts", url))).status, 200);

      // An edit: the new code answers, the removed export stops answering.
      await edit(MATH.replace("a + b", "a + b + 100").replace(', twice as "twice-it"', ""));
      let answer;
      for (let tries = 0; tries < 50; tries++) {
        answer = await call(ids.add, [2, 3]);
        if (answer.body.result === 105) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(answer, { status: 200, body: { result: 105 } });
      assert.equal((await call(ids["twice-it"], [1])).status, 404);
      assert.deepEqual(await call(ids.double, [1]), { status: 200, body: { result: 2 } });

      // A broken module: the call answers 500 with the diagnostic (dev only), and the fix brings it back.
      await edit(`${MATH}export const VERSION = "1";\n`);
      for (let tries = 0; tries < 50 && answer.status !== 500; tries++) {
        answer = await call(ids.add, [2, 3]);
        if (answer.status !== 500) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(answer.status, 500);
      assert.match(answer.body.error, /FW012/);
      // ...and Vite's overlay in the browser gets it with the file, line, column and frame.
      const overlay = sent.filter((payload) => payload.type === "error").at(-1)?.err;
      assert.deepEqual(overlay.loc, { file: mathFile, line: 7, column: 1 });
      assert.equal(overlay.plugin, "fnwire");
      assert.match(overlay.frame, /error\[FW012\][^]*--> src\/api\/math\.server\.ts:7:1[^]*7 \| export const VERSION = "1";\n +\| \^/);
      await edit(MATH);
      for (let tries = 0; tries < 50 && answer.status !== 200; tries++) {
        answer = await call(ids.add, [2, 3]);
        if (answer.status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(answer, { status: 200, body: { result: 5 } });
    } finally {
      await server.close();
    }
  });
});
