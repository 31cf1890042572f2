// Server-side rendering (section 11): on the server the original,
// registered functions stand where the browser has stubs, and the query
// helpers and hooks take them, calling them in this process. No DOM here:
// this is the server. tests/react18/ runs this same file against React 18.
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, test } from "node:test";
import React from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { dehydrate, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createServerReference, getFnMutationOptions, getFnQueryKey, getFnQueryOptions, initTransport } from "fnwire/client";
import { useMutation, useQuery, useSuspenseQuery } from "fnwire/query";
import { __unregisterServerReferences, handleRequest, headers, registerServerReference } from "fnwire/server";

const h = React.createElement;
const OUTSIDE_REQUEST =
  "[fnwire] Server context helpers (request(), headers(), cookie helpers, waitUntil()) must be called during a request lifecycle.";

// What a compiled "use server" module is in a server build: the functions themselves, registered.
const received = [];
async function listUsers(filter) {
  received.push(filter);
  return [
    { id: "1", name: "Ada", joined: new Date("2025-01-06T09:00:00.000Z"), note: undefined },
    { id: "2", name: "Grace", joined: new Date("2025-01-07T14:30:00.000Z"), note: "admin" },
  ];
}
registerServerReference(listUsers, "users00000000000", "listUsers");
async function getUser(id) {
  return { id, name: `User ${id}` };
}
registerServerReference(getUser, "user000000000000", "getUser");
async function whoAmI() {
  return headers().get("x-user");
}
registerServerReference(whoAmI, "whoami0000000000", "whoAmI");
async function rename(recordId, title) {
  return { recordId, title };
}
registerServerReference(rename, "rename0000000000", "Item.rename");
// One function under two ids: the first registration names it.
async function shared() {
  return "shared";
}
registerServerReference(shared, "first00000000000", "first");
registerServerReference(shared, "second0000000000", "second");
// Never registered: an ordinary function.
async function fetchUsers() {
  return [];
}

// What the browser has for the same functions.
const browserListUsers = createServerReference("users00000000000", "listUsers", 1);
const browserRename = createServerReference("rename0000000000", "Item.rename", 2);

let transportCalls;
beforeEach(() => {
  transportCalls = [];
  received.length = 0;
  // On the server nothing may go over the transport: any call here is a bug.
  initTransport({ adapter: { send: async (fnId, args) => transportCalls.push({ fnId, args }) } });
});
afterEach(() => {
  initTransport();
  assert.deepEqual(transportCalls, [], "nothing went over the transport");
});

const newQueryClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

