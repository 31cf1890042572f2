// The TanStack Query options of a server function (section 8): query keys,
// query and mutation functions. On the server a registered function stands
// where the browser has a stub, and is called in this process (section 11).
import { callInProcess, registeredServerFunction } from "../protocol.js";
import { callContext, REFERENCE } from "./stub.js";
import { send } from "./transport.js";

/**
 * What the helpers need of a server function: `{ fnId, fnName, fnArity,
 * boundArgs, send(args, signal) }`. A stub calls the transport; on the
 * server, a registered function (section 11) is called in this process.
 * Anything else throws an error that names it.
 */
function serverFunction(fn) {
  if (typeof fn === "function" && typeof fn.fnId === "string") {
    // A stub of another copy of this module may lack the symbol: it has no bound values then.
    const { fnId, fnName, fnArity, method = "POST", buildId, boundArgs = [] } = fn[REFERENCE] ?? fn;
    return { fnId, fnName, fnArity, boundArgs, send: (args, signal) => send(fnId, args, callContext(signal, method, buildId)) };
  }
  const registered = registeredServerFunction(fn);
  if (registered) {
    const { fnId, fnName, target, boundArgs } = registered;
    // No fnArity: the compiler's count is not known here, so mutations take the flexible rule.
    // A local call: the values go as they are, in the caller's request context (section 14).
    return { fnId, fnName, fnArity: undefined, boundArgs, send: async (args) => callInProcess(fnId, fnName, () => target(...args)) };
  }
  const subject =
    typeof fn !== "function" ? `A value of type ${fn === null ? "null" : typeof fn}` : fn.name ? `"${fn.name}"` : "An anonymous function";
  throw new TypeError(
    `[fnwire] ${subject} is not a server function. Pass an export of a "use server" module compiled by fnwire (it carries an fnId), or use TanStack's object form ({ queryKey, queryFn } or { mutationFn }) for other functions.`,
  );
}

/** `[fnId, ...args]`: the TanStack Query key of one call, for invalidation and cache updates. */
export function getFnQueryKey(fn, ...args) {
  const { fnId, boundArgs } = serverFunction(fn);
  return [fnId, ...boundArgs, ...args];
}

/** `{ queryKey, queryFn }` for useQuery, loaders and prefetching; queryFn hands TanStack's signal to the transport. */
export function getFnQueryOptions(fn, ...args) {
  const { fnId, boundArgs, send } = serverFunction(fn);
  const allArgs = [...boundArgs, ...args];
  return { queryKey: [fnId, ...allArgs], queryFn: (context) => send(allArgs, context?.signal) };
}

/** `{ mutationKey, mutationFn }`: mutationFn(variables) turns the variables into arguments by `fn.fnArity`. */
export function getFnMutationOptions(fn) {
  const reference = serverFunction(fn);
  // TanStack passes a context as the second argument: it is not an argument of the server function.
  const mutationFn = async (variables) => reference.send([...reference.boundArgs, ...mutationArguments(reference, variables)]);
  return { mutationKey: [reference.fnId], mutationFn };
}

function mutationArguments({ fnName, fnArity }, variables) {
  if (fnArity === undefined) {
    // A flexible signature: an array is the whole argument list, anything else one argument.
    return variables === undefined ? [] : Array.isArray(variables) ? variables : [variables];
  }
  if (fnArity === 0) return [];
  if (fnArity === 1) return variables === undefined ? [] : [variables];
  if (Array.isArray(variables) && variables.length === fnArity) return variables;
  throw new TypeError(
    `[fnwire] Server function "${fnName}" takes ${fnArity} arguments: call mutate() with an array of exactly ${fnArity} items, one per argument.`,
  );
}
