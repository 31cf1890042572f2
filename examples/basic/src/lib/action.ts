// The app's own action helper, in the style of next-safe-action: a "use
// server" module writes `export const x = action(schema, async (input) => …)`,
// and the input is checked with zod on the server before `fn` runs. fnwire
// compiles such exports with `wrappedExports: true` (vite.config.ts).
import { ServerError } from "fnwire/server";
import type { z } from "zod";

/**
 * A server function that parses its one argument with `schema`, then calls
 * `fn` with the parsed value. A refused input answers 400 with zod's issues
 * as `data.issues` (next-safe-action returns them as a result instead; a
 * thrown ServerError reaches the page as the app's other errors do).
 */
export function action<Schema extends z.ZodType, Result>(
  schema: Schema,
  fn: (input: z.output<Schema>) => Promise<Result>,
): (input: z.input<Schema>) => Promise<Result> {
  return async (input) => {
    const parsed = await schema.safeParseAsync(input);
    if (!parsed.success) {
      // Only what the page needs: each issue's message and where it is.
      const issues = parsed.error.issues.map(({ message, path }) => ({ message, path }));
      throw new ServerError("Check the form.", { status: 400, data: { issues } });
    }
    return fn(parsed.data);
  };
}
