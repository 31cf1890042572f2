// Type tests of createServerFn with real schema libraries, and of its server
// functions through fnwire/query. Each `@ts-expect-error` line must fail to type-check.
import type { ServerReference } from "fnwire/client";
import { useMutation, useQuery } from "fnwire/query";
import { createServerFn } from "fnwire/server";
import * as v from "valibot";
import { z } from "zod";
import { expectType, type Equal } from "./expect.js";

interface User {
  id: string;
  name: string;
}

// zod: the input is the schema's input, data its output.
export const getUser = createServerFn({ method: "GET" })
  .validator(z.object({ id: z.string() }))
  .handler(async ({ data }): Promise<User> => ({ id: data.id, name: "Ada" }));
expectType<Equal<Parameters<typeof getUser>, [input: { id: string }]>>(true);
expectType<Equal<ReturnType<typeof getUser>, Promise<User>>>(true);

export const listUsers = createServerFn({ method: "GET" })
  .validator(z.object({ page: z.coerce.number().int().default(1) }))
  .handler(async ({ data }) => {
    expectType<Equal<typeof data, { page: number }>>(true);
    return [] as User[];
  });

// valibot, with a transformation: a string in, a number out.
export const setAge = createServerFn()
  .validator(v.object({ age: v.pipe(v.string(), v.transform(Number)) }))
  .handler(async ({ data }) => {
    expectType<Equal<typeof data, { age: number }>>(true);
    return data.age;
  });
expectType<Equal<Parameters<typeof setAge>, [input: { age: string }]>>(true);

export function Profile() {
  // As a component uses them: useQuery(getUser, input) and mutations infer from the builder.
  const user = useQuery(getUser, { id: "1" });
  expectType<Equal<typeof user.data, User | undefined>>(true);
  // @ts-expect-error the input is zod's input type: id is a string
  useQuery(getUser, { id: 1 });
  // @ts-expect-error the input is required
  useQuery(getUser);
  const age = useMutation(setAge);
  age.mutate({ age: "42" });
  expectType<Equal<typeof age.data, number | undefined>>(true);
  // @ts-expect-error one parameter: its value, the schema's input
  age.mutate([{ age: "42" }]);
  // The compiled stub as the browser has it, typed by the builder's function.
  const stub = {} as ServerReference<typeof getUser>;
  const fromStub = useQuery(stub, { id: "2" });
  expectType<Equal<typeof fromStub.data, User | undefined>>(true);
  return { user, age };
}
