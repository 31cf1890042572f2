// fnwire/server: the registry that compiled "use server" modules fill, the HTTP
// endpoint that calls them (Fetch API and node:http), and the helpers that
// read the current request from inside a server function.
import { AsyncLocalStorage } from "node:async_hooks";
import { parseCookie, stringifySetCookie } from "cookie";
import { describeValue, functionPath, isJsonMediaType, isValidFnId, rejectUnknownOptions, SERVER_STATE, showValue } from "./protocol.js";

const MAX_BODY_BYTES = 1_048_576;
// Spreading more arguments than V8 takes (about 125,000) throws a RangeError
// that would pass for the function's own failure; far fewer fit in 1 MiB of
// meaningful arguments anyway.
const MAX_ARGS = 65_536;
const COOKIE_OPTIONS = ["path", "domain", "maxAge", "expires", "httpOnly", "secure", "sameSite"];
// Seed 000's platform cuts server function calls at 30 seconds.
const DEFAULT_TIMEOUT_MS = 30_000;
// setTimeout fires at once for longer delays (they overflow a 32-bit int):
// a limit past it, 24.8 days, waits this long instead.
const MAX_TIMER_MS = 2 ** 31 - 1;
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
const shared = (globalThis[SERVER_STATE] ??= {});
// fnId → { fn, fnName }.
shared.registry ??= new Map();
shared.context ??= new AsyncLocalStorage();
shared.ServerError ??= LocalServerError;
// Function → { fnId, fnName, target, boundArgs } of its first registration, or
// of a bound copy of a registered function: fnwire/client reads it to render
// with the original functions on the server (SPEC section 11).
shared.references ??= new WeakMap();
// The functions createServerFn({ method: "GET" }) made: the only ones answering GET.
shared.getFunctions ??= new WeakSet();

export const ServerError = shared.ServerError;

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

/**
 * Inline server functions that capture values are `fn.bind(null, ...captures)`
 * on the server (SPEC section 10). A bound function does not tell what it is
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

/**
 * Answers a server function call made with the Fetch API's Request. Misuse
 * (not a Request, a body already read, bad options) throws a TypeError at
 * once; past that, the promise never rejects: any failure is a 500 envelope.
 */
export function handleRequest(request, options = {}) {
  const settings = handlerSettings(options, ["basePath", "waitUntil", "timeout"], "handleRequest()");
  if (options.waitUntil !== undefined && typeof options.waitUntil !== "function") {
    throw new TypeError("[fnwire] handleRequest(): waitUntil must be a function, such as the platform's ctx.waitUntil.");
  }
  if (!(request instanceof Request)) {
    throw new TypeError(
      `[fnwire] handleRequest() takes a Fetch API Request; received ${describeValue(request)}. For node:http, use createNodeHandler().`,
    );
  }
  if (request.bodyUsed || request.body?.locked) {
    throw new TypeError(
      "[fnwire] handleRequest() takes a Request whose body has not been read: fnwire reads the call's arguments from it.",
    );
  }
  // The function's request() has the same URL, method, headers and body, and
  // a signal that also aborts at the time limit.
  const controller = new AbortController();
  const { signal } = request;
  const forward = () => controller.abort(signal.reason);
  if (signal.aborted) forward();
  else signal.addEventListener("abort", forward, { once: true });
  const init = { method: request.method, headers: request.headers };
  if (request.body !== null) Object.assign(init, { body: request.body, duplex: "half" });
  const own = new CallRequest(request.url, init, controller.signal);
  return answer(own, controller, { ...settings, waitUntil: options.waitUntil }).finally(() => signal.removeEventListener("abort", forward));
}

/**
 * The Request a server function sees, whose `signal` the handler aborts. Not
 * `new Request(…, { signal })` nor a copy of a Request: in Node 20 both keep
 * about 2 KB per request alive for good (measured: +127 MB of heap over
 * 30,000 handleRequest calls).
 */
class CallRequest extends Request {
  #signal;
  constructor(url, init, signal) {
    super(url, init);
    this.#signal = signal;
  }
  get signal() {
    return this.#signal;
  }
}

/** The options both handlers share, checked: `{ path, timeout }`. */
function handlerSettings(options, allowed, caller) {
  rejectUnknownOptions(options, allowed, caller);
  const { timeout = DEFAULT_TIMEOUT_MS } = options;
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 0) {
    throw new TypeError(
      `[fnwire] ${caller}: timeout must be a non-negative finite number of milliseconds (0 turns the limit off); received ${showValue(timeout)}.`,
    );
  }
  return { path: functionPath(options.basePath), timeout };
}

