// Traces (section 16) through @opentelemetry/api, an optional peer
// dependency: looked for once, when the first handler is made, and used only
// when the app has it installed. Spans carry the function's id, name, module
// and the answer's status; never arguments, results, headers or cookies.
import { createRequire } from "node:module";
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
 * The span of one call the endpoint answers, kind SERVER, child of the
 * active one: `{ run(fn), end(status, error) }`, or undefined without
 * OpenTelemetry or with nothing to record. `run` makes it the active span while the function runs.
 */
export function startCallSpan(fnId, fnName, module) {
  const otel = openTelemetry;
  if (!otel) return undefined;
  return callSpan(otel, fnId, fnName, module, otel.SpanKind.SERVER);
}

function callSpan(otel, fnId, fnName, module, kind) {
  const attributes = { "fnwire.fn_id": fnId, "fnwire.fn_name": fnName };
  if (module !== undefined) attributes["code.filepath"] = module;
  const span = activeTracer(otel).startSpan(`fnwire ${fnName}`, { kind, attributes });
  // No SDK registered and no trace to continue: the span carries nothing, so the call runs as without tracing.
  if (!span.isRecording() && !otel.trace.isSpanContextValid(span.spanContext())) return undefined;
  const active = otel.trace.setSpan(otel.context.active(), span);
  return {
    run: (fn) => otel.context.with(active, fn),
    end(status, error) {
      if (status !== undefined) span.setAttribute("http.response.status_code", status);
      if (error !== undefined) {
        // The error's message and stack, which the function chose to throw: no argument of the call.
        if (error instanceof Error) span.recordException(error);
        span.setStatus({ code: otel.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
      }
      span.end();
    },
  };
}

/** A call made in the server's own process (section 11), as a child span of the current one. */
async function traceInProcessCall(fnId, fnName, run) {
  const span = callSpan(openTelemetry, fnId, fnName, undefined, openTelemetry.SpanKind.INTERNAL);
  if (span === undefined) return run();
  try {
    const result = await span.run(run);
    span.end();
    return result;
  } catch (error) {
    span.end(undefined, error);
    throw error;
  }
}
