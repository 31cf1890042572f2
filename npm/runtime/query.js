// fnwire/query: TanStack Query's React hooks, taking a server function where
// TanStack takes an options object. An options object still works unchanged.
import {
  useMutation as useTanStackMutation,
  useQuery as useTanStackQuery,
  useSuspenseQuery as useTanStackSuspenseQuery,
} from "@tanstack/react-query";
import { getFnMutationOptions, getFnQueryKey, getFnQueryOptions } from "./client/index.js";
import { registeredServerFunction } from "./protocol.js";

export { getFnMutationOptions, getFnQueryKey, getFnQueryOptions };

// A function first argument must be a server function: a stub, or on the
// server a registered function (server-side rendering). getFnQueryOptions and
// getFnMutationOptions throw, during render, an error that names anything else.

/** `useQuery(fn, ...args)`, or TanStack's `useQuery(options, queryClient?)`. */
export function useQuery(fnOrOptions, ...rest) {
  if (typeof fnOrOptions === "function") return useTanStackQuery(getFnQueryOptions(fnOrOptions, ...rest));
  return useTanStackQuery(fnOrOptions, ...rest);
}

/** `useSuspenseQuery(fn, ...args)`, or TanStack's `useSuspenseQuery(options, queryClient?)`. */
export function useSuspenseQuery(fnOrOptions, ...rest) {
  if (typeof fnOrOptions === "function") return useTanStackSuspenseQuery(getFnQueryOptions(fnOrOptions, ...rest));
  return useTanStackSuspenseQuery(fnOrOptions, ...rest);
}

/** `useMutation(fn, options?, queryClient?)`, or TanStack's `useMutation(options, queryClient?)`. */
export function useMutation(fnOrOptions, ...rest) {
  if (typeof fnOrOptions !== "function") return useTanStackMutation(fnOrOptions, ...rest);
  const [options, queryClient] = rest;
  const fnOptions = getFnMutationOptions(fnOrOptions);
  if (options != null && "mutationFn" in options) {
    throw new TypeError(
      `[fnwire] useMutation(${fnOrOptions.fnName ?? registeredServerFunction(fnOrOptions)?.fnName}, options): options.mutationFn is not allowed beside a server function, which is the mutation function. Use TanStack's useMutation({ mutationFn }) for other functions.`,
    );
  }
  // Spread after fnwire's options so that onSuccess, retry and the rest apply.
  return useTanStackMutation({ ...fnOptions, ...options }, queryClient);
}
