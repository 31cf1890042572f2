// The request context of a server function call (section 8): request(),
// headers(), cookies and waitUntil(), which follow the call across awaits
// and never leak between concurrent calls.
import { AsyncLocalStorage } from "node:async_hooks";
import { parseCookie, stringifySetCookie } from "cookie";
import { rejectUnknownOptions } from "../protocol.js";
import { logFailure } from "./log.js";
import { shared } from "./state.js";

shared.context ??= new AsyncLocalStorage();

const NO_CONTEXT = Object.freeze({});
const COOKIE_OPTIONS = ["path", "domain", "maxAge", "expires", "httpOnly", "secure", "sameSite"];
const OUTSIDE_REQUEST =
  "[fnwire] Server context helpers (request(), headers(), cookie helpers, waitUntil()) must be called during a request lifecycle. " +
  "Call them inside a server function while fnwire handles its request, not at module scope, during a build or in client code.";

/**
 * The context of one call: `exchange` is the request as the endpoint reads
 * it (its Fetch Request is built only when a function asks for request()),
 * `setCookies` the Set-Cookie headers of its response, `modules` the
 * handler's manifest modules by fnId (for traces), when it was given one.
 */
export function createCallContext(exchange, platformWaitUntil, modules) {
  return {
    exchange,
    cookies: undefined,
    setCookies: [],
    sent: false,
    platformWaitUntil,
    modules,
    call: undefined,
    middlewareContext: undefined,
  };
}

/** Runs `fn` with `call` as the current context. */
export function runInContext(call, fn) {
  return shared.context.run(call, fn);
}

function currentCall() {
  const store = shared.context.getStore();
  // A store made by runWithContext names its call (none outside any request).
  const call = store?.call ?? store;
  if (call?.exchange === undefined) throw new Error(OUTSIDE_REQUEST);
  return call;
}

/** The module of `fnId` in the manifest of the handler answering the current request, if it has one. */
export function currentModuleOf(fnId) {
  const store = shared.context.getStore();
  return (store?.call ?? store)?.modules?.get(fnId);
}

/** The context the current call's middleware built (rule 15.7); an empty object when none ran. */
export function getContext() {
  return shared.context.getStore()?.middlewareContext ?? NO_CONTEXT;
}

/**
 * `context` becomes what getContext() returns for the rest of the current
 * call: for the endpoint's call of a function, whose store is the call's
 * own (no store to make, which calls pay for on every request).
 */
export function enterContext(context) {
  shared.context.getStore().middlewareContext = context;
}

/**
 * Runs `fn()` with `context` as the one getContext() returns. The call's
 * store stays in the one AsyncLocalStorage (another would slow every
 * promise of every call): a small store that names the call and holds the
 * context.
 */
export function runWithContext(context, fn) {
  const store = shared.context.getStore();
  return shared.context.run({ call: store?.call ?? store, middlewareContext: context }, fn);
}

/** The Request of the current server function call; its body has already been read. */
export function request() {
  return currentCall().exchange.request();
}

/** The headers of the current request. */
export function headers() {
  return request().headers;
}

/** A cookie of the current request, URI-decoded. */
export function getCookie(name) {
  const call = currentCall();
  call.cookies ??= parseCookie(call.exchange.header("cookie") ?? "");
  return call.cookies[name];
}

/** Adds a Set-Cookie header to this call's response. `path` defaults to "/", not to the endpoint's path. */
export function setCookie(name, value, options = {}) {
  const call = currentCall();
  rejectUnknownOptions(options, COOKIE_OPTIONS, "setCookie()");
  if (typeof value !== "string") {
    throw new TypeError(`[fnwire] setCookie(): the value of cookie "${name}" must be a string.`);
  }
  appendSetCookie(call, "setCookie()", { path: "/", ...options, name, value });
}

/** Expires a cookie with Max-Age=0; give the `path` and `domain` it was set with. */
export function deleteCookie(name, options = {}) {
  const call = currentCall();
  rejectUnknownOptions(options, COOKIE_OPTIONS, "deleteCookie()");
  appendSetCookie(call, "deleteCookie()", { path: "/", ...options, name, value: "", maxAge: 0, expires: undefined });
}

function appendSetCookie(call, helper, cookie) {
  if (call.sent) {
    throw new Error(`[fnwire] ${helper} was called after the response was sent: set cookies before the server function returns.`);
  }
  try {
    // stringifySetCookie URI-encodes the value.
    call.setCookies.push(stringifySetCookie(cookie));
  } catch (error) {
    throw new TypeError(`[fnwire] ${helper}: ${error.message}`);
  }
}

/**
 * Keeps work going after the response is sent. A rejection is logged, never
 * thrown; the platform's own waitUntil, when handleRequest was given one,
 * receives a promise that never rejects.
 */
export function waitUntil(promise) {
  const call = currentCall();
  if (typeof promise === "function") {
    throw new TypeError("[fnwire] waitUntil() takes a promise: call the function and pass the promise it returns.");
  }
  const settled = Promise.resolve(promise).then(
    () => {},
    (error) => logFailure("[fnwire] A promise passed to waitUntil() rejected:", error),
  );
  call.platformWaitUntil?.(settled);
}
