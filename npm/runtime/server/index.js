// fnwire/server: the registry that compiled "use server" modules fill, the
// endpoint that calls them (node:http and the Fetch API), the request
// context helpers, createServerFn and middleware. One module per concern, in this folder.
export { ServerError } from "./errors.js";
export { redirect } from "./redirect.js";
export { __unregisterServerReferences, bindLive, registerServerReference } from "./registry.js";
export { deleteCookie, getContext, getCookie, headers, request, setCookie, waitUntil } from "./context.js";
export { handleRequest } from "./fetch.js";
export { createNodeHandler } from "./node.js";
export { createServerFn } from "./builder.js";
export { __useBuildMiddleware, createMiddleware } from "./middleware.js";
