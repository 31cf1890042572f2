// The options the handlers take, checked once, when a handler is made: a
// wrong value is a TypeError naming it.
import { formPath, functionPath, rejectUnknownOptions, showValue } from "../protocol.js";
import { checkMiddlewareList } from "./middleware.js";
import { originMatchers } from "./origin.js";
import { loadTelemetry } from "./telemetry.js";

// Section 11's default time limit, 30 seconds: what Attio's platform allows a server function.
const DEFAULT_TIMEOUT_MS = 30_000;
// Section 7's limit of a JSON call, and section 13's of a whole form body.
const DEFAULT_BODY_SIZE_LIMIT = 1_048_576;
const DEFAULT_FORM_SIZE_LIMIT = 10_485_760;

// The options both handlers take; each adapter may add its own.
const HANDLER_OPTIONS = [
  "basePath",
  "timeout",
  "streamTimeout",
  "bodySizeLimit",
  "formSizeLimit",
  "allowedOrigins",
  "trustProxy",
  "middleware",
  "manifest",
  "buildId",
];

/** The options both handlers share, in the form the endpoint reads them; `ownOptions` are the adapter's own, which it reads itself. */
export function handlerSettings(options, caller, ownOptions = []) {
  rejectUnknownOptions(options, [...HANDLER_OPTIONS, ...ownOptions], caller);
  loadTelemetry();
  const {
    timeout = DEFAULT_TIMEOUT_MS,
    streamTimeout = 0,
    bodySizeLimit = DEFAULT_BODY_SIZE_LIMIT,
    formSizeLimit = DEFAULT_FORM_SIZE_LIMIT,
    allowedOrigins = [],
    trustProxy = false,
    middleware = [],
  } = options;
  const build = buildSettings(options, caller);
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
    // Section 16: the build this server runs, and each function's module (for traces).
    buildId: build.buildId,
    modules: build.modules,
  };
}

/**
 * `{ buildId, modules }` from the `manifest` option (the build's manifest
 * object) or the `buildId` option; a TypeError naming the one that is wrong.
 */
function buildSettings({ manifest, buildId }, caller) {
  if (buildId !== undefined && (typeof buildId !== "string" || buildId === "")) {
    throw new TypeError(
      `[fnwire] ${caller}: buildId must be the build's id, a non-empty string (the manifest's buildId); received ${showValue(buildId)}.`,
    );
  }
  if (manifest === undefined) return { buildId, modules: undefined };
  const functions = manifest?.functions;
  if (manifest === null || typeof manifest !== "object" || functions === null || typeof functions !== "object") {
    throw new TypeError(
      `[fnwire] ${caller}: manifest must be the build's manifest object (JSON.parse of manifest.json), with its functions; received ${showValue(manifest)}.`,
    );
  }
  const ownId = manifest.buildId;
  if (ownId !== undefined && (typeof ownId !== "string" || ownId === "")) {
    throw new TypeError(`[fnwire] ${caller}: manifest.buildId must be a non-empty string; received ${showValue(ownId)}.`);
  }
  if (buildId !== undefined && ownId !== undefined && buildId !== ownId) {
    throw new TypeError(
      `[fnwire] ${caller}: buildId ${showValue(buildId)} differs from the manifest's ${showValue(ownId)}; give one of them.`,
    );
  }
  const modules = new Map();
  for (const [fnId, fn] of Object.entries(functions)) if (typeof fn?.module === "string") modules.set(fnId, fn.module);
  return { buildId: buildId ?? ownId, modules };
}

/** Throws a TypeError naming `name` unless `value` is a whole number of bytes. */
export function checkByteLimit(value, name, caller) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`[fnwire] ${caller}: ${name} must be a whole number of bytes; received ${showValue(value)}.`);
  }
}
