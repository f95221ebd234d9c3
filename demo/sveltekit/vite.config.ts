/**
 * The SvelteKit demo, built as a host app would build it (`cd demo/sveltekit && vite build`):
 * `confab-chat/widget` and `confab-chat/headless` resolve to the package's built files (run
 * `npm run build` first).
 */
import { resolve } from "node:path";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [sveltekit()],
  resolve: {
    alias: [
      { find: /^confab-chat\/widget$/, replacement: resolve(import.meta.dirname, "../../dist/confab-widget.js") },
      { find: /^confab-chat\/headless$/, replacement: resolve(import.meta.dirname, "../../dist/confab-headless.js") },
    ],
  },
  logLevel: "warn",
});
