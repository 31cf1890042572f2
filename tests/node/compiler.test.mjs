// createCompiler: one build's options checked once, each module analyzed once
// for the graph analysis and both targets, with the results of the stateless
// API; and analyzeGraph's rendered diagnostics and FW022 severity.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { analyzeGraph, createCompiler, transformSync } from "fnwire";
import { loadFixtures } from "./support.mjs";

const graphApps = join(import.meta.dirname, "..", "..", "fixtures", "graph");

/** A result or the error, as data deepEqual can compare. */
function settle(run) {
  try {
    return { result: run() };
  } catch (error) {
    return { error: { type: error.constructor.name, message: error.message, code: error.code, diagnostics: error.diagnostics } };
  }
}

describe("options", () => {
  test("the compile options are checked when the compiler is made", () => {
    assert.throws(() => createCompiler({ bogus: 1 }), {
      name: "TypeError",
      message: /unknown option `bogus` \(known: root, runtime, idSalt/,
    });
    assert.throws(() => createCompiler({ inlineFunctions: "yes" }), {
      name: "TypeError",
      message: /option `inlineFunctions` must be "error" or "hoist", got "yes"/,
    });
    assert.throws(() => createCompiler({ idSalt: () => "x" }), { name: "TypeError", message: /option `idSalt` cannot be a function/ });
    assert.throws(() => createCompiler(null), { name: "TypeError", message: /options must be an object/ });
  });

  test("a transform takes { filename, target, sourceMap?, buildId? }: the rest is the compiler's, for every module", () => {
    const compiler = createCompiler({ root: "/app" });
    for (const code of ['"use server";\nexport async function f() {}\n', "export const x = 1;\n"]) {
      assert.throws(() => compiler.transformSync(code, { filename: "/app/a.ts", target: "client", idSalt: "x" }), {
        name: "TypeError",
        message: /unknown option `idSalt` \(known: filename, sourceMap, target, buildId\)/,
      });
      assert.throws(() => compiler.transformSync(code, { filename: "/app/a.ts" }), {
        name: "TypeError",
        message: /option `target` is required/,
      });
    }
    assert.throws(() => compiler.analyzeGraph({ roots: [], root: "/x" }), { name: "TypeError", message: /unknown option `root`/ });
  });
});

describe("results", () => {
  test("every fixture: the same results as transformSync, one parse for both targets", async () => {
    for (const fixture of loadFixtures()) {
      // A build id is the transform's (section 16), the rest the compiler's.
      const { filename, buildId, ...compileOptions } = { ...fixture.options, filename: fixture.input, root: fixture.dir };
      const compiler = createCompiler(compileOptions);
      const moduleOptions = buildId === undefined ? { filename } : { filename, buildId };
      for (const target of ["client", "server"]) {
        const expected = settle(() => transformSync(fixture.source, { ...compileOptions, ...moduleOptions, target }));
        assert.deepEqual(
          settle(() => compiler.transformSync(fixture.source, { ...moduleOptions, target })),
          expected,
          `${fixture.name} ${target}`,
        );
        const viaAsync = await compiler.transform(fixture.source, { ...moduleOptions, target }).then(
          (result) => ({ result }),
          (error) => ({
            error: { type: error.constructor.name, message: error.message, code: error.code, diagnostics: error.diagnostics },
          }),
        );
        assert.deepEqual(viaAsync, expected, `${fixture.name} ${target} (async)`);
      }
      const parses = fixture.expected.kind === "unchanged" && !/use server/.test(fixture.source) ? 0 : 1;
      assert.equal(compiler.stats().parses, parses, `${fixture.name}: parsed once`);
    }
  });

  test("the graph analysis gives analyzeGraph's result, and the transforms that follow parse nothing", () => {
    const root = join(graphApps, "g10-dialects-inline-and-builders");
    const options = { wrappedExports: true, defaultExport: true, serverFiles: "implicit", inlineFunctions: "hoist" };
    const compiler = createCompiler({ root, ...options });
    const result = compiler.analyzeGraph({ roots: ["src/main.tsx"] });
    assert.deepEqual(result, analyzeGraph({ root, roots: ["src/main.tsx"], ...options }));
    const { parses } = compiler.stats();
    assert.equal(parses, result.serverModules.length);
    for (const { module } of result.serverModules) {
      const filename = join(root, module);
      const source = readFileSync(filename, "utf8");
      compiler.transformSync(source, { filename, target: "client" });
      compiler.transformSync(source, { filename, target: "server" });
    }
    assert.equal(compiler.stats().parses, parses, "no module parsed again");
  });

  test("the prefilter's verdict on a file follows its text", () => {
    const compiler = createCompiler({ root: "/app" });
    const filename = "/app/src/a.ts";
    const plain = "export const a = 1;\n";
    assert.equal(compiler.transformSync(plain, { filename, target: "client" }).code, plain);
    const edited = '"use server";\nexport async function a() {}\n';
    assert.deepEqual(
      compiler.transformSync(edited, { filename, target: "client" }).serverFunctions.map((fn) => fn.fnName),
      ["a"],
    );
    assert.equal(compiler.transformSync(plain, { filename, target: "server" }).code, plain);
  });

  test("a file's new text replaces its entry; the analysis forgets files that are gone", () => {
    const dir = mkdtempSync(join(tmpdir(), "fnwire-compiler-"));
    try {
      const compiler = createCompiler({ root: dir });
      const filename = join(dir, "edited.server.ts");
      for (let edit = 0; edit < 100; edit++) {
        const source = `"use server";\nexport async function f${edit}() {}\n`;
        writeFileSync(filename, source);
        const { serverFunctions } = compiler.transformSync(source, { filename, target: "client" });
        assert.equal(serverFunctions[0].exportName, `f${edit}`);
      }
      assert.deepEqual(compiler.stats(), { parses: 100, kept: 1 });
      unlinkSync(filename);
      compiler.analyzeGraph({ roots: [] });
      assert.deepEqual(compiler.stats(), { parses: 100, kept: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("analyzeGraph", () => {
  test("each diagnostic carries its rendering, which JSON and deepEqual leave out", () => {
    const root = join(graphApps, "g3-unresolved-import");
    const { diagnostics } = analyzeGraph({ root, roots: ["src/main.ts"] });
    assert.ok(diagnostics.length > 0);
    for (const diagnostic of diagnostics) {
      assert.match(diagnostic.rendered, new RegExp(`^error\\[${diagnostic.code}\\]: `));
      assert.match(diagnostic.rendered, new RegExp(`--> ${diagnostic.file}:${diagnostic.line}:${diagnostic.column}\\n`));
      assert.equal(Object.keys(diagnostic).includes("rendered"), false);
      assert.equal("rendered" in JSON.parse(JSON.stringify(diagnostic)), false);
    }
  });

  test("unresolvedImports: warning makes FW022 a warning", () => {
    const root = join(graphApps, "g3-unresolved-import");
    const asErrors = analyzeGraph({ root, roots: ["src/main.ts"] }).diagnostics.filter((d) => d.code === "FW022");
    const asWarnings = analyzeGraph({ root, roots: ["src/main.ts"], unresolvedImports: "warning" }).diagnostics.filter(
      (d) => d.code === "FW022",
    );
    assert.ok(asErrors.length > 0);
    assert.deepEqual(
      asWarnings,
      asErrors.map((d) => ({ ...d, severity: "warning" })),
    );
    assert.match(asWarnings[0].rendered, /^warning\[FW022\]/);
    assert.throws(() => analyzeGraph({ root, roots: [], unresolvedImports: "ignore" }), {
      name: "TypeError",
      message: /option `unresolvedImports` must be "error" or "warning", got "ignore"/,
    });
  });
});
