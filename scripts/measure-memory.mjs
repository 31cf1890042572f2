// `node scripts/measure-memory.mjs [--large]`: peak memory (maximum resident
// set size) of fnwire, each case in a fresh process, for the README's
// reliability figures:
//
// - the CLI (`fnwire transform`) on a 200 KB server module, both targets;
// - `transformSync` on the same module, both targets, beside a Node process
//   that only loads fnwire (the baseline a Node figure includes);
// - `analyzeGraph`, and `fnwire analyze`, on a generated app of 10,000
//   modules (3% server modules, a tsconfig with `paths`), written once under
//   target/measure-memory/;
// - a whole build of that app through one compiler instance (createCompiler:
//   the graph analysis, then both targets of every reachable module), and a
//   dev session on it: 100 edits of one server module, each transformed for
//   both targets and followed by a graph analysis (the compiler keeps one
//   entry per live file: no growth);
// - with --large, `transformSync` on a 5 MB and a 50 MB server module.
//
// Each case runs three times; the median is printed. Node processes report
// `process.resourceUsage().maxRSS`; the CLI is measured with `/usr/bin/time -v`.
// Needs `npm run build:native` and `cargo build --release -p fnwire_cli` first.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { serverModule } from "./bench/corpus.mjs";

const root = join(import.meta.dirname, "..");
const work = join(root, "target", "measure-memory");
const cli = join(root, "target", "release", "fnwire");
const RUNS = 3;
const MiB = 1024 * 1024;

// ---- Child mode: one measured operation, then its peak RSS as JSON. ----
if (process.argv[2] === "--child") {
  const [, , , what, arg] = process.argv;
  const { analyzeGraph, createCompiler, transformSync } = await import("fnwire");
  const { readFileSync, readdirSync } = await import("node:fs");
  const started = performance.now();
  let detail;
  if (what === "transformSync-client" || what === "transformSync-server") {
    const code = readFileSync(arg, "utf8");
    const result = transformSync(code, { filename: arg, root: dirname(arg), target: what.split("-")[1] });
    detail = `${result.serverFunctions.length} functions`;
  } else if (what === "analyzeGraph") {
    const result = analyzeGraph({ root: arg, roots: ["src/features/f0/m0.ts"] });
    if (result.diagnostics.length > 0) throw new Error(result.diagnostics[0].message);
    detail = `${result.serverModules.length} server modules`;
  } else if (what === "wholeBuild") {
    const compiler = createCompiler({ root: arg });
    const result = compiler.analyzeGraph({ roots: ["src/features/f0/m0.ts"] });
    if (result.diagnostics.length > 0) throw new Error(result.diagnostics[0].message);
    let modules = 0;
    for (const file of sourceFiles(join(arg, "src"), readdirSync)) {
      const code = readFileSync(file, "utf8");
      for (const target of ["client", "server"]) compiler.transformSync(code, { filename: file, target, sourceMap: true });
      modules += 1;
    }
    const { parses, kept } = compiler.stats();
    detail = `${modules} modules × 2 targets; ${parses} parses for ${result.serverModules.length} server modules, ${kept} kept`;
  } else if (what === "devEdits") {
    const compiler = createCompiler({ root: arg });
    const roots = ["src/features/f0/m0.ts"];
    const live = compiler.analyzeGraph({ roots }).serverModules.length;
    const file = join(arg, "src/api/actions5.server.ts");
    const original = readFileSync(file, "utf8");
    // RSS and the JS heap (after a GC) along the way: what a leak would grow.
    const marks = [];
    try {
      for (let edit = 1; edit <= 100; edit += 1) {
        const code = `${original}\nexport async function edit${edit}() {\n  return ${edit};\n}\n`;
        writeFileSync(file, code);
        for (const target of ["client", "server"]) compiler.transformSync(code, { filename: file, target });
        compiler.analyzeGraph({ roots });
        if ([10, 50, 100].includes(edit)) {
          globalThis.gc?.();
          const { rss, heapUsed } = process.memoryUsage();
          marks.push(`${(rss / MiB).toFixed(0)}/${(heapUsed / MiB).toFixed(1)}`);
        }
      }
    } finally {
      writeFileSync(file, original);
    }
    const { kept } = compiler.stats();
    detail = `${live} live server modules, ${kept} kept after 100 edits; RSS/JS heap MB at edits 10, 50, 100: ${marks.join(", ")}`;
  } else if (what !== "baseline") {
    throw new Error(`unknown case ${what}`);
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ maxRSS: process.resourceUsage().maxRSS * 1024, ms, detail }));
  process.exit(0);
}

