// The example app built by `vite build` and served by its server.mjs, in
// headless chromium: the walk through the app with ids from manifest.json, and
// built browser assets that hold none of the server modules' source.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createBuilder } from "vite";
import {
  ENDPOINT,
  eventually,
  exampleDir,
  FORM_ENDPOINT,
  idOf,
  launchBrowser,
  readRecords,
  recordCalls,
  screenshot,
  startProductionServer,
  walkThroughApp,
} from "./support.mjs";

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
  "zod", // the schemas check inputs on the server only
  "Check the form.", // the action helper's message (src/lib/action.ts)
  "safeParseAsync",
  "renameRecord", // called by renameFromForm on the server, never by the browser
  "renameFromForm", // called by the inline rename function's body, never by the browser
  "Sign in first.", // the auth middleware's message (src/server/auth.ts)
  "fnwire_example_session", // the session cookie's name
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
        .map((fn) => `${fn.module}:${fn.export}/${fn.arity}${fn.method ? ` ${fn.method}` : ""}${fn.inline ? " inline" : ""}`)
        .sort(),
      [
        "src/api/newsletter.server.ts:subscribe/undefined", // built by a wrapper: no arity known
        "src/api/records.server.ts:createRecord/1",
        "src/api/records.server.ts:delete-record/1",
        "src/api/records.server.ts:deleteRecord/1",
        "src/api/records.server.ts:listRecords/1 GET", // createServerFn({ method: "GET" }): one input
        "src/api/records.server.ts:renameFromForm/2",
        "src/api/records.server.ts:renameRecord/1", // createServerFn: one input, { id, title }
        "src/api/session.server.ts:currentUser/0",
        "src/api/session.server.ts:signIn/1",
        "src/api/session.server.ts:signOut/0",
        "src/api/summary.server.ts:summarizeRecords/0", // an async generator (generators: "stream")
        "src/api/users.server.ts:createUser/2",
        "src/api/visits.server.ts:getVisit/0",
        // The inline server function of each record, under its qualified name; its own parameters only (the id is bound).
        "src/components/RecordItem.tsx:RecordItem.rename/2 inline",
      ],
    );
    const files = (await filesUnder(dist)).map((file) => file.slice(dist.length + 1)).sort();
    assert.ok(files.includes("client/index.html"));
    assert.ok(files.includes("server/fnwire-server.js"));
    assert.ok(files.includes("server/entry-server.js"), "the server render's entry");
    assert.ok(files.includes("server/manifest.json"));
    assert.ok(!files.some((file) => file.startsWith("client/") && file.endsWith("manifest.json")), "no manifest among the public files");
  });

  test("the browser's files hold stubs and none of the server modules' source", async () => {
    const clientFiles = await filesUnder(join(dist, "client"));
    const text = (await Promise.all(clientFiles.map((file) => readFile(file, "utf8")))).join("\n");
    // The check reads the right files: the stubs' ids and the app's own text are there.
    for (const [fnId, fn] of Object.entries(manifest.functions)) {
      // The app never imports "delete-record", renameRecord nor renameFromForm (but in the
      // inline function's body): their /*#__PURE__*/ stubs are tree-shaken away.
      const used = !["delete-record", "renameRecord", "renameFromForm"].includes(fn.export);
      assert.equal(text.includes(fnId), used, `the client ${used ? "has" : "has no"} stub of ${fn.export} (${fnId})`);
    }
    assert.ok(text.includes("Add record"));
    // listRecords' stub reads with GET: the compiler gave it the method. (The minifier quotes strings with backquotes.)
    const q = '[`"]';
    // And, as every stub of a production build, the build's id (section 16).
    const build = `buildId:${q}${manifest.buildId}${q}`;
    const getStub = new RegExp(`\\(${q}${idOf(manifest, "listRecords")}${q},${q}listRecords${q},1,\\{method:${q}GET${q},${build}\\}\\)`);
    assert.ok(getStub.test(text), `the client has listRecords' GET stub, ${getStub}`);
    // Each record's rename is a stub bound live to the record's id (section 10): three parameters, the first bound.
    const boundStub = new RegExp(
      `\\(${q}${idOf(manifest, "RecordItem.rename")}${q},${q}rename${q},3,\\{${build}\\}\\),\\(\\)=>\\[\\w+\\],1\\)`,
    );
    assert.ok(boundStub.test(text), `the client has rename's bound stub, ${boundStub}`);
    for (const serverOnly of SERVER_ONLY) assert.ok(!text.includes(serverOnly), `the client files contain ${JSON.stringify(serverOnly)}`);
    // ...while the server build has them (in a chunk that its two entries share).
    const serverFiles = (await filesUnder(join(dist, "server"))).filter((file) => file.endsWith(".js"));
    const serverText = (await Promise.all(serverFiles.map((file) => readFile(file, "utf8")))).join("\n");
    for (const serverOnly of ["Water the office plants", "Give the record a title.", "fnwire_example_visits"]) {
      assert.ok(serverText.includes(serverOnly), `the server build contains ${JSON.stringify(serverOnly)}`);
    }
  });

  test("list, create, delete, a validation error, a two-argument mutation and cookies", async () => {
    const page = await browser.context.newPage();
    await walkThroughApp(page, server.url, manifest, "production");
    await page.close();
  });

  test("the HTML holds the records before any script runs (JavaScript disabled for the page load)", async () => {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
    const calls = recordCalls(page);
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    assert.deepEqual(await page.getByTestId("record").locator(".title").allTextContents(), [
      "Water the office plants",
      "Book the quarterly review",
    ]);
    // Without script, the server's rendering of the creation times stays: in UTC.
    assert.deepEqual(await page.getByTestId("record").locator("time").allTextContents(), ["1/6/2025, 9:00:00 AM", "1/7/2025, 2:30:00 PM"]);
    // No script ran: the visit banner, fetched by the browser only, still waits, and nothing was called.
    assert.equal(await page.locator(".visit").textContent(), "Counting your visits…");
    await page.waitForTimeout(300);
    assert.deepEqual(calls, []);
    assert.deepEqual(pageErrors, []);
    await screenshot(page, "production-no-javascript");
    await cdp.detach();
    await page.close();
  });

  test("the page hydrates the server's markup without errors, with the same data", async () => {
    const page = await browser.context.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
    });
    // Before any of the page's scripts: note every record element taken out of
    // the document. Hydration keeps the server's elements; a mismatch makes
    // React throw them away and render its own.
    await page.addInitScript(() => {
      window.__removedRecords = 0;
      new MutationObserver((mutations) => {
        for (const { removedNodes } of mutations) {
          for (const node of removedNodes) {
            if (node.nodeType === 1 && (node.matches("[data-testid=record]") || node.querySelector("[data-testid=record]"))) {
              window.__removedRecords += 1;
            }
          }
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const calls = recordCalls(page);
    await page.goto(server.url);
    const serverRendered = await page.getByTestId("record").first().elementHandle();
    // The visit banner is fetched by the browser once React runs: the app is live.
    await page.getByTestId("visit").waitFor();
    assert.deepEqual(await page.getByTestId("record").locator(".title").allTextContents(), [
      "Water the office plants",
      "Book the quarterly review",
    ]);
    assert.equal(await page.evaluate(() => window.__removedRecords), 0, "hydration kept the server's record elements");
    assert.equal(await serverRendered.evaluate((node) => node.isConnected), true);
    // The records came with the page: the browser did not ask for them again.
    assert.equal(calls.filter((call) => call.fnId === idOf(manifest, "listRecords")).length, 0);
    assert.deepEqual(problems, []);

    // Hydrated, the page works: a record added now shows up (and the server renders it next time).
    await page.getByLabel("Title").fill("Hydrated");
    await page.getByRole("button", { name: "Add record" }).click();
    await page.getByTestId("record").filter({ hasText: "Hydrated" }).waitFor();
    const html = await (await fetch(server.url)).text();
    assert.ok(html.includes(">Hydrated</span>"), "the next server render has the new record");
    await page.getByRole("button", { name: "Delete Hydrated" }).click();
    await eventually(async () => (await page.getByTestId("record").count()) === 2, "the added record was not deleted");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("with JavaScript disabled, the form creates a record: the browser posts it, the server redirects back and lists it", async () => {
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await noScript.context.newPage();
      const calls = recordCalls(page);
      await page.goto(server.url);
      // Signing in is a form too: the browser posts the clicked button's role, the server sets the cookie and redirects back.
      await page.getByRole("button", { name: "Sign in as admin" }).click();
      await page.getByLabel("Title", { exact: true }).waitFor();
      const [signIn] = calls;
      assert.deepEqual([signIn.method, signIn.endpoint, (await signIn.response).status()], ["POST", "form", 303]);
      const firstCall = calls.length;
      await page.getByLabel("Title", { exact: true }).fill("Written without script");
      await page
        .getByLabel("Attachment")
        .setInputFiles({ name: "plan.txt", mimeType: "text/plain", buffer: Buffer.from("no JavaScript needed") });
      // The server rendered the form to post to fnwire's form endpoint, naming the action in a hidden field.
      const form = page.locator("form").filter({ has: page.getByLabel("Attachment") });
      assert.equal(await form.getAttribute("action"), FORM_ENDPOINT);
      assert.equal(await form.locator('input[name="$fnwire:action"]').getAttribute("value"), idOf(manifest, "createRecord"));
      await page.getByRole("button", { name: "Add record" }).click();
      const created = page.getByTestId("record").filter({ hasText: "Written without script" });
      await created.waitFor();
      assert.equal(await created.getByTestId("attachment").textContent(), "plan.txt (20 bytes)");
      // The browser posted the form itself; the answer was a 303 back to the page.
      const post = calls[firstCall];
      assert.deepEqual([post.method, post.endpoint], ["POST", "form"]);
      const answer = await post.response;
      assert.equal(answer.status(), 303);
      assert.equal(answer.headers().location, server.url);
      assert.equal(page.url(), server.url);
      await screenshot(page, "production-no-javascript-created");
      // A title the server refuses: its message on a page of its own, with a way back.
      await page.getByLabel("Title", { exact: true }).fill("   ");
      await page.getByRole("button", { name: "Add record" }).click();
      await page.getByText("Give the record a title.").waitFor();
      assert.equal(await page.getByRole("heading").first().textContent(), "Bad request");
      await page.getByRole("link", { name: "Go back" }).click();
      await page.getByLabel("Title", { exact: true }).waitFor();
      // Clean up through the stub-free way a script would: the list, then the delete.
      const { id } = (await readRecords(page, server.url, manifest)).find((record) => record.title === "Written without script");
      const removed = await page.request.post(new URL(ENDPOINT, server.url).href, {
        data: { fnId: idOf(manifest, "deleteRecord"), args: [id] },
      });
      assert.equal(removed.status(), 200);
    } finally {
      await noScript.close();
    }
  });

  test("a record's title stays text in the server's HTML and its embedded query data", async () => {
    const title = "</script><script>window.__injected = 1</script><!--";
    const page = await browser.context.newPage();
    // Created as a form without script would: the action's id and the title.
    const created = await page.request.post(new URL(FORM_ENDPOINT, server.url).href, {
      multipart: { "$fnwire:action": idOf(manifest, "createRecord"), title },
      maxRedirects: 0,
    });
    assert.equal(created.status(), 303);
    const { id } = (await readRecords(page, server.url, manifest)).find((record) => record.title === title);
    try {
      const problems = [];
      page.on("pageerror", (error) => problems.push(error.message));
      await page.goto(server.url);
      await page.getByTestId("visit").waitFor();
      assert.deepEqual(await page.getByTestId("record").locator(".title").allTextContents(), [
        "Water the office plants",
        "Book the quarterly review",
        title,
      ]);
      assert.equal(await page.evaluate(() => window.__injected), undefined);
      assert.deepEqual(problems, []);
    } finally {
      const removed = await page.request.post(new URL(ENDPOINT, server.url).href, {
        data: { fnId: idOf(manifest, "deleteRecord"), args: [id] },
      });
      assert.equal(removed.status(), 200);
      await page.close();
    }
  });
});
