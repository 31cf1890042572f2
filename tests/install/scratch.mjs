// The install tests' scratch space: one folder under os.tmpdir(), outside the
// repository, holding the packed tarballs and one npm project per bundler,
// each installed from the tarballs and the registry only.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";

export const repoRoot = realpathSync(join(import.meta.dirname, "..", ".."));
const here = import.meta.dirname;

/** A new scratch folder; throws unless module resolution from it is out of the repository's reach. */
export function makeScratch() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "fnwire-install-")));
  assert.ok(relative(repoRoot, dir).startsWith(".."), `the scratch folder ${dir} must be outside the repository`);
  // Node looks for node_modules in every folder above a module: none may exist above the scratch folder.
  for (let parent = dirname(dir); ; parent = dirname(parent)) {
    assert.ok(!existsSync(join(parent, "node_modules")), `${join(parent, "node_modules")} would be visible to the scratch projects`);
    if (dirname(parent) === parent) break;
  }
  return dir;
}

/**
 * The environment of every command run in a scratch project: without the
 * npm_* variables `npm test` sets (npm_config_local_prefix points at the
 * repository) and without NODE_PATH, but with npm's cache: every install
 * shares the one the repository's npm uses.
 */
export const scratchEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => key === "npm_config_cache" || (!/^npm_/i.test(key) && key !== "NODE_PATH" && key !== "INIT_CWD"),
  ),
);

/** Runs a command in `cwd` to its end; resolves with its output and duration; rejects with both streams on failure. */
export function exec(command, args, { cwd, timeout = 300_000 }) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: scratchEnv, stdio: ["ignore", "pipe", "pipe"], timeout });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ stdout, stderr, ms });
      else {
        const error = new Error(`${command} ${args.join(" ")} (in ${cwd}) exited with ${code ?? signal}\n${stdout}\n${stderr}`);
        reject(Object.assign(error, { stdout, stderr, code }));
      }
    });
  });
}

/**
 * Writes scratch/<name>: the project's package.json and lock file from
 * tests/install/projects/<name>, and the files of its apps (tests/install/apps/<app>).
 * The lock keeps every version the project installs except fnwire's own two
 * packages, which are rebuilt for each run: npm reads those from the tarballs.
 */
export function writeProject(scratch, name, apps) {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const app of apps) cpSync(join(here, "apps", app), dir, { recursive: true });
  const project = join(here, "projects", name);
  cpSync(join(project, "package.json"), join(dir, "package.json"));
  const lockFile = join(project, "package-lock.json");
  if (existsSync(lockFile)) {
    const lock = JSON.parse(readFileSync(lockFile, "utf8"));
    delete lock.packages["node_modules/fnwire"];
    delete lock.packages["node_modules/fnwire-linux-x64-gnu"];
    writeFileSync(join(dir, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  }
  return dir;
}

/** The project's lock file as tests/install/projects keeps it: fnwire's entries without their integrity, which changes with every build. */
export function lockToKeep(dir) {
  const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8"));
  for (const name of ["fnwire", "fnwire-linux-x64-gnu"]) delete lock.packages[`node_modules/${name}`]?.integrity;
  return `${JSON.stringify(lock, null, 2)}\n`;
}

/** `npm install` in a scratch project: the lock's versions, from npm's cache when it has them. */
export function npmInstall(dir, extraArgs = []) {
  return exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...extraArgs], { cwd: dir });
}

/** The installed version of each of the project's registry dependencies, and the exact version its package.json pins. */
export function installedVersions(dir) {
  const { dependencies } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return Object.entries(dependencies)
    .filter(([, spec]) => !spec.startsWith("file:"))
    .map(([name, pinned]) => {
      const installed = JSON.parse(readFileSync(join(dir, "node_modules", ...name.split("/"), "package.json"), "utf8")).version;
      return { name, pinned, installed };
    });
}

/**
 * Starts a server (`node FILE` in `cwd`) and resolves once it has printed
 * {"url"}: with the url and a `stop()` that ends it.
 */
export function startServer(file, { cwd, timeout = 60_000 }) {
  const child = spawn(process.execPath, [file], { cwd, env: scratchEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", resolve);
      child.kill();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${file} did not start within ${timeout} ms`)), timeout);
    const fail = (error) => {
      clearTimeout(timer);
      stop().then(() => reject(Object.assign(error, { message: `${error.message}\n${output}` })));
    };
    child.stderr.on("data", (chunk) => (output += chunk));
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const line = output.split("\n").find((text) => text.startsWith('{"url"'));
      if (!line) return;
      clearTimeout(timer);
      resolve({ url: JSON.parse(line).url, stop, output: () => output });
    });
    child.on("error", fail);
    child.on("exit", (code, signal) => fail(new Error(`${file} exited with ${code ?? signal} before listening`)));
  });
}

/** Runs `worker` on every item, at most `limit` at a time; resolves with the results in order. */
export async function inPool(items, limit, worker) {
  const results = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** True when `file` is inside `dir`. */
export function isInside(file, dir) {
  const path = relative(dir, file);
  return path !== "" && !path.startsWith("..") && !path.startsWith(sep);
}
