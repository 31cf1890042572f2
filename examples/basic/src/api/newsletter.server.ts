"use server";
// A server function written as next-safe-action users write theirs: built by
// a wrapper, the app's own action(schema, fn) (src/lib/action.ts). fnwire
// accepts the call as an export with `wrappedExports: true` in vite.config.ts.
import { z } from "zod";
import { action } from "../lib/action";
import { table } from "../server/store";

export interface Subscription {
  email: string;
  /** How many addresses the newsletter goes to now. */
  subscribers: number;
}

const subscribers = table<{ email: string }>("subscribers");

export const subscribe = action(z.object({ email: z.email() }), async ({ email }): Promise<Subscription> => {
  if (!subscribers.list().some((row) => row.email === email)) subscribers.insert({ email });
  return { email, subscribers: subscribers.list().length };
});
