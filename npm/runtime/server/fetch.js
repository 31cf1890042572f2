// The Fetch API adapter: handleRequest(request) → Promise<Response>, for
// Workers, Deno, Bun, Hono and any server that speaks Request and Response.
import { describeValue } from "../protocol.js";
import { collectBody, TOO_LARGE, UNREADABLE } from "./body.js";
import { serve } from "./endpoint.js";
import { handlerSettings } from "./options.js";
import { setFormAction } from "./registry.js";
import { CallAbort, CallRequest } from "./request.js";

/**
 * Answers a server function call made with the Fetch API's Request. Misuse
 * (not a Request, a body already read, bad options) throws a TypeError at
 * once; past that, the promise never rejects: any failure is a 500 envelope.
 */
export function handleRequest(request, options) {
  // Most apps pass no options: their settings are the same on every call, checked once.
  const settings =
    options === undefined
      ? (defaultSettings ??= handlerSettings({}, "handleRequest()"))
      : handlerSettings(options, "handleRequest()", ["waitUntil"]);
  options ??= {};
  if (options.waitUntil !== undefined && typeof options.waitUntil !== "function") {
    throw new TypeError("[fnwire] handleRequest(): waitUntil must be a function, such as the platform's ctx.waitUntil.");
  }
  if (!(request instanceof Request)) {
    throw new TypeError(
      `[fnwire] handleRequest() takes a Fetch API Request; received ${describeValue(request)}. For node:http, use createNodeHandler().`,
    );
  }
  // A GET or HEAD Request has no body (Fetch forbids one), and not asking for it keeps Node adapters that make
  // Request.body on demand (@hono/node-server, srvx) from building a stream for nothing.
  if (request.bodyUsed || (request.method !== "GET" && request.method !== "HEAD" && request.body?.locked)) {
    throw new TypeError(
      "[fnwire] handleRequest() takes a Request whose body has not been read: fnwire reads the call's arguments from it.",
    );
  }
  setFormAction(settings.formPath);
  const exchange = fetchExchange(request);
  return serve(exchange, { ...settings, waitUntil: options.waitUntil }).then((answer) => {
    // A stream goes on after this: it lets go of the request itself when it ends.
    if (typeof answer.body !== "object") exchange.release();
    return toResponse(answer);
  });
}

let defaultSettings;

function fetchExchange(request) {
  const url = new URL(request.url);
  let unlink;
  // request().signal also aborts when the Request's own signal does (the client went away).
  const abort = new CallAbort((abortCall) => {
    const { signal } = request;
    if (signal.aborted) return abortCall(signal.reason);
    const forward = () => abortCall(signal.reason);
    signal.addEventListener("abort", forward, { once: true });
    unlink = () => signal.removeEventListener("abort", forward);
  });
  let callRequest;
  return {
    method: request.method,
    path: url.pathname,
    // A Worker's or Deno's Request has no Host header: its URL says where it was sent.
    host: request.headers.get("host") ?? url.host,
    query: () => url.searchParams,
    header: (name) => request.headers.get(name),
    streamBody: (budget, onChunk) => streamBody(request.body, budget, onChunk),
    readBody: (limit) => collectBody((budget, onChunk) => streamBody(request.body, budget, onChunk), limit),
    request: () =>
      (callRequest ??= new CallRequest(request.url, { method: request.method, headers: request.headers }, abort, request.body !== null)),
    abort: (reason) => abort.abort(reason),
    watchAbort: (callback) => abort.watch(callback),
    release: () => unlink?.(),
  };
}

/** Hands each chunk of a body stream to `onChunk` until its end (null), or until TOO_LARGE or UNREADABLE. */
async function streamBody(body, budget, onChunk) {
  if (body === null) return null;
  const reader = body.getReader();
  // Stop reading without waiting for the stream to wind down.
  const stop = () => reader.cancel().catch(() => {});
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch {
      return UNREADABLE;
    }
    if (chunk.done) return null;
    if (!(chunk.value instanceof Uint8Array)) {
      stop();
      return UNREADABLE;
    }
    budget.size += chunk.value.byteLength;
    if (budget.size > budget.limit) {
      stop();
      return TOO_LARGE;
    }
    try {
      onChunk(chunk.value);
    } catch (error) {
      stop();
      throw error;
    }
  }
}

function toResponse({ status, headers, body }) {
  // The answer's own record when each header has one value: a Node adapter's own Response
  // (@hono/node-server's) sends it as it is. Several values (Set-Cookie) need name-value pairs.
  let fields = headers;
  for (const name in headers) {
    if (Array.isArray(headers[name])) {
      fields = Object.entries(headers).flatMap(([field, value]) => (Array.isArray(value) ? value : [value]).map((item) => [field, item]));
      break;
    }
  }
  return new Response(body, { status, headers: fields });
}
