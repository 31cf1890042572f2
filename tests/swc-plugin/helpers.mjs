// Shared by the SWC plugin tests: the plugin, @swc/core options as a user
// would write them, and the fixture suite.
import { existsSync } from "node:fs";
import { join } from "node:path";
import swc from "@swc/core";
import { pluginPath } from "fnwire/swc";

export { pluginPath, swc };

export const root = join(import.meta.dirname, "..", "..");
export const cacheRoot = join(root, "target", "swc-plugin-cache");

export function requireBuilt() {
  if (!existsSync(pluginPath)) {
    throw new Error(`${pluginPath} is missing: build it with \`node scripts/build-swc-plugin.mjs\``);
  }
}

/** The parser fnwire itself uses for this file name (crates/transform/src/parse.rs, `syntax_for`). */
export function parserFor(filename) {
  const extension = filename.slice(filename.lastIndexOf(".") + 1);
  return ["js", "jsx", "mjs", "cjs"].includes(extension)
    ? { syntax: "ecmascript", jsx: true, decorators: true, importAttributes: true, explicitResourceManagement: true }
    : { syntax: "typescript", tsx: extension === "tsx", decorators: true };
}

/**
 * @swc/core options for `filename`: TypeScript stays for the plugin
 * (runPluginFirst), no downlevelling, ES modules kept. `plugin` is the
 * plugin's config, or null for the same transform without the plugin.
 */
export function swcOptions(filename, plugin) {
  return {
    filename,
    sourceMaps: false,
    isModule: true,
    swcrc: false,
    configFile: false,
    jsc: {
      parser: parserFor(filename),
      target: "esnext",
      // @swc/core caches compiled plugins under cacheRoot (default: `.swc/` in the working directory).
      experimental: plugin ? { runPluginFirst: true, plugins: [[pluginPath, plugin]], cacheRoot } : {},
    },
  };
}

export { loadFixtures } from "../fixtures.mjs";

/**
 * Server functions as the emitted code states them: client stubs
 * `createServerReference("id", "name", arity?)` or server registrations
 * `registerServerReference(local, "id", "name")`, called by the local name
 * the runtime import gives them.
 */
export function functionsInCode(code) {
  const local = (imported) => {
    // The runtime import may name bindLive too (section 10).
    const match = code.match(
      new RegExp(String.raw`import \{ (?:[\w$]+(?: as [\w$]+)?, )*${imported}(?: as ([\w$]+))?(?:, [\w$]+(?: as [\w$]+)?)* \}`),
    );
    return match && (match[1] ?? imported).replaceAll("$", "\\$");
  };
  const name = String.raw`("(?:[^"\\]|\\.)*")`;
  const client = local("createServerReference");
  if (client) {
    // Options: a GET's method and a build's id (section 16), after the arity (`undefined` when unknown).
    const options = String.raw`(?:,\s*\{\s*(?:method: "GET",?\s*)?(?:buildId: ${name}\s*)?\})?`;
    const stub = new RegExp(String.raw`\b${client}\("([0-9a-f]{16})", ${name}(?:, (\d+|undefined))?${options}\)`, "g");
    return [...code.matchAll(stub)].map(([, fnId, fnName, arity]) => ({
      fnId,
      fnName: JSON.parse(fnName),
      arity: arity === undefined || arity === "undefined" ? undefined : Number(arity),
    }));
  }
  const server = local("registerServerReference");
  const registration = new RegExp(String.raw`^${server}\(([\p{ID_Continue}$]+), "([0-9a-f]{16})", ${name}\);$`, "gmu");
  return [...code.matchAll(registration)].map(([, localName, fnId, fnName]) => ({
    fnId,
    fnName: JSON.parse(fnName),
    localName,
  }));
}

/** The message of what `work` throws, or null when it does not throw. */
export function thrown(work) {
  try {
    work();
    return null;
  } catch (error) {
    return String(error?.message ?? error);
  }
}

/**
 * The reports in an @swc/core error, as its renderer prints them:
 * `x <message>`, `,-[<file>:<line>:1]`, source rows `<n> | <text>` and a
 * marker row `: ^^^` under the reported row. Returns `{ message, file,
 * line, column }` per report, the column (1-based, in characters) read
 * from where the marker starts, or "multi-line" for a label over several
 * lines (drawn `<n> | ,-> <text>`, with no column).
 */
export function hostReports(text) {
  const reports = [];
  const blocks = text.split(/^\s*[x×] /m).slice(1);
  for (const block of blocks) {
    const rows = block.split("\n");
    const header = block.match(/,-\[(.*):(\d+):(\d+)\]/);
    const report = { message: rows[0], file: header?.[1], line: null, column: null };
    for (let i = 1; i < rows.length; i++) {
      // A label over several lines starts with `<n> | ,-> <text>` and shows no column.
      const multiLine = rows[i].match(/^\s*(\d+) \| ,-> /);
      if (multiLine) {
        report.line = Number(multiLine[1]);
        report.column = "multi-line";
        break;
      }
      const marker = rows[i].match(/^(\s*): ([ \t]*)[\^|]/);
      const source = rows[i - 1].match(/^\s*(\d+) \| /);
      if (marker && source) {
        report.line = Number(source[1]);
        report.column = [...marker[2]].length + 1;
        break;
      }
    }
    reports.push(report);
  }
  return reports;
}