/** The files under `dir`, recursively. */
function sourceFiles(dir, readdir) {
  return readdir(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name), readdir) : [join(dir, entry.name)],
  );
}

// ---- Inputs ----

/** Writes `files` ({ path: text }) under `dir` once: into a temporary folder, renamed when complete. */
function generateOnce(dir, files) {
  if (existsSync(join(dir, ".complete"))) return dir;
  const building = `${dir}.${process.pid}.tmp`;
  for (const [path, text] of Object.entries(files())) {
    mkdirSync(dirname(join(building, path)), { recursive: true });
    writeFileSync(join(building, path), text);
  }
  writeFileSync(join(building, ".complete"), "");
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  return dir;
}

const MODULES = 10_000;
// Every 33rd module is a server module: 3%.
const isServer = (index) => index % 33 === 5;
const alias = (index) => (isServer(index) ? `@/api/actions${index}.server` : `@/features/f${index % 50}/m${index}`);

/**
 * The app of crates/transform/benches/graph.rs: a tree of fan-out 3 from
 * src/features/f0/m0.ts reaching every module, imports through the `@/*`
 * alias, a relative import of a shared module, a Node builtin, a type-only
 * import and a package with `exports`.
 */
function appFiles() {
  const files = {
    "tsconfig.json": '{\n  // generated\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } }\n}\n',
    "node_modules/fake-lib/package.json": '{ "name": "fake-lib", "exports": { ".": { "import": "./index.mjs" } } }',
    "node_modules/fake-lib/index.mjs": "export const lib = 1;\n",
    "src/shared.ts": "export const shared = 1;\n",
    "src/types.ts": "export type Config = { currency?: string };\n",
  };
  for (let index = 0; index < MODULES; index += 1) {
    if (isServer(index)) {
      files[`src/api/actions${index}.server.ts`] = `"use server";
import { shared } from "../shared";

export interface Order${index} {
  id: string;
  total: number;
}

const orders = new Map<string, Order${index}>();

export async function listOrders${index}(page: number): Promise<Order${index}[]> {
  return [...orders.values()].slice(page * 20, page * 20 + 20);
}

export async function saveOrder${index}(order: Order${index}) {
  orders.set(order.id, { ...order, total: order.total + shared });
  return order.id;
}

export const value${index} = async (id?: string) => (id ? orders.get(id) : undefined);
`;
      continue;
    }
    const children = [1, 2, 3].map((k) => index * 3 + k).filter((child) => child < MODULES);
    if (index === 0) for (let child = 1; child < MODULES; child += 1) if (isServer(Math.floor((child - 1) / 3))) children.push(child);
    let source = children.map((child) => `import { value${child} } from "${alias(child)}";\n`).join("");
    if (index > 10) source += 'import { shared } from "../../shared";\n';
    source += `import { readFileSync } from "node:fs";
import type { Config } from "@/types";
import { lib } from "fake-lib";

/** Component ${index}: formats rows for display. */
export interface Row${index} {
  id: string;
  label: string;
  amount: number;
}

export function format${index}(rows: Row${index}[], config?: Config): string[] {
  const currency = config?.currency ?? "EUR";
  return rows
    .filter((row) => row.amount > 0)
    .map((row) => \`\${row.label}: \${row.amount.toFixed(2)} \${currency}\`);
}

export const value${index} = [${children.map((child) => `value${child}`).join(", ")}].length + ${index > 10 ? "shared" : "1"} + lib + (typeof readFileSync === "function" ? 1 : 0);
`;
    files[`src/features/f${index % 50}/m${index}.ts`] = source;
  }
  return files;
}

// ---- Measuring ----

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const mb = (bytes) => `${(bytes / MiB).toFixed(0)} MB`;

/** Peak RSS and time of `node scripts/measure-memory.mjs --child what arg`, median of RUNS. */
function nodeCase(what, arg) {
  const runs = [];
  for (let run = 0; run < RUNS; run += 1) {
    const child = spawnSync(process.execPath, ["--expose-gc", import.meta.filename, "--child", what, arg ?? ""], {
      encoding: "utf8",
      cwd: root,
    });
    if (child.status !== 0) throw new Error(`${what}: ${child.stderr}`);
    runs.push(JSON.parse(child.stdout));
  }
  return { maxRSS: median(runs.map((run) => run.maxRSS)), ms: median(runs.map((run) => run.ms)), detail: runs[0].detail };
}

