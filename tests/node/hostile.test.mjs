// Inputs meant to break the compiler, run in a child process so that a
// crash (a Rust panic, a stack overflow) or a hang fails this test instead
// of taking the runner down: each gives a result or a diagnostic, never an
// internal error, and the process still answers an ordinary call afterwards.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { inputs } from "./hostile-inputs.mjs";

const script = join(import.meta.dirname, "hostile-inputs.mjs");

test("hostile inputs neither crash nor hang the process", () => {
  const child = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(child.error, undefined, `the child ran to its end (${child.error?.message})`);
  assert.equal(child.signal, null, `no signal; stderr: ${child.stderr}`);
  assert.equal(child.status, 0, `exit 0; stderr: ${child.stderr}`);
  const lines = child.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const outcomes = lines.filter((line) => line.name !== "afterwards");

  assert.equal(outcomes.length, Object.keys(inputs).length * 4, "both targets, both APIs, for every input");
  for (const { name, target, api, outcome, type, code, message, isServerModule, sameString, functions } of outcomes) {
    const where = `${name} (${target}, ${api})`;
    if (outcome === "error") {
      assert.equal(type, "Error", `${where}: ${message}`);
      assert.match(code ?? "", /^FW0\d\d$/, `${where}: a diagnostic, not an internal error: ${message}`);
      if (name.includes("nested") || name.includes("unclosed")) assert.equal(code, "FW001", where);
    } else if (!isServerModule) {
      assert.equal(sameString, true, `${where}: a module that is not a server module comes back as the same string`);
    } else {
      assert.ok(functions >= 1, where);
    }
  }

  const byName = (name) => outcomes.filter((line) => line.name === name);
  const big = inputs["a 5 MB server module"];
  assert.ok(big.length >= 5 * 1024 * 1024);
  const exported = big.match(/^export async function /gm).length;
  assert.ok(
    byName("a 5 MB server module").every((line) => line.functions === exported),
    "every function of the 5 MB module",
  );

  assert.deepEqual(lines.at(-1), { name: "afterwards", functions: ["ping"] });
});
