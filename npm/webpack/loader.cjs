// fnwire/webpack: the loader for webpack 5 and rspack. It is CommonJS because
// both bundlers load loaders with require() first, on every Node version this
// package supports; the compiler's ESM entry comes in through import().
"use strict";

const remapping = require("@jridgewell/remapping");
const { validate } = require("schema-utils");
const { mightBeServerModule } = require("../prefilter.cjs");

/** The loader's options, checked with webpack's own validator (an unknown option is an error). */
const schema = {
  title: "fnwire/webpack options",
  type: "object",
  properties: {
    target: {
      description: 'Which build this is: "client" (stubs) or "server" (registrations).',
      enum: ["client", "server"],
    },
    root: {
      description: "What ids and diagnostics are relative to. Default: the bundler's context (rootContext).",
      type: "string",
    },
    runtime: {
      description: 'Module specifiers of the runtime. Defaults: "fnwire/client", "fnwire/server".',
      type: "object",
      properties: { client: { type: "string" }, server: { type: "string" } },
      additionalProperties: false,
    },
    idSalt: {
      description: "Fed to the id hash first, so ids cannot be guessed from source paths.",
      type: "string",
    },
    wrappedExports: {
      description: "A `const` initialized by a call (`action(schema, fn)`, `cache(fn)`) is a server function.",
      type: "boolean",
    },
    defaultExport: {
      description: "A default-exported function is the server function `default`.",
      type: "boolean",
    },
    serverFiles: {
      description: '"implicit": a `*.server.*` file is a server module without the directive.',
      enum: ["directive", "implicit"],
    },
    generators: {
      description: '"stream": an exported (or inline) `async function*` is a server function whose calls stream its yields.',
      enum: ["error", "stream"],
    },
    buildId: {
      description:
        "The build the client stubs belong to (the manifest's buildId): they send it with every call, and a server of another build answers 409 (section 16). Default in a production build: the id of the graph of the build's entries.",
      type: "string",
      minLength: 1,
    },
    inlineFunctions: {
      description: '"hoist": inline "use server" functions compile (hoisted on the server, bound stubs on the client).',
      enum: ["error", "hoist"],
    },
  },
  required: ["target"],
  additionalProperties: false,
};

// One import of the compiler, shared by every module the loader sees.
let compilerModule;
function loadCompiler() {
  compilerModule ??= import("../index.js");
  return compilerModule;
}

// A compiler instance per distinct set of compile options, shared by the
// builds of a process (a client and a server build parse each module once).
const compilers = new Map();

function compilerFor({ createCompiler }, compileOptions) {
  const key = JSON.stringify(compileOptions);
  let compiler = compilers.get(key);
  if (!compiler) {
    compiler = createCompiler(compileOptions);
    compilers.set(key, compiler);
  }
  return compiler;
}

/**
 * fnwire's map, chained through the map of the loader before it (if any), so
 * that the result points into the original file. A client map must carry no
 * source text, so the input map's sourcesContent is dropped for it.
 */
function chainMaps(map, inputMap, target) {
  const ownMap = JSON.parse(map);
  if (!inputMap) return ownMap;
  const previous = typeof inputMap === "string" ? JSON.parse(inputMap) : inputMap;
  // A plain object: webpack and rspack read its fields, not remapping's class.
  return { ...remapping([ownMap, previous], () => null, { excludeContent: target === "client" }) };
}

/**
 * The error webpack and rspack show for a module that breaks a rule: the
 * rendered diagnostics (code, message, file:line:col, code frame) as the
 * message. Both print a stack beside the message (webpack as its details
 * unless `hideStack`); an empty one shows the diagnostics once, unburied.
 */
function buildError(error) {
  if (!Array.isArray(error?.diagnostics)) return error;
  const reported = new Error(error.message);
  reported.name = "FnwireError";
  reported.code = error.code;
  reported.diagnostics = error.diagnostics;
  reported.hideStack = true;
  reported.stack = "";
  return reported;
}

// The build id of each production compilation, from the graph of its entries: worked out once, for its first client module.
const buildIds = new WeakMap();

/**
 * The id a production client build's stubs send (section 16), as analyzeGraph
 * gives it for the build's entries: the manifest the server is given then
 * names the same build. Undefined in a development build (edits change ids
 * all the time, and a reload is the developer's), and for entries that are
 * not plain module paths (a function).
 */
function entriesBuildId(loaderContext, compiler) {
  const compilation = loaderContext._compilation;
  if (loaderContext.mode !== "production" || compilation === undefined) return undefined;
  if (!buildIds.has(compilation)) {
    const roots = entryModules(loaderContext._compiler?.options?.entry);
    buildIds.set(
      compilation,
      roots === undefined ? undefined : compiler.analyzeGraph({ roots, unresolvedImports: "warning" }).manifest.buildId,
    );
  }
  return buildIds.get(compilation);
}

/** The module paths of webpack's (and rspack's) normalized `entry`: `{ name: { import: [paths] } }`; undefined for anything else. */
function entryModules(entry) {
  if (entry === null || typeof entry !== "object") return undefined;
  const paths = Object.values(entry).flatMap((description) => description?.import ?? []);
  return paths.length > 0 && paths.every((path) => typeof path === "string") ? paths : undefined;
}

function fnwireLoader(source, inputMap, meta) {
  const options = this.getOptions();
  validate(schema, options, { name: "fnwire/webpack", baseDataPath: "options" });
  const callback = this.async();
  if (!mightBeServerModule(source, this.resourcePath)) {
    callback(null, source, inputMap, meta);
    return;
  }
  const { target, root, buildId, ...rest } = options;
  const compileOptions = { ...rest, root: root ?? this.rootContext };
  const moduleOptions = { filename: this.resourcePath, target, sourceMap: Boolean(this.sourceMap) };
  loadCompiler()
    .then((fnwire) => {
      const compiler = compilerFor(fnwire, compileOptions);
      // Only the client's stubs send it (section 16).
      const id = target === "client" ? (buildId ?? entriesBuildId(this, compiler)) : undefined;
      return compiler.transform(source, id === undefined ? moduleOptions : { ...moduleOptions, buildId: id });
    })
    .then((result) => {
      // Warnings (FW008, a near miss of a directive): webpack shows them, the build goes on.
      for (const warning of result.warnings ?? []) this.emitWarning(Object.assign(new Error(warning.rendered), { hideStack: true }));
      // No server function (no server module, no inline one): hand on exactly what came in.
      if (result.serverFunctions.length === 0) return [source, inputMap, meta];
      const map = result.map === undefined ? undefined : chainMaps(result.map, inputMap, options.target);
      return [result.code, map];
    })
    .then(
      (output) => callback(null, ...output),
      (error) => callback(buildError(error)),
    );
}

module.exports = fnwireLoader;

/** Modules parsed for analysis, and analyses kept, by the loader's compilers in this process. */
module.exports.stats = function stats() {
  const totals = { parses: 0, kept: 0 };
  for (const compiler of compilers.values()) {
    const { parses, kept } = compiler.stats();
    totals.parses += parses;
    totals.kept += kept;
  }
  return totals;
};