/** Peak RSS and wall time of the CLI under /usr/bin/time -v, median of RUNS. */
function cliCase(args) {
  const runs = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const child = spawnSync("/usr/bin/time", ["-v", cli, ...args], { encoding: "utf8", cwd: root, maxBuffer: 512 * MiB });
    const ms = performance.now() - started;
    if (child.error) return undefined;
    if (child.status !== 0) throw new Error(`fnwire ${args.join(" ")}: ${child.stderr.slice(0, 2000)}`);
    const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr)?.[1]);
    runs.push({ maxRSS: kb * 1024, ms });
  }
  return { maxRSS: median(runs.map((run) => run.maxRSS)), ms: median(runs.map((run) => run.ms)) };
}

if (!existsSync(join(root, "npm", "fnwire.linux-x64-gnu.node")) && !existsSync(join(root, "npm", "binding.cjs"))) {
  throw new Error("Build the native binding first: npm run build:native");
}
const haveCli = existsSync(cli);
const haveTime = existsSync("/usr/bin/time");

mkdirSync(work, { recursive: true });
const modules = [{ label: "200 KB", bytes: 200 * 1024 }];
if (process.argv.includes("--large")) modules.push({ label: "5 MB", bytes: 5 * MiB }, { label: "50 MB", bytes: 50 * MiB });
for (const module of modules) {
  module.path = join(work, `module-${module.bytes}.server.ts`);
  const code = serverModule(module.bytes);
  writeFileSync(module.path, code);
  module.actual = code.length;
}
console.log("Generating the 10,000-module app (once, under target/measure-memory/) …");
const app = generateOnce(join(work, "app-10000"), appFiles);

const rows = [];
const baseline = nodeCase("baseline");
rows.push(["Node, fnwire loaded, nothing done (baseline)", mb(baseline.maxRSS), "", ""]);
for (const module of modules) {
  for (const target of ["client", "server"]) {
    const label = `${module.label} server module, ${target}`;
    if (haveCli && haveTime) {
      const result = cliCase(["transform", module.path, "--target", target, "--root", work]);
      rows.push([`CLI \`fnwire transform\`, ${label}`, mb(result.maxRSS), "", `${result.ms.toFixed(0)} ms (process)`]);
    }
    const result = nodeCase(`transformSync-${target}`, module.path);
    rows.push([
      `\`transformSync\`, ${label}`,
      mb(result.maxRSS),
      `+${mb(result.maxRSS - baseline.maxRSS)}`,
      `${result.ms.toFixed(1)} ms (call)`,
    ]);
  }
}
const graph = nodeCase("analyzeGraph", app);
rows.push([
  `\`analyzeGraph\`, 10,000-module app (${graph.detail})`,
  mb(graph.maxRSS),
  `+${mb(graph.maxRSS - baseline.maxRSS)}`,
  `${graph.ms.toFixed(0)} ms (call)`,
]);
if (haveCli && haveTime) {
  const result = cliCase(["analyze", join(app, "src/features/f0/m0.ts"), "--root", app, "--format", "json"]);
  rows.push(["CLI `fnwire analyze`, 10,000-module app", mb(result.maxRSS), "", `${result.ms.toFixed(0)} ms (process)`]);
}
const build = nodeCase("wholeBuild", app);
rows.push([
  `a whole build through \`createCompiler\` (${build.detail})`,
  mb(build.maxRSS),
  `+${mb(build.maxRSS - baseline.maxRSS)}`,
  `${build.ms.toFixed(0)} ms`,
]);
const edits = nodeCase("devEdits", app);
rows.push([
  `a dev session: 100 edits of one module (${edits.detail})`,
  mb(edits.maxRSS),
  `+${mb(edits.maxRSS - baseline.maxRSS)}`,
  `${edits.ms.toFixed(0)} ms`,
]);

const header = ["case", "peak RSS", "above baseline", "time"];
const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
const line = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
console.log(
  `\nPeak memory (maximum RSS, median of ${RUNS} fresh processes), Node ${process.version}, ${process.platform}-${process.arch}\n`,
);
console.log(line(header));
console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
for (const row of rows) console.log(line(row));
if (!haveCli) console.log("\n(The CLI was not measured: build it with `cargo build --release -p fnwire_cli`.)");
if (!haveTime) console.log("\n(The CLI was not measured: /usr/bin/time is missing; on Debian, `apt-get install time`.)");
