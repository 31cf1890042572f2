// One call of a server function: in its request context, within the time
// limit (section 11).
import { runInContext } from "./context.js";

// setTimeout fires at once for longer delays (they overflow a 32-bit int):
// a limit past it, 24.8 days, waits this long instead.
const MAX_TIMER_MS = 2 ** 31 - 1;

export const TIMED_OUT = Symbol("timed out");

/**
 * Calls `fn(...args)` in the context `call`: `{ result }`, `{ error }`, or
 * TIMED_OUT when `timeout` ms (0: no limit) pass first, after which the
 * function's request().signal aborts and its late outcome is dropped.
 */
export async function invoke(call, fn, args, timeout) {
  let value;
  let pending;
  try {
    value = runInContext(call, () => fn(...args));
    pending = typeof value?.then === "function";
  } catch (error) {
    return failed(error);
  }
  // A function that answered at once has nothing left to time.
  if (!pending) return { result: value };
  // Settles with the outcome whenever the function does, so a result or a
  // rejection that comes after the time limit is dropped, never unhandled.
  const outcome = Promise.resolve(value).then(succeeded, failed);
  if (!(timeout > 0)) return outcome;
  let timer;
  const settled = await Promise.race([
    outcome,
    new Promise((resolve) => (timer = setTimeout(resolve, Math.min(timeout, MAX_TIMER_MS), TIMED_OUT))),
  ]);
  clearTimeout(timer);
  if (settled === TIMED_OUT) {
    // The function's request().signal: it can stop its own work now.
    call.exchange.abort(new DOMException(`Server function timed out after ${timeout} ms`, "TimeoutError"));
  }
  return settled;
}

const succeeded = (result) => ({ result });

function failed(error) {
  handleThrownPromise(error);
  return { error };
}

/** A rejected promise thrown as a value would otherwise be an unhandled rejection, which ends the process. */
function handleThrownPromise(value) {
  try {
    if (value instanceof Promise) value.catch(() => {});
  } catch {}
}
