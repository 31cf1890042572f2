// fnwire/query rendered for real: React + @tanstack/react-query 5 in a
// happy-dom document. tests/react18/ runs this same file against React 18.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, afterEach, beforeEach, describe, mock, test } from "node:test";
import { GlobalRegistrator } from "@happy-dom/global-registrator";

// react-dom looks for a DOM when it loads: register one before importing it.
GlobalRegistrator.register({ url: "http://localhost:3000/" });
globalThis.IS_REACT_ACT_ENVIRONMENT = true;
const React = await import("react");
const { createRoot } = await import("react-dom/client");
const { QueryClient, QueryClientProvider } = await import("@tanstack/react-query");
const { getFnMutationOptions, getFnQueryKey, getFnQueryOptions, useMutation, useQuery, useSuspenseQuery } = await import("fnwire/query");
const { createServerReference, initTransport, ServerFunctionError } = await import("fnwire/client");

const { act, createElement: h } = React;

const getUsers = createServerReference("users00000000000", "getUsers", 0);
const getUser = createServerReference("user000000000000", "getUser", 1);
const createUser = createServerReference("create0000000000", "createUser", 2);
const search = createServerReference("search0000000000", "search");
async function fetchUsers() {
  return [];
}

const answers = {
  users00000000000: () => [{ id: "1", name: "Ada" }],
  user000000000000: (id) => ({ id, name: `User ${id}` }),
  create0000000000: (name, email) => ({ id: "new", name, email }),
  search0000000000: (...args) => args,
};
let calls;
let queryClient;
let mounted;

beforeEach(() => {
  calls = [];
  initTransport({
    adapter: {
      async send(fnId, args, context) {
        calls.push({ fnId, args, context });
        await sleep(1);
        return answers[fnId](...args);
      },
    },
  });
  // gcTime: Infinity schedules no garbage-collection timers that would outlive the test.
  queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false, gcTime: Infinity } },
  });
  mounted = [];
});

afterEach(async () => {
  for (const root of mounted) await act(async () => root.unmount());
  queryClient.clear();
  initTransport();
});

after(() => GlobalRegistrator.unregister());

/** Renders `element` inside a QueryClientProvider (unless `provider` is false). */
async function render(element, { provider = true } = {}) {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  mounted.push(root);
  await act(async () => root.render(provider ? h(QueryClientProvider, { client: queryClient }, element) : element));
  return container;
}

/** Renders a component that calls `useHook` and returns a getter for its latest result. */
async function renderHook(useHook, options) {
  const latest = {};
  function Probe() {
    latest.current = useHook();
    return null;
  }
  await render(h(Probe), options);
  return () => latest.current;
}

/** Retries `check` while React and the queries settle. */
async function waitFor(check) {
  const deadline = Date.now() + 2000;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await act(async () => sleep(5));
  }
}

/** Catches render errors so that the test can read them. */
class Boundary extends React.Component {
  state = { error: null };
  static getDerivedStateFromError(error) {
    return { error };
  }
  render() {
    return this.state.error ? h("p", { "data-error": this.state.error.message }, "failed") : this.props.children;
  }
}

/** Renders a component calling `useHook` and resolves to the message of the error it threw during render. */
async function renderError(useHook) {
  // React reports errors caught by a boundary with console.error.
  const quiet = mock.method(console, "error", () => {});
  try {
    function Throws() {
      useHook();
      return h("p", null, "rendered");
    }
    const container = await render(h(Boundary, null, h(Throws)));
    return container.querySelector("[data-error]")?.getAttribute("data-error");
  } finally {
    quiet.mock.restore();
  }
}

