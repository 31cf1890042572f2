// fnwire: the compiler's Node API (Node only). The native binding converts
// types; this entry turns its outcomes into results or thrown errors.
import { createRequire } from "node:module";

const native = loadNative();

function platformName() {
  if (process.platform !== "linux") return `${process.platform}-${process.arch}`;
  const glibc = process.report?.getReport?.().header?.glibcVersionRuntime;
  return `linux-${process.arch}-${glibc ? "gnu" : "musl"}`;
}

function loadNative() {
  try {
    return createRequire(import.meta.url)("./binding.cjs");
  } catch (cause) {
    const platform = platformName();
    throw new Error(
      `[fnwire] No native binding for this platform (${platform}). Install the package "fnwire-${platform}" ` +
        `(fnwire's optional dependency for it), or build the binding from source in the fnwire repository with ` +
        "`npm run build:native`. Builds are published for: linux-x64-gnu.",
      { cause },
    );
  }
}

function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/** The options as JSON values for the binding; values JSON cannot hold are named. */
function nativeOptions(options, caller) {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`[fnwire] ${caller}: options must be an object, got ${describe(options)}`);
  }
  const plain = (object, prefix) => {
    const copy = {};
    for (const [key, value] of Object.entries(object)) {
      if (value === undefined) continue;
      if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
        throw new TypeError(`[fnwire] ${caller}: option \`${prefix}${key}\` cannot be ${describe(value)}`);
      }
      const nested = value !== null && typeof value === "object" && !Array.isArray(value);
      copy[key] = nested ? plain(value, `${prefix}${key}.`) : value;
    }
    return copy;
  };
  return plain(options, "");
}

function checkCode(code, caller) {
  if (typeof code !== "string") {
    throw new TypeError(`[fnwire] ${caller}: code must be a string, got ${describe(code)}`);
  }
}

/** The result, or the error the outcome stands for (see crates/napi-binding). */
function unwrap([kind, first, second, third], code) {
  switch (kind) {
    case "ok":
      return {
        code: first,
        ...(second === "" ? {} : { map: second }),
        isServerModule: true,
        serverFunctions: JSON.parse(third),
      };
    case "unchanged":
      return { code, isServerModule: false, serverFunctions: [] };
    case "options":
      throw new TypeError(first);
    case "diagnostics": {
      const diagnostics = JSON.parse(second);
      throw Object.assign(new Error(first), { code: diagnostics[0].code, diagnostics });
    }
    default:
      throw new Error(first);
  }
}

/** Compiles one module for `options.target`, on the calling thread. */
export function transformSync(code, options) {
  checkCode(code, "transformSync()");
  return unwrap(native.transformSync(code, nativeOptions(options, "transformSync()")), code);
}

/** Compiles one module for `options.target`, on a worker thread. */
export async function transform(code, options) {
  checkCode(code, "transform()");
  return unwrap(await native.transform(code, nativeOptions(options, "transform()")), code);
}

/**
 * Follows the imports of `options.roots`, checks every reachable module and
 * lists the reachable server modules: `{ manifest, serverModules, diagnostics }`.
 */
export function analyzeGraph(options) {
  const [kind, value] = native.analyzeGraphJson(nativeOptions(options, "analyzeGraph()"));
  if (kind === "ok") return JSON.parse(value);
  throw kind === "options" ? new TypeError(value) : new Error(value);
}
