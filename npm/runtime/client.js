// fnwire/client: the stubs that the compiler emits for server functions call
// into this module. It runs in browsers: no Node-only import.
import { functionPath, isJsonMediaType, isValidFnId, registeredServerFunction, rejectUnknownOptions, showValue } from "./protocol.js";

/** The error every failed server function call rejects with (status 0: the server was not reached). */
export class ServerFunctionError extends Error {
  constructor(message, options) {
    // Error itself copies `options.cause`, and only when the key is present.
    super(message, options);
    this.name = "ServerFunctionError";
    this.status = options.status;
    this.data = options.data;
    this.fnId = options.fnId;
  }
}

const HTTP_OPTIONS = ["baseUrl", "basePath", "credentials", "headers"];
const CREDENTIALS = ["omit", "same-origin", "include"];
const METHODS = ["GET", "POST"];
// Past this length a GET URL risks a 414 from servers and proxies in front: POST instead.
const MAX_GET_URL_LENGTH = 8192;
// Where a stub keeps what its own properties do not show: the values bound to
// it and its method. Symbol.for: another copy of this module reads it too.
const REFERENCE = Symbol.for("fnwire.reference");

let transport = createHttpAdapter({});

/**
 * Replaces the whole transport configuration: options left out go back to their
 * defaults. Either configures the built-in HTTP adapter or installs a custom one.
 */
export function initTransport(options = {}) {
  rejectUnknownOptions(options, [...HTTP_OPTIONS, "adapter"], "initTransport()");
  if (options.adapter === undefined) {
    transport = createHttpAdapter(options);
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
  transport = options.adapter;
}

function createHttpAdapter({ baseUrl = "", basePath, credentials, headers }) {
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
  const url = baseUrl.replace(/\/+$/, "") + functionPath(basePath);

  return {
    async send(fnId, args, { signal, method } = {}) {
      const extra = await configuredHeaders(headers);
      const getUrl = method === "GET" ? readUrl(url, fnId, args) : undefined;
      const init =
        getUrl === undefined
          ? {
              method: "POST",
              headers: { ...extra, "Content-Type": "application/json" },
              body: JSON.stringify({ fnId, args }),
              credentials,
              signal,
            }
          : { method: "GET", headers: extra, credentials, signal };
      const response = await reach(fnId, () => fetch(getUrl ?? url, init));
      if (!response.ok) {
        throw errorFromResponse(response, fnId, await reach(fnId, () => response.text()));
      }
      const contentType = response.headers.get("Content-Type");
      if (!isJsonMediaType(contentType)) {
        throw new ServerFunctionError(
          `[fnwire] Server function ${fnId} answered ${contentType ? `"${contentType}"` : "without a Content-Type"} instead of application/json.`,
          { status: response.status, fnId },
        );
      }
      let payload;
      try {
        payload = await response.json();
      } catch (cause) {
        // An abort while the body streams in is no answer; a SyntaxError is a broken one.
        if (!(cause instanceof SyntaxError)) throw unreachable(fnId, cause);
        throw new ServerFunctionError(`[fnwire] Server function ${fnId} answered invalid JSON.`, { status: response.status, fnId, cause });
      }
      if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
        throw new ServerFunctionError(`[fnwire] Server function ${fnId} answered a body that is not a { result } object.`, {
          status: response.status,
          fnId,
        });
      }
      return payload.result;
    },
  };
}

