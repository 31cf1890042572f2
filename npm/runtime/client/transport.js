// The transport stubs call through: the built-in HTTP adapter (section 7's
// JSON wire, section 13's form endpoint for FormData, files and the values
// of section 14) or a custom adapter installed by initTransport().
import { FORM_FIELDS, formPath, functionPath, rejectUnknownOptions } from "../protocol.js";
import { decode, encode, ENCODED_TYPE, isJsonValue, STREAM_TYPE, WireError } from "../wire.js";
import { reach, ServerFunctionError, unreachable } from "./errors.js";
import { readStream } from "./stream.js";

const HTTP_OPTIONS = ["baseUrl", "basePath", "credentials", "headers", "onRedirect", "onStaleBuild"];
// Section 16: the header a stub names its build in, and the answer of a server that runs another build.
const BUILD_HEADER = "X-Fnwire-Build";
const STALE_BUILD = 409;
const CREDENTIALS = ["omit", "same-origin", "include"];
// Past this length a GET URL risks a 414 from servers and proxies in front: POST instead.
const MAX_GET_URL_LENGTH = 8192;
// Results JSON cannot carry come back encoded; a client without section 14 asks for JSON only.
const ACCEPT = `application/json, ${ENCODED_TYPE}`;

let transport;
// Where a server-rendered form posts before hydration ($$FORM_ACTION): the HTTP adapter's form endpoint.
let formUrl;
useTransport(createHttpAdapter({}));

/**
 * Replaces the whole transport configuration: options left out go back to their
 * defaults. Either configures the built-in HTTP adapter or installs a custom one.
 */
export function initTransport(options = {}) {
  rejectUnknownOptions(options, [...HTTP_OPTIONS, "adapter"], "initTransport()");
  if (options.adapter === undefined) {
    useTransport(createHttpAdapter(options));
    return;
  }
  if (typeof options.adapter?.send !== "function") {
    throw new TypeError("[fnwire] initTransport(): adapter must be an object with a send(fnId, args, context) method.");
  }
  const httpOption = HTTP_OPTIONS.find((key) => options[key] !== undefined);
  if (httpOption) {
    throw new TypeError(
      `[fnwire] initTransport(): ${httpOption} configures the built-in HTTP adapter; a custom adapter owns its own configuration, so pass one or the other.`,
    );
  }
  useTransport(options.adapter, formPath());
}

function useTransport(adapter, form = adapter.formUrl) {
  transport = adapter;
  formUrl = form;
}

/** Sends one call through the current transport. `context`: `{ signal, method, buildId }`. */
export function send(fnId, args, context) {
  return transport.send(fnId, args, context);
}

/** The URL a form posts to without JavaScript. */
export function formActionUrl() {
  return formUrl;
}

