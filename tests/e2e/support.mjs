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
import * as devalue from "devalue";
import { createServer } from "vite";
import { z } from "zod";

export const exampleDir = join(import.meta.dirname, "..", "..", "examples", "basic");
export const ENDPOINT = "/__fnwire/fn";
export const FORM_ENDPOINT = "/__fnwire/form";
const CHROMIUM = "/usr/bin/chromium";
const SERVER_START_TIMEOUT_MS = 30_000;
// Every wait on the page is bounded by this.
const PAGE_TIMEOUT_MS = 15_000;

/** A headless chromium with a fresh profile (`options`: Playwright's context options, such as javaScriptEnabled); `close()` removes the profile too. */
export async function launchBrowser(options = {}) {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run \`node scripts/ensure-chromium.mjs\` first.`);
  const profile = await mkdtemp(join(tmpdir(), "fnwire-e2e-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    timeout: SERVER_START_TIMEOUT_MS,
    ...options,
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

/** Vite's dev server for `config` (its root and plugins) on an ephemeral port of 127.0.0.1: `{ server, baseUrl }`. */
export async function startDevServer(config) {
  const server = await createServer({
    logLevel: "warn",
    clearScreen: false,
    server: { host: "127.0.0.1", port: 0, strictPort: true },
    ...config,
  });
  await server.listen();
  return { server, baseUrl: server.resolvedUrls.local[0] };
}

/** `node server.mjs` of the built example (`dist`: another build's output) on `port` (ephemeral by default); resolves once it prints its URL. */
export async function startProductionServer({ dist, port = 0 } = {}) {
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: exampleDir,
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), ...(dist && { FNWIRE_EXAMPLE_DIST: dist }) },
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

/**
 * Records every server function call the page makes: `{ method, endpoint,
 * fnId, args, url, body, contentType, response }`. A POST to /fn carries
 * `{ fnId, args }` as its JSON body (`body`); a GET (a createServerFn({
 * method: "GET" }) read) has no body and carries them in the query string,
 * `?fnId=…&args=<JSON>`. A POST to /form is multipart: a stub's call holds
 * `{ fnId, args }` encoded in `$fnwire:call` (FormData arguments come back
 * as `{ formData: [[name, value]…] }`, files as `{ file, type }`); a form
 * posted without JavaScript holds `$fnwire:action` (`action` is then true).
 */
export function recordCalls(page) {
  const calls = [];
  // Chromium does not hand out multipart bodies that hold files (their postData is null): the
  // page's fetch copies each $fnwire:call into a header of its own for this record to read.
  void page.addInitScript(() => {
    const send = window.fetch;
    window.fetch = function (input, init) {
      const call = init?.body instanceof FormData ? init.body.get("$fnwire:call") : null;
      if (typeof call === "string") init = { ...init, headers: { ...init.headers, "x-fnwire-test-call": encodeURIComponent(call) } };
      return send.call(this, input, init);
    };
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname !== ENDPOINT && url.pathname !== FORM_ENDPOINT) return;
    const method = request.method();
    const contentType = request.headers()["content-type"];
    const endpoint = url.pathname === ENDPOINT ? "fn" : "form";
    let body = null;
    let call;
    if (endpoint === "form") {
      body = request.postDataBuffer()?.toString("latin1") ?? null;
      const copied = request.headers()["x-fnwire-test-call"];
      call = copied === undefined ? formCall(body ?? "") : decodeCall(decodeURIComponent(copied));
    } else if (method === "POST") {
      body = request.postDataJSON();
      call = body;
    } else {
      call = { fnId: url.searchParams.get("fnId"), args: JSON.parse(url.searchParams.get("args")) };
    }
    calls.push({ method, endpoint, ...call, url, body, contentType, response: request.response() });
  });
  return calls;
}

/** The call a multipart form body makes: a stub's (`$fnwire:call`, decoded) or a browser's (`$fnwire:action`). */
function formCall(body) {
  const field = (name) => new RegExp(`name="${name.replace("$", "\\$")}"\r\n\r\n([^\r]*)\r\n--`).exec(body)?.[1];
  const action = field("$fnwire:action");
  if (action !== undefined) return { fnId: action, action: true };
  const text = field("$fnwire:call");
  // The text was read as latin1 bytes: back to UTF-8 before decoding.
  return text === undefined ? {} : decodeCall(Buffer.from(text, "latin1").toString("utf8"));
}

