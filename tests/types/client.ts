// Type tests of fnwire/client. Each `@ts-expect-error` line must fail to type-check.
import {
  createServerReference,
  getFnMutationOptions,
  getFnQueryKey,
  getFnQueryOptions,
  initTransport,
  ServerFunctionError,
  type MutationVariables,
  type ServerReference,
  type TransportAdapter,
  type TransportConfig,
} from "fnwire/client";
import { createUser, expectType, getUser, getUsers, maybeUser, saveRoles, saveTags, search, type Equal, type User } from "./expect.js";

declare function syncCount(): number;

// createServerReference: the stub type and its read-only metadata.
const stub = createServerReference<typeof createUser>("1a2b3c4d5e6f7a8b", "createUser", 2);
expectType<Equal<ReturnType<typeof stub>, Promise<User>>>(true);
expectType<Equal<typeof stub.fnId, string>>(true);
expectType<Equal<typeof stub.fnArity, number | undefined>>(true);
const flexible: ServerReference = createServerReference("3c4d5e6f7a8b9c0d", "search");
void flexible("anything", 1);
const typed: ServerReference<typeof getUser> = createServerReference("5e6f7a8b9c0d1e2f", "getUser", 1);
expectType<Equal<Awaited<ReturnType<typeof typed>>, User>>(true);
// @ts-expect-error the typed stub keeps getUser's parameters
void typed(1);
// @ts-expect-error fnId is read-only
stub.fnId = "other";
// @ts-expect-error fnName is read-only
stub.fnName = "other";
// @ts-expect-error the stub keeps the parameters of the server function
void stub("Ada");
// @ts-expect-error fnId is a string
createServerReference(1, "f");

// bind: a bound stub is a stub of the same server function with fewer parameters.
declare function rename(recordId: string, title: string, notify: boolean): Promise<User>;
const renameStub = createServerReference<typeof rename>("7a8b9c0d1e2f3a4b", "rename", 3);
const boundRename = renameStub.bind(null, "record-7");
expectType<Equal<Parameters<typeof boundRename>, [title: string, notify: boolean]>>(true);
expectType<Equal<ReturnType<typeof boundRename>, Promise<User>>>(true);
expectType<Equal<typeof boundRename.fnId, string>>(true);
expectType<Equal<typeof boundRename.fnArity, number | undefined>>(true);
const boundTwice = boundRename.bind(null, "New title");
expectType<Equal<Parameters<typeof boundTwice>, [notify: boolean]>>(true);
void boundTwice(true);
expectType<Equal<ReturnType<typeof getFnQueryKey<typeof boundTwice>>, [string, notify: boolean]>>(true);
expectType<Equal<MutationVariables<Parameters<typeof boundRename>>, [title: string, notify: boolean]>>(true);
void getFnMutationOptions(boundTwice).mutationFn(false);
// @ts-expect-error the bound value is the first parameter's, a string
renameStub.bind(null, 7);
// @ts-expect-error a bound stub keeps the remaining parameters' types
void boundRename(1, true);
// @ts-expect-error the bound stub takes the remaining parameters only
void boundTwice("x", true);

// initTransport: HTTP options or a custom adapter, not both.
initTransport();
initTransport({ baseUrl: "https://api.example.com", credentials: "include", headers: { "x-app": "my-app" } });
initTransport({ basePath: "/rpc", headers: () => ({ authorization: "Bearer token" }) });
initTransport({ headers: async () => new Headers({ "x-trace": "1" }) });
const adapter: TransportAdapter = {
  send: async (fnId, args, { signal }) => {
    expectType<Equal<typeof fnId, string>>(true);
    expectType<Equal<typeof args, unknown[]>>(true);
    expectType<Equal<typeof signal, AbortSignal | undefined>>(true);
    return null;
  },
};
initTransport({ adapter });
const config: TransportConfig = { adapter };
initTransport(config);
// @ts-expect-error a custom adapter owns its configuration
initTransport({ adapter, baseUrl: "https://api.example.com" });
// @ts-expect-error unknown option
initTransport({ mode: "cors" });
// @ts-expect-error credentials is fetch's policy
initTransport({ credentials: "yes" });
// @ts-expect-error an adapter has send()
initTransport({ adapter: {} });

// ServerFunctionError
const error: unknown = new ServerFunctionError("User not found", { status: 404, fnId: "1a2b", data: { id: "1" } });
if (error instanceof ServerFunctionError) {
  expectType<Equal<typeof error.status, number>>(true);
  expectType<Equal<typeof error.data, unknown>>(true);
  expectType<Equal<typeof error.fnId, string>>(true);
}

// getFnQueryKey / getFnQueryOptions: arguments checked against the parameters.
expectType<Equal<ReturnType<typeof getFnQueryKey<typeof getUser>>, [string, string]>>(true);
getFnQueryKey(getUsers);
getFnQueryKey(getUser, "1");
// @ts-expect-error getUser takes a string
getFnQueryKey(getUser, 1);
// @ts-expect-error getUser takes one argument
getFnQueryKey(getUser);
const userQuery = getFnQueryOptions(getUser, "1");
expectType<Equal<Awaited<ReturnType<typeof userQuery.queryFn>>, User>>(true);
expectType<Equal<typeof userQuery.queryKey, [string, string]>>(true);
expectType<Equal<Awaited<ReturnType<ReturnType<typeof getFnQueryOptions<typeof syncCount>>["queryFn"]>>, number>>(true);
// @ts-expect-error search takes a query string first
getFnQueryOptions(search, { limit: 1 });

// getFnMutationOptions: variables from the parameters.
const refreshMutation = getFnMutationOptions(getUsers);
void refreshMutation.mutationFn();
// @ts-expect-error no parameters: no variables
void refreshMutation.mutationFn("x");
expectType<Equal<MutationVariables<Parameters<typeof getUsers>>, void>>(true);
expectType<Equal<MutationVariables<Parameters<typeof getUser>>, string>>(true);
expectType<Equal<MutationVariables<Parameters<typeof saveRoles>>, string[]>>(true);
expectType<Equal<MutationVariables<Parameters<typeof createUser>>, [name: string, email: string]>>(true);
expectType<Equal<MutationVariables<Parameters<typeof search>>, [query: string, options?: { limit: number }] | string>>(true);
expectType<Equal<MutationVariables<Parameters<typeof maybeUser>>, Parameters<typeof maybeUser> | void | string>>(true);
expectType<Equal<MutationVariables<Parameters<typeof saveTags>>, string[] | void | string>>(true);
const createUserMutation = getFnMutationOptions(createUser);
expectType<Equal<typeof createUserMutation.mutationKey, [string]>>(true);
void createUserMutation.mutationFn(["Ada", "ada@example.com"]);
// @ts-expect-error two parameters take a tuple of two
void createUserMutation.mutationFn("Ada");
// @ts-expect-error two parameters take a tuple of exactly two
void createUserMutation.mutationFn(["Ada"]);
void getFnMutationOptions(saveRoles).mutationFn(["admin", "editor"]);
void getFnMutationOptions(search).mutationFn("ada");
void getFnMutationOptions(search).mutationFn(["ada", { limit: 2 }]);
// @ts-expect-error search needs its query
void getFnMutationOptions(search).mutationFn(undefined);
void getFnMutationOptions(maybeUser).mutationFn(undefined);
