// The Fetch API adapter: handleRequest(request) → Promise<Response>, for
// Workers, Deno, Bun, Hono and any server that speaks Request and Response.
import { describeValue } from "../protocol.js";
import { serve } from "./endpoint.js";
import { TOO_LARGE, UNREADABLE } from "./json.js";
import { handlerSettings } from "./options.js";
import { CallAbort, CallRequest } from "./request.js";

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
  const exchange = fetchExchange(request);
  return serve(exchange, { ...settings, waitUntil: options.waitUntil })
    .finally(exchange.release)
    .then(toResponse);
}

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
    query: () => url.searchParams,
    header: (name) => request.headers.get(name),
    readBody: (limit) => readStream(request.body, limit),
    request: () =>
      (callRequest ??= new CallRequest(request.url, { method: request.method, headers: request.headers }, abort, request.body !== null)),
    abort: (reason) => abort.abort(reason),
    release: () => unlink?.(),
  };
}

/** The bytes of a body stream, or TOO_LARGE as soon as more than `limit` have arrived, or UNREADABLE. */
async function readStream(body, limit) {
  if (body === null) return new Uint8Array(0);
  const chunks = [];
  let size = 0;
  const reader = body.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (!(chunk.value instanceof Uint8Array)) return UNREADABLE;
      // Counted as it arrives: Content-Length is the client's claim, not a fact.
      size += chunk.value.byteLength;
      if (size > limit) {
        // Stop reading without waiting for the stream to wind down.
        reader.cancel().catch(() => {});
        return TOO_LARGE;
      }
      chunks.push(chunk.value);
    }
  } catch {
    return UNREADABLE;
  }
  return chunks.length === 1 ? chunks[0] : concat(chunks, size);
}

function concat(chunks, size) {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function toResponse({ status, headers, body }) {
  const fields = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const item of value) fields.append(name, item);
    else fields.set(name, value);
  }
  return new Response(body, { status, headers: fields });
}
