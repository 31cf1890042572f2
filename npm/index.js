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

/** The result, or the error the outcome stands for. */
function unwrap(outcome, code) {
  const { result } = outcome;
  if (result) {
    return {
      code: result.code ?? code,
      ...(result.map === undefined ? {} : { map: result.map }),
      isServerModule: result.isServerModule,
      serverFunctions: result.serverFunctions,
    };
  }
  if (outcome.optionsError !== undefined) throw new TypeError(outcome.optionsError);
  if (outcome.diagnostics !== undefined) {
    const error = new Error(outcome.rendered);
    error.code = outcome.diagnostics[0].code;
    error.diagnostics = outcome.diagnostics;
    throw error;
  }
  throw new Error(outcome.internalError);
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
  const outcome = native.analyzeGraph(nativeOptions(options, "analyzeGraph()"));
  if (outcome.result) return outcome.result;
  if (outcome.optionsError !== undefined) throw new TypeError(outcome.optionsError);
  throw new Error(outcome.internalError);
}
