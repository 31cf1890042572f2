// Run as a child process by napi-crash.test.mjs, one scenario per process, so
// that a crash (a Rust panic that escapes, a stack overflow, an abort) or a
// hang fails that scenario's test instead of taking the runner down. Builds
// its inputs under the directory it is given, feeds them to the Node API and
// prints one JSON line per outcome; the last line is { done: true, ... }.
//
//   FNWIRE_CHAIN_CACHE=<dir for the 100,000-module chain> node napi-crash-child.mjs <scenario> <dir>
import { fork } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { analyzeGraph, transform, transformSync } from "fnwire";
import { bigServerModule } from "../node/hostile-inputs.mjs";

const [scenario, dir] = process.argv.slice(2);
const SERVER = '"use server";\n';

function report(line) {
  writeSync(1, `${JSON.stringify(line)}\n`);
}

function write(path, text) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** What a call gave: a summary of the result, or of the error. */
function outcome(call) {
  const start = performance.now();
  const done = (summary) => ({ ...summary, ms: Math.round(performance.now() - start) });
  const describeError = (error) =>
    done({ outcome: "error", type: error?.constructor?.name, code: error?.code ?? null, message: String(error?.message).slice(0, 500) });
  try {
    const result = call();
    if (result instanceof Promise) return result.then((value) => done(summarize(value)), describeError);
    return done(summarize(result));
  } catch (error) {
    return describeError(error);
  }
}

function summarize(result) {
  if ("manifest" in result) {
    return {
      outcome: "graph",
      diagnostics: result.diagnostics.map(({ code, file, message }) => ({
        code,
        file,
        message: message.slice(0, 300),
        messageEnd: message.slice(-120),
      })),
      serverModules: result.serverModules.map(({ module, importChain, functions }) => ({
        module,
        chainLength: importChain.length,
        chainEnds: [importChain[0], importChain.at(-1)],
        functions: functions.length,
        names: functions.length > 4 ? [functions[0].fnName, functions.at(-1).fnName] : functions.map((fn) => fn.fnName),
      })),
      manifestSize: Object.keys(result.manifest.functions).length,
    };
  }
  return {
    outcome: "transform",
    isServerModule: result.isServerModule,
    functions: result.serverFunctions.length,
    codeLength: result.code.length,
  };
}

/**
 * The app of the "vanish" scenario: main.ts imports 20 features through
 * index files and a tsconfig `paths` alias; each feature has two modules and
 * a server module. Everything but main.ts and shared.ts is deleted and
 * restored by churn.mjs while analyzeGraph runs.
 */
function vanishingApp() {
  const files = {};
  const churned = {};
  const FEATURES = 20;
  files["src/main.ts"] =
    Array.from({ length: FEATURES }, (_, k) => `import "./features/f${k}";\n`).join("") + 'import { shared } from "@/shared";\n';
  files["src/shared.ts"] = "export const shared = 1;\n";
  churned["tsconfig.json"] = '{\n  // paths\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } }\n}\n';
  for (let k = 0; k < FEATURES; k += 1) {
    const at = `src/features/f${k}`;
    churned[`${at}/index.ts`] = 'import "./a";\nimport "./b";\nimport "./actions.server";\nimport "@/shared";\nexport {};\n';
    churned[`${at}/a.ts`] = `export const a${k} = ${k};\n`;
    churned[`${at}/b.ts`] =
      `import { a${(k + 1) % FEATURES} } from "../f${(k + 1) % FEATURES}/a";\nexport const b${k} = a${(k + 1) % FEATURES};\n`;
    churned[`${at}/actions.server.ts`] =
      `${SERVER}import { shared } from "@/shared";\nexport async function load${k}(id: string) { return id + shared; }\nexport const save${k} = async (value?: number) => value;\n`;
  }
  return { files: { ...files, ...churned }, churned };
}

