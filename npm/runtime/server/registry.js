// The registry that compiled "use server" modules fill: fnId → function, and
// function → its reference (fnId, fnName, bound values) for fnwire/client's
// helpers rendering on the server (section 11).
import { formActionFields } from "../form-action.js";
import { describeValue, formPath, isValidFnId } from "../protocol.js";
import { shared } from "./state.js";

// fnId → { fn, fnName }.
shared.registry ??= new Map();
// Function → { fnId, fnName, target, boundArgs } of its first registration, or
// of a bound copy of a registered function.
shared.references ??= new WeakMap();
// The functions createServerFn({ method: "GET" }) made: the only ones answering GET.
shared.getFunctions ??= new WeakSet();
// createServerFn({ bodySizeLimit }): function → its own, narrower, body limit.
shared.bodySizeLimits ??= new WeakMap();
// Where forms rendered on the server post (section 13); the handlers set it from their basePath.
shared.formAction ??= formPath();

/** Called by compiled server modules, once per exported server function. */
export function registerServerReference(fn, fnId, fnName) {
  if (!isValidFnId(fnId)) {
    throw new TypeError("[fnwire] registerServerReference(): fnId must be a non-empty string without surrounding white space.");
  }
  if (typeof fnName !== "string" || fnName === "") {
    throw new TypeError("[fnwire] registerServerReference(): fnName must be a non-empty string.");
  }
  if (typeof fn !== "function") {
    // A wrapped export (`export const f = wrap(...)`) is only known at run time:
    // say so at server start rather than at the first call.
    throw new TypeError(
      `[fnwire] Server function "${fnName}" (${fnId}) is ${describeValue(fn)}, not a function: registerServerReference() takes the function itself. When the export is built by a wrapper (wrappedExports), the wrapper must return a function.`,
    );
  }
  const registered = shared.registry.get(fnId);
  if (registered) {
    throw new Error(
      `[fnwire] Duplicate server function id ${fnId}: "${registered.fnName}" is registered under it, so "${fnName}" was not registered.`,
    );
  }
  shared.registry.set(fnId, { fn, fnName });
  if (!shared.references.has(fn)) {
    shared.references.set(fn, { fnId, fnName, target: fn, boundArgs: [] });
    markReference(fn);
  }
  return fn;
}

/** `{ fn, fnName }` registered under `fnId`, or undefined. A Map: ids such as "__proto__" or "toString" find nothing. */
export function registeredFunction(fnId) {
  return shared.registry.get(fnId);
}

/** Marks a function made by createServerFn({ method: "GET" }): it also answers GET. */
export function markGetFunction(fn) {
  shared.getFunctions.add(fn);
}

export function isGetFunction(fn) {
  return shared.getFunctions.has(fn);
}

export function setBodySizeLimit(fn, limit) {
  shared.bodySizeLimits.set(fn, limit);
}

/** A function's own body limit (createServerFn({ bodySizeLimit })), or undefined. */
export function bodySizeLimitOf(fn) {
  return shared.bodySizeLimits.get(fn);
}

/** The path server-rendered forms post to: the form endpoint under the handler's basePath. */
export function setFormAction(path) {
  shared.formAction = path;
}

/**
 * Gives a registered function (or a bound copy) what server-side rendering
 * needs of it. Inline server functions that capture values are
 * `fn.bind(null, ...captures)` on the server (section 10), and React's
 * useActionState binds its state: a bound function does not tell what it
 * is bound to, so the function's own `bind` records each bound copy. And
 * React renders `<form action={fn}>` through `$$FORM_ACTION` (section 13).
 */
function markReference(fn) {
  try {
    if (!Object.hasOwn(fn, "bind")) Object.defineProperty(fn, "bind", { value: bindServerFunction, configurable: true, writable: true });
    if (!Object.hasOwn(fn, "$$FORM_ACTION")) Object.defineProperty(fn, "$$FORM_ACTION", { value: serverFormAction, configurable: true });
  } catch {
    // A frozen function: bound copies of it stay unknown to server-side rendering.
  }
}

function bindServerFunction(thisArg, ...values) {
  const bound = Function.prototype.bind.call(this, thisArg, ...values);
  const reference = shared.references.get(this);
  if (reference) {
    shared.references.set(bound, { ...reference, boundArgs: [...reference.boundArgs, ...values] });
    markReference(bound);
  }
  return bound;
}

/**
 * `bindLive(fn, values)`: `fn` bound to `values()`, read at each call, and
 * known to server-side rendering as a bound copy whose bound values are
 * read when asked. The compiler binds a nested function declaration so
 * (section 10), at the top of its scope, before the captured bindings have
 * values. (The client's bindLive takes their count too; it is not needed here.)
 */
export function bindLive(fn, values) {
  if (typeof fn !== "function" || typeof values !== "function") {
    throw new TypeError("[fnwire] bindLive() takes a server function and a function returning the values to bind.");
  }
  const bound = (...args) => fn(...values(), ...args);
  const reference = shared.references.get(fn);
  if (reference) {
    const fixed = reference.boundArgs;
    const live = Object.defineProperty({ ...reference }, "boundArgs", { get: () => [...fixed, ...values()], enumerable: true });
    shared.references.set(bound, live);
    markReference(bound);
  }
  return bound;
}

function serverFormAction() {
  const { fnId, boundArgs } = shared.references.get(this);
  return formActionFields(fnId, boundArgs, shared.formAction);
}

/**
 * Internal: not part of fnwire's public API, for dev servers (fnwire/vite)
 * only. Forgets the given ids so that an edited module, executed again, can
 * register its functions anew, and removed functions stop answering.
 */
export function __unregisterServerReferences(fnIds) {
  for (const fnId of fnIds) {
    const registered = shared.registry.get(fnId);
    if (registered && shared.references.get(registered.fn)?.fnId === fnId) shared.references.delete(registered.fn);
    shared.registry.delete(fnId);
  }
}
