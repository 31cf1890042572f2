// Every fixture of the core suite through @swc/core with the Wasm plugin,
// against the native pass's approved output (tests/fixtures.mjs): the same
// server functions and the same program, compared after printing both
// through @swc/core (the plugin's output is what @swc/core prints after the
// pass; the native output goes through the same transform without the
// plugin), and the same diagnostics, each with its FW code and position.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { functionsInCode, hostReports, loadFixtures, requireBuilt, swc, swcOptions, thrown } from "./helpers.mjs";

before(requireBuilt);

/**
 * The program @swc/core prints for `code`, read as the file `filename` (types
 * stripped, nothing downlevelled), without comments: where a host keeps a
 * comment beside an import its type stripping removes is no part of the program.
 */
const normalize = (code, filename) => {
  const stripped = swc.transformSync(code, swcOptions(filename, null)).code;
  const printed = swc.printSync(swc.parseSync(stripped, { syntax: "ecmascript", jsx: true, comments: false })).code;
  // @swc/core wraps a call in parentheses when it prints a /*#__PURE__*/ before it, and only there.
  return printed.replace(/\((createServerReference\("[0-9a-f]{16}", "(?:[^"\\]|\\.)*"(?:, \d+)?\))\)/g, "$1");
};

function pluginConfig(fixture, target) {
  return { target, root: fixture.dir, ...fixture.options };
}

for (const fixture of loadFixtures()) {
  describe(fixture.name, () => {
    const transformWithPlugin = (target) => swc.transformSync(fixture.source, swcOptions(fixture.input, pluginConfig(fixture, target)));

    const { expected } = fixture;
    if (expected.kind === "transformed" || expected.kind === "inline") {
      for (const target of ["client", "server"]) {
        test(`${target}: same program and server functions as the native pass`, () => {
          const actual = transformWithPlugin(target).code;
          assert.equal(normalize(actual, fixture.input), normalize(expected[target].code, fixture.input));
          const functions = functionsInCode(actual);
          assert.deepEqual(functions, functionsInCode(expected[target].code));
          // Every server function has its stub or registration, but one inside another inline function, which goes with it on the client.
          const ids = expected[target].serverFunctions.map(({ fnId }) => fnId);
          if (target === "server")
            assert.deepEqual(
              functions.map(({ fnId }) => fnId),
              ids,
            );
          else assert.ok(functions.length > 0 && functions.every(({ fnId }) => ids.includes(fnId)));
        });
      }
    } else if (expected.kind === "unchanged") {
      test("passes through: the same output as without the plugin", () => {
        const options = swcOptions(fixture.input, null);
        const without = thrown(() => swc.transformSync(fixture.source, options));
        if (without !== null) {
          // The host cannot parse it, so no plugin ever sees it.
          assert.equal(
            thrown(() => transformWithPlugin("client")),
            without,
          );
          return;
        }
        for (const target of ["client", "server"]) {
          assert.equal(transformWithPlugin(target).code, swc.transformSync(fixture.source, options).code, target);
        }
      });
    } else {
      test("fails with every diagnostic's FW code and position", () => {
        const { diagnostics } = expected;
        assert.ok(diagnostics.length > 0);
        for (const target of ["client", "server"]) {
          const message = thrown(() => transformWithPlugin(target));
          assert.ok(message !== null, `${target}: the transform must fail`);
          if (diagnostics.some((diagnostic) => diagnostic.code === "FW001")) {
            // @swc/core parses before any plugin runs: its own syntax error, not FW001.
            assert.match(message, /Syntax Error|Expected|Unexpected/, target);
            assert.doesNotMatch(message, /\[FW/, target);
            continue;
          }
          // One report per diagnostic, in order: its code and message, the
          // file, and the frame's marker at its line and column.
          const reports = hostReports(message);
          const expected = diagnostics.map(({ code, message: text, line, column }, i) => ({
            message: `[${code}] ${text}`,
            file: fixture.input,
            line,
            column: reports[i]?.column === "multi-line" ? "multi-line" : column,
          }));
          assert.deepEqual(reports, expected, `${target}:\n${message}`);
        }
      });
    }
  });
}
