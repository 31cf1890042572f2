// ServerError: what a server function throws for the client to see.
import { shared } from "./state.js";

/** An error whose message, status and data the client receives as they are. */
class LocalServerError extends Error {
  constructor(message, { status = 500, data } = {}) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new TypeError(`[fnwire] ServerError: status must be an HTTP error status (400-599); received ${status}.`);
    }
    super(message);
    this.name = "ServerError";
    this.status = status;
    this.data = data;
  }
}

shared.ServerError ??= LocalServerError;

export const ServerError = shared.ServerError;

/** `instanceof ServerError`, for any thrown value: even `instanceof` throws on a revoked proxy. */
export function isServerError(value) {
  try {
    return value instanceof ServerError;
  } catch {
    return false;
  }
}
