// Reading a call sent as JSON (section 7): a POST body `{ fnId, args }`, or
// a GET's `?fnId=…&args=<JSON array>`.
import { isJsonMediaType, isValidFnId } from "../protocol.js";
import { errorAnswer } from "./answer.js";

export const MAX_BODY_BYTES = 1_048_576;
// Spreading more arguments than V8 takes (about 125,000) throws a RangeError
// that would pass for the function's own failure; far fewer fit in 1 MiB of
// meaningful arguments anyway.
const MAX_ARGS = 65_536;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** `{ fnId, args }` of a POST body, or the error answer. */
export async function readBodyCall(exchange) {
  if (!isJsonMediaType(exchange.header("content-type"))) {
    return errorAnswer(415, "Server function calls must have Content-Type: application/json.", null);
  }
  const body = await exchange.readBody(MAX_BODY_BYTES);
  if (body === TOO_LARGE) return errorAnswer(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`, null);
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
  return checkedCall(payload.fnId, payload.args);
}

/** What `exchange.readBody(limit)` answers instead of the bytes: the body passed the limit, or could not be read. */
export const TOO_LARGE = Symbol("too large");
export const UNREADABLE = Symbol("unreadable");

/** `{ fnId, args }` of a GET's query, or the error answer. */
export function readQueryCall(params) {
  const fnId = params.get("fnId") ?? undefined;
  const argsText = params.get("args");
  if (argsText === null || typeof fnId !== "string" || !isValidFnId(fnId)) return checkedCall(fnId, undefined);
  if (argsText.length > MAX_BODY_BYTES) {
    return errorAnswer(413, `The args parameter is larger than ${MAX_BODY_BYTES} characters.`, fnId);
  }
  let args;
  try {
    args = JSON.parse(argsText);
  } catch {
    return errorAnswer(400, "The args parameter is not valid JSON: it must be a JSON array.", fnId);
  }
  return checkedCall(fnId, args);
}

/** The checks of `fnId` and `args` that GET and POST share. */
function checkedCall(fnId, args) {
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
  return { fnId, args };
}
