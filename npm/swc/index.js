// fnwire/swc: where the fnwire SWC Wasm plugin is, for
// `jsc.experimental.plugins: [[pluginPath, { target: "client", root }]]`
// (@swc/core 1.16.x; see "SWC plugin" in the README).
import { fileURLToPath } from "node:url";

/** Absolute path of `fnwire_swc_plugin.wasm`. */
export const pluginPath = fileURLToPath(new URL("./fnwire_swc_plugin.wasm", import.meta.url));

export default pluginPath;
