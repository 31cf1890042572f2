// `npm run bench`: fnwire through napi against other "use server" compilers
// and bare SWC, in one run, on one generated corpus; then the runtime's
// server against a bare node:http server (scripts/bench/runtime.mjs). Peers take turns
// (interleaved rounds, a new order each round) after a warm-up; every figure
// is a median. Needs `npm ci` and `npm run build:native` first.
// FNWIRE_BENCH_PEERS=<package>,… runs only the peers named beside fnwire.
import os from "node:os";
import { createRequire } from "node:module";
import { createCompiler, transform, transformSync } from "fnwire";
import { appModules, serverModule } from "./bench/corpus.mjs";
import { fixed, interleaved, printTable } from "./bench/measure.mjs";
import { runtimeBench } from "./bench/runtime.mjs";
import { peers, versionOf } from "./bench/peers.mjs";

const TARGETS = ["client", "server"];
// Per-file sizes; a sample times `batch` calls so that small files are not lost in timer noise.
const FILES = [
  { label: "2 KB", bytes: 2 * 1024, batch: 20 },
  { label: "20 KB", bytes: 20 * 1024, batch: 4 },
  { label: "200 KB", bytes: 200 * 1024, batch: 1 },
];
const WARMUP_ROUNDS = 3;
const ROUNDS = 15;
const APP_ROUNDS = 15;
// Bare SWC takes seconds per pass over the app (its AST crosses napi as JSON): fewer rounds, once for both targets.
const SWC_APP_ROUNDS = 3;

function machineNotes() {
  const cpus = os.cpus();
  console.log("fnwire benchmark");
  console.log(
    `machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${fixed(os.totalmem() / 2 ** 30, 1)} GiB, ${os.platform()} ${os.release()}`,
  );
  console.log(`node ${process.version}, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? "4 (default)"}`);
  // Other work on the machine skews every figure: say how busy it was.
  const load = os.loadavg().map((value) => value.toFixed(2));
  console.log(`load average at start: ${load.join(", ")}`);
  console.log(
    `peers: ${peers.map((peer) => `${peer.package}@${versionOf(peer.package)}`).join(", ")}, vite@${versionOf("vite")} (parseAst for plugin-rsc)`,
  );
  console.log(
    `rounds: ${WARMUP_ROUNDS} warm-up + ${ROUNDS} measured per file, ${APP_ROUNDS} for the app (SWC's: 1 + ${SWC_APP_ROUNDS}); medians; peers interleaved, in a new order each round`,
  );
}

/** Every peer must handle every file (and find every server function) before anything is timed. */
async function checkPeers(files, app) {
  const exportsIn = (code) => (code.match(/^export (async function|const) /gm) ?? []).length;
  for (const { code, filename } of [...files, ...app.filter((module) => module.server)]) {
    for (const peer of peers) {
      for (const target of TARGETS) {
        for (const run of [peer.sync, peer.async].filter(Boolean)) {
          const result = await run(code, filename, target);
          if (result.functions && result.functions.length !== exportsIn(code)) {
            throw new Error(
              `${peer.name} (${target}) found ${result.functions.length} of ${exportsIn(code)} server functions in ${filename}`,
            );
          }
        }
      }
    }
  }
}

async function perFile(files) {
  const rows = [];
  for (const file of files) {
    for (const target of TARGETS) {
      const contenders = [
        ...peers.map((peer) => ({ name: peer.name, run: () => repeat(file.batch, () => peer.sync(file.code, file.filename, target)) })),
        { name: "fnwire async", run: () => repeatAsync(file.batch, () => peers[0].async(file.code, file.filename, target)) },
      ];
      const times = await interleaved(contenders, { rounds: ROUNDS, warmup: WARMUP_ROUNDS });
      const perCall = (name) => times.get(name) / file.batch;
      const fnwire = perCall("fnwire");
      rows.push([
        `${file.label} (${(file.code.length / 1024).toFixed(0)} KiB)`,
        target,
        fixed(fnwire),
        fixed(perCall("fnwire async")),
        ...peers.slice(1).map((peer) => `${fixed(perCall(peer.name))} (${fixed(perCall(peer.name) / fnwire, 1)}×)`),
      ]);
    }
  }
  printTable(
    "Per file: median ms per call (peer ÷ fnwire sync in parentheses; above 1× means fnwire is faster)",
    ["server module", "target", "fnwire sync", "fnwire async", ...peers.slice(1).map((peer) => peer.name)],
    rows,
  );
}

