// The endpoints both adapters share (node.js for node:http, fetch.js for the
// Fetch API): `<basePath>/fn` for calls as JSON (section 7) and
// `<basePath>/form` for forms and everything JSON cannot carry (section 13).
// Route, refuse cross-site requests, read the call, find the function, call
// it, answer. Data moves down once; an adapter hands in an exchange and
// writes out the answer it gets back.
//
// An exchange is the request as the endpoint reads it:
//   method, path (as sent, without the query), host (where it was sent), query() → URLSearchParams,
//   header(name) → string | null (name in lower case; repeated headers joined with ", ", as Fetch's Headers does),
//   streamBody(budget, onChunk) → Promise<null | TOO_LARGE | UNREADABLE>: each chunk to onChunk as it
//     arrives, `budget.size` counting them, stopping past `budget.limit` (body.js),
//   readBody(limit) → Promise<Uint8Array | TOO_LARGE | UNREADABLE>,
//   request() → the Fetch Request that request() returns, built on first use,
//   abort(reason) → aborts that Request's signal (the time limit),
//   watchAbort(callback) → calls back when the call aborts: the client went away, or a time limit passed.
import { BUILD_HEADER } from "../protocol.js";
import {
  acceptsEncoded,
  acceptsStream,
  errorAnswer,
  jsonAnswer,
  logCallFailure,
  methodNotAllowed,
  resultAnswer,
  thrownAnswer,
} from "./answer.js";
import { callWithMiddleware } from "./builder.js";
import { invoke, TIMED_OUT } from "./call.js";
import { createCallContext } from "./context.js";
import { isServerError } from "./errors.js";
import { FormRefusal, readFormCall } from "./form.js";
import { readBodyCall, readQueryCall, tooLarge } from "./json.js";
import { logFailure } from "./log.js";
import { globalMiddleware } from "./middleware.js";
import { crossSiteReason } from "./origin.js";
import { backUrl, errorPage, isNavigation, redirectAnswer } from "./page.js";
import { asRedirect } from "./redirect.js";
import { bodySizeLimitOf, isGetFunction, registeredFunction } from "./registry.js";
import { streamAnswer, streamKind, streamSteps } from "./stream.js";
import { startCallSpan } from "./telemetry.js";

/** True for the paths the endpoints answer. */
export function isEndpoint(path, settings) {
  return path === settings.fnPath || path === settings.formPath;
}

/** The answer to one request; never rejects. */
export async function serve(exchange, settings) {
  try {
    if (exchange.path === settings.fnPath) return await serveCall(exchange, settings);
    if (exchange.path === settings.formPath) return await serveForm(exchange, settings);
    return errorAnswer(404, "Not found.", null);
  } catch (error) {
    logFailure("[fnwire] The server function endpoint failed:", error);
    return errorAnswer(500, "Internal server error.", null);
  }
}

/** An answer, as opposed to a call read from the request. */
function isAnswer(value) {
  return value.status !== undefined;
}

/** `<basePath>/fn`: a call as JSON, POST or (for reads) GET. */
async function serveCall(exchange, settings) {
  const crossSite = crossSiteReason(exchange, settings);
  if (crossSite !== undefined) return errorAnswer(403, crossSiteMessage(crossSite), null);
  let call;
  if (exchange.method === "GET") {
    call = readQueryCall(exchange.query(), settings.bodySizeLimit);
  } else if (exchange.method === "POST") {
    call = await readBodyCall(exchange, settings.bodySizeLimit);
  } else {
    return methodNotAllowed(exchange.method, null);
  }
  if (isAnswer(call)) return call;
  const { fnId, args, size } = call;
  const registered = registeredFunction(fnId);
  if (!registered) return unknownFunction(fnId, exchange, settings);
  // GET reads are for functions declared as reads; everything else is called with POST.
  if (exchange.method === "GET" && !isGetFunction(registered.fn)) {
    return methodNotAllowed("GET", fnId);
  }
  const ownLimit = bodySizeLimitOf(registered.fn);
  if (ownLimit !== undefined && size > ownLimit) return tooLarge(ownLimit, fnId);
  return respond({ kind: "call", fnId, registered, args }, exchange, settings);
}

/** `<basePath>/form`: a stub's call with values JSON cannot carry, or a form the browser submitted. */
async function serveForm(exchange, settings) {
  // A refusal is section 7's envelope; only the cross-site 403 is a page for a browser's navigation (section 13).
  const refuse = (status, message, fnId, headers) => errorAnswer(status, message, fnId, undefined, headers);
  const crossSite = crossSiteReason(exchange, settings);
  if (crossSite !== undefined) {
    const message = crossSiteMessage(crossSite);
    return isNavigation(exchange) ? errorPage(403, message, backUrl(exchange, settings)) : refuse(403, message, null);
  }
  if (exchange.method !== "POST") {
    return refuse(405, `Method ${exchange.method} is not allowed: forms and calls are sent with POST.`, null, { Allow: "POST" });
  }
  const call = await readFormCall(exchange, settings.formSizeLimit);
  if (call instanceof FormRefusal) {
    if (call.unknownFunction && isStaleClient(exchange, settings)) return unknownFunction(call.fnId, exchange, settings);
    return refuse(call.status, call.message, call.fnId);
  }
  return respond(call, exchange, settings);
}

/**
 * A page of another build asks for a function this build does not have
 * (section 16): 409, which tells its stub to reload the page. Else 404.
 */
