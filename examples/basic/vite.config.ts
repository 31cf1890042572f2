import react from "@vitejs/plugin-react";
import fnwire from "fnwire/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [fnwire(), react()],
  // `vite build` builds every environment: the browser app and the server entry.
  builder: {},
  environments: {
    client: { build: { outDir: "dist/client" } },
    // Its input is fnwire's server entry (fnwire-server.js), with manifest.json beside it.
    ssr: { build: { outDir: "dist/server" } },
  },
});
