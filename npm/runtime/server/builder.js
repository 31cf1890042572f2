// createServerFn (section 12): `createServerFn({ method }).middleware([...]).validator(schema).handler(fn)`
// (section 15 for the middleware).
import { describeValue, registeredServerFunction, rejectUnknownOptions, showValue } from "../protocol.js";
import { checkByteLimit } from "./options.js";
import { enterContext, getContext, runWithContext } from "./context.js";
import { checkMiddlewareList, middlewareChain, runChain } from "./middleware.js";
import { markGetFunction, setBodySizeLimit } from "./registry.js";
import { checkSchema, validateInput } from "./schema.js";
import { shared } from "./state.js";

// createServerFn's functions → their steps (middleware, validator, handler):
// what a handler with global middleware runs them through.
shared.serverFnSteps ??= new WeakMap();

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
  return serverFnBuilder({ method, bodySizeLimit }, undefined, undefined);
}

/** An immutable builder: each step returns a new one, so a shared base builder can be reused. */
function serverFnBuilder(options, middleware, schema) {
  return Object.freeze({
    middleware(list) {
      if (middleware !== undefined) {
        throw new TypeError("[fnwire] createServerFn(): .middleware() was called twice; give it one list.");
      }
      if (schema !== undefined) {
        throw new TypeError(
          "[fnwire] createServerFn(): .middleware() comes before .validator(): createServerFn().middleware([...]).validator(schema).handler(fn).",
        );
      }
      return serverFnBuilder(options, checkMiddlewareList(list, `${CALLER}.middleware()`), schema);
    },
    validator(nextSchema) {
      if (schema !== undefined) {
        throw new TypeError("[fnwire] createServerFn(): .validator() was called twice; a server function has one validator.");
      }
      checkSchema(nextSchema, CALLER);
      return serverFnBuilder(options, middleware, nextSchema);
    },
    handler(fn) {
      if (typeof fn !== "function") {
        throw new TypeError(
          `[fnwire] createServerFn(): .handler() takes the function that answers, ({ data, context }) => result; received ${describeValue(fn)}.`,
        );
      }
      const steps = { chain: middlewareChain(middleware ?? []), ownMiddleware: middleware ?? [], schema, handler: fn };
      // Called in the same process (section 11), it runs its own middleware in the current context (rule 15.8).
      const serverFn = async (input) => runServerFn(serverFn, steps, steps.chain, input);
      // The chain ends here: a validator now would never run.
      Object.defineProperty(serverFn, "validator", {
        value() {
          throw new TypeError(
            "[fnwire] createServerFn(): .validator() comes before .handler(): createServerFn().validator(schema).handler(fn).",
          );
        },
      });
      shared.serverFnSteps.set(serverFn, steps);
      if (options.method === "GET") markGetFunction(serverFn);
      if (options.bodySizeLimit !== undefined) setBodySizeLimit(serverFn, options.bodySizeLimit);
      return serverFn;
    },
  });
}

/**
 * One call of a createServerFn function: `chain` (global middleware, then
 * its own), its validator, its handler `({ data, context })` (rule 15.5);
 * the middleware see the input before validation.
 */
function runServerFn(serverFn, steps, chain, input, enter = runWithContext) {
  const { fnId, fnName } = registeredServerFunction(serverFn) ?? { fnId: undefined, fnName: serverFn.name };
  const handle = (context, data) =>
    chain.length === 0 ? steps.handler({ data, context }) : enter(context, () => steps.handler({ data, context }));
  return runChain(chain, { data: input, fnId, fnName }, getContext(), (context) =>
    steps.schema === undefined ? handle(context, input) : validateInput(steps.schema, input).then((data) => handle(context, data)),
  );
}

/**
 * `fn(...args)` behind the handler's global middleware (rule 15.6): a
 * createServerFn function's own middleware run after them, each once; a
 * plain or inline function is given the argument array as `data`, and
 * reaches the context through getContext(). The endpoint calls it at the top
 * of the call, so the context goes on the call's own store.
 */
export function callWithMiddleware(globalMiddleware, fn, args, fnId, fnName) {
  const steps = shared.serverFnSteps.get(fn);
  const chain = chainFor(globalMiddleware, fn, steps?.ownMiddleware ?? []);
  if (steps !== undefined) return runServerFn(fn, steps, chain, args[0], enterThen);
  return runChain(chain, { data: args, fnId, fnName }, getContext(), (context) => enterThen(context, () => fn(...args)));
}

function enterThen(context, fn) {
  enterContext(context);
  return fn();
}

// A handler's global middleware (its list) → function → the chain a call of it runs.
const chains = new WeakMap();

function chainFor(globalMiddleware, fn, ownMiddleware) {
  let byFunction = chains.get(globalMiddleware);
  if (byFunction === undefined) chains.set(globalMiddleware, (byFunction = new WeakMap()));
  let chain = byFunction.get(fn);
  if (chain === undefined) byFunction.set(fn, (chain = middlewareChain(globalMiddleware, ownMiddleware)));
  return chain;
}
