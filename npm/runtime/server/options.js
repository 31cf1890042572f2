// The options the handlers take, checked once, when a handler is made.
import { functionPath, rejectUnknownOptions, showValue } from "../protocol.js";

// Section 11's default time limit, 30 seconds: what Attio's platform allows a server function.
const DEFAULT_TIMEOUT_MS = 30_000;

/** The options both handlers share, checked: `{ path, timeout }`. */
export function handlerSettings(options, allowed, caller) {
  rejectUnknownOptions(options, allowed, caller);
  const { timeout = DEFAULT_TIMEOUT_MS } = options;
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 0) {
    throw new TypeError(
      `[fnwire] ${caller}: timeout must be a non-negative finite number of milliseconds (0 turns the limit off); received ${showValue(timeout)}.`,
    );
  }
  return { path: functionPath(options.basePath), timeout };
}
