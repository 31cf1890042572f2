// The example app built by `vite build` and served by its server.mjs, in
// headless chromium: the walk through the app with ids from manifest.json, and
// built browser assets that hold none of the server modules' source.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createBuilder } from "vite";
import { exampleDir, launchBrowser, startProductionServer, walkThroughApp } from "./support.mjs";

const dist = join(exampleDir, "dist");

// Text found only in the server modules and the store they import: a stub
// carries none of it, so the browser's files must not either.
const SERVER_ONLY = [
  "Water the office plants", // a default record of the store, set in records.server.ts
  "Give the record a title.", // createRecord's validation message
  "TITLE_MAX_LENGTH",
  "removeRecord", // the local name behind the deleteRecord alias
  "EMAIL_PATTERN",
  "fnwire_example_visits", // the cookie name
  "HeadlessChrome",
  "fnwire-example.tables", // the store module
  "registerServerReference",
];

async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe("the example app in production (vite build + server.mjs)", { timeout: 180_000 }, () => {
  let server;
  let browser;
  let manifest;

  before(async () => {
    // What `npm run build` in examples/basic does: every environment, client and server.
    const builder = await createBuilder({ root: exampleDir, logLevel: "warn", clearScreen: false });
    await builder.buildApp();
    manifest = JSON.parse(await readFile(join(dist, "server", "manifest.json"), "utf8"));
    server = await startProductionServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("the build wrote the client, the server entry and manifest.json", async () => {
    assert.deepEqual(
      Object.values(manifest.functions)
        .map((fn) => `${fn.module}:${fn.export}/${fn.arity}`)
        .sort(),
      [
        "src/api/records.server.ts:createRecord/1",
        "src/api/records.server.ts:delete-record/1",
        "src/api/records.server.ts:deleteRecord/1",
        "src/api/records.server.ts:listRecords/0",
        "src/api/users.server.ts:createUser/2",
        "src/api/visits.server.ts:getVisit/0",
      ],
    );
    const files = (await filesUnder(dist)).map((file) => file.slice(dist.length + 1)).sort();
    assert.ok(files.includes("client/index.html"));
    assert.ok(files.includes("server/fnwire-server.js"));
    assert.ok(files.includes("server/manifest.json"));
    assert.ok(!files.some((file) => file.startsWith("client/") && file.endsWith("manifest.json")), "no manifest among the public files");
  });

  test("the browser's files hold stubs and none of the server modules' source", async () => {
    const clientFiles = await filesUnder(join(dist, "client"));
    const text = (await Promise.all(clientFiles.map((file) => readFile(file, "utf8")))).join("\n");
    // The check reads the right files: the stubs' ids and the app's own text are there.
    for (const [fnId, fn] of Object.entries(manifest.functions)) {
      // The app never imports "delete-record": its /*#__PURE__*/ stub is tree-shaken away.
      const used = fn.export !== "delete-record";
      assert.equal(text.includes(fnId), used, `the client ${used ? "has" : "has no"} stub of ${fn.export} (${fnId})`);
    }
    assert.ok(text.includes("Add record"));
    for (const serverOnly of SERVER_ONLY) assert.ok(!text.includes(serverOnly), `the client files contain ${JSON.stringify(serverOnly)}`);
    // ...while the server build has them.
    const serverEntry = await readFile(join(dist, "server", "fnwire-server.js"), "utf8");
    for (const serverOnly of ["Water the office plants", "Give the record a title.", "fnwire_example_visits"]) {
      assert.ok(serverEntry.includes(serverOnly), `the server entry contains ${JSON.stringify(serverOnly)}`);
    }
  });

  test("list, create, delete, a validation error, a two-argument mutation and cookies", async () => {
    const page = await browser.context.newPage();
    await walkThroughApp(page, server.url, manifest, "production");
    await page.close();
  });
});
