// Forked by napi-crash-child.mjs while it runs analyzeGraph over and over:
// deletes and restores the files of the app under argv[2] as fast as it can,
// until its parent disconnects (or $FNWIRE_CHURN_DEADLINE, a time in ms, passes). Mode "atomic" (argv[3])
// restores every file with a rename, so a reader sees the whole file or
// none; mode "torn" rewrites files in place, in two writes.
//
// Sends { ops } to its parent every 50 operations.
import { mkdirSync, renameSync, rmdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dir, mode] = process.argv.slice(2);
const files = JSON.parse(process.env.FNWIRE_CHURN_FILES);
const deadline = Number(process.env.FNWIRE_CHURN_DEADLINE);
let stop = false;
process.on("disconnect", () => (stop = true));

let state = 7;
const random = (n) => {
  state = (state * 1103515245 + 12345) >>> 0;
  return (state >>> 8) % n;
};
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function restore(path) {
  const temporary = join(dir, `${path}.${process.pid}.tmp`);
  writeFileSync(temporary, files[path]);
  renameSync(temporary, join(dir, path));
}

const atomic = [
  // Gone for a moment, then back whole.
  async (path) => {
    unlinkSync(join(dir, path));
    await pause(random(3));
    restore(path);
  },
  // A directory where the file was.
  async (path) => {
    unlinkSync(join(dir, path));
    mkdirSync(join(dir, path));
    await pause(random(3));
    rmdirSync(join(dir, path));
    restore(path);
  },
  // A symlink to itself where the file was.
  async (path) => {
    unlinkSync(join(dir, path));
    symlinkSync(path.split("/").at(-1), join(dir, path));
    await pause(random(3));
    rmSync(join(dir, path));
    restore(path);
  },
  // The whole feature folder moved away and back.
  async (path) => {
    const folder = join(dir, path.split("/").slice(0, -1).join("/"));
    renameSync(folder, `${folder}.away`);
    await pause(random(3));
    renameSync(`${folder}.away`, folder);
  },
];

const torn = [
  // Rewritten in place: empty, then half, then whole.
  async (path) => {
    const text = files[path];
    writeFileSync(join(dir, path), "");
    await pause(random(2));
    writeFileSync(join(dir, path), text.slice(0, text.length >> 1));
    await pause(random(2));
    writeFileSync(join(dir, path), text);
  },
];

const paths = Object.keys(files);
const operations = mode === "torn" ? torn : atomic;
let ops = 0;
while (!stop && Date.now() < deadline) {
  const path = paths[random(paths.length)];
  // Only a feature's files move with their folder; tsconfig.json just comes and goes.
  const choices = path.includes("/features/") ? operations.length : 1;
  await operations[random(choices)](path);
  ops += 1;
  if (ops % 50 === 0 && process.connected) process.send({ ops });
  // Let the disconnect event in now and then.
  if (ops % 10 === 0) await pause(0);
}
process.exit(0);
