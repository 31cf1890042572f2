// redirect(url) (section 13): thrown from a server function, answered as a
// redirect: an HTTP redirect for a form the browser submitted, `{ redirect }`
// for a stub's call (the stub then navigates).
import { showValue } from "../protocol.js";
import { shared } from "./state.js";

const STATUSES = [301, 302, 303, 307, 308];

class LocalRedirect extends Error {
  constructor(url, status) {
    super(`Redirect to ${url}`);
    this.name = "Redirect";
    this.url = url;
    this.status = status;
  }
}

shared.Redirect ??= LocalRedirect;

/**
 * Ends the server function with a redirect to `url`: a relative path or an
 * absolute http(s) URL (never another scheme, nor `//host`, which would
 * leave the site through a path).
 */
export function redirect(url, status = 303) {
  if (typeof url !== "string" || !isRedirectTarget(url)) {
    throw new TypeError(
      `[fnwire] redirect(): url must be a relative path ("/records", "?page=2") or an absolute http(s) URL; received ${showValue(url)}.`,
    );
  }
  if (!STATUSES.includes(status)) {
    throw new TypeError(`[fnwire] redirect(): status must be one of ${STATUSES.join(", ")}; received ${showValue(status)}.`);
  }
  throw new shared.Redirect(url, status);
}

function isRedirectTarget(url) {
  // Control characters and white space never belong in a Location header.
  if (url === "" || /[\u0000-\u0020\u007f]/.test(url)) return false;
  if (/^https?:\/\/[^/\\]/i.test(url)) return URL.canParse(url);
  // No scheme, and no `//host` or `/\host` (browsers read backslashes as slashes).
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[/\\]{2}/.test(url);
}

/** The Redirect a server function threw, or undefined. */
export function asRedirect(value) {
  try {
    return value instanceof shared.Redirect ? value : undefined;
  } catch {
    return undefined;
  }
}
