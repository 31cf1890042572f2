// What the server logs about a failure: never the values a call carries.
import { describeValue } from "../protocol.js";

/**
 * Logs a failure as one line of text: an Error's stack (its causes too),
 * else only the kind of value thrown. Never the value itself through
 * util.inspect, which prints an object's properties: request headers,
 * cookies or the call's arguments may be among them.
 */
export function logFailure(prefix, error) {
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
