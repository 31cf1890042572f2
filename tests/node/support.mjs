// Helpers of the Node API tests: fixtures, snapshots, and ids computed
// independently of the compiler.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const fixturesDir = join(import.meta.dirname, "..", "..", "fixtures");

/** SPEC section 3: the first 16 hex digits of SHA-256 of `[salt]<module path>:<export name>`. */
export function fnId(modulePath, exportName, salt = "") {
  return createHash("sha256").update(salt).update(`${modulePath}:${exportName}`).digest("hex").slice(0, 16);
}

function inputFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return inputFiles(path);
    return /\.(snap|json|new)$/.test(name) ? [] : [path];
  });
}

/** Every single-module fixture folder: its one input file (absolute), the folder as root, options.json's options. */
export function loadFixtures() {
  return (
    readdirSync(fixturesDir)
      .sort()
      .map((name) => join(fixturesDir, name))
      // fixtures/graph holds multi-module apps for the graph analysis, not single-module cases.
      .filter((dir) => statSync(dir).isDirectory() && !dir.endsWith("/graph"))
      .map((dir) => {
        const inputs = inputFiles(dir);
        if (inputs.length !== 1) throw new Error(`${dir}: one input file expected, found ${inputs.length}`);
        const [input] = inputs;
        let options = {};
        try {
          options = JSON.parse(readFileSync(join(dir, "options.json"), "utf8"));
        } catch (error) {
          if (error.code !== "ENOENT") throw error;
        }
        return { name: relative(fixturesDir, dir), dir, input, source: readFileSync(input, "utf8"), options };
      })
  );
}

/** A fixture's snapshot body (without insta's header), or undefined when it has none of that name. */
export function readSnapshot(dir, name) {
  let text;
  try {
    text = readFileSync(join(dir, `${name}.snap`), "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return undefined;
    throw error;
  }
  return text.replace(/^---\n[^]*?\n---\n/, "");
}
