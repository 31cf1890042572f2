// The client entry (Node runs the compiled modules, so the import names the
// compiled file).
import { initTransport, ServerFunctionError } from "fnwire/client";
import { add, greet } from "./api/greeting.server.js";

Object.assign(globalThis, { fnwireApp: { connect: (baseUrl: string) => initTransport({ baseUrl }), add, greet, ServerFunctionError } });
