// The registry that compiled "use server" modules fill: fnId → function, and
// function → its reference (fnId, fnName, bound values) for fnwire/client's
// helpers rendering on the server (section 11).
import { describeValue, isValidFnId } from "../protocol.js";
import { shared } from "./state.js";

// fnId → { fn, fnName }.
shared.registry ??= new Map();
// Function → { fnId, fnName, target, boundArgs } of its first registration, or
// of a bound copy of a registered function.
shared.references ??= new WeakMap();
// The functions createServerFn({ method: "GET" }) made: the only ones answering GET.
shared.getFunctions ??= new WeakSet();

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
    trackBind(fn);
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

/**
 * Inline server functions that capture values are `fn.bind(null, ...captures)`
 * on the server (section 10). A bound function does not tell what it is
 * bound to, so a registered function's own `bind` records each bound copy,
 * which server-side rendering then recognizes.
 */
function trackBind(fn) {
  if (Object.hasOwn(fn, "bind")) return;
  try {
    Object.defineProperty(fn, "bind", { value: bindServerFunction, configurable: true, writable: true });
  } catch {
    // A frozen function: bound copies of it stay unknown to server-side rendering.
  }
}

function bindServerFunction(thisArg, ...values) {
  const bound = Function.prototype.bind.call(this, thisArg, ...values);
  const reference = shared.references.get(this);
  if (reference) {
    shared.references.set(bound, { ...reference, boundArgs: [...reference.boundArgs, ...values] });
    trackBind(bound);
  }
  return bound;
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
