// The load client of the runtime benchmark, in its own process (forked by
// scripts/bench/runtime.mjs), so that its work never shares a thread with
// the server it measures. IPC:
//   { type: "run", port, scenario, warmup, calls, concurrency } → { callsPerSecond, p50, p99 } (ms)
//   { type: "hold", port, count } → sends `count` calls of hold() at once; answers { answered } when all have answered
// Every answer is checked against the scenario's expected status and body:
// a server that answers fast but wrong fails the benchmark.
import http from "node:http";
import { performance } from "node:perf_hooks";
import { holdCall, scenarios } from "./runtime-scenarios.mjs";

function send(agent, port, { method, path, headers, body }) {
  return new Promise((resolve, reject) => {
    const request = http.request({ agent, host: "127.0.0.1", port, method, path, headers }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

function check(answer, expect, scenarioName) {
  if (answer.status !== expect.status || (expect.body !== undefined && answer.body !== expect.body)) {
    throw new Error(`${scenarioName}: expected ${expect.status} ${expect.body}, got ${answer.status} ${answer.body}`);
  }
}

/** `calls` requests from `concurrency` clients that each send their next as soon as their last one answered. */
async function load(agent, port, scenarioName, calls, latencies) {
  const scenario = scenarios[scenarioName];
  let started = 0;
  const client = async () => {
    while (started < calls) {
      started += 1;
      const start = performance.now();
      const answer = await send(agent, port, scenario);
      latencies?.push(performance.now() - start);
      check(answer, scenario.expect, scenarioName);
    }
  };
  await Promise.all(Array.from({ length: Math.min(agent.maxSockets, calls) }, client));
}

function percentile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

async function run({ port, scenario, warmup, calls, concurrency }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    await load(agent, port, scenario, warmup);
    const latencies = [];
    const start = performance.now();
    await load(agent, port, scenario, calls, latencies);
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return { callsPerSecond: calls / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
  } finally {
    agent.destroy();
  }
}

async function hold({ port, count }) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: count });
  try {
    const answers = await Promise.all(Array.from({ length: count }, () => send(agent, port, holdCall)));
    const failed = answers.find((answer) => answer.status !== 200);
    if (failed) throw new Error(`hold(): ${failed.status} ${failed.body}`);
    return { answered: answers.length };
  } finally {
    agent.destroy();
  }
}

process.on("message", async (message) => {
  try {
    if (message.type === "run") process.send(await run(message));
    else if (message.type === "hold") process.send(await hold(message));
    else if (message.type === "exit") process.exit(0);
  } catch (error) {
    process.send({ error: error.stack ?? String(error) });
  }
});
process.send({ ready: true });
