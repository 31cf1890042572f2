// Types of fnwire, the compiler's Node API.

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
