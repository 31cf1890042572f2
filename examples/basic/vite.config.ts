import react from "@vitejs/plugin-react";
import fnwire, { SERVER_ENTRY_ID } from "fnwire/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [
    fnwire({
      // `export const subscribe = action(schema, fn)` is a server function
      // (src/api/newsletter.server.ts), as next-safe-action's exports are.
      wrappedExports: true,
      // Components may hold "use server" functions (src/components/RecordItem.tsx).
      inlineFunctions: "hoist",
      // An async generator streams its yields (src/api/summary.server.ts).
      generators: "stream",
    }),
    react(),
  ],
  // `vite build` builds every environment: the browser app and the server.
  builder: {},
  environments: {
    client: { build: { outDir: "dist/client" } },
    ssr: {
      build: {
        outDir: "dist/server",
        // fnwire's server entry (fnwire-server.js, which registers every server
        // function, with manifest.json beside it) and the app's server render.
        rolldownOptions: { input: { "fnwire-server": SERVER_ENTRY_ID, "entry-server": "src/entry-server.tsx" } },
      },
    },
  },
});
