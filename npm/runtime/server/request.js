// What request() returns, and its abort signal: both built only when a
// server function asks for them, which most calls never do.

/**
 * The Request a server function sees: the call's URL, method and headers,
 * its body already read into the arguments, and a signal that aborts when
 * the client goes away or the call passes its time limit. A subclass rather
 * than `new Request(…, { signal })` or a copy of a Request: in Node 20 both
 * keep about 2 KB per request alive for good (measured: +127 MB of heap
 * over 30,000 handleRequest calls).
 */
export class CallRequest extends Request {
  #abort;
  #bodyRead;
  constructor(url, init, abort, bodyRead) {
    super(url, init);
    this.#abort = abort;
    this.#bodyRead = bodyRead;
  }
  get signal() {
    return this.#abort.signal;
  }
  get bodyUsed() {
    return this.#bodyRead;
  }
}

/**
 * An AbortSignal made on first use. `abort(reason)` before that only
 * records the reason; the signal is then born aborted. `link(abort)`, when
 * given, runs once, when the signal is made or the first watcher comes, to
 * connect the call to what else aborts it (a Fetch Request's own signal).
 */
export class CallAbort {
  #controller;
  #reason;
  #aborted = false;
  #link;
  #watchers = [];
  constructor(link) {
    this.#link = link;
  }
  get signal() {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
      else this.#connect();
    }
    return this.#controller.signal;
  }
  /** Runs `callback(reason)` when the call aborts (at once when it has). */
  watch(callback) {
    if (this.#aborted) return callback(this.#reason);
    this.#watchers.push(callback);
    this.#connect();
  }
  abort(reason) {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    for (const callback of this.#watchers.splice(0)) callback(reason);
  }
  #connect() {
    const link = this.#link;
    this.#link = undefined;
    link?.((reason) => this.abort(reason));
  }
}
