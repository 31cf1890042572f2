// The README's configuration, without React.
import fnwire from "fnwire/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [fnwire()],
  // `vite build` builds the browser app and the server entry.
  builder: {},
  environments: {
    // No modulepreload polyfill: it needs a DOM, and the test runs the bundle in Node.
    client: { build: { outDir: "dist/client", modulePreload: { polyfill: false } } },
    ssr: { build: { outDir: "dist/server" } },
  },
});