/** The response to one request whose `signal` the handler aborts through `controller`; never rejects. */
async function answer(request, controller, settings) {
  try {
    const target = await readCall(request, settings.path);
    if (target instanceof Response) return target;
    return await callServerFunction(target, request, controller, settings);
  } catch (error) {
    logFailure("[fnwire] The server function endpoint failed:", error);
    return errorResponse(500, "Internal server error.", null);
  }
}

/** `{ registered, fnId, args }` of the call a request makes, or the error response that answers it. */
async function readCall(request, path) {
  const url = new URL(request.url);
  if (url.pathname !== path) {
    return errorResponse(404, "Not found.", null);
  }
  let call;
  if (request.method === "GET") {
    call = readQuery(url.searchParams);
  } else if (request.method === "POST") {
    call = await readBodyCall(request);
  } else {
    return methodNotAllowed(request.method, null);
  }
  if (call instanceof Response) return call;
  const { fnId, args } = call;
  if (args.length > MAX_ARGS) {
    return errorResponse(400, `args must hold at most ${MAX_ARGS} arguments.`, fnId);
  }
  // A Map: ids such as "__proto__" or "toString" find nothing.
  const registered = shared.registry.get(fnId);
  if (!registered) {
    return errorResponse(404, `Unknown server function ${fnId}.`, fnId);
  }
  // GET reads are for functions declared as reads; everything else is called with POST.
  if (request.method === "GET" && !shared.getFunctions.has(registered.fn)) {
    return methodNotAllowed("GET", fnId);
  }
  return { registered, fnId, args };
}

/** `{ fnId, args }` of a POST body, or the error response. */
async function readBodyCall(request) {
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
  return checkedCall(payload.fnId, payload.args);
}

/** `{ fnId, args }` of a GET's `?fnId=…&args=<JSON array>`, or the error response. */
function readQuery(params) {
  const fnId = params.get("fnId") ?? undefined;
  const argsText = params.get("args");
  if (argsText === null || typeof fnId !== "string" || !isValidFnId(fnId)) return checkedCall(fnId, undefined);
  if (argsText.length > MAX_BODY_BYTES) {
    return errorResponse(413, `The args parameter is larger than ${MAX_BODY_BYTES} characters.`, fnId);
  }
  let args;
  try {
    args = JSON.parse(argsText);
  } catch {
    return errorResponse(400, "The args parameter is not valid JSON: it must be a JSON array.", fnId);
  }
  return checkedCall(fnId, args);
}

