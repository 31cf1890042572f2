// Inline server functions as JavaScript means them (section 10), compiled,
// bundled with esbuild and run: a nested declaration used above its own line
// (`<form action={deleteItem}>`), and recursion through a function's own name
// (a named function expression's and a declaration's), called on the server
// and through the client stubs, whose calls reach fnwire/server's handler.
import assert from "node:assert/strict";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import { build } from "esbuild";
import { renderToString } from "react-dom/server";
import { transformSync } from "fnwire";
import { getFnQueryKey, initTransport } from "fnwire/client";
import { callServerFunction } from "./support.mjs";

const repoModules = join(import.meta.dirname, "..", "..", "node_modules");

const db = `
  export const removed: unknown[][] = [];
  export async function remove(...values: unknown[]) {
    removed.push(values);
    return values;
  }
  export async function size(id: string) {
    return id.length;
  }
`;

const page = `
  import { remove, size } from "./db";

  export function Page({ id }: { id: string }) {
    const form = <form action={deleteItem}><button>Delete</button></form>;
    const label = \`item \${id}\`;
    return form;

    async function deleteItem(data: FormData | string) {
      "use server";
      return remove(id, label, typeof data === "string" ? data : data.get("reason"));
    }
  }

  export function Tree({ rootId }: { rootId: string }) {
    const countDown = async function self(n: number): Promise<number> {
      "use server";
      return n <= 0 ? size(rootId) : 1 + (await self(n - 1));
    };
    return { countDown, walk };

    async function walk(depth: number): Promise<number> {
      "use server";
      return depth <= 0 ? size(rootId) : 10 + (await walk(depth - 1));
    }
  }
`;

let dir;
let server;
let client;
let compiled;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "fnwire-inline-run-"));
  await symlink(repoModules, join(dir, "node_modules"), "dir");
  await writeFile(join(dir, "db.ts"), db);
  const filename = join(dir, "Page.tsx");
  await writeFile(filename, page);
  compiled = {};
  for (const target of ["client", "server"]) {
    compiled[target] = transformSync(page, { filename, root: dir, target, inlineFunctions: "hoist" });
    await writeFile(join(dir, `Page.${target}.tsx`), compiled[target].code);
    await build({
      entryPoints: [join(dir, `Page.${target}.tsx`)],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: join(dir, "out", `${target}.mjs`),
      jsx: "automatic",
      external: ["fnwire/server", "fnwire/client", "react", "react/jsx-runtime"],
      logLevel: "silent",
    });
  }
  server = await import(pathToFileURL(join(dir, "out", "server.mjs")));
  client = await import(pathToFileURL(join(dir, "out", "client.mjs")));
  // The stubs' calls go through the server's /fn endpoint, as over HTTP.
  initTransport({ adapter: { send: async (fnId, args) => call(fnId, args) } });
});
after(async () => {
  initTransport();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The result of a call through the handler; an error for any other answer. */
async function call(fnId, args) {
  const { status, body } = await callServerFunction(fnId, args);
  if (status !== 200) throw new Error(`${status}: ${body.error}`);
  return body.result;
}

const fnId = (localName) => compiled.server.serverFunctions.find((fn) => fn.localName === localName).fnId;

describe("a nested declaration used above its own line", () => {
  test("on the server, the form's action is the registered function, bound to the captures as they are at the call", async () => {
    const element = server.Page({ id: "r1" });
    const action = element.props.action;
    assert.equal(typeof action, "function", "the name holds the function above its line");
    // The registry knows it as a bound copy of Page.deleteItem, its values read now (label was declared after the form).
    assert.deepEqual(getFnQueryKey(action), [fnId("Page.deleteItem"), "r1", "item r1"]);
    const html = renderToString(element);
    assert.match(html, /<form[^>]*action="\/__fnwire\/form"/, "React renders it as a server function's form");
    const data = new FormData();
    data.set("reason", "duplicate");
    assert.deepEqual(await action(data), ["r1", "item r1", "duplicate"]);
  });

  test("on the client, it is a stub with fnId, fnName and $$FORM_ACTION, and its call reaches the server function", async () => {
    const action = client.Page({ id: "r2" }).props.action;
    assert.equal(action.fnId, fnId("Page.deleteItem"));
    assert.equal(action.fnName, "deleteItem");
    assert.equal(action.fnArity, 1, "the bound stub's arity is the function's own");
    assert.equal(typeof action.$$FORM_ACTION, "function");
    assert.deepEqual(await action("spam"), ["r2", "item r2", "spam"]);
  });
});

describe("recursion through the function's own name", () => {
  test("a named function expression, called on the server and through its client stub", async () => {
    assert.deepEqual(
      compiled.client.serverFunctions.map((fn) => fn.localName),
      ["Page.deleteItem", "Tree.self", "Tree.walk"],
    );
    assert.doesNotMatch(compiled.server.code, /bind\(null, rootId, self\)|\(self, /, "its own name is no capture");
    assert.equal(await server.Tree({ rootId: "root" }).countDown(3), 7);
    assert.equal(await client.Tree({ rootId: "root" }).countDown(3), 7);
  });

  test("a nested declaration, called on the server and through its client stub", async () => {
    assert.equal(await server.Tree({ rootId: "tree" }).walk(2), 24);
    assert.equal(await client.Tree({ rootId: "tree" }).walk(2), 24);
  });
});
