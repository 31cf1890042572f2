// The options of transformSync and transform (SPEC section 6), and the
// TypeError for an unknown option or a wrong type, server module or not.
import assert from "node:assert/strict";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { transform, transformSync } from "fnwire";
import { fnId } from "./support.mjs";

const SERVER_MODULE = '"use server";\nexport async function add(a: number, b: number) {\n  return a + b;\n}\n';
const PLAIN_MODULE = "export const answer = 42;\n";
const BASE = { filename: "/app/src/math.server.ts", root: "/app", target: "client" };

describe("filename and root", () => {
  test("ids hash the file's path relative to the root", () => {
    const { serverFunctions } = transformSync(SERVER_MODULE, BASE);
    assert.equal(serverFunctions[0].fnId, fnId("src/math.server.ts", "add"));
  });

  test("a relative filename is relative to the root: same ids as the absolute one", () => {
    const relative = transformSync(SERVER_MODULE, { ...BASE, filename: "src/math.server.ts" });
    assert.deepEqual(relative.serverFunctions, transformSync(SERVER_MODULE, BASE).serverFunctions);
  });

  test("another root gives other ids", () => {
    const { serverFunctions } = transformSync(SERVER_MODULE, { ...BASE, root: "/app/src" });
    assert.equal(serverFunctions[0].fnId, fnId("math.server.ts", "add"));
  });

  test("root defaults to the working directory", () => {
    const cwd = process.cwd();
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "fnwire-root-")));
    try {
      process.chdir(dir);
      const { root, ...withoutRoot } = { ...BASE, filename: join(dir, "api", "math.server.ts") };
      const { serverFunctions } = transformSync(SERVER_MODULE, withoutRoot);
      assert.equal(serverFunctions[0].fnId, fnId("api/math.server.ts", "add"));
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true });
    }
  });
});

describe("target and runtime", () => {
  test("client: the runtime import and one stub per function", () => {
    const { code } = transformSync(SERVER_MODULE, BASE);
    assert.equal(
      code,
      'import { createServerReference } from "fnwire/client";\n' +
        `export const add = /*#__PURE__*/ createServerReference("${fnId("src/math.server.ts", "add")}", "add", 2);\n`,
    );
  });

  test("server: the original module, one import and one registration", () => {
    const { code } = transformSync(SERVER_MODULE, { ...BASE, target: "server" });
    assert.equal(
      code,
      '"use server";\nimport { registerServerReference } from "fnwire/server";\n' +
        SERVER_MODULE.slice('"use server";\n'.length) +
        `registerServerReference(add, "${fnId("src/math.server.ts", "add")}", "add");\n`,
    );
  });

  test("runtime.client and runtime.server replace the specifiers, each on its own", () => {
    const runtime = { client: "@acme/rpc/client", server: "@acme/rpc/server" };
    assert.match(transformSync(SERVER_MODULE, { ...BASE, runtime }).code, /^import \{ createServerReference \} from "@acme\/rpc\/client";/);
    assert.match(
      transformSync(SERVER_MODULE, { ...BASE, target: "server", runtime }).code,
      /import \{ registerServerReference \} from "@acme\/rpc\/server";/,
    );
    // Only the server one given: the client keeps its default.
    assert.match(transformSync(SERVER_MODULE, { ...BASE, runtime: { server: "x" } }).code, /from "fnwire\/client"/);
  });
});

describe("idSalt and sourceMap", () => {
  test("idSalt is hashed first", () => {
    const { serverFunctions } = transformSync(SERVER_MODULE, { ...BASE, idSalt: "pepper" });
    assert.equal(serverFunctions[0].fnId, fnId("src/math.server.ts", "add", "pepper"));
    assert.notEqual(serverFunctions[0].fnId, fnId("src/math.server.ts", "add"));
  });

  test("sourceMap defaults to true: a v3 map as a JSON string", () => {
    for (const target of ["client", "server"]) {
      const map = JSON.parse(transformSync(SERVER_MODULE, { ...BASE, target }).map);
      assert.equal(map.version, 3);
      assert.deepEqual(map.sources, [BASE.filename]);
    }
  });

  test("sourceMap: false leaves `map` out, sync and async", async () => {
    for (const target of ["client", "server"]) {
      const options = { ...BASE, target, sourceMap: false };
      assert.equal("map" in transformSync(SERVER_MODULE, options), false);
      assert.equal("map" in (await transform(SERVER_MODULE, options)), false);
    }
  });

  test("an option set to undefined counts as not given", () => {
    const plain = transformSync(SERVER_MODULE, BASE);
    assert.deepEqual(transformSync(SERVER_MODULE, { ...BASE, idSalt: undefined, runtime: undefined, sourceMap: undefined }), plain);
  });
});

