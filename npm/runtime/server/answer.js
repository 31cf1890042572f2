// Answers: what the endpoint sends back, as `{ status, headers, body }`,
// which each adapter turns into its own response (node.js, fetch.js).
import { logFailure } from "./log.js";
import { isServerError } from "./errors.js";

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

/** The answer to a value a server function threw: its own status and data for a ServerError, else a generic 500. */
export function thrownAnswer(error, fnId, fnName) {
  if (isServerError(error)) {
    try {
      return errorAnswer(error.status, error.message, fnId, error.data);
    } catch (serializeError) {
      return internalError(serializeError, fnId, fnName);
    }
  }
  return internalError(error, fnId, fnName);
}

// Whatever was thrown stays on the server: its message or stack may hold secrets.
export function internalError(error, fnId, fnName) {
  logFailure(`[fnwire] Server function "${fnName}" (${fnId}) failed:`, error);
  return errorAnswer(500, "Internal server error.", fnId);
}

/** The answer to a result: `{ result }`, or `{}` for undefined. */
export function resultAnswer(result, fnId, fnName) {
  try {
    return jsonAnswer(200, result === undefined ? {} : { result });
  } catch (error) {
    return internalError(error, fnId, fnName);
  }
}
