// Reading a call sent as JSON (section 7): a POST body `{ fnId, args }`, or
// a GET's `?fnId=…&args=<JSON array>`.
import { isJsonMediaType, isValidFnId } from "../protocol.js";
import { errorAnswer } from "./answer.js";
import { TOO_LARGE, UNREADABLE } from "./body.js";

// Spreading more arguments than V8 takes (about 125,000) throws a RangeError
// that would pass for the function's own failure; far fewer fit in 1 MiB of
// meaningful arguments anyway.
const MAX_ARGS = 65_536;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** `{ fnId, args, size }` of a POST body (`size`: its bytes), or the error answer. */
export async function readBodyCall(exchange, limit) {
  if (!isJsonMediaType(exchange.header("content-type"))) {
    return errorAnswer(415, "Server function calls must have Content-Type: application/json.", null);
  }
  const body = await exchange.readBody(limit);
  if (body === TOO_LARGE) return tooLarge(limit, null);
  let text;
  try {
    text = body === UNREADABLE ? undefined : utf8.decode(body);
  } catch {}
  if (text === undefined) return errorAnswer(400, "The request body could not be read as UTF-8 text.", null);

  let payload;
  try {
    payload = JSON.parse(text);
  } catch {
    return errorAnswer(400, "The request body is not valid JSON.", null);
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    return errorAnswer(400, "The request body must be a JSON object { fnId, args }.", null);
  }
  return checkedCall(payload.fnId, payload.args, body.byteLength);
}

export function tooLarge(limit, fnId) {
  return errorAnswer(413, `The request body is larger than ${limit} bytes.`, fnId);
}

/** `{ fnId, args, size }` of a GET's query (`size`: the length of its args), or the error answer. */
export function readQueryCall(params, limit) {
  const fnId = params.get("fnId") ?? undefined;
  const argsText = params.get("args");
  if (argsText === null || typeof fnId !== "string" || !isValidFnId(fnId)) return checkedCall(fnId, undefined);
  if (argsText.length > limit) {
    return errorAnswer(413, `The args parameter is larger than ${limit} characters.`, fnId);
  }
  let args;
  try {
    args = JSON.parse(argsText);
  } catch {
    return errorAnswer(400, "The args parameter is not valid JSON: it must be a JSON array.", fnId);
  }
  return checkedCall(fnId, args, argsText.length);
}

/** The checks of `fnId` and `args` that GET and POST share. */
function checkedCall(fnId, args, size) {
  if (typeof fnId !== "string") {
    return errorAnswer(400, "fnId must be a string.", null);
  }
  if (!isValidFnId(fnId)) {
    return errorAnswer(400, "fnId must be a non-empty string without surrounding white space.", fnId);
  }
  if (!Array.isArray(args)) {
    return errorAnswer(400, "args must be an array.", fnId);
  }
  if (args.length > MAX_ARGS) {
    return errorAnswer(400, `args must hold at most ${MAX_ARGS} arguments.`, fnId);
  }
  return { fnId, args, size };
}
