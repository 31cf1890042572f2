// fnwire/vite: compiles "use server" modules inside Vite. Browser (client)
// environments get stubs, server environments the registering module; the dev
// server answers server function calls itself; a server build gets an entry
// that registers every reachable server function, and manifest.json.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createCompiler } from "../index.js";
import { mightBeServerModule } from "../prefilter.cjs";
import { formPath, functionPath } from "../runtime/protocol.js";
import { __unregisterServerReferences, createNodeHandler } from "../runtime/server/index.js";
import { serverMiddlewareOf } from "../runtime/server/middleware.js";

/** Import it from a server build (or let the plugin make it the server build's input) to register every server function. */
export const SERVER_ENTRY_ID = "virtual:fnwire/server-entry";
// What server modules import the server runtime as in dev: see devRegistryCode.
const DEV_REGISTRY_ID = "virtual:fnwire/dev-registry";
// The options of the dev server's handler (createNodeHandler's): cross-site checks and limits (section 13).
const HANDLER_OPTIONS = ["allowedOrigins", "trustProxy", "bodySizeLimit", "formSizeLimit"];
// The plugin's own options; the rest are the compiler's (createCompiler), but `root`, which is Vite's.
const OPTIONS = ["roots", "basePath", "serverMiddleware", ...HANDLER_OPTIONS];
const SCRIPT_ID = /\.(?:[cm]?[jt]sx?)$/;
// Vite's pre-bundled and third-party code is not the app's own: fnwire compiles the app's modules only.
const NODE_MODULES = /[\\/]node_modules[\\/]/;
// Nor is fnwire's own runtime (linked from outside node_modules in a workspace).
const OWN_PACKAGE = dirname(dirname(fileURLToPath(import.meta.url))) + sep;

/**
 * The fnwire Vite plugin. Put it anywhere in `plugins`: it runs before the
 * others (`enforce: "pre"`), so it sees, and its errors point at, the original
 * TypeScript or JSX.
 */
