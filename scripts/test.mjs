// `npm test`: every test in the repository, installing what a fresh clone lacks.
// `npm test -- node runtime`: only the named groups, with what they need.
import { join } from "node:path";
import { ensureNpmInstall, main, root, run } from "./lib.mjs";

/** What a group may need before its steps; each runs at most once, before the first group that needs it. */
const needs = {
  // The npm packages of the repository root.
  npm: () => ensureNpmInstall(),
  // The Node package's native addon, built from source (cargo does nothing when it is up to date).
  addon: () => run("npm", ["run", "build:native"]),
  // Debian's chromium, for the browser tests.
  chromium: () => run("node", ["scripts/ensure-chromium.mjs"]),
  // The SWC Wasm plugin, built with Debian's toolchain (installed when
  // missing; skipped when its inputs are unchanged).
  "swc-wasm": () => run("node", ["scripts/build-swc-plugin.mjs"]),
  // The release CLI, target/release/fnwire.
  "release-cli": () => run("cargo", ["build", "--release", "--locked", "-p", "fnwire_cli"]),
  // tests/react18's own install (React 18).
  "react18-npm": () => ensureNpmInstall(join(root, "tests", "react18")),
};

/** The groups, in the order `npm test` runs them (the quick checks first): each with its needs (in order) and its steps. */
const groups = [
  {
    name: "format",
    about: "Prettier's check of the JavaScript, TypeScript and JSON (`npm run format` writes it)",
    needs: ["npm"],
    steps: [["npx", "prettier", "--check", "."]],
  },
  {
    name: "types",
    about: "tsc: the Node API's and fnwire/webpack's types, the example app, the runtime's types",
    needs: ["npm"],
    steps: [
      ["npx", "tsc", "-p", "tests/node/types"],
      ["npx", "tsc", "-p", "examples/basic"],
      ["npx", "tsc", "-p", "tests/types", "--noEmit"],
    ],
  },
  {
    name: "rust",
    about: "the compiler's unit, fixture and CLI tests",
    needs: [],
    steps: [["cargo", "test", "--workspace", "--locked"]],
  },
  {
    name: "node",
    about: "the Node package's API, through the native addon",
    needs: ["npm", "addon"],
    steps: [["node", "--test", "tests/node/"]],
  },
  {
    name: "bundlers",
    about: "the webpack/rspack loader, in real builds of a client and a server bundle",
    needs: ["npm", "addon"],
    steps: [["node", "--test", "tests/bundlers/"]],
  },
  {
    name: "vite",
    about: "the Vite plugin, without a browser",
    needs: ["npm", "addon"],
    steps: [["node", "--test", "tests/vite/"]],
  },
  {
    name: "e2e",
    about: "the example app in Debian's chromium, in dev and in production",
    needs: ["npm", "addon", "chromium"],
    // One file at a time: the dev test edits a server module the production test builds.
    steps: [["node", "--test", "--test-concurrency=1", "tests/e2e/"]],
  },
  {
    name: "cli",
    about: "the release CLI on hostile inputs: deep nesting, 50 MB, invalid UTF-8, cycles, symlink loops, files disappearing",
    needs: ["release-cli"],
    steps: [["node", "--test", "tests/cli/"]],
  },
  {
    name: "swc-plugin",
    about: "the SWC Wasm plugin: unit-tested natively, then in @swc/core and rspack against the approved output of every fixture",
    needs: ["npm", "swc-wasm"],
    steps: [
      ["cargo", "test", "--locked", "--manifest-path", "crates/swc-plugin/Cargo.toml"],
      ["node", "--test", "tests/swc-plugin/"],
    ],
  },
  {
    name: "fuzz",
    about: "a short run of each fuzz target (installs cargo-fuzz when missing), then the kept corpus replayed",
    needs: [],
    steps: [["node", "scripts/fuzz.mjs", "--seconds", "20"]],
  },
  {
    name: "runtime",
    about: "the reference runtime: fnwire/client, fnwire/server, fnwire/query",
    needs: ["npm"],
    // strict: an unhandled rejection fails the run, wherever and whenever it happens.
    steps: [["node", "--unhandled-rejections=strict", "--test", "tests/runtime/"]],
  },
  {
    name: "hardening",
    about: "the runtime under load and attack over loopback, memory over 100,000 calls, napi crash safety",
    needs: ["npm", "addon"],
    steps: [["node", "--unhandled-rejections=strict", "--test", "tests/hardening/"]],
  },
  {
    name: "react18",
    about: "the query hooks and server-side rendering again on React 18, from tests/react18's own install",
    needs: ["npm", "react18-npm"],
    steps: [["node", "--unhandled-rejections=strict", "--preserve-symlinks", "--preserve-symlinks-main", "--test", "tests/react18/"]],
  },
  {
    name: "install",
    about: "npm pack, then installs of the tarballs outside the repository: Vite 6, 7, 8, webpack 5, rspack, @swc/core (uses the registry)",
    needs: ["npm", "addon", "swc-wasm"],
    steps: [["node", "--test", "tests/install/"]],
  },
];

/** The groups named on the command line, in the table's order; all of them when none is named. */
function chosenGroups(names) {
  const unknown = names.filter((name) => !groups.some((group) => group.name === name));
  if (unknown.length > 0) {
    const list = groups.map((group) => `  ${group.name.padEnd(12)}${group.about}`).join("\n");
    const error = new Error(`Unknown test group ${unknown.map((name) => `"${name}"`).join(", ")}. The groups:\n${list}`);
    error.exitCode = 2;
    throw error;
  }
  return names.length === 0 ? groups : groups.filter((group) => names.includes(group.name));
}

const duration = (ms) => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
};

/** Runs the groups, each after the needs it is the first to have; prints each group's duration at the end. */
function runGroups(chosen) {
  const done = new Set();
  const times = [];
  try {
    for (const group of chosen) {
      console.log(`\n===== ${group.name}: ${group.about} =====`);
      const start = performance.now();
      const time = { name: group.name, setup: 0, total: 0, passed: false };
      times.push(time);
      try {
        for (const need of group.needs.filter((need) => !done.has(need))) {
          needs[need]();
          done.add(need);
        }
        time.setup = performance.now() - start;
        for (const [command, ...args] of group.steps) run(command, args);
        time.passed = true;
      } finally {
        time.total = performance.now() - start;
      }
    }
  } finally {
    const width = Math.max(...chosen.map(({ name }) => name.length), "total".length);
    console.log("\nDuration per group (setup: the installs and builds it was the first to need):");
    for (const { name } of chosen) {
      const time = times.find((time) => time.name === name);
      const outcome = !time
        ? "not run".padStart(11)
        : `${duration(time.total).padStart(11)}   ${time.passed ? `(setup ${duration(time.setup)})` : "FAILED"}`;
      console.log(`  ${name.padEnd(width)}  ${outcome}`);
    }
    console.log(`  ${"total".padEnd(width)}  ${duration(times.reduce((sum, { total }) => sum + total, 0)).padStart(11)}`);
    // A closing line CI can read as a count, like a test runner's.
    const passed = times.filter((time) => time.passed).length;
    console.log(`groups: ${passed} passed, ${times.length - passed} failed`);
  }
}

await main(() => runGroups(chosenGroups(process.argv.slice(2))));
