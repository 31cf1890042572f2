// Helpers of the Node API tests: fixtures, ids computed independently of
// the compiler, and calls of compiled server functions through the handler.
import { createHash } from "node:crypto";
import { handleRequest } from "fnwire/server";

/** SPEC section 3: the first 16 hex digits of SHA-256 of `[salt]<module path>:<export name>`. */
export function fnId(modulePath, exportName, salt = "") {
  return createHash("sha256").update(salt).update(`${modulePath}:${exportName}`).digest("hex").slice(0, 16);
}

export { loadFixtures } from "../fixtures.mjs";

/** A call of a registered server function through fnwire/server's /fn endpoint, as a client stub makes it. */
export async function callServerFunction(fnId, args) {
  const request = new Request("http://localhost/__fnwire/fn", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ fnId, args }),
  });
  const response = await handleRequest(request);
  return { status: response.status, body: await response.json() };
}
