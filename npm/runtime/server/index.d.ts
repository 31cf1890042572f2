// Types of fnwire/server.
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Called by compiled server modules; throws when `fnId` is already registered
 * (the first stays), and a TypeError when `fn` is not a function.
 */
export declare function registerServerReference<F extends (...args: any[]) => unknown>(fn: F, fnId: string, fnName: string): F;

/**
 * Emitted by the compiler for a nested function declaration (section 10): `fn` bound to
 * `values()`, read at each call, known to server-side rendering as a bound copy.
 */
export declare function bindLive<F extends (...args: any[]) => unknown>(
  fn: F,
  values: () => unknown[],
  count?: number,
): (...args: any[]) => ReturnType<F>;

/** @internal For dev servers (fnwire/vite) only, not part of the public API: forgets these ids. */
export declare function __unregisterServerReferences(fnIds: Iterable<string>): void;

/** @internal For fnwire/vite's production server entry only, not part of the public API: the build's global middleware. */
export declare function __useBuildMiddleware(exports: Record<string, unknown>, path: string): void;

export interface ServerErrorOptions {
  /** An HTTP error status, 400 to 599. Defaults to 500. */
  status?: number;
  /** JSON-serializable details the client receives as `ServerFunctionError.data`. */
  data?: unknown;
}

/**
 * Ends a server function with a redirect to `url` (a relative path or an
 * absolute http(s) URL): a form submitted without JavaScript gets the HTTP
 * redirect (`status`, 303 by default); a stub's call answers `{ redirect }`
 * and the client navigates (initTransport's onRedirect).
 */
export declare function redirect(url: string, status?: 301 | 302 | 303 | 307 | 308): never;

/** Thrown by a server function: the client receives its message, status and data. */
export declare class ServerError extends Error {
  constructor(message: string, options?: ServerErrorOptions);
  name: "ServerError";
  status: number;
  data: unknown;
}

/** A build's manifest.json, as far as the handlers read it. */
export interface FnwireManifest {
  version?: number;
  buildId?: string;
  functions: Record<string, { module: string; export: string; arity?: number; method?: "GET" }>;
}

export interface NodeHandlerOptions {
  /** The path server functions are served under: `<basePath>/fn` and `<basePath>/form`. Defaults to "/__fnwire". */
  basePath?: string;
  /**
   * Milliseconds a call may run: then it answers 504 and `request().signal`
   * aborts. Defaults to 30000; 0 turns the limit off.
   */
  timeout?: number;
  /** Bytes a JSON call to `<basePath>/fn` may have, counted while reading (413 past it). Defaults to 1048576. */
  bodySizeLimit?: number;
  /** Bytes a whole form body to `<basePath>/form` may have, counted while reading (413 past it). Defaults to 10485760. */
  formSizeLimit?: number;
  /**
   * Origins besides the server's own whose pages may call server functions
   * (cross-site requests are refused with 403): exact origins such as
   * "https://app.example.com", or host patterns such as "*.example.com".
   */
  allowedOrigins?: string[];
  /** Trust X-Forwarded-Host (set by a proxy in front) as the request's own host for the cross-site check. Defaults to false. */
  trustProxy?: boolean;
}

export interface HandleRequestOptions extends NodeHandlerOptions {
  /** The platform's waitUntil (e.g. a Worker's `ctx.waitUntil`); receives promises that never reject. */
  waitUntil?: (promise: Promise<void>) => void;
}

/**
 * Answers a server function call (Fetch API). Requests for other paths than
 * `<basePath>/fn` get a 404 envelope. Throws a TypeError at once for what it
 * cannot serve (not a Request, a body already read, bad options); the
 * promise itself never rejects. `request().signal` aborts when the
 * Request's own signal does (the client went away) and at the time limit.
 */
export declare function handleRequest(request: Request, options?: HandleRequestOptions): Promise<Response>;

/**
 * A handler for node:http, also usable as Express, Connect or Vite middleware:
 * with `next`, requests for other paths go on to it; without, they get a 404
 * envelope. Mount it before body parsers: it reads the raw body itself.
 * Called with anything but node:http's `(req, res)` (a Fetch Request, no
 * response, a response already sent), it throws a TypeError at once.
 */
