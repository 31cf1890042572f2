// Shared by the browser tests: Debian's chromium through playwright-core, the
// example app's dev and production servers on 127.0.0.1, and the walk through
// the app that both modes must pass.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const exampleDir = join(import.meta.dirname, "..", "..", "examples", "basic");
export const ENDPOINT = "/__fnwire/fn";
const CHROMIUM = "/usr/bin/chromium";
const SERVER_START_TIMEOUT_MS = 30_000;
// Every wait on the page is bounded by this.
const PAGE_TIMEOUT_MS = 15_000;

/** A headless chromium with a fresh profile; `close()` removes the profile too. */
export async function launchBrowser() {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run \`node scripts/ensure-chromium.mjs\` first.`);
  const profile = await mkdtemp(join(tmpdir(), "fnwire-e2e-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    timeout: SERVER_START_TIMEOUT_MS,
    // The network is closed here: nothing but loopback, and no background traffic.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context.setDefaultTimeout(PAGE_TIMEOUT_MS);
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** `node server.mjs` of the built example on an ephemeral port; resolves once it prints its URL. */
export async function startProductionServer() {
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: exampleDir,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = () => child.exitCode === null && child.signalCode === null && child.kill();
  process.once("exit", stop);
  let output = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The production server printed no URL within ${SERVER_START_TIMEOUT_MS} ms:\n${output}`)),
      SERVER_START_TIMEOUT_MS,
    );
    const onData = (chunk) => {
      output += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The production server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
    },
  };
}

/** Records every server function call the page makes: `{ body, contentType, response }`. */
export function recordCalls(page) {
  const calls = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname !== ENDPOINT) return;
    const call = { body: request.postDataJSON(), contentType: request.headers()["content-type"], response: request.response() };
    calls.push(call);
  });
  return calls;
}

/** The fnId of `exportName` in a manifest ({ version, functions: { fnId: { module, export } } }). */
export function idOf(manifest, exportName) {
  const found = Object.entries(manifest.functions).filter(([, fn]) => fn.export === exportName);
  assert.equal(found.length, 1, `exactly one function exported as ${exportName} in the manifest`);
  return found[0][0];
}

/** Saves a PNG of the page when FNWIRE_SCREENSHOT_DIR is set (for looking at the app; never committed). */
export async function screenshot(page, name) {
  const dir = process.env.FNWIRE_SCREENSHOT_DIR;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Waits until `predicate` holds, polling, for at most `timeoutMs`; fails with `message`. */
export async function eventually(predicate, message, timeoutMs = PAGE_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) assert.fail(`${message} (after ${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const recordTitles = (page) => page.getByTestId("record").locator(".title").allTextContents();

/**
 * What a person does in the app, checked in both modes: list, create and
 * delete records, a validation error, the contact form with its two-argument
 * call and the wrong call that sends nothing, and the visit cookie.
 */
export async function walkThroughApp(page, baseUrl, manifest, label) {
  const calls = recordCalls(page);
  await page.goto(baseUrl);

  // The list comes from listRecords: the store's two default records (in
  // production, rendered on the server and in the page already).
  await page.getByTestId("record").first().waitFor();
  assert.deepEqual(await recordTitles(page), ["Water the office plants", "Book the quarterly review"]);

  // Create: the request body is exactly { fnId, args } with the manifest's id.
  await page.getByLabel("Title").fill("Buy milk");
  await page.getByRole("button", { name: "Add record" }).click();
  await page.getByTestId("record").filter({ hasText: "Buy milk" }).waitFor();
  const create = calls.find((call) => call.body.fnId === idOf(manifest, "createRecord"));
  assert.deepEqual(create.body, { fnId: idOf(manifest, "createRecord"), args: ["Buy milk"] });
  assert.equal(create.contentType, "application/json");
  assert.equal((await create.response).status(), 200);
  assert.deepEqual(await recordTitles(page), ["Water the office plants", "Book the quarterly review", "Buy milk"]);
  // The list was fetched from the browser too: on load in dev, after the change (invalidated) in both modes.
  assert.deepEqual(calls.find((call) => call.body.fnId === idOf(manifest, "listRecords"))?.body, {
    fnId: idOf(manifest, "listRecords"),
    args: [],
  });
  await screenshot(page, `${label}-created`);

  // A validation error from the server: its message, status and data on the page.
  await page.getByLabel("Title").fill("   ");
  await page.getByRole("button", { name: "Add record" }).click();
  const alert = page.locator("section", { hasText: "Records" }).getByRole("alert");
  await alert.waitFor();
  assert.equal(await alert.locator("strong").textContent(), "Give the record a title.");
  assert.equal(await alert.locator(".status").textContent(), "status 400");
  assert.deepEqual(JSON.parse(await alert.locator(".data").textContent()), { field: "title", problem: "missing" });
  const rejected = calls.filter((call) => call.body.fnId === idOf(manifest, "createRecord")).at(-1);
  assert.deepEqual(rejected.body, { fnId: idOf(manifest, "createRecord"), args: ["   "] });
  assert.equal((await rejected.response).status(), 400);
  await screenshot(page, `${label}-validation-error`);

  // Delete through the aliased export, by the record's id.
  await page.getByRole("button", { name: "Delete Buy milk" }).click();
  await eventually(async () => !(await recordTitles(page)).includes("Buy milk"), "Buy milk is still listed after Delete");
  const remove = calls.find((call) => call.body.fnId === idOf(manifest, "deleteRecord"));
  assert.deepEqual(remove.body, { fnId: idOf(manifest, "deleteRecord"), args: ["3"] });
  assert.deepEqual(await recordTitles(page), ["Water the office plants", "Book the quarterly review"]);

  // createUser(name, email): mutate([name, email]) sends both as the arguments.
  const contact = page.locator("section", { hasText: "Contact" });
  await contact.getByLabel("Name").fill("Ada");
  await contact.getByLabel("Email").fill("ada@example.com");
  await contact.getByRole("button", { name: "Sign up" }).click();
  await page.getByTestId("signed-up").waitFor();
  assert.equal(await page.getByTestId("signed-up").textContent(), "Thanks, Ada! We will write to ada@example.com.");
  assert.deepEqual(calls.find((call) => call.body.fnId === idOf(manifest, "createUser")).body, {
    fnId: idOf(manifest, "createUser"),
    args: ["Ada", "ada@example.com"],
  });

  // mutate(name) on a two-parameter function: an [fnwire] error, and no request at all.
  const callsBefore = calls.length;
  await contact.getByRole("button", { name: "Try mutate(name)" }).click();
  const mutateError = contact.getByRole("alert");
  await mutateError.waitFor();
  assert.match(
    await mutateError.textContent(),
    /^\[fnwire\] Server function "createUser" takes 2 arguments: call mutate\(\) with an array of exactly 2 items/,
  );
  // Give a stray request time to show up before saying there was none.
  await page.waitForTimeout(300);
  assert.equal(calls.length, callsBefore, "mutate(name) sent a request");
  await screenshot(page, `${label}-mutate-error`);

  // getVisit reads the cookie it set and the User-Agent header.
  const visit = page.getByTestId("visit");
  assert.match(await visit.textContent(), /^Welcome! This is visit 1 from .*Chrome/);
  await page.reload();
  await eventually(
    async () => /visit 2 from/.test((await visit.textContent().catch(() => "")) ?? ""),
    "the visit count did not go to 2 after a reload",
  );
  const cookies = await page.context().cookies(baseUrl);
  const visits = cookies.find((cookie) => cookie.name === "fnwire_example_visits");
  assert.equal(visits?.value, "2");
  assert.equal(visits?.httpOnly, true);
  return calls;
}
