// fnwire: the compiler's Node API (Node only). The native binding converts
// types; this entry turns its outcomes into results or thrown errors.
import { createRequire } from "node:module";
import { mightBeServerModule } from "./prefilter.cjs";

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
function unwrap([kind, first, second, third, fourth, fifth], code) {
  switch (kind) {
    case "ok":
      return withWarnings(
        {
          code: first,
          ...(second === "" ? {} : { map: second }),
          // A module with inline server functions is no server module, but changes.
          isServerModule: fourth === "server",
          serverFunctions: JSON.parse(third),
        },
        fifth,
      );
    case "unchanged":
      return withWarnings(unchanged(code), first);
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

/**
 * A compiled module's warnings (FW008, section 1) as a non-enumerable
 * `warnings` member, each with a non-enumerable `rendered` text: the result's
 * shape, in JSON and deep equality, stays section 6's.
 */
function withWarnings(result, warnings) {
  if (!warnings) return result;
  const [rendered, list] = JSON.parse(warnings);
  list.forEach((warning, i) => Object.defineProperty(warning, "rendered", { value: rendered[i] }));
  return Object.defineProperty(result, "warnings", { value: list });
}

/** What comes back for a module that is not compiled: its code, unchanged. */
function unchanged(code) {
  return { code, isServerModule: false, serverFunctions: [] };
}

/**
 * Whether `options` holds the values of `plain` (a copy made by nativeOptions,
 * `size` properties besides the file name), nested objects compared one level
 * down. Undefined values count as not given.
 */
function sameOptions(options, plain, size) {
  let count = 0;
  for (const key in options) {
    if (key === "filename" || !Object.hasOwn(options, key)) continue;
    const value = options[key];
    if (value === undefined) continue;
    const other = plain[key];
    if (value !== other && !(isPlainObject(value) && isPlainObject(other) && sameOptions(value, other, Object.keys(other).length))) {
      return false;
    }
    count += 1;
  }
  return count === size;
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Sets of options, each checked by the compiler once (file names aside): most
 * modules never cross into native code (see prefilter.cjs), yet an unknown
 * option or a wrong type is an error for every module. `settle` turns a
 * checked set into what its transforms need; a call with the options of the
 * call before (a bundler's usual way) costs a comparison.
 */
class OptionSets {
  static #limit = 1024;
  #known = new Map();
  #last;

  /**
   * @param check the native check: `["ok"]` or `["options", message]`
   * @param settle the settings for a checked set, without its file name
   */
  constructor(check, settle) {
    this.check = check;
    this.settle = settle;
  }

  /** The settings for `options`; throws the compiler's TypeError for bad options (`caller` names the API). */
  of(options, caller) {
    const last = this.#last;
    // A relative root is relative to the working directory, which may change between calls.
    const cwd = process.cwd();
    if (last && last.cwd === cwd && typeof options?.filename === "string" && sameOptions(options, last.options, last.size)) {
      return last.settings;
    }
    const plain = nativeOptions(options, caller);
    const { filename, ...rest } = plain;
    const key = `${cwd}\0${typeof filename}\0${JSON.stringify(rest)}`;
    let settings = this.#known.get(key);
    if (settings === undefined) {
      const [kind, message] = this.check(plain);
      if (kind === "options") throw new TypeError(message);
      if (kind !== "ok") throw new Error(message);
      settings = this.settle(rest);
      if (this.#known.size >= OptionSets.#limit) this.#known.clear();
      this.#known.set(key, settings);
    }
    this.#last = { options: plain, size: Object.keys(rest).length, settings, cwd };
    return settings;
  }
}

// How many files' prefilter verdicts a compiler keeps (a build's modules, about).
const VERDICTS_KEPT = 50_000;

/** A compiler that keeps nothing, for the stateless API, from checked compile options. */
function statelessCompiler(compileOptions) {
  return new native.Compiler(compileOptions, false);
}

/**
 * `transformSync` and `transform` over the compiler of each checked options
 * set (`optionSets`): the code's type and the options are checked for every
 * module, then the prefilter (`mightBeServer`) hands most modules back
 * without crossing into native code.
 */
function transformers(optionSets, mightBeServer) {
  return {
    /** Compiles one module for `options.target`, on the calling thread. */
    transformSync(code, options) {
      checkCode(code, "transformSync()");
      const { compiler, target, sourceMap, buildId } = optionSets.of(options, "transformSync()");
      const { filename } = options;
      if (!mightBeServer(code, filename)) return unchanged(code);
      return unwrap(compiler.transformSync(code, filename, target, sourceMap, buildId), code);
    },
    /** Compiles one module for `options.target`, on a worker thread. */
    async transform(code, options) {
      checkCode(code, "transform()");
      const { compiler, target, sourceMap, buildId } = optionSets.of(options, "transform()");
      const { filename } = options;
      if (!mightBeServer(code, filename)) return unchanged(code);
      return unwrap(await compiler.transform(code, filename, target, sourceMap, buildId), code);
    },
  };
}

/** The stateless API: each options set gets a compiler that keeps nothing. */
export const { transformSync, transform } = transformers(
  new OptionSets(
    (plain) => native.checkTransformOptions(plain),
    ({ target, sourceMap = true, buildId, ...compileOptions }) => ({
      compiler: statelessCompiler(compileOptions),
      target,
      sourceMap,
      buildId,
    }),
  ),
  mightBeServerModule,
);

/** The analysis's result, or the error its outcome stands for. */
function graphResult([kind, value, rendered]) {
  if (kind !== "ok") throw kind === "options" ? new TypeError(value) : new Error(value);
  const result = JSON.parse(value);
  // Each diagnostic's rustc-style text with its code frame, for hosts to show;
  // not enumerable, so the diagnostic keeps the JSON shape of section 6.
  JSON.parse(rendered).forEach((text, i) => Object.defineProperty(result.diagnostics[i], "rendered", { value: text }));
  return result;
}

/**
 * A compiler for one build or dev session: `options` are the compile options
 * (root, runtime, idSalt and section 9's), checked once. Each module's
 * analysis is kept by its file name and text, so the graph analysis and both
 * targets parse a module once; a file's new text replaces its entry.
 */
export function createCompiler(options = {}) {
  const plain = nativeOptions(options, "createCompiler()");
  let compiler;
  try {
    compiler = new native.Compiler(plain, true);
  } catch (error) {
    throw new TypeError(error.message);
  }
  // The prefilter's verdict on each file's text: the client and the server
  // build hand a compiler the same text, and comparing it costs less than
  // searching it again.
  const verdicts = new Map();
  const mightBeServer = (code, filename) => {
    const known = verdicts.get(filename);
    if (known !== undefined && known.code === code) return known.server;
    const server = mightBeServerModule(code, filename);
    if (verdicts.size >= VERDICTS_KEPT) verdicts.clear();
    verdicts.set(filename, { code, server });
    return server;
  };
  const moduleOptions = new OptionSets(
    (plain) => compiler.checkOptions(plain),
    ({ target, sourceMap = true, buildId }) => ({ compiler, target, sourceMap, buildId }),
  );
  return {
    /** `options`: `{ filename, target, sourceMap?, buildId? }`. */
    ...transformers(moduleOptions, mightBeServer),
    /** `options`: `{ roots, server?, unresolvedImports? }`. */
    analyzeGraph(options) {
      return graphResult(compiler.analyzeGraphJson(nativeOptions(options, "analyzeGraph()")));
    },
    /** How many modules were parsed for analysis, and how many analyses are kept. */
    stats() {
      const [parses, kept] = compiler.stats();
      return { parses, kept };
    },
  };
}

/**
 * Follows the imports of `options.roots`, checks every reachable module and
 * lists the reachable server modules: `{ manifest, serverModules, diagnostics }`.
 */
export function analyzeGraph(options) {
  return graphResult(native.analyzeGraphJson(nativeOptions(options, "analyzeGraph()")));
}

/**
 * What changed between two builds' manifests (section 16): `{ removed, added,
 * changed, renamed }`, each in id order. Pages of the old build break when
 * any but `added` has entries (`fnwire manifest diff` exits 1 then).
 */
export function diffManifests(oldManifest, newManifest) {
  const [status, payload] = native.diffManifestsJson(oldManifest, newManifest);
  if (status === "ok") return JSON.parse(payload);
  if (status === "error") throw new TypeError(payload);
  throw new Error(payload);
}

/** The extensions of the module files the compiler reads (`ts`, `tsx`, …). */
export function moduleExtensions() {
  return native.moduleExtensions();
}
