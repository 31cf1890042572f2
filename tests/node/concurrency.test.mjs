// 10,000 transform calls in flight at once on the libuv pool: every one
// resolves (or rejects) with its own module's answer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { transform, transformSync } from "fnwire";
import { fnId } from "./support.mjs";

const CALLS = 10_000;

/** Module `i`: a server module with its own export and arity, a plain module, or a broken server module. */
function moduleFor(i) {
  const filename = `/app/src/mod${i}.ts`;
  const target = i % 2 === 0 ? "client" : "server";
  const options = { filename, root: "/app", target };
  if (i % 10 === 7) return { kind: "plain", code: `export const value${i} = ${i};\n`, options };
  if (i % 10 === 9) return { kind: "broken", code: `"use server";\nexport const value${i} = ${i};\n`, options };
  const params = Array.from({ length: i % 4 }, (_, n) => `p${n}`).join(", ");
  return { kind: "server", code: `"use server";\nexport async function fn${i}(${params}) { return ${i}; }\n`, options, arity: i % 4 };
}

test(`${CALLS} concurrent transform calls each get their own module's result`, async () => {
  const modules = Array.from({ length: CALLS }, (_, i) => moduleFor(i));
  const outcomes = await Promise.all(
    modules.map(({ code, options }) =>
      transform(code, options).then(
        (result) => ({ result }),
        (error) => ({ error }),
      ),
    ),
  );
  let checked = 0;
  outcomes.forEach((outcome, i) => {
    const { kind, code, options, arity } = modules[i];
    if (kind === "broken") {
      assert.equal(outcome.error?.code, "FW012", `call ${i}`);
      assert.equal(outcome.error.diagnostics[0].file, `src/mod${i}.ts`);
    } else if (kind === "plain") {
      assert.equal(outcome.result.code, code, `call ${i}`);
      assert.equal(outcome.result.isServerModule, false);
    } else {
      const [fn] = outcome.result.serverFunctions;
      assert.deepEqual([fn.fnName, fn.fnId, fn.arity], [`fn${i}`, fnId(`src/mod${i}.ts`, `fn${i}`), arity], `call ${i}`);
      assert.deepEqual(outcome.result, transformSync(code, options), `call ${i} equals transformSync`);
    }
    checked += 1;
  });
  assert.equal(checked, CALLS);
});
