// Runs the app's client code as a browser would (the built bundle, or the
// compiled entry), pointed at a running server, and calls each server
// function through its stub. Prints what came back, as JSON.
//
// Usage: node call.mjs CLIENT_FILE BASE_URL
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [clientFile, baseUrl] = process.argv.slice(2);
await import(pathToFileURL(resolve(clientFile)).href);
// What the client entry puts on globalThis (a bundle exports nothing).
const { connect, add, greet, ServerFunctionError } = globalThis.fnwireApp;
connect(baseUrl);
const error = await greet(" ").then(
  () => null,
  (error) => error,
);
console.log(
  JSON.stringify({
    greet: await greet("Ada"),
    add: await add(2, 3),
    stubs: { greet: [greet.fnId, greet.fnName, greet.fnArity ?? null], add: [add.fnId, add.fnName, add.fnArity ?? null] },
    error: error && {
      serverFunctionError: error instanceof ServerFunctionError,
      message: error.message,
      status: error.status,
      data: error.data,
    },
  }),
);
