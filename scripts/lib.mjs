// Helpers shared by the repository's scripts: run a command loudly, and
// install the npm dependencies a fresh clone does not have yet.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..");

/** Runs a command in `cwd` (default: the repository root), inheriting stdio; throws on failure. */
export function run(command, args, { cwd = root, env } = {}) {
  console.log(`\n$ ${[command, ...args].join(" ")}${cwd === root ? "" : `   (in ${cwd})`}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const error = new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}`);
    error.exitCode = result.status ?? 1;
    throw error;
  }
}

/** Installs the npm dependencies of `dir` when its node_modules is missing or older than its lock file. */
export function ensureNpmInstall(dir = root) {
  const lock = join(dir, "package-lock.json");
  const marker = join(dir, "node_modules", ".package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  // `npm ci` refuses this lock file: the registry here answers 404 for other
  // platforms' optional binaries, so npm never records them (npm/cli#9846).
  // `npm install` honours the lock and leaves it unchanged.
  run("npm", ["install", "--no-audit", "--no-fund"], { cwd: dir });
}

/** Runs `main`, turning a failed step into the process's exit code. */
export async function main(steps) {
  try {
    await steps();
  } catch (error) {
    console.error(`\n${error.message}`);
    process.exit(error.exitCode ?? 1);
  }
}
