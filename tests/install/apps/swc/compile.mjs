// Compiles the app with @swc/core and fnwire's Wasm plugin, once per target:
// dist/client (stubs) and dist/server (registrations).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { transformFileSync } from "@swc/core";
import { pluginPath } from "fnwire/swc";

const root = import.meta.dirname;
for (const target of ["client", "server"]) {
  for (const file of ["main.ts", "api/greeting.server.ts"]) {
    const { code } = transformFileSync(join(root, "src", file), {
      jsc: {
        parser: { syntax: "typescript" },
        target: "es2022",
        // The plugin must see the TypeScript (optional parameters, `declare`).
        experimental: { runPluginFirst: true, plugins: [[pluginPath, { target, root }]] },
      },
      module: { type: "es6" },
    });
    const out = join(root, "dist", target, file.replace(/\.ts$/, ".js"));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, code);
  }
}
