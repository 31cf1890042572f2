// Vite's dev server with the app's config: fnwire answers server function
// calls itself, loading the modules through Vite. Prints {"url"} once listening.
import { createServer } from "vite";

const server = await createServer({ logLevel: "warn", server: { host: "127.0.0.1", port: 0, strictPort: true, ws: false } });
await server.listen();
console.log(JSON.stringify({ url: server.resolvedUrls.local[0].replace(/\/$/, "") }));
