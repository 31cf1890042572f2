// createServerFn (section 12): `createServerFn({ method }).validator(schema).handler(fn)`.
import { describeValue, rejectUnknownOptions, showValue } from "../protocol.js";
import { checkByteLimit } from "./options.js";
import { markGetFunction, setBodySizeLimit } from "./registry.js";
import { checkSchema, validateInput } from "./schema.js";

const SERVER_FN_METHODS = ["GET", "POST"];
const CALLER = "createServerFn()";

/**
 * `createServerFn({ method }).validator(schema).handler(fn)`: a server function
 * `(input) => Promise<result>` that validates its input on the server, then
 * calls `fn({ data })`. `method: "GET"` lets clients read through GET.
 */
export function createServerFn(options = {}) {
  rejectUnknownOptions(options, ["method", "bodySizeLimit"], CALLER);
  const { method = "POST", bodySizeLimit } = options;
  if (!SERVER_FN_METHODS.includes(method)) {
    throw new TypeError(`[fnwire] createServerFn(): method must be "GET" (reads) or "POST" (the default); received ${showValue(method)}.`);
  }
  // A narrower limit for this function's calls than the handler's (section 13).
  if (bodySizeLimit !== undefined) checkByteLimit(bodySizeLimit, "bodySizeLimit", CALLER);
  return serverFnBuilder({ method, bodySizeLimit }, undefined);
}

/** An immutable builder: each step returns a new one, so a shared base builder can be reused. */
function serverFnBuilder(options, schema) {
  return Object.freeze({
    validator(nextSchema) {
      if (schema !== undefined) {
        throw new TypeError("[fnwire] createServerFn(): .validator() was called twice; a server function has one validator.");
      }
      checkSchema(nextSchema, CALLER);
      return serverFnBuilder(options, nextSchema);
    },
    handler(fn) {
      if (typeof fn !== "function") {
        throw new TypeError(
          `[fnwire] createServerFn(): .handler() takes the function that answers, ({ data }) => result; received ${describeValue(fn)}.`,
        );
      }
      const serverFn = async (input) => fn({ data: schema === undefined ? input : await validateInput(schema, input) });
      // The chain ends here: a validator now would never run.
      Object.defineProperty(serverFn, "validator", {
        value() {
          throw new TypeError(
            "[fnwire] createServerFn(): .validator() comes before .handler(): createServerFn().validator(schema).handler(fn).",
          );
        },
      });
      if (options.method === "GET") markGetFunction(serverFn);
      if (options.bodySizeLimit !== undefined) setBodySizeLimit(serverFn, options.bodySizeLimit);
      return serverFn;
    },
  });
}
