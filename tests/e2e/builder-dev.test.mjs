// The createServerFn app of builder.test.mjs on Vite's dev server: there
// fnwire/vite gives server modules the server runtime through its dev
// registry, and the compiler still sees createServerFn from "fnwire/server"
// as the builder (GET stub, method in the analysis); the dev server answers
// GET reads, zod's 400 and the 405 of a GET to a POST function.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import react from "@vitejs/plugin-react";
import { analyzeGraph } from "fnwire";
import fnwire from "fnwire/vite";
import { checkGetOnPostFunction, checkManifest, checkUserPage } from "./builder-support.mjs";
import { idOf, launchBrowser, startDevServer } from "./support.mjs";

const appDir = join(import.meta.dirname, "builder-app");

describe("createServerFn in an app on Vite's dev server", { timeout: 120_000 }, () => {
  let server;
  let browser;
  let baseUrl;
  // The dev server writes no manifest: the analysis the plugin runs gives the ids.
  const { manifest, diagnostics } = analyzeGraph({ root: appDir, roots: ["src/main.tsx"] });

  before(async () => {
    assert.deepEqual(diagnostics, []);
    ({ server, baseUrl } = await startDevServer({ root: appDir, configFile: false, plugins: [fnwire(), react()] }));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("the analysis marks the GET function", () => {
    checkManifest(manifest);
  });

  test("the browser gets the GET stub", async () => {
    const page = await browser.context.newPage();
    const response = await page.request.get(new URL("src/api/users.server.ts", baseUrl).href);
    const code = await response.text();
    const fnId = idOf(manifest, "getUser");
    assert.ok(code.includes(`createServerReference("${fnId}", "getUser", 1, { method: "GET" })`), code);
    assert.ok(!code.includes("zod"), "the browser's module imports no zod");
    await page.close();
  });

  test('useQuery(getUser, { id: "1" }) reads with GET and renders the user; a wrong input is zod\'s 400', async () => {
    await checkUserPage(browser, baseUrl, manifest);
  });

  test("a GET for the POST function is 405 with Allow: POST", async () => {
    await checkGetOnPostFunction(browser, baseUrl, manifest);
  });
});
