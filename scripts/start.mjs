// `npm start`: builds the fnwire CLI and prints the example app's server module
// compiled for both targets, then serves the example app (examples/basic) with
// Vite's dev server and prints its URL.
import { join } from "node:path";
import { ensureNpmInstall, main, root, run } from "./lib.mjs";

const example = join(root, "examples", "basic");
const module = join("src", "api", "records.server.ts");
const fnwire = join(root, "target", "release", "fnwire");

await main(async () => {
  ensureNpmInstall();
  run("cargo", ["build", "--release", "--locked", "-p", "fnwire_cli"]);
  for (const target of ["client", "server"]) {
    console.log(`\n===== ${module}, target ${target} =====`);
    run(fnwire, ["transform", module, "--target", target], { cwd: example });
  }
  // The Vite plugin calls the compiler through the Node package's native
  // addon (cargo does nothing when it is up to date).
  run("npm", ["run", "build:native"]);

  console.log("\n===== the example app (examples/basic), Vite dev server =====");
  // Imported only now: on a fresh clone, ensureNpmInstall has just installed it.
  const { createServer } = await import("vite");
  const server = await createServer({ root: example });
  await server.listen();
  server.printUrls();
  console.log("  Edit examples/basic/src/ and the page follows. Production: see examples/basic/README.md.");
  server.bindCLIShortcuts({ print: true });
});
