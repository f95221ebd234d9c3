/**
 * Dev: serves the demo pages and proxies `/parties` (the chat sockets) and `/auth` to wrangler dev.
 * Build: `dist/confab.js`, one ES module with every dependency inside.
 */
import { resolve } from "node:path";
import { defineConfig } from "vite";

const serverPort = process.env.CONFAB_SERVER_PORT ?? "8787";

export default defineConfig(({ command }) => ({
  // Host pages have no `process`; nanostores reads process.env.NODE_ENV to pick its checks.
  define: command === "build" ? { "process.env.NODE_ENV": JSON.stringify("production") } : {},
  server: {
    host: "127.0.0.1",
    proxy: {
      "/parties": { target: `http://127.0.0.1:${serverPort}`, ws: true },
      "/auth": { target: `http://127.0.0.1:${serverPort}` },
    },
  },
  build: {
    lib: {
      entry: resolve(import.meta.dirname, "src/index.ts"),
      formats: ["es"],
      fileName: () => "confab.js",
    },
    target: "es2022",
    minify: true,
    rolldownOptions: { output: { minify: true } },
    sourcemap: true,
  },
}));