/** The checks of `fnId` and `args` that GET and POST share. */
function checkedCall(fnId, args) {
  if (typeof fnId !== "string") {
    return errorResponse(400, "fnId must be a string.", null);
  }
  if (!isValidFnId(fnId)) {
    return errorResponse(400, "fnId must be a non-empty string without surrounding white space.", fnId);
  }
  if (!Array.isArray(args)) {
    return errorResponse(400, "args must be an array.", fnId);
  }
  return { fnId, args };
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

const TIMED_OUT = Symbol("timed out");

async function callServerFunction({ registered: { fn, fnName }, fnId, args }, request, controller, { timeout, waitUntil }) {
  const call = { request, cookies: undefined, setCookies: [], sent: false, platformWaitUntil: waitUntil };
  // Settles with the outcome whenever the function does, so a result or a
  // rejection that comes after the time limit is dropped, never unhandled.
  const outcome = new Promise((resolve) => resolve(shared.context.run(call, () => fn(...args)))).then(
    (result) => ({ result }),
    (error) => {
      handleThrownPromise(error);
      return { error };
    },
  );
  let timer;
  const settled =
    timeout > 0
      ? await Promise.race([outcome, new Promise((resolve) => (timer = setTimeout(resolve, Math.min(timeout, MAX_TIMER_MS), TIMED_OUT)))])
      : await outcome;
  clearTimeout(timer);

  let response;
  if (settled === TIMED_OUT) {
    const message = `Server function timed out after ${timeout} ms`;
    // The function's request().signal: it can stop its own work now.
    controller.abort(new DOMException(message, "TimeoutError"));
    console.error(`[fnwire] Server function "${fnName}" (${fnId}) timed out after ${timeout} ms; its result will be dropped.`);
    response = errorResponse(504, message, fnId);
  } else if ("error" in settled) {
    response = thrownResponse(settled.error, fnId, fnName);
  } else {
    try {
      // JSON.stringify throws here for BigInt and cycles.
      response = jsonResponse(200, settled.result === undefined ? {} : { result: settled.result });
    } catch (error) {
      response = internalError(error, fnId, fnName);
    }
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
  logFailure(`[fnwire] Server function "${fnName}" (${fnId}) failed:`, error);
  return errorResponse(500, "Internal server error.", fnId);
}

/** A rejected promise thrown as a value would otherwise be an unhandled rejection, which ends the process. */
function handleThrownPromise(value) {
  try {
    if (value instanceof Promise) value.catch(() => {});
  } catch {}
}

/**
 * Logs a failure as one line of text: an Error's stack (its causes too),
 * else only the kind of value thrown. Never the value itself through
 * util.inspect, which prints an object's properties: request headers,
 * cookies or the call's arguments may be among them.
 */
function logFailure(prefix, error) {
  try {
    console.error(`${prefix} ${describeThrown(error, 0)}`);
  } catch {
    console.error(`${prefix} a value that cannot be described.`);
  }
}

function describeThrown(error, depth) {
  let isError = false;
  try {
    // Errors of another realm (vm, a worker's copy) are Errors too.
    isError = error instanceof Error || Object.prototype.toString.call(error) === "[object Error]";
  } catch {}
  if (!isError) return `it threw ${describeValue(error)}, not an Error (the value is not logged: it may hold request data).`;
  let text;
  try {
    const { stack } = error;
    text = typeof stack === "string" && stack !== "" ? stack : `${String(error.name)}: ${String(error.message)}`;
  } catch {
    text = "an Error whose message cannot be read";
  }
  try {
    const { cause } = error;
    if (cause !== undefined && depth < 3) text += `\n[cause] ${describeThrown(cause, depth + 1)}`;
  } catch {}
  return text;
}

function errorResponse(status, error, fnId, data, headers) {
  return jsonResponse(status, { error, fnId, status, data }, headers);
}

function methodNotAllowed(method, fnId) {
  const why =
    fnId === null
      ? "server functions are called with POST"
      : `server function ${fnId} was not created with createServerFn({ method: "GET" }), so it is called with POST`;
  return errorResponse(405, `Method ${method} is not allowed: ${why}.`, fnId, undefined, { Allow: "POST" });
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
  const settings = handlerSettings(options, ["basePath", "timeout"], "createNodeHandler()");
  return (req, res, next) => {
    // Misuse is a TypeError here, at the call; what follows never rejects.
    checkNodeArguments(req, res);
    handleNodeRequest(req, res, next, settings).catch((error) => {
      logFailure("[fnwire] The node:http handler failed:", error);
      failNodeResponse(res);
    });
  };
}

const NODE_USAGE = "createNodeHandler()'s handler is called with node:http's (req, res), as http.createServer(handler) does";

function checkNodeArguments(req, res) {
  if (typeof Request === "function" && req instanceof Request) {
    throw new TypeError(
      `[fnwire] ${NODE_USAGE}; it received a Fetch API Request. For Fetch-style servers, use handleRequest(request), which answers a Response.`,
    );
  }
  if (
    req === null ||
    typeof req !== "object" ||
    typeof req.on !== "function" ||
    typeof req.url !== "string" ||
    !Array.isArray(req.rawHeaders)
  ) {
    throw new TypeError(
      `[fnwire] ${NODE_USAGE}; its first argument must be an http.IncomingMessage, and it received ${describeValue(req)}.`,
    );
  }
  if (
    res === null ||
    typeof res !== "object" ||
    typeof res.end !== "function" ||
    typeof res.setHeader !== "function" ||
    typeof res.on !== "function"
  ) {
    throw new TypeError(
      `[fnwire] ${NODE_USAGE}; its second argument must be an http.ServerResponse, and it received ${describeValue(res)}.`,
    );
  }
  if (res.writableEnded || res.headersSent) {
    throw new TypeError(`[fnwire] ${NODE_USAGE}, before anything else answers: the response it received has already been sent.`);
  }
}

async function handleNodeRequest(req, res, next, settings) {
  // Express and Connect strip a mount path from req.url but keep originalUrl.
  const target = typeof req.originalUrl === "string" ? req.originalUrl : req.url;
  // The path exactly as sent: a router or guard in front reads it so, and
  // URL's normalization (`//x/..`, `/a/../`, `%2e%2e`) must not reach the
  // endpoint by another spelling.
  const sentPath = target.startsWith("/") ? target.split(/[?#]/, 1)[0] : undefined;
  let url;
  try {
    const origin = `${req.socket?.encrypted ? "https" : "http"}://${req.headers?.host ?? "localhost"}`;
    url = sentPath === undefined ? new URL(target, origin) : new URL(origin + target);
  } catch {
    return writeResponse(req, res, errorResponse(400, "The request URL or Host header is malformed.", null));
  }
  if ((sentPath ?? url.pathname) !== settings.path) {
    if (typeof next === "function") return next();
    return writeResponse(req, res, errorResponse(404, "Not found.", null));
  }

  // Aborts the function's request().signal when the client goes away first (or at the time limit).
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort(new DOMException("The client closed the connection before the answer.", "AbortError"));
  });
  let request;
  try {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const body = req.method === "POST" ? { body: bodyStream(req), duplex: "half" } : {};
    request = new CallRequest(url, { method: req.method, headers, ...body }, controller.signal);
  } catch {
    // The Fetch API refuses a few methods (TRACE, TRACK) and header values that node:http lets through.
    const response =
      req.method === "POST" ? errorResponse(400, "The request headers are malformed.", null) : methodNotAllowed(req.method, null);
    return writeResponse(req, res, response);
  }
  return writeResponse(req, res, await answer(request, controller, settings));
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
  // Something else answered meanwhile: a second answer cannot be sent. (After
  // a disconnect, ending the response is harmless and releases it.)
  if (res.writableEnded) return;
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("Set-Cookie", cookies);
  // Unread body bytes would be parsed as the next request on a kept-alive connection.
  if (!req.complete) res.setHeader("Connection", "close");
  res.end(body);
}

/** After a failure of the handler itself: a 500 envelope when nothing was sent yet, else the connection is closed. */
function failNodeResponse(res) {
  try {
    if (!res.headersSent && !res.writableEnded && !res.destroyed) {
      res.statusCode = 500;
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ error: "Internal server error.", fnId: null, status: 500 }));
      return;
    }
  } catch {
    // The response itself is what fails: close the connection below.
  }
  try {
    if (!res.writableEnded) res.destroy();
  } catch {}
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
    (error) => logFailure("[fnwire] A promise passed to waitUntil() rejected:", error),
  );
  call.platformWaitUntil?.(settled);
}

