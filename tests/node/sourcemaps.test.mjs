// The maps of both targets, decoded with @jridgewell/trace-mapping: each
// client stub leads to its export, the server module to itself.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { transform, transformSync } from "fnwire";

const FILE = "/app/src/api/shop.server.ts";
const OPTIONS = { filename: FILE, root: "/app" };
// Every export form, and a non-ASCII line: map columns count UTF-16 units, as JavaScript does.
const SOURCE = [
  '"use server";',
  'import { db } from "./db";',
  "",
  "export async function listItems() {",
  "  return db.items();",
  "}",
  "",
  "export const addItem = async (name: string) => db.add(name);",
  "",
  "async function removeItem(id: string) {",
  "  return db.remove(id);",
  "}",
  'const greeting = "Grüße 🌍"; export const hello = async () => greeting;',
  'export { removeItem, removeItem as "remove-item" };',
  "",
].join("\n");

/** 1-based line and 0-based (UTF-16) column of `text` in SOURCE. */
function originalOf(text) {
  const lines = SOURCE.split("\n");
  const line = lines.findIndex((candidate) => candidate.includes(text));
  return { line: line + 1, column: lines[line].indexOf(text) };
}

describe("client target", () => {
  const result = transformSync(SOURCE, { ...OPTIONS, target: "client" });
  const map = new TraceMap(result.map);
  const lines = result.code.split("\n");

  test("the map names the original file and carries no source text", () => {
    const raw = JSON.parse(result.map);
    assert.deepEqual(raw.sources, [FILE]);
    assert.equal((raw.sourcesContent ?? []).filter(Boolean).length, 0);
  });

  test("each stub maps to the start of its export", () => {
    const expectations = [
      ["listItems", "export async function listItems"],
      ["addItem", "export const addItem"],
      ["hello", "export const hello"],
      ["removeItem", "removeItem, removeItem"],
      ["remove-item", 'removeItem as "remove-item"'],
    ];
    for (const [name, exportText] of expectations) {
      const fn = result.serverFunctions.find((candidate) => candidate.exportName === name);
      // The stub is the line that calls createServerReference with this function's id.
      const line = lines.findIndex((text) => text.includes(`createServerReference("${fn.fnId}"`)) + 1;
      assert.ok(line > 0, `${name} has a stub`);
      const original = originalPositionFor(map, { line, column: 0 });
      assert.equal(original.source, FILE);
      assert.deepEqual({ line: original.line, column: original.column }, originalOf(exportText), name);
      // The function list's 1-based position is the same place. Its column is compared only
      // where ASCII precedes the export: that list counts characters, a source map UTF-16 units.
      const { line: exportLine, column } = originalOf(exportText);
      assert.equal(fn.line, exportLine, `${name}'s line in serverFunctions`);
      if (name !== "hello") assert.equal(fn.column - 1, column, `${name}'s column in serverFunctions`);
    }
  });
});

describe("server target", () => {
  test("the original code maps to itself, the source text included", async () => {
    const result = await transform(SOURCE, { ...OPTIONS, target: "server" });
    const raw = JSON.parse(result.map);
    assert.deepEqual(raw.sourcesContent, [SOURCE]);
    const map = new TraceMap(raw);
    const lines = result.code.split("\n");
    for (const text of ["db.items()", "db.add(name)", "db.remove(id)", "greeting;"]) {
      const line = lines.findIndex((candidate) => candidate.includes(text));
      const original = originalPositionFor(map, { line: line + 1, column: lines[line].indexOf(text) });
      assert.equal(original.source, FILE);
      assert.deepEqual({ line: original.line, column: original.column }, originalOf(text), text);
    }
  });
});
