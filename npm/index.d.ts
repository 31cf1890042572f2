// Types of fnwire, the compiler's Node API.

// One line per family: the module (FW00x), its exports (FW01x), the import graph (FW02x).
// prettier-ignore
export type DiagnosticCode =
  | "FW001" | "FW002" | "FW003" | "FW004" | "FW005" | "FW006" | "FW007" | "FW008" | "FW009"
  | "FW010" | "FW011" | "FW012" | "FW013" | "FW014" | "FW015" | "FW016" | "FW017" | "FW018" | "FW019"
  | "FW020" | "FW021" | "FW022";

/** One problem; `line` and `column` are 1-based, `file` relative to the root with `/`. */
export interface Diagnostic {
  code: DiagnosticCode;
  /** "warning" for FW008, and for FW022 with `unresolvedImports: "warning"`. */
  severity: "error" | "warning";
  message: string;
  file: string;
  line: number;
  column: number;
}

/** What `transform` and `transformSync` throw for a module that breaks a rule. */
export interface FnwireError extends Error {
  /** The first diagnostic's code. */
  code: DiagnosticCode;
  diagnostics: Diagnostic[];
}

/** How modules are compiled: what `transform`, `analyzeGraph` and the bundler plugins share. */
export interface CompileOptions {
  /** Ids and diagnostics use paths relative to it. Default: the working directory. */
  root?: string;
  /** Module specifiers of the runtime. Defaults: "fnwire/client", "fnwire/server". */
  runtime?: { client?: string; server?: string };
  /** Fed to the id hash first, so ids cannot be guessed from source paths. */
  idSalt?: string;
  /**
   * A `const` initialized by a call (`actionClient.schema(s).action(fn)`, `cache(fn)`) is a
   * server function, its arity flexible. Default: false (FW012).
   */
  wrappedExports?: boolean;
  /** A default-exported function is the server function `default`. Default: false (FW010). */
  defaultExport?: boolean;
  /** `"implicit"`: a `*.server.*` file is a server module without the directive. Default: `"directive"` (FW003). */
  serverFiles?: "directive" | "implicit";
  /**
   * `"hoist"`: inline "use server" functions in other modules compile: hoisted on the server,
   * bound stubs on the client. Default: `"error"` (FW006).
   */
  inlineFunctions?: "error" | "hoist";
  /**
   * `"stream"`: an exported (or inline) `async function*` is a server function whose calls
   * stream its yields (section 14). Default: `"error"` (FW014); sync generators are FW014 always.
   */
  generators?: "error" | "stream";
}

export interface TransformOptions extends CompileOptions {
  /** The module's file name, absolute or relative to `root`. */
  filename: string;
  target: "client" | "server";
  /** Default: true. */
  sourceMap?: boolean;
  /** The build the client stubs belong to (the manifest's buildId): they send it with every call (section 16). */
  buildId?: string;
}

export interface ServerFunction {
  /**
   * The first 16 hex digits of SHA-256 of `[idSalt]<module path>:<export name>`
   * (of `<qualified name>` for an inline function).
   */
  fnId: string;
  fnName: string;
  /** `null` for an inline server function that is not exported. */
  exportName: string | null;
  /** The binding in the original module; an inline function's qualified name (`Page.deletePost`). */
  localName: string;
  /** The declared parameter count; absent for optional, default or rest parameters. */
  arity?: number;
  /** `"GET"` for a `createServerFn({ method: "GET" })` function. */
  method?: "GET";
  /** 1-based position where the export (an inline function: the function) starts. */
  line: number;
  column: number;
}

export interface TransformResult {
  code: string;
  /** A v3 source map as JSON; absent when `sourceMap` is false or the module passed through. */
  map?: string;
  /**
   * A "use server" module (or an implicit `*.server.*` one). A module with inline server
   * functions is not one, yet comes back changed, with its `serverFunctions`.
   */
  isServerModule: boolean;
  serverFunctions: ServerFunction[];
  /**
   * Non-enumerable, present when the module compiled with warnings (FW008: a near miss
   * of a directive, which is ignored). Each has a non-enumerable `rendered` text.
   */
  readonly warnings?: readonly (Diagnostic & { readonly rendered: string })[];
}

/**
 * Compiles one module. A module without the "use server" directive (and no inline
 * server function to hoist) comes back unchanged with `isServerModule: false`. Throws a
 * `TypeError` for an unknown option or a wrong type, and an {@link FnwireError} for a
 * module that breaks a rule.
 */
export declare function transformSync(code: string, options: TransformOptions): TransformResult;

