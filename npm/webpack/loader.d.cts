// Types of fnwire/webpack, the loader for webpack 5 and rspack.

/**
 * Compiles "use server" modules for one build. Put it last in a rule's `use`
 * list so it runs first and sees the original TypeScript:
 * `use: ["swc-loader", { loader: "fnwire/webpack", options: { target: "client" } }]`.
 */
declare function fnwireLoader(this: unknown, source: string, inputMap?: unknown, meta?: unknown): void;

declare namespace fnwireLoader {
  /** The loader's options (the compiler's, with `target`); any other key is an error. */
  interface FnwireLoaderOptions {
    /** "client" replaces server functions with stubs; "server" registers them. */
    target: "client" | "server";
    /** Ids and diagnostics use paths relative to it. Default: the bundler's `context`. */
    root?: string;
    /** Module specifiers of the runtime. Defaults: "fnwire/client", "fnwire/server". */
    runtime?: { client?: string; server?: string };
    /** Fed to the id hash first, so ids cannot be guessed from source paths. Use the same salt in both builds. */
    idSalt?: string;
    /** A `const` initialized by a call (`action(schema, fn)`, `cache(fn)`) is a server function. Default: false. */
    wrappedExports?: boolean;
    /** A default-exported function is the server function `default`. Default: false. */
    defaultExport?: boolean;
    /** "implicit": a `*.server.*` file is a server module without the directive. Default: "directive". */
    serverFiles?: "directive" | "implicit";
    /** "hoist": inline "use server" functions compile. Default: "error" (FW006). */
    inlineFunctions?: "error" | "hoist";
    /** "stream": an `async function*` is a server function whose calls stream its yields. Default: "error" (FW014). */
    generators?: "error" | "stream";
    /**
     * The build the client stubs belong to: the manifest's `buildId`. Stubs send
     * it with every call; a server of another build answers 409 (section 16).
     * Default in a production build (`mode: "production"`): the `buildId` of
     * `analyzeGraph({ roots })` for the build's entries; none in development.
     */
    buildId?: string;
  }

  /**
   * Modules parsed for analysis, and analyses kept, by the loader in this process: builds
   * with the same options (a client and a server build) share one compiler, which parses each
   * module once.
   */
  function stats(): { parses: number; kept: number };
}

export = fnwireLoader;
