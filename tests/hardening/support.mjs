// Helpers of the hardening tests: a server child process, raw sockets on
// loopback, bounded waits.
import assert from "node:assert/strict";
import { fork } from "node:child_process";
import net from "node:net";
import { join } from "node:path";

export const SECRET = "s3cr3t-7f1c";
export const MiB = 1_048_576;

/**
 * Forks runtime-server.mjs (createNodeHandler on 127.0.0.1, an ephemeral
 * port) with `serverOptions` for http.createServer. Resolves once it listens.
 */
export async function startServer(serverOptions = {}) {
  const child = fork(join(import.meta.dirname, "runtime-server.mjs"), [], {
    execArgv: ["--expose-gc"],
    env: { ...process.env, FNWIRE_SERVER_OPTIONS: JSON.stringify(serverOptions) },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text) => {
    // The server logs what functions threw; keep the tail for failure messages.
    stderr = (stderr + text).slice(-20_000);
  });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const pending = new Map();
  let nextId = 0;
  child.on("message", (message) => {
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  const port = await withTimeout(
    new Promise((resolve, reject) => {
      child.on("message", (message) => message.ready && resolve(message.ready));
      exited.then(({ code, signal }) => reject(new Error(`the server exited (${code ?? signal}) before listening: ${stderr}`)));
    }),
    15_000,
    "the server child to listen",
  );
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    child,
    exited,
    get stderr() {
      return stderr;
    },
    /** Asks the child: "stats", "memory", "sample" or "peak". */
    ask(type) {
      const id = nextId++;
      return withTimeout(
        new Promise((resolve, reject) => {
          pending.set(id, resolve);
          exited.then(({ code, signal }) => reject(new Error(`the server exited (${code ?? signal}): ${stderr.slice(-2000)}`)));
          child.send({ id, type });
        }),
        15_000,
        `the server's answer to ${type}`,
      );
    },
    /** True while the child runs. */
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    async stop() {
      if (this.alive) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

/** `promise`, or a rejection naming `what` after `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** POSTs `body` (a string, or JSON of a value) with fetch; resolves to { status, headers, text, body }. */
export async function post(origin, body, { path = "/__fnwire/fn", headers = {}, contentType = "application/json", signal } = {}) {
  const response = await fetch(origin + path, {
    method: "POST",
    headers: { ...(contentType ? { "content-type": contentType } : {}), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: json };
}

/** The envelope of section 7, exactly: { error, fnId, status } (no data), nothing of the internals. */
export function assertEnvelope(answer, status, fnId, where = "") {
  const label = `${where}: ${answer.text?.slice(0, 300)}`;
  assert.equal(answer.status, status, label);
  assert.equal(answer.headers.get("content-type"), "application/json", label);
  assert.deepEqual(Object.keys(answer.body ?? {}).sort(), ["error", "fnId", "status"], label);
  assert.equal(typeof answer.body.error, "string", label);
  assert.equal(answer.body.fnId, fnId, label);
  assert.equal(answer.body.status, status, label);
  assertNoInternals(answer.text, label);
}

/** No secret, stack frame, file path or error class name of the server in `text`. */
export function assertNoInternals(text, where = "") {
  const leaks = [
    new RegExp(SECRET),
    /\bat .*:\d+:\d+/,
    /file:\/\/|node:internal|node_modules|runtime-server|server\.js/,
    /RangeError|TypeError|SyntaxError|Maximum call stack/,
  ];
  for (const leak of leaks) assert.doesNotMatch(text, leak, `${where}: leaks ${leak}`);
}

/**
 * Opens a raw socket to 127.0.0.1:`port`, writes `head` (a string or Buffer)
 * and resolves with what came back once the server closes the connection, a
 * full response arrived (when `untilResponse`), or `ms` passed.
 */
export function rawRequest(port, head, { ms = 10_000, untilResponse = true, keepOpen = false } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = Buffer.alloc(0);
    let done = false;
    const finish = (why) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (!keepOpen) socket.destroy();
      resolve({ ...parseResponse(data.toString("latin1")), why, socket });
    };
    const timer = setTimeout(() => finish("timeout"), ms);
    socket.on("connect", () => socket.write(head));
    socket.on("data", (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (untilResponse && parseResponse(data.toString("latin1")).complete) finish("response");
    });
    socket.on("error", () => {});
    socket.on("close", () => finish("closed"));
  });
}

/** A raw HTTP/1.1 response: status, headers (lower-cased names), body, complete (by Content-Length). */
export function parseResponse(raw) {
  const split = raw.indexOf("\r\n\r\n");
  if (split < 0) return { raw, status: 0, complete: false };
  const [statusLine, ...lines] = raw.slice(0, split).split("\r\n");
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
  );
  const body = raw.slice(split + 4);
  const length = Number(headers["content-length"] ?? NaN);
  return { raw, status: Number(statusLine.split(" ")[1]), statusLine, headers, body, complete: body.length >= length };
}

/** A POST head for the function endpoint. */
export function postHead({ path = "/__fnwire/fn", length, chunked = false, extra = "" } = {}) {
  const framing = chunked ? "Transfer-Encoding: chunked\r\n" : length === undefined ? "" : `Content-Length: ${length}\r\n`;
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${framing}${extra}\r\n`;
}

/** A POST head for the form endpoint, multipart with `boundary`. */
export function formHead({ length, boundary = "b", chunked = false } = {}) {
  const framing = chunked ? "Transfer-Encoding: chunked\r\n" : `Content-Length: ${length}\r\n`;
  return `POST /__fnwire/form HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n${framing}\r\n`;
}

/** A multipart part's head: a text field, or a file when `filename` is given. */
export function partHead(name, filename, boundary = "b") {
  const file = filename === undefined ? "" : `; filename="${filename}"\r\nContent-Type: application/octet-stream`;
  return `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file}\r\n\r\n`;
}

export const MB = (bytes) => (bytes / MiB).toFixed(1);
