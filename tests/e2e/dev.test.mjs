// The example app on Vite's dev server, in headless chromium: the walk through
// the app, an edit of a server module picked up without a restart, and a
// compile error shown in Vite's overlay. It edits (and restores) a file of the
// example, which production.test.mjs builds: run the two one at a time
// (`node --test --test-concurrency=1 tests/e2e/`).
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { analyzeGraph } from "fnwire";
import { edit } from "../vite/edit.mjs";
import {
  eventually,
  exampleDir,
  idOf,
  launchBrowser,
  readRecords,
  recordCalls,
  screenshot,
  startDevServer,
  walkThroughApp,
} from "./support.mjs";

const visitsModule = join(exampleDir, "src", "api", "visits.server.ts");

/** Reloads the page; Vite may be reloading it at the same moment after an edit, which aborts ours. */
async function reload(page) {
  await page.reload().catch((error) => {
    if (!/ERR_ABORTED|frame was detached/.test(error.message)) throw error;
  });
}

describe("the example app in dev (vite)", { timeout: 180_000 }, () => {
  let server;
  let browser;
  let baseUrl;
  let originalVisits;
  // The dev server has no manifest.json: the same analysis the plugin runs gives the ids.
  // With the options vite.config.ts gives fnwire() (another set fails the diagnostics check below).
  const { manifest, diagnostics } = analyzeGraph({
    root: exampleDir,
    roots: ["src/main.tsx"],
    wrappedExports: true,
    inlineFunctions: "hoist",
    generators: "stream",
  });

  before(async () => {
    assert.deepEqual(diagnostics, []);
    originalVisits = await readFile(visitsModule, "utf8");
    ({ server, baseUrl } = await startDevServer({ root: exampleDir }));
    browser = await launchBrowser();
  });

  after(async () => {
    // The edits below change a file of the example: put it back whatever happened.
    if (originalVisits !== undefined) await writeFile(visitsModule, originalVisits);
    await browser?.close();
    await server?.close();
  });

  test("list, create, delete, a validation error, a two-argument mutation and cookies", async () => {
    const page = await browser.context.newPage();
    await walkThroughApp(page, baseUrl, manifest, "dev");
    await page.close();
  });

  test("the browser gets RecordItem.tsx with a live-bound stub for rename, without the inline function's code", async () => {
    const page = await browser.context.newPage();
    // What the browser's import of the component receives from the dev server.
    const response = await page.request.get(new URL("src/components/RecordItem.tsx", baseUrl).href);
    assert.equal(response.status(), 200);
    const [code, map] = (await response.text()).split("//# sourceMappingURL=data:application/json;base64,");
    const renameId = idOf(manifest, "RecordItem.rename");
    // A nested declaration keeps JavaScript's hoisting (section 10): bound where its scope starts, its capture read at each call.
    assert.ok(code.includes(`bindLive(/*#__PURE__*/ createServerReference("${renameId}", "rename", 3), () => [id], 1)`), code);
    // The body and the import only it used are gone: the browser never loads renameFromForm's stub for it.
    assert.ok(!code.includes("renameFromForm(id, form)"), "the inline function's body is in the browser's code");
    assert.doesNotMatch(code, /import \{[^}]*\brenameFromForm\b/);
    assert.ok(!code.includes('"use server"'));
    // Nor in the source map the browser gets, whose copy of the module leaves the function out.
    const { sourcesContent } = JSON.parse(Buffer.from(map, "base64").toString("utf8"));
    assert.equal(sourcesContent.length, 1);
    assert.match(sourcesContent[0], /export function RecordItem/);
    assert.ok(!sourcesContent[0].includes("renameFromForm(id, form)"), "the inline function's body is in the source map");
    await page.close();
  });

  test("an edited server module answers with its new code, without a restart", async () => {
    const page = await browser.context.newPage();
    const calls = recordCalls(page);
    await page.goto(baseUrl);
    await page.getByTestId("visit").waitFor();
    assert.match(await page.getByTestId("visit").textContent(), /^Welcome! /);
    await page.getByTestId("record").first().waitFor();

    const edited = originalVisits.replace('greeting: "Welcome"', 'greeting: "Welcome back"');
    assert.notEqual(edited, originalVisits, "the greeting to edit is in visits.server.ts");
    await edit(server, visitsModule, edited);

    // Vite picks the change up on its own; reloading asks the server again.
    await eventually(async () => {
      await reload(page);
      const text = await page
        .getByTestId("visit")
        .textContent()
        .catch(() => "");
      return /^Welcome back! /.test(text ?? "");
    }, "the page never showed the edited greeting");
    // The same server answered, with the same id, and kept its state: the cookie count went on.
    const lastVisit = calls.filter((call) => call.fnId === idOf(manifest, "getVisit")).at(-1);
    assert.deepEqual(lastVisit.body, { fnId: idOf(manifest, "getVisit"), args: [] });
    assert.equal((await lastVisit.response).status(), 200);
    assert.match(await page.getByTestId("visit").textContent(), /visit ([3-9]|\d\d+) from/);
    await screenshot(page, "dev-edited");
    await edit(server, visitsModule, originalVisits);
    await page.close();
  });

  test("a server module that breaks a rule shows Vite's overlay with file, line, column and frame", async () => {
    const page = await browser.context.newPage();
    await page.goto(baseUrl);
    await page.getByTestId("visit").waitFor();

    const broken = `${originalVisits}export const VERSION = "2";\n`;
    const line = broken.split("\n").length - 1;
    await edit(server, visitsModule, broken);
    try {
      const overlay = page.locator("vite-error-overlay");
      await eventually(async () => {
        if (await overlay.count()) return true;
        await reload(page);
        return false;
      }, "Vite's error overlay did not appear");
      const file = await overlay.locator(".file").textContent();
      assert.equal(file, `${visitsModule}:${line}:1`);
      assert.match(await overlay.locator(".plugin").textContent(), /plugin:fnwire/);
      assert.match(await overlay.locator(".message-body").textContent(), /^FW012: `VERSION` is a constant, not a function/);
      const frame = await overlay.locator(".frame").textContent();
      assert.match(frame, new RegExp(`${line} \\| export const VERSION = "2";`));
      assert.match(frame, /--> src\/api\/visits\.server\.ts:\d+:1/);
      await screenshot(page, "dev-overlay");
    } finally {
      await edit(server, visitsModule, originalVisits);
    }

    // Fixed again, the app works again on the same server.
    await eventually(async () => {
      await reload(page);
      return (await page.locator("vite-error-overlay").count()) === 0 && (await page.getByTestId("visit").count()) === 1;
    }, "the app did not come back after the fix");
    assert.deepEqual(
      (await readRecords(page, baseUrl, manifest)).map((record) => record.title),
      ["Water the office plants", "Book the quarterly review"],
    );
    await page.close();
  });
});
