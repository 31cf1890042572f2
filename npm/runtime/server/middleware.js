// Middleware (section 15): the steps that run before a server function (an
// app's authenticate, authorize, validate), written once and attached to one
// function or, as global middleware, to every call a handler answers.
import { describeValue, rejectUnknownOptions } from "../protocol.js";
import { checkSchema, validateInput } from "./schema.js";
import { shared } from "./state.js";

// On the objects `.server(fn)` makes: `{ dependencies, schema, fn }`. A
// registered symbol: a dev server's second copy of fnwire/server reads the
// middleware its first copy made.
const MIDDLEWARE = Symbol.for("fnwire.middleware");
const CALLER = "createMiddleware()";

/** The value `next()` resolves to, which a middleware must return: the rest of the call's outcome. */
class NextResult {
  constructor(result) {
    this.result = result;
  }
}

/**
 * `createMiddleware().middleware([...]).validator(schema).server(fn)`: a
 * middleware, for `createServerFn().middleware([...])` and the handlers'
 * `middleware` option. `type: "function"` is accepted as TanStack Start
 * spells it; fnwire has no other type.
 */
export function createMiddleware(options = {}) {
  rejectUnknownOptions(options, ["type"], CALLER);
  if (options.type !== undefined && options.type !== "function") {
    throw new TypeError(
      `[fnwire] ${CALLER}: fnwire's middleware run around server function calls (type "function"); received type ${describeValue(options.type)}. Middleware for every HTTP request belong to the app's server.`,
    );
  }
  return middlewareBuilder({ dependencies: undefined, schema: undefined });
}

function middlewareBuilder(parts) {
  return Object.freeze({
    middleware(list) {
      if (parts.dependencies !== undefined) throw new TypeError(`[fnwire] ${CALLER}: .middleware() was called twice; give it one list.`);
      if (parts.schema !== undefined) {
        throw new TypeError(
          `[fnwire] ${CALLER}: .middleware() comes before .validator(): createMiddleware().middleware([...]).validator(schema).server(fn).`,
        );
      }
      return middlewareBuilder({ ...parts, dependencies: checkMiddlewareList(list, `${CALLER}.middleware()`) });
    },
    validator(schema) {
      if (parts.schema !== undefined)
        throw new TypeError(`[fnwire] ${CALLER}: .validator() was called twice; a middleware has one validator.`);
      checkSchema(schema, CALLER);
      return middlewareBuilder({ ...parts, schema });
    },
    server(fn) {
      if (typeof fn !== "function") {
        throw new TypeError(
          `[fnwire] ${CALLER}: .server() takes the middleware's function, ({ data, context, next }) => next(); received ${describeValue(fn)}.`,
        );
      }
      return Object.freeze({ [MIDDLEWARE]: { dependencies: parts.dependencies ?? [], schema: parts.schema, fn } });
    },
  });
}

/**
 * The array of global middleware that a module named by fnwire/vite's
 * `serverMiddleware` exports: its default export, else its export
 * `middleware`; a TypeError naming the module for anything else.
 */
export function serverMiddlewareOf(exports, path) {
  const middleware = exports?.default ?? exports?.middleware;
  if (!Array.isArray(middleware)) {
    throw new TypeError(
      `[fnwire] fnwire/vite: the serverMiddleware module ${path} must export the array of global middleware as its default export (export default [auth]).`,
    );
  }
  checkMiddlewareList(middleware, `fnwire/vite: the serverMiddleware module ${path}`);
  // The module's own array: the dev server tells an edited module by it.
  return middleware;
}

/**
 * For fnwire/vite's production server entry only: the build's global
 * middleware (its `serverMiddleware`), which every handler of the process
 * runs first, before its own `middleware` option's (rule 15.6).
 */
export function __useBuildMiddleware(exports, path) {
  shared.buildMiddleware = [...serverMiddlewareOf(exports, path)];
}

/** The global middleware of a call: the build's (fnwire/vite's serverMiddleware), then the handler's. */
export function globalMiddleware(handlerMiddleware) {
  const build = shared.buildMiddleware;
  return build === undefined ? handlerMiddleware : [...build, ...handlerMiddleware];
}

/** A copy of `list` once each item is a middleware; a TypeError naming `caller` and the item otherwise. */
export function checkMiddlewareList(list, caller) {
  if (!Array.isArray(list)) {
    throw new TypeError(
      `[fnwire] ${caller} takes an array of middleware made by createMiddleware().server(fn); received ${describeValue(list)}.`,
    );
  }
  list.forEach((item, index) => {
    if (item?.[MIDDLEWARE] === undefined) {
      throw new TypeError(
        `[fnwire] ${caller}: item ${index} is ${describeValue(item)}, not a middleware: make it with createMiddleware().server(fn).`,
      );
    }
  });
  return [...list];
}

/**
 * The middleware of `lists` in the order they run: each one's dependencies
 * before it, and each once, however often it is listed (rule 15.4).
 */
export function middlewareChain(...lists) {
  const chain = [];
  const seen = new Set();
  const visit = (middleware) => {
    if (seen.has(middleware)) return;
    seen.add(middleware);
    const parts = middleware[MIDDLEWARE];
    for (const dependency of parts.dependencies) visit(dependency);
    chain.push(parts);
  };
  for (const list of lists) for (const middleware of list) visit(middleware);
  return chain;
}

/**
 * Runs `chain` for one call, then `final(context)` with the context they
 * built; resolves to its result. `call` is `{ data, fnId, fnName }`, what
 * each middleware is given. A middleware that throws ends the call there.
 */
