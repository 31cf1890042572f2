// Edits a file under a running Vite dev server, as a person would.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";

/**
 * Writes `file` and waits until the dev server's watcher has seen it, as it
 * would a person's edit; two writes a few milliseconds apart can come out as one event.
 */
export async function edit(server, file, content) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const seen = new Promise((resolve) => {
      const onChange = (changed) => changed === file && done(true);
      const timer = setTimeout(() => done(false), 1_000);
      const done = (value) => {
        clearTimeout(timer);
        server.watcher.off("change", onChange);
        resolve(value);
      };
      server.watcher.on("change", onChange);
    });
    await writeFile(file, content);
    if (await seen) return;
  }
  assert.fail(`Vite's watcher never reported the edit of ${file}`);
}
