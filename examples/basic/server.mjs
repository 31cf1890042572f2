// The example in production: `npm run build`, then `npm run serve`. Serves the
// built browser app from dist/client, renders its pages on the server with
// dist/server/entry-server.js, and answers server function calls with the
// functions that dist/server/fnwire-server.js registers, as the build that
// dist/server/manifest.json names.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { stringify } from "devalue";
import { createNodeHandler } from "fnwire/server";

// FNWIRE_EXAMPLE_DIST: another build's output (a deploy test serves two builds in turn).
const dist = resolve(import.meta.dirname, process.env.FNWIRE_EXAMPLE_DIST ?? "dist");
const clientDir = join(dist, "client");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

// Importing the server entry registers every server function of the app.
await import(join(dist, "server", "fnwire-server.js"));
// The build's manifest tells the handler its build id: a page of an older
// build that calls a function this one lacks is answered 409, and reloads.
const manifest = JSON.parse(await readFile(join(dist, "server", "manifest.json"), "utf8"));
const serverFunctions = createNodeHandler({ manifest });
const { render } = await import(join(dist, "server", "entry-server.js"));
const pageFile = join(clientDir, "index.html");
const ROOT = '<div id="root"></div>';
const page = await readFile(pageFile, "utf8");
if (!page.includes(ROOT)) throw new Error(`${pageFile} has no ${ROOT} to render the app into.`);

const server = createServer((req, res) => serverFunctions(req, res, () => serveStatic(req, res)));

/** A file of dist/client; any other GET path gets index.html, where the app routes itself. */
async function serveStatic(req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  let file = normalize(join(clientDir, path));
  if (!file.startsWith(clientDir + sep)) file = join(clientDir, "index.html");
  const found = await stat(file).catch(() => null);
  if (!found?.isFile()) file = join(clientDir, "index.html");
  if (file === pageFile) return servePage(req, res);
  // Hashed asset names change with their content, so they can be cached for good.
  const cache = file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
  res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": cache });
  if (req.method === "HEAD") return res.end();
  createReadStream(file)
    .on("error", () => res.destroy())
    .pipe(res);
}

/** index.html with the app rendered into it and the query cache beside it, for the browser to hydrate. */
async function servePage(req, res) {
  let html = page;
  try {
    const rendered = await render();
    html = page.replace(
      ROOT,
      `<div id="root">${rendered.html}</div><script id="query-state" type="application/json">${scriptJson(rendered.state)}</script>`,
    );
  } catch (error) {
    // The browser still renders the app on its own from the plain page.
    console.error("Server render failed; sending the page without it:", error);
  }
  res.writeHead(200, { "Content-Type": TYPES[".html"], "Cache-Control": "no-cache" });
  res.end(req.method === "HEAD" ? undefined : html);
}

/**
 * The query cache as devalue encodes it (its records hold Dates, which JSON
 * would turn into strings), safe inside <script>: a record titled
 * "</script><script>…" stays text.
 */
function scriptJson(value) {
  return stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const host = process.env.HOST ?? "localhost";
server.listen(Number(process.env.PORT ?? 3000), host, () => {
  const { port } = server.address();
  console.log(`fnwire example (production) at http://${host}:${port}/`);
});
