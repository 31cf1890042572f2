// createServerFn tried as a new user would (issue 18), built by Vite and
// served by createNodeHandler, in headless chromium: a "use server" module
// exporting createServerFn({ method: "GET" }).validator(z.object(…)).handler(…),
// read from a component with useQuery(getUser, { id: "1" }). The call goes as
// GET …/fn?fnId=…&args=…, the user renders, a POST function stays POST, and a
// wrong input answers 400 with zod's issue.
//
// A production build: on Vite's dev server, fnwire/vite compiles server
// modules with the runtime specifier "virtual:fnwire/dev-registry", so the
// compiler does not see createServerFn from "fnwire/server" as its own
// (FW012); that is fnwire/vite's to change.
import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import http from "node:http";
import { extname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import react from "@vitejs/plugin-react";
import fnwire from "fnwire/vite";
import { createNodeHandler } from "fnwire/server";
import { createBuilder } from "vite";
import { z } from "zod";
import { ENDPOINT, idOf, launchBrowser } from "./support.mjs";

const appDir = join(import.meta.dirname, "builder-app");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8" };

describe("createServerFn in an app built by Vite, served by createNodeHandler", { timeout: 120_000 }, () => {
  let out;
  let server;
  let browser;
  let baseUrl;
  let manifest;

  before(async () => {
    // Inside the app, so that the server build's imports (zod, fnwire) resolve from the repository.
    out = join(appDir, "dist");
    const builder = await createBuilder({
      root: appDir,
      configFile: false,
      plugins: [fnwire(), react()],
      logLevel: "warn",
      clearScreen: false,
      builder: {},
      environments: {
        client: { build: { outDir: join(out, "client"), emptyOutDir: true } },
        ssr: { build: { outDir: join(out, "server"), emptyOutDir: true } },
      },
    });
    await builder.buildApp();
    manifest = JSON.parse(await readFile(join(out, "server", "manifest.json"), "utf8"));
    // As a production server does: the server entry registers the functions.
    // (.mjs here: no package.json of the app says "type": "module".)
    const entry = (await readdir(join(out, "server"))).find((file) => /^fnwire-server\.m?js$/.test(file));
    await import(join(out, "server", entry));
    const serverFunctions = createNodeHandler();
    server = http.createServer((req, res) =>
      serverFunctions(req, res, async () => {
        const path = new URL(req.url, "http://localhost").pathname;
        const file = join(out, "client", path === "/" ? "index.html" : path);
        if (!file.startsWith(join(out, "client")) || !(await stat(file).catch(() => null))?.isFile()) return res.writeHead(404).end();
        res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
        createReadStream(file).pipe(res);
      }),
    );
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${server.address().port}/`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    server?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  test("the manifest marks the GET function", () => {
    const getUserId = idOf(manifest, "getUser");
    assert.equal(manifest.functions[getUserId].method, "GET");
    assert.equal(manifest.functions[getUserId].arity, 1);
    assert.equal(manifest.functions[idOf(manifest, "renameUser")].method, undefined);
  });

  test('useQuery(getUser, { id: "1" }) reads with GET and renders the user; a wrong input is zod\'s 400', async () => {
    const page = await browser.context.newPage();
    const calls = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname === ENDPOINT) calls.push({ method: request.method(), url, body: request.postData(), response: request.response() });
    });
    await page.goto(baseUrl);
    await page.getByTestId("user").filter({ hasText: "Ada Lovelace" }).waitFor();

    const getUserId = idOf(manifest, "getUser");
    const [read] = calls;
    assert.equal(read.method, "GET");
    assert.equal(read.body, null);
    assert.deepEqual([...read.url.searchParams.keys()], ["fnId", "args"]);
    assert.equal(read.url.searchParams.get("fnId"), getUserId);
    assert.deepEqual(JSON.parse(read.url.searchParams.get("args")), [{ id: "1" }]);
    assert.equal(read.url.search, `?fnId=${getUserId}&args=${encodeURIComponent('[{"id":"1"}]')}`);
    assert.equal((await read.response).status(), 200);

    // A write goes as POST, then the read again as GET.
    await page.getByRole("button", { name: "Rename" }).click();
    await page.getByTestId("user").filter({ hasText: "Ada King" }).waitFor();
    const write = calls.find((call) => call.method === "POST");
    assert.deepEqual(JSON.parse(write.body), { fnId: idOf(manifest, "renameUser"), args: [{ id: "1", name: "Ada King" }] });
    assert.equal(calls.at(-1).method, "GET");

    // getUser({ id: 1 }): 400 with zod's own issue, through GET too.
    await page.getByRole("button", { name: "Send a number" }).click();
    await page.getByTestId("refused").filter({ hasText: "400" }).waitFor();
    const zodMessage = z.object({ id: z.string() }).safeParse({ id: 1 }).error.issues[0].message;
    assert.deepEqual(JSON.parse(await page.getByTestId("refused").textContent()), {
      status: 400,
      data: { issues: [{ message: zodMessage, path: ["id"] }] },
    });
    assert.equal(calls.at(-1).method, "GET");
    assert.equal((await calls.at(-1).response).status(), 400);
    await page.close();
  });

  test("a GET for the POST function is 405 with Allow: POST", async () => {
    const page = await browser.context.newPage();
    const renameId = idOf(manifest, "renameUser");
    const response = await page.request.get(`${new URL(ENDPOINT, baseUrl).href}?fnId=${renameId}&args=%5B%5D`);
    assert.equal(response.status(), 405);
    assert.equal(response.headers().allow, "POST");
    const body = await response.json();
    assert.deepEqual(body, { error: body.error, fnId: renameId, status: 405 });
    await page.close();
  });
});