function repeat(count, call) {
  for (let i = 0; i < count; i += 1) call();
}

async function repeatAsync(count, call) {
  for (let i = 0; i < count; i += 1) await call();
}

/** The app's contenders for one target: every peer behind its integration's prefilter, fnwire also without one. */
function appContenders(app, target, peerList) {
  const contenders = [];
  const add = (name, calls, run) => contenders.push({ name, calls, run });
  for (const peer of peerList) {
    const handed = app.filter((module) => peer.prefilter(module.code, module.filename));
    const filtered = peer.name.startsWith("fnwire") ? "behind fnwire/webpack's prefilter" : "behind its plugin's prefilter";
    const label = (mode) => `${mode}, ${handed.length === app.length ? "every module" : filtered}`;
    add(peer.name, label("sync, one at a time"), () =>
      app.forEach((module) => peer.prefilter(module.code, module.filename) && peer.sync(module.code, module.filename, target)),
    );
    if (peer.async) {
      add(peer.name, label("async, Promise.all"), () =>
        Promise.all(app.map((module) => peer.prefilter(module.code, module.filename) && peer.async(module.code, module.filename, target))),
      );
    }
  }
  return contenders;
}

async function wholeApp(app) {
  const serverCount = app.filter((module) => module.server).length;
  const kib = app.reduce((sum, module) => sum + module.code.length, 0) / 1024;
  const [fnwire] = peers;
  // fnwire's main entry on every module (as a plain transformSync caller uses it: it prefilters
  // itself, in JavaScript), and again behind its loader's prefilter.
  const everyModule = { ...fnwire, prefilter: () => true };
  const compilers = peers.filter((peer) => peer.package !== "@swc/core");
  const swcPeer = peers.find((peer) => peer.package === "@swc/core");
  const rows = [];
  let baseline;
  const report = (target, contenders, times) => {
    for (const { name, calls } of contenders) {
      const time = times.get(`${name} | ${calls}`);
      rows.push([target, name, calls, fixed(time, 1), fixed(time / baseline, 2)]);
    }
  };
  const measure = async (contenders, rounds, warmup) => {
    const keyed = contenders.map((contender) => ({ ...contender, name: `${contender.name} | ${contender.calls}` }));
    return interleaved(keyed, { rounds, warmup });
  };
  for (const target of TARGETS) {
    const contenders = [...appContenders(app, target, [everyModule]), ...appContenders(app, target, compilers)];
    const times = await measure(contenders, APP_ROUNDS, WARMUP_ROUNDS);
    baseline = times.get(`${contenders[0].name} | ${contenders[0].calls}`);
    report(target, contenders, times);
  }
  if (swcPeer) {
    const swcContenders = appContenders(app, "client", [swcPeer]);
    report("either", swcContenders, await measure(swcContenders, SWC_APP_ROUNDS, 1));
  }
  printTable(
    `The app: ${app.length} modules (${serverCount} server modules), ${kib.toFixed(0)} KiB; median ms for all modules (ratio: ÷ fnwire's sync calls on every module, the server target's for SWC)`,
    ["target", "contender", "calls", "ms", "ratio"],
    rows,
  );
}

/**
 * A whole build: the app through one compiler instance (a fresh one per round),
 * the client then the server target of every module, against Solid's client
 * and server passes over the same modules behind its plugin's prefilter.
 */