const SERVER_FN_METHODS = ["GET", "POST"];

/**
 * `createServerFn({ method }).validator(schema).handler(fn)`: a server function
 * `(input) => Promise<result>` that validates its input on the server, then
 * calls `fn({ data })`. `method: "GET"` lets clients read through GET.
 */
export function createServerFn(options = {}) {
  rejectUnknownOptions(options, ["method"], "createServerFn()");
  const { method = "POST" } = options;
  if (!SERVER_FN_METHODS.includes(method)) {
    throw new TypeError(`[fnwire] createServerFn(): method must be "GET" (reads) or "POST" (the default); received ${showValue(method)}.`);
  }
  return serverFnBuilder(method, undefined);
}

/** An immutable builder: each step returns a new one, so a shared base builder can be reused. */
function serverFnBuilder(method, schema) {
  return Object.freeze({
    validator(nextSchema) {
      if (schema !== undefined) {
        throw new TypeError("[fnwire] createServerFn(): .validator() was called twice; a server function has one validator.");
      }
      checkSchema(nextSchema);
      return serverFnBuilder(method, nextSchema);
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
      if (method === "GET") shared.getFunctions.add(serverFn);
      return serverFn;
    },
  });
}

/** A Standard Schema (zod, valibot, arktype…), checked by its `~standard` member first (arktype's types are callable), or a parse function. */
function checkSchema(schema) {
  const standard = schema?.["~standard"];
  if (standard !== undefined) {
    if (standard?.version !== 1 || typeof standard.validate !== "function") {
      throw new TypeError(
        "[fnwire] createServerFn(): .validator() takes a Standard Schema v1, whose ~standard has version 1 and validate().",
      );
    }
    return;
  }
  if (typeof schema !== "function") {
    throw new TypeError(
      `[fnwire] createServerFn(): .validator() takes a Standard Schema (zod, valibot, arktype…) or a function that returns the parsed input or throws; received ${describeValue(schema)}.`,
    );
  }
}

/** The validated input, or a ServerError 400 with `data: { issues }`. */
async function validateInput(schema, input) {
  const standard = schema["~standard"];
  if (standard === undefined) {
    try {
      return await schema(input);
    } catch (error) {
      throw invalidInput([{ message: messageOf(error) }]);
    }
  }
  const result = await standard.validate(input);
  if (result.issues) throw invalidInput(Array.from(result.issues, plainIssue));
  return result.value;
}

/**
 * Standard Schema's issue shape, `{ message, path? }` with the path as plain
 * keys: library-specific members (valibot's `input` echoes the value, zod's
 * codes differ per version) stay on the server, and the data is always JSON.
 */
function plainIssue(issue) {
  const message = typeof issue?.message === "string" ? issue.message : "Invalid value";
  if (!Array.isArray(issue?.path)) return { message };
  const path = issue.path.map((segment) => {
    const key = segment !== null && typeof segment === "object" ? segment.key : segment;
    return typeof key === "number" ? key : String(key);
  });
  return { message, path };
}

function invalidInput(issues) {
  const [first = { message: "the schema refused it" }] = issues;
  const where = first.path?.length ? `${first.path.join(".")}: ` : "";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return new ServerError(`Invalid input: ${where}${first.message}${more}`, { status: 400, data: { issues } });
}

function messageOf(error) {
  try {
    if (error instanceof Error) return error.message;
    return String(error);
  } catch {
    return "Invalid input";
  }
}
