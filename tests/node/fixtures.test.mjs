// Every fixture through the Node API: transform (worker thread) equals
// transformSync, and both agree with the snapshots the Rust suite approved.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { transform, transformSync } from "fnwire";
import { loadFixtures, readSnapshot } from "./support.mjs";

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

function checkDiagnosticsSnapshot(fixture, error) {
  const snapshot = readSnapshot(fixture.dir, "diagnostics");
  assert.ok(snapshot !== undefined, "a failing fixture has diagnostics.snap");
  const [rendered, json] = snapshot.split("\n\n----- json -----\n");
  assert.equal(error.message, rendered);
  assert.deepEqual(error.diagnostics, JSON.parse(json).diagnostics);
  assert.equal(error.code, error.diagnostics[0].code);
}

function checkOutputSnapshot(fixture, target, result) {
  if (readSnapshot(fixture.dir, "unchanged") !== undefined) {
    assert.equal(result.code, fixture.source);
    assert.equal(result.isServerModule, false);
    assert.deepEqual(result.serverFunctions, []);
    assert.equal("map" in result, false);
    return;
  }
  const snapshot = readSnapshot(fixture.dir, target);
  assert.ok(snapshot !== undefined, `${target}.snap exists`);
  const [code, rest] = snapshot.split("\n----- serverFunctions -----\n");
  const functions = rest.slice(0, rest.indexOf("\n----- map"));
  // insta stores snapshots with \n line ends (and compares them so): the CRLF fixture's output keeps \r\n.
  assert.equal(result.code.replaceAll("\r\n", "\n"), code);
  assert.equal(result.isServerModule, true);
  // The Rust JSON omits `arity` when it is flexible: deepEqual checks the Node object does too.
  assert.deepEqual(result.serverFunctions, JSON.parse(functions));
  assert.equal(typeof result.map, "string");
}