async function wholeBuild(app) {
  const solid = peers.find((peer) => peer.package === "@solidjs/compiler");
  if (!solid) return; // FNWIRE_BENCH_PEERS left it out
  const contenders = [
    {
      name: "fnwire: one compiler instance, client then server target of every module",
      run: () => {
        const compiler = createCompiler({ root: "/app" });
        for (const target of TARGETS) {
          for (const module of app) compiler.transformSync(module.code, { filename: module.filename, target });
        }
      },
    },
    {
      name: "fnwire: the main entry (transformSync), client then server target of every module",
      run: () => {
        for (const target of TARGETS) for (const module of app) fnwireMain(module, target);
      },
    },
    {
      name: "@solidjs/compiler: client and server passes, behind its plugin's prefilter",
      run: () => {
        for (const target of TARGETS) {
          for (const module of app) if (solid.prefilter(module.code, module.filename)) solid.sync(module.code, module.filename, target);
        }
      },
    },
  ];
  const times = await interleaved(contenders, { rounds: APP_ROUNDS, warmup: WARMUP_ROUNDS });
  const solidTime = times.get(contenders[2].name);
  printTable(
    `A whole build of the app (${app.length} modules): median ms (ratio: ÷ Solid's two passes)`,
    ["contender", "ms", "ratio"],
    [...times].map(([name, time]) => [name, fixed(time, 1), fixed(time / solidTime, 2)]),
  );
}

function fnwireMain(module, target) {
  transformSync(module.code, { filename: module.filename, root: "/app", target });
}

/** The cost of crossing into Rust and back, without compiler work. */
async function napiOverhead() {
  const CALLS = 2000;
  const trivial = "export const answer = 42;\n";
  const options = { filename: "/app/src/answer.ts", root: "/app", target: "client" };
  const invalid = { ...options, sourcemap: true };
  const binding = createRequire(import.meta.url)("../npm/binding.cjs");
  const nativeCompiler = new binding.Compiler({ root: "/app" }, false);
  let sink = 0;
  const empty = (code, opts) => {
    sink += code.length + (opts ? 1 : 0);
  };
  const contenders = [
    { name: "an empty JavaScript function call", run: () => repeat(CALLS, () => empty(trivial, options)) },
    { name: "transformSync, module without the directive", run: () => repeat(CALLS, () => transformSync(trivial, options)) },
    {
      name: "the native binding alone (no JS wrapper), same module",
      run: () => repeat(CALLS, () => nativeCompiler.transformSync(trivial, options.filename, options.target, true)),
    },
    {
      name: "transformSync, invalid options (TypeError from Rust)",
      run: () =>
        repeat(CALLS, () => {
          try {
            transformSync(trivial, invalid);
          } catch {
            sink += 1;
          }
        }),
    },
    {
      name: "transform (async) one at a time, module without the directive",
      run: () => repeatAsync(CALLS, () => transform(trivial, options)),
    },
  ];
  const times = await interleaved(contenders, { rounds: ROUNDS, warmup: WARMUP_ROUNDS });
  printTable(
    `napi overhead: median µs per call (${CALLS} calls per sample)`,
    ["call", "µs"],
    [...times].map(([name, time]) => [name, fixed((time * 1000) / CALLS, 3)]),
  );
  if (sink < 0) console.log(sink);
}

// `npm run bench -- compiler` or `-- runtime` runs one section; both by default.
const SECTIONS = ["compiler", "runtime"];
const chosen = process.argv.slice(2);
const unknown = chosen.find((section) => !SECTIONS.includes(section));
if (unknown) throw new Error(`Unknown bench section "${unknown}": the sections are ${SECTIONS.join(", ")}.`);
const runs = (section) => chosen.length === 0 || chosen.includes(section);

machineNotes();
if (runs("compiler")) {
  const files = FILES.map((file, index) => ({ ...file, filename: `/app/src/api/bench${index}.server.ts`, code: serverModule(file.bytes) }));
  const app = appModules(2000, 0.03);
  await checkPeers(files, app);
  console.log("checked: every peer compiles every server module of the corpus and finds all its functions");
  await perFile(files);
  await wholeApp(app);
  await wholeBuild(app);
  await napiOverhead();
}
if (runs("runtime")) await runtimeBench();
