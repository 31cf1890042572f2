// The bundler integrations skip modules with npm/prefilter.cjs before calling
// the compiler; its answers must agree with the compiler's own prefilter.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { moduleExtensions, transformSync } from "fnwire";

const { MODULE_EXTENSIONS, mightBeServerModule } = createRequire(import.meta.url)("fnwire/prefilter");

test("the JS prefilter's extensions are the compiler's", () => {
  assert.deepEqual(MODULE_EXTENSIONS, moduleExtensions());
});

const names = [
  "/app/src/a.ts",
  "/app/src/users.server.ts",
  "/app/src/users.server.tsx",
  "/app/src/x.server.mjs",
  "/app/src/x.server.cjs",
  "/app/src/.server.ts",
  "/app/src/a.server.d.ts",
  "/app/src/a.server.json",
  "/app/src/a.servers.ts",
  "/app/src/server.ts",
  "C:\\app\\src\\b.server.js",
  "/app/src/a.server.cjsx",
];
const sources = [
  "export const x = 1;",
  '"use server";\nexport async function f() {}',
  "// mentions use server in a comment\nexport const y = 2;",
  'export function Page() { async function a() { "use server"; } return a; }',
];

test("the JS prefilter skips only what the compiler hands back unchanged", () => {
  let skipped = 0;
  for (const filename of names) {
    for (const code of sources) {
      if (mightBeServerModule(code, filename)) continue;
      skipped++;
      for (const target of ["client", "server"]) {
        const result = transformSync(code, { filename, root: "/app", target });
        assert.equal(result.isServerModule, false, `${filename}: ${code}`);
        assert.equal(result.code, code);
      }
    }
  }
  // The ordinary source under the seven names that are not `*.server.*`.
  assert.equal(skipped, 7, "the prefilter skips ordinary modules");
  // And it does not skip what the compiler must see.
  assert.equal(mightBeServerModule("export const a = 1;", "/app/src/users.server.ts"), true);
  assert.equal(mightBeServerModule("'use server'", "/app/src/a.ts"), true);
  assert.throws(() => transformSync("export const a = 1;", { filename: "/app/src/users.server.ts", root: "/app", target: "client" }), {
    code: "FW003",
  });
});
