// Who is signed in: sessions in the example's store, found by the id in the
// session cookie. A real app keeps them in its database.
import { randomUUID } from "node:crypto";
import { table } from "./store";

export const SESSION_COOKIE = "fnwire_example_session";

export type Role = "member" | "admin";

export interface User {
  name: string;
  role: Role;
}

const sessions = table<User & { token: string }>("sessions");

/** A new session for a user of `role`: the token for the cookie. */
export function startSession(role: Role): string {
  const token = randomUUID();
  sessions.insert({ token, name: role === "admin" ? "Grace" : "Ada", role });
  return token;
}

/** The user of a session token, or undefined for none, or one that is unknown or ended. */
export function sessionUser(token: string | undefined): User | undefined {
  if (token === undefined) return undefined;
  const session = sessions.list().find((row) => row.token === token);
  return session && { name: session.name, role: session.role };
}

export function endSession(token: string | undefined): void {
  for (const session of sessions.list()) if (session.token === token) sessions.delete(session.id);
}
