/**
 * What a user does on day one, with the package as npm would publish it: `npm pack` (after
 * `npm run build`), the tarball installed into a fresh app in a temporary folder, the app's
 * TypeScript checked with moduleResolution bundler and node16, built by Vite, served and run in
 * Chromium. The app's code is test/package/day-one; its dependencies come from npm's cache when
 * they are there (`--prefer-offline`).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build, preview, type PreviewServer } from "vite";
import packageJson from "../../package.json" with { type: "json" };
import { launchChromium } from "../support/browser.js";
import { freePort, projectRoot } from "../../scripts/servers.js";

const run = promisify(execFile);
const TIMEOUT = 10_000;

/** What the app's code (day-one/main.ts) leaves on the page for this test. */
interface DayOne {
  upgraded: boolean;
  headless: boolean;
  everything: () => Promise<boolean>;
}
const dayOne = () => (window as unknown as { dayOne?: DayOne }).dayOne;

/** What the tarball may hold: npm's own files, ours, the built modules and their declarations. */
const PUBLISHED = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|custom-elements\.json|dist\/[\w.-]+\.js|dist\/types\/[\w/.-]+\.d\.ts)$/;

describe("the packed package in a fresh Vite app", () => {
  let folder: string;
  let app: string;
  let packed: string[];

  before(async () => {
    const started = performance.now();
    folder = await mkdtemp(join(tmpdir(), "confab-pack-"));
    app = join(folder, "app");
    // The build ran before this test (npm test): packing skips prepack's second build.
    const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", folder], { cwd: projectRoot, timeout: 60_000 });
    const [tarball] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    packed = tarball!.files.map((file) => file.path);
    await cp(join(projectRoot, "test/package/day-one"), app, { recursive: true });
    await writeFile(join(app, "package.json"), JSON.stringify({ name: "day-one", private: true, type: "module" }));
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", join(folder, tarball!.filename)], { cwd: app, timeout: 120_000 });
    console.log(`packed and installed in ${Math.round(performance.now() - started)} ms`);
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("holds the built modules, their types, the manifest and the changelog, and nothing else", () => {
    const stray = packed.filter((path) => !PUBLISHED.test(path));
    assert.deepEqual(stray, [], "no tests, sources, source maps or server code");
    for (const needed of ["CHANGELOG.md", "LICENSE", "custom-elements.json", "dist/types/headless.d.ts", "dist/types/widget.d.ts", "dist/types/index.d.ts"]) {
      assert.ok(packed.includes(needed), `${needed} is packed`);
    }
  });

  it("resolves every export of package.json in Node, to a file it installed", async () => {
    const targets = Object.fromEntries(Object.keys(packageJson.exports).map((path) => [path, `${packageJson.name}${path.slice(1)}`]));
    const script = `console.log(JSON.stringify(Object.fromEntries(Object.entries(${JSON.stringify(targets)}).map(([path, specifier]) => [path, import.meta.resolve(specifier)]))))`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "--eval", script], { cwd: app, timeout: 30_000 });
    for (const [path, resolved] of Object.entries(JSON.parse(stdout) as Record<string, string>)) {
      const file = resolved.replace(/^file:\/\/.*\/node_modules\/confab-chat\//, "");
      assert.ok(packed.includes(file), `${path} resolves to ${file}, which is packed`);
    }
  });

  for (const moduleResolution of ["bundler", "node16"] as const) {
    it(`type-checks the app's code with moduleResolution ${moduleResolution}`, async () => {
      const config = join(app, `tsconfig.${moduleResolution}.json`);
      const compilerOptions = {
        strict: true,
        target: "es2022",
        lib: ["es2023", "dom", "dom.iterable"],
        module: moduleResolution === "bundler" ? "esnext" : "node16",
        moduleResolution,
        types: [],
        // The package's declarations are checked too, with what they import.
        skipLibCheck: false,
        noEmit: true,
      };
      await writeFile(config, JSON.stringify({ compilerOptions, files: ["main.ts"] }));
      await run(process.execPath, [join(projectRoot, "node_modules/typescript/bin/tsc"), "-p", config], { cwd: app, timeout: 60_000 }).catch((error: { stdout: string }) => {
        throw new Error(`tsc (${moduleResolution}) failed:\n${error.stdout}`);
      });
    });
  }

  it("builds with Vite and runs in Chromium: <chat-widget> upgrades, the headless API loads, then everything", async () => {
    await build({ root: app, configFile: false, logLevel: "warn", build: { outDir: "dist" } });
    const server: PreviewServer = await preview({ root: app, configFile: false, logLevel: "warn", preview: { host: "127.0.0.1", port: await freePort(), strictPort: true } });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(server.resolvedUrls!.local[0]!);
      await page.locator('chat-widget [part="launcher"]').waitFor({ timeout: TIMEOUT });
      assert.equal(await page.locator('chat-widget [part="launcher"]').getAttribute("aria-label"), "Chat");
      await page.waitForFunction(() => "dayOne" in window, undefined, { timeout: TIMEOUT });
      const { upgraded, headless } = (await page.evaluate(dayOne))!;
      assert.deepEqual({ upgraded, headless }, { upgraded: true, headless: true });
      // The launcher loads the rest when the page is idle: a chunk of the package the app's build kept apart.
      await page.waitForFunction(() => customElements.get("chat-list") !== undefined, undefined, { timeout: TIMEOUT });
      assert.equal(await page.evaluate(() => (window as unknown as { dayOne: DayOne }).dayOne.everything()), true);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await new Promise<void>((resolve, reject) => server.httpServer.close((error) => (error ? reject(error) : resolve())));
    }
  });
});
