// handleRequest() behind @hono/node-server's listener (with its own Request and Response in place of the global ones).
import { getRequestListener } from "@hono/node-server";
import { adapterCases } from "./adapter-cases.mjs";

adapterCases("@hono/node-server", (fetchHandler) => getRequestListener((request) => fetchHandler(request)));
