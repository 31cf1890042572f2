// The server entry: importing the server modules registers their functions,
// and node:http serves them through fnwire's handler.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeHandler } from "fnwire/server";
import "./api/greeting.server";
import "./api/math.server";

/** Listens on 127.0.0.1 (port 0: an ephemeral one) and resolves with the server and its URL. */
export function startServer(port = 0): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(createNodeHandler());
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${actual}` });
    });
  });
}
