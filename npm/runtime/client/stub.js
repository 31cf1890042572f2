// Stubs: what the compiler emits in place of each server function on the
// client. A stub is an async function with read-only fnId, fnName and (when
// known) fnArity, a bind() that keeps it a stub, and React's $$FORM_ACTION.
import { isValidFnId, rejectUnknownOptions, showValue } from "../protocol.js";
import { formActionFields } from "../form-action.js";
import { formActionUrl, send } from "./transport.js";

const METHODS = ["GET", "POST"];
// Where a stub keeps what its own properties do not show: the values bound to
// it and its method. Symbol.for: another copy of this module reads it too.
export const REFERENCE = Symbol.for("fnwire.reference");

/** The stub of one server function: `export const f = createServerReference("<fnId>", "f", 1)`. */
export function createServerReference(fnId, fnName, fnArity, options) {
  if (!isValidFnId(fnId)) {
    throw new TypeError(`[fnwire] createServerReference(): fnId must be a non-empty string without surrounding white space.`);
  }
  if (typeof fnName !== "string" || fnName === "") {
    throw new TypeError(`[fnwire] createServerReference(): fnName must be a non-empty string.`);
  }
  if (fnArity !== undefined && !(Number.isInteger(fnArity) && fnArity >= 0)) {
    throw new TypeError(`[fnwire] createServerReference(): fnArity, when given, must be a non-negative integer.`);
  }
  let method = "POST";
  let buildId;
  if (options !== undefined) {
    rejectUnknownOptions(options, ["method", "buildId"], "createServerReference()");
    if (options.method !== undefined && !METHODS.includes(options.method)) {
      throw new TypeError(`[fnwire] createServerReference(): method must be "GET" or "POST"; received ${showValue(options.method)}.`);
    }
    if (options.buildId !== undefined && (typeof options.buildId !== "string" || options.buildId === "")) {
      throw new TypeError(
        `[fnwire] createServerReference(): buildId must be the build's id, a non-empty string; received ${showValue(options.buildId)}.`,
      );
    }
    method = options.method ?? "POST";
    // The build this stub belongs to (section 16), which its calls name.
    buildId = options.buildId;
  }
  return stub({ fnId, fnName, fnArity, method, buildId, boundArgs: [] });
}

function stub(reference) {
  const { fnId, fnName, fnArity, method, buildId } = reference;
  const context = callContext(undefined, method, buildId);
  // Read at each call: a stub bound by bindLive reads its values then.
  const call = async (...args) => send(fnId, [...reference.boundArgs, ...args], context);
  const properties = {
    name: { value: fnName },
    fnId: { value: fnId, enumerable: true },
    fnName: { value: fnName, enumerable: true },
    bind: { value: bindStub },
    $$FORM_ACTION: { value: stubFormAction },
    [REFERENCE]: { value: Object.freeze(reference) },
  };
  if (fnArity !== undefined) properties.fnArity = { value: fnArity, enumerable: true };
  return Object.defineProperties(call, properties);
}

/**
 * `stub.bind(thisArg, ...values)`: the compiler binds an inline server
 * function's captured values so, and React's useActionState its state. The
 * result is a stub again, which sends `[...values, ...args]`; `thisArg` is
 * dropped, as a server function has none.
 */
function bindStub(thisArg, ...values) {
  const reference = this?.[REFERENCE];
  // Borrowed onto something else: the ordinary bind.
  if (reference === undefined) return Function.prototype.bind.call(this, thisArg, ...values);
  return stub({
    ...reference,
    fnArity: reference.fnArity === undefined ? undefined : Math.max(0, reference.fnArity - values.length),
    boundArgs: [...reference.boundArgs, ...values],
  });
}

/**
 * `bindLive(stub, values, count)`: a stub whose calls send `[...values(),
 * ...args]`, `values()` read at each call (and by $$FORM_ACTION when a form
 * renders). The compiler binds a nested function declaration so (section
 * 10): its name holds the stub from the top of its scope, before the
 * captured bindings have values, and a call sends them as they are then.
 * `count` is how many values `values()` returns, for fnArity.
 */
export function bindLive(target, values, count) {
  const reference = target?.[REFERENCE];
  if (reference === undefined || typeof values !== "function" || !(Number.isInteger(count) && count >= 0)) {
    throw new TypeError("[fnwire] bindLive() takes a stub, a function returning the values to bind, and how many it returns.");
  }
  const fixed = reference.boundArgs;
  const live = { ...reference, fnArity: reference.fnArity === undefined ? undefined : Math.max(0, reference.fnArity - count) };
  return stub(Object.defineProperty(live, "boundArgs", { get: () => [...fixed, ...values()], enumerable: true }));
}

/** What the transport is told of a call: its signal and method, and its build when the stub has one. */
export function callContext(signal, method, buildId) {
  return buildId === undefined ? { signal, method } : { signal, method, buildId };
}

function stubFormAction() {
  const { fnId, boundArgs } = this[REFERENCE];
  return formActionFields(fnId, boundArgs, formActionUrl());
}
