// Helpers of the Node API tests: fixtures, and ids computed independently of
// the compiler.
import { createHash } from "node:crypto";

/** SPEC section 3: the first 16 hex digits of SHA-256 of `[salt]<module path>:<export name>`. */
export function fnId(modulePath, exportName, salt = "") {
  return createHash("sha256").update(salt).update(`${modulePath}:${exportName}`).digest("hex").slice(0, 16);
}

export { loadFixtures } from "../fixtures.mjs";
