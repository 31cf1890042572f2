// The README's configuration: a client and a server build, fnwire last in
// `use` so that it runs first and sees the TypeScript, which `typescript`
// (the bundler's loader for it) then strips.
import path from "node:path";

export function builds(typescript) {
  const build = (target) => ({
    name: target,
    mode: "production",
    target: target === "client" ? "web" : "node",
    entry: target === "client" ? "./src/client.ts" : "./src/server.ts",
    // The project is "type": "module": the server's CommonJS bundle needs .cjs.
    output: { path: path.resolve("dist", target), filename: target === "client" ? "client.js" : "server.cjs" },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [typescript, { loader: "fnwire/webpack", options: { target } }] }],
    },
  });
  return [build("client"), build("server")];
}
