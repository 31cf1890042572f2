// Every fixture through the Node API: transform (worker thread) equals
// transformSync, and both agree with the expectations the Rust suite approved.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { transform, transformSync } from "fnwire";
import { loadFixtures } from "./support.mjs";

const fixtures = loadFixtures();

/** A result or a thrown error, as plain data that deepEqual can compare. */
function settle(run) {
  try {
    const outcome = run();
    if (outcome instanceof Promise)
      return outcome.then(
        (result) => ({ result }),
        (error) => ({ error }),
      );
    return { result: outcome };
  } catch (error) {
    return { error };
  }
}

function describeError(error) {
  return { type: error.constructor.name, message: error.message, code: error.code, diagnostics: error.diagnostics };
}

test("the fixture suite is all there", () => {
  assert.ok(fixtures.length >= 40, `found ${fixtures.length} fixtures`);
});

for (const fixture of fixtures) {
  describe(fixture.name, () => {
    for (const target of ["client", "server"]) {
      const options = { ...fixture.options, filename: fixture.input, root: fixture.dir, target };

      test(`${target}: transform equals transformSync and the snapshot`, async () => {
        const sync = settle(() => transformSync(fixture.source, options));
        const async = await settle(() => transform(fixture.source, options));
        if (sync.error) {
          assert.ok(async.error, "transform fails too");
          assert.deepEqual(describeError(async.error), describeError(sync.error));
          checkDiagnosticsSnapshot(fixture, sync.error);
          return;
        }
        assert.ok(!async.error, async.error?.message);
        assert.deepEqual(async.result, sync.result);
        checkOutputSnapshot(fixture, target, sync.result);
      });
    }
  });
}

function checkDiagnosticsSnapshot({ expected }, error) {
  assert.equal(expected.kind, "diagnostics", "a failing fixture expects diagnostics");
  assert.equal(error.message, expected.rendered);
  assert.deepEqual(error.diagnostics, expected.diagnostics);
  assert.equal(error.code, error.diagnostics[0].code);
}

function checkOutputSnapshot({ expected, source }, target, result) {
  // Warnings (FW008) ride along, non-enumerable, with the result's usual shape.
  assert.deepEqual(result.warnings ?? [], expected.warnings ?? []);
  assert.equal(Object.keys(result).includes("warnings"), false);
  if (expected.kind === "unchanged") {
    assert.equal(result.code, source);
    assert.equal(result.isServerModule, false);
    assert.deepEqual(result.serverFunctions, []);
    assert.equal("map" in result, false);
    return;
  }
  assert.ok(["transformed", "inline"].includes(expected.kind), `expected a result, the Rust suite has ${expected.kind}`);
  assert.equal(result.code, expected[target].code);
  // A module with inline server functions is not a server module.
  assert.equal(result.isServerModule, expected.kind === "transformed");
  // The Rust JSON omits `arity` when it is flexible: deepEqual checks the Node object does too.
  assert.deepEqual(result.serverFunctions, expected[target].serverFunctions);
  assert.equal(typeof result.map, "string");
}
