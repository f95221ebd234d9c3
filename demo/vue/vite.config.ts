/**
 * The Vue demo, built as a host app would build it: `import "confab-chat"` resolves to the
 * package's built module (run `npm run build` first), output in demo/vue/dist. Vue is told
 * that `chat-*` tags are custom elements, not Vue components.
 */
import { resolve } from "node:path";
import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith("chat-") } } })],
  resolve: { alias: { "confab-chat": resolve(import.meta.dirname, "../../dist/confab.js") } },
  build: { outDir: "dist", emptyOutDir: true },
  logLevel: "warn",
});
