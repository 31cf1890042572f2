// fnwire/server: the registry that compiled "use server" modules fill, the HTTP
// endpoint that calls them (Fetch API and node:http), and the helpers that
// read the current request from inside a server function.
import { AsyncLocalStorage } from "node:async_hooks";
import { parseCookie, stringifySetCookie } from "cookie";
import { functionPath, isJsonMediaType, isValidFnId, rejectUnknownOptions } from "./protocol.js";

const MAX_BODY_BYTES = 1_048_576;
// Spreading more arguments than V8 takes (about 125,000) throws a RangeError
// that would pass for the function's own failure; far fewer fit in 1 MiB of
// meaningful arguments anyway.
const MAX_ARGS = 65_536;
const COOKIE_OPTIONS = ["path", "domain", "maxAge", "expires", "httpOnly", "secure", "sameSite"];
const OUTSIDE_REQUEST =
  "[fnwire] Server context helpers (request(), headers(), cookie helpers, waitUntil()) must be called during a request lifecycle. " +
  "Call them inside a server function while fnwire handles its request, not at module scope, during a build or in client code.";

/** An error whose message, status and data the client receives as they are. */
class LocalServerError extends Error {
  constructor(message, { status = 500, data } = {}) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new TypeError(`[fnwire] ServerError: status must be an HTTP error status (400-599); received ${status}.`);
    }
    super(message);
    this.name = "ServerError";
    this.status = status;
    this.data = data;
  }
}

// A dev server can load this module a second time beside Node's own import of
// it (Vite's SSR module graph does): every copy must share the registered
// functions, the request context and the ServerError class.
const shared = (globalThis[Symbol.for("fnwire.server")] ??= {
  registry: new Map(),
  context: new AsyncLocalStorage(),
  ServerError: LocalServerError,
});

export const ServerError = shared.ServerError;

/** Called by compiled server modules, once per exported server function. */
export function registerServerReference(fn, fnId, fnName) {
  if (typeof fn !== "function") {
    throw new TypeError(`[fnwire] registerServerReference(): server function "${fnName}" must be a function.`);
  }
  if (!isValidFnId(fnId)) {
    throw new TypeError("[fnwire] registerServerReference(): fnId must be a non-empty string without surrounding white space.");
  }
  if (typeof fnName !== "string" || fnName === "") {
    throw new TypeError("[fnwire] registerServerReference(): fnName must be a non-empty string.");
  }
  const registered = shared.registry.get(fnId);
  if (registered) {
    throw new Error(
      `[fnwire] Duplicate server function id ${fnId}: "${registered.fnName}" is registered under it, so "${fnName}" was not registered.`,
    );
  }
  shared.registry.set(fnId, { fn, fnName });
  return fn;
}

/**
 * Internal: not part of fnwire's public API, for dev servers (fnwire/vite)
 * only. Forgets the given ids so that an edited module, executed again, can
 * register its functions anew, and removed functions stop answering.
 */
export function __unregisterServerReferences(fnIds) {
  for (const fnId of fnIds) shared.registry.delete(fnId);
}

