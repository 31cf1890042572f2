// Writes the lock file of every scratch project (tests/install/projects/*),
// resolved afresh within the exact versions its package.json pins. Run it
// after changing a project's dependencies, or fnwire's.
//
// Usage: node tests/install/update-locks.mjs
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packPackages } from "../../scripts/pack.mjs";
import { main } from "../../scripts/lib.mjs";
import { exec, lockToKeep, makeScratch } from "./scratch.mjs";

await main(async () => {
  const scratch = makeScratch();
  try {
    mkdirSync(join(scratch, "packages"));
    for (const { name, filename } of await packPackages(join(scratch, "tarballs"))) {
      copyFileSync(filename, join(scratch, "packages", `${name}.tgz`));
    }
    const projects = join(import.meta.dirname, "projects");
    for (const name of readdirSync(projects)) {
      const dir = join(scratch, name);
      mkdirSync(dir);
      copyFileSync(join(projects, name, "package.json"), join(dir, "package.json"));
      await exec("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], { cwd: dir });
      writeFileSync(join(projects, name, "package-lock.json"), lockToKeep(dir));
      console.log(`tests/install/projects/${name}/package-lock.json`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
