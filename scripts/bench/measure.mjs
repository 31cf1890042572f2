// What every section of `npm run bench` measures and prints with: medians,
// interleaved rounds in a seeded order, tables.
import { performance } from "node:perf_hooks";
import { random } from "./corpus.mjs";

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
export const fixed = (value, digits = 3) => value.toFixed(digits);

/**
 * The list in a new order each round (a seeded shuffle, the same every run):
 * no contender always runs first or right after the same other one. A
 * rotation would keep each one's predecessor, and with it the garbage that
 * predecessor leaves behind.
 */
export function shuffled(list, next) {
  const order = [...list];
  for (let index = order.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [order[index], order[other]] = [order[other], order[index]];
  }
  return order;
}

/**
 * Runs each contender's `run()` once per round, contenders taking turns, and
 * returns each one's median time in milliseconds.
 */
export async function interleaved(contenders, { rounds, warmup }) {
  const samples = new Map(contenders.map((contender) => [contender.name, []]));
  const next = random(7);
  for (let round = 0; round < warmup + rounds; round += 1) {
    for (const contender of shuffled(contenders, next)) {
      const start = performance.now();
      await contender.run();
      const elapsed = performance.now() - start;
      if (round >= warmup) samples.get(contender.name).push(elapsed);
    }
  }
  return new Map([...samples].map(([name, times]) => [name, median(times)]));
}

export function printTable(title, header, rows) {
  console.log(`\n${title}`);
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}
