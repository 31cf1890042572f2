// The client entry: it calls server functions as if they were local. In the
// client build, fnwire turns the *.server.ts imports into stubs.
import { initTransport, ServerFunctionError } from "fnwire/client";
import { greet } from "./api/greeting.server";
import { add, orderTotal, validateName } from "./api/math.server";

/** Points the stubs at the server (a browser app would default to its own origin). */
export function connect(baseUrl: string): void {
  initTransport({ baseUrl });
}

export async function checkout(): Promise<string> {
  const { total } = await orderTotal([{ price: 10, quantity: 2 }]);
  return `${await greet("Ada")} Your total is ${total}.`;
}

export { add, greet, orderTotal, validateName, ServerFunctionError };
