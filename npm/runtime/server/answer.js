// Answers: what the endpoint sends back, as `{ status, headers, body }`,
// which each adapter turns into its own response (node.js, fetch.js).
// Values travel as section 7's JSON whenever JSON carries them exactly, and
// otherwise in section 14's encoding for a client that accepts it.
import { encode, ENCODED_TYPE, isJsonValue, STREAM_TYPE } from "../wire.js";
import { isServerError } from "./errors.js";
import { logFailure } from "./log.js";

const JSON_TYPE = "application/json";

export function jsonAnswer(status, payload, headers) {
  // JSON.stringify throws here for BigInt and cycles: callers catch it.
  const body = JSON.stringify(payload);
  return { status, headers: headers === undefined ? { "Content-Type": JSON_TYPE } : { "Content-Type": JSON_TYPE, ...headers }, body };
}

/** The error envelope `{ error, fnId, status, data? }`. */
export function errorAnswer(status, error, fnId, data, headers) {
  return jsonAnswer(status, { error, fnId, status, data }, headers);
}

export function methodNotAllowed(method, fnId) {
  const why =
    fnId === null
      ? "server functions are called with POST"
      : `server function ${fnId} was not created with createServerFn({ method: "GET" }), so it is called with POST`;
  return errorAnswer(405, `Method ${method} is not allowed: ${why}.`, fnId, undefined, { Allow: "POST" });
}

/**
 * `payload` (an envelope) as JSON when JSON carries `value` exactly; else
 * encoded when the client accepts section 14's encoding. A client that does
 * not gets no value JSON would change (a Date as a string, a Map as `{}`):
 * that throws, and the caller answers 500.
 */
function valueAnswer(status, payload, value, acceptsEncoded, subject) {
  if (isJsonValue(value)) return jsonAnswer(status, payload);
  if (!acceptsEncoded) {
    throw new TypeError(
      `${subject}: JSON cannot carry it exactly, and the client does not accept ${ENCODED_TYPE} (it is no fnwire/client).`,
    );
  }
  return { status, headers: { "Content-Type": ENCODED_TYPE }, body: encode(payload, { root: "", subject }) };
}

/** The answer to a result: `{ result }`, or `{}` for undefined. */
export function resultAnswer(result, { fnId, fnName, acceptsEncoded }) {
  const subject = `Server function "${fnName}" (${fnId}) returned a value that cannot be sent`;
  try {
    if (result === undefined) return jsonAnswer(200, {});
    return valueAnswer(200, { result }, result, acceptsEncoded, subject);
  } catch (error) {
    return internalError(error, fnId, fnName, new TypeError(subject));
  }
}

/** The answer to a value a server function threw: its own status and data for a ServerError, else a generic 500. */
export function thrownAnswer(error, { fnId, fnName, acceptsEncoded }) {
  if (isServerError(error)) {
    const subject = `Server function "${fnName}" (${fnId}) threw a ServerError whose data cannot be sent`;
    try {
      const { status, message, data } = error;
      return valueAnswer(status, { error: message, fnId, status, data }, data === undefined ? null : data, acceptsEncoded, subject);
    } catch (serializeError) {
      return internalError(serializeError, fnId, fnName, new TypeError(subject));
    }
  }
  return internalError(error, fnId, fnName);
}

/**
 * The generic 500: whatever was thrown stays on the server, its message or
 * stack may hold secrets. `failure` is what a trace records of it (section
 * 16): the error itself, or, for one of fnwire's own making whose message
 * could name parts of a result, one that names only the function.
 */
function internalError(error, fnId, fnName, failure = error) {
  logCallFailure(error, fnId, fnName);
  return { ...errorAnswer(500, "Internal server error.", fnId), failure };
}

export function logCallFailure(error, fnId, fnName) {
  logFailure(`[fnwire] Server function "${fnName}" (${fnId}) failed:`, error);
}

/** Whether the request accepts section 14's encoding (fnwire/client's stubs do). */
export function acceptsEncoded(exchange) {
  return exchange.header("accept")?.includes(ENCODED_TYPE) ?? false;
}

/** Whether the request reads streams: it names the stream type, or the encoding (fnwire/client's stubs read both). */
export function acceptsStream(exchange) {
  const accept = exchange.header("accept") ?? "";
  return accept.includes(STREAM_TYPE) || accept.includes(ENCODED_TYPE);
}
