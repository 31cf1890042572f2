// fnwire as users get it: `fnwire` and its platform package packed with
// `npm pack`, installed from the tarballs into scratch projects under
// os.tmpdir() (outside the repository: nothing resolves into its
// node_modules), then built and run there: Vite 6, 7 and 8 (the build and the
// dev server), webpack 5, rspack, and @swc/core with the Wasm plugin. In each,
// the client code calls every server function over HTTP.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { describePackages, layoutProblems, napiConfig, packPackages } from "../../scripts/pack.mjs";
import { exec, inPool, installedVersions, makeScratch, npmInstall, startServer, writeProject } from "./scratch.mjs";

/** Each scratch project: the apps it is made of, how it builds, and where its client code and server entry end up. */
const projects = [
  ...["vite6", "vite7", "vite8"].map((name) => ({
    name,
    apps: ["common", "vite"],
    build: ["node_modules/.bin/vite", ["build"]],
    client: (dir) =>
      join(
        "dist",
        "client",
        "assets",
        readdirSync(join(dir, "dist", "client", "assets")).find((f) => f.endsWith(".js")),
      ),
    serverCode: join("dist", "server", "fnwire-server.js"),
    server: "server.mjs",
    dev: "dev.mjs",
  })),
  {
    name: "webpack",
    apps: ["common", "bundler"],
    build: ["node_modules/.bin/webpack", ["--config", "webpack.config.mjs"]],
    client: () => join("dist", "client", "client.js"),
    serverCode: join("dist", "server", "server.cjs"),
    server: join("dist", "server", "server.cjs"),
  },
  {
    name: "rspack",
    apps: ["common", "bundler"],
    build: ["node_modules/.bin/rspack", ["build", "--config", "rspack.config.mjs"]],
    client: () => join("dist", "client", "client.js"),
    serverCode: join("dist", "server", "server.cjs"),
    server: join("dist", "server", "server.cjs"),
  },
  {
    name: "swc",
    apps: ["common", "swc"],
    build: [process.execPath, ["compile.mjs"]],
    client: () => join("dist", "client", "main.js"),
    clientStubs: join("dist", "client", "api", "greeting.server.js"),
    serverCode: join("dist", "server", "api", "greeting.server.js"),
    server: "server.mjs",
  },
];

/** fnwire's id for an export of the apps' server module: SHA-256 of `<path from the root>:<export>`, 16 hex digits. */
const fnId = (exportName) => createHash("sha256").update(`src/api/greeting.server.ts:${exportName}`).digest("hex").slice(0, 16);
// Text only the server module holds.
const SERVER_ONLY = "Hello from the server";

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

let scratch;
let packages;
const dirs = {};
const timings = [];

before(async () => {
  scratch = makeScratch();
  console.log(`scratch folder: ${scratch}`);
  let started = performance.now();
  packages = await packPackages(join(scratch, "tarballs"));
  timings.push(["npm pack", performance.now() - started]);
  console.log(describePackages(packages));
  // Under fixed names, which the projects' package.json and lock files use whatever the version.
  mkdirSync(join(scratch, "packages"));
  for (const { name, filename } of packages) copyFileSync(filename, join(scratch, "packages", `${name}.tgz`));

  const { stdout: npmVersion } = await exec("npm", ["--version"], { cwd: scratch });
  console.log(`node ${process.version}, npm ${npmVersion.trim()}`);
  // Installed two at a time: mostly waiting on the network and the disk.
  started = performance.now();
  const installs = [
    ...projects.map(({ name, apps }) => ({ name, apps, args: [] })),
    { name: "no-binary", apps: [], args: ["--omit=optional"] },
  ];
  await inPool(installs, 2, async ({ name, apps, args }) => {
    dirs[name] = writeProject(scratch, name, apps);
    const { ms } = await npmInstall(dirs[name], args);
    timings.push([`npm install (${name})`, ms]);
  });
  timings.push(["npm install, all projects", performance.now() - started]);
});

