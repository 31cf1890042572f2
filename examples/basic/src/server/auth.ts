// The example's middleware (section 15): authenticate from the session
// cookie, then authorize by role. Server functions list them instead of
// repeating the checks in every body.
import { createMiddleware, getCookie, ServerError } from "fnwire/server";
import { SESSION_COOKIE, sessionUser } from "./sessions";

/** The signed-in user, as `context.user`; a 401 when there is none. */
export const auth = createMiddleware().server(async function auth({ next }) {
  const user = sessionUser(getCookie(SESSION_COOKIE));
  if (!user) throw new ServerError("Sign in first.", { status: 401 });
  return next({ context: { user } });
});

/** After `auth` (it runs first, once): a 403 unless the user is an admin. */
export const adminOnly = createMiddleware()
  .middleware([auth])
  .server(async function adminOnly({ context, next }) {
    if (context.user.role !== "admin") {
      throw new ServerError("Only an admin may do this.", { status: 403, data: { role: context.user.role } });
    }
    return next();
  });
