// Type tests of fnwire/server. Each `@ts-expect-error` line must fail to type-check.
import http from "node:http";
import {
  createNodeHandler,
  createServerFn,
  deleteCookie,
  getCookie,
  handleRequest,
  headers,
  registerServerReference,
  request,
  ServerError,
  setCookie,
  waitUntil,
  type CookieOptions,
  type HandleRequestOptions,
  type NodeHandlerOptions,
  type ServerErrorOptions,
  type StandardSchemaV1,
} from "fnwire/server";
import { expectType, type Equal } from "./expect.js";

async function createUser(name: string, email: string) {
  return { name, email };
}
expectType<Equal<ReturnType<typeof registerServerReference<typeof createUser>>, typeof createUser>>(true);
registerServerReference(createUser, "1a2b3c4d5e6f7a8b", "createUser");
// @ts-expect-error only functions are server functions
registerServerReference("VERSION", "1a2b3c4d5e6f7a8b", "VERSION");
// @ts-expect-error fnName is required
registerServerReference(createUser, "1a2b3c4d5e6f7a8b");

const errorOptions: ServerErrorOptions = { status: 404, data: { id: "1" } };
const notFound = new ServerError("User not found", errorOptions);
expectType<Equal<typeof notFound.status, number>>(true);
new ServerError("Failed");
// @ts-expect-error status is a number
new ServerError("Failed", { status: "404" });

const options: HandleRequestOptions = { basePath: "/rpc", waitUntil: (promise) => void promise };
const response: Promise<Response> = handleRequest(new Request("http://localhost/rpc/fn"), options);
// @ts-expect-error handleRequest takes a Fetch Request
void handleRequest("http://localhost/__fnwire/fn");
const nodeOptions: NodeHandlerOptions = { basePath: "/rpc", timeout: 10_000 };
void handleRequest(new Request("http://localhost/__fnwire/fn"), { timeout: 0 });
// @ts-expect-error timeout is a number of milliseconds
void handleRequest(new Request("http://localhost/__fnwire/fn"), { timeout: "10" });
// @ts-expect-error timeout is a number of milliseconds
createNodeHandler({ timeout: "30s" });
http.createServer(createNodeHandler(nodeOptions));
createNodeHandler()({} as http.IncomingMessage, {} as http.ServerResponse, () => {});
// @ts-expect-error createNodeHandler has no waitUntil: node:http keeps running on its own
createNodeHandler({ waitUntil: () => {} });

export async function currentSession() {
  const req: Request = request();
  const locale: string | null = headers().get("accept-language");
  const session: string | undefined = getCookie("session");
  const cookie: CookieOptions = { path: "/", maxAge: 3600, httpOnly: true, secure: true, sameSite: "lax", expires: new Date() };
  setCookie("session", "abc", cookie);
  deleteCookie("old", { path: "/", domain: "example.com" });
  // @ts-expect-error sameSite is strict, lax or none
  setCookie("session", "abc", { sameSite: "sometimes" });
  // @ts-expect-error values are strings
  setCookie("count", 1);
  // @ts-expect-error deleting sets Max-Age=0 itself
  deleteCookie("old", { maxAge: 10 });
  waitUntil(Promise.resolve(req.url));
  // @ts-expect-error waitUntil takes a promise, not a function
  waitUntil(async () => {});
  return { locale, hasSession: Boolean(session), response };
}

// createServerFn: the input from the schema (or the handler's data), the result from the handler.
declare const idSchema: StandardSchemaV1<{ id: string }, { id: string }>;
declare const pageSchema: StandardSchemaV1<{ page?: string }, { page: number }>;
const getUser = createServerFn({ method: "GET" })
  .validator(idSchema)
  .handler(async ({ data }) => {
    expectType<Equal<typeof data, { id: string }>>(true);
    return { id: data.id, name: "Ada" };
  });
expectType<Equal<Parameters<typeof getUser>, [input: { id: string }]>>(true);
expectType<Equal<ReturnType<typeof getUser>, Promise<{ id: string; name: string }>>>(true);
// @ts-expect-error the input is the schema's input type
void getUser({ id: 1 });
// @ts-expect-error the input is required
void getUser();
const listPage = createServerFn()
  .validator(pageSchema)
  .handler(({ data }) => {
    // The schema's output: the transformed value.
    expectType<Equal<typeof data, { page: number }>>(true);
    return [data.page];
  });
expectType<Equal<ReturnType<typeof listPage>, Promise<number[]>>>(true);
void listPage({ page: "2" });
void listPage({});
const parsed = createServerFn({ method: "POST" })
  .validator((input: unknown) => {
    if (typeof input !== "string") throw new Error("Expected a string");
    return input.length;
  })
  .handler(({ data }) => {
    expectType<Equal<typeof data, number>>(true);
    return data * 2;
  });
expectType<Equal<Parameters<typeof parsed>, [input?: unknown]>>(true);
const asyncParsed = createServerFn()
  .validator(async (input: { n: number }) => input.n)
  .handler(({ data }) => data);
expectType<Equal<Parameters<typeof asyncParsed>, [input: { n: number }]>>(true);
expectType<Equal<ReturnType<typeof asyncParsed>, Promise<number>>>(true);
const noValidator = createServerFn().handler(async ({ data }: { data: { name: string } }) => data.name.length);
expectType<Equal<Parameters<typeof noValidator>, [input: { name: string }]>>(true);
const noInput = createServerFn({ method: "GET" }).handler(async () => ["a", "b"]);
expectType<Equal<Parameters<typeof noInput>, [input?: undefined]>>(true);
void noInput();
// @ts-expect-error method is GET or POST
createServerFn({ method: "PUT" });
// @ts-expect-error no such option
createServerFn({ type: "static" });
// @ts-expect-error one validator: a validated builder has only .handler
createServerFn().validator(idSchema).validator(idSchema);
// @ts-expect-error a validator is a Standard Schema or a parse function
createServerFn().validator({ parse: (input: unknown) => input });
