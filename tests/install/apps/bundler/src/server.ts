// The server entry: importing the server module registers its functions, and
// node:http serves them. Prints {"url"} once listening.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeHandler } from "fnwire/server";
import "./api/greeting.server";

const server = http.createServer(createNodeHandler());
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
