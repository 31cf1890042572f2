// What the createServerFn app (builder-app/) must do, the same on Vite's dev
// server (builder-dev.test.mjs) and built by Vite (builder.test.mjs).
import assert from "node:assert/strict";
import { z } from "zod";
import { ENDPOINT, idOf } from "./support.mjs";

/** The manifest (or, in dev, the graph analysis) marks the GET function, and only it. */
export function checkManifest(manifest) {
  const getUserId = idOf(manifest, "getUser");
  assert.equal(manifest.functions[getUserId].method, "GET");
  assert.equal(manifest.functions[getUserId].arity, 1);
  assert.equal(manifest.functions[idOf(manifest, "renameUser")].method, undefined);
}

/**
 * useQuery(getUser, { id: "1" }) reads with GET and renders the user; a write
 * goes as POST; getUser({ id: 1 }) is zod's 400, through GET too.
 */
export async function checkUserPage(browser, baseUrl, manifest) {
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
}

/** A GET for the POST function is 405 with Allow: POST. */
export async function checkGetOnPostFunction(browser, baseUrl, manifest) {
  const page = await browser.context.newPage();
  const renameId = idOf(manifest, "renameUser");
  const response = await page.request.get(`${new URL(ENDPOINT, baseUrl).href}?fnId=${renameId}&args=%5B%5D`);
  assert.equal(response.status(), 405);
  assert.equal(response.headers().allow, "POST");
  const body = await response.json();
  assert.deepEqual(body, { error: body.error, fnId: renameId, status: 405 });
  await page.close();
}
