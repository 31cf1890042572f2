// The code of other frameworks' users, compiled as they would compile it:
// a next-safe-action style actions file (wrappedExports) and a React
// component with an inline server function (inlineFunctions: "hoist"). The
// server output is bundled with esbuild and run; its functions are called
// through fnwire/server's handler, as the client stubs would call them.
import assert from "node:assert/strict";
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import { build } from "esbuild";
import { transformSync } from "fnwire";
import { callServerFunction as call } from "./support.mjs";

const repoModules = join(import.meta.dirname, "..", "..", "node_modules");

const files = {
  // A stand-in for next-safe-action: schema(s).action(fn) validates, then calls fn({ parsedInput }).
  "src/lib/safe-action.ts": `
    type Schema<T> = { parse(input: unknown): T };
    export function createSafeActionClient() {
      return {
        schema<T>(schema: Schema<T>) {
          return {
            action<R>(fn: (args: { parsedInput: T }) => Promise<R>) {
              return async (input: unknown) => fn({ parsedInput: schema.parse(input) });
            },
          };
        },
      };
    }
    export const actionClient = createSafeActionClient();
  `,
  "src/lib/schema.ts": `
    export const nameSchema = {
      parse(input: unknown) {
        if (typeof input !== "object" || input === null || typeof (input as { name?: unknown }).name !== "string") {
          throw new Error("name must be a string");
        }
        return input as { name: string };
      },
    };
  `,
  "src/actions/users.ts": `
    "use server";
    import { actionClient } from "../lib/safe-action";
    import { nameSchema } from "../lib/schema";

    export const updateUser = actionClient.schema(nameSchema).action(async ({ parsedInput }) => ({ updated: parsedInput.name }));
    export const renameUser = actionClient.schema(nameSchema).action(async ({ parsedInput }) => parsedInput.name.toUpperCase());
    const deleteUser = actionClient.schema(nameSchema).action(async ({ parsedInput }) => \`deleted \${parsedInput.name}\`);
    export { deleteUser, deleteUser as removeUser };
  `,
  // A wrapper that returns an object, not a function: the compiler cannot know.
  "src/actions/broken.ts": `
    "use server";
    function describe<T>(fn: T) {
      return { fn, description: "not callable" };
    }
    export const broken = describe(async () => 1);
  `,
  "src/db.ts": `
    export const db = {
      async rename(id: string, title: string) {
        return { id, title };
      },
    };
  `,
  "src/components/Item.tsx": `
    import { db } from "../db";

    export function Item({ id }: { id: string }) {
      async function rename(title: string) {
        "use server";
        return db.rename(id, title);
      }
      return <form action={rename}>{id}</form>;
    }
  `,
};

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "fnwire-new-user-"));
  await symlink(repoModules, join(dir, "node_modules"), "dir");
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
  }
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Compiles `file` for both targets; writes the server output beside it, bundles it with esbuild and imports it. */
async function compileAndRun(file, options) {
  const filename = join(dir, file);
  const source = await readFile(filename, "utf8");
  const client = transformSync(source, { filename, root: dir, target: "client", ...options });
  const server = transformSync(source, { filename, root: dir, target: "server", ...options });
  const compiled = filename.replace(/\.(tsx?)$/, ".compiled.$1");
  await writeFile(compiled, server.code);
  const bundle = join(dir, "out", `${file.replaceAll("/", "_")}.mjs`);
  await build({
    entryPoints: [compiled],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: bundle,
    jsx: "automatic",
    external: ["fnwire/server", "react", "react/jsx-runtime"],
    logLevel: "silent",
  });
  await import(pathToFileURL(bundle));
  return { client, server };
}

describe("a next-safe-action style actions file, with wrappedExports", () => {
  test("without the option: FW012 for each action, naming the option", () => {
    const filename = join(dir, "src/actions/users.ts");
    assert.throws(
      () => transformSync(files["src/actions/users.ts"], { filename, root: dir, target: "client" }),
      (error) =>
        error.code === "FW012" && error.diagnostics.length === 4 && error.diagnostics.every((d) => /wrappedExports/.test(d.message)),
    );
  });

  test("compiles for both targets; bundled and run, the server registers each action", async () => {
    const { client, server } = await compileAndRun("src/actions/users.ts", { wrappedExports: true });
    const names = client.serverFunctions.map((fn) => fn.exportName);
    assert.deepEqual(names, ["updateUser", "renameUser", "deleteUser", "removeUser"]);
    assert.ok(
      client.serverFunctions.every((fn) => !("arity" in fn)),
      "a wrapped function's arity is flexible",
    );
    assert.deepEqual(server.serverFunctions, client.serverFunctions);
    assert.doesNotMatch(client.code, /actionClient|nameSchema|toUpperCase/, "the client gets stubs only");

    const id = (name) => client.serverFunctions.find((fn) => fn.exportName === name).fnId;
    assert.deepEqual(await call(id("updateUser"), [{ name: "Ada" }]), { status: 200, body: { result: { updated: "Ada" } } });
    assert.deepEqual(await call(id("renameUser"), [{ name: "ada" }]), { status: 200, body: { result: "ADA" } });
    assert.deepEqual(await call(id("removeUser"), [{ name: "x" }]), { status: 200, body: { result: "deleted x" } });
    // The wrapper's own validation runs on the server: a thrown Error is a 500 whose message stays there.
    assert.equal((await call(id("updateUser"), [{ name: 1 }])).status, 500);
  });
});

describe("a wrapper that returns an object", () => {
  test("fails when the server module registers it, naming the function, its id and what the value is", async () => {
    const filename = join(dir, "src/actions/broken.ts");
    const source = files["src/actions/broken.ts"];
    const [{ fnId }] = transformSync(source, { filename, root: dir, target: "client", wrappedExports: true }).serverFunctions;
    await assert.rejects(compileAndRun("src/actions/broken.ts", { wrappedExports: true }), (error) => {
      assert.ok(error instanceof TypeError);
      assert.match(error.message, /^\[fnwire\]/);
      assert.ok(error.message.includes("broken"), error.message);
      assert.ok(error.message.includes(fnId), error.message);
      assert.match(error.message, /an object/);
      return true;
    });
  });
});

describe("a React component with an inline server function, with inlineFunctions: hoist", () => {
  test("compiles; the client stub is bound to the prop (read at each call); the hoisted function gets both arguments", async () => {
    const { client, server } = await compileAndRun("src/components/Item.tsx", { inlineFunctions: "hoist" });
    const [rename] = client.serverFunctions;
    assert.deepEqual(
      { fnName: rename.fnName, exportName: rename.exportName, localName: rename.localName, arity: rename.arity },
      { fnName: "rename", exportName: null, localName: "Item.rename", arity: 1 },
    );
    assert.equal(client.isServerModule, false, "a component module is no server module");
    assert.match(
      client.code,
      new RegExp(
        `var rename = bindLive\\(/\\*#__PURE__\\*/ createServerReference\\("${rename.fnId}", "rename", 2\\), \\(\\) => \\[id\\], 1\\);`,
      ),
    );
    assert.doesNotMatch(client.code, /db\.rename/, "the body stays on the server");
    assert.match(server.code, /async function rename\$server\(id, title: string\)/);
    // What the bound stub sends for rename("x") in the record "r1": [id, "x"].
    assert.deepEqual(await call(rename.fnId, ["r1", "x"]), { status: 200, body: { result: { id: "r1", title: "x" } } });
  });
});
