/**
 * The Next.js demo, built as a host app would build it (`next build demo/next`):
 * `confab-chat/widget` and `confab-chat/headless` resolve through package.json's `exports`, by
 * the package's name for itself, to the built files (run `npm run build` first), output in
 * demo/next/dist.
 */
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

export default {
  distDir: "dist",
  turbopack: {
    // The demo has no packages of its own: the repository's, two folders up, are its.
    root,
  },
  outputFileTracingRoot: root,
};