function createHttpAdapter({ baseUrl = "", basePath, credentials, headers, onRedirect = followRedirect, onStaleBuild = reloadOnce }) {
  // "" and paths starting with "/" stay relative to the page origin.
  if (typeof baseUrl !== "string" || baseUrl.trim() !== baseUrl || !(baseUrl === "" || /^(https?:\/\/|\/)/i.test(baseUrl))) {
    throw new TypeError(
      `[fnwire] initTransport(): baseUrl must be an absolute http(s) URL such as "https://api.example.com" or a path starting with "/", without surrounding white space; received ${JSON.stringify(baseUrl)}.`,
    );
  }
  if (credentials !== undefined && !CREDENTIALS.includes(credentials)) {
    throw new TypeError(`[fnwire] initTransport(): credentials must be one of ${CREDENTIALS.map((value) => `"${value}"`).join(", ")}.`);
  }
  if (headers !== undefined && (headers === null || !["object", "function"].includes(typeof headers))) {
    throw new TypeError("[fnwire] initTransport(): headers must be an object of headers or a function that returns one.");
  }
  if (typeof onRedirect !== "function") {
    throw new TypeError("[fnwire] initTransport(): onRedirect must be a function, (url) => void.");
  }
  if (typeof onStaleBuild !== "function") {
    throw new TypeError("[fnwire] initTransport(): onStaleBuild must be a function, ({ fnId, serverBuildId }) => void.");
  }
  const origin = baseUrl.replace(/\/+$/, "");
  const url = origin + functionPath(basePath);
  const form = origin + formPath(basePath);

  return {
    formUrl: form,
    async send(fnId, args, { signal, method, buildId } = {}) {
      const extra = await configuredHeaders(headers);
      if (buildId !== undefined) extra[BUILD_HEADER] = buildId;
      const common = { credentials, signal };
      let target = url;
      let init;
      if (isJsonValue(args)) {
        const getUrl = method === "GET" ? readUrl(url, fnId, args) : undefined;
        init =
          getUrl === undefined
            ? {
                method: "POST",
                headers: { ...extra, Accept: ACCEPT, "Content-Type": "application/json" },
                body: JSON.stringify({ fnId, args }),
              }
            : { method: "GET", headers: { ...extra, Accept: ACCEPT } };
        target = getUrl ?? url;
      } else {
        // The browser writes the multipart boundary into Content-Type itself.
        init = { method: "POST", headers: { ...extra, Accept: ACCEPT }, body: formBody(fnId, args) };
        target = form;
      }
      const response = await reach(fnId, () => fetch(target, { ...init, ...common }));
      return readAnswer(response, fnId, { onRedirect, onStaleBuild });
    },
  };
}

/**
 * A call whose arguments JSON cannot carry, as section 13's form body: the
 * encoded call in `$fnwire:call`, each FormData, File and Blob replaced by a
 * reference to a part of its own, so files stream from disk as they are.
 */
function formBody(fnId, args) {
  const blobs = [];
  const call = encode(
    { fnId, args },
    {
      root: "",
      subject: `Cannot call server function ${fnId}`,
      reducers: {
        // React's forms hand over their server-rendered $fnwire: fields too: they are fnwire's, not the function's.
        FormData: (value) => value instanceof FormData && [...value].filter(([name]) => !name.startsWith(FORM_FIELDS.prefix)),
        File: (value) => value instanceof File && [blobs.push(value) - 1, value.name, value.type, value.lastModified],
        Blob: (value) => value instanceof Blob && [blobs.push(value) - 1, value.type],
      },
    },
  );
  const body = new FormData();
  body.append(FORM_FIELDS.call, call);
  blobs.forEach((blob, index) => body.append(`${FORM_FIELDS.prefix}${index}`, blob));
  return body;
}

/** The configured headers for one call, without Content-Type and Accept, which the adapter sets itself. */
async function configuredHeaders(option) {
  const init = typeof option === "function" ? await option() : option;
  // Headers instances, Maps and arrays of pairs are iterable; plain objects are records.
  const entries = init == null ? [] : typeof init[Symbol.iterator] === "function" ? new Headers(init) : Object.entries(init);
  const headers = {};
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    if (value !== undefined && key !== "content-type" && key !== "accept") headers[name] = value;
  }
  return headers;
}

/** `<url>?fnId=…&args=…` for a GET call, or undefined when it would be longer than servers reliably accept. */
function readUrl(url, fnId, args) {
  const json = JSON.stringify(args);
  // Encoding only lengthens it: no need to encode what is already too long.
  if (json.length > MAX_GET_URL_LENGTH) return undefined;
  const target = `${url}?fnId=${encodeURIComponent(fnId)}&args=${encodeURIComponent(json)}`;
  return target.length > MAX_GET_URL_LENGTH ? undefined : target;
}

function mediaType(contentType) {
  return typeof contentType === "string" ? contentType.split(";")[0].trim().toLowerCase() : "";
}

