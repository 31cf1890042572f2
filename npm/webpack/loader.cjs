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
  },
  required: ["target"],
  additionalProperties: false,
};

// One import of the compiler, shared by every module the loader sees.
let compiler;
function loadCompiler() {
  compiler ??= import("../index.js");
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

module.exports = function fnwireLoader(source, inputMap, meta) {
  const options = this.getOptions();
  validate(schema, options, { name: "fnwire/webpack", baseDataPath: "options" });
  const callback = this.async();
  if (!mightBeServerModule(source, this.resourcePath)) {
    callback(null, source, inputMap, meta);
    return;
  }
  const transformOptions = {
    filename: this.resourcePath,
    root: options.root ?? this.rootContext,
    target: options.target,
    runtime: options.runtime,
    idSalt: options.idSalt,
    sourceMap: Boolean(this.sourceMap),
  };
  loadCompiler()
    .then(({ transform }) => transform(source, transformOptions))
    .then((result) => {
      // Not a server module: hand on exactly what came in.
      if (!result.isServerModule) return [source, inputMap, meta];
      const map = result.map === undefined ? undefined : chainMaps(result.map, inputMap, options.target);
      return [result.code, map];
    })
    .then(
      (output) => callback(null, ...output),
      (error) => callback(buildError(error)),
    );
};
