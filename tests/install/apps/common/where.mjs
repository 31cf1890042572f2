// Where this project's fnwire and its native binding come from: the test
// checks that both are the installed copies, inside this project.
import { lstatSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve("fnwire/package.json"));
const { transformSync } = await import("fnwire");
const { serverFunctions } = transformSync('"use server";\nexport async function f(a: number) {}\n', {
  filename: "src/check.server.ts",
  root: process.cwd(),
  target: "client",
});
// The files this process has mapped (Linux): the loaded binding is the .node among them.
const mapped = readFileSync("/proc/self/maps", "utf8")
  .split("\n")
  .map((line) => line.trim().split(/\s+/)[5]);
console.log(
  JSON.stringify({
    fnwire: packageDir,
    symlink: lstatSync(packageDir).isSymbolicLink(),
    bindings: [...new Set(mapped.filter((file) => file?.endsWith(".node")))],
    compiled: serverFunctions.map((fn) => [fn.exportName, fn.arity]),
  }),
);
