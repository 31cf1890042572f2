// Traces (section 16) through @opentelemetry/api, an optional peer
// dependency: looked for once, when the first handler is made, and used only
// when the app has it installed. Spans carry the function's id, name, module
// and the answer's status; never arguments, results, headers or cookies.
import { createRequire } from "node:module";
import { currentModuleOf } from "./context.js";
import { isServerError } from "./errors.js";
import { asRedirect } from "./redirect.js";
import { isInvalidInput } from "./schema.js";
import { shared } from "./state.js";

const TRACER_NAME = "fnwire";
// undefined: not looked for yet; null: not installed.
let openTelemetry;
let tracer;

/** @opentelemetry/api when the app has it, else null; required (not imported) so that its absence costs one failed lookup. */
function api() {
  if (openTelemetry === undefined) {
    try {
      openTelemetry = createRequire(import.meta.url)("@opentelemetry/api");
      // Section 11's calls in the same process (fnwire/client's helpers on the server) become child spans.
      shared.traceInProcessCall = traceInProcessCall;
    } catch {
      openTelemetry = null;
    }
  }
  return openTelemetry;
}

/** Looks for @opentelemetry/api: the handlers call it when they are made, so that no call waits for it. */
export function loadTelemetry() {
  api();
}

function activeTracer(otel) {
  // A ProxyTracer: it follows a provider registered after this.
  return (tracer ??= otel.trace.getTracer(TRACER_NAME));
}

/**
 * The span of one call, kind SERVER, child of the active one:
 * `{ run(fn), end(status, error) }`, or undefined without OpenTelemetry or
 * with nothing to record. `run` makes it the active span while the function
 * runs; `end` ends it once.
 */
export function startCallSpan(fnId, fnName, module) {
  const otel = openTelemetry;
  if (!otel) return undefined;
  const attributes = { "fnwire.fn_id": fnId, "fnwire.fn_name": fnName };
  if (module !== undefined) attributes["code.filepath"] = module;
  const span = activeTracer(otel).startSpan(`fnwire ${fnName}`, { kind: otel.SpanKind.SERVER, attributes });
  // No SDK registered and no trace to continue: the span carries nothing, so the call runs as without tracing.
  if (!span.isRecording() && !otel.trace.isSpanContextValid(span.spanContext())) return undefined;
  const active = otel.trace.setSpan(otel.context.active(), span);
  let ended = false;
  return {
    run: (fn) => otel.context.with(active, fn),
    end(status, error) {
      if (ended) return;
      ended = true;
      span.setAttribute("http.response.status_code", status);
      if (error !== undefined) {
        const recorded = recordedError(error);
        if (recorded !== undefined) span.recordException(recorded);
        span.setStatus({ code: otel.SpanStatusCode.ERROR, message: recorded?.message });
      }
      span.end();
    },
  };
}

/**
 * What a span records of an error: the message and stack the function chose
 * to throw; for a schema's refusal, whose message quotes the input, its name
 * and "Invalid input" only (never an argument). Undefined for what is not an Error.
 */
function recordedError(error) {
  if (isInvalidInput(error)) return { name: error.name, message: "Invalid input" };
  return error instanceof Error ? error : undefined;
}

/**
 * A call made in the server's own process (section 11), in a child span of
 * the current one, with the status the endpoint would have answered.
 */
async function traceInProcessCall(fnId, fnName, run) {
  const span = startCallSpan(fnId, fnName, currentModuleOf(fnId));
  if (span === undefined) return run();
  try {
    const result = await span.run(run);
    span.end(200);
    return result;
  } catch (error) {
    // A redirect is an answer (200 with the URL for a stub's call), not a failure.
    if (asRedirect(error) !== undefined) span.end(200);
    else span.end(isServerError(error) ? error.status : 500, error);
    throw error;
  }
}
