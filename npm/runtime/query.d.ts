// Types of fnwire/query: fnwire's server-function overloads first, then
// TanStack's own hooks unchanged for the object form.
import type {
  DefaultError,
  QueryClient,
  UseMutationOptions,
  UseMutationResult,
  UseQueryResult,
  UseSuspenseQueryResult,
  useMutation as useTanStackMutation,
  useQuery as useTanStackQuery,
  useSuspenseQuery as useTanStackSuspenseQuery,
} from "@tanstack/react-query";
import type { AnyFunction, MutationVariables, ServerFunctionResult } from "./client/index.js";

export { getFnMutationOptions, getFnQueryKey, getFnQueryOptions } from "./client/index.js";

/** useMutation's options beside a server function: everything but mutationFn, which the function is. */
export type FnUseMutationOptions<F extends AnyFunction, TOnMutateResult = unknown> = Omit<
  UseMutationOptions<ServerFunctionResult<F>, DefaultError, MutationVariables<Parameters<F>>, TOnMutateResult>,
  "mutationFn"
> & { mutationFn?: never };

/** `useQuery(fn, ...args)`: `data` is the server function's result. */
export declare const useQuery: (<F extends AnyFunction>(
  fn: F,
  ...args: Parameters<F>
) => UseQueryResult<ServerFunctionResult<F>, DefaultError>) &
  typeof useTanStackQuery;

/** `useSuspenseQuery(fn, ...args)`: `data` is the server function's result, always defined. */
export declare const useSuspenseQuery: (<F extends AnyFunction>(
  fn: F,
  ...args: Parameters<F>
) => UseSuspenseQueryResult<ServerFunctionResult<F>, DefaultError>) &
  typeof useTanStackSuspenseQuery;

/** `useMutation(fn, options?, queryClient?)`: `variables` follow the server function's parameters. */
export declare const useMutation: (<F extends AnyFunction, TOnMutateResult = unknown>(
  fn: F,
  options?: FnUseMutationOptions<F, TOnMutateResult>,
  queryClient?: QueryClient,
) => UseMutationResult<ServerFunctionResult<F>, DefaultError, MutationVariables<Parameters<F>>, TOnMutateResult>) &
  typeof useTanStackMutation;
