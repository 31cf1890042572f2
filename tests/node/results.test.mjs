// What transformSync and transform give back: the error of a module that
// breaks a rule, `arity`, and modules that are not server modules.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { transform, transformSync } from "fnwire";

const OPTIONS = { filename: "/app/src/api/users.server.ts", root: "/app", target: "client" };

// Three errors, on lines 3, 5 and 6; positions found in the text below, not written by hand.
const BROKEN = [
  '"use server";',
  "export async function ok() {}",
  'export const VERSION = "1";',
  "",
  "  export default async function main() {}",
  "export function* numbers() {}",
  "",
].join("\n");

/** 1-based line and column of the first occurrence of `text` in `source`. */
function positionOf(source, text) {
  const lines = source.split("\n");
  const line = lines.findIndex((candidate) => candidate.includes(text));
  return { line: line + 1, column: lines[line].indexOf(text) + 1 };
}

describe("a module that breaks a rule", () => {
  const expected = [
    { code: "FW012", at: 'export const VERSION = "1";' },
    { code: "FW010", at: "export default async function main() {}" },
    { code: "FW014", at: "export function* numbers() {}" },
  ];

  function check(error) {
    assert.ok(error instanceof Error);
    assert.ok(!(error instanceof TypeError), "a rule violation is not an options error");
    assert.equal(error.code, "FW012", "code is the first diagnostic's");
    assert.equal(error.diagnostics.length, expected.length, "every error of the module, in one pass");
    error.diagnostics.forEach((diagnostic, index) => {
      const { code, at } = expected[index];
      assert.deepEqual(Object.keys(diagnostic).sort(), ["code", "column", "file", "line", "message", "severity"]);
      assert.equal(diagnostic.code, code);
      assert.equal(diagnostic.severity, "error");
      assert.equal(diagnostic.file, "src/api/users.server.ts", "relative to the root, with /");
      assert.deepEqual({ line: diagnostic.line, column: diagnostic.column }, positionOf(BROKEN, at));
      assert.equal(typeof diagnostic.message, "string");
      // The message holds each diagnostic rendered: header, position, the source line and a caret underline.
      const { line, column } = diagnostic;
      assert.ok(
        error.message.includes(`error[${code}]: ${diagnostic.message}\n --> ${diagnostic.file}:${line}:${column}\n`),
        `${code} rendered`,
      );
      assert.ok(error.message.includes(`${line} | ${BROKEN.split("\n")[line - 1]}\n`), `${code}'s code frame`);
      assert.ok(error.message.includes(`| ${" ".repeat(column - 1)}^`), `${code}'s caret at column ${column}`);
    });
    return true;
  }

  test("transformSync throws an Error with code, diagnostics and the rendered message", () => {
    assert.throws(() => transformSync(BROKEN, OPTIONS), check);
  });

  test("transform rejects with the same error", async () => {
    await assert.rejects(transform(BROKEN, { ...OPTIONS, target: "server" }), check);
  });

  test("a parse error is FW001 with the parser's message", () => {
    assert.throws(
      () => transformSync('"use server";\nexport async function broken( {\n', OPTIONS),
      (error) => error.code === "FW001" && /Server function module could not be parsed:/.test(error.diagnostics[0].message),
    );
  });
});

describe("arity", () => {
  const source = [
    '"use server";',
    "export async function none() {}",
    "export async function two(a: string, { b }: { b: number }) {}",
    "export async function withThis(this: Window, a: string) {}",
    "export async function optional(a?: string) {}",
    "export async function withDefault(a = 1) {}",
    "export async function rest(...args: string[]) {}",
    "",
  ].join("\n");

  test("a number when every parameter is required and plain; absent (not null) otherwise", () => {
    const byName = Object.fromEntries(transformSync(source, OPTIONS).serverFunctions.map((fn) => [fn.fnName, fn]));
    assert.equal(byName.none.arity, 0);
    assert.equal(byName.two.arity, 2);
    assert.equal(byName.withThis.arity, 1, "a TypeScript `this` parameter does not count");
    for (const name of ["optional", "withDefault", "rest"]) {
      assert.equal("arity" in byName[name], false, `${name} has no arity key`);
      assert.deepEqual(Object.keys(byName[name]).sort(), ["column", "exportName", "fnId", "fnName", "line", "localName"]);
    }
  });

  test("the list is the same for both targets, with 1-based positions", () => {
    const client = transformSync(source, OPTIONS).serverFunctions;
    assert.deepEqual(transformSync(source, { ...OPTIONS, target: "server" }).serverFunctions, client);
    assert.deepEqual({ line: client[0].line, column: client[0].column }, positionOf(source, "export async function none"));
  });
});

describe("modules that are not server modules", () => {
  const modules = {
    "plain TypeScript": "export const answer: number = 42;\n",
    "a mention in a comment": '// this is not "use server"\nexport const x = 1;\n',
    "the directive after code": 'const a = 1;\nfunction f() { return "use server"; }\n',
    "text that does not parse": "this is ( not JavaScript",
    "non-ASCII and CRLF": "\uFEFFexport const gruß = '世界 🌍';\r\n",
    empty: "",
  };

  // Not named *.server.*: such a file without the directive is FW003.
  const options = { ...OPTIONS, filename: "/app/src/util.ts" };
  for (const [what, code] of Object.entries(modules)) {
    test(`${what}: the same string back, isServerModule false, no map`, async () => {
      for (const result of [transformSync(code, options), await transform(code, { ...options, target: "server" })]) {
        assert.equal(result.code, code);
        assert.equal(result.isServerModule, false);
        assert.deepEqual(result.serverFunctions, []);
        assert.equal("map" in result, false);
      }
    });
  }
});
