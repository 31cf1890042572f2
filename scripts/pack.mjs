// Packs the npm packages as they would be published, in napi-rs's layout:
// `fnwire` (npm/: the Node API, the runtime, the bundler plugins and the SWC
// .wasm) and one platform package per binary built here (npm/npm/<platform>,
// the .node only), which `fnwire` lists in its optionalDependencies.
//
// The platform folders come from `napi create-npm-dirs` (run it after changing
// `napi.targets`); `napi artifacts` copies each built .node into its folder;
// `npm pack` makes the tarballs. Only linux-x64-gnu builds on this machine:
// the other declared targets need their own toolchains (CI runners), and are
// left unpacked here.
//
// Usage: node scripts/pack.mjs [--out DIR]   (default: target/packages)
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { readNapiConfig } from "@napi-rs/cli";
import { main, root } from "./lib.mjs";

const packageDir = join(root, "npm");
const npmDir = join(packageDir, "npm");
const wasm = join(packageDir, "swc", "fnwire_swc_plugin.wasm");

/** The napi config of `fnwire`: its targets (with napi's platform names), binary name and package.json. */
export async function napiConfig() {
  return readNapiConfig(join(packageDir, "package.json"));
}

/** What the layout must hold, as messages: optionalDependencies naming every target at the exact version, and a folder for each. */
export async function layoutProblems() {
  const { targets, packageName, binaryName, packageJson } = await napiConfig();
  const problems = [];
  const expected = Object.fromEntries(targets.map((target) => [`${packageName}-${target.platformArchABI}`, packageJson.version]));
  const declared = packageJson.optionalDependencies ?? {};
  for (const [name, version] of Object.entries(expected)) {
    if (declared[name] !== version) problems.push(`optionalDependencies["${name}"] must be "${version}" (is ${declared[name]})`);
  }
  for (const name of Object.keys(declared).filter((name) => !(name in expected))) {
    problems.push(`optionalDependencies["${name}"] is not one of napi.targets`);
  }
  for (const target of targets) {
    const file = join(npmDir, target.platformArchABI, "package.json");
    if (!existsSync(file)) {
      problems.push(`${relative(root, file)} is missing (run \`npx napi create-npm-dirs\` in npm/)`);
      continue;
    }
    const platformPackage = JSON.parse(readFileSync(file, "utf8"));
    const binary = `${binaryName}.${target.platformArchABI}.node`;
    if (platformPackage.name !== `${packageName}-${target.platformArchABI}`) problems.push(`${relative(root, file)}: name`);
    if (platformPackage.version !== packageJson.version) problems.push(`${relative(root, file)}: version ${platformPackage.version}`);
    if (platformPackage.main !== binary || platformPackage.files?.join() !== binary) problems.push(`${relative(root, file)}: main/files`);
  }
  return problems;
}

/** Runs npm, returning its stdout; throws with its stderr on failure. */
function npm(args, cwd) {
  const result = spawnSync("npm", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/**
 * Packs `fnwire` and the platform packages whose binary is built, into `outDir`.
 * Resolves with `npm pack --json`'s report of each: `{ name, version, filename,
 * size, unpackedSize, files: [{ path, size }] }`, `filename` made absolute.
 */
export async function packPackages(outDir) {
  const problems = await layoutProblems();
  if (problems.length > 0) throw new Error(`The platform-package layout is inconsistent:\n  ${problems.join("\n  ")}`);
  if (!existsSync(wasm)) throw new Error(`${relative(root, wasm)} is missing: build it with \`node scripts/build-swc-plugin.mjs\``);
  const { targets, binaryName } = await napiConfig();
  const built = targets.filter((target) => existsSync(join(packageDir, `${binaryName}.${target.platformArchABI}.node`)));
  if (built.length === 0) throw new Error("No native binary in npm/: build it with `npm run build:native`");

  // napi artifacts takes the binaries from a folder of downloaded CI artifacts;
  // here, a folder with the ones built on this machine, and a config naming
  // only their targets (it refuses to run with any configured target missing).
  const artifacts = mkdtempSync(join(tmpdir(), "fnwire-artifacts-"));
  try {
    for (const target of built) {
      const file = `${binaryName}.${target.platformArchABI}.node`;
      copyFileSync(join(packageDir, file), join(artifacts, file));
    }
    writeFileSync(join(artifacts, "napi.json"), JSON.stringify({ targets: built.map((target) => target.triple) }));
    const napi = spawnSync(
      "npx",
      ["napi", "artifacts", "--cwd", packageDir, "--output-dir", artifacts, "--config-path", join(artifacts, "napi.json")],
      { cwd: root, encoding: "utf8" },
    );
    if (napi.status !== 0) throw new Error(`napi artifacts failed:\n${napi.stdout}${napi.stderr}`);
  } finally {
    rmSync(artifacts, { recursive: true, force: true });
  }

  mkdirSync(outDir, { recursive: true });
  const dirs = [packageDir, ...built.map((target) => join(npmDir, target.platformArchABI))];
  const packed = JSON.parse(npm(["pack", ...dirs, "--json", "--pack-destination", resolve(outDir)], root));
  return packed.map(({ name, version, filename, size, unpackedSize, files }) => ({
    name,
    version,
    filename: join(resolve(outDir), filename),
    size,
    unpackedSize,
    files: files.map(({ path, size }) => ({ path, size })).sort((a, b) => a.path.localeCompare(b.path)),
  }));
}

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

/** The tarballs as a listing: each package, its sizes and its files. */
export function describePackages(packages) {
  return packages
    .map(({ name, version, filename, size, unpackedSize, files }) =>
      [
        `${name}@${version}: ${filename}, ${kB(size)} packed, ${kB(unpackedSize)} unpacked, ${files.length} files`,
        ...files.map(({ path, size }) => `  ${kB(size).padStart(10)}  ${path}`),
      ].join("\n"),
    )
    .join("\n");
}

if (process.argv[1] === import.meta.filename) {
  await main(async () => {
    const at = process.argv.indexOf("--out");
    const outDir = at === -1 ? join(root, "target", "packages") : resolve(process.argv[at + 1]);
    console.log(describePackages(await packPackages(outDir)));
  });
}
