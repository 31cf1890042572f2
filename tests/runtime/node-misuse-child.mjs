// Run by node-handler.test.mjs with Node's defaults (an unhandled rejection
// ends the process): hands createNodeHandler()'s handler what a new user
// might, then prints one JSON line of what happened and stays up until killed.
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { createNodeHandler, registerServerReference } from "fnwire/server";

registerServerReference((a, b) => a + b, "add", "add");
registerServerReference(() => sleep(50).then(() => "late"), "slow", "slow");
const handler = createNodeHandler();
const report = {};

function attempt(name, call) {
  try {
    call();
    report[name] = "no error";
  } catch (error) {
    report[name] = `${error.name}: ${error.message}`;
  }
}

// Each request of this server is one misuse, chosen by its query; none: an ordinary call.
const server = http.createServer((req, res) => {
  const misuse = new URL(req.url, "http://localhost").searchParams.get("misuse");
  req.url = "/__fnwire/fn";
  switch (misuse) {
    case null:
      return handler(req, res);
    case "noResponse":
      attempt(misuse, () => handler(req));
      return res.end("misuse done");
    case "notAResponse":
      attempt(misuse, () => handler(req, {}));
      return res.end("misuse done");
    case "endedResponse":
      res.end("ended first");
      return attempt(misuse, () => handler(req, res));
    case "endedMeanwhile":
      handler(req, res);
      return res.end("answered by someone else");
    case "brokenResponse":
      res.setHeader = () => {
        throw new Error("setHeader broke");
      };
      return handler(req, res);
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
// The handler itself as a server's second 'request' listener, after one that answered (node:http calls it with the server as `this`).
const answeredFirst = http.createServer((req, res) => res.end("answered by the first listener"));
answeredFirst.on("request", handler);
await new Promise((resolve) => answeredFirst.listen(0, "127.0.0.1", resolve));

async function send(misuse, fnId = "add", to = origin) {
  const query = misuse ? `?misuse=${misuse}` : "";
  try {
    const response = await fetch(`${to}/${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fnId, args: [2, 3] }),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith("{") ? JSON.parse(text) : text };
  } catch {
    return "no answer";
  }
}

attempt("fetchRequest", () =>
  handler(new Request(`${origin}/__fnwire/fn`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })),
);
attempt("nothing", () => handler());
for (const misuse of ["noResponse", "notAResponse", "endedResponse"]) await send(misuse);
report.endedMeanwhile = await send("endedMeanwhile", "slow");
const answeredFirstOrigin = `http://127.0.0.1:${answeredFirst.address().port}`;
report.endedByEarlierListener = await send(null, "add", answeredFirstOrigin);
report.endedByEarlierListenerAgain = await send(null, "add", answeredFirstOrigin);
report.brokenResponse = await send("brokenResponse");
// Unhandled rejections are reported after the current macrotask: leave time for any.
await sleep(200);
report.stillAnswers = await send(null);
report.alive = true;
process.stdout.write(`${JSON.stringify(report)}\n`);
