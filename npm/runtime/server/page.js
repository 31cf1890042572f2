// The answers to a form the browser submitted without JavaScript (section
// 13): a 303 redirect back on success, the function's own redirect, or a
// small HTML page for an error. No script anywhere: the browser needs none.
import { ownHost } from "./origin.js";

const STATUS_TEXT = {
  400: "Bad request",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Content too large",
  415: "Unsupported media type",
  500: "Server error",
  504: "Timed out",
};

/** True when the browser itself navigates (a form submission), so an answer is a page, not an envelope. */
export function isNavigation(exchange) {
  return exchange.header("sec-fetch-mode") === "navigate" || /\btext\/html\b/.test(exchange.header("accept") ?? "");
}

/** Back where the form was: the Referer when it is of this server's origin, else "/". */
export function backUrl(exchange, settings) {
  const referer = exchange.header("referer");
  if (referer === null || !URL.canParse(referer)) return "/";
  const url = new URL(referer);
  return /^https?:$/.test(url.protocol) && url.host === ownHost(exchange, settings, url.protocol) ? url.href : "/";
}

export function redirectAnswer(location, status = 303, headers) {
  return { status, headers: { Location: location, "Content-Length": "0", ...headers }, body: "" };
}

/** A page showing `message` (escaped) with a link back; `headers` such as Allow go along. */
export function errorPage(status, message, back, headers) {
  const title = STATUS_TEXT[status] ?? (status >= 500 ? "Server error" : "Request refused");
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body>
<h1>${title}</h1>
<p>${escapeHtml(message)}</p>
<p><a href="${escapeHtml(back)}">Go back</a></p>
</body>
</html>
`;
  return { status, headers: { "Content-Type": "text/html; charset=utf-8", ...headers }, body };
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