/** Runs analyzeGraph over and over for `ms` while churn.mjs deletes and restores files in `mode`. */
async function underChurn(mode, ms, check) {
  const app = join(dir, mode);
  const { files, churned } = vanishingApp();
  for (const [path, text] of Object.entries(files)) write(`${mode}/${path}`, text);
  const options = { root: app, roots: ["src/main.ts"] };
  const baseline = summarize(analyzeGraph(options));
  report({ name: `${mode}: baseline`, ...baseline });

  const churner = fork(join(import.meta.dirname, "churn.mjs"), [app, mode], {
    env: { ...process.env, FNWIRE_CHURN_FILES: JSON.stringify(churned), FNWIRE_CHURN_DEADLINE: String(Date.now() + ms + 30_000) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let ops = 0;
  churner.on("message", (message) => (ops = message.ops));
  const exited = new Promise((resolve) => churner.once("exit", resolve));
  // Let the churner start before the first run; it must not stop before the last.
  const started = await Promise.race([new Promise((resolve) => churner.once("message", () => resolve(true))), exited.then(() => false)]);
  if (!started) throw new Error(`churn.mjs exited with ${churner.exitCode} before its first 50 operations`);
  const counts = { runs: 0, complete: 0, reported: 0, violations: 0 };
  const codes = {};
  const end = Date.now() + ms;
  while (Date.now() < end && counts.runs < ms) {
    const result = summarize(analyzeGraph(options));
    counts.runs += 1;
    const verdict = check(result, baseline);
    counts[verdict.kind] += 1;
    for (const { code } of result.diagnostics ?? []) codes[code] = (codes[code] ?? 0) + 1;
    if (verdict.kind === "violations" && counts.violations <= 5) report({ name: `${mode}: violation`, reason: verdict.reason, result });
    // Messages from the churner arrive between runs.
    if (counts.runs % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (churner.exitCode !== null) throw new Error(`churn.mjs stopped early with ${churner.exitCode}`);
  churner.disconnect();
  await exited;
  report({ name: `${mode}: churn`, ...counts, ops, codes });
}

const KNOWN_CODES = /^FW0(0[1-6]|1[0-6]|2[0-2])$/;

const DEPTH = 100_000;

/**
 * An app whose modules import each other in a chain 100,000 modules long,
 * ending in a server module; written once under $FNWIRE_CHAIN_CACHE (the
 * test passes target/hardening/chain-100000) and reused.
 */
function chainApp() {
  const cache = process.env.FNWIRE_CHAIN_CACHE;
  if (existsSync(join(cache, ".complete"))) return cache;
  const building = `${cache}.${process.pid}.tmp`;
  const module = (i) => `d${Math.floor(i / 1000)}/m${i}`;
  for (let i = 0; i < DEPTH; i += 1) {
    const text =
      i + 1 === DEPTH ? `${SERVER}export async function deepest() {}\n` : `import "../${module(i + 1)}";\nexport const v${i} = ${i};\n`;
    mkdirSync(join(building, "src", `d${Math.floor(i / 1000)}`), { recursive: true });
    writeFileSync(join(building, "src", `${module(i)}.ts`), text);
  }
  writeFileSync(join(building, ".complete"), "");
  mkdirSync(dirname(cache), { recursive: true });
  try {
    renameSync(building, cache);
  } catch (error) {
    // Another run finished first: use its copy.
    if (!existsSync(join(cache, ".complete"))) throw error;
    rmSync(building, { recursive: true, force: true });
  }
  return cache;
}
const scenarios = {
  /** Files deleted and restored (atomic), then rewritten in place (torn), while analyzeGraph runs. */
  async vanish() {
    const seconds = Number(process.env.FNWIRE_CHURN_SECONDS ?? 4);
    await underChurn("atomic", seconds * 1000, (result, baseline) => {
      if (result.outcome !== "graph") return { kind: "violations", reason: "not a graph result" };
      if (result.diagnostics.length === 0) {
        const same = JSON.stringify(result) === JSON.stringify(baseline);
        return same ? { kind: "complete" } : { kind: "violations", reason: "no diagnostic, yet not the complete result" };
      }
      // Every diagnostic is FW022 and names what was missing: a feature's file or the alias that the missing tsconfig.json defined.
      for (const { code, file, message } of result.diagnostics) {
        if (code !== "FW022") return { kind: "violations", reason: `${code} is not FW022` };
        if (!/features\/f\d+|@\/shared/.test(`${file} ${message}`))
          return { kind: "violations", reason: `names nothing missing: ${message}` };
      }
      // What was found is what the complete result has.
      const known = new Map(baseline.serverModules.map((entry) => [entry.module, JSON.stringify(entry)]));
      for (const entry of result.serverModules) {
        if (known.get(entry.module) !== JSON.stringify(entry)) return { kind: "violations", reason: `unexpected ${entry.module}` };
      }
      return { kind: "reported" };
    });
    await underChurn("torn", seconds * 500, (result) => {
      if (result.outcome !== "graph") return { kind: "violations", reason: "not a graph result" };
      const bad = result.diagnostics.find(({ code }) => !KNOWN_CODES.test(code));
      if (bad) return { kind: "violations", reason: `unknown code ${bad.code}` };
      return { kind: result.diagnostics.length === 0 ? "complete" : "reported" };
    });
  },

  /** 100,000 levels: nested expressions in a module of the graph, and an import chain 100,000 modules long. */
  async deep() {
    write("nested/src/main.ts", 'import "./parens.server";\nimport "./brackets";\nimport "./ok.server";\n');
    write("nested/src/parens.server.ts", `${SERVER}export const f = async () => ${"(".repeat(DEPTH)}1${")".repeat(DEPTH)};\n`);
    write(
      "nested/src/brackets.ts",
      `// mentions use server, so it is analysed\nexport const x = ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)};\n`,
    );
    write("nested/src/ok.server.ts", `${SERVER}export async function ping() {}\n`);
    report({ name: "nested expressions", ...outcome(() => analyzeGraph({ root: join(dir, "nested"), roots: ["src/main.ts"] })) });

    // The chain is kept between runs (100,000 files take longer to delete than to analyse).
    const chain = chainApp();
    report({ name: "import chain", ...outcome(() => analyzeGraph({ root: chain, roots: ["src/d0/m0.ts"] })) });
    // With server functions off, the server module at its end is an error that carries the whole chain.
    report({
      name: "import chain, error at the end",
      ...outcome(() => analyzeGraph({ root: chain, roots: ["src/d0/m0.ts"], server: false })),
    });
  },

  /** A 50 MB server module through each API, and a 50 MB ordinary module in a graph. */
  async big() {
    const { code, functions } = bigServerModule(50 * 1024 * 1024);
    report({ name: "size", bytes: code.length, functions });
    const options = (target, sourceMap) => ({ filename: "/app/src/big.server.ts", root: "/app", target, sourceMap });
    report({ name: "transformSync client", ...outcome(() => transformSync(code, options("client", true))) });
    report({ name: "transform server", ...(await outcome(() => transform(code, options("server", true)))) });
    write("src/big.server.ts", code);
    write("src/plain.ts", `import "./big.server";\n${"export const value = [1, 2, 3].map((n) => n * 2);\n".repeat(1_000_000)}`);
    write("src/main.ts", 'import "./plain";\n');
    report({ name: "analyzeGraph", ...outcome(() => analyzeGraph({ root: dir, roots: ["src/main.ts"] })) });
  },

  /** Import cycles: a → b → c → a, a self-import, a server module inside the cycle. */
  async cycle() {
    write("src/a.ts", 'import "./b";\nimport "./a";\nexport const a = 1;\n');
    write("src/b.ts", 'import { c } from "./c";\nexport * from "./a";\n');
    write("src/c.ts", 'import "./a";\nimport "./b";\nimport "./act.server";\nexport const c = 1;\n');
    write("src/act.server.ts", `${SERVER}import "./a";\nimport "./act.server";\nexport async function act() {}\n`);
    report({ name: "cycle", ...outcome(() => analyzeGraph({ root: dir, roots: ["src/a.ts", "src/c.ts"] })) });
  },

  /** A file symlink loop a.ts → b.ts → a.ts, a directory loop dir/self → ., and a package that links back. */
  async symlinks() {
    write("src/main.ts", 'import "./loop";\n');
    symlinkSync("b.ts", join(dir, "src/loop.ts"));
    symlinkSync("loop.ts", join(dir, "src/b.ts"));
    report({ name: "file loop imported", ...outcome(() => analyzeGraph({ root: dir, roots: ["src/main.ts"] })) });
    report({ name: "file loop as a root", ...outcome(() => analyzeGraph({ root: dir, roots: ["src/loop.ts"] })) });

    write("src/dir/m.server.ts", `${SERVER}import "../via-dir";\nexport async function inDir() {}\n`);
    symlinkSync(".", join(dir, "src/dir/self"));
    write("src/via-dir.ts", 'import "./dir/self/self/self/self/m.server";\nimport "./dir/self/self";\nexport {};\n');
    write("src/dir/index.ts", 'import "./self/self/m.server";\n');
    report({
      name: "directory loop",
      ...outcome(() => analyzeGraph({ root: dir, roots: ["src/via-dir.ts", "src/dir/self/self/self/index.ts"] })),
    });
    // The root directory itself reached through the loop.
    report({
      name: "root through the loop",
      ...outcome(() => analyzeGraph({ root: join(dir, "src/dir/self/self"), roots: ["m.server.ts"] })),
    });

    // node_modules/app → .. : a package that is the app itself, imported by name, and a loop of packages.
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    symlinkSync("..", join(dir, "node_modules/app"));
    symlinkSync(".", join(dir, "node_modules/nm"));
    write("package.json", '{ "name": "app", "type": "module", "exports": { "./dir": "./src/dir/m.server.ts" } }\n');
    write("src/pkg.ts", 'import "app/dir";\nimport "nm/nm/nm/app/src/dir/self/m.server";\nimport "nm/nm/missing";\n');
    report({ name: "package links", ...outcome(() => analyzeGraph({ root: dir, roots: ["src/pkg.ts"] })) });
  },
};

await scenarios[scenario]();
// The process is still sound: an ordinary call gives the ordinary answer.
const { serverFunctions } = transformSync(`${SERVER}export async function ping() {}\n`, {
  filename: "/app/a.ts",
  root: "/app",
  target: "client",
});
report({ done: true, afterwards: serverFunctions.map((fn) => fn.fnName), maxRSS: process.resourceUsage().maxRSS * 1024 });
