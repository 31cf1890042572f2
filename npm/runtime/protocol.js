// The HTTP contract shared by fnwire/client and fnwire/server. No Node-only
// import here: the client runs in browsers.

const DEFAULT_BASE_PATH = "/__fnwire";

/** The endpoint path of server functions under `basePath`: `/__fnwire` → `/__fnwire/fn`. */
export function functionPath(basePath = DEFAULT_BASE_PATH) {
  if (typeof basePath !== "string" || !basePath.startsWith("/") || /[\s?#]/.test(basePath)) {
    throw new TypeError(
      `[fnwire] basePath must be a path starting with "/" (no white space, query or fragment), such as "${DEFAULT_BASE_PATH}"; received ${JSON.stringify(basePath)}.`,
    );
  }
  // Trailing slashes are dropped so that "/" and "/api/" never produce "//fn".
  return `${basePath.replace(/\/+$/, "")}/fn`;
}

/** A server function id is a non-empty string without leading or trailing white space. */
export function isValidFnId(fnId) {
  return typeof fnId === "string" && fnId !== "" && fnId.trim() === fnId;
}

/** True for `application/json`, with or without parameters such as `; charset=utf-8`. */
export function isJsonMediaType(contentType) {
  return typeof contentType === "string" && contentType.split(";")[0].trim().toLowerCase() === "application/json";
}

/** Throws a `[fnwire]` TypeError naming the first key of `options` that `allowed` does not list. */
export function rejectUnknownOptions(options, allowed, caller) {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`[fnwire] ${caller} takes an options object; received ${options === null ? "null" : typeof options}.`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`[fnwire] ${caller} does not know the option "${key}"; the options are ${allowed.join(", ")}.`);
    }
  }
}
