// fnwire/webpack's contract with its host, called the way webpack and rspack
// call a loader (a loader context as `this`, the result through this.async()).
// The real builds are in webpack.test.mjs and rspack.test.mjs.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import swc from "@swc/core";
import { transformSync } from "fnwire";
import { loadFixtures } from "../fixtures.mjs";

// Loaded as webpack loads loaders: require() by package name.
const loader = createRequire(import.meta.url)("fnwire/webpack");

const ROOT = "/project";
const FILE = "/project/src/api/users.server.ts";
const SOURCE = [
  '"use server";',
  'import { db } from "./db";',
  "",
  "export async function getUser(id: string): Promise<string> {",
  "  return db.find(id);",
  "}",
  "",
  "export const listUsers = async (limit?: number) => db.list(limit);",
  "",
].join("\n");

/** Runs the loader once; resolves with what it handed to its callback. */
function runLoader(source, { options, inputMap, meta, sourceMap = true, resourcePath = FILE, rootContext = ROOT } = {}) {
  return new Promise((resolve, reject) => {
    const warnings = [];
    const context = {
      getOptions: () => options,
      resourcePath,
      rootContext,
      sourceMap,
      emitWarning: (warning) => warnings.push(warning),
      async: () => (error, code, map, outMeta) => (error ? reject(error) : resolve({ code, map, meta: outMeta, warnings })),
    };
    loader.call(context, source, inputMap, meta);
  });
}

describe("options", () => {
  const invalid = [
    [{}, /options misses the property 'target'/],
    [{ target: "browser" }, /options\.target should be one of these:\s+"client" \| "server"/],
    [{ target: "client", sourcemap: true }, /options has an unknown property 'sourcemap'/],
    [{ target: "client", root: 1 }, /options\.root should be a string/],
    [{ target: "client", idSalt: false }, /options\.idSalt should be a string/],
    [{ target: "client", runtime: "fnwire" }, /options\.runtime should be an object/],
    [{ target: "client", runtime: { x: "y" } }, /options\.runtime has an unknown property 'x'/],
  ];
  for (const [options, message] of invalid) {
    test(`rejects ${JSON.stringify(options)}, naming the option`, () => {
      assert.throws(
        () => loader.call({ getOptions: () => options, async: () => assert.fail("no transform may start") }, SOURCE),
        (error) => error.name === "ValidationError" && message.test(error.message) && /fnwire\/webpack/.test(error.message),
      );
    });
  }

  test("the same rules hold for a module that is not a server module", () => {
    assert.throws(
      () => loader.call({ getOptions: () => ({ target: "server", bogus: 1 }) }, "export const x = 1;"),
      /unknown property 'bogus'/,
    );
  });

  test("root defaults to the bundler's rootContext; a given root wins", async () => {
    const fromContext = await runLoader(SOURCE, { options: { target: "client" }, rootContext: ROOT });
    const expected = transformSync(SOURCE, { filename: FILE, root: ROOT, target: "client" });
    assert.equal(fromContext.code, expected.code);

    const given = await runLoader(SOURCE, { options: { target: "client", root: "/project/src" } });
    assert.equal(given.code, transformSync(SOURCE, { filename: FILE, root: "/project/src", target: "client" }).code);
    assert.notEqual(given.code, fromContext.code, "ids depend on the root");
  });

  test("runtime and idSalt reach the compiler", async () => {
    const options = { target: "server", runtime: { server: "@acme/rpc/server" }, idSalt: "pepper" };
    const { code } = await runLoader(SOURCE, { options });
    const expected = transformSync(SOURCE, {
      filename: FILE,
      root: ROOT,
      target: "server",
      runtime: { server: "@acme/rpc/server" },
      idSalt: "pepper",
    });
    assert.equal(code, expected.code);
    assert.match(code, /from "@acme\/rpc\/server"/);
  });
});