export declare function createNodeHandler(
  options?: NodeHandlerOptions,
): (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

export interface CookieOptions {
  /** Defaults to "/" so the cookie reaches the whole site, not only the fnwire endpoint. */
  path?: string;
  domain?: string;
  /** Seconds, an integer. */
  maxAge?: number;
  expires?: Date;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: "strict" | "lax" | "none";
}

/** Options of deleteCookie: the `path` and `domain` the cookie was set with. */
export type DeleteCookieOptions = Omit<CookieOptions, "maxAge" | "expires">;

/**
 * The Request of the current server function call; its body has already been
 * read. Its `signal` aborts when the client disconnects or the call passes
 * the handler's time limit.
 */
export declare function request(): Request;

/** The headers of the current request. */
export declare function headers(): Headers;

/** A cookie of the current request, URI-decoded. */
export declare function getCookie(name: string): string | undefined;

/** Adds a Set-Cookie header to this call's response (error responses included); the value is URI-encoded. */
export declare function setCookie(name: string, value: string, options?: CookieOptions): void;

/** Adds a Set-Cookie header with Max-Age=0 to this call's response. */
export declare function deleteCookie(name: string, options?: DeleteCookieOptions): void;

/** Lets `promise` run on after the response; a rejection is logged, never thrown. */
export declare function waitUntil(promise: PromiseLike<unknown>): void;

/**
 * The Standard Schema v1 interface (https://standardschema.dev), which zod,
 * valibot and arktype implement: copied here, as the standard asks, so that
 * no schema library is a dependency of fnwire.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}

export declare namespace StandardSchemaV1 {
  interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
  }
  type Result<Output> = SuccessResult<Output> | FailureResult;
  interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  interface PathSegment {
    readonly key: PropertyKey;
  }
  interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }
  type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["input"];
  type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["output"];
}

/** What `.validator()` takes: a Standard Schema, or a function that returns the parsed input or throws. */
export type ServerFnValidator = StandardSchemaV1 | ((input: any) => unknown);

/** The input a validator accepts: the server function's parameter. */
export type ValidatorInput<V> = V extends StandardSchemaV1
  ? StandardSchemaV1.InferInput<V>
  : V extends (input: infer I) => unknown
    ? I
    : never;

/** The validated value: the handler's `data`. */
export type ValidatorOutput<V> = V extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<V>
  : V extends (input: any) => infer O
    ? Awaited<O>
    : never;

/** A server function made by a builder: one input (optional when it may be undefined), validated on the server. */
export type ServerFn<TInput, TResult> = undefined extends TInput
  ? (input?: TInput) => Promise<TResult>
  : (input: TInput) => Promise<TResult>;

/** One issue of a failed validation, as `ServerError.data.issues` (and the client's `ServerFunctionError.data.issues`) hold them. */
export interface ServerFnIssue {
  message: string;
  /** Keys from the input's root to the value at fault; absent when the schema gave none. */
  path?: (string | number)[];
}

export interface CreateServerFnOptions {
  method?: "GET" | "POST";
  bodySizeLimit?: number;
}

/** What a createServerFn handler receives: the validated input and the context its middleware built. */
export interface ServerFnHandlerArgs<TData, TContext> {
  data: TData;
  context: TContext;
}

export interface ServerFnBuilder<TContext = {}> {
  /** Middleware that run before the validator and the handler, in order (section 15); before `.validator`, once. */
  middleware<const M extends readonly AnyMiddleware[]>(list: M): ServerFnBuilderAfterMiddleware<TContext & ContextOf<M>>;
  validator<V extends ServerFnValidator>(schema: V): ValidatedServerFnBuilder<ValidatorInput<V>, ValidatorOutput<V>, TContext>;
  handler<TData = undefined, TResult = unknown>(
    fn: (args: ServerFnHandlerArgs<TData, TContext>) => TResult,
  ): ServerFn<TData, Awaited<TResult>>;
}

export interface ServerFnBuilderAfterMiddleware<TContext> {
  validator<V extends ServerFnValidator>(schema: V): ValidatedServerFnBuilder<ValidatorInput<V>, ValidatorOutput<V>, TContext>;
  handler<TData = undefined, TResult = unknown>(
    fn: (args: ServerFnHandlerArgs<TData, TContext>) => TResult,
  ): ServerFn<TData, Awaited<TResult>>;
}

export interface ValidatedServerFnBuilder<TInput, TData, TContext = {}> {
  handler<TResult>(fn: (args: ServerFnHandlerArgs<TData, TContext>) => TResult): ServerFn<TInput, Awaited<TResult>>;
}

export declare function createServerFn(options?: CreateServerFnOptions): ServerFnBuilder;

declare const addedContext: unique symbol;

/** What `next()` resolves to; a middleware returns it. `TAdded` is the context it added. */
export interface NextResult<TAdded = {}> {
  /** The outcome of the rest of the call: the handler's result. */
  readonly result: unknown;
  readonly [addedContext]?: TAdded;
}

export interface NextOptions<TAdded extends object> {
  /** Merged into the context later middleware and the handler receive. */
  context?: TAdded;
}

export type Next = <TAdded extends object = {}>(options?: NextOptions<TAdded>) => Promise<NextResult<TAdded>>;

/** What a middleware's function receives. */
export interface MiddlewareArgs<TData, TContext> {
  /** The call's input: a createServerFn function's input before validation (after this middleware's own validator), a plain function's argument array. */
  data: TData;
  /** What the middleware before it added. */
  context: TContext;
  next: Next;
  fnId: string;
  fnName: string;
}

/** A middleware made by `createMiddleware().server(fn)`; `TContext` is the context it and its dependencies give. */
export interface Middleware<TContext = {}> {
  readonly "~context"?: TContext;
}

export type AnyMiddleware = Middleware<any>;

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;
type MiddlewareContext<M> = M extends Middleware<infer C> ? C : never;

/** The context a list of middleware gives: every one's, merged. */
export type ContextOf<M extends readonly AnyMiddleware[]> = [MiddlewareContext<M[number]>] extends [never]
  ? {}
  : UnionToIntersection<MiddlewareContext<M[number]>>;

type AddedBy<R> = R extends NextResult<infer A> ? A : {};

export interface MiddlewareBuilder<TContext = {}, TData = unknown> {
  /** Middleware this one depends on: they run before it, each once per call. Before `.validator`, once. */
  middleware<const M extends readonly AnyMiddleware[]>(list: M): MiddlewareBuilderAfterMiddleware<TContext & ContextOf<M>, TData>;
  /** Validates the `data` this middleware sees (section 12's schemas). */
  validator<V extends ServerFnValidator>(schema: V): MiddlewareServerStep<TContext, ValidatorOutput<V>>;
  server<R extends NextResult<any>>(fn: (args: MiddlewareArgs<TData, TContext>) => R | Promise<R>): Middleware<TContext & AddedBy<R>>;
}

export interface MiddlewareBuilderAfterMiddleware<TContext, TData> {
  validator<V extends ServerFnValidator>(schema: V): MiddlewareServerStep<TContext, ValidatorOutput<V>>;
  server<R extends NextResult<any>>(fn: (args: MiddlewareArgs<TData, TContext>) => R | Promise<R>): Middleware<TContext & AddedBy<R>>;
}

export interface MiddlewareServerStep<TContext, TData> {
  server<R extends NextResult<any>>(fn: (args: MiddlewareArgs<TData, TContext>) => R | Promise<R>): Middleware<TContext & AddedBy<R>>;
}

export interface CreateMiddlewareOptions {
  /** TanStack Start's spelling; fnwire's middleware are all of this type. */
  type?: "function";
}

/** A middleware (section 15): `createMiddleware().middleware([...]).validator(schema).server(fn)`. */
export declare function createMiddleware(options?: CreateMiddlewareOptions): MiddlewareBuilder;

/**
 * The context the current call's middleware built, for plain and inline
 * server functions behind global middleware; an empty object when none ran.
 */
export declare function getContext<TContext extends object = Record<string, unknown>>(): TContext;