/** Answers a server function call made with the Fetch API's Request. */
export async function handleRequest(request, options = {}) {
  rejectUnknownOptions(options, ["basePath", "waitUntil"], "handleRequest()");
  if (options.waitUntil !== undefined && typeof options.waitUntil !== "function") {
    throw new TypeError("[fnwire] handleRequest(): waitUntil must be a function, such as the platform's ctx.waitUntil.");
  }
  if (new URL(request.url).pathname !== functionPath(options.basePath)) {
    return errorResponse(404, "Not found.", null);
  }
  if (request.method !== "POST") {
    return methodNotAllowed(request.method);
  }
  if (!isJsonMediaType(request.headers.get("Content-Type"))) {
    return errorResponse(415, "Server function calls must have Content-Type: application/json.", null);
  }
  const body = await readBody(request);
  if (body instanceof Response) return body;

  let payload;
  try {
    payload = JSON.parse(body);
  } catch {
    return errorResponse(400, "The request body is not valid JSON.", null);
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    return errorResponse(400, "The request body must be a JSON object { fnId, args }.", null);
  }
  const { fnId, args } = payload;
  if (typeof fnId !== "string") {
    return errorResponse(400, "fnId must be a string.", null);
  }
  if (!isValidFnId(fnId)) {
    return errorResponse(400, "fnId must be a non-empty string without surrounding white space.", fnId);
  }
  if (!Array.isArray(args)) {
    return errorResponse(400, "args must be an array.", fnId);
  }
  if (args.length > MAX_ARGS) {
    return errorResponse(400, `args must hold at most ${MAX_ARGS} arguments.`, fnId);
  }

  // A Map: ids such as "__proto__" or "toString" find nothing.
  const registered = shared.registry.get(fnId);
  if (!registered) {
    return errorResponse(404, `Unknown server function ${fnId}.`, fnId);
  }
  return callServerFunction(registered, fnId, args, request, options.waitUntil);
}

