// Component tests: Lit elements in a real Chromium, no chat server.
// Run with `npm run test:components`; set CHROME_PATH to use another Chrome/Chromium binary.
import { esbuildPlugin } from "@web/dev-server-esbuild";
import { chromeLauncher } from "@web/test-runner-chrome";

/** @type {import("@web/test-runner").TestRunnerConfig} */
export default {
  files: "test/components/**/*.test.ts",
  nodeResolve: true,
  // esbuild must compile class fields with `useDefineForClassFields: false`, or they shadow Lit's
  // reactive property accessors. The plugin hands the file's raw text to esbuild's transform API,
  // which ignores `extends`, so point it at tsconfig.base.json, where that setting lives:
  // tsconfig.json would silently compile with [[Define]] semantics.
  // test/components/lit-properties.test.ts fails if this regresses.
  plugins: [esbuildPlugin({ ts: true, tsconfig: "tsconfig.base.json" })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
        args: [
          "--no-sandbox",
          "--headless=new",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      },
    }),
  ],
  // Vite replaces process.env.NODE_ENV at build time; here nanostores' development build reads
  // it straight from the page, so define it before the test framework loads.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <head>
    <script>window.process = { env: { NODE_ENV: "development" } };</script>
  </head>
  <body>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  // Lit's one-line dev-mode notice would be repeated for every test file.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith("Lit is in dev mode"),
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  // The whole suite takes a few seconds. A file that stalls (for example a failing
  // `expect(litElement).to.equal(...)`, whose diff the runner never finishes serialising;
  // compare elements with `a === b` instead) fails after this rather than holding CI.
  testsFinishTimeout: 60_000,
  testFramework: {
    config: { timeout: 5_000 },
  },
};
