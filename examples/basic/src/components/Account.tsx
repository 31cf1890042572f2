import { useQueryClient } from "@tanstack/react-query";
import { getFnQueryKey } from "fnwire/client";
import { useQuery } from "fnwire/query";
import { useEffect, useRef } from "react";
import { useFormStatus } from "react-dom";
import { currentUser, signIn, signOut } from "../api/session.server";

/**
 * Signing in sets the session cookie that the records' mutations need (their
 * `auth` middleware); deleting needs the admin role. The forms' actions are
 * the server functions themselves, so they work before JavaScript loads.
 */
export function Account() {
  const user = useQuery(currentUser);
  return (
    <section aria-labelledby="account-title">
      <h2 id="account-title">Account</h2>
      <p data-testid="account">
        {user.data === undefined
          ? "Checking your session…"
          : user.data
            ? `Signed in as ${user.data.name} (${user.data.role}).`
            : "Signed out."}
      </p>
      <form action={signIn} className="row">
        <SessionButton name="role" value="member">
          Sign in
        </SessionButton>
        <SessionButton name="role" value="admin">
          Sign in as admin
        </SessionButton>
      </form>
      <form action={signOut} className="row">
        <SessionButton>Sign out</SessionButton>
      </form>
    </section>
  );
}

/** A submit button that asks the server who is signed in once its form's action is done. */
function SessionButton({ children, name, value }: { children: string; name?: string; value?: string }) {
  const { pending } = useFormStatus();
  const queryClient = useQueryClient();
  const wasPending = useRef(false);
  useEffect(() => {
    if (wasPending.current && !pending) void queryClient.invalidateQueries({ queryKey: getFnQueryKey(currentUser) });
    wasPending.current = pending;
  }, [pending, queryClient]);
  return (
    <button type="submit" name={name} value={value} disabled={pending} className="secondary">
      {children}
    </button>
  );
}
