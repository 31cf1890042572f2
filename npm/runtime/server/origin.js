// Cross-site request forgery (section 13): a foreign page can make a browser
// send a form, or a GET, to any origin with the user's cookies. A request
// whose Origin names another origin than its own (or, without an Origin,
// that says Sec-Fetch-Site: cross-site) is refused before any function
// runs, unless allowedOrigins admits its origin. A request with neither
// header (a non-browser client) is served.
import { showValue } from "../protocol.js";

const PATTERN_HELP =
  'allowedOrigins must be an array of origins ("https://app.example.com") and host patterns ("*.example.com", "https://*.example.com")';
// *.example.com, with an optional scheme and port.
const WILDCARD = /^(?:(https?):\/\/)?\*\.((?:[a-z0-9-]+\.)*[a-z0-9-]+)(?::(\d{1,5}))?$/i;

/** Each allowedOrigins entry as a test of a request's Origin (a URL). */
export function originMatchers(patterns, caller) {
  if (!Array.isArray(patterns)) throw new TypeError(`[fnwire] ${caller}: ${PATTERN_HELP}; received ${showValue(patterns)}.`);
  return patterns.map((pattern) => {
    const wildcard = typeof pattern === "string" ? WILDCARD.exec(pattern) : null;
    if (wildcard) {
      const [, scheme, domain, port] = wildcard;
      // A subdomain, at any depth: `example.com.evil.net` does not end with `.example.com`.
      const suffix = `.${domain.toLowerCase()}`;
      return (origin) =>
        (scheme === undefined || origin.protocol === `${scheme.toLowerCase()}:`) &&
        origin.hostname.endsWith(suffix) &&
        (port === undefined || origin.port === port);
    }
    const url = typeof pattern === "string" ? parseUrl(pattern) : undefined;
    if (url === undefined || !/^https?:$/.test(url.protocol) || url.origin !== pattern.replace(/\/$/, "").toLowerCase()) {
      throw new TypeError(`[fnwire] ${caller}: ${PATTERN_HELP}; received ${showValue(pattern)}.`);
    }
    return (origin) => origin.origin === url.origin;
  });
}

/** Why the request is refused as cross-site, or undefined when it is served. */
export function crossSiteReason(exchange, settings) {
  const origin = exchange.header("origin");
  if (origin === null) {
    // Without an Origin, Fetch Metadata is all a browser tells; allowedOrigins cannot match what it does not name.
    return exchange.header("sec-fetch-site") === "cross-site" ? "Sec-Fetch-Site says cross-site" : undefined;
  }
  const url = parseUrl(origin);
  if (url === undefined || !/^https?:$/.test(url.protocol)) return `Origin ${origin} is not an origin this server serves`;
  if (url.host === ownHost(exchange, settings, url.protocol)) return undefined;
  if (settings.allowedOrigins.some((matches) => matches(url))) return undefined;
  return `Origin ${url.origin} is not this server's, nor one allowedOrigins admits`;
}

/**
 * The host (and port) the request was sent to, as its origin's URL spells
 * it: its Host (for a Fetch Request without one, its URL's), or with
 * trustProxy the proxy's X-Forwarded-Host.
 */
export function ownHost(exchange, settings, protocol) {
  const forwarded = settings.trustProxy ? exchange.header("x-forwarded-host") : null;
  const host = (forwarded ?? exchange.host ?? "").split(",")[0].trim();
  return parseUrl(`${protocol}//${host}`)?.host ?? null;
}

function parseUrl(text) {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