export default function fnwire(options = {}) {
  const { roots, basePath, serverMiddleware, handlerOptions, compileOptions } = validateOptions(options);
  const endpoints = [functionPath(basePath), formPath(basePath)];
  const serverRuntime = compileOptions.runtime?.server ?? "fnwire/server";
  let config;
  // One compiler for the whole build or dev session: the graph analysis and both targets parse each module once.
  let compiler;
  let graph; // the graph analysis's result, until a file changes (dev) or the next build starts

  /** The app's entries, relative to or under the root: the option, else index.html's module scripts. */
  function graphRoots() {
    return roots ?? htmlModuleScripts(config.root);
  }

  /** The reachable server modules; unresolved imports are warnings (Vite reports them itself), other diagnostics errors. */
  function analyze() {
    if (graph) return graph;
    const entries = graphRoots();
    if (entries.length === 0) {
      config.logger.warn(
        '[fnwire] No roots: index.html has no <script type="module" src> and the `roots` option is not set, so no server function is registered.',
      );
    }
    const result = compiler.analyzeGraph({ roots: entries, unresolvedImports: "warning" });
    for (const warning of result.diagnostics.filter((d) => d.severity === "warning")) {
      config.logger.warn(
        `[fnwire] ${warning.rendered}\nServer modules behind this import are not registered (add its alias to tsconfig "paths").`,
      );
    }
    graph = { ...result, errors: result.diagnostics.filter((d) => d.severity === "error") };
    return graph;
  }

  return {
    name: "fnwire",
    enforce: "pre",

    configEnvironment(name, environment, env) {
      // A server build without an input of its own builds the server entry (`vite build --ssr`, or `vite build --app`).
      if (env.command !== "build" || (environment.consumer ?? (name === "client" ? "client" : "server")) !== "server") return;
      const build = environment.build ?? {};
      if (typeof build.ssr === "string" || build.lib || environment.input || build.rolldownOptions?.input || build.rollupOptions?.input)
        return;
      const key = this?.meta?.rolldownVersion ? "rolldownOptions" : "rollupOptions";
      return { build: { [key]: { input: { "fnwire-server": SERVER_ENTRY_ID } } } };
    },

    configResolved(resolved) {
      config = resolved;
      // Vite resolves the config again for each environment of a build: keep one compiler.
      if (compiler?.root !== config.root) compiler = { root: config.root, ...createCompiler({ ...compileOptions, root: config.root }) };
    },

    /** Parses of modules for analysis, and analyses kept: each server module is parsed once per build. */
    api: {
      stats: () => compiler.stats(),
    },

    buildStart() {
      if (config.command === "build") graph = undefined;
    },

    resolveId(id, importer, resolveOptions) {
      if (id === SERVER_ENTRY_ID || id === DEV_REGISTRY_ID) return `\0${id}`;
      // In dev, the server runtime's importers get it through the dev registry (which re-exports it).
      if (
        id === serverRuntime &&
        config.command === "serve" &&
        importer !== `\0${DEV_REGISTRY_ID}` &&
        isServerEnvironment(this, config, resolveOptions)
      ) {
        return `\0${DEV_REGISTRY_ID}`;
      }
    },

    load(id) {
      if (id === `\0${DEV_REGISTRY_ID}`) return devRegistryCode(serverRuntime);
      if (id !== `\0${SERVER_ENTRY_ID}`) return;
      if (!isServerEnvironment(this, config)) {
        this.error(
          `${SERVER_ENTRY_ID} registers server functions and runs on the server: import it from a server build, not from browser code.`,
        );
      }
      const { serverModules, errors } = analyze();
      if (errors.length > 0) this.error(graphError(errors, config.root));
      return [
        "// Generated by fnwire/vite: registers every server function reachable from the app's entries,",
        "// and the build's global middleware (serverMiddleware), which every handler of the server runs first.",
        ...serverModules.map(({ module }) => `import ${JSON.stringify(resolve(config.root, module))};`),
        ...(serverMiddleware === undefined
          ? []
          : [
              `import { __useBuildMiddleware } from "fnwire/server";`,
              `import * as serverMiddleware from ${JSON.stringify(resolve(config.root, serverMiddleware))};`,
              `__useBuildMiddleware(serverMiddleware, ${JSON.stringify(serverMiddleware)});`,
            ]),
        "",
      ].join("\n");
    },

    transform: {
      filter: { id: { include: [/\.(?:[cm]?[jt]sx?)(?:$|\?)/], exclude: [/^\0/, NODE_MODULES] } },
      async handler(code, id, transformOptions) {
        const file = moduleFile(id);
        // Most modules never cross into native code (see prefilter.cjs).
        if (file === undefined || !mightBeServerModule(code, file)) return null;
        const server = isServerEnvironment(this, config, transformOptions);
        // A production build's stubs name their build (section 16), the one manifest.json records; the dev server's none.
        const build = !server && config.command === "build" ? { buildId: analyze().manifest.buildId } : {};
        let result;
        try {
          result = await compiler.transform(code, { filename: file, target: server ? "server" : "client", ...build });
        } catch (error) {
          if (!Array.isArray(error.diagnostics)) throw error;
          this.error(viteError(error, file, config.root));
        }
        // Warnings (FW008, a near miss of a directive): shown, the build goes on.
        for (const warning of result.warnings ?? []) this.warn(warning.rendered);
        if (result.serverFunctions.length === 0) return null;
        // A server module's stubs map to nothing: with a map into the module, the bundler
        // would put its whole source in `sourcesContent` (Vite's dev server reads it from
        // disk, Rolldown and Rollup take the module's original code) for browsers. A module
        // with inline server functions keeps its map, whose sourcesContent leaves them out.
        const map = server || !result.isServerModule ? result.map : { mappings: "" };
        return { code: result.code, map };
      },
    },

    generateBundle: {
      // After Vite's own hook, which drops the assets of server builds (build.emitAssets).
      order: "post",
      handler() {
        // In the server output only: the manifest maps ids to source paths, which browsers have no need to see.
        if (!isServerEnvironment(this, config)) return;
        const { manifest, errors } = analyze();
        if (errors.length > 0) this.error(graphError(errors, config.root));
        this.emitFile({ type: "asset", fileName: "manifest.json", source: `${JSON.stringify(manifest, null, 2)}\n` });
      },
    },

    configureServer(server) {
      let handle = createNodeHandler({ basePath, ...handlerOptions });
      let globalMiddleware;
      let registered = new Set();
      // Any added, changed or removed file may change which server modules the app reaches.
      server.watcher.on("all", () => {
        graph = undefined;
      });

      /** Loads (or, after an edit, reloads) every reachable server module through Vite's server-side module loading. */
      async function loadServerModules() {
        const { serverModules, errors } = analyze();
        if (errors.length > 0) {
          const details = graphError(errors, config.root);
          throw Object.assign(new Error(details.message), details, { plugin: "fnwire", diagnostics: errors });
        }
        const current = new Set(serverModules.flatMap((module) => module.functions.map((fn) => fn.fnId)));
        // Functions deleted from the code, or no longer reachable, stop answering.
        __unregisterServerReferences([...registered].filter((fnId) => !current.has(fnId)));
        registered = current;
        const runner = server.environments?.ssr?.runner;
        const load = runner ? (file) => runner.import(file) : (file) => server.ssrLoadModule(file);
        await Promise.all(serverModules.map(({ module }) => load(resolve(config.root, module))));
        if (serverMiddleware !== undefined) {
          // Loaded like the server modules, so an edit to it takes effect on the next call.
          const middleware = serverMiddlewareOf(await load(resolve(config.root, serverMiddleware)), serverMiddleware);
          if (middleware !== globalMiddleware) {
            handle = createNodeHandler({ basePath, ...handlerOptions, middleware });
            globalMiddleware = middleware;
          }
        }
      }

      server.middlewares.use(async (req, res, next) => {
        if (!endpoints.includes(new URL(req.url ?? "/", "http://localhost").pathname)) return next();
        try {
          await loadServerModules();
        } catch (error) {
          server.ssrFixStacktrace?.(error);
          config.logger.error(`[fnwire] Could not load the server functions: ${error.message}`, { error });
          // The dev server shows it in the browser too, in Vite's error overlay.
          sendOverlayError(server, error);
          res.statusCode = 500;
          res.setHeader("Content-Type", "application/json");
          res.end(JSON.stringify({ error: `[fnwire] Could not load the server functions: ${error.message}`, fnId: null, status: 500 }));
          return;
        }
        handle(req, res, next);
      });
    },
  };
}

