// Fuzzes the compiler (see fuzz/src/lib.rs for the invariants), then replays
// the kept corpus with the stable toolchain. `npm test` runs a short smoke
// run; a longer one:  node scripts/fuzz.mjs --seconds 3600
//
// cargo-fuzz passes nightly-only flags (libFuzzer's sanitizer coverage): it runs
// on the nightly toolchain when one is installed, else on stable with
// RUSTC_BOOTSTRAP=1. cargo-fuzz itself is installed from crates.io when missing.
import { spawnSync } from "node:child_process";
import { main, run } from "./lib.mjs";

const CARGO_FUZZ_VERSION = "0.13.2";
const targets = ["text", "modules"];
const at = process.argv.indexOf("--seconds");
const seconds = at === -1 ? 20 : Number(process.argv[at + 1]);

function hasCargoFuzz() {
  const result = spawnSync("cargo", ["fuzz", "--version"], { encoding: "utf8" });
  return result.status === 0 && result.stdout.includes(CARGO_FUZZ_VERSION);
}

function hasNightly() {
  const result = spawnSync("rustup", ["toolchain", "list"], { encoding: "utf8" });
  return result.status === 0 && /^nightly-/m.test(result.stdout);
}

await main(async () => {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error("--seconds takes a positive number");
  if (!hasCargoFuzz()) run("cargo", ["install", "cargo-fuzz", "--locked", "--version", CARGO_FUZZ_VERSION]);
  const toolchain = hasNightly() ? { args: ["+nightly"], env: {} } : { args: [], env: { RUSTC_BOOTSTRAP: "1" } };
  for (const target of targets) {
    // New inputs go to fuzz/corpus/<target> (ignored by git; the seeds are kept);
    // a failing input to fuzz/artifacts/<target>, and the run fails.
    run(
      "cargo",
      // prettier-ignore
      [
        ...toolchain.args, "fuzz", "run", "--fuzz-dir", "fuzz", "-O", target, "--",
        `-max_total_time=${seconds}`, "-rss_limit_mb=4096", "-timeout=20", "-print_final_stats=1",
      ],
      { env: toolchain.env },
    );
  }
  run("cargo", ["test", "--manifest-path", "fuzz/Cargo.toml", "--tests"]);
});
