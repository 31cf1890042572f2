// `npm test`: every test in the repository, installing what a fresh clone lacks.
import { join } from "node:path";
import { ensureNpmInstall, main, root, run } from "./lib.mjs";

await main(async () => {
  ensureNpmInstall();
  // Rust: the compiler's unit, fixture and CLI tests.
  run("cargo", ["test", "--workspace", "--locked"]);
  // The Node package's native binding, built from source, and its API.
  run("npm", ["run", "build:native"]);
  run("node", ["--test", "tests/node/"]);
  run("npx", ["tsc", "-p", "tests/node/types"]);
  // The webpack/rspack loader, in real builds of a client and a server bundle.
  run("node", ["--test", "tests/bundlers/"]);
  // The Vite plugin and the example app: types, the plugin without a
  // browser, then the app in Debian's chromium, in dev and in production.
  run("npx", ["tsc", "-p", "examples/basic"]);
  run("node", ["--test", "tests/vite/"]);
  run("node", ["scripts/ensure-chromium.mjs"]);
  // One file at a time: the dev test edits a server module the production test builds.
  run("node", ["--test", "--test-concurrency=1", "tests/e2e/"]);
  // The SWC Wasm plugin: built with Debian's toolchain (installed when
  // missing; skipped when its inputs are unchanged), unit-tested natively,
  // then run in @swc/core and rspack against the CLI's output of every fixture.
  run("node", ["scripts/build-swc-plugin.mjs"]);
  run("cargo", ["build", "--release", "--locked", "-p", "fnwire_cli"]);
  // The release CLI on hostile inputs: deep nesting, 50 MB, invalid UTF-8,
  // cycles, symlink loops, files disappearing during analysis.
  run("node", ["--test", "tests/cli/"]);
  run("cargo", ["test", "--locked", "--manifest-path", "crates/swc-plugin/Cargo.toml"]);
  run("node", ["--test", "tests/swc-plugin/"]);
  // Fuzzing: a short run of each target (the invariants of fuzz/src/lib.rs),
  // then the kept corpus replayed.
  run("node", ["scripts/fuzz.mjs", "--seconds", "20"]);
  // The reference runtime (fnwire/client, fnwire/server, fnwire/query) and its types.
  run("node", ["--test", "tests/runtime/"]);
  run("npx", ["tsc", "-p", "tests/types", "--noEmit"]);
  // Hardening: the runtime under load and attack over loopback, memory over
  // 100,000 calls, and napi crash safety (deep nesting, 50 MB, churned files).
  run("node", ["--test", "tests/hardening/"]);
  // The query hooks again on React 18, from that folder's own install.
  const react18 = join(root, "tests", "react18");
  ensureNpmInstall(react18);
  run("node", ["--preserve-symlinks", "--preserve-symlinks-main", "--test", "tests/react18/"]);
});
