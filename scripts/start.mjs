// `npm start`: builds the fnwire CLI and compiles the example app's server
// module for both targets, printing each output.
import { join } from "node:path";
import { main, root, run } from "./lib.mjs";

const example = join("examples", "basic");
const module = join("src", "api", "records.server.ts");
const fnwire = join(root, "target", "release", "fnwire");

await main(async () => {
  run("cargo", ["build", "--release", "--locked", "-p", "fnwire_cli"]);
  for (const target of ["client", "server"]) {
    console.log(`\n===== ${module}, target ${target} =====`);
    run(fnwire, ["transform", module, "--target", target], { cwd: join(root, example) });
  }
});
