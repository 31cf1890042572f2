// The real-build checks, shared by webpack 5 and rspack: build the test app
// (client + server), read the client bundle, run the server bundle behind
// node:http on 127.0.0.1 and call it through the client bundle's stubs.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { appConfigs, appDir, brokenConfig } from "./app/configs.mjs";

// The loader as webpack and rspack load it (require, by package name): the same module instance.
const fnwireLoader = createRequire(import.meta.url)("fnwire/webpack");

/** Runs a (multi-)compiler to the end; resolves with its stats, rejects on a fatal error. */
export function compile(bundler, configs) {
  return new Promise((resolve, reject) => {
    const compiler = bundler(configs);
    compiler.run((error, stats) => {
      compiler.close(() => (error ? reject(error) : resolve(stats)));
    });
  });
}

/** Every error message of a build, as the bundler's stats render them. */
export function errorMessages(stats) {
  const json = stats.toJson({ all: false, errors: true, children: true });
  const children = json.children ?? [];
  return [...(json.errors ?? []), ...children.flatMap((child) => child.errors ?? [])].map((error) => error.message);
}

/** What fnwire's ids are for a module of the app: SHA-256 of `<path from the context>:<export>`, 16 hex digits. */
export function expectedFnId(modulePath, exportName) {
  return createHash("sha256").update(`${modulePath}:${exportName}`).digest("hex").slice(0, 16);
}

// Names and strings that only the server module's source contains.
const SERVER_ONLY = ["SERVER_ONLY_TAX_RATE", "SERVER_ONLY_NOTE", "serverOnlySubtotal", "server-only tax table", "LineItem", "ServerError("];

