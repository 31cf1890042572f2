// __unregisterServerReferences: the internal helper fnwire/vite's dev server
// uses so that an edited server module can register its functions again.
import assert from "node:assert/strict";
import { test } from "node:test";
import { __unregisterServerReferences, handleRequest, registerServerReference } from "fnwire/server";

function call(fnId) {
  const body = JSON.stringify({ fnId, args: [] });
  return handleRequest(
    new Request("http://localhost/__fnwire/fn", { method: "POST", headers: { "Content-Type": "application/json" }, body }),
  );
}

test("an unregistered id answers 404 and can be registered again", async () => {
  registerServerReference(async () => "first", "dev0000000000001", "version");
  assert.deepEqual(await (await call("dev0000000000001")).json(), { result: "first" });

  __unregisterServerReferences(["dev0000000000001"]);
  assert.equal((await call("dev0000000000001")).status, 404);

  // What an edited module does when Vite executes it again.
  registerServerReference(async () => "second", "dev0000000000001", "version");
  assert.deepEqual(await (await call("dev0000000000001")).json(), { result: "second" });
});

test("only the given ids are forgotten; unknown ids are ignored", async () => {
  registerServerReference(async () => "a", "dev0000000000002", "a");
  registerServerReference(async () => "b", "dev0000000000003", "b");
  __unregisterServerReferences(new Set(["dev0000000000002", "never-registered"]));
  assert.equal((await call("dev0000000000002")).status, 404);
  assert.deepEqual(await (await call("dev0000000000003")).json(), { result: "b" });
});

test("without unregistering, a second registration still throws and keeps the first", async () => {
  registerServerReference(async () => "kept", "dev0000000000004", "kept");
  assert.throws(
    () => registerServerReference(async () => "other", "dev0000000000004", "other"),
    /Duplicate server function id dev0000000000004/,
  );
  assert.deepEqual(await (await call("dev0000000000004")).json(), { result: "kept" });
});
