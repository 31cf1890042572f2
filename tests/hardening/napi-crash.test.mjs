// Crash safety of the Node API (transformSync, transform, analyzeGraph):
// 100,000 levels of nesting, a 50 MB module, import cycles, symlink loops and
// files that vanish while analyzeGraph runs. Each scenario runs in its own
// child process (napi-crash-child.mjs), so that a crash or a hang fails its
// test instead of taking the runner down; each must end in a result or a
// diagnostic, and the process must still answer an ordinary call afterwards.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

const child = join(import.meta.dirname, "napi-crash-child.mjs");
const scratch = mkdtempSync(join(tmpdir(), "fnwire-hardening-"));
const chainCache = join(import.meta.dirname, "..", "..", "target", "hardening", "chain-100000");
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs one scenario in a child; resolves to its outcome lines by name, after checking it ended well. */
async function runScenario(scenario, timeoutMs) {
  const dir = join(scratch, scenario);
  const env = { ...process.env, FNWIRE_CHAIN_CACHE: chainCache };
  const process_ = spawn(process.execPath, [child, scenario, dir], { stdio: ["ignore", "pipe", "pipe"], env });
  let stdout = "";
  let stderr = "";
  process_.stdout.setEncoding("utf8").on("data", (text) => (stdout += text));
  process_.stderr.setEncoding("utf8").on("data", (text) => (stderr = (stderr + text).slice(-10_000)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process_.kill("SIGKILL");
  }, timeoutMs);
  const [code, signal] = await new Promise((resolve) => process_.once("exit", (...args) => resolve(args)));
  clearTimeout(timer);
  const lines = stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const where = `${scenario}: last outcome ${JSON.stringify(lines.at(-1))?.slice(0, 300)}; stderr: ${stderr}`;
  assert.equal(timedOut, false, `no hang: killed after ${timeoutMs} ms; ${where}`);
  assert.equal(signal, null, `no crash (signal); ${where}`);
  assert.equal(code, 0, `exit 0; ${where}`);
  const done = lines.at(-1);
  assert.deepEqual(done.afterwards, ["ping"], "an ordinary call still works afterwards");
  const byName = Object.fromEntries(lines.filter((line) => line.name).map((line) => [line.name, line]));
  return { byName, done, lines };
}

/** Diagnostics as [code, file] pairs. */
const codes = (outcome) => outcome.diagnostics.map(({ code, file }) => [code, file]);

