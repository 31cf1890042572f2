// The browser entry: calls server functions as if they were local.
import { initTransport, ServerFunctionError } from "fnwire/client";
import { add, greet } from "./api/greeting.server";

// A bundle exports nothing: the test reaches the stubs through globalThis.
Object.assign(globalThis, { fnwireApp: { connect: (baseUrl: string) => initTransport({ baseUrl }), add, greet, ServerFunctionError } });
