// Type checks of the Node API and the loader's options (nothing runs).
import { transform, transformSync, type FnwireError, type TransformOptions } from "fnwire";
import type { FnwireLoaderOptions } from "fnwire/webpack";
import fnwireLoader = require("fnwire/webpack");

const options: TransformOptions = {
  filename: "a.server.ts",
  root: "/app",
  target: "client",
  runtime: { client: "x" },
  idSalt: "s",
  sourceMap: false,
};
const result = transformSync("", options);
const code: string = result.code;
const map: string | undefined = result.map;
const arity: number | undefined = result.serverFunctions[0]?.arity;
const later: Promise<boolean> = transform("", options).then((r) => r.isServerModule);

// @ts-expect-error target is "client" or "server"
transformSync("", { filename: "a.ts", target: "browser" });
// @ts-expect-error filename is required
transformSync("", { target: "server" });

function report(error: unknown): string {
  const { code, diagnostics } = error as FnwireError;
  return `${code}: ${diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join("\n")}`;
}

const loaderOptions: FnwireLoaderOptions = { target: "server", root: "/app", runtime: { server: "y" }, idSalt: "s" };
// @ts-expect-error target is required
const noTarget: FnwireLoaderOptions = { root: "/app" };
// @ts-expect-error sourceMap is not a loader option: the bundler's devtool decides
const unknown: FnwireLoaderOptions = { target: "client", sourceMap: true };
const loader: (this: unknown, source: string) => void = fnwireLoader;

export { code, map, arity, later, report, loaderOptions, noTarget, unknown, loader };