after(() => {
  console.log(`times:\n${timings.map(([what, ms]) => `  ${seconds(ms).padStart(7)}  ${what}`).join("\n")}`);
  if (scratch && !process.env.FNWIRE_KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
});

describe("the packed packages", () => {
  test("fnwire holds what runs: the entries its exports name, the runtime, the .wasm; no binary, no tests, no sources", () => {
    const fnwire = packages.find((pkg) => pkg.name === "fnwire");
    const files = fnwire.files.map((file) => file.path);
    // The package.json that was packed, as a project installed it.
    const packed = JSON.parse(readFileSync(join(dirs.vite8, "node_modules", "fnwire", "package.json"), "utf8"));
    const targets = (value) => (typeof value === "string" ? [value] : Object.values(value).flatMap(targets));
    for (const target of targets(packed.exports)) assert.ok(files.includes(target.replace(/^\.\//, "")), `${target} is packed`);
    for (const file of ["binding.cjs", "runtime/protocol.js", "swc/fnwire_swc_plugin.wasm"])
      assert.ok(files.includes(file), `${file} is packed`);
    for (const file of files) {
      assert.match(
        file,
        /^(package\.json|README\.md|LICENSE|[\w/.-]+\.(js|cjs|d\.ts|d\.cts|wasm))$/,
        `${file}: only code that runs, its types and the .wasm`,
      );
      assert.doesNotMatch(file, /\.node$|(^|\/)tests?\/|\.test\.|\.map$/, `${file} must not be packed`);
    }
    // A guard against packing something big by accident (a binary is about 1.8 MB packed).
    assert.ok(fnwire.size < 1024 * 1024, `fnwire packs to ${fnwire.size} bytes`);
  });

  test("fnwire-linux-x64-gnu holds the binary alone, for glibc Linux on x64", () => {
    const platform = packages.find((pkg) => pkg.name === "fnwire-linux-x64-gnu");
    assert.deepEqual(
      platform.files.map((file) => file.path),
      ["fnwire.linux-x64-gnu.node", "package.json", "README.md"],
    );
    const manifest = JSON.parse(readFileSync(join(dirs.vite8, "node_modules", "fnwire-linux-x64-gnu", "package.json"), "utf8"));
    assert.deepEqual(
      [manifest.os, manifest.cpu, manifest.libc, manifest.main],
      [["linux"], ["x64"], ["glibc"], "fnwire.linux-x64-gnu.node"],
    );
  });

  test("fnwire's optionalDependencies name a platform package for every napi target, at fnwire's exact version", async () => {
    assert.deepEqual(await layoutProblems(), []);
    const { packageJson } = await napiConfig();
    const installed = JSON.parse(readFileSync(join(dirs.vite8, "node_modules", "fnwire", "package.json"), "utf8"));
    assert.equal(installed.optionalDependencies["fnwire-linux-x64-gnu"], installed.version);
    assert.deepEqual(installed.optionalDependencies, packageJson.optionalDependencies);
  });
});

describe("scratch projects, installed from the tarballs", () => {
  for (const project of projects) {
    test(`${project.name}: builds, and its client calls the server functions over HTTP`, { timeout: 300_000 }, async () => {
      const dir = dirs[project.name];
      const versions = installedVersions(dir);
      console.log(`${project.name}: ${versions.map(({ name, installed }) => `${name} ${installed}`).join(", ")}`);
      for (const { name, pinned, installed } of versions) assert.equal(installed, pinned, `${name} as pinned`);

      // fnwire and its binding are the installed copies, in this project.
      const where = JSON.parse((await exec(process.execPath, ["where.mjs"], { cwd: dir })).stdout);
      assert.equal(where.fnwire, join(dir, "node_modules", "fnwire"));
      assert.equal(where.symlink, false, "fnwire is a copy, not a link");
      assert.deepEqual(where.bindings, [join(dir, "node_modules", "fnwire-linux-x64-gnu", "fnwire.linux-x64-gnu.node")]);
      assert.deepEqual(where.compiled, [["f", 1]]);

      const [command, args] = project.build;
      const { ms } = await exec(command, args, { cwd: dir });
      timings.push([`build (${project.name})`, ms]);

      const clientFile = project.client(dir);
      const clientCode = readFileSync(join(dir, project.clientStubs ?? clientFile), "utf8");
      // As a string literal, whatever the quotes (Vite 8's minifier writes `…`).
      for (const name of ["greet", "add"])
        assert.match(clientCode, new RegExp(`["'\`]${fnId(name)}["'\`]`), `the client calls ${name} by its id`);
      assert.ok(!clientCode.includes(SERVER_ONLY), "the server module's code stays out of the client");
      assert.ok(readFileSync(join(dir, project.serverCode), "utf8").includes(SERVER_ONLY), "the server holds the server module's code");

      const expected = {
        greet: "Hello from the server, Ada!",
        add: 5,
        stubs: { greet: [fnId("greet"), "greet", null], add: [fnId("add"), "add", 2] },
        error: { serverFunctionError: true, message: "name is empty", status: 400, data: { field: "name" } },
      };
      const servers = [["server", project.server], ...(project.dev ? [["dev server", project.dev]] : [])];
      for (const [kind, file] of servers) {
        const server = await startServer(file, { cwd: dir });
        try {
          const { stdout } = await exec(process.execPath, ["call.mjs", clientFile, server.url], { cwd: dir });
          assert.deepEqual(JSON.parse(stdout), expected, `the ${kind}'s answers`);
        } finally {
          await server.stop();
        }
      }
    });
  }

  test("no-binary: installed without optional dependencies, fnwire names the missing platform package; the runtime still loads", async () => {
    const dir = dirs["no-binary"];
    assert.deepEqual(
      readdirSync(join(dir, "node_modules")).filter((name) => name.startsWith("fnwire")),
      ["fnwire"],
    );
    await assert.rejects(exec(process.execPath, ["--input-type=module", "-e", 'await import("fnwire")'], { cwd: dir }), (error) => {
      assert.match(
        error.stderr,
        /\[fnwire\] No native binding for this platform \(linux-x64-gnu\)\. Its binary is the package "fnwire-linux-x64-gnu"/,
      );
      return true;
    });
    const runtime =
      'const { createServerReference } = await import("fnwire/client"); await import("fnwire/server"); console.log(typeof createServerReference);';
    assert.equal((await exec(process.execPath, ["--input-type=module", "-e", runtime], { cwd: dir })).stdout, "function\n");
  });
});
