// webpack 5 with swc-loader for the TypeScript.
import { builds } from "./builds.mjs";

export default builds({ loader: "swc-loader", options: { jsc: { parser: { syntax: "typescript" }, target: "es2022" } } });