describe("unknown options and wrong types are TypeErrors naming the option", () => {
  const cases = [
    ["an unknown option", { sourcemap: true }, /unknown option `sourcemap`/],
    ["an unknown runtime option", { runtime: { x: "y" } }, /unknown option `runtime\.x`/],
    ["filename not a string", { filename: 1 }, /option `filename` must be a string, got a number/],
    ["filename missing", { filename: undefined }, /option `filename` is required/],
    ["root not a string", { root: ["/app"] }, /option `root` must be a string, got an array/],
    ["target missing", { target: undefined }, /option `target` is required/],
    ["target unknown", { target: "browser" }, /option `target` must be "client" or "server", got "browser"/],
    ["target not a string", { target: true }, /option `target` must be "client" or "server", got a boolean/],
    ["runtime not an object", { runtime: "fnwire" }, /option `runtime` must be an object, got a string/],
    ["runtime.client not a string", { runtime: { client: 1 } }, /option `runtime\.client` must be a string, got a number/],
    ["runtime.server not a string", { runtime: { server: {} } }, /option `runtime\.server` must be a string, got an object/],
    ["idSalt not a string", { idSalt: 5 }, /option `idSalt` must be a string, got a number/],
    ["sourceMap not a boolean", { sourceMap: "yes" }, /option `sourceMap` must be a boolean, got a string/],
    ["wrappedExports not a boolean", { wrappedExports: "yes" }, /option `wrappedExports` must be a boolean, got a string/],
    ["defaultExport not a boolean", { defaultExport: 1 }, /option `defaultExport` must be a boolean, got a number/],
    ["serverFiles unknown", { serverFiles: "always" }, /option `serverFiles` must be "directive" or "implicit", got "always"/],
    ["inlineFunctions unknown", { inlineFunctions: "inline" }, /option `inlineFunctions` must be "error" or "hoist", got "inline"/],
    ["inlineFunctions not a string", { inlineFunctions: true }, /option `inlineFunctions` must be "error" or "hoist", got a boolean/],
    ["a function value", { idSalt: () => "salt" }, /option `idSalt` cannot be a function/],
    ["a function value in runtime", { runtime: { client: () => "x" } }, /option `runtime\.client` cannot be a function/],
  ];

  for (const [what, change, message] of cases) {
    for (const [kind, code] of [
      ["server module", SERVER_MODULE],
      ["module that is not a server module", PLAIN_MODULE],
    ]) {
      test(`${what}, for a ${kind}`, async () => {
        const options = { ...BASE, ...change };
        assert.throws(
          () => transformSync(code, options),
          (error) => error instanceof TypeError && message.test(error.message),
        );
        await assert.rejects(transform(code, options), (error) => error instanceof TypeError && message.test(error.message));
      });
    }
  }

  test("options that are not an object", async () => {
    for (const options of [undefined, null, "client", [], 1]) {
      assert.throws(() => transformSync(PLAIN_MODULE, options), { name: "TypeError", message: /options must be an object/ });
      await assert.rejects(transform(PLAIN_MODULE, options), { name: "TypeError", message: /options must be an object/ });
    }
  });

  test("code that is not a string", async () => {
    for (const code of [undefined, null, Buffer.from(SERVER_MODULE), 42]) {
      assert.throws(() => transformSync(code, BASE), { name: "TypeError", message: /code must be a string/ });
      await assert.rejects(transform(code, BASE), { name: "TypeError", message: /code must be a string/ });
    }
  });
});

describe("checked once per set of options, never stale", () => {
  test("a changed value, a mutated object or nested runtime, or a new working directory takes effect at once", () => {
    const options = { ...BASE };
    const plain = transformSync(SERVER_MODULE, options).serverFunctions[0].fnId;
    options.idSalt = "pepper";
    assert.equal(transformSync(SERVER_MODULE, options).serverFunctions[0].fnId, fnId("src/math.server.ts", "add", "pepper"));
    delete options.idSalt;
    assert.equal(transformSync(SERVER_MODULE, options).serverFunctions[0].fnId, plain);
    options.runtime = { client: "a" };
    assert.match(transformSync(SERVER_MODULE, options).code, /from "a";/);
    options.runtime.client = "b";
    assert.match(transformSync(SERVER_MODULE, options).code, /from "b";/);
    options.runtime.bogus = "c";
    assert.throws(() => transformSync(PLAIN_MODULE, options), { name: "TypeError", message: /unknown option `runtime\.bogus`/ });
    delete options.runtime;
    options.filename = 1;
    assert.throws(() => transformSync(PLAIN_MODULE, options), { name: "TypeError", message: /option `filename` must be a string/ });

    const cwd = process.cwd();
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "fnwire-cwd-")));
    const relative = { filename: "api/math.server.ts", target: "client" };
    try {
      const before = transformSync(SERVER_MODULE, relative).serverFunctions[0].fnId;
      process.chdir(dir);
      const after = transformSync(SERVER_MODULE, { ...relative, filename: join(dir, "api/math.server.ts") }).serverFunctions[0].fnId;
      assert.equal(after, fnId("api/math.server.ts", "add"));
      assert.notEqual(before, fnId("../api/math.server.ts", "add"));
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true });
    }
  });
});
