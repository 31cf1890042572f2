// Type tests of fnwire/query. Each `@ts-expect-error` line must fail to type-check.
import { QueryClient, type UseQueryResult } from "@tanstack/react-query";
import type { ServerReference } from "fnwire/client";
import { getFnMutationOptions, getFnQueryKey, getFnQueryOptions, useMutation, useQuery, useSuspenseQuery } from "fnwire/query";
import { createUser, expectType, getUser, getUsers, refresh, saveRoles, saveTags, search, type Equal, type User } from "./expect.js";

export function Component() {
  // Queries: data from the server function's result, arguments checked.
  const users = useQuery(getUsers);
  expectType<Equal<typeof users.data, User[] | undefined>>(true);
  const user = useQuery(getUser, "1");
  expectType<Equal<typeof user.data, User | undefined>>(true);
  // @ts-expect-error getUser takes a string
  useQuery(getUser, 1);
  // @ts-expect-error arguments are spread, not passed as an array
  useQuery(getUser, ["1"]);
  // A stub typed as a ServerReference works the same.
  const stub = {} as ServerReference<typeof getUser>;
  const fromStub = useQuery(stub, "1");
  expectType<Equal<typeof fromStub.data, User | undefined>>(true);
  // @ts-expect-error the stub keeps getUser's parameters
  useQuery(stub);
  const suspense = useSuspenseQuery(getUsers);
  expectType<Equal<typeof suspense.data, User[]>>(true);
  const found = useSuspenseQuery(search, "ada", { limit: 5 });
  expectType<Equal<typeof found.data, User[]>>(true);

  // The object form is TanStack's own hook.
  const objectForm = useQuery({ queryKey: ["github", "ada"], queryFn: async () => 42 });
  expectType<Equal<typeof objectForm, UseQueryResult<number, Error>>>(true);
  const withOptions = useQuery({ ...getFnQueryOptions(getUser, "1"), enabled: false });
  expectType<Equal<typeof withOptions.data, User | undefined>>(true);
  const defined = useQuery({ queryKey: ["n"], queryFn: async () => 1, initialData: 0 });
  expectType<Equal<typeof defined.data, number>>(true);
  const objectSuspense = useSuspenseQuery({ queryKey: ["n"], queryFn: async () => "x" });
  expectType<Equal<typeof objectSuspense.data, string>>(true);
  // @ts-expect-error the object form needs a queryKey
  useQuery({ queryFn: async () => 1 });

  // Mutations: variables from the parameters.
  const queryClient = new QueryClient();
  const create = useMutation(createUser, {
    onSuccess: (created, variables) => {
      expectType<Equal<typeof created, User>>(true);
      expectType<Equal<typeof variables, [name: string, email: string]>>(true);
      void queryClient.invalidateQueries({ queryKey: getFnQueryKey(getUsers) });
    },
  });
  create.mutate(["Ada", "ada@example.com"]);
  expectType<Equal<typeof create.data, User | undefined>>(true);
  // @ts-expect-error two parameters take a tuple
  create.mutate("Ada");
  // @ts-expect-error the tuple has exactly two items
  create.mutate(["Ada"]);
  const roles = useMutation(saveRoles, undefined, queryClient);
  roles.mutate(["admin", "editor"]);
  // @ts-expect-error one parameter is passed directly
  roles.mutate("admin");
  const doRefresh = useMutation(refresh);
  doRefresh.mutate();
  // @ts-expect-error no parameters: no variables
  doRefresh.mutate("x");
  const tags = useMutation(saveTags);
  tags.mutate();
  tags.mutate("a");
  tags.mutate(["a", "b"]);
  expectType<Equal<typeof tags.data, number | undefined>>(true);
  const find = useMutation(search);
  find.mutate("ada");
  find.mutate(["ada", { limit: 2 }]);
  // @ts-expect-error mutationFn is the server function itself
  useMutation(createUser, { mutationFn: async () => null });
  const withContext = useMutation(getUser, { onMutate: () => ({ previous: 1 }), onError: (_e, _v, context) => context?.previous });
  expectType<Equal<typeof withContext.context, { previous: number } | undefined>>(true);

  // The object form of useMutation is TanStack's own hook.
  const plain = useMutation({ mutationFn: async (n: number) => String(n) });
  plain.mutate(1);
  expectType<Equal<typeof plain.data, string | undefined>>(true);
  // @ts-expect-error the object form's variables come from its mutationFn
  plain.mutate("1");
  const fromOptions = useMutation(getFnMutationOptions(createUser));
  fromOptions.mutate(["Ada", "ada@example.com"]);

  // A bound stub (an inline server function with its captures) keeps its typing.
  const renameItem = ({} as ServerReference<(id: string, title: string) => Promise<User>>).bind(null, "7");
  const renaming = useMutation(renameItem);
  renaming.mutate("New title");
  expectType<Equal<typeof renaming.data, User | undefined>>(true);
  // @ts-expect-error one parameter is left: its value, not the whole argument list
  renaming.mutate(["7", "New title"]);
  const item = useQuery(renameItem, "Title");
  expectType<Equal<typeof item.data, User | undefined>>(true);
  return { users, user, suspense };
}
