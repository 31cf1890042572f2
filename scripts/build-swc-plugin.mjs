// Builds the SWC Wasm plugin (crates/swc-plugin) into
// npm/swc/fnwire_swc_plugin.wasm, installing what a fresh machine lacks.
//
// rustup cannot add wasm targets on these machines, so this uses Debian's
// packaged Rust (rustc-web, with its std source) and build-std: a sysroot
// folder under target/ links Debian's host std, the WASI crt files and the
// std source together. See "The SWC Wasm plugin" in the toolchain notes.
//
// Idempotent: a hash of every input (and of the output it gave) is kept in
// the build's target folder, and an unchanged tree is not rebuilt.
// `--force` rebuilds anyway. Like cargo, it builds under $CARGO_TARGET_DIR
// when that is set (worktrees can share one build), else under target/.
//
// Usage: node scripts/build-swc-plugin.mjs [--force]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, relative, resolve } from "node:path";
import { main, root, run } from "./lib.mjs";

const force = process.argv.includes("--force");
const crate = join(root, "crates", "swc-plugin");
const output = join(root, "npm", "swc", "fnwire_swc_plugin.wasm");
const cargoTarget = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(root, "target");
const targetDir = join(cargoTarget, "swc-plugin-wasm");
const stampFile = join(targetDir, "fnwire_swc_plugin.stamp");
const sysroot = join(cargoTarget, "wasm-sysroot");
const wasmTarget = "wasm32-wasip1";
const hostTriple = "x86_64-unknown-linux-gnu";

// Debian's toolchain, by full path: rustup's proxies come first in PATH.
const debianRustc = "/usr/bin/rustc";
const debianCargo = "/usr/bin/cargo";
const aptPackages = ["rustc-web", "cargo-web", "rust-web-src", "rust-web-llvm", "lld-22", "wasi-libc"];

/** Every file the .wasm is built from, in a stable order. */
function inputFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(join(root, "crates", "transform", "src"));
  walk(join(crate, "src"));
  files.push(
    join(root, "Cargo.toml"), // the transform crate inherits its dependencies from the root workspace
    join(root, "crates", "transform", "Cargo.toml"),
    join(crate, "Cargo.toml"),
    join(crate, "Cargo.lock"),
    import.meta.filename,
  );
  return files;
}

function inputsHash() {
  const hash = createHash("sha256");
  for (const file of inputFiles()) {
    hash.update(relative(root, file).replaceAll("\\", "/"));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** Whether the output exists and was built from these inputs. */
function upToDate(inputs) {
  if (!existsSync(output) || !existsSync(stampFile)) return false;
  const [stampedInputs, stampedOutput] = readFileSync(stampFile, "utf8").trim().split(" ");
  return stampedInputs === inputs && stampedOutput === sha256(readFileSync(output));
}

function capture(command, args) {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Debian's rustc version ("1.96.0"), or null when it is not the packaged one with std source and wasm tools. */
function debianToolchain() {
  if (!existsSync(debianRustc) || !existsSync(debianCargo)) return null;
  const version = capture(debianRustc, ["--version"])?.match(/^rustc (\d+\.\d+\.\d+)/)?.[1];
  if (!version) return null;
  const ready =
    existsSync(`/usr/src/rustc-${version}/library`) &&
    existsSync(`/usr/lib/rustlib/${hostTriple}/lib`) &&
    existsSync("/usr/lib/wasm32-wasi/crt1-command.o") &&
    existsSync("/usr/bin/ld.lld-22");
  return ready ? version : null;
}

function installToolchain() {
  const asRoot = process.getuid?.() === 0;
  const apt = (args) => (asRoot ? run("apt-get", args) : run("sudo", ["apt-get", ...args]));
  console.log(`\nInstalling Debian's Rust toolchain for Wasm: ${aptPackages.join(", ")}`);
  apt(["update", "-q"]);
  apt(["install", "-y", "-q", "--no-install-recommends", ...aptPackages]);
}

/** (Re)creates `link` pointing at `target`. */
function link(target, path) {
  try {
    if (readlinkSync(path) === target) return;
    rmSync(path, { force: true });
  } catch {
    // missing: created below
  }
  mkdirSync(join(path, ".."), { recursive: true });
  symlinkSync(target, path);
}

function makeSysroot(version) {
  link(`/usr/lib/rustlib/${hostTriple}`, join(sysroot, "lib", "rustlib", hostTriple));
  link("/usr/lib/wasm32-wasi", join(sysroot, "lib", "rustlib", wasmTarget, "lib", "self-contained"));
  link(`/usr/src/rustc-${version}`, join(sysroot, "lib", "rustlib", "src", "rust"));
}

await main(async () => {
  const hash = inputsHash();
  if (!force && upToDate(hash)) {
    console.log(`${relative(root, output)} is up to date (inputs ${hash.slice(0, 12)}).`);
    return;
  }
  let version = debianToolchain();
  if (!version) {
    installToolchain();
    version = debianToolchain();
    if (!version) throw new Error("Debian's Rust toolchain for Wasm is still incomplete after apt-get install");
  }
  makeSysroot(version);
  const started = Date.now();
  // A clean environment for Debian's cargo: nothing of rustup's toolchain
  // selection, and Debian's tools first in PATH for build scripts.
  // (`run` starts from process.env: this process is the build's.)
  for (const key of Object.keys(process.env)) {
    if (/^(RUSTUP_|CARGO_|RUSTC|RUSTDOC|RUSTFLAGS$)/.test(key) && key !== "CARGO_HOME") delete process.env[key];
  }
  const cargo = (args, options) => {
    try {
      run(debianCargo, args, options);
    } catch (error) {
      error.message +=
        "\n(If cargo says the lock file needs to be updated, crates/transform's dependencies changed: refresh" +
        " crates/swc-plugin/Cargo.lock with `cargo metadata --manifest-path crates/swc-plugin/Cargo.toml" +
        " --format-version 1 > /dev/null` and commit it.)";
      throw error;
    }
  };
  cargo(
    [
      "build",
      "--release",
      "--locked",
      "--manifest-path",
      join(crate, "Cargo.toml"),
      "--target",
      wasmTarget,
      "--target-dir",
      targetDir,
      "-Zbuild-std=std,panic_abort",
    ],
    {
      env: {
        PATH: `/usr/bin:${process.env.PATH ?? ""}`,
        RUSTC: debianRustc,
        RUSTC_BOOTSTRAP: "1",
        RUSTFLAGS: `--sysroot ${sysroot}`,
      },
    },
  );
  const built = join(targetDir, wasmTarget, "release", "fnwire_swc_plugin.wasm");
  mkdirSync(join(output, ".."), { recursive: true });
  copyFileSync(built, output);
  writeFileSync(stampFile, `${hash} ${sha256(readFileSync(output))}\n`);
  const size = (statSync(output).size / 1024 / 1024).toFixed(2);
  console.log(`\nBuilt ${relative(root, output)} (${size} MB) in ${Math.round((Date.now() - started) / 1000)} s.`);
});
