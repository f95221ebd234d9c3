/**
 * Server-rendered apps, in real Chromium on the real server: a Next.js (App Router) page and a
 * SvelteKit page, built here once (`npm run build:ssr-demos`) and run as in production (`next
 * start`, SvelteKit's Node server). Each renders `<chat-widget>` and the headless unread count on
 * the server, importing `confab-chat/widget` there too (were the package to need a DOM, the
 * server's HTML would fail here); in the browser both come alive after hydration, without a
 * hydration warning. Needs `npm run build` first.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import WebSocket from "ws";
import { guestId } from "../../src/protocol/index.js";
import { createChat, type Chat } from "../../src/store/index.js";
import { DEV_VARS, freePort, projectRoot, startHttpServer, startWrangler, type RunningProcess } from "../../scripts/servers.js";
import { launchChromium } from "../support/browser.js";
import { until } from "../support/stores.js";

const TIMEOUT = 10_000;

interface App {
  framework: string;
  /** The page's user: a guest of their own per app. */
  user: string;
  start(port: number, env: NodeJS.ProcessEnv): Promise<RunningProcess>;
}

const apps: App[] = [
  {
    framework: "Next.js",
    user: "nina",
    start: (port, env) => startHttpServer("next", ["start", "demo/next", "--hostname", "127.0.0.1", "--port", String(port)], { port, env }),
  },
  {
    framework: "SvelteKit",
    user: "sven",
    start: (port, env) => startHttpServer(process.execPath, ["demo/sveltekit/dist/app"], { port, env: { ...env, HOST: "127.0.0.1", PORT: String(port) } }),
  },
];

describe("server-rendered apps with <chat-widget>", () => {
  let persistTo: string;
  let server: RunningProcess;
  let browser: Browser;
  let alice: Chat;
  const running = new Map<App, RunningProcess>();

  before(async () => {
    persistTo = await mkdtemp(join(tmpdir(), "confab-frameworks-"));
    await promisify(execFile)("npm", ["run", "build:ssr-demos"], { cwd: projectRoot, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    [server, browser] = await Promise.all([startWrangler({ persistTo, vars: DEV_VARS }), launchChromium()]);
    const env = { CONFAB_HOST: new URL(server.url).host, NEXT_TELEMETRY_DISABLED: "1" };
    for (const app of apps) running.set(app, await app.start(await freePort(), env));
    alice = createChat({ host: new URL(server.url).host, user: "alice", name: "Alice", WebSocket });
    await until(alice.loaded, Boolean, "alice signed in");
  });

  after(async () => {
    await alice?.end();
    await browser?.close();
    await Promise.all([...running.values()].map((app) => app.stop()));
    await server?.stop();
    await rm(persistTo, { recursive: true, force: true });
  });

  const launcher = (page: Page) => page.locator('chat-widget [part="launcher"]');
  const unreadCount = (page: Page) => page.locator("#unread-count");

  for (const app of apps) {
    it(`${app.framework}: renders the widget and the unread count on the server, and brings both alive without a hydration warning`, async () => {
      const url = `${running.get(app)!.url}/?user=${app.user}`;
      const html = await (await fetch(url)).text();
      assert.match(html, new RegExp(`<chat-widget[^>]* host="${new URL(server.url).host}"[^>]* user="${app.user}"`), "the server renders the element with its attributes");
      assert.match(html, /<output id="unread-count">…<\/output>/, "the server renders the count's place, no number");

      const page = await browser.newPage();
      const complaints: string[] = [];
      page.on("pageerror", (error) => complaints.push(error.message));
      // Production builds report a hydration mismatch here: React as error #418 or #425, Svelte as
      // a hydration_mismatch warning. Nothing else may complain either.
      page.on("console", (message) => {
        if (["error", "warning"].includes(message.type())) complaints.push(message.text());
      });
      // Hydration that gives up renders the page afresh: the server's <chat-widget> would leave the document.
      await page.addInitScript(() => {
        const removed: string[] = [];
        (window as unknown as { widgetRemovals: string[] }).widgetRemovals = removed;
        new MutationObserver((records) => {
          for (const node of records.flatMap((record) => [...record.removedNodes])) {
            if (node instanceof Element && (node.localName === "chat-widget" || node.querySelector("chat-widget"))) removed.push(node.localName);
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(url);
      await launcher(page).waitFor({ timeout: TIMEOUT });
      await unreadCount(page).getByText("0", { exact: true }).waitFor({ timeout: TIMEOUT });

      const text = `hello ${app.framework} ${Date.now()}`;
      await alice.send({ to: guestId(app.user), text });
      await unreadCount(page).getByText("1", { exact: true }).waitFor({ timeout: TIMEOUT });
      await launcher(page).locator('[part="badge"]').getByText("1", { exact: true }).waitFor({ timeout: TIMEOUT });

      await launcher(page).click();
      await page.locator("chat-list").getByRole("option", { name: /Alice/ }).click();
      await page.locator("chat-message", { hasText: text }).waitFor({ timeout: TIMEOUT });
      await unreadCount(page).getByText("0", { exact: true }).waitFor({ timeout: TIMEOUT });

      assert.deepEqual(await page.evaluate(() => (window as unknown as { widgetRemovals: string[] }).widgetRemovals), [], "hydration kept the server's element");
      assert.deepEqual(complaints, [], "no hydration warning, no error");
      await page.close();
    });
  }
});
