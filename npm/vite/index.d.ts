// Types of fnwire/vite.
import type { Plugin } from "vite";
import type { CompileOptions } from "../index.js";

/** The compiler's options (idSalt, runtime, wrappedExports, defaultExport, serverFiles, inlineFunctions), but `root`: Vite's. */
export interface FnwireViteOptions extends Omit<CompileOptions, "root"> {
  /**
   * The app's entry modules, relative to Vite's `root` or absolute: fnwire
   * follows their imports to find the server modules that the dev server loads
   * and the server build registers. Default: the `<script type="module" src>`
   * entries of `<root>/index.html`.
   */
  roots?: string[];
  /**
   * Where the dev server answers server function calls: `<basePath>/fn`.
   * Default: "/__fnwire". With another path, call `initTransport({ basePath })`
   * from `fnwire/client` in the browser too.
   */
  basePath?: string;
  /** The dev server's cross-site check (section 13): origins besides the page's own that may call. */
  allowedOrigins?: string[];
  /** Trust `X-Forwarded-Host` when comparing origins (behind a proxy you run). */
  trustProxy?: boolean;
  /** The most bytes a JSON call's body may have (default 1 MiB). */
  bodySizeLimit?: number;
  /** The most bytes a form's body may have (default 10 MiB). */
  formSizeLimit?: number;
  /**
   * The path (relative to Vite's `root`) of a module whose default export is
   * the array of global middleware run before every call (section 15): by
   * the dev server, and in production by every handler of the server that
   * imports the build's server entry (`fnwire-server.js`), before the
   * handler's own `middleware` option.
   */
  serverMiddleware?: string;
}

/** The virtual module that imports, and so registers, every server function reachable from the app's entries. */
export declare const SERVER_ENTRY_ID: "virtual:fnwire/server-entry";

/**
 * The fnwire Vite plugin: stubs in browser environments, registrations in
 * server environments, server functions served by the dev server, and for a
 * server build an entry (`fnwire-server.js`) plus `manifest.json`.
 * Throws a `TypeError` for an unknown option or a wrong type.
 */
export default function fnwire(options?: FnwireViteOptions): Plugin<{
  /** Modules parsed for analysis since the build or dev session started, and analyses kept. */
  stats(): { parses: number; kept: number };
}>;