/** {@link transformSync} off the main thread. */
export declare function transform(code: string, options: TransformOptions): Promise<TransformResult>;

export interface GraphOptions extends CompileOptions {
  /** Entry modules (app, page and server entries), relative to `root` or absolute. */
  roots: string[];
  /** Default: true. With false, any reachable server module is an error (FW020). */
  server?: boolean;
  /**
   * What an import that cannot be resolved (FW022) is. `"warning"` for a host whose
   * bundler resolves more than the analysis does (aliases). Default: `"error"`.
   */
  unresolvedImports?: "error" | "warning";
}

export interface ManifestFunction {
  /** Relative to the root, with `/`. */
  module: string;
  /** The export name; an inline function's qualified name. */
  export: string;
  arity?: number;
  method?: "GET";
  /** Present (true) for an inline server function. */
  inline?: true;
}

/** Every reachable server function by fnId, ordered by fnId. */
export interface Manifest {
  version: 1;
  /** The first 16 hex digits of SHA-256 of `functions` as compact JSON (section 16): the same functions, the same id. */
  buildId: string;
  functions: Record<string, ManifestFunction>;
}

export interface ServerModule {
  /** Relative to the root, with `/`. */
  module: string;
  /** From a root to this module, each relative to the root. */
  importChain: string[];
  functions: ServerFunction[];
}

/** A diagnostic of `analyzeGraph`, with its rendering. */
export interface GraphDiagnostic extends Diagnostic {
  /** rustc-style text with the code frame, as `transform` errors carry it (not enumerable). */
  readonly rendered: string;
}

export interface GraphResult {
  manifest: Manifest;
  /** Every reachable module with server functions (inline ones included), sorted by module. */
  serverModules: ServerModule[];
  /** Every problem found, each naming the import chain from a root; empty on success. */
  diagnostics: GraphDiagnostic[];
}

/** Import-graph analysis (section 5). Throws a `TypeError` for an unknown option or a wrong type. */
export declare function analyzeGraph(options: GraphOptions): GraphResult;

/** A function only one manifest has. */
export interface ManifestDiffEntry {
  fnId: string;
  module: string;
  export: string;
}

/** How a stub calls a function; `arity` is null when the compiler cannot know it. */
export interface ManifestSignature {
  arity: number | null;
  method: "GET" | "POST";
}

export interface ManifestDiff {
  removed: ManifestDiffEntry[];
  added: ManifestDiffEntry[];
  /** Both have it, called differently. */
  changed: (ManifestDiffEntry & { from: ManifestSignature; to: ManifestSignature })[];
  /** Its file moved: the same export and arity under a new id. `fnId` and `module` are the old ones. */
  renamed: (ManifestDiffEntry & { from: { fnId: string; module: string }; to: { fnId: string; module: string } })[];
}

/**
 * What changed between two builds' manifests (section 16). Pages of the old
 * build break when `removed`, `changed` or `renamed` has entries. Throws a
 * `TypeError` for what is not a manifest.
 */
export declare function diffManifests(oldManifest: unknown, newManifest: unknown): ManifestDiff;

/** The extensions (without the dot) of the module files the compiler reads. */
export declare function moduleExtensions(): string[];

/** What a compiler instance's transform says about its module. */
export interface ModuleOptions {
  /** The module's file name, absolute or relative to the compiler's `root`. */
  filename: string;
  target: "client" | "server";
  /** Default: true. */
  sourceMap?: boolean;
  /** The build the client stubs belong to (the manifest's buildId): they send it with every call (section 16). */
  buildId?: string;
}

/** What a compiler instance's graph analysis takes beside its compile options. */
export type GraphInput = Pick<GraphOptions, "roots" | "server" | "unresolvedImports">;

/**
 * A compiler for one build or dev session (see {@link createCompiler}): the graph analysis and
 * both targets parse each module once.
 */
export interface Compiler {
  transformSync(code: string, options: ModuleOptions): TransformResult;
  transform(code: string, options: ModuleOptions): Promise<TransformResult>;
  analyzeGraph(options: GraphInput): GraphResult;
  /** Modules parsed for analysis since the compiler was made, and analyses kept now. */
  stats(): { parses: number; kept: number };
}

/**
 * A compiler instance with `options`, checked once (a `TypeError` for an unknown option or a
 * wrong type). It keeps each analyzed module by file name and text; a file's new text replaces
 * its entry, and a graph analysis drops the entries of files that are gone.
 */
export declare function createCompiler(options?: CompileOptions): Compiler;
