// The single-module fixtures of fixtures/, for every JavaScript suite: each
// case's input, its options (options.json: the Node API's options beside
// filename, root and target), and the expectation the Rust suite approved
// and wrote beside its snapshots (expected.snap, insta's header then JSON):
// `{ kind: "unchanged" }`, `{ kind: "transformed" | "inline", client, server }`
// with each target's `{ code, serverFunctions }`, or
// `{ kind: "diagnostics", rendered, diagnostics }`; a module that compiles with
// warnings (FW008) has `warnings` beside its kind.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const fixturesDir = join(import.meta.dirname, "..", "fixtures");

function inputFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return inputFiles(path);
    return /\.(snap|json|new)$/.test(name) ? [] : [path];
  });
}

function readExpected(dir) {
  const text = readFileSync(join(dir, "expected.snap"), "utf8");
  return JSON.parse(text.replace(/^---\n[^]*?\n---\n/, ""));
}

/** Every case folder of fixtures/ (other suites, such as fixtures/graph/, have no expected.snap at their top). */
export function loadFixtures() {
  return readdirSync(fixturesDir)
    .sort()
    .map((name) => join(fixturesDir, name))
    .filter((dir) => statSync(dir).isDirectory() && existsSync(join(dir, "expected.snap")))
    .map((dir) => {
      const inputs = inputFiles(dir);
      if (inputs.length !== 1) throw new Error(`${dir}: one input file expected, found ${inputs.length}`);
      const [input] = inputs;
      const optionsPath = join(dir, "options.json");
      const options = existsSync(optionsPath) ? JSON.parse(readFileSync(optionsPath, "utf8")) : {};
      return { name: relative(fixturesDir, dir), dir, input, source: readFileSync(input, "utf8"), options, expected: readExpected(dir) };
    });
}
