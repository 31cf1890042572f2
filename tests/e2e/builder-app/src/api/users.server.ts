"use server";
// Issue 18's example, as a new user writes it: a GET read validated with zod.
import { createServerFn } from "fnwire/server";
import { z } from "zod";

const db = new Map([
  ["1", { id: "1", name: "Ada Lovelace" }],
  ["2", { id: "2", name: "Grace Hopper" }],
]);

export const getUser = createServerFn({ method: "GET" })
  .validator(z.object({ id: z.string() }))
  .handler(async ({ data }) => db.get(data.id) ?? null);

// A write: POST, and only POST.
export const renameUser = createServerFn()
  .validator(z.object({ id: z.string(), name: z.string().min(1) }))
  .handler(async ({ data }) => {
    const user = db.get(data.id);
    if (user) user.name = data.name;
    return user ?? null;
  });
