// The test app's two builds (client and server), for webpack 5 and rspack
// alike; only the TypeScript-stripping loader differs between them.
import { join } from "node:path";

export const appDir = import.meta.dirname;

/**
 * The loaders of a TypeScript module, in webpack's order: the last runs
 * first, so fnwire sees the original TypeScript and the stripper its output.
 */
function moduleRule(target, tsLoader) {
  return {
    test: /\.ts$/,
    include: [join(appDir, "src"), join(appDir, "broken")],
    use: [tsLoader, { loader: "fnwire/webpack", options: { target } }],
  };
}

/** What both builds share. `tsLoader` is "swc-loader" for webpack, "builtin:swc-loader" for rspack. */
function baseConfig({ name, target, entry, outDir, tsLoader }) {
  return {
    name,
    context: appDir,
    mode: "development",
    // Real files with real maps (no eval), so the tests can read both.
    devtool: "source-map",
    entry,
    target: target === "client" ? "web" : "node",
    resolve: { extensions: [".ts", ".js"] },
    module: { rules: [moduleRule(target, tsLoader)] },
    output: {
      path: join(outDir, name),
      filename: "[name].mjs",
      module: true,
      library: { type: "module" },
      publicPath: "",
    },
    experiments: { outputModule: true },
    optimization: { minimize: false },
    infrastructureLogging: { level: "error" },
  };
}

/** The TypeScript stripper's options: TypeScript in, modern ES modules out. */
export const swcOptions = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "es6" },
};

/** The app: a client build and a server build, as one multi-compiler. */
export function appConfigs({ outDir, tsLoader }) {
  const loader = { loader: tsLoader, options: swcOptions };
  return [
    baseConfig({ name: "client", target: "client", entry: { client: "./src/client.ts" }, outDir, tsLoader: loader }),
    baseConfig({ name: "server", target: "server", entry: { server: "./src/server.ts" }, outDir, tsLoader: loader }),
  ];
}

/** A client build of a server module that exports a constant: it must fail with FW012. */
export function brokenConfig({ outDir, tsLoader }) {
  const loader = { loader: tsLoader, options: swcOptions };
  return baseConfig({ name: "broken", target: "client", entry: { broken: "./broken/config.server.ts" }, outDir, tsLoader: loader });
}
