// Run as a child process by hostile.test.mjs: feeds fnwire inputs meant to
// break it, through both APIs, then checks that an ordinary call still works.
// Prints one JSON line per outcome, so a crash or a hang shows where it was.
import { writeSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { transform, transformSync } from "fnwire";

const DEPTH = 100_000;
const SERVER = '"use server";\n';

/** Deterministic bytes (a linear congruential generator), as a latin1 string. */
function junk(length, seed) {
  let state = seed;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes.toString("latin1");
}

/** A server module of about `bytes` bytes: many small exported functions. */
export function bigServerModule(bytes) {
  const parts = [SERVER];
  let size = SERVER.length;
  for (let i = 0; size < bytes; i += 1) {
    const part = `export async function handler${i}(input: { id: string; count: number }) {\n  const doubled = input.count * 2; // ${"x".repeat(40)}\n  return { id: input.id, doubled, index: ${i} };\n}\n\n`;
    parts.push(part);
    size += part.length;
  }
  return { code: parts.join(""), functions: parts.length - 1 };
}

export const inputs = {
  "100,000 nested parentheses": `${SERVER}export const f = () => ${"(".repeat(DEPTH)}1${")".repeat(DEPTH)};\n`,
  "100,000 nested brackets": `${SERVER}export const f = () => ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)};\n`,
  "100,000 unclosed parentheses": `${SERVER}export const f = () => ${"(".repeat(DEPTH)};\n`,
  "100,000 nested brackets, not a server module but parsed (it mentions use server)": `// use server\nconst x = ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)};\n`,
  "binary junk": junk(64 * 1024, 1),
  "binary junk after the directive": SERVER + junk(64 * 1024, 2),
  "NUL bytes": `${SERVER}export async function f() { return "\0\0"; }\n\0\0\0`,
  "lone surrogates in a string": `${SERVER}export const f = async () => "\uD800 \uDC00";\n`,
  "a lone surrogate as an export name": `${SERVER}async function f() {}\nexport { f as "\uD83D" };\n`,
  "a lone surrogate in a plain module": "export const s = '\uDFFF';\n",
  "a 5 MB server module": bigServerModule(5 * 1024 * 1024).code,
};

function report(line) {
  writeSync(1, `${JSON.stringify(line)}\n`);
}

function describeOutcome(result, error) {
  if (error) return { outcome: "error", type: error.constructor.name, code: error.code ?? null, message: error.message.slice(0, 300) };
  return { outcome: "result", isServerModule: result.isServerModule, functions: result.serverFunctions.length };
}

// Imported by the test for the list of inputs; run as a script for the outcomes.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [name, code] of Object.entries(inputs)) {
    for (const target of ["client", "server"]) {
      const options = { filename: "/app/src/hostile.ts", root: "/app", target };
      let sync;
      try {
        const result = transformSync(code, options);
        sync = { ...describeOutcome(result), sameString: result.code === code };
      } catch (error) {
        sync = describeOutcome(undefined, error);
      }
      report({ name, target, api: "transformSync", ...sync });
      let async;
      try {
        const result = await transform(code, options);
        async = { ...describeOutcome(result), sameString: result.code === code };
      } catch (error) {
        async = describeOutcome(undefined, error);
      }
      report({ name, target, api: "transform", ...async });
    }
  }
  // The process is still sound: an ordinary call gives the ordinary answer.
  const { serverFunctions } = transformSync(`${SERVER}export async function ping() {}\n`, {
    filename: "/app/a.ts",
    root: "/app",
    target: "client",
  });
  report({ name: "afterwards", functions: serverFunctions.map((fn) => fn.fnName) });
}
