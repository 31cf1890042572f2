"use server";
// Signing in and out: a session cookie that the `auth` middleware reads
// (src/server/auth.ts). Both are form actions, so they work without JavaScript.
import { deleteCookie, getCookie, setCookie } from "fnwire/server";
import { endSession, SESSION_COOKIE, sessionUser, startSession, type Role, type User } from "../server/sessions";

/** The form's clicked button says the role: "member" or "admin". */
export async function signIn(form: FormData): Promise<void> {
  const role: Role = form.get("role") === "admin" ? "admin" : "member";
  setCookie(SESSION_COOKIE, startSession(role), { httpOnly: true, sameSite: "lax" });
}

export async function signOut(): Promise<void> {
  endSession(getCookie(SESSION_COOKIE));
  deleteCookie(SESSION_COOKIE);
}

/** Who the session cookie says is signed in, or null. */
export async function currentUser(): Promise<User | null> {
  return sessionUser(getCookie(SESSION_COOKIE)) ?? null;
}
