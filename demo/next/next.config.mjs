/**
 * The Next.js demo, built as a host app would build it (`next build demo/next`): `confab/widget`
 * and `confab/headless` resolve to the package's built files (run `npm run build` first), output
 * in demo/next/dist.
 */
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

export default {
  distDir: "dist",
  turbopack: {
    // The demo has no packages of its own: the repository's, two folders up, are its.
    root,
    resolveAlias: {
      "confab/widget": resolve(root, "dist/confab-widget.js"),
      "confab/headless": resolve(root, "dist/confab-headless.js"),
    },
  },
  outputFileTracingRoot: root,
};
