// Prints the ratios of the last `cargo bench -p fnwire_transform` run, from
// criterion's own estimates: transform time / SWC parse-only time per size
// and target, and the prefilter's throughput.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = join(process.env.CARGO_TARGET_DIR ?? join(import.meta.dirname, "..", "target"), "criterion");
const mean = (...parts) => {
  const file = join(root, ...parts, "new", "estimates.json");
  if (!existsSync(file)) throw new Error(`no estimate at ${file}: run cargo bench -p fnwire_transform first`);
  return JSON.parse(readFileSync(file, "utf8")).mean.point_estimate;
};
const format = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`);

console.log("size    parse-only   client (ratio)        server (ratio)");
for (const size of ["2KB", "20KB", "200KB"]) {
  const parse = mean(`transform_${size}`, "swc-parse-only");
  const client = mean(`transform_${size}`, "fnwire", "client");
  const server = mean(`transform_${size}`, "fnwire", "server");
  console.log(
    `${size.padEnd(7)} ${format(parse).padStart(10)}   ${format(client).padStart(9)} (${(client / parse).toFixed(2)})` +
      `   ${format(server).padStart(9)} (${(server / parse).toFixed(2)})`,
  );
}
for (const [label, bytes] of [
  ["20KB", 20_000],
  ["200KB", 200_000],
  ["2MB", 2_000_000],
]) {
  const ns = mean("prefilter", label);
  console.log(`prefilter ${label.padEnd(6)} ${(bytes / ns).toFixed(1)} GB/s`);
}
