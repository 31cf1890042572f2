// The HTTP contract shared by fnwire/client and fnwire/server. No Node-only
// import here: the client runs in browsers.

const DEFAULT_BASE_PATH = "/__fnwire";

/** The endpoint path of server functions under `basePath`: `/__fnwire` → `/__fnwire/fn`. */
export function functionPath(basePath = DEFAULT_BASE_PATH) {
  if (typeof basePath !== "string" || !basePath.startsWith("/") || /[\s?#]/.test(basePath)) {
    throw new TypeError(
      `[fnwire] basePath must be a path starting with "/" (no white space, query or fragment), such as "${DEFAULT_BASE_PATH}"; received ${JSON.stringify(basePath)}.`,
    );
  }
  // Trailing slashes are dropped so that "/" and "/api/" never produce "//fn".
  return `${basePath.replace(/\/+$/, "")}/fn`;
}

/** The endpoint path of forms and calls JSON cannot carry (section 13): `/__fnwire` → `/__fnwire/form`. */
export function formPath(basePath = DEFAULT_BASE_PATH) {
  return functionPath(basePath).replace(/fn$/, "form");
}

/** The header a stub names its build in (section 16), lower case as the server reads headers. */
export const BUILD_HEADER = "x-fnwire-build";

/**
 * The fields of fnwire's own in a form body (section 13), all starting with
 * `$fnwire:`: the encoded call of a stub, or the action of a form submitted
 * without JavaScript, its bound values and the name of the submitter; a
 * stub's files are the parts `$fnwire:0`, `$fnwire:1`…
 */
export const FORM_FIELDS = Object.freeze({
  prefix: "$fnwire:",
  call: "$fnwire:call",
  action: "$fnwire:action",
  bound: "$fnwire:bound",
  clicked: "$fnwire:clicked:",
});

/** A server function id is a non-empty string without leading or trailing white space. */
export function isValidFnId(fnId) {
  return typeof fnId === "string" && fnId !== "" && fnId.trim() === fnId;
}

/** True for `application/json`, with or without parameters such as `; charset=utf-8`. */
export function isJsonMediaType(contentType) {
  return typeof contentType === "string" && contentType.split(";")[0].trim().toLowerCase() === "application/json";
}

/** Throws a `[fnwire]` TypeError naming the first key of `options` that `allowed` does not list. */
export function rejectUnknownOptions(options, allowed, caller) {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`[fnwire] ${caller} takes an options object; received ${options === null ? "null" : typeof options}.`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`[fnwire] ${caller} does not know the option "${key}"; the options are ${allowed.join(", ")}.`);
    }
  }
}

/**
 * fnwire/server's state lives on globalThis under this key, so that every copy
 * of fnwire/server (a dev server may load a second one) shares it, and
 * fnwire/client can see, on the server only, which functions are registered.
 */
export const SERVER_STATE = Symbol.for("fnwire.server");

/**
 * On the server, `{ fnId, fnName, target, boundArgs }` of a registered server
 * function (its first registration) or of a bound copy of one; else
 * undefined, always so in browsers, where fnwire/server never runs.
 */
export function registeredServerFunction(fn) {
  return typeof fn === "function" ? globalThis[SERVER_STATE]?.references?.get(fn) : undefined;
}

/**
 * Runs a registered function's call in this process (section 11), as a
 * child span of the current trace when fnwire/server traces (section 16).
 */
export function callInProcess(fnId, fnName, run) {
  const trace = globalThis[SERVER_STATE]?.traceInProcessCall;
  return trace === undefined ? run() : trace(fnId, fnName, run);
}

/** "a string", "null", "an array", "a Fetch API Request"…: what a misused API received, for its error message. */
export function describeValue(value) {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (typeof value !== "object")
    return typeof value === "function" ? "a function" : `a${/^[aeiou]/.test(typeof value) ? "n" : ""} ${typeof value}`;
  try {
    if (typeof Request === "function" && value instanceof Request) return "a Fetch API Request";
    if (value instanceof Promise) return "a promise";
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    return typeof name === "string" && name !== "" && name !== "Object" ? `an object (${name})` : "an object";
  } catch {
    // A revoked proxy throws on every look at it.
    return "an object";
  }
}

/** A received option value for an error message: strings quoted, numbers as written, anything else described. */
export function showValue(value) {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  return describeValue(value);
}