export function runChain(chain, call, context, final) {
  if (chain.length === 0) return final(context);
  const outcome = runFrom(chain, 0, call, context, final);
  if (!(outcome instanceof Settled)) return outcome.then(resultOf);
  if (outcome.outcome === undefined) throw outcome.error;
  return outcome.outcome.result;
}

const resultOf = (outcome) => outcome.result;
const toNextResult = (result) => new NextResult(result);

/**
 * What next() returns when the rest of the call finished at once: a
 * thenable, so that `await next()` works as for a promise, while a chain
 * of middleware and a function that all answer at once makes no promise at
 * all (each promise is what a middleware costs a call; measured in the bench).
 * `outcome` is the NextResult, or undefined with `error` when it failed.
 */
class Settled {
  constructor(outcome, error) {
    this.outcome = outcome;
    this.error = error;
  }

  then(onFulfilled, onRejected) {
    const promise = this.outcome === undefined ? Promise.reject(this.error) : Promise.resolve(this.outcome);
    return promise.then(onFulfilled, onRejected);
  }

  catch(onRejected) {
    return this.then(undefined, onRejected);
  }

  finally(onFinally) {
    return this.then().finally(onFinally);
  }
}

/** `settle()`'s outcome as a Settled: its value, or what it threw. */
function settledBy(settle) {
  try {
    return new Settled(settle());
  } catch (error) {
    return new Settled(undefined, error);
  }
}

/** The rest of the chain from `index`: a Settled when it finished at once, else a promise of its NextResult. */
function runFrom(chain, index, call, context, final) {
  if (index === chain.length) return finish(final, context);
  const { schema, fn } = chain[index];
  if (schema === undefined) return runMiddleware(chain, index, call, context, final, fn, call.data);
  return validateInput(schema, call.data).then((data) => runMiddleware(chain, index, call, context, final, fn, data));
}

/** The function itself, once every middleware called next(). */
function finish(final, context) {
  let result;
  let pending;
  try {
    result = final(context);
    pending = typeof result?.then === "function";
  } catch (error) {
    return new Settled(undefined, error);
  }
  return pending ? Promise.resolve(result).then(toNextResult) : new Settled(new NextResult(result));
}

function runMiddleware(chain, index, call, context, final, fn, data) {
  // 0: next() not called yet; 1: called; 2: the middleware has returned.
  let state = 0;
  let misuse;
  const next = (options) => {
    if (state !== 0) {
      const what = state === 2 ? "called next() after it had returned" : "called next() twice";
      // After it returned, the call has been answered: only the log can say so.
      if (state === 2) console.error(`[fnwire] ${misuseMessage(chain, index, call, what)}; nothing ran again.`);
      misuse ??= what;
      const refused = Promise.reject(misuseError(chain, index, call, what));
      refused.catch(() => {});
      return refused;
    }
    state = 1;
    const added = options === undefined ? undefined : addedContext(options, chain, index);
    return runFrom(chain, index + 1, call, added === undefined ? context : { ...context, ...added }, final);
  };
  /** The middleware's own outcome: what next() resolved to, else its misuse. */
  const returnedValue = (value) => {
    const calledNext = state === 1;
    state = 2;
    if (misuse !== undefined) throw misuseError(chain, index, call, misuse);
    if (!(value instanceof NextResult)) {
      const what = calledNext ? "called next() but returned something other than what it resolved to" : "returned without calling next()";
      throw misuseError(chain, index, call, what);
    }
    return value;
  };
  const threw = (error) => {
    state = 2;
    throw misuse === undefined ? error : misuseError(chain, index, call, misuse);
  };
  let returned;
  try {
    returned = fn({ data, context, next, fnId: call.fnId, fnName: call.fnName });
  } catch (error) {
    return settledBy(() => threw(error));
  }
  if (returned instanceof Settled) {
    const { outcome, error } = returned;
    return settledBy(() => (outcome === undefined ? threw(error) : returnedValue(outcome)));
  }
  return Promise.resolve(returned).then(returnedValue, threw);
}

/** The context `next(options)` adds, or undefined; a TypeError naming the middleware for anything but `{ context?: plain object }`. */
function addedContext(options, chain, index) {
  const only = options !== null && typeof options === "object" && Object.keys(options).every((key) => key === "context");
  if (!only) rejectUnknownOptions(options, ["context"], `next() in ${middlewareName(chain, index)}`);
  const added = options.context;
  if (added !== undefined && !isPlainObject(added)) {
    throw new TypeError(
      `[fnwire] next() in ${middlewareName(chain, index)}: context must be a plain object; received ${describeValue(added)}.`,
    );
  }
  return added;
}

function misuseMessage(chain, index, call, what) {
  return `${middlewareName(chain, index)} of server function "${call.fnName}" (${call.fnId}) ${what}`;
}

function misuseError(chain, index, call, what) {
  return new Error(`[fnwire] ${misuseMessage(chain, index, call, what)}: a middleware calls next() once and returns what it resolves to.`);
}

/** Its function's name, else its place in the chain: what a log line can point at. */
function middlewareName(chain, index) {
  const { name } = chain[index].fn;
  return name ? `middleware "${name}"` : `middleware ${index + 1} of ${chain.length}`;
}

/** An object literal's kind (or one made with Object.create(null)): not an array, a Map, a Date or a class instance, whose state a merge would lose. */
function isPlainObject(value) {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