/** True in server environments (Vite 6+: `consumer`), else by the `ssr` flag or the build's `ssr` option. */
function isServerEnvironment(context, config, transformOptions) {
  const consumer = context?.environment?.config?.consumer;
  if (consumer) return consumer === "server";
  return Boolean(transformOptions?.ssr ?? config.build?.ssr);
}

/** The file of a module id without Vite's query, or undefined for virtual ids, dependencies and non-script modules. */
function moduleFile(id) {
  if (id.startsWith("\0") || NODE_MODULES.test(id) || id.startsWith(OWN_PACKAGE)) return undefined;
  const file = id.replace(/[?#].*$/s, "");
  return SCRIPT_ID.test(file) && isAbsolute(file) ? file : undefined;
}

/**
 * The server runtime as server modules import it in dev: Vite executes an
 * edited module again, and its new functions replace the old ones instead of
 * failing as duplicates (which fnwire/server reports by design). Everything
 * else is the runtime's own.
 */
function devRegistryCode(serverRuntime) {
  const runtime = JSON.stringify(serverRuntime);
  return [
    `export * from ${runtime};`,
    `import { __unregisterServerReferences, registerServerReference as register } from ${runtime};`,
    "export function registerServerReference(fn, fnId, fnName) {",
    "  __unregisterServerReferences([fnId]);",
    "  return register(fn, fnId, fnName);",
    "}",
    "",
  ].join("\n");
}

/** A Rollup-shaped error, which Vite's overlay and terminal show with the file, line, column and frame. */
function viteError(error, file, root) {
  const [first, ...rest] = error.diagnostics;
  const message = `${first.code}: ${first.message}${rest.length > 0 ? ` (and ${rest.length} more below)` : ""}`;
  const loc = { file: resolve(root, first.file), line: first.line, column: first.column };
  return {
    message,
    // Where the problem is, not where the plugin noticed it.
    stack: `${message}\n    at ${loc.file}:${loc.line}:${loc.column}`,
    id: file,
    // 1-based, as in the frame below and in fnwire's own messages.
    loc,
    // Every diagnostic of the module, each with its code frame.
    frame: error.message,
    diagnostics: error.diagnostics,
  };
}

/** The graph analysis's errors as one Vite error, pointing at the first, with each one's code frame. */
function graphError(diagnostics, root) {
  const [first] = diagnostics;
  const lines = diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}: ${d.message}`);
  const file = resolve(root, first.file);
  return {
    message: `[fnwire] The app's server modules have errors:\n${lines.join("\n")}`,
    id: file,
    loc: { file, line: first.line, column: first.column },
    frame: diagnostics.map((d) => d.rendered).join("\n\n"),
  };
}