describe(`fnwire/query on React ${React.version}`, { timeout: 30_000 }, () => {
  test("useQuery(fn, ...args) calls the server function under getFnQueryKey", async () => {
    const result = await renderHook(() => useQuery(getUser, "7"));
    assert.equal(result().isPending, true);
    await waitFor(() => assert.equal(result().isSuccess, true));
    assert.deepEqual(result().data, { id: "7", name: "User 7" });
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].args, ["7"]);
    assert.equal(calls[0].fnId, "user000000000000");
    assert.equal(typeof calls[0].context.signal.aborted, "boolean");
    assert.deepEqual(queryClient.getQueryData(getFnQueryKey(getUser, "7")), { id: "7", name: "User 7" });
  });

  test("useQuery with no arguments and with flexible arguments", async () => {
    const users = await renderHook(() => useQuery(getUsers));
    const found = await renderHook(() => useQuery(search, "ada", { limit: 2 }));
    await waitFor(() => assert.deepEqual(users().data, [{ id: "1", name: "Ada" }]));
    await waitFor(() => assert.deepEqual(found().data, ["ada", { limit: 2 }]));
    assert.deepEqual(
      calls.map((call) => call.args),
      [[], ["ada", { limit: 2 }]],
    );
  });

  test("useQuery surfaces the server function's error", async () => {
    const failure = new ServerFunctionError("User not found", { status: 404, fnId: getUser.fnId, data: { id: "x" } });
    answers.user000000000000 = () => {
      throw failure;
    };
    try {
      const result = await renderHook(() => useQuery(getUser, "x"));
      await waitFor(() => assert.equal(result().isError, true));
      assert.equal(result().error, failure);
    } finally {
      answers.user000000000000 = (id) => ({ id, name: `User ${id}` });
    }
  });

  test("useSuspenseQuery(fn, ...args) suspends, then renders the data", async () => {
    function User() {
      const { data } = useSuspenseQuery(getUser, "3");
      return h("p", { id: "name" }, data.name);
    }
    const container = await render(h(React.Suspense, { fallback: h("p", { id: "loading" }, "loading") }, h(User)));
    await waitFor(() => assert.equal(container.querySelector("#name")?.textContent, "User 3"));
    assert.deepEqual(
      calls.map((call) => call.args),
      [["3"]],
    );
  });

  test("useMutation(fn, options) sends an arity-2 tuple as the arguments and keeps onSuccess", async () => {
    // Through the default HTTP adapter, to see the request body itself.
    const realFetch = globalThis.fetch;
    const bodies = [];
    globalThis.fetch = async (url, init) => {
      bodies.push(JSON.parse(init.body));
      return new Response(JSON.stringify({ result: { id: "9" } }), { headers: { "Content-Type": "application/json" } });
    };
    initTransport();
    try {
      const succeeded = [];
      const result = await renderHook(() =>
        useMutation(createUser, { onSuccess: (data, variables) => succeeded.push({ data, variables }) }),
      );
      await act(async () => result().mutate(["Ada", "ada@example.com"]));
      await waitFor(() => assert.equal(result().isSuccess, true));
      assert.deepEqual(bodies, [{ fnId: "create0000000000", args: ["Ada", "ada@example.com"] }]);
      assert.deepEqual(result().data, { id: "9" });
      assert.deepEqual(succeeded, [{ data: { id: "9" }, variables: ["Ada", "ada@example.com"] }]);

      await act(async () => result().mutate("x"));
      await waitFor(() => assert.equal(result().isError, true));
      assert.match(result().error.message, /^\[fnwire\] .*createUser.*\b2\b/);
      assert.equal(bodies.length, 1, "no request for the wrong arity");
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  test("useMutation uses fnArity for one argument and takes a queryClient as third argument", async () => {
    const saveRoles = createServerReference("roles00000000000", "saveRoles", 1);
    answers.roles00000000000 = (roles) => roles.length;
    const ownClient = new QueryClient({ defaultOptions: { mutations: { gcTime: Infinity } } });
    const result = await renderHook(() => useMutation(saveRoles, { mutationKey: ["roles"] }, ownClient), { provider: false });
    await act(async () => result().mutate(["admin", "editor"]));
    await waitFor(() => assert.equal(result().data, 2));
    assert.deepEqual(calls.at(-1).args, [["admin", "editor"]]);
    assert.deepEqual(ownClient.getMutationCache().getAll()[0].options.mutationKey, ["roles"]);
    ownClient.clear();
  });

  test("the object form is TanStack's own hook", async () => {
    const query = await renderHook(() => useQuery({ queryKey: ["github", "ada"], queryFn: async () => "from queryFn" }));
    await waitFor(() => assert.equal(query().data, "from queryFn"));
    const enabled = await renderHook(() => useQuery({ ...getFnQueryOptions(getUser, "5"), enabled: false }));
    assert.equal(enabled().fetchStatus, "idle");
    const mutation = await renderHook(() => useMutation({ mutationFn: async (n) => n * 2 }));
    await act(async () => mutation().mutate(21));
    await waitFor(() => assert.equal(mutation().data, 42));
    const fromOptions = await renderHook(() => useMutation(getFnMutationOptions(createUser)));
    await act(async () => fromOptions().mutate(["Grace", "grace@example.com"]));
    await waitFor(() => assert.equal(fromOptions().isSuccess, true));
    assert.deepEqual(
      calls.map((call) => call.args),
      [["Grace", "grace@example.com"]],
    );

    // The second argument (a QueryClient) reaches TanStack too.
    const ownClient = new QueryClient({ defaultOptions: { queries: { gcTime: Infinity } } });
    const withClient = await renderHook(() => useQuery({ queryKey: ["own"], queryFn: async () => "own client" }, ownClient), {
      provider: false,
    });
    await waitFor(() => assert.equal(withClient().data, "own client"));
    assert.equal(ownClient.getQueryData(["own"]), "own client");
    ownClient.clear();

    function Suspended() {
      const { data } = useSuspenseQuery({ queryKey: ["suspense-object"], queryFn: async () => "object suspense" });
      return h("p", { id: "object" }, data);
    }
    const container = await render(h(React.Suspense, { fallback: null }, h(Suspended)));
    await waitFor(() => assert.equal(container.querySelector("#object")?.textContent, "object suspense"));
  });

  test("a plain function throws an [fnwire] error during render, naming it", async () => {
    for (const useHook of [() => useQuery(fetchUsers), () => useSuspenseQuery(fetchUsers), () => useMutation(fetchUsers)]) {
      assert.match(await renderError(useHook), /^\[fnwire\] "fetchUsers" is not a server function/);
    }
    assert.match(await renderError(() => useQuery([async () => {}][0])), /^\[fnwire\] .*anonymous function/);
    assert.equal(calls.length, 0);
  });

  test("options.mutationFn beside a server function throws during render", async () => {
    const message = await renderError(() => useMutation(createUser, { mutationFn: async () => "mine" }));
    assert.match(message, /^\[fnwire\] .*createUser.*mutationFn/);
    assert.match(await renderError(() => useMutation(createUser, { mutationFn: undefined })), /^\[fnwire\]/);
  });
});
