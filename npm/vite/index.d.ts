// Types of fnwire/vite.
import type { Plugin } from "vite";

export interface FnwireViteOptions {
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
  /** Fed to the id hash first, so ids cannot be guessed from source paths. */
  idSalt?: string;
}

/** The virtual module that imports, and so registers, every server function reachable from the app's entries. */
export declare const SERVER_ENTRY_ID: "virtual:fnwire/server-entry";

/**
 * The fnwire Vite plugin: stubs in browser environments, registrations in
 * server environments, server functions served by the dev server, and for a
 * server build an entry (`fnwire-server.js`) plus `manifest.json`.
 * Throws a `TypeError` for an unknown option or a wrong type.
 */
export default function fnwire(options?: FnwireViteOptions): Plugin;
