// The state every copy of fnwire/server shares. A dev server can load this
// package a second time beside Node's own import of it (Vite's SSR module
// graph does): both copies must see the same registered functions, request
// context and ServerError class, so each concern keeps its part of the state
// here, on globalThis, where fnwire/client also looks (registeredServerFunction).
import { SERVER_STATE } from "../protocol.js";

export const shared = (globalThis[SERVER_STATE] ??= {});