/** The configured headers for one call, without Content-Type, which the adapter sets itself. */
async function configuredHeaders(option) {
  const init = typeof option === "function" ? await option() : option;
  // Headers instances, Maps and arrays of pairs are iterable; plain objects are records.
  const entries = init == null ? [] : typeof init[Symbol.iterator] === "function" ? new Headers(init) : Object.entries(init);
  const headers = {};
  for (const [name, value] of entries) {
    if (value !== undefined && name.toLowerCase() !== "content-type") headers[name] = value;
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

/** The error of a call that got no answer: a network failure or an abort. */
function unreachable(fnId, cause) {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ServerFunctionError(`[fnwire] Could not reach server function ${fnId}: ${reason}`, { status: 0, fnId, cause });
}

/** Awaits one network step (fetch, reading a body), turning its failure into a status 0 error. */
async function reach(fnId, step) {
  try {
    return await step();
  } catch (cause) {
    throw unreachable(fnId, cause);
  }
}

/** The error of a non-2xx response: the server's envelope when it sent one, else its text. */
function errorFromResponse(response, fnId, text) {
  const envelope = isJsonMediaType(response.headers.get("Content-Type")) ? parseEnvelope(text) : undefined;
  if (envelope) {
    return new ServerFunctionError(envelope.error, { status: response.status, fnId, data: envelope.data });
  }
  const message = text.trim() || response.statusText || `Server function ${fnId} failed with status ${response.status}`;
  return new ServerFunctionError(message, { status: response.status, fnId });
}

function parseEnvelope(text) {
  try {
    const body = JSON.parse(text);
    return typeof body?.error === "string" ? body : undefined;
  } catch {
    return undefined;
  }
}

/** The stub of one server function: `export const f = createServerReference("<fnId>", "f", 1)`. */
export function createServerReference(fnId, fnName, fnArity, options) {
  if (!isValidFnId(fnId)) {
    throw new TypeError(`[fnwire] createServerReference(): fnId must be a non-empty string without surrounding white space.`);
  }
  if (typeof fnName !== "string" || fnName === "") {
    throw new TypeError(`[fnwire] createServerReference(): fnName must be a non-empty string.`);
  }
  if (fnArity !== undefined && !(Number.isInteger(fnArity) && fnArity >= 0)) {
    throw new TypeError(`[fnwire] createServerReference(): fnArity, when given, must be a non-negative integer.`);
  }
  let method = "POST";
  if (options !== undefined) {
    rejectUnknownOptions(options, ["method"], "createServerReference()");
    if (options.method !== undefined && !METHODS.includes(options.method)) {
      throw new TypeError(`[fnwire] createServerReference(): method must be "GET" or "POST"; received ${showValue(options.method)}.`);
    }
    method = options.method ?? "POST";
  }
  return stub({ fnId, fnName, fnArity, method, boundArgs: [] });
}

/** An async function calling the server, with read-only fnId, fnName and (when known) fnArity, and a bind() that keeps them. */
function stub(reference) {
  const { fnId, fnName, fnArity, method, boundArgs } = reference;
  const call = async (...args) => transport.send(fnId, [...boundArgs, ...args], { signal: undefined, method });
  const properties = {
    name: { value: fnName },
    fnId: { value: fnId, enumerable: true },
    fnName: { value: fnName, enumerable: true },
    bind: { value: bindStub },
    [REFERENCE]: { value: Object.freeze(reference) },
  };
  if (fnArity !== undefined) properties.fnArity = { value: fnArity, enumerable: true };
  return Object.defineProperties(call, properties);
}

/**
 * `stub.bind(thisArg, ...values)`: the compiler binds an inline server
 * function's captured values so. The result is a stub again, which sends
 * `[...values, ...args]`; `thisArg` is dropped, as a server function has none.
 */
function bindStub(thisArg, ...values) {
  const reference = this?.[REFERENCE];
  // Borrowed onto something else: the ordinary bind.
  if (reference === undefined) return Function.prototype.bind.call(this, thisArg, ...values);
  return stub({
    ...reference,
    fnArity: reference.fnArity === undefined ? undefined : Math.max(0, reference.fnArity - values.length),
    boundArgs: [...reference.boundArgs, ...values],
  });
}

/**
 * What the helpers need of a server function: `{ fnId, fnName, fnArity,
 * boundArgs, send(args, signal) }`. A stub calls the transport; on the
 * server, a registered function (section 11) is called in this process.
 * Anything else throws an error that names it.
 */
function serverFunction(fn) {
  if (typeof fn === "function" && typeof fn.fnId === "string") {
    // A stub of another copy of this module may lack the symbol: it has no bound values then.
    const { fnId, fnName, fnArity, method = "POST", boundArgs = [] } = fn[REFERENCE] ?? fn;
    return { fnId, fnName, fnArity, boundArgs, send: (args, signal) => transport.send(fnId, args, { signal, method }) };
  }
  const registered = registeredServerFunction(fn);
  if (registered) {
    const { fnId, fnName, target, boundArgs } = registered;
    // No fnArity: the compiler's count is not known here, so mutations take the flexible rule.
    return { fnId, fnName, fnArity: undefined, boundArgs, send: (args) => callInProcess(target, args) };
  }
  const subject =
    typeof fn !== "function" ? `A value of type ${fn === null ? "null" : typeof fn}` : fn.name ? `"${fn.name}"` : "An anonymous function";
  throw new TypeError(
    `[fnwire] ${subject} is not a server function. Pass an export of a "use server" module compiled by fnwire (it carries an fnId), or use TanStack's object form ({ queryKey, queryFn } or { mutationFn }) for other functions.`,
  );
}

/**
 * Calls a server function where it is, in the caller's request context. The
 * arguments and the result go through JSON as over HTTP: server-side
 * rendering sees the data the browser will (dates as strings, no undefined
 * members), and the function cannot change the query key's objects.
 */
async function callInProcess(target, args) {
  const result = await target(...JSON.parse(JSON.stringify(args)));
  return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
}

/** `[fnId, ...args]`: the TanStack Query key of one call, for invalidation and cache updates. */
export function getFnQueryKey(fn, ...args) {
  const { fnId, boundArgs } = serverFunction(fn);
  return [fnId, ...boundArgs, ...args];
}

/** `{ queryKey, queryFn }` for useQuery, loaders and prefetching; queryFn hands TanStack's signal to the transport. */
export function getFnQueryOptions(fn, ...args) {
  const { fnId, boundArgs, send } = serverFunction(fn);
  const allArgs = [...boundArgs, ...args];
  return { queryKey: [fnId, ...allArgs], queryFn: (context) => send(allArgs, context?.signal) };
}

/** `{ mutationKey, mutationFn }`: mutationFn(variables) turns the variables into arguments by `fn.fnArity`. */
export function getFnMutationOptions(fn) {
  const reference = serverFunction(fn);
  // TanStack passes a context as the second argument: it is not an argument of the server function.
  const mutationFn = async (variables) => reference.send([...reference.boundArgs, ...mutationArguments(reference, variables)]);
  return { mutationKey: [reference.fnId], mutationFn };
}

function mutationArguments({ fnName, fnArity }, variables) {
  if (fnArity === undefined) {
    // A flexible signature: an array is the whole argument list, anything else one argument.
    return variables === undefined ? [] : Array.isArray(variables) ? variables : [variables];
  }
  if (fnArity === 0) return [];
  if (fnArity === 1) return variables === undefined ? [] : [variables];
  if (Array.isArray(variables) && variables.length === fnArity) return variables;
  throw new TypeError(
    `[fnwire] Server function "${fnName}" takes ${fnArity} arguments: call mutate() with an array of exactly ${fnArity} items, one per argument.`,
  );
}