describe("crash safety through napi", { concurrency: false }, () => {
  test("100,000 levels: nested expressions in a graph module, and an import chain 100,000 modules long", { timeout: 180_000 }, async () => {
    const { byName } = await runScenario("deep", 170_000);
    const nested = byName["nested expressions"];
    assert.equal(nested.outcome, "graph", JSON.stringify(nested));
    // Compiled, or FW001 for the module too deep to parse: never an internal error.
    for (const { code } of nested.diagnostics) assert.equal(code, "FW001", JSON.stringify(nested.diagnostics));
    const reported = new Set(nested.diagnostics.map(({ file }) => file));
    const expected = ["src/ok.server.ts", "src/parens.server.ts"].filter((module) => !reported.has(module));
    assert.deepEqual(
      nested.serverModules.map(({ module }) => module),
      expected,
    );

    const chain = byName["import chain"];
    assert.deepEqual(chain.diagnostics, []);
    assert.deepEqual(chain.serverModules, [
      {
        module: "src/d99/m99999.ts",
        chainLength: 100_000,
        chainEnds: ["src/d0/m0.ts", "src/d99/m99999.ts"],
        functions: 1,
        names: ["deepest"],
      },
    ]);
    const broken = byName["import chain, error at the end"];
    assert.deepEqual(codes(broken), [["FW020", "src/d99/m99999.ts"]]);
    assert.match(broken.diagnostics[0].message, /import chain: src\/d0\/m0\.ts → src\/d0\/m1\.ts → /);
    assert.match(broken.diagnostics[0].messageEnd, /src\/d99\/m99998\.ts → src\/d99\/m99999\.ts\)$/);
    assert.deepEqual(broken.serverModules, []);
  });

  test("a 50 MB server module through transformSync, transform and analyzeGraph", { timeout: 180_000 }, async () => {
    const { byName, done } = await runScenario("big", 170_000);
    const { bytes, functions } = byName.size;
    assert.ok(bytes >= 50 * 1024 * 1024);
    for (const name of ["transformSync client", "transform server"]) {
      assert.equal(byName[name].outcome, "transform", `${name}: ${JSON.stringify(byName[name])}`);
      assert.equal(byName[name].functions, functions, name);
    }
    const graph = byName.analyzeGraph;
    assert.deepEqual(graph.diagnostics, []);
    assert.deepEqual(
      graph.serverModules.map(({ module, functions: count, chainEnds }) => [module, count, chainEnds]),
      [["src/big.server.ts", functions, ["src/main.ts", "src/big.server.ts"]]],
    );
    assert.equal(graph.manifestSize, functions);
    console.log(
      `# 50 MB module: transformSync ${byName["transformSync client"].ms} ms, transform ${byName["transform server"].ms} ms, analyzeGraph ${graph.ms} ms; peak RSS ${Math.round(done.maxRSS / 1048576)} MB`,
    );
  });

  test("import cycles terminate with the correct result", { timeout: 60_000 }, async () => {
    const { byName } = await runScenario("cycle", 50_000);
    assert.deepEqual(byName.cycle.diagnostics, []);
    assert.deepEqual(byName.cycle.serverModules, [
      { module: "src/act.server.ts", chainLength: 2, chainEnds: ["src/c.ts", "src/act.server.ts"], functions: 1, names: ["act"] },
    ]);
  });

  test("symlink loops: FW022 for a file loop, the correct result through a directory loop", { timeout: 60_000 }, async () => {
    const { byName } = await runScenario("symlinks", 50_000);
    const imported = byName["file loop imported"];
    assert.deepEqual(codes(imported), [["FW022", "src/main.ts"]]);
    assert.match(imported.diagnostics[0].message, /"\.\/loop"/);
    const asRoot = byName["file loop as a root"];
    assert.deepEqual(codes(asRoot), [["FW022", "src/loop.ts"]]);
    assert.match(asRoot.diagnostics[0].message, /symbolic links/);

    const inDir = { functions: 1, names: ["inDir"] };
    assert.deepEqual(byName["directory loop"].diagnostics, []);
    // Reached through dir/self/self/…: one module, under its real path.
    assert.deepEqual(byName["directory loop"].serverModules, [
      { module: "src/dir/m.server.ts", chainLength: 2, chainEnds: ["src/via-dir.ts", "src/dir/m.server.ts"], ...inDir },
    ]);
    assert.deepEqual(byName["root through the loop"].diagnostics, []);
    assert.deepEqual(byName["root through the loop"].serverModules, [
      { module: "m.server.ts", chainLength: 1, chainEnds: ["m.server.ts", "m.server.ts"], ...inDir },
    ]);
    const packages = byName["package links"];
    assert.deepEqual(codes(packages), [["FW022", "src/pkg.ts"]]);
    assert.match(packages.diagnostics[0].message, /"nm\/nm\/missing"/);
    assert.deepEqual(packages.serverModules, [
      { module: "src/dir/m.server.ts", chainLength: 2, chainEnds: ["src/pkg.ts", "src/dir/m.server.ts"], ...inDir },
    ]);
  });

  // FNWIRE_CHURN_SECONDS=60 for a longer run (default 4: atomic for 4 s, torn for 2 s).
  const churnSeconds = Number(process.env.FNWIRE_CHURN_SECONDS ?? 4);
  const churnTimeout = 60_000 + churnSeconds * 1_500;
  test(
    "files deleted and restored by another process while analyzeGraph runs: complete results or FW022 for what is missing",
    { timeout: churnTimeout + 10_000 },
    async () => {
      const { byName } = await runScenario("vanish", churnTimeout);
      const atomic = byName["atomic: churn"];
      const torn = byName["torn: churn"];
      const violations = Object.values(byName).filter(({ name }) => name.endsWith("violation"));
      assert.deepEqual(violations, [], "every result is the complete one, or names what was missing");
      for (const phase of [atomic, torn]) {
        assert.equal(phase.violations, 0);
        assert.ok(phase.runs >= 20, `${phase.name}: ${phase.runs} runs`);
        assert.ok(phase.ops >= 50, `${phase.name}: ${phase.ops} deletions and restorations`);
        assert.equal(phase.complete + phase.reported, phase.runs);
      }
      // The churn was seen: some runs met a missing file and said so.
      assert.ok(atomic.reported > 0, JSON.stringify(atomic));
      assert.deepEqual(Object.keys(atomic.codes), ["FW022"]);
      console.log(`# vanishing files: atomic ${JSON.stringify(atomic)}; torn ${JSON.stringify(torn)}`);
    },
  );
});
