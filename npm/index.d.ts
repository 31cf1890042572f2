// Types of fnwire, the compiler's Node API.

// One line per family: the module (FW00x), its exports (FW01x), the import graph (FW02x).
// prettier-ignore
export type DiagnosticCode =
  | "FW001" | "FW002" | "FW003" | "FW004" | "FW005" | "FW006"
  | "FW010" | "FW011" | "FW012" | "FW013" | "FW014" | "FW015" | "FW016"
  | "FW020" | "FW021" | "FW022";

/** One problem; `line` and `column` are 1-based, `file` relative to the root with `/`. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: "error";
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

export interface TransformOptions {
  /** The module's file name, absolute or relative to `root`. */
  filename: string;
  /** Ids and diagnostics use paths relative to it. Default: the working directory. */
  root?: string;
  target: "client" | "server";
  /** Module specifiers of the runtime. Defaults: "fnwire/client", "fnwire/server". */
  runtime?: { client?: string; server?: string };
  /** Fed to the id hash first, so ids cannot be guessed from source paths. */
  idSalt?: string;
  /** Default: true. */
  sourceMap?: boolean;
}

export interface ServerFunction {
  /** The first 16 hex digits of SHA-256 of `[idSalt]<module path>:<export name>`. */
  fnId: string;
  fnName: string;
  exportName: string;
  /** The binding in the original module. */
  localName: string;
  /** The declared parameter count; absent for optional, default or rest parameters. */
  arity?: number;
  /** 1-based position where the export starts. */
  line: number;
  column: number;
}

export interface TransformResult {
  code: string;
  /** A v3 source map as JSON; absent when `sourceMap` is false or the module passed through. */
  map?: string;
  isServerModule: boolean;
  serverFunctions: ServerFunction[];
}

/**
 * Compiles one module. A module without the "use server" directive comes back
 * unchanged with `isServerModule: false`. Throws a `TypeError` for an unknown
 * option or a wrong type, and an {@link FnwireError} for a module that breaks a rule.
 */
export declare function transformSync(code: string, options: TransformOptions): TransformResult;

/** {@link transformSync} off the main thread. */
export declare function transform(code: string, options: TransformOptions): Promise<TransformResult>;

export interface GraphOptions {
  /** Paths in the result, and ids, are relative to it. Default: the working directory. */
  root?: string;
  /** Entry modules (app, page and server entries), relative to `root` or absolute. */
  roots: string[];
  /** Default: true. With false, any reachable server module is an error (FW020). */
  server?: boolean;
  idSalt?: string;
}

export interface ManifestFunction {
  /** Relative to the root, with `/`. */
  module: string;
  export: string;
  arity?: number;
}

/** Every reachable server function by fnId, ordered by fnId. */
export interface Manifest {
  version: 1;
  functions: Record<string, ManifestFunction>;
}

export interface ServerModule {
  /** Relative to the root, with `/`. */
  module: string;
  /** From a root to this module, each relative to the root. */
  importChain: string[];
  functions: ServerFunction[];
}

export interface GraphResult {
  manifest: Manifest;
  /** Every reachable server module, sorted by module. */
  serverModules: ServerModule[];
  /** Every error found, each naming the import chain from a root; empty on success. */
  diagnostics: Diagnostic[];
}

/** Import-graph analysis (SPEC section 5). Throws a `TypeError` for an unknown option or a wrong type. */
export declare function analyzeGraph(options: GraphOptions): GraphResult;
