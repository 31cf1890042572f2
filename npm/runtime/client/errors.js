// The error every failed server function call rejects with.

/** Status 0: the server was not reached (network, abort). Status 303 with `redirect`: the server function redirected (section 13). */
export class ServerFunctionError extends Error {
  constructor(message, options) {
    // Error itself copies `options.cause`, and only when the key is present.
    super(message, options);
    this.name = "ServerFunctionError";
    this.status = options.status;
    this.data = options.data;
    this.fnId = options.fnId;
    if (options.redirect !== undefined) this.redirect = options.redirect;
  }
}

/** The error of a call that got no answer: a network failure or an abort. */
export function unreachable(fnId, cause) {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ServerFunctionError(`[fnwire] Could not reach server function ${fnId}: ${reason}`, { status: 0, fnId, cause });
}

/** Awaits one network step (fetch, reading a body), turning its failure into a status 0 error. */
export async function reach(fnId, step) {
  try {
    return await step();
  } catch (cause) {
    throw unreachable(fnId, cause);
  }
}
