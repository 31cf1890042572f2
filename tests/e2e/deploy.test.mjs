// A deploy (section 16) in headless chromium: a page loaded from one build of
// the example keeps running while the server is replaced by a second build
// that renamed a function the page calls. The call answers 409, the page
// reloads once, and the same action then works against the new build.
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createBuilder } from "vite";
import { analyzeGraph } from "fnwire";
import { eventually, exampleDir, launchBrowser, screenshot, startProductionServer } from "./support.mjs";

const repoModules = join(exampleDir, "..", "..", "node_modules");

/** A copy of the example's sources in a folder of its own, `edit` applied, built as `npm run build` does: its dist folder. */
async function buildCopy(name, edit = async () => {}) {
  const dir = await mkdtemp(join(tmpdir(), `fnwire-deploy-${name}-`));
  for (const entry of ["src", "index.html", "vite.config.ts", "tsconfig.json", "package.json"]) {
    await cp(join(exampleDir, entry), join(dir, entry), { recursive: true });
  }
  await symlink(repoModules, join(dir, "node_modules"), "dir");
  await edit(dir);
  const builder = await createBuilder({ root: dir, logLevel: "warn", clearScreen: false });
  await builder.buildApp();
  const manifest = JSON.parse(await readFile(join(dir, "dist", "server", "manifest.json"), "utf8"));
  return { dir, dist: join(dir, "dist"), manifest };
}

/** createUser renamed to registerUser, in the server module and in the form that imports it. */
async function renameCreateUser(dir) {
  for (const file of ["src/api/users.server.ts", "src/components/ContactForm.tsx"]) {
    const path = join(dir, file);
    await writeFile(path, (await readFile(path, "utf8")).replaceAll("createUser", "registerUser"));
  }
}

/** A port no one listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

describe("a deploy while a page of the old build is open", { timeout: 240_000 }, () => {
  let first;
  let second;
  let browser;
  let server;

  before(async () => {
    first = await buildCopy("first");
    second = await buildCopy("second", renameCreateUser);
    browser = await launchBrowser();
  });

  after(async () => {
    await server?.close();
    await browser?.close();
    for (const build of [first, second]) if (build) await rm(build.dir, { recursive: true, force: true });
  });

  test("each build has the id of its functions: the same sources give the same id, a renamed function another", () => {
    // As vite.config.ts compiles, from fnwire/vite's roots: index.html's module script.
    const sameSources = analyzeGraph({
      root: exampleDir,
      roots: ["src/main.tsx"],
      wrappedExports: true,
      inlineFunctions: "hoist",
      generators: "stream",
    }).manifest;
    assert.equal(first.manifest.buildId, sameSources.buildId, "the first build's sources are the example's");
    assert.deepEqual(first.manifest.functions, sameSources.functions);
    assert.notEqual(second.manifest.buildId, first.manifest.buildId);
    const exports = (manifest) => Object.values(manifest.functions).map((fn) => fn.export);
    assert.ok(exports(first.manifest).includes("createUser") && !exports(second.manifest).includes("createUser"));
    assert.ok(exports(second.manifest).includes("registerUser"));
  });

  test("the page's call answers 409, the page reloads once, and the action then works", async () => {
    const port = await freePort();
    server = await startProductionServer({ dist: first.dist, port });
    const page = await browser.context.newPage();
    const loads = [];
    page.on("load", () => loads.push(page.url()));
    const answers = [];
    page.on("response", async (response) => {
      if (!response.url().includes("/__fnwire/fn")) return;
      const request = response.request();
      answers.push({
        status: response.status(),
        build: request.headers()["x-fnwire-build"],
        fnId: JSON.parse(request.postData() ?? "{}").fnId,
      });
    });
    await page.goto(server.url);
    // Hydrated: the visit banner is fetched by the browser.
    await page.getByTestId("visit").waitFor();
    assert.equal(loads.length, 1);

    // The deploy: the second build replaces the first on the same address.
    await server.close();
    server = await startProductionServer({ dist: second.dist, port });

    const contact = page.getByRole("region", { name: "Contact" });
    await contact.getByLabel("Name").fill("Ada");
    await contact.getByLabel("Email").fill("ada@example.com");
    await contact.getByRole("button", { name: "Sign up" }).click();
    await eventually(async () => loads.length === 2, "the page did not reload after the 409");
    const [stale] = answers.filter((answer) => answer.status === 409);
    const oldId = Object.keys(first.manifest.functions).find((fnId) => first.manifest.functions[fnId].export === "createUser");
    assert.equal(stale.fnId, oldId);
    assert.equal(stale.build, first.manifest.buildId, "the old page's stub named its build");
    // The page went on before its body could be read here: the same call again, for the envelope.
    const replay = await page.request.post(new URL("/__fnwire/fn", server.url).href, {
      headers: { "X-Fnwire-Build": first.manifest.buildId },
      data: { fnId: oldId, args: ["Ada", "ada@example.com"] },
    });
    assert.equal(replay.status(), 409);
    assert.deepEqual((await replay.json()).data, { reason: "stale-build", buildId: second.manifest.buildId });
    // The guard remembers the reload for this server build.
    const guard = await page.evaluate((key) => sessionStorage.getItem(key), `fnwire:reloaded-for-build:${second.manifest.buildId}`);
    assert.notEqual(guard, null);

    // Reloaded, the page is the second build's: the same form calls registerUser, and it works.
    await page.getByTestId("visit").waitFor();
    await contact.getByLabel("Name").fill("Ada");
    await contact.getByLabel("Email").fill("ada@example.com");
    await contact.getByRole("button", { name: "Sign up" }).click();
    await page.getByTestId("signed-up").waitFor();
    assert.equal(await page.getByTestId("signed-up").textContent(), "Thanks, Ada! We will write to ada@example.com.");
    const newId = Object.keys(second.manifest.functions).find((fnId) => second.manifest.functions[fnId].export === "registerUser");
    const signUp = answers.at(-1);
    assert.deepEqual([signUp.status, signUp.fnId, signUp.build], [200, newId, second.manifest.buildId]);
    assert.equal(loads.length, 2, "one reload, no more");
    await screenshot(page, "deploy-after-reload");
    await page.close();
  });
});
