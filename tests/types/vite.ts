// fnwire/vite's types as a vite.config.ts sees them.
import fnwire, { SERVER_ENTRY_ID, type FnwireViteOptions } from "fnwire/vite";
import type { Plugin, UserConfig } from "vite";

const plugin: Plugin = fnwire();
const withOptions: Plugin = fnwire({ roots: ["src/main.tsx"], basePath: "/api", idSalt: "salt" });
const config: UserConfig = { plugins: [fnwire(), withOptions, plugin] };
const entry: "virtual:fnwire/server-entry" = SERVER_ENTRY_ID;
const options: FnwireViteOptions = {};

// @ts-expect-error roots is a list of paths
fnwire({ roots: "src/main.tsx" });
// @ts-expect-error no such option
fnwire({ root: "." });

export { config, entry, options };
