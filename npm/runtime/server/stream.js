// Streamed results (section 14): a server function that returns a
// ReadableStream or an async iterable (an async generator's iterator among
// them) answers `application/vnd.fnwire-stream`, one encoded frame per line,
// each chunk sent as soon as it is produced: { value } per chunk, then
// { done: true }, or the error envelope when the stream fails.
import { encode, STREAM_KIND_HEADER, STREAM_TYPE } from "../wire.js";
import { runInContext } from "./context.js";
import { isServerError, ServerError } from "./errors.js";
import { logFailure } from "./log.js";

const encoder = new TextEncoder();
// What a pending step settles with when the stream is stopped from outside (the client went away).
const STOPPED = Symbol("stopped");

/** The kind of stream a result is: "readable", "iterator", or undefined for any other value. */
export function streamKind(result) {
  if (typeof ReadableStream === "function" && result instanceof ReadableStream) return "readable";
  if (result !== null && typeof result === "object" && typeof result[Symbol.asyncIterator] === "function") return "iterator";
  return undefined;
}

/** One step at a time through a stream result, always in the call's request context; `stop()` ends it early. */
export function streamSteps(result, kind, call) {
  if (kind === "readable") {
    const reader = result.getReader();
    return {
      next: () => runInContext(call, () => reader.read()),
      stop: (reason) => reader.cancel(reason).catch(() => {}),
    };
  }
  const iterator = runInContext(call, () => result[Symbol.asyncIterator]());
  return {
    next: () => runInContext(call, () => iterator.next()),
    // An async generator suspended at an await finishes that step first; its aborted request().signal tells it to stop.
    stop: () => Promise.resolve(runInContext(call, () => iterator.return?.())).catch(() => {}),
  };
}

/**
 * The answer to a stream result. The first chunk is awaited before anything
 * is sent, within what is left of the call's time limit (`firstChunkMs`,
 * undefined for none), so a failure or a timeout before it is an ordinary
 * error answer (`refuse(settled)`, settled TIMED_OUT or `{ error }`);
 * `streamTimeout` (ms, 0: none) then bounds the whole stream. Once it has
 * begun, `ended(failure)` is called when it ends, with what failed it (its
 * error, its time limit), undefined when it finished or its reader left.
 */
export async function streamAnswer(steps, kind, { call, about, firstChunkMs, streamTimeout, refuse, ended, TIMED_OUT }) {
  const { fnId, fnName } = about;
  let begun = false;
  let finished = false;
  let streamTimer;
  // Resolves the step a pull waits for when the stream is ended from outside.
  let interrupt;
  const finish = (reason, failure) => {
    if (finished) return;
    finished = true;
    if (begun) ended?.(failure);
    clearTimeout(streamTimer);
    interrupt?.(STOPPED);
    if (reason !== undefined) {
      // Stopped early: the function's own work stops too, its request().signal and the iteration.
      call.exchange.abort(reason);
      void steps.stop(reason);
    }
    call.exchange.release?.();
  };

  const first = await settle(steps.next(), firstChunkMs, TIMED_OUT);
  if (first === TIMED_OUT || "error" in first) {
    finish(first === TIMED_OUT ? new DOMException("Server function timed out before its first chunk", "TimeoutError") : first.error);
    return refuse(first);
  }
  begun = true;
  let ready = first.value;
  let failure;
  if (streamTimeout > 0) {
    streamTimer = setTimeout(() => {
      const message = `Server function stream timed out after ${streamTimeout} ms`;
      console.error(`[fnwire] Server function "${fnName}" (${fnId}): ${message}; the stream was ended.`);
      failure = new ServerError(message, { status: 504 });
      interrupt?.({ error: failure });
      if (interrupt === undefined) finish(new DOMException(message, "TimeoutError"), failure);
    }, streamTimeout);
  }
  // The client went away (or a time limit aborted the call): end the function's work.
  call.exchange.watchAbort((reason) => finish(reason, reason?.name === "TimeoutError" ? reason : undefined));

  const nextStep = () =>
    new Promise((resolve) => {
      interrupt = resolve;
      settle(steps.next()).then(resolve);
    }).finally(() => (interrupt = undefined));

  const body = new ReadableStream(
    {
      async pull(controller) {
        if (failure !== undefined && ready === undefined) {
          controller.enqueue(frame(errorFrame(failure, about)));
          finish(new DOMException(failure.message, "TimeoutError"), failure);
          return controller.close();
        }
        if (finished) return controller.close();
        let step = ready;
        ready = undefined;
        if (step === undefined) {
          const settled = await nextStep();
          if (settled === STOPPED) return controller.close();
          if ("error" in settled) {
            controller.enqueue(frame(errorFrame(settled.error, about)));
            finish(settled.error, settled.error);
            return controller.close();
          }
          step = settled.value;
        }
        if (step.done) {
          controller.enqueue(frame({ done: true }));
          finish();
          return controller.close();
        }
        let text;
        const subject = `Server function "${fnName}" (${fnId}) streamed what cannot be sent`;
        try {
          text = encode({ value: step.value }, { root: "", subject });
        } catch (error) {
          controller.enqueue(frame(errorFrame(error, about)));
          // A trace names the function, not the value's parts that the encoder's message may quote.
          finish(error, new TypeError(subject));
          return controller.close();
        }
        controller.enqueue(encoder.encode(`${text}\n`));
      },
      cancel(reason) {
        finish(reason ?? new DOMException("The client stopped reading the stream.", "AbortError"));
      },
    },
    { highWaterMark: 0 },
  );
  call.sent = true;
  const headers = {
    "Content-Type": STREAM_TYPE,
    [STREAM_KIND_HEADER]: kind,
    // A page of another origin that the app serves with CORS reads it too.
    "Access-Control-Expose-Headers": STREAM_KIND_HEADER,
    "Cache-Control": "no-store",
  };
  if (call.setCookies.length > 0) headers["Set-Cookie"] = call.setCookies;
  return { status: 200, headers, body };
}

/** `{ value }` or `{ error }` of a step, or `onTimeout` after `ms` (undefined: no limit); never rejects. */
function settle(promise, ms, onTimeout) {
  const settled = Promise.resolve(promise).then(
    (value) => ({ value }),
    (error) => ({ error }),
  );
  if (ms === undefined) return settled;
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, ms), onTimeout)));
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}

/** The error frame: a ServerError's message, status and data; anything else the generic 500, logged. */
function errorFrame(error, { fnId, fnName }) {
  if (isServerError(error)) return { error: error.message, fnId, status: error.status, data: error.data };
  logFailure(`[fnwire] Server function "${fnName}" (${fnId}) failed while streaming:`, error);
  return { error: "Internal server error.", fnId, status: 500 };
}

function frame(envelope) {
  let text;
  try {
    text = encode(envelope, { root: "", subject: "The stream's error" });
  } catch (error) {
    // A ServerError whose data cannot be sent: the generic error instead.
    logFailure(`[fnwire] Server function ${envelope.fnId} failed while streaming:`, error);
    text = encode({ error: "Internal server error.", fnId: envelope.fnId, status: 500 }, { root: "", subject: "The stream's error" });
  }
  return encoder.encode(`${text}\n`);
}
