/**
 * Absolute path of the fnwire SWC Wasm plugin (`fnwire_swc_plugin.wasm`),
 * built against swc_core 83: it loads in @swc/core 1.16.x.
 *
 * ```js
 * import { pluginPath } from "fnwire/swc";
 * transformSync(code, {
 *   filename,
 *   jsc: {
 *     parser: { syntax: "typescript" },
 *     experimental: { runPluginFirst: true, plugins: [[pluginPath, { target: "client", root }]] },
 *   },
 * });
 * ```
 */
export declare const pluginPath: string;
export default pluginPath;

/** The plugin's config: the second element of its `jsc.experimental.plugins` entry. Unknown keys are errors. */
export interface FnwireSwcPluginConfig {
  /** Which build this is: client stubs, or the original module with registrations. */
  target: "client" | "server";
  /** Ids and diagnostics use paths relative to it; a relative root is taken against the host's working directory (the default). */
  root?: string;
  /** Module specifiers the generated code imports; default `fnwire/client` and `fnwire/server`. */
  runtime?: { client?: string; server?: string };
  /** Fed to the id hash first, so ids cannot be guessed from source paths. */
  idSalt?: string;
  /** A `const` initialized by a call (`action(schema, fn)`, `cache(fn)`) is a server function, its arity flexible. Default: false (FW012). */
  wrappedExports?: boolean;
  /** A default-exported function is the server function `default`. Default: false (FW010). */
  defaultExport?: boolean;
  /** `"implicit"`: a `*.server.*` file is a server module without the directive. Default: `"directive"` (FW003). */
  serverFiles?: "directive" | "implicit";
  /** `"hoist"`: inline "use server" functions compile (hoisted on the server, bound stubs on the client). Default: `"error"` (FW006). */
  inlineFunctions?: "error" | "hoist";
  /** "stream": an `async function*` is a server function whose calls stream its yields (section 14). */
  generators?: "error" | "stream";
  /** The build the client stubs belong to (the manifest's buildId): they send it with every call (section 16). */
  buildId?: string;
}
