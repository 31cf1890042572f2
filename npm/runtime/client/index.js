// fnwire/client: the stubs that the compiler emits for server functions call
// into this package, and application code configures its transport and
// builds TanStack Query options with it. It runs in browsers: no Node-only
// import anywhere below.
export { ServerFunctionError } from "./errors.js";
export { initTransport } from "./transport.js";
export { bindLive, createServerReference } from "./stub.js";
export { getFnMutationOptions, getFnQueryKey, getFnQueryOptions } from "./query-options.js";