function sendOverlayError(server, error) {
  const channel = server.environments?.client?.hot ?? server.ws;
  channel?.send({
    type: "error",
    err: {
      message: error.message,
      stack: error.stack ?? "",
      id: error.id,
      frame: error.frame,
      plugin: error.plugin ?? "fnwire",
      loc: error.loc,
    },
  });
}

/** The `src` of each `<script type="module" src>` in `<root>/index.html`, as absolute paths. */
function htmlModuleScripts(root) {
  const html = resolve(root, "index.html");
  if (!existsSync(html)) return [];
  const scripts = [];
  for (const [tag] of readFileSync(html, "utf8").matchAll(/<script\b[^>]*>/gi)) {
    if (!/\btype\s*=\s*["']?module\b/i.test(tag)) continue;
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const url = src && (src[1] ?? src[2] ?? src[3]).replace(/[?#].*$/s, "");
    if (!url || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) continue; // external scripts
    scripts.push(url.startsWith("/") ? resolve(root, `.${url}`) : resolve(dirname(html), url));
  }
  return scripts;
}

function validateOptions(options) {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(
      `[fnwire] fnwire/vite: options must be an object; received ${Array.isArray(options) ? "an array" : options === null ? "null" : typeof options}.`,
    );
  }
  const { roots, basePath, serverMiddleware, ...rest } = options;
  const handlerOptions = Object.fromEntries(HANDLER_OPTIONS.filter((key) => key in rest).map((key) => [key, rest[key]]));
  const compileOptions = Object.fromEntries(Object.entries(rest).filter(([key]) => !HANDLER_OPTIONS.includes(key)));
  if ("root" in compileOptions) {
    throw new TypeError("[fnwire] fnwire/vite does not take the option `root`: ids and paths are relative to Vite's `root`.");
  }
  if (
    roots !== undefined &&
    (!Array.isArray(roots) || roots.length === 0 || roots.some((root) => typeof root !== "string" || root === ""))
  ) {
    throw new TypeError(
      '[fnwire] fnwire/vite: `roots` must be a non-empty array of file paths (the app\'s entries, such as ["src/main.tsx"]).',
    );
  }
  if (serverMiddleware !== undefined && (typeof serverMiddleware !== "string" || serverMiddleware === "")) {
    throw new TypeError(
      "[fnwire] fnwire/vite: `serverMiddleware` must be the path of a module (relative to Vite's root) whose default export is the array of global middleware.",
    );
  }
  // The handler checks basePath, the limits and allowedOrigins, naming what is wrong.
  try {
    createNodeHandler({ basePath, ...handlerOptions });
  } catch (error) {
    throw new TypeError(error.message.replace("[fnwire] createNodeHandler():", "[fnwire] fnwire/vite:"));
  }
  // The compiler checks its own options (idSalt, runtime, section 9's), naming the one that is wrong.
  try {
    createCompiler(compileOptions);
  } catch (error) {
    throw new TypeError(
      `${error.message.replace("[fnwire]", "[fnwire] fnwire/vite:")}; fnwire/vite's own options are ${OPTIONS.join(", ")}`,
    );
  }
  return { roots, basePath, serverMiddleware, handlerOptions, compileOptions };
}
