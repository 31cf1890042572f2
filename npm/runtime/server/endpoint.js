// The endpoint both adapters share (node.js for node:http, fetch.js for the
// Fetch API): route, read the call, find the function, call it, answer.
// Data moves down once; an adapter hands in an exchange and writes out the
// answer it gets back.
//
// An exchange is the request as the endpoint reads it:
//   method, path (as sent, without the query), query() → URLSearchParams,
//   header(name) → string | null (name in lower case; repeated headers joined with ", ", as Fetch's Headers does),
//   readBody(limit) → Promise<Uint8Array | TOO_LARGE | UNREADABLE> (json.js),
//   request() → the Fetch Request that request() returns, built on first use,
//   abort(reason) → aborts that Request's signal (the time limit).
import { errorAnswer, methodNotAllowed, resultAnswer, thrownAnswer } from "./answer.js";
import { invoke, TIMED_OUT } from "./call.js";
import { createCallContext } from "./context.js";
import { readBodyCall, readQueryCall } from "./json.js";
import { logFailure } from "./log.js";
import { isGetFunction, registeredFunction } from "./registry.js";

/** The answer to one request; never rejects. */
export async function serve(exchange, settings) {
  try {
    const target = await readCall(exchange, settings.path);
    if (isAnswer(target)) return target;
    return await respond(target, exchange, settings);
  } catch (error) {
    logFailure("[fnwire] The server function endpoint failed:", error);
    return errorAnswer(500, "Internal server error.", null);
  }
}

/** An answer, as opposed to a call read from the request. */
function isAnswer(value) {
  return value.status !== undefined;
}

/** `{ registered, fnId, args }` of the call a request makes, or the answer that refuses it. */
async function readCall(exchange, path) {
  if (exchange.path !== path) {
    return errorAnswer(404, "Not found.", null);
  }
  let call;
  if (exchange.method === "GET") {
    call = readQueryCall(exchange.query());
  } else if (exchange.method === "POST") {
    call = await readBodyCall(exchange);
  } else {
    return methodNotAllowed(exchange.method, null);
  }
  if (isAnswer(call)) return call;
  const { fnId, args } = call;
  const registered = registeredFunction(fnId);
  if (!registered) {
    return errorAnswer(404, `Unknown server function ${fnId}.`, fnId);
  }
  // GET reads are for functions declared as reads; everything else is called with POST.
  if (exchange.method === "GET" && !isGetFunction(registered.fn)) {
    return methodNotAllowed("GET", fnId);
  }
  return { registered, fnId, args };
}

async function respond({ registered: { fn, fnName }, fnId, args }, exchange, { timeout, waitUntil }) {
  const call = createCallContext(exchange, waitUntil);
  const settled = await invoke(call, fn, args, timeout);
  let answer;
  if (settled === TIMED_OUT) {
    console.error(`[fnwire] Server function "${fnName}" (${fnId}) timed out after ${timeout} ms; its result will be dropped.`);
    answer = errorAnswer(504, `Server function timed out after ${timeout} ms`, fnId);
  } else if ("error" in settled) {
    answer = thrownAnswer(settled.error, fnId, fnName);
  } else {
    answer = resultAnswer(settled.result, fnId, fnName);
  }
  call.sent = true;
  if (call.setCookies.length > 0) answer.headers["Set-Cookie"] = call.setCookies;
  return answer;
}
