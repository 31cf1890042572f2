// Types of fnwire/client. The compiler's client stubs call createServerReference;
// application code imports server functions from their "use server" modules
// and TypeScript sees the original signatures there.

/** Any function: TypeScript sees server functions with their original signatures. */
export type AnyFunction = (...args: any[]) => any;

/** The awaited result of a server function: what a call, a query or a mutation resolves to. */
export type ServerFunctionResult<F extends AnyFunction> = Awaited<ReturnType<F>>;

/** What a stub has besides its call: read-only metadata, and a bind() that keeps it a stub. */
export interface ServerReferenceMembers<F extends AnyFunction = AnyFunction> {
  readonly fnId: string;
  readonly fnName: string;
  /** The declared parameter count; absent for optional, default or rest parameters. */
  readonly fnArity?: number;
  /**
   * A stub of the same server function whose calls send `values` before their
   * own arguments (what the compiler emits for an inline server function's
   * captures); `fnArity` less `values.length`. `thisArg` is not sent.
   */
  bind<A extends unknown[], B extends unknown[]>(
    this: (...args: [...A, ...B]) => unknown,
    thisArg: unknown,
    ...values: A
  ): ServerReference<(...args: B) => ServerFunctionResult<F>>;
  /** What React DOM's server renderer asks of a form action: how to submit it without JavaScript. */
  $$FORM_ACTION(prefix: string): FormActionFields;
}

/** A form action rendered on the server: where and how the browser posts it, and the hidden fields. */
export interface FormActionFields {
  name: string;
  action: string;
  encType: "multipart/form-data";
  method: "POST";
  data: FormData;
}

/** A compiled server function stub: the async function plus its read-only metadata. */
export type ServerReference<F extends AnyFunction = AnyFunction> = ServerReferenceMembers<F> &
  ((...args: Parameters<F>) => Promise<ServerFunctionResult<F>>);

/** Per-call values handed to a transport. */
export interface TransportContext {
  /** Aborts the call; TanStack Query passes one to queries. */
  signal?: AbortSignal;
  /** The server function's method: "GET" for functions made with createServerFn({ method: "GET" }). */
  method?: "GET" | "POST";
  /** The build the stub belongs to (section 16), sent as X-Fnwire-Build. */
  buildId?: string;
}

/** What onStaleBuild is told: the function called, and the build the server runs. */
export interface StaleBuild {
  fnId: string;
  serverBuildId: string;
}

/** A custom transport (WebSocket, in-process, tests): resolves to the server function's result. */
export interface TransportAdapter {
  send(fnId: string, args: unknown[], context: TransportContext): unknown;
}

/** Headers as a record (undefined values are left out), a Headers instance or pairs. */
export type TransportHeaders = Record<string, string | undefined> | Iterable<readonly [string, string]>;

/** Options of the built-in HTTP adapter. */
export interface HttpTransportConfig {
  /** Absolute http(s) URL or path of the server; defaults to the page origin. No surrounding white space. */
  baseUrl?: string;
  /** The server's basePath; calls go to `<baseUrl><basePath>/fn`. Defaults to "/__fnwire". */
  basePath?: string;
  /** fetch's credentials policy, for example "include" for cross-origin cookies. */
  credentials?: "omit" | "same-origin" | "include";
  /** Extra headers, or a function evaluated for every call. Content-Type and Accept stay fnwire's. */
  headers?: TransportHeaders | (() => TransportHeaders | undefined | Promise<TransportHeaders | undefined>);
  /** Called with the URL a server function redirected to (its `redirect()`), before the call rejects. Default: in a browser, go there. */
  onRedirect?: (url: string) => void;
  /**
   * Called when the server runs another build than the stub's and lacks the
   * function (a 409), before the call rejects. Default: reload the page, at
   * most once per server build id (a guard in sessionStorage).
   */
  onStaleBuild?: (stale: StaleBuild) => void;
  adapter?: undefined;
}

