/**
 * The React demo, built as a host app would build it: `import "confab-chat"` resolves to the
 * package's built module (run `npm run build` first), output in demo/react/dist.
 */
import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  plugins: [react()],
  resolve: { alias: { "confab-chat": resolve(import.meta.dirname, "../../dist/confab.js") } },
  build: { outDir: "dist", emptyOutDir: true },
  logLevel: "warn",
});
