// Importing the compiled server module registers its functions; node:http
// serves them. Prints {"url"} once listening.
import { createServer } from "node:http";
import { createNodeHandler } from "fnwire/server";
import "./dist/server/api/greeting.server.js";

const server = createServer(createNodeHandler());
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })));