describe(`server-side rendering with registered functions on React ${React.version}`, () => {
  test("getFnQueryKey gives the key the browser's stub gives", () => {
    assert.deepEqual(getFnQueryKey(listUsers, { role: "admin" }), getFnQueryKey(browserListUsers, { role: "admin" }));
    assert.deepEqual(getFnQueryKey(listUsers, { role: "admin" }), ["users00000000000", { role: "admin" }]);
    assert.deepEqual(getFnQueryKey(shared), ["first00000000000"]);
  });

  test("getFnQueryOptions calls the function in this process, with the values as they are (no encoding)", async () => {
    const filter = { role: "admin", since: new Date("2025-01-01T00:00:00.000Z"), skip: undefined };
    const options = getFnQueryOptions(listUsers, filter);
    assert.deepEqual(options.queryKey, ["users00000000000", filter]);
    const data = await options.queryFn({ signal: new AbortController().signal });
    // A local call: dates stay dates, undefined members stay, the very objects go in and come out.
    assert.deepEqual(data, [
      { id: "1", name: "Ada", joined: new Date("2025-01-06T09:00:00.000Z"), note: undefined },
      { id: "2", name: "Grace", joined: new Date("2025-01-07T14:30:00.000Z"), note: "admin" },
    ]);
    assert.equal(received.length, 1);
    assert.equal(received[0], filter);
  });

  test("getFnMutationOptions: mutationKey [fnId], the flexible rule (no fnArity on the server)", async () => {
    const options = getFnMutationOptions(rename);
    assert.deepEqual(options.mutationKey, ["rename0000000000"]);
    assert.deepEqual(await options.mutationFn(["7", "New title"]), { recordId: "7", title: "New title" });
    assert.deepEqual(await getFnMutationOptions(getUser).mutationFn("3"), { id: "3", name: "User 3" });
    // Flexible: undefined → no argument, an array → the arguments, anything else → one argument.
    const mutationFn = getFnMutationOptions(listUsers).mutationFn;
    assert.equal((await mutationFn(undefined)).length, 2);
    await mutationFn([{ role: "a" }]);
    await mutationFn({ role: "b" });
    assert.deepEqual(received, [undefined, { role: "a" }, { role: "b" }]);
  });

  test("a bound copy of a registered function (an inline function's captures) is recognized", async () => {
    const boundRename = rename.bind(null, "7");
    assert.deepEqual(getFnQueryKey(boundRename, "x"), getFnQueryKey(browserRename.bind(null, "7"), "x"));
    assert.deepEqual(getFnQueryKey(boundRename, "x"), ["rename0000000000", "7", "x"]);
    assert.deepEqual(await getFnMutationOptions(boundRename).mutationFn("New title"), { recordId: "7", title: "New title" });
    // Binding again appends, as on the client; the bound function still works as a function.
    const twice = boundRename.bind(null, "Other");
    assert.deepEqual(await getFnQueryOptions(twice).queryFn({}), { recordId: "7", title: "Other" });
    assert.deepEqual(await twice(), { recordId: "7", title: "Other" });
  });

  test("in the current request context when there is one", async () => {
    // A server function whose work calls another one, as a loader does during a request.
    registerServerReference(async () => getFnQueryOptions(whoAmI).queryFn({}), "outer00000000000", "outer");
    const response = await handleRequest(
      new Request("http://localhost/__fnwire/fn", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-User": "ada" },
        body: JSON.stringify({ fnId: "outer00000000000", args: [] }),
      }),
    );
    assert.deepEqual(await response.json(), { result: "ada" });
    // Outside any request, the helper says so.
    await assert.rejects(getFnQueryOptions(whoAmI).queryFn({}), (error) => error.message.startsWith(OUTSIDE_REQUEST));
  });

  test("a function that was never registered, or no longer is, still throws the [fnwire] error", () => {
    for (const helper of [getFnQueryKey, getFnQueryOptions, getFnMutationOptions]) {
      assert.throws(() => helper(fetchUsers), { name: "TypeError", message: /^\[fnwire\] "fetchUsers" is not a server function/ });
      assert.throws(() => helper(fetchUsers.bind(null, 1)), { message: /^\[fnwire\] "bound fetchUsers" is not a server function/ });
    }
    const edited = async () => "old version";
    registerServerReference(edited, "edited0000000000", "edited");
    assert.deepEqual(getFnQueryKey(edited), ["edited0000000000"]);
    // What the dev server does when a module is edited: the old function is forgotten.
    __unregisterServerReferences(["edited0000000000"]);
    assert.throws(() => getFnQueryKey(edited), { message: /^\[fnwire\] "edited" is not a server function/ });
  });

  test("useQuery(serverFn) renders with renderToString from prefetched data, under the browser's query key", async () => {
    function Users() {
      const users = useQuery(listUsers, { role: "any" });
      if (users.isPending) return h("p", null, "Loading…");
      return h(
        "ul",
        null,
        users.data.map((user) => h("li", { key: user.id }, `${user.name} since ${user.joined.toISOString().slice(0, 10)}`)),
      );
    }
    const queryClient = newQueryClient();
    await queryClient.prefetchQuery(getFnQueryOptions(listUsers, { role: "any" }));
    const html = renderToString(h(QueryClientProvider, { client: queryClient }, h(Users)));
    assert.equal(html, "<ul><li>Ada since 2025-01-06</li><li>Grace since 2025-01-07</li></ul>");
    // What the page ships to the browser: one query, under the key the browser's stub computes.
    const { queries } = dehydrate(queryClient);
    assert.deepEqual(
      queries.map((query) => query.queryKey),
      [getFnQueryKey(browserListUsers, { role: "any" })],
    );
    assert.equal(received.length, 1, "called once, by the prefetch");
    queryClient.clear();
  });

  test("useSuspenseQuery(serverFn, arg) fetches in-process while a streaming render waits", async () => {
    function User({ id }) {
      const { data } = useSuspenseQuery(getUser, id);
      return h("p", null, data.name);
    }
    const queryClient = newQueryClient();
    const html = await renderAll(
      h(QueryClientProvider, { client: queryClient }, h(React.Suspense, { fallback: h("p", null, "…") }, h(User, { id: "42" }))),
    );
    assert.match(html, /<p>User 42<\/p>/);
    assert.deepEqual(queryClient.getQueryData(getFnQueryKey(getUser, "42")), { id: "42", name: "User 42" });
    queryClient.clear();
  });

  test("useMutation(serverFn) renders on the server, bound copies too; a plain function throws during render", () => {
    const queryClient = newQueryClient();
    function Item({ id }) {
      const save = useMutation(rename.bind(null, id));
      const load = useMutation(getUser, { onSuccess: () => {} });
      return h("button", { disabled: save.isPending || load.isPending }, `Rename ${id}`);
    }
    const render = (element) => renderToString(h(QueryClientProvider, { client: queryClient }, element));
    assert.equal(render(h(Item, { id: "7" })), "<button>Rename 7</button>");
    function Plain() {
      useQuery(fetchUsers);
      return null;
    }
    assert.throws(() => render(h(Plain)), { message: /^\[fnwire\] "fetchUsers" is not a server function/ });
    function WithMutationFn() {
      useMutation(rename, { mutationFn: async () => null });
      return null;
    }
    assert.throws(() => render(h(WithMutationFn)), { message: /^\[fnwire\] useMutation\(Item\.rename, options\): options\.mutationFn/ });
    queryClient.clear();
  });
});

/** The whole HTML of a streaming render, once every Suspense boundary has resolved. */
function renderAll(element) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const sink = new PassThrough();
    sink.on("data", (chunk) => chunks.push(chunk));
    sink.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    const stream = renderToPipeableStream(element, {
      onAllReady: () => stream.pipe(sink),
      onShellError: reject,
      onError: reject,
    });
  });
}
