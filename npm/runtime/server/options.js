// The options the handlers take, checked once, when a handler is made: a
// wrong value is a TypeError naming it.
import { formPath, functionPath, rejectUnknownOptions, showValue } from "../protocol.js";
import { checkMiddlewareList } from "./middleware.js";
import { originMatchers } from "./origin.js";

// Section 11's default time limit, 30 seconds: what Attio's platform allows a server function.
const DEFAULT_TIMEOUT_MS = 30_000;
// Section 7's limit of a JSON call, and section 13's of a whole form body.
const DEFAULT_BODY_SIZE_LIMIT = 1_048_576;
const DEFAULT_FORM_SIZE_LIMIT = 10_485_760;

/** The options both handlers share, in the form the endpoint reads them. */
export function handlerSettings(options, allowed, caller) {
  rejectUnknownOptions(options, allowed, caller);
  const {
    timeout = DEFAULT_TIMEOUT_MS,
    streamTimeout = 0,
    bodySizeLimit = DEFAULT_BODY_SIZE_LIMIT,
    formSizeLimit = DEFAULT_FORM_SIZE_LIMIT,
    allowedOrigins = [],
    trustProxy = false,
    middleware = [],
  } = options;
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 0) {
    throw new TypeError(
      `[fnwire] ${caller}: timeout must be a non-negative finite number of milliseconds (0 turns the limit off); received ${showValue(timeout)}.`,
    );
  }
  if (typeof streamTimeout !== "number" || !Number.isFinite(streamTimeout) || streamTimeout < 0) {
    throw new TypeError(
      `[fnwire] ${caller}: streamTimeout must be a non-negative finite number of milliseconds (0, the default, lets a stream run as long as it produces); received ${showValue(streamTimeout)}.`,
    );
  }
  checkByteLimit(bodySizeLimit, "bodySizeLimit", caller);
  checkByteLimit(formSizeLimit, "formSizeLimit", caller);
  if (typeof trustProxy !== "boolean") {
    throw new TypeError(`[fnwire] ${caller}: trustProxy must be true or false; received ${showValue(trustProxy)}.`);
  }
  return {
    fnPath: functionPath(options.basePath),
    formPath: formPath(options.basePath),
    timeout,
    streamTimeout,
    bodySizeLimit,
    formSizeLimit,
    allowedOrigins: originMatchers(allowedOrigins, caller),
    trustProxy,
    // Global middleware (rule 15.6), run before every call's own.
    middleware: checkMiddlewareList(middleware, `${caller}: middleware`),
  };
}

/** Throws a TypeError naming `name` unless `value` is a whole number of bytes. */
export function checkByteLimit(value, name, caller) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`[fnwire] ${caller}: ${name} must be a whole number of bytes; received ${showValue(value)}.`);
  }
}
