// Installs Debian's chromium for the browser tests when it is missing: the
// tests drive the system browser (root runs apt-get itself, others via sudo).
import { existsSync } from "node:fs";
import { main, run } from "./lib.mjs";

const CHROMIUM = "/usr/bin/chromium";

await main(async () => {
  if (existsSync(CHROMIUM)) return;
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) => (process.getuid?.() === 0 ? run("apt-get", args, { env }) : run("sudo", ["apt-get", ...args], { env }));
  apt(["update"]);
  apt(["install", "-y", "chromium"]);
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing.`);
});
