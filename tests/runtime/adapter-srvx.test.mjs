// handleRequest() behind srvx's Node handler (the Node server of TanStack Start, Nitro and h3).
import { toNodeHandler } from "srvx/node";
import { adapterCases } from "./adapter-cases.mjs";

adapterCases("srvx", (fetchHandler) => toNodeHandler((request) => fetchHandler(request)));
