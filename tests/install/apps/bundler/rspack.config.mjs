// rspack with its own TypeScript stripper.
import { builds } from "./builds.mjs";

export default builds({ loader: "builtin:swc-loader", options: { jsc: { parser: { syntax: "typescript" }, target: "es2022" } } });
