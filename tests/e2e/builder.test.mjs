// createServerFn tried as a new user would (issue 18), built by Vite and
// served by createNodeHandler, in headless chromium: a "use server" module
// exporting createServerFn({ method: "GET" }).validator(z.object(…)).handler(…),
// read from a component with useQuery(getUser, { id: "1" }). The call goes as
// GET …/fn?fnId=…&args=…, the user renders, a POST function stays POST, and a
// wrong input answers 400 with zod's issue. builder-dev.test.mjs checks the
// same on Vite's dev server (builder-support.mjs holds the checks).
import { createReadStream } from "node:fs";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import http from "node:http";
import { extname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import react from "@vitejs/plugin-react";
import fnwire from "fnwire/vite";
import { createNodeHandler } from "fnwire/server";
import { createBuilder } from "vite";
import { checkGetOnPostFunction, checkManifest, checkUserPage } from "./builder-support.mjs";
import { launchBrowser } from "./support.mjs";

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
    checkManifest(manifest);
  });

  test('useQuery(getUser, { id: "1" }) reads with GET and renders the user; a wrong input is zod\'s 400', async () => {
    await checkUserPage(browser, baseUrl, manifest);
  });

  test("a GET for the POST function is 405 with Allow: POST", async () => {
    await checkGetOnPostFunction(browser, baseUrl, manifest);
  });
});
