// Type tests of middleware (section 15): the context inferred through the
// chain, and a type error for a member no middleware adds. Each
// `@ts-expect-error` line must fail to type-check.
import { createMiddleware, createServerFn, getContext, ServerError, type Middleware } from "fnwire/server";
import { z } from "zod";
import { expectType, type Equal } from "./expect.js";

interface User {
  id: string;
  role: "admin" | "member";
}
declare function sessionUser(): Promise<User | undefined>;

const auth = createMiddleware().server(async ({ next }) => {
  const user = await sessionUser();
  if (!user) throw new ServerError("Sign in first", { status: 401 });
  return next({ context: { user } });
});
expectType<Equal<typeof auth, Middleware<{ user: User }>>>(true);

// A middleware that depends on another sees its context, and adds its own.
const adminOnly = createMiddleware()
  .middleware([auth])
  .server(async ({ context, next }) => {
    expectType<Equal<typeof context.user, User>>(true);
    if (context.user.role !== "admin") throw new ServerError("Admins only", { status: 403 });
    return next({ context: { isAdmin: true as const } });
  });

// Its own validator types the data it sees.
const orgAccess = createMiddleware()
  .validator(z.object({ orgId: z.string() }))
  .server(async ({ data, next, fnId, fnName }) => {
    expectType<Equal<typeof data, { orgId: string }>>(true);
    expectType<Equal<typeof fnId | typeof fnName, string>>(true);
    return next({ context: { orgId: data.orgId } });
  });

// One that adds nothing.
const timing = createMiddleware({ type: "function" }).server(async ({ next }) => {
  const outcome = await next();
  expectType<Equal<typeof outcome.result, unknown>>(true);
  return outcome;
});

export const renameOrg = createServerFn({ method: "POST" })
  .middleware([timing, adminOnly, orgAccess])
  .validator(z.object({ orgId: z.string(), name: z.string() }))
  .handler(async ({ data, context }) => {
    expectType<Equal<typeof context.user, User>>(true);
    expectType<Equal<typeof context.isAdmin, true>>(true);
    expectType<Equal<typeof context.orgId, string>>(true);
    // @ts-expect-error no middleware adds `tenant`
    context.tenant;
    return `${data.name} by ${context.user.id}`;
  });
expectType<Equal<Parameters<typeof renameOrg>, [input: { orgId: string; name: string }]>>(true);
expectType<Equal<ReturnType<typeof renameOrg>, Promise<string>>>(true);

// Without a validator, and without middleware: the context has no members.
export const whoAmI = createServerFn()
  .middleware([auth])
  .handler(async ({ context }) => context.user.id);
expectType<Equal<ReturnType<typeof whoAmI>, Promise<string>>>(true);

export const plain = createServerFn().handler(async ({ context }) => {
  // @ts-expect-error no middleware: nothing on the context
  return context.user;
});

// @ts-expect-error .middleware() takes middleware made by createMiddleware()
createServerFn().middleware([async () => {}]);

// @ts-expect-error a middleware returns next()'s result
createMiddleware().server(async () => "done");

// Plain and inline server functions reach what global middleware built through getContext().
export async function deleteItem(id: string) {
  const { user } = getContext<{ user: User }>();
  expectType<Equal<typeof user, User>>(true);
  return `${id} deleted by ${user.id}`;
}
