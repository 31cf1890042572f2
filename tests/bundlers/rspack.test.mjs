// The test app built with rspack: its builtin:swc-loader strips TypeScript after fnwire.
import { rspack } from "@rspack/core";
import { bundlerSuite } from "./suite.mjs";

bundlerSuite("rspack", { bundler: rspack, tsLoader: "builtin:swc-loader" });