describe("output", () => {
  test("a module that is not a server module passes through: same code, same map, same meta", async () => {
    const source = "export const answer = 42;\n";
    const inputMap = { version: 3, sources: ["a.ts"], names: [], mappings: "AAAA" };
    const meta = { webpackAST: {} };
    const result = await runLoader(source, { options: { target: "client" }, inputMap, meta, resourcePath: "/project/src/a.ts" });
    assert.equal(result.code, source);
    assert.equal(result.map, inputMap);
    assert.equal(result.meta, meta);
  });

  test("the loader's own prefilter skips only what the compiler would hand back unchanged", async () => {
    const plain = "export const answer = 42;\n";
    const inline = 'export async function save() {\n  "use server";\n}\n';
    const cases = [
      ["/project/src/a.ts", plain],
      ["/project/src/a.server.ts", plain],
      ["/project/src/a.b.server.cjs", plain],
      ["/project/src/.server.ts", plain],
      ["/project/src/a.server.d.ts", plain],
      ["/project/src/a.servers.ts", plain],
      ["/project/src/a.ts", inline],
      ["/project/src/a.ts", '// not "use server" here\nexport const x = 1;\n'],
      ["/project/src/a.mjs", SOURCE],
    ];
    const outcome = (run) =>
      run.then(
        (result) => ["code", result.code],
        (error) => ["error", error.code],
      );
    for (const [resourcePath, source] of cases) {
      const options = { filename: resourcePath, root: ROOT, target: "client" };
      const expected = await outcome(Promise.resolve().then(() => transformSync(source, options)));
      assert.deepEqual(await outcome(runLoader(source, { options: { target: "client" }, resourcePath })), expected, resourcePath);
    }
  });

  test("each target compiles as transformSync does, with its source map", async () => {
    for (const target of ["client", "server"]) {
      const result = await runLoader(SOURCE, { options: { target } });
      const expected = transformSync(SOURCE, { filename: FILE, root: ROOT, target });
      assert.equal(result.code, expected.code);
      assert.deepEqual(result.map, JSON.parse(expected.map));
    }
  });

  test("this.sourceMap false: no map", async () => {
    const result = await runLoader(SOURCE, { options: { target: "client" }, sourceMap: false });
    assert.equal(result.map, undefined);
    assert.equal(result.code, transformSync(SOURCE, { filename: FILE, root: ROOT, target: "client" }).code);
  });

  test("a near miss of a directive (FW008) is a webpack warning; the module compiles", async () => {
    const near = '"use server";\nexport async function save() {\n  "use sever";\n  return 1;\n}\n';
    const { code, warnings } = await runLoader(near, { options: { target: "client" } });
    assert.match(code, /createServerReference\("[0-9a-f]{16}", "save", 0\)/);
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0].message,
      /^warning\[FW008\]: "use sever" is not the "use server" directive[^]* --> src\/api\/users\.server\.ts:3:3/,
    );
  });

  test("a rule violation is one error with the rendered diagnostics, their code and list", async () => {
    const broken = '"use server";\nexport const VERSION = "1";\nexport default async function main() {}\n';
    await assert.rejects(runLoader(broken, { options: { target: "client" } }), (error) => {
      assert.equal(error.name, "FnwireError");
      assert.equal(error.code, "FW012");
      assert.deepEqual(
        error.diagnostics.map(({ code, line, column }) => [code, line, column]),
        [
          ["FW012", 2, 1],
          ["FW010", 3, 1],
        ],
      );
      assert.match(error.message, /error\[FW012\][^]* --> src\/api\/users\.server\.ts:2:1\n[^]*error\[FW010\][^]*:3:1/);
      assert.equal(error.hideStack, true, "webpack shows the message, not a stack trace");
      return true;
    });
  });
});

describe("input source maps", () => {
  // A loader before fnwire: @swc/core strips the types of SOURCE and emits a map, with the original text.
  function strippedByPreviousLoader() {
    const { code, map } = swc.transformSync(SOURCE, {
      filename: FILE,
      sourceMaps: true,
      jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    });
    return { code, map: JSON.parse(map) };
  }

  const lineOf = (text) => SOURCE.split("\n").findIndex((line) => line.includes(text)) + 1;

  test("client: each stub maps through the previous loader's map to its export in the original file", async () => {
    const previous = strippedByPreviousLoader();
    const result = await runLoader(previous.code, { options: { target: "client" }, inputMap: previous.map });
    const map = new TraceMap(result.map);
    const lines = result.code.split("\n");
    for (const [name, exported] of [
      ["getUser", "export async function getUser"],
      ["listUsers", "export const listUsers"],
    ]) {
      const line = lines.findIndex((text) => text.startsWith(`export const ${name} =`)) + 1;
      const original = originalPositionFor(map, { line, column: 0 });
      assert.equal(original.source, FILE);
      assert.equal(original.line, lineOf(exported), `${name}'s stub maps to its export`);
    }
  });

  test("server: the module's code maps through the previous loader's map to the original lines", async () => {
    const previous = strippedByPreviousLoader();
    const result = await runLoader(previous.code, { options: { target: "server" }, inputMap: previous.map });
    const map = new TraceMap(result.map);
    const lines = result.code.split("\n");
    for (const text of ["db.find(id)", "db.list(limit)"]) {
      const line = lines.findIndex((candidate) => candidate.includes(text));
      const original = originalPositionFor(map, { line: line + 1, column: lines[line].indexOf(text) });
      assert.equal(original.source, FILE);
      assert.equal(original.line, lineOf(text), `${text} maps to its original line`);
    }
  });

  test("client: no source text in the chained map, even though the input map had it", async () => {
    const previous = strippedByPreviousLoader();
    assert.ok(previous.map.sourcesContent?.[0]?.includes("db.find"), "the input map carries the source");
    const result = await runLoader(previous.code, { options: { target: "client" }, inputMap: previous.map });
    assert.ok(!JSON.stringify(result.map).includes("db.find"));
  });

  test("server: the chained map keeps the original text", async () => {
    const previous = strippedByPreviousLoader();
    const result = await runLoader(previous.code, { options: { target: "server" }, inputMap: JSON.stringify(previous.map) });
    assert.deepEqual(result.map.sourcesContent, [SOURCE]);
  });
});

describe("the whole suite's fixtures, through the loader with their options", () => {
  for (const fixture of loadFixtures()) {
    test(fixture.name, async () => {
      const { expected } = fixture;
      for (const target of ["client", "server"]) {
        const options = { ...fixture.options, target, root: fixture.dir };
        const run = runLoader(fixture.source, { options, resourcePath: fixture.input, rootContext: fixture.dir });
        if (expected.kind === "diagnostics") {
          const error = await run.then(
            () => assert.fail(`${target}: the loader must fail`),
            (error) => error,
          );
          assert.equal(error.name, "FnwireError");
          assert.equal(error.message, expected.rendered, target);
          assert.deepEqual(error.diagnostics, expected.diagnostics, target);
        } else {
          const { code } = await run;
          assert.equal(code, expected.kind === "unchanged" ? fixture.source : expected[target].code, target);
        }
      }
    });
  }
});
