// The contenders of `npm run bench`, each called as its own integration calls
// it, and each producing code and a source map (fnwire's default).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { transformDirectives } from "@solidjs/compiler";
import swc from "@swc/core";
import { transformDirectiveProxyExport, transformServerActionServer } from "@vitejs/plugin-rsc/transforms";
import { transform, transformSync } from "fnwire";
import { parseAst, parseAstAsync } from "vite";

const ROOT = "/app";

/** The installed version of a package of the repository root, for the report (some do not export package.json). */
export function versionOf(name) {
  const manifest = join(import.meta.dirname, "..", "..", "node_modules", name, "package.json");
  return JSON.parse(readFileSync(manifest, "utf8")).version;
}

// @vitejs/plugin-rsc's own plugin parses (its parse is part of its cost),
// transforms, and prints code and map.
function rscTransform(code, ast, target) {
  if (target === "server") {
    const result = transformServerActionServer(code, ast, {
      runtime: (value, name) => `$$ReactServer.registerServerReference(${value}, "src/x.ts", ${JSON.stringify(name)})`,
      rejectNonAsyncFunction: true,
    });
    return {
      code: result.output.toString(),
      map: result.output.generateMap({ hires: "boundary" }),
      functions: result.exportNames ?? result.names,
    };
  }
  const result = transformDirectiveProxyExport(ast, {
    code,
    directive: "use server",
    rejectNonAsyncFunction: true,
    runtime: (name) =>
      `$$ReactClient.createServerReference(${JSON.stringify(`src/x.ts#${name}`)}, $$ReactClient.callServer, undefined, undefined, ${JSON.stringify(name)})`,
  });
  if (!result) return { code, functions: [] };
  return { code: result.output.toString(), map: result.output.generateMap({ hires: "boundary" }), functions: result.exportNames };
}

/**
 * Each peer: `sync(code, filename, target)` and, where the package has one,
 * `async(...)` (fnwire: transformSync and transform). Both return `{ code, functions }` (`functions`: the server
 * functions found, for the correctness check; absent for SWC). `prefilter`
 * is the JavaScript check its bundler integration makes before calling it
 * at all (the app benchmark applies it).
 */
const allPeers = [
  {
    name: "fnwire",
    package: "fnwire",
    // fnwire/webpack's own rule: the bytes `use server`, or a `*.server.*` name.
    prefilter: (code, filename) => code.includes("use server") || /[^/\\]\.server\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(filename),
    sync(code, filename, target) {
      const result = transformSync(code, { filename, root: ROOT, target });
      return { code: result.code, functions: result.serverFunctions };
    },
    async async(code, filename, target) {
      const result = await transform(code, { filename, root: ROOT, target });
      return { code: result.code, functions: result.serverFunctions };
    },
  },
  {
    name: "@solidjs/compiler",
    package: "@solidjs/compiler",
    // Given the same check as @vitejs/plugin-rsc's plugin makes.
    prefilter: (code) => code.includes("use server"),
    sync(code, filename, target) {
      const result = transformDirectives(code, { filename, root: ROOT, mode: target, sourceMap: true });
      return { code: result.code, functions: result.functions };
    },
  },
  {
    name: "@vitejs/plugin-rsc",
    package: "@vitejs/plugin-rsc",
    // Its plugin's transform hook starts with this check.
    prefilter: (code) => code.includes("use server"),
    sync(code, filename, target) {
      return rscTransform(code, parseAst(code, { lang: "ts" }), target);
    },
    async async(code, filename, target) {
      return rscTransform(code, await parseAstAsync(code, { lang: "ts" }), target);
    },
  },
  {
    name: "@swc/core parse+print",
    package: "@swc/core",
    // No directive work at all: what parsing and printing the file through SWC's napi costs.
    prefilter: () => true,
    sync(code, filename) {
      const program = swc.parseSync(code, { syntax: "typescript" });
      return { code: swc.printSync(program, { sourceMaps: true }).code };
    },
    async async(code, filename) {
      const program = await swc.parse(code, { syntax: "typescript" });
      return { code: (await swc.print(program, { sourceMaps: true })).code };
    },
  },
];

// FNWIRE_BENCH_PEERS=@solidjs/compiler,…: only the peers named run beside
// fnwire, to see how the others' work (their heaps, the caches they leave
// cold) moves the figures.
const named = process.env.FNWIRE_BENCH_PEERS?.split(",");
export const peers = named ? allPeers.filter((peer) => peer.package === "fnwire" || named.includes(peer.package)) : allPeers;