/** The result an answer carries, or the error it reports. */
async function readAnswer(response, fnId, { onRedirect, onStaleBuild }) {
  const type = mediaType(response.headers.get("Content-Type"));
  if (!response.ok) {
    const error = errorFromResponse(response, fnId, type, await reach(fnId, () => response.text()));
    if (error.status === STALE_BUILD && error.data?.reason === "stale-build") staleBuild(error, fnId, onStaleBuild);
    throw error;
  }
  if (type === STREAM_TYPE) return readStream(response, fnId);
  if (type !== "application/json" && type !== ENCODED_TYPE) {
    const contentType = response.headers.get("Content-Type");
    throw new ServerFunctionError(
      `[fnwire] Server function ${fnId} answered ${contentType ? `"${contentType}"` : "without a Content-Type"} instead of application/json.`,
      { status: response.status, fnId },
    );
  }
  let payload;
  try {
    payload = type === ENCODED_TYPE ? decode(await response.text()) : await response.json();
  } catch (cause) {
    // An abort while the body streams in is no answer; a SyntaxError or WireError is a broken one.
    if (!(cause instanceof SyntaxError || cause instanceof WireError)) throw unreachable(fnId, cause);
    throw new ServerFunctionError(
      `[fnwire] Server function ${fnId} answered ${type === ENCODED_TYPE ? "an encoding it cannot read" : "invalid JSON"}.`,
      {
        status: response.status,
        fnId,
        cause,
      },
    );
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    throw new ServerFunctionError(`[fnwire] Server function ${fnId} answered a body that is not a { result } object.`, {
      status: response.status,
      fnId,
    });
  }
  if (typeof payload.redirect === "string") throw redirected(fnId, payload.redirect, onRedirect);
  return payload.result;
}

/** A function that called redirect(url): the page goes there (onRedirect), and the call rejects with status 303. */
function redirected(fnId, url, onRedirect) {
  let cause;
  try {
    onRedirect(url);
  } catch (error) {
    cause = error;
  }
  return new ServerFunctionError(`Server function ${fnId} redirected to ${url}.`, { status: 303, fnId, redirect: url, cause });
}

/**
 * The server runs another build than the page's stubs (section 16): the
 * page is told (onStaleBuild), and the call rejects with the 409 anyway.
 */
function staleBuild(error, fnId, onStaleBuild) {
  try {
    onStaleBuild({ fnId, serverBuildId: String(error.data.buildId) });
  } catch (cause) {
    error.cause ??= cause;
  }
}

/**
 * The default onStaleBuild: reload the page, which loads the server's build,
 * once per server build id. The guard in sessionStorage means a server that
 * keeps answering 409 (two builds behind one address) reloads the page at
 * most once, never in a loop.
 */
function reloadOnce({ serverBuildId }) {
  if (typeof window === "undefined" || typeof window.location?.reload !== "function") return;
  const key = `fnwire:reloaded-for-build:${serverBuildId}`;
  try {
    if (window.sessionStorage.getItem(key) !== null) return;
    window.sessionStorage.setItem(key, String(Date.now()));
  } catch {
    // No sessionStorage (disabled, or full): no guard, so no reload either.
    return;
  }
  window.location.reload();
}

/** The default onRedirect: in a browser, go there; elsewhere nothing. */
function followRedirect(url) {
  if (typeof window !== "undefined" && typeof window.location === "object" && window.location !== null) window.location.href = url;
}

/** The error of a non-2xx response: the server's envelope when it sent one (JSON or encoded), else its text. */
function errorFromResponse(response, fnId, type, text) {
  const envelope = type === "application/json" || type === ENCODED_TYPE ? parseEnvelope(text, type) : undefined;
  if (envelope) {
    return new ServerFunctionError(envelope.error, { status: response.status, fnId, data: envelope.data });
  }
  const message = text.trim() || response.statusText || `Server function ${fnId} failed with status ${response.status}`;
  return new ServerFunctionError(message, { status: response.status, fnId });
}

function parseEnvelope(text, type) {
  try {
    const body = type === ENCODED_TYPE ? decode(text) : JSON.parse(text);
    return typeof body?.error === "string" ? body : undefined;
  } catch {
    return undefined;
  }
}