/** A custom adapter owns its configuration: the HTTP options cannot stand beside it. */
export interface CustomTransportConfig {
  adapter: TransportAdapter;
  baseUrl?: undefined;
  basePath?: undefined;
  credentials?: undefined;
  headers?: undefined;
  onRedirect?: undefined;
  onStaleBuild?: undefined;
}

export type TransportConfig = HttpTransportConfig | CustomTransportConfig;

/** Replaces the whole transport configuration; options left out return to their defaults. */
export declare function initTransport(config?: TransportConfig): void;

export interface ServerFunctionErrorOptions {
  status: number;
  fnId: string;
  data?: unknown;
  cause?: unknown;
  redirect?: string;
}

/** What a failed call rejects with. `status` is 0 when the server was not reached (network, abort). */
export declare class ServerFunctionError extends Error {
  constructor(message: string, options: ServerFunctionErrorOptions);
  name: "ServerFunctionError";
  /** The HTTP status, or 0 for network and abort failures. */
  status: number;
  /** ServerError's data, from the server's error envelope. */
  data: unknown;
  fnId: string;
  /** Where the server function redirected (status 303), when it called redirect(). */
  redirect?: string;
}

export interface ServerReferenceOptions {
  /**
   * "GET" for a function made with createServerFn({ method: "GET" }): calls go
   * as `GET <basePath>/fn?fnId=…&args=…`, or as POST when that URL would pass
   * 8,192 characters. Defaults to "POST".
   */
  method?: "GET" | "POST";
  /** The build the stub belongs to (section 16): its calls name it in X-Fnwire-Build. */
  buildId?: string;
}

/**
 * A stub whose calls send `[...values(), ...args]`, `values()` read at each call; emitted by
 * the compiler for a nested function declaration (section 10), not written by hand.
 */
export declare function bindLive(stub: ServerReference<AnyFunction>, values: () => unknown[], count: number): ServerReference<AnyFunction>;

/** The stub of one server function; emitted by the compiler, not written by hand. */
export declare function createServerReference<F extends AnyFunction = AnyFunction>(
  fnId: string,
  fnName: string,
  fnArity?: number,
  options?: ServerReferenceOptions,
): ServerReference<F>;

/** The TanStack Query key of one call: `[fnId, ...args]`. */
export declare function getFnQueryKey<F extends AnyFunction>(fn: F, ...args: Parameters<F>): [string, ...Parameters<F>];

export interface FnQueryOptions<F extends AnyFunction> {
  queryKey: [string, ...Parameters<F>];
  queryFn: (context: { signal: AbortSignal }) => Promise<ServerFunctionResult<F>>;
}

/** `{ queryKey, queryFn }` for useQuery, ensureQueryData, prefetchQuery and loaders. */
export declare function getFnQueryOptions<F extends AnyFunction>(fn: F, ...args: Parameters<F>): FnQueryOptions<F>;

/** True when every parameter is required (the compiler emits fnArity). */
type IsFixed<P extends readonly unknown[]> = number extends P["length"] ? false : P extends Required<P> ? true : false;

/**
 * What `mutate()` takes for a server function with parameters `P`:
 * none → `void`; one → that parameter, even an array; n ≥ 2 → the tuple.
 * A flexible signature (optional, default or rest parameters) takes the whole
 * argument list as an array, a single non-array first argument, or nothing
 * when no argument is required.
 */
export type MutationVariables<P extends readonly unknown[]> =
  IsFixed<P> extends true
    ? P extends readonly []
      ? void
      : P extends readonly [infer Only]
        ? Only
        : P
    : P | ([] extends P ? void : never) | ([P[0]] extends P ? Exclude<P[0], readonly unknown[] | undefined> : never);

export interface FnMutationOptions<F extends AnyFunction> {
  mutationKey: [string];
  mutationFn: (variables: MutationVariables<Parameters<F>>) => Promise<ServerFunctionResult<F>>;
}

/** `{ mutationKey: [fnId], mutationFn }` for any TanStack Query flavour. */
export declare function getFnMutationOptions<F extends AnyFunction>(fn: F): FnMutationOptions<F>;