function unknownFunction(fnId, exchange, settings) {
  if (!isStaleClient(exchange, settings)) return errorAnswer(404, `Unknown server function ${fnId}.`, fnId);
  return errorAnswer(
    409,
    `Server function ${fnId} is not in this build: the page was loaded from build ${exchange.header(BUILD_HEADER)}, and the server runs build ${settings.buildId}. Reload the page.`,
    fnId,
    { reason: "stale-build", buildId: settings.buildId },
  );
}

/** The request names a build, the server knows its own, and they differ. */
function isStaleClient(exchange, settings) {
  if (settings.buildId === undefined) return false;
  const clientBuild = exchange.header(BUILD_HEADER);
  // An empty header names no build, as a missing one does.
  return clientBuild !== null && clientBuild !== "" && clientBuild !== settings.buildId;
}

function crossSiteMessage(reason) {
  return `Cross-site request refused: ${reason}. Add the page's origin to allowedOrigins to accept it.`;
}

/**
 * Calls the function in its request context and answers; `kind` is "call"
 * (a stub's) or "action" (a browser's form). With OpenTelemetry, the call
 * runs in its span (section 16), which ends with the answer's status and
 * what failed it (for a stream, when the stream ends).
 */
async function respond({ kind, fnId, registered: { fn, fnName }, args }, exchange, settings) {
  const call = createCallContext(exchange, settings.waitUntil, settings.modules);
  const started = Date.now();
  const span = startCallSpan(fnId, fnName, settings.modules?.get(fnId));
  // Global middleware run inside the call's context and time limit (rule 15.6).
  const middleware = globalMiddleware(settings.middleware);
  const entry = middleware.length === 0 ? fn : (...values) => callWithMiddleware(middleware, fn, values, fnId, fnName);
  const settled = await invoke(call, span === undefined ? entry : (...values) => span.run(() => entry(...values)), args, settings.timeout);
  const finish = (answer, outcome = settled) => {
    span?.end(answer.status, failureOf(outcome, settings) ?? answer.failure);
    return finishAnswer(call, answer);
  };
  const about = { fnId, fnName, acceptsEncoded: acceptsEncoded(exchange) };
  const stream = settled !== TIMED_OUT && "result" in settled ? streamKind(settled.result) : undefined;
  if (stream !== undefined) {
    const steps = streamSteps(settled.result, stream, call);
    if (kind === "call" && acceptsStream(exchange)) {
      const firstChunkMs = settings.timeout > 0 ? started + settings.timeout - Date.now() : undefined;
      const refuse = (failed) => finish(callAnswer(failed, about, settings), failed);
      const ended = (failure) => span?.end(200, failure);
      return streamAnswer(steps, stream, { call, about, firstChunkMs, streamTimeout: settings.streamTimeout, refuse, ended, TIMED_OUT });
    }
    // No reader for it: a form without JavaScript goes back as on success; a client without section 14 gets a 500.
    void steps.stop(new DOMException("The stream has no reader.", "AbortError"));
    if (kind === "call") {
      const failure = new TypeError("it returned a stream to a client that does not read streams (no fnwire/client)");
      logCallFailure(failure, fnId, fnName);
      return finish({ ...errorAnswer(500, "Internal server error.", fnId), failure });
    }
  }
  return finish(kind === "action" ? actionAnswer(settled, about, exchange, settings) : callAnswer(settled, about, settings));
}

/** What a trace records of a call that failed: the error it threw (not a redirect), or its time limit. */
function failureOf(settled, settings) {
  if (settled === TIMED_OUT) return new Error(timeoutMessage(settings));
  if ("error" in settled && asRedirect(settled.error) === undefined) return settled.error;
  return undefined;
}

/** The call's cookies go with its answer, and from now on it is sent. */
function finishAnswer(call, answer) {
  call.sent = true;
  if (call.setCookies.length > 0) answer.headers["Set-Cookie"] = call.setCookies;
  return answer;
}

function callAnswer(settled, about, settings) {
  if (settled === TIMED_OUT) {
    console.error(
      `[fnwire] Server function "${about.fnName}" (${about.fnId}) timed out after ${settings.timeout} ms; its result will be dropped.`,
    );
    return errorAnswer(504, timeoutMessage(settings), about.fnId);
  }
  if ("result" in settled) return resultAnswer(settled.result, about);
  const redirect = asRedirect(settled.error);
  // The stub navigates (its onRedirect) and rejects with status 303.
  if (redirect) return jsonAnswer(200, { redirect: redirect.url });
  return thrownAnswer(settled.error, about);
}

/** A form submitted without JavaScript: back to the page it came from, the function's redirect, or an error page. */
function actionAnswer(settled, about, exchange, settings) {
  const back = backUrl(exchange, settings);
  if (settled === TIMED_OUT) {
    console.error(
      `[fnwire] Server function "${about.fnName}" (${about.fnId}) timed out after ${settings.timeout} ms; its result will be dropped.`,
    );
    return errorPage(504, timeoutMessage(settings), back);
  }
  if ("result" in settled) return redirectAnswer(back);
  const redirect = asRedirect(settled.error);
  if (redirect) return redirectAnswer(redirect.url, redirect.status);
  if (isServerError(settled.error)) return errorPage(settled.error.status, settled.error.message, back);
  logCallFailure(settled.error, about.fnId, about.fnName);
  return errorPage(500, "Internal server error.", back);
}

function timeoutMessage({ timeout }) {
  return `Server function timed out after ${timeout} ms`;
}
