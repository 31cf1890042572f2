// The node:http adapter: createNodeHandler() → (req, res, next?), also
// usable as Express, Connect or Vite middleware. It reads node:http's own
// objects; a Fetch Request is built only for a function that asks for
// request() or headers().
import { EventEmitter } from "node:events";
import { describeValue } from "../protocol.js";
import { errorAnswer } from "./answer.js";
import { collectBody, TOO_LARGE, UNREADABLE } from "./body.js";
import { isEndpoint, serve } from "./endpoint.js";
import { logFailure } from "./log.js";
import { handlerSettings } from "./options.js";
import { setFormAction } from "./registry.js";
import { CallAbort, CallRequest } from "./request.js";

/**
 * A `(req, res, next?)` handler for node:http, Express, Connect and Vite's dev
 * server. With `next`, requests for other paths go on to it; without, they get
 * a 404. Mount it before any body parser: it reads the raw body itself.
 */
export function createNodeHandler(options = {}) {
  const settings = handlerSettings(options, "createNodeHandler()");
  setFormAction(settings.formPath);
  let toldEnded = false;
  // A function, not an arrow: node:http calls a 'request' listener with the server as `this`.
  return function fnwireNodeHandler(req, res, next) {
    // Misuse is a TypeError here, at the call; what follows never rejects.
    checkNodeArguments(req, res);
    if (res.writableEnded || res.headersSent) {
      const sent = `[fnwire] ${NODE_USAGE}, before anything else answers: the response it received has already been sent`;
      // Called directly (by an app, Express, Connect), a TypeError the caller can catch.
      if (!(this instanceof EventEmitter)) throw new TypeError(`${sent}.`);
      // As a 'request' listener after one that answered, a throw would end the
      // process: nothing more is answered, and the log says so once.
      if (!toldEnded) console.error(`${sent}, so fnwire answered nothing (logged once).`);
      toldEnded = true;
      return;
    }
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
    return writeAnswer(req, res, errorAnswer(400, "The request URL or Host header is malformed.", null));
  }
  const path = sentPath ?? url.pathname;
  if (!isEndpoint(path, settings)) {
    if (typeof next === "function") return next();
    return writeAnswer(req, res, errorAnswer(404, "Not found.", null));
  }

  // Aborts the function's request().signal when the client goes away first (or at the time limit).
  const abort = new CallAbort();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort(new DOMException("The client closed the connection before the answer.", "AbortError"));
  });
  let callRequest;
  const exchange = {
    method: req.method,
    path,
    host: req.headers.host,
    query: () => url.searchParams,
    header: (name) => header(req.rawHeaders, name),
    streamBody: (budget, onChunk) => streamBody(req, budget, onChunk),
    readBody: (limit) => collectBody((budget, onChunk) => streamBody(req, budget, onChunk), limit),
    request: () =>
      (callRequest ??= new CallRequest(url, { method: req.method, headers: fetchHeaders(req.rawHeaders) }, abort, req.method === "POST")),
    abort: (reason) => abort.abort(reason),
    watchAbort: (callback) => abort.watch(callback),
  };
  writeAnswer(req, res, await serve(exchange, settings));
}

/** A request header as Fetch's Headers.get() reads it: case-insensitive, repeated ones joined with ", ". */
function header(rawHeaders, name) {
  let value = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const key = rawHeaders[i];
    if (key.length === name.length && key.toLowerCase() === name)
      value = value === null ? rawHeaders[i + 1] : `${value}, ${rawHeaders[i + 1]}`;
  }
  return value;
}

function fetchHeaders(rawHeaders) {
  const headers = new Headers();
  for (let i = 0; i < rawHeaders.length; i += 2) headers.append(rawHeaders[i], rawHeaders[i + 1]);
  return headers;
}

/**
 * Hands each chunk of the body to `onChunk` until its end (null), or until
 * TOO_LARGE or UNREADABLE. Past the limit, or when `onChunk` throws, the
 * request is paused rather than destroyed: destroying resets the socket
 * before the answer is written.
 */
function streamBody(req, budget, onChunk) {
  if (req.readableEnded) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const finish = (settle, value) => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onError);
      settle(value);
    };
    const onData = (chunk) => {
      budget.size += chunk.length;
      if (budget.size > budget.limit) {
        req.pause();
        finish(resolve, TOO_LARGE);
        return;
      }
      try {
        onChunk(chunk);
      } catch (error) {
        req.pause();
        finish(reject, error);
      }
    };
    const onEnd = () => finish(resolve, null);
    const onError = () => finish(resolve, UNREADABLE);
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onError);
  });
}

function writeAnswer(req, res, { status, headers, body }) {
  // Something else answered meanwhile: a second answer cannot be sent. (After
  // a disconnect, ending the response is harmless and releases it.)
  if (res.writableEnded) {
    if (typeof body === "object") void body.cancel();
    return;
  }
  res.statusCode = status;
  for (const name in headers) res.setHeader(name, headers[name]);
  // Unread body bytes would be parsed as the next request on a kept-alive connection.
  if (!req.complete) {
    res.setHeader("Connection", "close");
    closeInStages(req.socket);
  }
  if (typeof body === "object") return writeStream(res, body);
  res.end(body);
}

/**
 * Closing a socket with body bytes still unread makes TCP send a reset, which
 * can discard the answer before the client has read it (RFC 9112, 9.6). So
 * the close is staged: node:http's destroySoon() sends the answer and a FIN,
 * nothing more is read, and the socket is destroyed LINGER_MS later.
 */
function closeInStages(socket) {
  if (typeof socket?.destroySoon !== "function" || Object.hasOwn(socket, "destroySoon")) return;
  socket.destroySoon = function destroyAfterLinger() {
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS).unref();
    this.once("close", () => clearTimeout(timer));
  };
}

const LINGER_MS = 1000;

/** A streamed answer (section 14): each chunk written as it comes, at the pace the client reads; a client gone cancels it. */
async function writeStream(res, body) {
  const reader = body.getReader();
  const stop = () => reader.cancel(new DOMException("The client closed the connection.", "AbortError")).catch(() => {});
  res.once("close", stop);
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (!res.write(chunk.value)) await new Promise((resolve) => res.once("drain", resolve).once("close", resolve));
      if (res.destroyed) return;
    }
    res.end();
  } finally {
    res.off("close", stop);
  }
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
