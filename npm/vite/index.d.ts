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