/** The body as text, or the error response when it is too large or cannot be read. */
async function readBody(request) {
  if (request.body === null) return "";
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let text = "";
  let size = 0;
  try {
    const reader = request.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      // Counted as it arrives: Content-Length is the client's claim, not a fact.
      size += chunk.value.byteLength;
      if (size > MAX_BODY_BYTES) {
        // Stop reading without waiting for the stream to wind down.
        reader.cancel().catch(() => {});
        return errorResponse(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`, null);
      }
      text += decoder.decode(chunk.value, { stream: true });
    }
    return text + decoder.decode();
  } catch {
    return errorResponse(400, "The request body could not be read as UTF-8 text.", null);
  }
}

async function callServerFunction({ fn, fnName }, fnId, args, request, platformWaitUntil) {
  const call = { request, cookies: undefined, setCookies: [], sent: false, platformWaitUntil };
  let response;
  try {
    const result = await shared.context.run(call, () => fn(...args));
    // JSON.stringify throws here for BigInt and cycles, which the catch answers.
    response = jsonResponse(200, result === undefined ? {} : { result });
  } catch (error) {
    response = thrownResponse(error, fnId, fnName);
  }
  call.sent = true;
  for (const cookie of call.setCookies) response.headers.append("Set-Cookie", cookie);
  return response;
}

function thrownResponse(error, fnId, fnName) {
  // Anything can be thrown: even `instanceof` throws on a revoked proxy.
  let isServerError = false;
  try {
    isServerError = error instanceof ServerError;
  } catch {}
  if (isServerError) {
    try {
      return errorResponse(error.status, error.message, fnId, error.data);
    } catch (serializeError) {
      return internalError(serializeError, fnId, fnName);
    }
  }
  return internalError(error, fnId, fnName);
}

// Whatever was thrown stays on the server: its message or stack may hold secrets.
function internalError(error, fnId, fnName) {
  try {
    // A rejected promise thrown as a value would otherwise be an unhandled
    // rejection, which ends the process.
    if (error instanceof Promise) error.catch(() => {});
  } catch {}
  try {
    console.error(`[fnwire] Server function "${fnName}" (${fnId}) failed:`, error);
  } catch {
    console.error(`[fnwire] Server function "${fnName}" (${fnId}) failed, with a value that cannot be logged.`);
  }
  return errorResponse(500, "Internal server error.", fnId);
}

function errorResponse(status, error, fnId, data, headers) {
  return jsonResponse(status, { error, fnId, status, data }, headers);
}

function methodNotAllowed(method) {
  return errorResponse(405, `Method ${method} is not allowed: server functions are called with POST.`, null, undefined, { Allow: "POST" });
}

function jsonResponse(status, payload, headers = {}) {
  return new Response(JSON.stringify(payload), { status, headers: { "Content-Type": "application/json", ...headers } });
}

/**
 * A `(req, res, next?)` handler for node:http, Express, Connect and Vite's dev
 * server. With `next`, requests for other paths go on to it; without, they get
 * a 404. Mount it before any body parser: it reads the raw body itself.
 */
export function createNodeHandler(options = {}) {
  rejectUnknownOptions(options, ["basePath"], "createNodeHandler()");
  const path = functionPath(options.basePath);
  return (req, res, next) => {
    handleNodeRequest(req, res, next, options, path).catch((error) => {
      console.error("[fnwire] The node:http handler failed:", error);
      res.destroy();
    });
  };
}

async function handleNodeRequest(req, res, next, options, path) {
  // Express and Connect strip a mount path from req.url but keep originalUrl.
  const target = req.originalUrl ?? req.url;
  // The path exactly as sent: a router or guard in front reads it so, and
  // URL's normalization (`//x/..`, `/a/../`, `%2e%2e`) must not reach the
  // endpoint by another spelling.
  const sentPath = target.startsWith("/") ? target.split(/[?#]/, 1)[0] : undefined;
  let url;
  try {
    const origin = `${req.socket.encrypted ? "https" : "http"}://${req.headers.host ?? "localhost"}`;
    url = sentPath === undefined ? new URL(target, origin) : new URL(origin + target);
  } catch {
    return writeResponse(req, res, errorResponse(400, "The request URL or Host header is malformed.", null));
  }
  if ((sentPath ?? url.pathname) !== path) {
    if (typeof next === "function") return next();
    return writeResponse(req, res, errorResponse(404, "Not found.", null));
  }

  let request;
  try {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const body = req.method === "POST" ? { body: bodyStream(req), duplex: "half" } : {};
    request = new Request(url, { method: req.method, headers, ...body });
  } catch {
    // The Fetch API refuses a few methods (TRACE, TRACK) and header values that node:http lets through.
    const response = req.method === "POST" ? errorResponse(400, "The request headers are malformed.", null) : methodNotAllowed(req.method);
    return writeResponse(req, res, response);
  }
  return writeResponse(req, res, await handleRequest(request, options));
}

/**
 * The request body as a web stream. Cancelling it (at the size limit) pauses the
 * request instead of destroying it: destroying resets the socket before the 413
 * is written.
 */
function bodyStream(req) {
  let stop;
  return new ReadableStream({
    start(controller) {
      const onData = (chunk) => {
        controller.enqueue(chunk);
        if (controller.desiredSize <= 0) req.pause();
      };
      const onEnd = () => controller.close();
      const onError = (error) => controller.error(error);
      req.on("data", onData).on("end", onEnd).on("error", onError);
      stop = () => {
        req.pause();
        req.off("data", onData).off("end", onEnd).off("error", onError);
      };
    },
    pull() {
      req.resume();
    },
    cancel() {
      stop();
    },
  });
}

async function writeResponse(req, res, response) {
  const body = await response.text();
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.appendHeader(name, value);
  // Unread body bytes would be parsed as the next request on a kept-alive connection.
  if (!req.complete) res.setHeader("Connection", "close");
  res.end(body);
}

function currentCall() {
  const call = shared.context.getStore();
  if (call === undefined) throw new Error(OUTSIDE_REQUEST);
  return call;
}

/** The Request of the current server function call; its body has already been read. */
export function request() {
  return currentCall().request;
}

/** The headers of the current request. */
export function headers() {
  return currentCall().request.headers;
}

/** A cookie of the current request, URI-decoded. */
export function getCookie(name) {
  const call = currentCall();
  call.cookies ??= parseCookie(call.request.headers.get("Cookie") ?? "");
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
    (error) => console.error("[fnwire] A promise passed to waitUntil() rejected:", error),
  );
  call.platformWaitUntil?.(settled);
}
