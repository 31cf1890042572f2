// The compiler's prefilter (crates/transform/src/prefilter.rs), for the
// bundler integrations: a module without the bytes `use server` and not named
// `*.server.<module extension>` is handed back unchanged without
// crossing into native code, which is most modules of an app. tests/node
// holds this copy to the compiler's answers.
"use strict";

/** The compiler's module extensions (crates/transform/src/parse.rs); the prefilter test holds this copy to them. */
const MODULE_EXTENSIONS = ["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"];
const SERVER_FILE_NAME = new RegExp(`[^/\\\\]\\.server\\.(?:${MODULE_EXTENSIONS.join("|")})$`);

exports.MODULE_EXTENSIONS = MODULE_EXTENSIONS;

/** False when the compiler would hand `source` back unchanged without parsing it. */
exports.mightBeServerModule = function mightBeServerModule(source, filename) {
  // The regular expression only for names that can match: most have no `.server.`.
  return source.includes("use server") || (filename.includes(".server.") && SERVER_FILE_NAME.test(filename));
};
