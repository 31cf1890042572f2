// The test app built with webpack 5: swc-loader strips TypeScript after fnwire.
import webpack from "webpack";
import { bundlerSuite } from "./suite.mjs";

bundlerSuite("webpack", { bundler: webpack, tsLoader: "swc-loader" });