export function bundlerSuite(name, { bundler, tsLoader }) {
  describe(`${name}: the test app`, () => {
    let outDir;
    let clientCode;
    let client;
    let running;

    before(async () => {
      outDir = mkdtempSync(join(tmpdir(), `fnwire-${name}-`));
      const stats = await compile(bundler, appConfigs({ outDir, tsLoader }));
      assert.deepEqual(errorMessages(stats), [], "the app builds without errors");
      clientCode = readFileSync(join(outDir, "client", "client.mjs"), "utf8");
      client = await import(pathToFileURL(join(outDir, "client", "client.mjs")));
      const server = await import(pathToFileURL(join(outDir, "server", "server.mjs")));
      running = await server.startServer(0);
      client.connect(running.url);
    });

    after(() => {
      running?.server.closeAllConnections();
      running?.server.close();
      if (outDir) rmSync(outDir, { recursive: true, force: true });
    });

    test("the loader parsed each server module once, for both builds", () => {
      // The app's two server modules, compiled for the client and the server builds.
      assert.deepEqual(fnwireLoader.stats(), { parses: 2, kept: 2 });
    });

    test("the client bundle holds one stub per server function, with the ids and arities", () => {
      const stubs = [
        ["src/api/math.server.ts", "add", ", 2"],
        ["src/api/math.server.ts", "orderTotal", ", 1"],
        ["src/api/math.server.ts", "validateName", ", 1"],
        ["src/api/greeting.server.ts", "greet", ""],
      ];
      for (const [modulePath, exportName, arity] of stubs) {
        const call = `createServerReference)("${expectedFnId(modulePath, exportName)}", "${exportName}"${arity})`;
        assert.ok(clientCode.includes(call), `stub ${call} in the client bundle`);
      }
      assert.equal(client.add.fnId, expectedFnId("src/api/math.server.ts", "add"));
      assert.equal(client.add.fnArity, 2);
      assert.equal("fnArity" in client.greet, false, "greet has an optional parameter: no fnArity");
    });

    test("the client bundle and its source map hold none of the server module's source", () => {
      for (const text of SERVER_ONLY) assert.ok(!clientCode.includes(text), `${text} must not reach the client`);
      const map = JSON.parse(readFileSync(join(outDir, "client", "client.mjs.map"), "utf8"));
      const content = (map.sourcesContent ?? []).filter(Boolean).join("\n");
      for (const text of SERVER_ONLY) assert.ok(!content.includes(text), `${text} must not be in the client's source map`);
    });

    test("the client source map leads each stub back to its export in the server module", () => {
      const map = new TraceMap(readFileSync(join(outDir, "client", "client.mjs.map"), "utf8"));
      const lines = clientCode.split("\n");
      const line = lines.findIndex((text) => text.includes(`"${expectedFnId("src/api/math.server.ts", "orderTotal")}"`));
      const column = lines[line].indexOf("const orderTotal");
      const original = originalPositionFor(map, { line: line + 1, column });
      assert.match(original.source, /src\/api\/math\.server\.ts$/);
      const sourceLines = readFileSync(join(appDir, "src", "api", "math.server.ts"), "utf8").split("\n");
      assert.equal(original.line, sourceLines.findIndex((text) => text.startsWith("export async function orderTotal")) + 1);
    });

    test("the server bundle keeps the server module's code", () => {
      const serverCode = readFileSync(join(outDir, "server", "server.mjs"), "utf8");
      assert.ok(serverCode.includes("serverOnlySubtotal"));
      assert.ok(serverCode.includes(`"${expectedFnId("src/api/math.server.ts", "add")}"`));
    });

    test("a stub calls the server bundle over HTTP and resolves its result", async () => {
      assert.equal(await client.add(2, 3), 5);
      assert.deepEqual(await client.orderTotal([{ price: 2.5, quantity: 4 }]), {
        total: 12,
        note: "computed with the server-only tax table",
      });
      assert.equal(await client.greet("Bo", "?"), "Hello, Bo?");
      assert.equal(await client.checkout(), "Hello, Ada! Your total is 24.");
    });

    test("a ServerError reaches the client as ServerFunctionError with its status and data", async () => {
      assert.equal(await client.validateName("  Ann "), "Ann");
      await assert.rejects(client.validateName("   "), (error) => {
        assert.ok(error instanceof client.ServerFunctionError);
        assert.equal(error.message, "bad");
        assert.equal(error.status, 400);
        assert.deepEqual(error.data, { field: "x" });
        assert.equal(error.fnId, expectedFnId("src/api/math.server.ts", "validateName"));
        return true;
      });
    });
  });

  describe(`${name}: a production build`, () => {
    test("its client stubs send the build id of the graph of its entries (section 16), the one a server's manifest names", async () => {
      const outDir = mkdtempSync(join(tmpdir(), `fnwire-${name}-production-`));
      try {
        const [clientConfig] = appConfigs({ outDir, tsLoader });
        const stats = await compile(bundler, { ...clientConfig, mode: "production", devtool: false });
        assert.deepEqual(errorMessages(stats), []);
        const code = readFileSync(join(outDir, "client", "client.mjs"), "utf8");
        const { analyzeGraph } = await import("fnwire");
        const { buildId } = analyzeGraph({ root: appDir, roots: ["src/client.ts"] }).manifest;
        assert.match(buildId, /^[0-9a-f]{16}$/);
        // Each of the four stubs carries it.
        assert.equal(code.match(new RegExp(`buildId:\\s*"${buildId}"`, "g"))?.length, 4, `buildId "${buildId}" in each stub`);
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    });
  });

  describe(`${name}: a server module that breaks a rule`, () => {
    test("fails the build with FW012, the file:line:col and the code frame", async () => {
      const outDir = mkdtempSync(join(tmpdir(), `fnwire-${name}-broken-`));
      try {
        const stats = await compile(bundler, brokenConfig({ outDir, tsLoader }));
        assert.equal(stats.hasErrors(), true);
        const messages = errorMessages(stats);
        assert.equal(messages.length, 1);
        const [message] = messages;
        assert.match(message, /error\[FW012\]: `VERSION` is a constant, not a function/);
        assert.match(message, /--> broken\/config\.server\.ts:3:1/);
        assert.match(message, /3 \| export const VERSION = "1";/);
        assert.match(message, /\^{27}/, "the code frame underlines the export");
        // The rendered stats (what a terminal shows) carry the same position.
        assert.match(stats.toString({ colors: false }), /broken\/config\.server\.ts:3:1/);
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    });
  });
}