/** `{ fnId, args }` of a stub's encoded call, its FormData and files described. */
function decodeCall(text) {
  return devalue.parse(text, {
    FormData: (entries) => ({ formData: entries }),
    File: ([, file, type]) => ({ file, type }),
    Blob: ([, type]) => ({ blob: type }),
  });
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
 * The records as listRecords answers a GET from outside the page (for
 * checks and clean-ups): with the stubs' Accept, since their creation
 * times are Dates, which only the encoding of section 14 carries.
 */
export async function readRecords(page, baseUrl, manifest, order = "oldest") {
  const response = await page.request.get(new URL(getCallUrl(idOf(manifest, "listRecords"), [{ order }]), baseUrl).href, {
    headers: { Accept: "application/json, application/vnd.fnwire+json" },
  });
  assert.equal(response.status(), 200);
  return devalue.parse(await response.text()).result;
}

/** The URL of a GET call: `<endpoint>?fnId=<id>&args=<JSON of the arguments, URI-encoded>`. */
export function getCallUrl(fnId, args) {
  return `${ENDPOINT}?fnId=${fnId}&args=${encodeURIComponent(JSON.stringify(args))}`;
}

/** Zod's own message for an order the list does not know, from the schema listRecords declares. */
const unknownOrderMessage = () =>
  z.object({ order: z.enum(["oldest", "newest"]) }).safeParse({ order: "sideways" }).error.issues[0].message;

/** Zod's own message for an address that is none, from the schema subscribe declares. */
const badEmailMessage = () => z.object({ email: z.email() }).safeParse({ email: "ada at example.com" }).error.issues[0].message;

/**
 * What a person does in the app, checked in both modes: list (with GET, in
 * either order; a bad input refused with zod's issues; creation times as
 * Dates), create with an attachment (a form action), rename (an inline server
 * function bound to the record's id, behind useActionState) and delete
 * records, a validation error, the contact form with its two-argument call
 * and the wrong call that sends nothing, the newsletter's wrapped action
 * (zod's 400, then a subscription), and the visit cookie.
 */
export async function walkThroughApp(page, baseUrl, manifest, label) {
  const calls = recordCalls(page);
  const callsOf = (exportName) => calls.filter((call) => call.fnId === idOf(manifest, exportName));
  const listId = idOf(manifest, "listRecords");
  await page.goto(baseUrl);
  const records = page.getByRole("region", { name: "Records" });

  // The list comes from listRecords: the store's two default records (in
  // production, rendered on the server and in the page already).
  await page.getByTestId("record").first().waitFor();
  assert.deepEqual(await recordTitles(page), ["Water the office plants", "Book the quarterly review"]);

  // The summary streams (section 14): an async generator's yields reach the
  // page one by one, each shown before the next is produced.
  const summary = page.getByTestId("summary");
  // Every text the page shows, as the browser renders it.
  await summary.evaluate((element) => {
    window.__summaryShown = [];
    new MutationObserver(() => {
      const text = element.textContent;
      if (text !== "" && text !== window.__summaryShown.at(-1)) window.__summaryShown.push(text);
    }).observe(element, { childList: true, characterData: true, subtree: true });
  });
  await page.getByRole("button", { name: "Summarize" }).click();
  await eventually(async () => (await summary.getAttribute("data-state")) === "done", "the summary did not finish");
  const summaryShown = await page.evaluate(() => window.__summaryShown);
  assert.deepEqual(summaryShown, [
    "2 records.",
    "2 records. Water the office plants.",
    "2 records. Water the office plants. Book the quarterly review.",
  ]);
  const [summarized] = callsOf("summarizeRecords");
  assert.match((await summarized.response).headers()["content-type"], /^application\/vnd\.fnwire-stream(;|$)/);

  // Signed out, a mutation is refused by its `auth` middleware before it
  // runs: the page shows the 401 the client received.
  const account = page.getByRole("region", { name: "Account" });
  await eventually(async () => (await account.getByTestId("account").textContent()) === "Signed out.", "the page did not say Signed out.");
  await records.getByLabel("Title", { exact: true }).fill("Buy milk");
  await records.getByRole("button", { name: "Add record" }).click();
  const signedOut = records.getByRole("alert");
  await signedOut.waitFor();
  assert.equal(await signedOut.locator("strong").textContent(), "Sign in first.");
  assert.equal(await signedOut.locator(".status").textContent(), "status 401");
  assert.equal((await callsOf("createRecord")[0].response).status(), 401);
  assert.deepEqual(await recordTitles(page), ["Water the office plants", "Book the quarterly review"]);
  await screenshot(page, `${label}-signed-out`);
  await records.getByRole("button", { name: "Try again" }).click();
  // Signing in (a form whose action is the signIn server function) sets the session cookie.
  await account.getByRole("button", { name: "Sign in", exact: true }).click();
  await eventually(
    async () => (await account.getByTestId("account").textContent()) === "Signed in as Ada (member).",
    "the page did not say who signed in",
  );

  // Create: <form action={createRecord}> with a title and a file. The stub's
  // call carries a FormData, so it goes to the form endpoint as multipart,
  // the call encoded in $fnwire:call and the file as a part of its own.
  await records.getByLabel("Title", { exact: true }).fill("Buy milk");
  await records.getByLabel("Attachment").setInputFiles({ name: "milk.txt", mimeType: "text/plain", buffer: Buffer.from("2 litres, oat") });
  await records.getByRole("button", { name: "Add record" }).click();
  const milk = page.getByTestId("record").filter({ hasText: "Buy milk" });
  await milk.waitFor();
  assert.equal(await milk.getByTestId("attachment").textContent(), "milk.txt (13 bytes)");
  const create = callsOf("createRecord")[1];
  assert.deepEqual([create.method, create.endpoint, create.action], ["POST", "form", undefined]);
  assert.match(create.contentType, /^multipart\/form-data; boundary=/);
  assert.deepEqual(create.args, [
    {
      formData: [
        ["title", "Buy milk"],
        ["attachment", { file: "milk.txt", type: "text/plain" }],
      ],
    },
  ]);
  assert.equal((await create.response).status(), 200);
  assert.deepEqual(await recordTitles(page), ["Water the office plants", "Book the quarterly review", "Buy milk"]);
  // The list was read from the browser too (on load in dev, after the change
  // in both modes), each time as a GET with the input in the URL and no body.
  const lists = callsOf("listRecords");
  assert.ok(lists.length >= 1, "the browser read the list after the change");
  for (const list of lists) {
    assert.equal(list.method, "GET");
    assert.equal(list.body, null);
    assert.equal(list.url.pathname + list.url.search, getCallUrl(listId, [{ order: "oldest" }]));
  }
  // The records' creation times are Dates, which JSON cannot carry: the answer is encoded (section 14)...
  const listed = await lists.at(-1).response;
  assert.equal(listed.status(), 200);
  assert.equal(listed.headers()["content-type"], "application/vnd.fnwire+json");
  const { result: listedRecords } = devalue.parse(await listed.text());
  assert.ok(listedRecords.every((record) => record.createdAt instanceof Date));
  // ...and the page shows each one in the browser's locale and time zone.
  const shown = await milk.getByTestId("created-at").evaluate((time) => ({
    text: time.textContent,
    local: new Date(time.dateTime).toLocaleString(),
  }));
  assert.equal(shown.text, shown.local);
  await screenshot(page, `${label}-created`);

  // Another order is another input: a GET with it, and the list as the server sorted it.
  await records.getByLabel("Order").selectOption("newest");
  await eventually(async () => (await recordTitles(page))[0] === "Buy milk", "the list did not show the newest record first");
  assert.deepEqual(await recordTitles(page), ["Buy milk", "Book the quarterly review", "Water the office plants"]);
  const newest = callsOf("listRecords").at(-1);
  assert.equal(newest.method, "GET");
  assert.deepEqual(newest.args, [{ order: "newest" }]);
  assert.equal((await newest.response).status(), 200);
  await records.getByLabel("Order").selectOption("oldest");
  await eventually(async () => (await recordTitles(page))[0] === "Water the office plants", "the list did not go back to oldest first");

  // An input the schema refuses, sent as a GET from the page: 400, with zod's issue in the envelope.
  const refused = await page.evaluate(
    async (url) => {
      const response = await fetch(url);
      return { status: response.status, body: await response.json() };
    },
    getCallUrl(listId, [{ order: "sideways" }]),
  );
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body, {
    error: refused.body.error,
    fnId: listId,
    status: 400,
    data: { issues: [{ message: unknownOrderMessage(), path: ["order"] }] },
  });
  assert.match(refused.body.error, /^Invalid input: order: /);

  // Each record has its own inline server function, rename, whose stub is
  // bound to the record's id, behind useActionState: the form's call sends
  // [id, previous state, FormData], and the server function gets them all
  // (the record with that id has the new title).
  const renameId = idOf(manifest, "RecordItem.rename");
  await records.getByRole("button", { name: "Rename Buy milk" }).click();
  await records.getByLabel("New title for Buy milk").fill("Buy oat milk");
  await records.getByRole("button", { name: "Save" }).click();
  await page.getByTestId("record").filter({ hasText: "Buy oat milk" }).waitFor();
  const [rename] = callsOf("RecordItem.rename");
  assert.deepEqual([rename.method, rename.endpoint], ["POST", "form"]);
  assert.deepEqual(rename.args, ["3", {}, { formData: [["title", "Buy oat milk"]] }]);
  const renamed = await rename.response;
  assert.equal(renamed.status(), 200);
  assert.deepEqual(await renamed.json(), { result: { title: "Buy oat milk" } });
  assert.deepEqual(await recordTitles(page), ["Water the office plants", "Book the quarterly review", "Buy oat milk"]);
  // Another record's stub carries that record's id; a refused title comes back
  // as the action's state and shows beside the field, and nothing changes.
  await records.getByRole("button", { name: "Rename Book the quarterly review" }).click();
  const editing = records.getByTestId("record").filter({ has: page.getByLabel("New title for Book the quarterly review") });
  await editing.getByRole("textbox").fill(" ");
  await editing.getByRole("button", { name: "Save" }).click();
  const fieldError = editing.locator(".field-error");
  await fieldError.waitFor();
  assert.equal(await fieldError.textContent(), "Give the record a title.");
  assert.equal(await editing.getByRole("textbox").getAttribute("aria-invalid"), "true");
  const refusedRename = callsOf("RecordItem.rename").at(-1);
  assert.deepEqual(refusedRename.args, ["2", {}, { formData: [["title", " "]] }]);
  assert.deepEqual(await (await refusedRename.response).json(), { result: { error: "Give the record a title." } });
  await screenshot(page, `${label}-rename-refused`);
  await editing.getByRole("button", { name: "Cancel" }).click();
  assert.equal(await records.locator(".field-error").count(), 0);
  assert.deepEqual(await recordTitles(page), ["Water the office plants", "Book the quarterly review", "Buy oat milk"]);

  // A validation error from the server (a title of spaces passes the field's
  // `required`): the form's action throws, and its error boundary shows the
  // message, status and data.
  await records.getByLabel("Title", { exact: true }).fill("   ");
  await records.getByRole("button", { name: "Add record" }).click();
  const alert = records.getByRole("alert");
  await alert.waitFor();
  assert.equal(await alert.locator("strong").textContent(), "Give the record a title.");
  assert.equal(await alert.locator(".status").textContent(), "status 400");
  assert.deepEqual(JSON.parse(await alert.locator(".data").textContent()), { field: "title", problem: "missing" });
  const rejected = callsOf("createRecord").at(-1);
  assert.deepEqual(rejected.args, [
    {
      formData: [
        ["title", "   "],
        ["attachment", { file: "", type: "application/octet-stream" }],
      ],
    },
  ]);
  assert.equal((await rejected.response).status(), 400);
  await screenshot(page, `${label}-validation-error`);
  await records.getByRole("button", { name: "Try again" }).click();
  await records.getByLabel("Title", { exact: true }).waitFor();

  // Delete is for admins (its `adminOnly` middleware, which depends on
  // `auth`): a member gets 403, and the record stays.
  await records.getByRole("button", { name: "Delete Buy oat milk" }).click();
  const forbidden = records.getByTestId("record").filter({ hasText: "Buy oat milk" }).getByRole("alert");
  await forbidden.waitFor();
  assert.equal(await forbidden.locator("strong").textContent(), "Only an admin may do this.");
  assert.equal(await forbidden.locator(".status").textContent(), "status 403");
  assert.equal((await callsOf("deleteRecord")[0].response).status(), 403);
  assert.deepEqual(await recordTitles(page), ["Water the office plants", "Book the quarterly review", "Buy oat milk"]);
  await screenshot(page, `${label}-forbidden`);
  // Signed in as an admin, through the aliased export, by the record's id.
  await account.getByRole("button", { name: "Sign in as admin" }).click();
  await eventually(
    async () => (await account.getByTestId("account").textContent()) === "Signed in as Grace (admin).",
    "the page did not say the admin signed in",
  );
  await records.getByRole("button", { name: "Delete Buy oat milk" }).click();
  await eventually(async () => !(await recordTitles(page)).includes("Buy oat milk"), "Buy oat milk is still listed after Delete");
  const remove = callsOf("deleteRecord").at(-1);
  assert.equal((await remove.response).status(), 200);
  assert.deepEqual(remove.body, { fnId: idOf(manifest, "deleteRecord"), args: ["3"] });
  assert.deepEqual(await recordTitles(page), ["Water the office plants", "Book the quarterly review"]);

  // createUser(name, email): mutate([name, email]) sends both as the arguments.
  const contact = page.getByRole("region", { name: "Contact" });
  await contact.getByLabel("Name").fill("Ada");
  await contact.getByLabel("Email").fill("ada@example.com");
  await contact.getByRole("button", { name: "Sign up" }).click();
  await page.getByTestId("signed-up").waitFor();
  assert.equal(await page.getByTestId("signed-up").textContent(), "Thanks, Ada! We will write to ada@example.com.");
  assert.deepEqual(callsOf("createUser")[0].body, {
    fnId: idOf(manifest, "createUser"),
    args: ["Ada", "ada@example.com"],
  });

  // subscribe, built by the app's action(schema, fn) wrapper: zod refuses a bad
  // address on the server, and the page shows the 400 with zod's issue...
  const newsletter = page.getByRole("region", { name: "Newsletter" });
  await newsletter.getByLabel("Address").fill("ada at example.com");
  await newsletter.getByRole("button", { name: "Subscribe" }).click();
  const refusedAddress = newsletter.getByRole("alert");
  await refusedAddress.waitFor();
  assert.equal(await refusedAddress.locator("strong").textContent(), "Check the form.");
  assert.equal(await refusedAddress.locator(".status").textContent(), "status 400");
  assert.deepEqual(JSON.parse(await refusedAddress.locator(".data").textContent()), {
    issues: [{ message: badEmailMessage(), path: ["email"] }],
  });
  const [refusedCall] = callsOf("subscribe");
  assert.equal(refusedCall.method, "POST");
  assert.deepEqual(refusedCall.body, { fnId: idOf(manifest, "subscribe"), args: [{ email: "ada at example.com" }] });
  assert.equal((await refusedCall.response).status(), 400);
  // ...and the wrapped function runs with a good one.
  await newsletter.getByLabel("Address").fill("ada@example.com");
  await newsletter.getByRole("button", { name: "Subscribe" }).click();
  await page.getByTestId("subscribed").waitFor();
  assert.equal(await page.getByTestId("subscribed").textContent(), "Subscribed ada@example.com. Subscribers: 1.");
  assert.deepEqual(callsOf("subscribe")[1].body, { fnId: idOf(manifest, "subscribe"), args: [{ email: "ada@example.com" }] });
  assert.equal((await callsOf("subscribe")[1].response).status(), 200);
  assert.equal(await newsletter.getByRole("alert").count(), 0);
  await screenshot(page, `${label}-subscribed`);

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
