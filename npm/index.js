// fnwire: the compiler's Node API (Node only). The native binding converts
// types; this entry turns its outcomes into results or thrown errors.
import { createRequire } from "node:module";

const native = loadNative();

/** This machine's platform package suffix, as napi-rs names them: linux-x64-gnu, darwin-arm64, win32-x64-msvc… */
function platformName() {
  const { platform, arch } = process;
  if (platform === "win32") return `win32-${arch}-msvc`;
  if (platform === "android") return arch === "arm" ? "android-arm-eabi" : `android-${arch}`;
  if (platform !== "linux") return `${platform}-${arch}`;
  const libc = process.report?.getReport?.().header?.glibcVersionRuntime ? "gnu" : "musl";
  return arch === "arm" ? `linux-arm-${libc}eabihf` : `linux-${arch}-${libc}`;
}

function loadNative() {
  const require = createRequire(import.meta.url);
  try {
    // napi-rs's loader: this folder's own build first (a checkout of the repository, where
    // `npm run build:native` puts it), then the platform package npm installed, fnwire-<platform>.
    return require("./binding.cjs");
  } catch (cause) {
    const platform = platformName();
    const name = `fnwire-${platform}`;
    const prebuilt = Object.keys(require("./package.json").optionalDependencies ?? {});
    const advice = prebuilt.includes(name)
      ? `Its binary is the package "${name}", one of fnwire's optionalDependencies: install fnwire without omitting ` +
        "optional dependencies (no --omit=optional); a lock file written on another platform may lack it " +
        "(npm/cli#4828): delete node_modules and the lock file, and install again."
      : `No prebuilt binary exists for it (the platform packages: ${prebuilt.map((dep) => dep.slice("fnwire-".length)).join(", ")}).`;
    throw new Error(
      `[fnwire] No native binding for this platform (${platform}). ${advice} ` +
        "Or build the binding from source in the fnwire repository with `npm run build:native`.",
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
